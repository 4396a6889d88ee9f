"""The daily cycle through the real services: filing, late filing, edits, exemptions, a recall with replacement and
an escalation; after the refresh every summary row equals the direct aggregate and the headline figures are right."""

from datetime import timedelta

from django.utils import timezone

from officers.services import officer_recall
from problems.models import Problem
from problems.services import problem_escalate
from reports.choices import ExemptionKind
from reports.services import Difficulty, exemption_create, report_submit, report_update
from summaries.models import RegionDaySummary
from summaries.services import summaries_refresh_dirty
from tests import factories
from tests.reports.conftest import VALUES, at

from .reference import assert_summaries_match

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


def summary(region, day) -> RegionDaySummary:
    return RegionDaySummary.objects.get(region=region, day=day)


def test_summaries_follow_edits_late_reports_a_recall_and_an_escalation(regions, roster, furong_office):
    admin = factories.system_actor()
    officer = roster.officer.user
    first, second = roster.furong_assignment, roster.officer.assignments.exclude(pk=roster.furong_assignment.pk).get()

    report = report_submit(actor=officer, assignment=first, day=YESTERDAY, values={**VALUES, "workers_on_duty": 100},
                           difficulties=[Difficulty("raw_materials", "钢材供应中断，需协调外地供应商")],
                           now=at(YESTERDAY, 12))
    report_submit(actor=officer, assignment=second, day=YESTERDAY, values={**VALUES, "masks_days": 1},
                  now=at(YESTERDAY, 22))  # after the 20:00 deadline: late
    summaries_refresh_dirty()
    furong = summary(regions.furong, YESTERDAY)
    assert (furong.reports_expected, furong.reports_filed, furong.reports_late) == (2, 2, 1)
    assert (furong.workers_on_duty, furong.enterprises_short_of_masks, furong.problems_new) == (220, 1, 1)
    assert furong.problems_new_by_category == {"raw_materials": 1}

    report_update(actor=officer, report=report, values={"workers_on_duty": 160}, expected_version=1,
                  now=at(YESTERDAY, 15))
    # Recall 天心区's officer today; a new officer takes over the enterprise the same day.
    successor = factories.make_officer(regions.tianxin)
    officer_recall(actor=admin, officer=roster.tianxin_officer, reason="考核不合格，召回调整",
                   replacements={roster.tianxin_enterprise.pk: successor}, on_date=TODAY)
    replacement = successor.assignments.get()
    report_submit(actor=successor.user, assignment=replacement, day=TODAY, values=VALUES, now=at(TODAY, 9))
    exemption_create(actor=admin, kind=ExemptionKind.ENTERPRISE_SHUT, start_date=TODAY, end_date=TODAY,
                     enterprise=roster.zhuzhou_enterprise)
    problem_escalate(actor=furong_office, problem=Problem.objects.get(), reason="区级无法协调跨省运输")

    # The beat's run: the dirty marks (the edit, today's report) and the whole of today (recall, exemption,
    # escalation mark nothing).
    summaries_refresh_dirty(also_days=[TODAY])

    assert_summaries_match([TODAY])
    assert_summaries_match([YESTERDAY], every_region=False)  # yesterday: only the chains of its dirty regions
    assert summary(regions.furong, YESTERDAY).workers_on_duty == 280
    tianxin = summary(regions.tianxin, TODAY)
    # The recalled officer's assignment ends today and the successor's starts today: both are due today.
    assert (tianxin.reports_expected, tianxin.reports_filed, tianxin.reports_missing) == (3, 1, 2)
    assert summary(regions.tianyuan, TODAY).reports_expected == 0  # the enterprise is shut today
    changsha = summary(regions.changsha, TODAY)
    assert (changsha.problems_open, changsha.problems_escalated, changsha.problems_escalated_today) == (1, 1, 1)
    assert summary(regions.changsha, YESTERDAY).problems_escalated == 0  # it was escalated today, not yesterday
    province = summary(regions.province, TODAY)
    assert province.reports_expected == sum(summary(city, TODAY).reports_expected
                                            for city in (regions.changsha, regions.zhuzhou))
