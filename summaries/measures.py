"""What each summary column means, as one line: add a measure with one model field and one line here.

A measure is a value per source row, combined per enterprise and day (SUM, or MAX for the enterprise's own figures),
then summed per leaf region (where enterprises sit: a county, a park, or a county that also has parks) and summed
again up the tree. So every measure adds up over enterprises. The sources, and the columns a value may use:

- EXPECTED (`x`): one row per assignment expected to report on the day (active on it, and no exemption of its
  enterprise or officer covers it), the rule of `reports.selectors.expected_assignments`; `x.enterprise_id`,
  `x.officer_id`.
- REPORTS (`r`): one row per daily report, with `r.filed` (1 when it answers an expected assignment). Several
  officers of a task force may report on one enterprise: its figures are the largest any of them gave that day
  (MAX), so a task force of three never triples the workers.
- PROBLEMS (`p`): one row per problem and day from the day it was raised, with `p.day`, `p.raised_on`,
  `p.resolved_on` and `p.escalated_on` (local dates), `p.deadline`, `p.is_open` (1 while not resolved at the end
  of the day) and `p.handled_above` (1 when a city or province office handles it now). A problem counts in its
  enterprise's region, whichever office handles it.
- VISITS (`v`): one row per enterprise and day with joint Party branch visits (`branches.BranchVisit`), with
  `v.visits`, how many visits members logged there that day. A visit counts in its enterprise's region.
- DERIVED: an expression of the other measures of the same row, computed after the roll-up.

Problem measures of a past day use what the ledger knows now (current deadline and handling office; a reopened
problem counts as open since it was raised); the nightly close fixes each day's figures shortly after midnight.
"""

from dataclasses import dataclass
from enum import StrEnum


class Source(StrEnum):
    EXPECTED = "expected"
    REPORTS = "reports"
    PROBLEMS = "problems"
    VISITS = "visits"
    DERIVED = "derived"


@dataclass(frozen=True)
class Measure:
    name: str
    source: Source
    value: str
    per_enterprise: str = "SUM"


def flag(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


OPEN = "p.is_open = 1"

MEASURES = (
    Measure("reports_expected", Source.EXPECTED, "1"),
    Measure("reports_filed", Source.REPORTS, "r.filed"),
    Measure("reports_late", Source.REPORTS, flag("r.filed = 1 AND r.is_late")),
    Measure("reports_missing", Source.DERIVED, "reports_expected - reports_filed"),
    Measure("enterprises_stationed", Source.EXPECTED, "1", per_enterprise="MAX"),
    Measure("enterprises_reporting", Source.REPORTS, "1", per_enterprise="MAX"),
    Measure("enterprises_resumed", Source.REPORTS, flag("r.resumed"), per_enterprise="MAX"),
    Measure("workers_on_duty", Source.REPORTS, "r.workers_on_duty", per_enterprise="MAX"),
    Measure("workers_missing", Source.REPORTS, "r.workers_missing", per_enterprise="MAX"),
    Measure("open_positions", Source.REPORTS, "r.open_positions", per_enterprise="MAX"),
    Measure("enterprises_short_of_masks", Source.REPORTS, flag("r.masks_days < 3"), per_enterprise="MAX"),
    Measure("enterprises_with_suspected_cases", Source.REPORTS, flag("r.suspected_cases > 0"), per_enterprise="MAX"),
    Measure("suspected_cases", Source.REPORTS, "r.suspected_cases", per_enterprise="MAX"),
    Measure("problems_new", Source.PROBLEMS, flag("p.raised_on = p.day")),
    Measure("problems_resolved", Source.PROBLEMS, flag("p.resolved_on = p.day")),
    Measure("problems_open", Source.PROBLEMS, flag(OPEN)),
    Measure("problems_overdue", Source.PROBLEMS, flag(f"{OPEN} AND p.deadline < p.day")),
    # Escalated and still unsolved: open at the end of the day and handled by a city or province office since then.
    Measure("problems_escalated", Source.PROBLEMS,
            flag(f"{OPEN} AND p.handled_above = 1 AND (p.escalated_on IS NULL OR p.escalated_on <= p.day)")),
    # Escalated that day (the latest escalation of a problem escalated twice).
    Measure("problems_escalated_today", Source.PROBLEMS, flag("p.escalated_on = p.day")),
    Measure("visits_logged", Source.VISITS, "v.visits"),
    Measure("enterprises_visited", Source.VISITS, "1"),
)

# Not a sum of integers, so not a Measure: new problems of the day as {category: count}.
CATEGORY_COLUMN = "problems_new_by_category"
# Nor this one: the `open_positions` measure split by the enterprises' industry, {industry: positions}; its values
# add up to `open_positions`.
INDUSTRY_COLUMN = "open_positions_by_industry"


def measures_of(source: Source) -> tuple[Measure, ...]:
    return tuple(measure for measure in MEASURES if measure.source == source)
