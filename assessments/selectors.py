"""Reads on assessment rounds; the pages, the API and the assessment sheet share them."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Prefetch, Q, QuerySet

from officers.models import Assignment, Officer

from .choices import Grade
from .models import AssessmentEvent, AssessmentRound, OfficerAssessment, OpinionRequest, ReplacementVacancy

SHEET_CHUNK = 2000


def round_list(*, fetched_by) -> QuerySet:
    """The rounds the user sees (their region's, or those holding officers their office manages)."""
    return AssessmentRound.objects.visible_to(fetched_by).select_related("region").order_by("-period_end", "-id")


def round_detail(*, fetched_by, pk: int) -> AssessmentRound:
    from regions.scoping import get_visible_or_404

    return get_visible_or_404(AssessmentRound.objects.select_related("region", "opened_by", "finalised_by"),
                              fetched_by, pk=pk)


def round_assessments(*, assessment_round: AssessmentRound, fetched_by) -> QuerySet:
    """The round's officers the user sees: the whole list for the round's region, an office's own officers else.

    Read through the round, so each row's `.round` is `assessment_round` itself (no query per row for its weights).
    """
    return (assessment_round.assessments.visible_within(fetched_by, assessment_round.region)
            .select_related("officer__backing_unit", "managing_region", "commanding_region")
            .order_by("officer__name", "id"))


def officer_assessment_list(*, fetched_by) -> QuerySet:
    """Officers' assessments in every round the user sees, round by round, each round's officers by name."""
    return (OfficerAssessment.objects.visible_to(fetched_by)
            .select_related("officer__backing_unit", "managing_region", "commanding_region")
            .order_by("round_id", "officer__name", "id"))


def grade_counts(*, assessment_round: AssessmentRound) -> dict[str, int]:
    """How many officers of the round hold each grade (and none yet), in one query."""
    return OfficerAssessment.objects.filter(round=assessment_round).aggregate(
        officers=Count("id"), ungraded=Count("id", filter=Q(grade="")),
        **{grade: Count("id", filter=Q(grade=grade)) for grade in Grade.values})


def assessment_detail(*, fetched_by, pk: int) -> OfficerAssessment:
    from regions.scoping import get_visible_or_404

    return get_visible_or_404(
        OfficerAssessment.objects.select_related(
            "round__region", "officer__backing_unit__region", "managing_region", "commanding_region",
            "comprehensive_by", "daily_by", "work_evaluation_by", "grade_by", "outcome_by"),
        fetched_by, pk=pk)


def assessment_events(*, assessment: OfficerAssessment) -> QuerySet:
    return AssessmentEvent.objects.filter(assessment=assessment).select_related("actor").order_by("at", "id")


def period_assignments(*, assessment_round: AssessmentRound) -> QuerySet:
    """Assignments overlapping the round's period (the enterprises an officer served in it)."""
    return (Assignment.objects.filter(start_date__lte=assessment_round.period_end)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=assessment_round.period_start)))


def assessment_assignments(*, assessment: OfficerAssessment, fetched_by) -> QuerySet:
    return (period_assignments(assessment_round=assessment.round).visible_to(fetched_by)
            .filter(officer=assessment.officer).select_related("enterprise", "replaces__officer")
            .order_by("start_date", "id"))


def opinion_requests(*, fetched_by, assessment_round: AssessmentRound | None = None,
                     assessment: OfficerAssessment | None = None) -> QuerySet:
    queryset = OpinionRequest.objects.visible_to(fetched_by).select_related("assessment__officer", "enterprise")
    if assessment_round is not None:
        queryset = queryset.filter(assessment__round=assessment_round)
    if assessment is not None:
        queryset = queryset.filter(assessment=assessment)
    return queryset.order_by("assessment__officer__name", "enterprise__name", "id")


def vacancy_list(*, fetched_by, open_only: bool = False) -> QuerySet:
    queryset = ReplacementVacancy.objects.visible_to(fetched_by).select_related(
        "enterprise", "managing_region", "ended_assignment__officer", "filled_assignment__officer",
        "assessment__round")
    if open_only:
        queryset = queryset.filter(filled_assignment__isnull=True)
    return queryset.order_by("filled_at", "-created_at", "id")


def vacancy_candidates(*, vacancy: ReplacementVacancy, fetched_by) -> QuerySet:
    """Active officers the office may station there: dispatched within the vacancy's managing office."""
    return (Officer.objects.visible_to(fetched_by).filter(
        status="active", backing_unit__region__path__startswith=vacancy.managing_region.path)
        .exclude(pk=vacancy.ended_assignment.officer_id).select_related("backing_unit").order_by("name", "id"))


def officer_assessments(*, officer: Officer, fetched_by) -> QuerySet:
    """An officer's assessments in every round the user sees, newest first (for the officer's page)."""
    return (OfficerAssessment.objects.visible_to(fetched_by).filter(officer=officer)
            .select_related("round__region").order_by("-round__period_end", "-id"))


def officer_vacancies(*, officer: Officer, fetched_by) -> QuerySet:
    """The vacancies left by an officer's recall, with who filled them."""
    return vacancy_list(fetched_by=fetched_by).filter(ended_assignment__officer=officer)


# The assessment sheet -------------------------------------------------------------------------------------------


def assessment_sheet_queryset(*, assessment_round: AssessmentRound, fetched_by) -> QuerySet:
    """One row per officer with its backing unit and the period's assignments prefetched (one query per chunk)."""
    served = (period_assignments(assessment_round=assessment_round).select_related("enterprise")
              .only("id", "officer_id", "start_date", "enterprise__name").order_by("start_date", "id"))
    return (OfficerAssessment.objects.visible_within(fetched_by, assessment_round.region)
            .filter(round=assessment_round)
            .select_related("officer__backing_unit")
            .only(*SHEET_FIELDS)
            .prefetch_related(Prefetch("officer__assignments", queryset=served, to_attr="period_assignments"))
            .order_by("officer__backing_unit__name", "officer__name", "id"))


SHEET_FIELDS = (
    "id", "round", "officer__id", "officer__name", "officer__title", "officer__backing_unit__name",
    "comprehensive_score", "daily_score", "daily_proposed", "daily_reason", "work_evaluation_score",
    "enterprise_opinion_score", "total", "grade", "outcome",
)


def assessment_sheet_rows(*, assessment_round: AssessmentRound, fetched_by) -> Iterator[OfficerAssessment]:
    """Stream the sheet's rows, 2,000 at a time, each officer with `.officer.period_assignments`."""
    yield from assessment_sheet_queryset(assessment_round=assessment_round,
                                         fetched_by=fetched_by).iterator(chunk_size=SHEET_CHUNK)
