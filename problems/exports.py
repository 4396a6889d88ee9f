"""The problem ledger as a spreadsheet: the columns of the ledger's export and of the dashboard's problem rows."""

from django.utils.translation import gettext_lazy as _

from spreadsheets.lists import ExportColumn, ListExport

PROBLEM_COLUMNS = (
    ExportColumn(_("Number"), lambda p: p.pk, width=8),
    ExportColumn(_("Enterprise"), lambda p: p.enterprise.name, width=30),
    ExportColumn(_("Region"), lambda p: p.enterprise.region.name, width=12),
    ExportColumn(_("Category"), lambda p: p.get_category_display(), width=14),
    ExportColumn(_("Description"), lambda p: p.description, width=50),
    ExportColumn(_("Status"), lambda p: p.get_status_display(), width=10),
    ExportColumn(_("Department"), lambda p: p.department.name if p.department_id else "", width=26),
    ExportColumn(_("Deadline"), lambda p: p.deadline or "", width=12),
    ExportColumn(_("Handled at"), lambda p: p.handling_region.name, width=12),
    ExportColumn(_("Raised on"), lambda p: p.raised_on, width=12),
    ExportColumn(_("Raised by"), lambda p: p.raised_by.name, width=10),
)

PROBLEM_LEDGER_EXPORT = ListExport(title=_("Problem ledger"), columns=PROBLEM_COLUMNS)
