"""A round's officers as a working list: the rows the round page lists under its filters, as a spreadsheet.

The official assessment sheet of the whole round (考核汇总表, assessments.xlsx) stays a document of its own; this is
the list an organisation department works through (who has no comprehensive score yet, who is not graded...).
"""

import re

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spreadsheets.lists import ExportColumn, ListExport

from .choices import Source
from .models import AssessmentRound

SCORE_FORMAT = "0.0"
# Characters Excel refuses in a sheet's name (the title names the sheet and the file).
SHEET_NAME_REFUSES = re.compile(r"[\[\]:*?/\\]")


def _score(source: str) -> ExportColumn:
    return ExportColumn(Source(source).label, lambda a: a.score(source), width=12, number_format=SCORE_FORMAT)


ASSESSMENT_ENTRY_COLUMNS = (
    ExportColumn(_("Officer's name"), lambda a: a.officer.name, width=12),
    ExportColumn(_("Backing unit"), lambda a: a.officer.backing_unit.name, width=28),
    ExportColumn(_("Managing office"), lambda a: a.managing_region.name, width=12),
    ExportColumn(_("Commanding office"), lambda a: a.commanding_region.name, width=12),
    *(_score(source) for source in Source.values),
    ExportColumn(_("Proposed daily assessment"), lambda a: a.daily_proposed, width=14, number_format=SCORE_FORMAT),
    ExportColumn(_("Reason for the adjustment"), lambda a: a.daily_reason, width=30),
    ExportColumn(_("Total score"), lambda a: a.total, width=10, number_format="0.00"),
    ExportColumn(_("Grade"), lambda a: a.get_grade_display(), width=12),
    ExportColumn(_("Outcome"), lambda a: a.get_outcome_display(), width=14),
    ExportColumn(_("Sources missing"), lambda a: "、".join(a.missing_source_labels), width=24),
)


def round_entries_export(assessment_round: AssessmentRound) -> ListExport:
    """The round's working list, titled with the round (the sheet's and the file's name)."""
    title = gettext("%(round)s officers") % {"round": f"{assessment_round.region.name}{assessment_round.name}"}
    return ListExport(title=SHEET_NAME_REFUSES.sub("-", title), columns=ASSESSMENT_ENTRY_COLUMNS)
