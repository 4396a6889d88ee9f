"""The assessment sheet (考核汇总表) of a round, the way organisation departments file it.

A cover sheet (round, region, period, weights, counts per grade) and one row per officer: unit, post, enterprises
served in the period, each source's score (blank when missing), total, grade, outcome and a note naming the sources
the total was re-weighted without. Rows stream from the selector into openpyxl's write-only workbook, so memory stays
flat whatever the round's size; text that looks like a formula is written as text (spreadsheets.writing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from spreadsheets.writing import Sheet

from .choices import Grade, Outcome, Source
from .models import AssessmentRound, OfficerAssessment
from .selectors import assessment_sheet_rows, grade_counts

SCORE_FORMAT = "0.0"
SOURCE_LABELS = {source: label for source, label in Source.choices}


def sheet_filename(assessment_round: AssessmentRound) -> str:
    return f"{assessment_round.region.name}{assessment_round.name}考核汇总表"


def sheet_headers() -> list[str]:
    return [
        _("No."), _("Officer's name"), _("Backing unit"), _("Post"), _("Enterprises served"),
        *(str(SOURCE_LABELS[source]) for source in Source.values),
        _("Proposed daily assessment"), _("Total score"), _("Grade"), _("Outcome"), _("Note"),
    ]


WIDTHS = [6, 12, 28, 18, 40, 12, 12, 12, 12, 14, 10, 12, 14, 40]
FORMATS = [None, None, None, None, None, SCORE_FORMAT, SCORE_FORMAT, SCORE_FORMAT, SCORE_FORMAT, SCORE_FORMAT,
           "0.00", None, None, None]


def sheet_row(number: int, assessment: OfficerAssessment, weights: dict[str, int]) -> list:
    officer = assessment.officer
    enterprises = list(dict.fromkeys(a.enterprise.name for a in officer.period_assignments))
    missing = assessment.missing_sources(weights)
    notes = []
    if missing:
        notes.append(_("Re-weighted without: %(sources)s") % {"sources": "、".join(
            str(SOURCE_LABELS[source]) for source in missing)})
    if assessment.daily_reason:
        notes.append(_("Daily score adjusted: %(reason)s") % {"reason": assessment.daily_reason})
    return [
        number, officer.name, officer.backing_unit.name, officer.title, "、".join(enterprises),
        *(assessment.score(source) for source in Source.values),
        assessment.daily_proposed, assessment.total,
        str(Grade(assessment.grade).label) if assessment.grade else "",
        str(Outcome(assessment.outcome).label) if assessment.outcome else "",
        "；".join(notes),
    ]


def officer_rows(rows: Iterable[OfficerAssessment], weights: dict[str, int],
                 on_row: Callable[[int], None] | None = None) -> Iterator[list]:
    for number, assessment in enumerate(rows, start=1):
        yield sheet_row(number, assessment, weights)
        if on_row is not None:
            on_row(number)


def assessment_sheets(*, assessment_round: AssessmentRound, fetched_by,
                      on_row: Callable[[int], None] | None = None) -> list[Sheet]:
    """The cover and the officers' sheet; the officers' rows are a generator (consumed while the file is written)."""
    counts = grade_counts(assessment_round=assessment_round)
    weights = assessment_round.weights
    period = f"{assessment_round.period_start:%Y-%m-%d} – {assessment_round.period_end:%Y-%m-%d}"
    cover_rows = [
        (_("Round"), assessment_round.name),
        (_("Region"), assessment_round.region.name),
        (_("Assessment period"), period),
        (_("Status"), assessment_round.get_status_display()),
        *((_("Weight of %(source)s (%%)") % {"source": SOURCE_LABELS[source]}, weights[source])
          for source in Source.values),
        (_("Excellent quota (%)"), assessment_round.excellent_quota_percent),
        (_("Officers"), counts["officers"]),
        *((str(label), counts[grade]) for grade, label in Grade.choices),
        (_("Not graded yet"), counts["ungraded"]),
        (_("Exported at"), timezone.now()),
    ]
    cover = Sheet(title=_("Cover"), headers=[_("Item"), _("Value")], rows=cover_rows, widths=[28, 40])
    rows = assessment_sheet_rows(assessment_round=assessment_round, fetched_by=fetched_by)
    officers = Sheet(title=_("Officers"), headers=sheet_headers(), rows=officer_rows(rows, weights, on_row),
                     widths=WIDTHS, number_formats=FORMATS)
    return [cover, officers]
