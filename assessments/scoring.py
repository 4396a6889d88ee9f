"""The proposed daily assessment (日常考核) of an officer, computed from what the portal already knows.

Five components, each a score from 0 to 100, or "not applicable" (None) when the officer had nothing to measure:

- reporting:      100 x reports filed / reports expected over the period (capped at 100). Expected = one report per
                  day of each assignment active in the period (up to `as_of`), minus days covered by an exemption
                  of the enterprise or the officer (the same rule as reports.selectors). N/A when none was expected.
- punctuality:    100 x (1 - late reports / reports filed). N/A when nothing was filed.
- problems:       100 x problems resolved or confirmed / problems raised by the officer in the period. N/A when the
                  officer raised none (an enterprise without difficulties is not the officer's fault).
- visits:         100 x min(1, visits logged / visits required by the branch quota). N/A without a membership.
- rectification:  100 x items closed on time / items due. N/A without items due.

The proposal is the weighted mean of the applicable components (DAILY_WEIGHTS, re-weighted over those present),
rounded half-up to one decimal. No applicable component at all: no proposal (the daily source is then missing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from officers.models import Assignment
from problems.choices import ProblemStatus
from problems.models import Problem
from reports.models import DailyReport, ReportExemption

from .choices import Source

if TYPE_CHECKING:
    from .models import OfficerAssessment

# Relative weights of the components (any positive numbers: they are normalised over the applicable ones).
DAILY_WEIGHTS = {
    "reporting": 40,
    "punctuality": 15,
    "problems": 15,
    "visits": 15,
    "rectification": 15,
}
RESOLVED_STATUSES = (ProblemStatus.RESOLVED, ProblemStatus.CONFIRMED)
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")


@dataclass
class OfficerCounts:
    """What was measured of one officer over the period; (done, due) pairs, None when not applicable."""

    reports_expected: int = 0
    reports_filed: int = 0
    reports_late: int = 0
    problems_raised: int = 0
    problems_resolved: int = 0
    visits: tuple[int, int] | None = None
    rectification: tuple[int, int] | None = None


@dataclass
class Proposal:
    score: Decimal | None
    components: dict[str, float | None] = field(default_factory=dict)


def _share(done: int, due: int) -> Fraction | None:
    if due <= 0:
        return None
    return Fraction(100 * min(done, due), due)


def _exact_components(counts: OfficerCounts) -> dict[str, Fraction | None]:
    return {
        "reporting": _share(counts.reports_filed, counts.reports_expected),
        "punctuality": _share(counts.reports_filed - counts.reports_late, counts.reports_filed),
        "problems": _share(counts.problems_resolved, counts.problems_raised),
        "visits": _share(*counts.visits) if counts.visits else None,
        "rectification": _share(*counts.rectification) if counts.rectification else None,
    }


def _one_decimal(value: Fraction) -> Decimal:
    """Exact arithmetic until the end, then half up: 82.25 is 82.3, not a float's 82.2499999."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def daily_components(counts: OfficerCounts) -> dict[str, float | None]:
    """Each component's 0-100 score to one decimal, None when not applicable (formulas: the module's docstring)."""
    return {name: (None if value is None else float(_one_decimal(value)))
            for name, value in _exact_components(counts).items()}


def daily_score_propose(counts: OfficerCounts, weights: dict[str, float] | None = None) -> Proposal:
    """The proposed daily score: the weighted mean of the applicable components, one decimal, half up."""
    weights = weights or DAILY_WEIGHTS
    exact = _exact_components(counts)
    components = {name: (None if value is None else float(_one_decimal(value))) for name, value in exact.items()}
    present = {name: value for name, value in exact.items() if value is not None and weights.get(name)}
    if not present:
        return Proposal(score=None, components=components)
    weight_sum = sum(Fraction(weights[name]) for name in present)
    mean = sum(value * Fraction(weights[name]) for name, value in present.items()) / weight_sum
    return Proposal(score=_one_decimal(mean), components=components)


# Gathering the counts: a handful of grouped queries for a whole round, whatever its size ----------------------


def _overlap(start: date, end: date | None, first: date, last: date) -> tuple[date, date] | None:
    begin, finish = max(start, first), min(end or last, last)
    return (begin, finish) if begin <= finish else None


def expected_reports(*, officer_ids, first: date, last: date) -> dict[int, int]:
    """Reports expected of each officer from `first` to `last`: assignment-days minus exempt days."""
    assignments = list(
        Assignment.objects.filter(officer_id__in=officer_ids, start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .values_list("officer_id", "enterprise_id", "start_date", "end_date")
    )
    exemptions = ReportExemption.objects.filter(start_date__lte=last, end_date__gte=first).filter(
        Q(officer_id__in=officer_ids) | Q(enterprise_id__in={a[1] for a in assignments})
    ).values_list("officer_id", "enterprise_id", "start_date", "end_date")
    by_officer, by_enterprise = defaultdict(list), defaultdict(list)
    for officer_id, enterprise_id, start, end in exemptions:
        (by_officer[officer_id] if officer_id else by_enterprise[enterprise_id]).append((start, end))
    expected: dict[int, int] = defaultdict(int)
    for officer_id, enterprise_id, start, end in assignments:
        span = _overlap(start, end, first, last)
        if span is None:
            continue
        days = (span[1] - span[0]).days + 1
        covering = by_officer.get(officer_id, []) + by_enterprise.get(enterprise_id, [])
        if covering:
            exempt = set()
            for ex_start, ex_end in covering:
                inner = _overlap(ex_start, ex_end, *span)
                if inner:
                    exempt.update(inner[0] + timedelta(days=n) for n in range((inner[1] - inner[0]).days + 1))
            days -= len(exempt)
        expected[officer_id] += days
    return dict(expected)


def officer_counts(*, officer_ids: Iterable[int], start: date, end: date, as_of: date) -> dict[int, OfficerCounts]:
    """The counts of every officer in `officer_ids` over the period, measured up to `as_of` (today for an open
    period): reports expected, filed and late, problems raised and resolved, visits and rectification."""
    officer_ids = list(officer_ids)
    last = min(end, as_of)
    counts = {officer_id: OfficerCounts() for officer_id in officer_ids}
    if not officer_ids or last < start:
        return counts
    for officer_id, expected in expected_reports(officer_ids=officer_ids, first=start, last=last).items():
        counts[officer_id].reports_expected = expected
    filed = (DailyReport.objects.filter(officer_id__in=officer_ids, day__range=(start, last))
             .values("officer_id").annotate(filed=Count("id"), late=Count("id", filter=Q(is_late=True))))
    for row in filed:
        counts[row["officer_id"]].reports_filed = row["filed"]
        counts[row["officer_id"]].reports_late = row["late"]
    problems = (Problem.objects.filter(raised_by_id__in=officer_ids, raised_on__range=(start, last))
                .values("raised_by_id")
                .annotate(raised=Count("id"), resolved=Count("id", filter=Q(status__in=RESOLVED_STATUSES))))
    for row in problems:
        counts[row["raised_by_id"]].problems_raised = row["raised"]
        counts[row["raised_by_id"]].problems_resolved = row["resolved"]
    for officer_id, pair in _visit_counts(officer_ids, start, last).items():
        if officer_id in counts:
            counts[officer_id].visits = tuple(pair)
    for officer_id, pair in _rectification_counts(officer_ids, start, last).items():
        if officer_id in counts:
            counts[officer_id].rectification = tuple(pair)
    return counts


def _visit_counts(officer_ids: list[int], start: date, end: date) -> dict[int, tuple[int, int]]:
    """branches.selectors.officer_visit_counts when the branches app offers it; otherwise nobody has a quota."""
    try:
        from branches.selectors import officer_visit_counts
    except ImportError:
        return {}
    return officer_visit_counts(officer_ids=officer_ids, start=start, end=end)


def _rectification_counts(officer_ids: list[int], start: date, end: date) -> dict[int, tuple[int, int]]:
    """meetings.selectors.officer_rectification_counts when the meetings app offers it; otherwise no items."""
    try:
        from meetings.selectors import officer_rectification_counts
    except ImportError:
        return {}
    return officer_rectification_counts(officer_ids=officer_ids, start=start, end=end)


# The total over the four sources -------------------------------------------------------------------------------


def total_of(assessment: OfficerAssessment, weights: dict[str, int]) -> Decimal | None:
    """The weighted mean over the sources present (a missing source is left out and the others re-weighted)."""
    present = [(weights[s], assessment.score(s)) for s in Source.values
               if weights[s] and assessment.score(s) is not None]
    weight_sum = sum(weight for weight, _ in present)
    if not weight_sum:
        return None
    total = sum(Decimal(weight) * score for weight, score in present) / Decimal(weight_sum)
    return total.quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)

