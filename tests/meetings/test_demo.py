"""The meetings demo step: weekly meetings of the branches, a rectification mix, some branches without a meeting this
week, and nothing added by a second run."""

from datetime import timedelta

from django.utils import timezone

from branches.choices import MemberRole
from branches.models import BranchMember
from demo.meetings import step_meetings
from meetings.choices import ItemStatus
from meetings.models import Meeting, MeetingAttendee, RectificationItem
from meetings.selectors import branches_without_meeting
from meetings.services import rectification_items_flag_overdue
from tests import factories
from tests.meetings.conftest import make_branch


class Run:
    def __init__(self, today):
        self.today = today
        self.report_days = 28
        self.campaign_start = today - timedelta(days=56)
        self.lines = []

    def log(self, line):
        self.lines.append(line)


def test_the_demo_meets_weekly_mixes_item_states_and_adds_nothing_twice(regions, roster, furong_office,
                                                                         admin_user):
    today = timezone.localdate()
    for n in range(30):
        enterprise = factories.make_enterprise(regions.furong, f"芙蓉区示范企业{n}有限公司")
        branch = make_branch(regions.furong, f"芙蓉区第{n}联合党支部", [enterprise])
        BranchMember.objects.create(branch=branch, role=MemberRole.SECRETARY, name=f"书记{n}",
                                    joined_on=today - timedelta(days=60))
        BranchMember.objects.create(branch=branch, role=MemberRole.LIAISON_OFFICER, name="李明",
                                    user=roster.officer.user, officer=roster.officer,
                                    joined_on=today - timedelta(days=60))
    step_meetings(Run(today))
    meetings = Meeting.objects.count()
    assert meetings >= 30 * 3
    assert not Meeting.objects.filter(held_on__gt=today).exists()
    assert not Meeting.objects.filter(attendees__isnull=True).exists()
    assert MeetingAttendee.objects.filter(kind="officer", user=roster.officer.user).exists()
    assert set(RectificationItem.objects.values_list("status", flat=True)) == set(ItemStatus.values)
    assert RectificationItem.objects.filter(status=ItemStatus.OPEN, due_on__lt=today).exists()
    # The beat finds every overdue item already flagged, as if it had run each morning.
    assert rectification_items_flag_overdue(today=today) == 0
    assert branches_without_meeting(fetched_by=furong_office).count() >= 5  # every sixth branch, and a few more
    step_meetings(Run(today))
    assert Meeting.objects.count() == meetings
