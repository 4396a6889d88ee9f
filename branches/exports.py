"""The visits list as a spreadsheet: the columns of the office's visits export."""

from django.utils.translation import gettext_lazy as _

from spreadsheets.lists import ExportColumn, ListExport

VISIT_COLUMNS = (
    ExportColumn(_("Visited on"), lambda v: v.visited_on, width=12),
    ExportColumn(_("Enterprise"), lambda v: v.enterprise.name, width=30),
    ExportColumn(_("Region"), lambda v: v.enterprise.region.name, width=12),
    ExportColumn(_("Branch"), lambda v: v.branch.name, width=30),
    ExportColumn(_("Member"), lambda v: v.member.name, width=10),
    ExportColumn(_("What was checked"), lambda v: v.checked, width=40),
    ExportColumn(_("Issues found"), lambda v: v.issues_found, width=40),
    ExportColumn(_("Problem number"), lambda v: v.problem_id or "", width=10),
    ExportColumn(_("Problem status"), lambda v: v.problem.get_status_display() if v.problem_id else "", width=10),
)

VISIT_LIST_EXPORT = ListExport(title=_("Branch visits"), columns=VISIT_COLUMNS)
