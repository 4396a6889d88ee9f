"""The proposed daily assessment from known data: reports, lateness, exemptions, problems and branch visits."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.choices import Source
from assessments.scoring import OfficerCounts, daily_components, daily_score_propose, officer_counts
from assessments.services import daily_scores_propose, round_open
from branches.choices import MemberRole
from branches.selectors import officer_visit_counts
from branches.services import branch_create, member_add, visit_log
from problems.services import problem_confirm, problem_raise, problem_resolve
from reports.models import DailyReport
from reports.services import exemption_create
from tests import factories
from tests.assessments.conftest import assessment_of


def test_components_and_the_weighted_mean_of_those_applicable():
    counts = OfficerCounts(reports_expected=20, reports_filed=18, reports_late=3, problems_raised=4,
                           problems_resolved=3, visits=(10, 8), rectification=(1, 2))
    assert daily_components(counts) == {"reporting": 90.0, "punctuality": 83.3,
                                        "problems": 75.0, "visits": 100.0, "rectification": 50.0}
    # (40*90 + 15*83.333 + 15*75 + 15*100 + 15*50) / 100 = 82.25
    assert daily_score_propose(counts).score == Decimal("82.3")


def test_components_without_anything_to_measure_are_left_out_not_zero():
    counts = OfficerCounts(reports_expected=10, reports_filed=10)
    proposal = daily_score_propose(counts)
    assert proposal.components == {"reporting": 100.0, "punctuality": 100.0, "problems": None, "visits": None,
                                   "rectification": None}
    assert proposal.score == Decimal("100.0")
    assert daily_score_propose(OfficerCounts()).score is None


@pytest.fixture
def known_week(regions, roster, furong_office):
    """Two whole ISO weeks in the past; 李明 stationed the first 10 days in a new 芙蓉区 enterprise."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 21)
    officer = factories.make_officer(regions.furong, name="周敏")
    enterprise = factories.make_enterprise(regions.furong, "长沙芙蓉恒达机械有限公司")
    assignment = factories.make_assignment(officer, enterprise, start_date=monday,
                                           end_date=monday + timedelta(days=9))
    # Day 10 is a rest day: 9 reports expected. 8 filed, the last 2 of them late.
    exemption_create(actor=factories.system_actor(), kind="officer_rest", officer=officer,
                     start_date=monday + timedelta(days=9), end_date=monday + timedelta(days=9))
    for n in range(8):
        day = monday + timedelta(days=n)
        at = timezone.make_aware(datetime.combine(day, time(12)))
        DailyReport.objects.create(assignment=assignment, officer=officer, enterprise=enterprise,
                                   region=enterprise.region, day=day, is_late=n >= 6, submitted_at=at, filed_at=at,
                                   updated_at=at)
    # 4 problems raised, 2 resolved (one of them confirmed by the officer).
    problems = [problem_raise(actor=officer.user, officer=officer, enterprise=enterprise, category="labour",
                              description=f"招工难{n}", raised_on=monday + timedelta(days=1 + n)) for n in range(4)]
    problem_resolve(actor=furong_office, problem=problems[0], resolution="已协调人社局招聘")
    problem_resolve(actor=furong_office, problem=problems[1], resolution="已落实贷款")
    problem_confirm(actor=officer.user, problem=problems[1])
    # A joint Party branch member from the first Monday: 3 visits logged, 2 weeks x 3 required.
    branch = branch_create(actor=furong_office, name="芙蓉恒达联合党支部", region=regions.furong,
                           department=factories.make_department(regions.furong), enterprises=[enterprise])
    member = member_add(actor=furong_office, branch=branch, role=MemberRole.LIAISON_OFFICER, officer=officer,
                        joined_on=monday)
    for n in range(3):
        visit_log(actor=furong_office, member=member, enterprise=enterprise, visited_on=monday + timedelta(days=n),
                  checked="检查防疫")
    return officer, monday


def test_the_proposal_from_known_data(known_week):
    officer, monday = known_week
    sunday = monday + timedelta(days=13)
    assert officer_visit_counts(officer_ids=[officer.pk], start=monday, end=sunday) == {officer.pk: (3, 6)}
    counts = officer_counts(officer_ids=[officer.pk], start=monday, end=sunday, as_of=timezone.localdate())[officer.pk]
    assert counts == OfficerCounts(reports_expected=9, reports_filed=8, reports_late=2, problems_raised=4,
                                   problems_resolved=2, visits=(3, 6), rectification=None)
    proposal = daily_score_propose(counts)
    assert proposal.components == {"reporting": 88.9, "punctuality": 75.0, "problems": 50.0, "visits": 50.0,
                                   "rectification": None}
    # (40 x 800/9 + 15 x 75 + 15 x 50 + 15 x 50) / 85 = 72.71
    assert proposal.score == Decimal("72.7")


def test_a_round_proposes_every_daily_score_and_keeps_an_adjusted_one(known_week, regions, furong_office):
    officer, monday = known_week
    organization = factories.make_office_user("furong-org", regions.furong, kind="organization")
    assessment_round = round_open(actor=organization, region=regions.furong, name="两周考核", period_start=monday,
                                  period_end=monday + timedelta(days=13))
    # 周敏 and the roster's 李明 (stationed for two weeks, nothing filed: reporting 0).
    assert daily_scores_propose(actor=organization, assessment_round=assessment_round) == 2
    row = assessment_of(assessment_round, officer)
    assert (row.daily_proposed, row.daily_score, row.total) == (Decimal("72.7"), Decimal("72.7"), Decimal("72.70"))
    assert row.daily_components["reporting"] == 88.9
    from assessments.services import daily_adjust

    daily_adjust(actor=furong_office, assessment=row, score=78, reason="复工协调成效好")
    daily_scores_propose(actor=organization, assessment_round=assessment_round)
    row.refresh_from_db()
    assert (row.daily_proposed, row.daily_score) == (Decimal("72.7"), Decimal("78.0"))
    assert row.score(Source.DAILY) == Decimal("78.0")
