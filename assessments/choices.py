from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Under assessment")
    FINALISED = "finalised", _("Finalised")


class Source(models.TextChoices):
    """The four sources of an officer's assessment, in the order the sheet lists them."""

    COMPREHENSIVE = "comprehensive", _("Comprehensive assessment")
    DAILY = "daily", _("Daily assessment")
    WORK_EVALUATION = "work_evaluation", _("Work evaluation")
    ENTERPRISE_OPINION = "enterprise_opinion", _("Enterprise opinion")


class SourceState(models.TextChoices):
    """Where one source of an officer's assessment stands, for the lists' filters; the daily source can also be
    the proposal from the data as it stands or a score adjusted by hand."""

    SCORED = "scored", _("Scored")
    MISSING = "missing", _("No score yet")
    PROPOSED = "proposed", _("As proposed from the data")
    ADJUSTED = "adjusted", _("Adjusted by hand")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASICALLY_COMPETENT = "basically_competent", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")


class Outcome(models.TextChoices):
    COMMENDATION = "commendation", _("Commendation")
    PROMOTION = "promotion", _("Promotion recommendation")
    RECALL = "recall", _("Recall and replacement")


class OpinionRating(models.IntegerChoices):
    """An enterprise's opinion of its officer; the value is the score it gives (0-100 scale)."""

    VERY_SATISFIED = 100, _("Very satisfied")
    SATISFIED = 85, _("Satisfied")
    BASICALLY_SATISFIED = 70, _("Basically satisfied")
    DISSATISFIED = 40, _("Dissatisfied")


class EventAction(models.TextChoices):
    OPENED = "opened", _("Round opened")
    SCORE_SET = "score_set", _("Score entered")
    DAILY_PROPOSED = "daily_proposed", _("Daily scores proposed")
    DAILY_ADJUSTED = "daily_adjusted", _("Daily score adjusted")
    GRADE_SET = "grade_set", _("Grade set")
    OPINION_REQUESTED = "opinion_requested", _("Opinion link created")
    OPINION_ANSWERED = "opinion_answered", _("Opinion answered")
    FINALISED = "finalised", _("Round finalised")
    OUTCOME_SET = "outcome_set", _("Outcome set")
    RECALLED = "recalled", _("Recalled")
    VACANCY_FILLED = "vacancy_filled", _("Replacement stationed")
