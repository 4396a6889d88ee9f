"""A joint Party branch member on a phone logs a visit and watches this week's quota progress move (0/3 -> 1/3)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from branches.choices import MemberRole
from branches.models import BranchVisit
from branches.services import branch_create, member_add
from tests import factories
from tests.browser.helpers import (
    assert_fits_phone,
    body_text,
    closes_its_db_connections,
    log_in,
    messages,
    shoot,
    tap_and_wait,
)

pytestmark = pytest.mark.browser


@closes_its_db_connections
def test_branch_member_logs_a_visit_and_sees_the_quota_progress(transactional_db, regions, roster, live_server,
                                                                phone, artifacts, settings):
    settings.BRANCH_MEMBER_WEEKLY_VISITS = 3
    office = factories.make_office_user("furong-branch-office", regions.furong)
    branch = branch_create(actor=office, name="芙蓉区教育局驻企联合党支部", region=regions.furong,
                           department=factories.make_department(regions.furong, "芙蓉区教育局", kind="other"),
                           enterprises=[roster.furong_enterprise, roster.furong_enterprise_2])
    # Joined before this ISO week, so the whole week owes three visits.
    member = member_add(actor=office, branch=branch, role=MemberRole.LIAISON_OFFICER, officer=roster.officer,
                        joined_on=timezone.localdate() - timedelta(days=14))

    log_in(phone, live_server.url, roster.officer.user.username)
    tap_and_wait(phone, phone.get_by_role("link", name="我的走访", exact=True))
    assert "本周：0 / 3 次走访" in body_text(phone)
    assert "尚未达标" in body_text(phone)
    assert_fits_phone(phone)
    shoot(phone, artifacts, "branch-my-visits-before-phone")

    tap_and_wait(phone, phone.get_by_role("link", name="登记走访"))
    assert phone.url == f"{live_server.url}/branches/members/{member.pk}/visit/"
    phone.select_option("#id_enterprise", str(roster.furong_enterprise_2.pk))
    assert phone.input_value("#id_visited_on") == timezone.localdate().isoformat()
    phone.fill("#id_checked", "检查食堂分餐和员工宿舍通风，查看体温登记表。")
    phone.fill("#id_issues_found", "冷链车辆通行证尚未办理。")
    assert_fits_phone(phone)
    shoot(phone, artifacts, "branch-visit-form-phone")
    tap_and_wait(phone, phone.get_by_role("button", name="保存走访"))

    assert phone.url == f"{live_server.url}/branches/mine/"
    assert "走访已登记。" in messages(phone)
    assert "本周：1 / 3 次走访" in body_text(phone)
    assert roster.furong_enterprise_2.name in body_text(phone)
    assert_fits_phone(phone)
    shoot(phone, artifacts, "branch-my-visits-after-phone")
    visit = BranchVisit.objects.get()
    assert (visit.member, visit.enterprise, visit.visited_on) == (member, roster.furong_enterprise_2,
                                                                  timezone.localdate())
