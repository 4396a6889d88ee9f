"""The report lists as spreadsheets: the daily reports, and who has not reported on a day (with who to call)."""

from datetime import date

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spreadsheets.lists import ExportColumn, ListExport


def _yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


REPORT_COLUMNS = (
    ExportColumn(_("Day"), lambda r: r.day, width=12),
    ExportColumn(_("Enterprise"), lambda r: r.enterprise.name, width=30),
    ExportColumn(_("Region"), lambda r: r.region.name, width=12),
    ExportColumn(_("Officer"), lambda r: r.officer.name, width=10),
    ExportColumn(_("Resumed"), lambda r: _yes_no(r.resumed), width=8),
    ExportColumn(_("Capacity in use"), lambda r: r.capacity_percent / 100, width=10, number_format="0%"),
    ExportColumn(_("Workers on duty"), lambda r: r.workers_on_duty, width=10),
    ExportColumn(_("Workers still missing"), lambda r: r.workers_missing, width=10),
    ExportColumn(_("Open job positions"), lambda r: r.open_positions, width=10),
    ExportColumn(_("Suspected cases"), lambda r: r.suspected_cases, width=10),
    ExportColumn(_("Late"), lambda r: _yes_no(r.is_late), width=8),
    ExportColumn(_("Filed at"), lambda r: r.filed_at, width=17),
    ExportColumn(_("Received at"), lambda r: r.submitted_at, width=17),
    ExportColumn(_("Work done today"), lambda r: r.work_done, width=50),
)

REPORT_LIST_EXPORT = ListExport(title=_("Daily reports"), columns=REPORT_COLUMNS)

MISSING_COLUMNS = (
    ExportColumn(_("Officer"), lambda a: a.officer.name, width=10),
    ExportColumn(_("Phone"), lambda a: a.officer.phone, width=14),
    ExportColumn(_("Enterprise"), lambda a: a.enterprise.name, width=30),
    ExportColumn(_("Region"), lambda a: a.enterprise.region.name, width=12),
    ExportColumn(_("Backing unit"), lambda a: a.officer.backing_unit.name, width=26),
)


def missing_reports_export(day: date) -> ListExport:
    """The missing reports of `day`: each row says the day, which the caption only names when it was chosen."""
    return ListExport(title=_("Missing reports"),
                      columns=(ExportColumn(_("Day"), lambda a: day, width=12), *MISSING_COLUMNS))
