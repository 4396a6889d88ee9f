"""Each role's first screen is its worklist: what it must work through, the first rows one tap from their action,
the link to the whole list, nothing outside its scope, and a number of queries that does not grow with the rows.

The cast is the shared one (tests/conftest.py): 芙蓉区 owns the data, 天心区 is the sibling county that sees none of
it, 长沙市 the city above both. Data is made through the services.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.choices import Grade, Source
from assessments.services import grade_set, round_open, score_set
from branches.choices import MemberRole
from branches.services import branch_create, member_add, visit_log
from dashboards.services import bulletin_generate
from meetings.services import ItemInput, attendee_for_officer, meeting_record
from problems.choices import ProblemStatus
from problems.models import Problem
from problems.services import (
    problem_assign,
    problem_decline,
    problem_escalate,
    problem_raise,
    problem_reopen,
    problem_resolve,
)
from regions.services import department_create
from reports.services import report_submit
from summaries.services import summaries_rebuild
from tests import factories
from tests.assessments.conftest import add_officers
from tests.reports.conftest import VALUES, at
from workcalendar.services import calendar_import

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture(autouse=True)
def real_calendar(db):
    calendar_import()  # deadlines count working days


@dataclass
class World:
    tax: object
    health: object
    tianxin_tax: object
    tax_staff: object
    health_staff: object
    tianxin_tax_staff: object
    waiting: Problem  # 芙蓉区, not dispatched yet
    overdue: Problem  # 芙蓉区, dispatched to the tax bureau, past its deadline
    tianxin_waiting: Problem  # the sibling county's


def raise_at(enterprise, officer, description="企业申请缓缴社保费，需税务部门协调", category="tax_fees", **kwargs):
    return problem_raise(actor=officer.user, officer=officer, enterprise=enterprise, category=category,
                         description=description, **kwargs)


def overdue_at(problem, office, department, days=3):
    problem_assign(actor=office, problem=problem, department=department)
    # The services refuse a deadline in the past; a dispatched problem simply outlives its deadline.
    Problem.objects.filter(pk=problem.pk).update(deadline=TODAY - timedelta(days=days))
    return Problem.objects.get(pk=problem.pk)


@pytest.fixture
def world(regions, roster, furong_office, tianxin_office) -> World:
    tax = department_create(region=regions.furong, name="芙蓉区税务局", kind="tax")
    health = department_create(region=regions.furong, name="芙蓉区卫生健康局", kind="health")
    tianxin_tax = department_create(region=regions.tianxin, name="天心区税务局", kind="tax")
    waiting = raise_at(roster.furong_enterprise, roster.officer, description="缺少防疫口罩两万只",
                       category="epidemic_supplies")
    overdue = overdue_at(raise_at(roster.furong_enterprise_2, roster.officer, raised_on=YESTERDAY), furong_office,
                         tax)
    tianxin_waiting = raise_at(roster.tianxin_enterprise, roster.tianxin_officer, description="天心区招工难",
                               category="labour")
    return World(tax=tax, health=health, tianxin_tax=tianxin_tax,
                 tax_staff=factories.make_department_user("furong-tax", tax),
                 health_staff=factories.make_department_user("furong-health", health),
                 tianxin_tax_staff=factories.make_department_user("tianxin-tax", tianxin_tax),
                 waiting=waiting, overdue=overdue, tianxin_waiting=tianxin_waiting)


def file(assignment, day=TODAY, hour=12):
    return report_submit(actor=assignment.officer.user, assignment=assignment, day=day, values=dict(VALUES),
                         now=at(day, hour))


def home(client, user, **query):
    client.force_login(user)
    response = client.get("/", query)
    assert response.status_code == 200
    return response


def names(rows):
    return [row.enterprise.name for row in rows]


# The liaison office -----------------------------------------------------------------------------------------------


def test_office_sees_the_days_missing_reports_with_a_number_to_call(client, roster, furong_office, world):
    file(roster.furong_assignment)
    summaries_rebuild(start=TODAY, end=TODAY)
    response = home(client, furong_office)
    [office] = response.context["offices"]
    assert office.region.name == "芙蓉区"
    assert (office.missing.count, office.missing.expected, office.missing.filed) == (1, 2, 1)
    assert office.missing.computed_at is not None  # the figure is the summary row's
    [missing] = office.missing.first
    assert missing.enterprise == roster.furong_enterprise_2 and missing.officer == roster.officer
    body = response.content.decode()
    assert f'href="tel:{roster.officer.phone}"' in body
    assert roster.tianxin_officer.phone not in body  # the sibling county's reporters are not its business
    region = roster.furong_enterprise.region_id
    assert office.missing.url == f"/reports/missing/?day={TODAY.isoformat()}&region={region}"


def test_the_full_missing_list_is_one_tap_away_and_holds_the_same_reporters(client, roster, furong_office, world):
    summaries_rebuild(start=TODAY, end=TODAY)
    office = home(client, furong_office).context["offices"][0]
    rows = list(client.get(office.missing.url).context["page"])
    assert len(rows) == office.missing.count == 2
    assert {row.pk for row in office.missing.first} == {row.pk for row in rows}


def test_without_a_summary_row_yet_the_missing_reports_are_counted_live(client, roster, furong_office, world):
    office = home(client, furong_office).context["offices"][0]
    assert office.missing.computed_at is None
    assert (office.missing.count, office.missing.expected) == (2, 2)


def test_office_sees_the_problems_waiting_for_its_dispatch_only(client, furong_office, tianxin_office, world):
    office = home(client, furong_office).context["offices"][0]
    assert [p.pk for p in office.undispatched.rows] == [world.waiting.pk]
    assert office.undispatched.count == 1
    assert office.undispatched.url == "/problems/?department=none&tier=county"
    body = client.get("/").content.decode()
    assert f'href="/problems/{world.waiting.pk}/"' in body  # the dispatch form is on the problem's page
    assert world.tianxin_waiting.description not in body
    assert [p.pk for p in home(client, tianxin_office).context["offices"][0].undispatched.rows] == [
        world.tianxin_waiting.pk]


def test_the_dispatch_link_lists_the_same_problems_in_the_ledger(client, furong_office, world):
    office = home(client, furong_office).context["offices"][0]
    page = client.get(office.undispatched.url).context["page"]
    assert [p.pk for p in page] == [p.pk for p in office.undispatched.rows]


def test_overdue_problems_are_counted_by_department_with_links_into_the_ledger(client, furong_office, tianxin_office,
                                                                              roster, world):
    overdue_at(world.tianxin_waiting, tianxin_office, world.tianxin_tax)
    office = home(client, furong_office).context["offices"][0]
    [row] = office.overdue
    assert (row.name, row.count, office.overdue_total) == ("芙蓉区税务局", 1, 1)
    assert row.url == f"/problems/?overdue=true&department={world.tax.pk}"
    ledger = client.get(row.url)
    assert not ledger.context["form"].errors
    assert [p.pk for p in ledger.context["page"]] == [world.overdue.pk]
    assert "天心区税务局" not in client.get("/").content.decode()


def test_a_county_office_has_no_escalation_list_and_the_city_sees_what_came_up(client, furong_office,
                                                                              changsha_office, world):
    assert home(client, furong_office).context["offices"][0].escalated is None
    city = home(client, changsha_office).context["offices"][0]
    assert city.escalated.count == 0 and city.undispatched.count == 0  # the counties' problems are theirs
    problem_escalate(actor=furong_office, problem=world.waiting, reason="区级无法解决，需市级协调口罩调拨")
    city = home(client, changsha_office).context["offices"][0]
    assert [p.pk for p in city.escalated.rows] == [world.waiting.pk]
    assert [p.pk for p in city.undispatched.rows] == [world.waiting.pk]
    assert city.escalated.url == "/problems/?tier=city"
    assert [p.pk for p in client.get(city.escalated.url).context["page"]] == [world.waiting.pk]
    assert home(client, furong_office).context["offices"][0].undispatched.count == 0


def test_rectification_items_due_this_week_link_to_the_items_list(client, roster, furong_office, tianxin_office,
                                                                  regions, world):
    monday = TODAY - timedelta(days=TODAY.weekday())
    meeting = meeting_record(
        actor=furong_office, held_on=TODAY, enterprise=roster.furong_enterprise, risk_points="食堂未分餐",
        attendees=[attendee_for_officer(roster.officer)],
        items=[ItemInput(description="食堂实行分餐制，错峰就餐", owner_name="刘志强", due_on=TODAY),
               ItemInput(description="建立返岗员工健康台账", owner_name="刘志强", due_on=monday + timedelta(days=9))])
    meeting_record(actor=tianxin_office, held_on=TODAY, enterprise=roster.tianxin_enterprise, risk_points="消毒不到位",
                   attendees=[attendee_for_officer(roster.tianxin_officer)],
                   items=[ItemInput(description="天心区整改事项", owner_name="王强", due_on=TODAY)])
    office = home(client, furong_office).context["offices"][0]
    due = meeting.items.get(due_on=TODAY)
    assert [item.pk for item in office.items_due.rows] == [due.pk]
    week = TODAY.isocalendar()
    assert office.items_due.url == f"/meetings/items/?due_week={week.year}-W{week.week:02d}&region={regions.furong.pk}"
    listed = client.get(office.items_due.url).context["page"]
    assert due.pk in [item.pk for item in listed]
    assert "天心区整改事项" not in client.get("/").content.decode()


def test_office_sees_its_latest_bulletin(client, furong_office, tianxin_office, regions, world):
    summaries_rebuild(start=YESTERDAY, end=TODAY)
    bulletin = bulletin_generate(region=regions.furong, day=YESTERDAY)
    bulletin_generate(region=regions.tianxin, day=TODAY)
    office = home(client, furong_office).context["offices"][0]
    assert office.bulletin == bulletin
    assert f'href="/dashboard/bulletins/{bulletin.pk}/"' in client.get("/").content.decode()
    assert home(client, tianxin_office).context["offices"][0].bulletin.region == regions.tianxin


def test_before_the_due_time_the_office_opens_on_yesterday_with_a_switch_to_today(client, roster, furong_office,
                                                                                  world, office_clock, settings):
    settings.REPORT_DUE_AT = "20:00"
    file(roster.furong_assignment, day=YESTERDAY)
    summaries_rebuild(start=YESTERDAY, end=TODAY)
    office_clock(8, 30)
    response = home(client, furong_office)
    office = response.context["offices"][0]
    assert office.missing.day == YESTERDAY
    assert office.missing.count == 1
    body = response.content.decode()
    assert f'href="?day={TODAY.isoformat()}"' in body
    today = home(client, furong_office, day=TODAY.isoformat()).context["offices"][0]
    assert today.missing.day == TODAY and today.missing.count == 2
    assert f'href="?day={YESTERDAY.isoformat()}"' in client.get("/", {"day": TODAY.isoformat()}).content.decode()
    office_clock(20, 0)
    assert home(client, furong_office).context["offices"][0].missing.day == TODAY


def test_an_administrator_works_the_province(client, admin_user, regions, world):
    [office] = home(client, admin_user).context["offices"]
    assert office.region == regions.province
    assert office.escalated is not None


def more_office_rows(roster, furong_office, world, regions, count=6):
    """More of everything an office lists: missing reports, waiting and overdue problems, items, departments."""
    for number in range(count):
        enterprise = factories.make_enterprise(regions.furong, f"芙蓉区新增企业{number}有限公司")
        officer = factories.make_officer(regions.furong)
        factories.make_assignment(officer, enterprise)
        raise_at(enterprise, officer)
        department = department_create(region=regions.furong, name=f"芙蓉区部门{number}", kind="commerce")
        overdue_at(raise_at(enterprise, officer, category="labour"), furong_office, department)
        meeting_record(actor=furong_office, held_on=TODAY, enterprise=enterprise, risk_points="风险",
                       attendees=[attendee_for_officer(officer)],
                       items=[ItemInput(description=f"整改{number}", owner_name="负责人", due_on=TODAY)])
    summaries_rebuild(start=TODAY, end=TODAY)


def test_office_home_reads_a_fixed_number_of_queries(client, roster, furong_office, changsha_office, regions, world,
                                                     django_assert_num_queries):
    meeting_record(actor=furong_office, held_on=TODAY, enterprise=roster.furong_enterprise, risk_points="风险",
                   attendees=[attendee_for_officer(roster.officer)],
                   items=[ItemInput(description="整改", owner_name="负责人", due_on=TODAY)])
    summaries_rebuild(start=TODAY, end=TODAY)
    bulletin_generate(region=regions.furong, day=YESTERDAY)
    client.force_login(furong_office)
    client.get("/")  # the session's first read
    # Session, user, posts and unread notices of the layout; then the office region, the summary row, the first
    # missing reporters, those waiting for dispatch, overdue by department and which of them the ledger filters by,
    # the items due (their ids and count, then the items), the bulletin and the organisation posts. A list's count
    # rides on its first rows.
    with django_assert_num_queries(14):
        client.get("/")
    more_office_rows(roster, furong_office, world, regions, count=8)
    with django_assert_num_queries(14):
        response = client.get("/")
    office = response.context["offices"][0]
    assert office.undispatched.count == 9 and len(office.undispatched.rows) == 5
    assert office.items_due.count == 9 and len(office.items_due.rows) == 5
    # The departments with the most overdue problems; the total counts them all.
    assert len(office.overdue) == 8 and office.overdue_departments == 9 and office.overdue_total == 9
    client.force_login(changsha_office)
    client.get("/")
    with django_assert_num_queries(15):  # and the problems escalated to the city
        client.get("/")


# Department staff -------------------------------------------------------------------------------------------------


def test_department_sees_its_queue_overdue_first(client, roster, furong_office, world):
    later = raise_at(roster.furong_enterprise, roster.officer)
    problem_assign(actor=furong_office, problem=later, department=world.tax)
    worklist = home(client, world.tax_staff).context["department"]
    assert [p.pk for p in worklist.queue.rows] == [world.overdue.pk, later.pk]
    assert worklist.queue.rows[0].is_overdue and worklist.overdue == 1
    assert worklist.queue.count == 2 and worklist.queue.url == "/problems/queue/"
    body = client.get("/").content.decode()
    assert f'href="/problems/{world.overdue.pk}/"' in body
    assert world.tianxin_waiting.description not in body


def test_department_sees_what_came_back_and_what_it_co_handles(client, roster, furong_office, world):
    problem_assign(actor=furong_office, problem=world.waiting, department=world.health, co_departments=[world.tax])
    problem_resolve(actor=world.tax_staff, problem=world.overdue, resolution="已办理缓缴手续")
    problem_reopen(actor=roster.officer.user, problem=world.overdue, reason="企业反映仍未办结")
    sent_back = raise_at(roster.furong_enterprise_2, roster.officer, description="申请税费减免")
    problem_assign(actor=furong_office, problem=sent_back, department=world.tax)
    problem_decline(actor=world.tax_staff, problem=sent_back, reason="不属于本部门职责")
    problem_assign(actor=furong_office, problem=sent_back, department=world.tax)
    worklist = home(client, world.tax_staff).context["department"]
    assert {p.pk for p in worklist.came_back.rows} == {world.overdue.pk, sent_back.pk}
    assert worklist.came_back.count == 2
    assert [p.pk for p in worklist.co_handled.rows] == [world.waiting.pk]
    assert not worklist.co_handled.rows[0].is_lead
    lead = home(client, world.health_staff).context["department"]
    assert lead.co_handled.count == 0 and [p.pk for p in lead.queue.rows] == [world.waiting.pk]


def test_the_sibling_countys_department_sees_none_of_it(client, world):
    worklist = home(client, world.tianxin_tax_staff).context["department"]
    assert worklist.queue.count == worklist.came_back.count == worklist.co_handled.count == 0
    assert "offices" not in client.get("/").context  # a department post is no liaison office


def test_department_home_reads_a_fixed_number_of_queries(client, roster, furong_office, world, regions,
                                                         django_assert_num_queries):
    client.force_login(world.tax_staff)
    client.get("/")
    # Session, user, posts, unread notices; the department's queue as ids, then the problems shown.
    with django_assert_num_queries(6):
        client.get("/")
    for number in range(12):
        problem = raise_at(roster.furong_enterprise, roster.officer, description=f"问题{number}")
        problem_assign(actor=furong_office, problem=problem, department=world.tax if number % 2 else world.health,
                       co_departments=[] if number % 2 else [world.tax])
    with django_assert_num_queries(6):
        response = client.get("/")
    worklist = response.context["department"]
    assert worklist.queue.count == 13 and len(worklist.queue.rows) == 10 and worklist.co_handled.count == 6


# The officer ------------------------------------------------------------------------------------------------------


@pytest.fixture
def branch(regions, roster, furong_office):
    department = factories.make_department(regions.furong, "芙蓉区工业和信息化局", kind="industry")
    branch = branch_create(actor=furong_office, name="芙蓉区工信局联合党支部", region=regions.furong,
                           department=department, enterprises=[roster.furong_enterprise, roster.furong_enterprise_2])
    return member_add(actor=furong_office, branch=branch, role=MemberRole.LIAISON_OFFICER, officer=roster.officer,
                      joined_on=TODAY - timedelta(days=60))


def test_officer_keeps_todays_reports_and_sees_what_waits_for_their_confirmation(client, roster, officer_user,
                                                                                 world):
    problem_resolve(actor=world.tax_staff, problem=world.overdue, resolution="已办理缓缴手续")
    response = home(client, officer_user)
    assert [a.enterprise for a in response.context["assignments"]] == [roster.furong_enterprise_2,
                                                                        roster.furong_enterprise]
    worklist = response.context["officer"]
    assert [p.pk for p in worklist.to_confirm.rows] == [world.overdue.pk]
    body = response.content.decode()
    assert f'action="/problems/{world.overdue.pk}/confirm/"' in body
    assert "offices" not in response.context and "department" not in response.context


def test_officer_confirms_from_the_home_page_in_one_tap(client, officer_user, world):
    problem = problem_resolve(actor=world.tax_staff, problem=world.overdue, resolution="已办理缓缴手续")
    client.force_login(officer_user)
    response = client.post(f"/problems/{problem.pk}/confirm/", {"version": problem.version, "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.CONFIRMED
    assert home(client, officer_user).context["officer"].to_confirm.count == 0


def test_officer_sees_the_visits_owed_this_week(client, roster, officer_user, branch):
    worklist = home(client, officer_user).context["officer"]
    [membership] = worklist.memberships
    assert (membership.progress.visits, membership.progress.required, worklist.visits_owed) == (0, 3, 3)
    assert f'href="/branches/members/{branch.pk}/visit/"' in client.get("/").content.decode()
    visit_log(actor=officer_user, member=branch, enterprise=roster.furong_enterprise, visited_on=TODAY,
              checked="检查防疫措施落实情况")
    assert home(client, officer_user).context["officer"].visits_owed == 2


def test_another_officer_sees_none_of_it(client, roster, world, branch):
    problem_resolve(actor=world.tax_staff, problem=world.overdue, resolution="已办理缓缴手续")
    worklist = home(client, roster.tianxin_officer.user).context["officer"]
    assert worklist.to_confirm.count == 0 and worklist.memberships == []


def test_officer_home_reads_a_fixed_number_of_queries(client, roster, officer_user, world, branch, regions,
                                                      furong_office, django_assert_num_queries):
    problem_resolve(actor=world.tax_staff, problem=world.overdue, resolution="已办理缓缴手续")
    client.force_login(officer_user)
    client.get("/")
    # Session, user, posts, unread notices; the day's assignments and their reports, the first notices, the problems
    # to confirm, the memberships, their enterprises and their visits.
    with django_assert_num_queries(11):
        client.get("/")
    for number in range(6):
        enterprise = factories.make_enterprise(regions.furong, f"芙蓉区企业{number}有限公司")
        factories.make_assignment(roster.officer, enterprise)
        problem = raise_at(enterprise, roster.officer)
        problem_assign(actor=furong_office, problem=problem, department=world.tax)
        problem_resolve(actor=world.tax_staff, problem=problem, resolution="已解决")
        other = branch_create(actor=furong_office, name=f"联合党支部{number}", region=regions.furong,
                              department=world.tax, enterprises=[enterprise])
        member_add(actor=furong_office, branch=other, role=MemberRole.LIAISON_OFFICER, officer=roster.officer,
                   joined_on=TODAY - timedelta(days=30))
    with django_assert_num_queries(11):
        response = client.get("/")
    assert response.context["officer"].to_confirm.count == 7 and len(response.context["officer"].memberships) == 7


# The organisation department --------------------------------------------------------------------------------------


@pytest.fixture
def changsha_round(organization_user, roster, regions):
    add_officers(regions.furong, 7)
    return round_open(actor=organization_user, region=regions.changsha, name="2026年上半年考核",
                      period_start=TODAY - timedelta(days=60), period_end=TODAY)


def test_organisation_sees_each_open_rounds_sources_and_the_excellent_quota(client, organization_user,
                                                                           changsha_round):
    officers = list(changsha_round.assessments.order_by("id"))
    assert len(officers) == 10  # the roster's three of 长沙 and seven more: three excellent places
    score_set(actor=organization_user, assessment=officers[0], source=Source.COMPREHENSIVE, score=92)
    grade_set(actor=organization_user, assessment=officers[0], grade=Grade.EXCELLENT)
    response = home(client, organization_user)
    [progress] = response.context["rounds"]
    assert progress.round == changsha_round and progress.officers == 10 and progress.graded == 1
    by_source = {source.source: source for source in progress.sources}
    assert by_source[Source.COMPREHENSIVE].scored == 1 and by_source[Source.COMPREHENSIVE].missing == 9
    assert by_source[Source.WORK_EVALUATION].scored == 0
    assert (progress.excellent_allowed, progress.excellent_taken, progress.excellent_left) == (3, 1, 2)
    url = by_source[Source.COMPREHENSIVE].missing_url
    assert url == f"/assessments/{changsha_round.pk}/?comprehensive=missing"
    assert client.get(url).context["page"].paginator.count == 9
    assert client.get(progress.ungraded_url).context["page"].paginator.count == 9
    assert "offices" not in response.context  # an organisation post is no liaison office


def test_a_round_run_by_the_province_shows_the_citys_own_officers(client, organization_user, changsha_round,
                                                                  roster, regions):
    province_org = factories.make_office_user("province-org", regions.province, kind="organization")
    add_officers(regions.tianyuan, 2)  # 株洲's: in the province's round, not 长沙's business
    province_round = round_open(actor=province_org, region=regions.province, name="全省联络员考核",
                                period_start=TODAY - timedelta(days=60), period_end=TODAY)
    assert province_round.assessments.count() == 13
    rounds = home(client, organization_user).context["rounds"]
    assert [progress.round for progress in rounds] == [changsha_round, province_round]  # its own first
    own, above = rounds
    assert own.runs and not above.runs
    assert above.officers == 10  # 长沙's officers of the province's round
    assert above.excellent_allowed == 3  # the quota is the whole round's: 30 % of 13
    by_round = {progress.round: progress for progress in home(client, province_org).context["rounds"]}
    assert all(progress.runs for progress in by_round.values())  # its own region's and those below it
    assert by_round[province_round].officers == 13


def test_a_weightless_source_is_left_out(client, organization_user, roster, regions):
    round_open(actor=organization_user, region=regions.changsha, name="无企业评价的考核",
               period_start=TODAY - timedelta(days=60), period_end=TODAY,
               weights={Source.COMPREHENSIVE: 50, Source.DAILY: 30, Source.WORK_EVALUATION: 20,
                        Source.ENTERPRISE_OPINION: 0})
    [progress] = home(client, organization_user).context["rounds"]
    assert Source.ENTERPRISE_OPINION not in {source.source for source in progress.sources}


def test_another_citys_organisation_sees_no_round(client, changsha_round, regions):
    zhuzhou = factories.make_office_user("zhuzhou-org", regions.zhuzhou, kind="organization")
    assert home(client, zhuzhou).context["rounds"] == []


def test_organisation_home_reads_a_fixed_number_of_queries(client, organization_user, changsha_round, regions,
                                                           django_assert_num_queries):
    client.force_login(organization_user)
    client.get("/")
    # Session, user, posts, unread notices; the organisation posts, the open rounds, the counts of the officers it
    # sees and the whole rounds' quota.
    with django_assert_num_queries(8):
        client.get("/")
    add_officers(regions.tianxin, 5)
    round_open(actor=organization_user, region=regions.changsha, name="2026年专项考核",
               period_start=TODAY - timedelta(days=30), period_end=TODAY)
    with django_assert_num_queries(8):
        response = client.get("/")
    assert len(response.context["rounds"]) == 2


def test_a_user_without_a_post_is_told_so(client, db):
    user = factories.make_user("nobody")
    client.force_login(user)
    assert client.get("/").templates[0].name == "portal/home_other.html"
