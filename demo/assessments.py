"""Demo data: a finalised Changsha round (grades within the quota, commendations, one recall with its replacement and
a vacancy) and an open province round for the current half-year with daily scores proposed and a few opinions.

The demo has daily reports for its last `report_days` days only, so the finalised round covers those days (up to
yesterday) rather than last calendar year. Idempotent: a round that exists is left as it is. Scores and grades are
written in bulk (24,000 officers at province scale); every rule-bearing step (open, propose, grade check, finalise,
recall, opinions) goes through the services.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from assessments.choices import Grade, OpinionRating, Outcome
from assessments.models import AssessmentRound, OfficerAssessment
from assessments.scoring import total_of
from assessments.services import (
    assessment_recall,
    daily_scores_propose,
    opinion_answer,
    opinion_requests_create_all,
    opinion_token,
    outcome_set,
    round_finalise,
    round_open,
)
from demo.run import DemoRun
from officers.models import Assignment, Officer
from regions.models import Region

SEED = 2020
BATCH_SIZE = 2000
PROTECTED_USERNAMES = ("officer", "o000001", "o000002")  # the demo logins keep their assignments
OPINION_COMMENTS = ("联络员工作认真负责，帮助企业解决了用工难题。", "经常到企业走访，政策讲解清楚。",
                    "协调物流通行证很及时。", "希望今后多帮助对接融资渠道。")


def step_assessments(run: DemoRun) -> None:
    users = {user.username: user for user in get_user_model().objects.filter(username__in=("admin", "orgdept",
                                                                                             "changsha"))}
    if len(users) < 3:
        return
    _finalised_changsha_round(run, organization=users["orgdept"], office=users["changsha"])
    _open_province_round(run, organization=users["admin"], office=users["admin"])


def _bulk_scores(assessment_round: AssessmentRound, rng: random.Random, *, work_evaluation: bool) -> None:
    weights = assessment_round.weights
    rows = list(OfficerAssessment.objects.filter(round=assessment_round).order_by("id"))
    for row in rows:
        row.comprehensive_score = Decimal(rng.randint(700, 985)) / 10
        if work_evaluation and rng.random() < 0.9:
            row.work_evaluation_score = Decimal(rng.randint(680, 990)) / 10
        row.total = total_of(row, weights)
    OfficerAssessment.objects.bulk_update(rows, ["comprehensive_score", "work_evaluation_score", "total"],
                                          batch_size=BATCH_SIZE)


def _bulk_grades(assessment_round: AssessmentRound, actor) -> None:
    """Best totals excellent (a quarter of the officers, under the 30 % cap), a few weak ones lower."""
    rows = list(OfficerAssessment.objects.filter(round=assessment_round).order_by("-total", "id"))
    excellent = min(len(rows) // 4, assessment_round.excellent_allowed(len(rows)))
    weak = max(1, len(rows) // 50)
    for index, row in enumerate(rows):
        if index < excellent:
            row.grade = Grade.EXCELLENT
        elif index >= len(rows) - weak:
            row.grade = Grade.INCOMPETENT
        elif index >= len(rows) - 3 * weak:
            row.grade = Grade.BASICALLY_COMPETENT
        else:
            row.grade = Grade.COMPETENT
        row.grade_by = actor
    OfficerAssessment.objects.bulk_update(rows, ["grade", "grade_by"], batch_size=BATCH_SIZE)


def _finalised_changsha_round(run: DemoRun, *, organization, office) -> None:
    changsha = Region.objects.get(code="430100")
    # The weeks the demo has daily reports for, up to yesterday, so the proposed daily scores have data behind them.
    end = run.today - timedelta(days=1)
    start = max(run.today - timedelta(days=run.report_days - 1), run.campaign_start)
    name = f"{run.campaign_start.year}年复工复产第一阶段考核"
    if AssessmentRound.objects.filter(region=changsha, name=name).exists():
        return
    rng = random.Random(SEED)
    assessment_round = round_open(actor=organization, region=changsha, name=name, period_start=start,
                                  period_end=max(start, end))
    daily_scores_propose(actor=organization, assessment_round=assessment_round, as_of=run.today)
    _bulk_scores(assessment_round, rng, work_evaluation=True)
    _bulk_grades(assessment_round, organization)
    round_finalise(actor=organization, assessment_round=assessment_round)
    best = OfficerAssessment.objects.filter(round=assessment_round, grade=Grade.EXCELLENT).order_by("-total", "id")
    for row in best[:3]:
        outcome_set(actor=organization, assessment=row, outcome=Outcome.COMMENDATION,
                    note="驻企工作成效突出，予以通报表扬")
    _one_recall(run, assessment_round, office)


def _one_recall(run: DemoRun, assessment_round: AssessmentRound, office) -> None:
    """Recall the weakest officer with two enterprises: a named successor for the first, a vacancy for the second."""
    # Recalled yesterday: the demo's rule is that a recalled officer has no assignment running today.
    today = run.today - timedelta(days=1)
    active = Count("officer__assignments", filter=Q(officer__assignments__start_date__lte=today)
                   & (Q(officer__assignments__end_date__isnull=True) | Q(officer__assignments__end_date__gte=today)))
    candidates = (OfficerAssessment.objects.filter(round=assessment_round, officer__status="active")
                  .exclude(officer__user__username__in=PROTECTED_USERNAMES)
                  .exclude(officer__assignments__start_date__gt=today)  # nothing starting after the recall
                  .annotate(active=active).filter(active__gte=1))
    weak = candidates.filter(grade__in=(Grade.INCOMPETENT, Grade.BASICALLY_COMPETENT))
    ordered = [*weak.filter(active__gte=2).order_by("total", "id")[:50],
               *candidates.filter(active__gte=2).order_by("total", "id")[:50]]
    for candidate in ordered:
        first = (Assignment.objects.active_on(today).filter(officer=candidate.officer)
                 .select_related("managing_region").order_by("enterprise__name").first())
        # The demo's offices station the officers of their own backing units.
        successor = (Officer.objects.filter(status="active", backing_unit__region=first.managing_region)
                     .exclude(pk=candidate.officer_id).exclude(user__username__in=PROTECTED_USERNAMES)
                     .exclude(assignments__enterprise=first.enterprise).order_by("id").first())
        if successor is not None:
            assessment_recall(actor=office, assessment=candidate, reason="年度考核不称职，召回调整",
                              successors={first.enterprise_id: successor}, on_date=today)
            return


def _half_year(day: date) -> tuple[date, date, str]:
    if day.month <= 6:
        return date(day.year, 1, 1), date(day.year, 6, 30), f"{day.year}年上半年考核"
    return date(day.year, 7, 1), date(day.year, 12, 31), f"{day.year}年下半年考核"


def _open_province_round(run: DemoRun, *, organization, office) -> None:
    province = Region.objects.get(code="430000")
    start, end, name = _half_year(run.today)
    if AssessmentRound.objects.filter(region=province, name=name).exists():
        return
    rng = random.Random(SEED + 1)
    assessment_round = round_open(actor=organization, region=province, name=name, period_start=start,
                                  period_end=end)
    daily_scores_propose(actor=organization, assessment_round=assessment_round, as_of=run.today)
    _bulk_scores(assessment_round, rng, work_evaluation=False)
    # A few enterprises have answered their opinion links (the first officers of 芙蓉区).
    rows = (OfficerAssessment.objects.filter(round=assessment_round, managing_region__code="430102")
            .select_related("round", "officer", "managing_region", "commanding_region").order_by("id")[:6])
    ratings = [OpinionRating.VERY_SATISFIED, OpinionRating.SATISFIED, OpinionRating.BASICALLY_SATISFIED]
    for index, row in enumerate(rows):
        for number, request in enumerate(opinion_requests_create_all(actor=office, assessment=row)):
            if (index + number) % 3 != 2:  # some links stay unanswered
                opinion_answer(token=opinion_token(request), rating=rng.choice(ratings),
                               comment=rng.choice(OPINION_COMMENTS))
