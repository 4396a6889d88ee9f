"""The meetings' share of tests/test_scope_everywhere.py: the rows its detail URLs name and its list markers."""

from datetime import timedelta

from django.utils import timezone

from meetings.choices import AttendeeKind
from meetings.services import AttendeeInput, ItemInput, meeting_record
from tests import factories

# List pages whose markers this module provides (the no-meeting page lists branches, not enterprises).
MEETING_LIST_URLS = {"meeting-list", "meeting-api-list", "rectification-item-api-list", "meeting-overdue-items",
                     "meeting-rectification-items", "meeting-no-meeting", "admin-meetings",
                     "admin-rectification-items"}


def _meeting_with_overdue_item(enterprise):
    """A meeting of `enterprise` ten days ago whose one item was due five days ago and is still open."""
    held = timezone.localdate() - timedelta(days=10)
    return meeting_record(
        actor=factories.system_actor(), held_on=held, enterprise=enterprise, risk_points="测温登记不规范",
        attendees=[AttendeeInput(kind=AttendeeKind.ENTERPRISE_HEAD, name="刘志强")],
        items=[ItemInput(description="规范测温登记", owner_name="刘志强", due_on=held + timedelta(days=5))],
    )


def meeting_world(roster) -> dict:
    """The 芙蓉区 meeting and rectification item that the detail URLs name."""
    meeting = _meeting_with_overdue_item(roster.furong_enterprise)
    return {"meeting": meeting.pk, "rectification_item": meeting.items.get().pk}


def meeting_list_markers(name: str, roster) -> tuple[str, str]:
    """Make the 天心区 rows of list `name` and return the (furong, tianxin) markers to look for."""
    if name == "meeting-no-meeting":
        from tests.meetings.conftest import make_branch

        furong = make_branch(roster.furong_enterprise.region, "芙蓉区商务局联合党支部", [roster.furong_enterprise_2])
        tianxin = make_branch(roster.tianxin_enterprise.region, "天心区商务局联合党支部", [roster.tianxin_enterprise])
        return furong.name, tianxin.name
    _meeting_with_overdue_item(roster.tianxin_enterprise)
    return roster.furong_enterprise.name, roster.tianxin_enterprise.name
