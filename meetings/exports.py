"""The rectification list as a spreadsheet: the columns of the office's rectification items export."""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spreadsheets.lists import ExportColumn, ListExport


def _day(moment):
    return timezone.localtime(moment).date() if moment else ""


RECTIFICATION_COLUMNS = (
    ExportColumn(_("Number"), lambda i: i.pk, width=8),
    ExportColumn(_("What to rectify"), lambda i: i.description, width=50),
    ExportColumn(_("Responsible person"), lambda i: i.owner_name, width=12),
    ExportColumn(_("Rectify by"), lambda i: i.due_on, width=12),
    ExportColumn(_("Status"), lambda i: i.get_status_display(), width=10),
    ExportColumn(_("Overdue"), lambda i: gettext("Yes") if i.is_overdue else gettext("No"), width=8),
    ExportColumn(_("Meeting"), lambda i: i.meeting.subject, width=36),
    ExportColumn(_("Held on"), lambda i: i.meeting.held_on, width=12),
    ExportColumn(_("Office"), lambda i: i.meeting.region.name, width=12),
    ExportColumn(_("Evidence"), lambda i: i.evidence, width=40),
    ExportColumn(_("Closed on"), lambda i: _day(i.closed_at), width=12),
    ExportColumn(_("Flagged overdue on"), lambda i: _day(i.flagged_overdue_at), width=12),
)

RECTIFICATION_LIST_EXPORT = ListExport(title=_("Rectification items"), columns=RECTIFICATION_COLUMNS)
