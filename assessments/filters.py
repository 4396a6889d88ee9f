"""The officers' assessments of a round: one FilterSet for the round page's list of officers, its export and
/api/v1/officer-assessments/ (where the round is a filter, `round`, rather than the page's path)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from regions.filters import FlagFilter, RegionFilter, ScopedFilterSet, flag_select

from .choices import Grade, Outcome, Source, SourceState
from .models import SCORE_FIELDS, AssessmentRound, OfficerAssessment
from .selectors import officer_assessment_list, round_assessments, round_list

NOT_GRADED = "none"  # `grade=none`: the officers without a grade yet
SCORE_STATES = [(state.value, state.label) for state in (SourceState.SCORED, SourceState.MISSING)]
DAILY_STATES = [(state.value, state.label) for state in SourceState]


def visible_rounds(request) -> QuerySet:
    return round_list(fetched_by=request.user)


def source_state(source: str, *, choices=SCORE_STATES) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=Source(source).label, choices=choices, empty_label=_("All"),
                                       method="filter_source_state")


class OfficerAssessmentFilterSet(ScopedFilterSet):
    """Search, grade, whether graded, each source's state, outcome and the backing unit's region (its subtree).

    On the round page the round is the page's own (`assessment_round=`): the rows are that round's, and `round` is
    neither a filter nor on the form. The regions and rounds offered are the user's.
    """

    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="filter_search")
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    round = django_filters.ModelChoiceFilter(label=_("Round"), queryset=visible_rounds)
    region = RegionFilter(label=_("Backing unit's region"), field_name="officer__backing_unit__region")
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=[(NOT_GRADED, _("Not graded yet")), *Grade.choices],
                                        empty_label=_("All"), method="filter_grade")
    graded = FlagFilter(label=_("Grading"), method="filter_graded",
                        widget=flag_select(_("Graded"), _("Not graded yet")))
    comprehensive = source_state(Source.COMPREHENSIVE)
    daily = source_state(Source.DAILY, choices=DAILY_STATES)
    work_evaluation = source_state(Source.WORK_EVALUATION)
    enterprise_opinion = source_state(Source.ENTERPRISE_OPINION)
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices, empty_label=_("All"))

    aliases = {"search": "q"}

    class Meta:
        model = OfficerAssessment
        fields = ()

    def __init__(self, data=None, queryset=None, *, request, prefix=None,
                 assessment_round: AssessmentRound | None = None):
        if assessment_round is not None and queryset is None:
            queryset = round_assessments(assessment_round=assessment_round, fetched_by=request.user)
        super().__init__(data, queryset, request=request, prefix=prefix)
        if assessment_round is not None:
            del self.filters["round"]

    @classmethod
    def scoped_rows(cls, user) -> QuerySet:
        return officer_assessment_list(fetched_by=user)

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(officer__name__icontains=value) | Q(officer__backing_unit__name__icontains=value))

    def filter_grade(self, queryset, name, value):
        return queryset.filter(grade="" if value == NOT_GRADED else value)

    def filter_graded(self, queryset, name, value):
        return queryset.exclude(grade="") if value else queryset.filter(grade="")

    def filter_source_state(self, queryset, name, value):
        has_score = Q(**{f"{SCORE_FIELDS[name]}__isnull": False})
        if value == SourceState.SCORED:
            return queryset.filter(has_score)
        if value == SourceState.MISSING:
            return queryset.exclude(has_score)
        # The daily source only: the proposal as it stands, or a score adjusted by hand (a reason is required).
        if value == SourceState.ADJUSTED:
            return queryset.exclude(daily_reason="")
        return queryset.filter(has_score, daily_reason="")
