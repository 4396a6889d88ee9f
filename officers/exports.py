"""The officer roster and the assignments as spreadsheets, in their pages' order and under their filters."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spreadsheets.lists import ExportColumn, ListExport

OFFICER_ROSTER_EXPORT = ListExport(title=_("Officers"), columns=(
    ExportColumn(pgettext_lazy("person", "Name"), lambda o: o.name, width=10),
    ExportColumn(_("Phone"), lambda o: o.phone, width=14),
    ExportColumn(pgettext_lazy("officer's post", "Title"), lambda o: o.title, width=14),
    ExportColumn(_("Backing unit"), lambda o: o.backing_unit.name, width=28),
    ExportColumn(_("Region"), lambda o: o.backing_unit.region.name, width=12),
    ExportColumn(_("Status"), lambda o: o.get_status_display(), width=8),
    ExportColumn(_("Enterprises"), lambda o: o.active_assignment_count, width=8),
))

ASSIGNMENT_EXPORT = ListExport(title=_("Assignments"), columns=(
    ExportColumn(_("Officer"), lambda a: a.officer.name, width=10),
    ExportColumn(_("Phone"), lambda a: a.officer.phone, width=14),
    ExportColumn(_("Enterprise"), lambda a: a.enterprise.name, width=34),
    ExportColumn(_("Enterprise's region"), lambda a: a.enterprise.region.name, width=12),
    ExportColumn(_("Managing office"), lambda a: a.managing_region.name, width=12),
    ExportColumn(_("Commanding office"), lambda a: a.commanding_region.name, width=12),
    ExportColumn(_("Start date"), lambda a: a.start_date, width=12),
    ExportColumn(_("End date"), lambda a: a.end_date or "", width=12),
    ExportColumn(_("End reason"), lambda a: a.get_end_reason_display(), width=12),
))
