"""What each summary column means, as one line of SQL: add a measure with one model field and one line here.

Every measure is computed for the leaf regions (where enterprises sit: a county, a park, or a county that also has
parks) and summed up the tree, so each one must add up over enterprises; the sources say what a row is:

- EXPECTED: one row per assignment expected to report on the day (active on it, no exemption of its enterprise or
  officer covering it), with `x.has_report` and `x.report_is_late` (0 or 1); aggregated per region and day.
  The same rule as `reports.selectors.expected_assignments`.
- REPORTS: the day's reports of one enterprise (`r`); aggregated per enterprise and day, then summed. Several
  officers of a task force may report on one enterprise: its figures are the largest any of them gave that day,
  so a task force of three never triples the workers on duty.
- PROBLEMS: one row per problem and day from the day it was raised (`p`), with `p.day`, `p.raised_on`,
  `p.resolved_on` and `p.escalated_on` (local dates), `p.deadline`, `p.is_open` (1 while not resolved at the end
  of the day) and `p.handled_above` (1 when a city or province office handles it now); aggregated per region
  and day. A problem belongs to its enterprise's region, whichever office handles it.

Problem measures of a past day use what the ledger knows now (current deadline and handling office; a reopened
problem counts as open since it was raised); the nightly close fixes each day's figures shortly after midnight.
"""

from dataclasses import dataclass
from enum import StrEnum


class Source(StrEnum):
    EXPECTED = "expected"
    REPORTS = "reports"
    PROBLEMS = "problems"


@dataclass(frozen=True)
class Measure:
    name: str
    source: Source
    expression: str


def count_if(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def any_report(condition: str) -> str:
    """1 when any of the enterprise's reports that day meets `condition`."""
    return f"MAX(CASE WHEN {condition} THEN 1 ELSE 0 END)"


OPEN = "p.is_open = 1"

MEASURES = (
    Measure("reports_expected", Source.EXPECTED, "COUNT(*)"),
    Measure("reports_filed", Source.EXPECTED, "SUM(x.has_report)"),
    Measure("reports_late", Source.EXPECTED, "SUM(x.report_is_late)"),
    Measure("reports_missing", Source.EXPECTED, "SUM(1 - x.has_report)"),
    Measure("enterprises_stationed", Source.EXPECTED, "COUNT(DISTINCT x.enterprise_id)"),
    Measure("enterprises_reporting", Source.REPORTS, "1"),
    Measure("enterprises_resumed", Source.REPORTS, any_report("r.resumed")),
    Measure("workers_on_duty", Source.REPORTS, "MAX(r.workers_on_duty)"),
    Measure("workers_missing", Source.REPORTS, "MAX(r.workers_missing)"),
    Measure("open_positions", Source.REPORTS, "MAX(r.open_positions)"),
    Measure("enterprises_short_of_masks", Source.REPORTS, any_report("r.masks_days < 3")),
    Measure("enterprises_with_suspected_cases", Source.REPORTS, any_report("r.suspected_cases > 0")),
    Measure("suspected_cases", Source.REPORTS, "MAX(r.suspected_cases)"),
    Measure("problems_new", Source.PROBLEMS, count_if("p.raised_on = p.day")),
    Measure("problems_resolved", Source.PROBLEMS, count_if("p.resolved_on = p.day")),
    Measure("problems_open", Source.PROBLEMS, count_if(OPEN)),
    Measure("problems_overdue", Source.PROBLEMS, count_if(f"{OPEN} AND p.deadline < p.day")),
    # Escalated and still unsolved: open at the end of the day and handled by a city or province office since then.
    Measure("problems_escalated", Source.PROBLEMS,
            count_if(f"{OPEN} AND p.handled_above = 1 AND (p.escalated_on IS NULL OR p.escalated_on <= p.day)")),
    # Escalated that day (the latest escalation of a problem escalated twice).
    Measure("problems_escalated_today", Source.PROBLEMS, count_if("p.escalated_on = p.day")),
)

# Not a sum of integers, so not a Measure: new problems of the day as {category: count}.
CATEGORY_COLUMN = "problems_new_by_category"


def measures_of(source: Source) -> tuple[Measure, ...]:
    return tuple(measure for measure in MEASURES if measure.source == source)
