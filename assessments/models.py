from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from officers.models import Assignment, Officer
from regions.models import Region
from regions.scoping import RegionScopedModel

from .choices import EventAction, Grade, OpinionRating, Outcome, RoundStatus, Source

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
# The column of OfficerAssessment that holds each source's score, and the round's column holding its weight.
SCORE_FIELDS = {
    Source.COMPREHENSIVE: "comprehensive_score",
    Source.DAILY: "daily_score",
    Source.WORK_EVALUATION: "work_evaluation_score",
    Source.ENTERPRISE_OPINION: "enterprise_opinion_score",
}
WEIGHT_FIELDS = {
    Source.COMPREHENSIVE: "weight_comprehensive",
    Source.DAILY: "weight_daily",
    Source.WORK_EVALUATION: "weight_work_evaluation",
    Source.ENTERPRISE_OPINION: "weight_enterprise_opinion",
}


def _score(verbose_name):
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=1, null=True, blank=True,
                               validators=SCORE_VALIDATORS)


def _weight(verbose_name, default):
    return models.PositiveSmallIntegerField(verbose_name, default=default, validators=[MaxValueValidator(100)])


def _by(verbose_name):
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose_name, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")


class AssessmentRound(RegionScopedModel):
    """One assessment of a region's officers over a period (a year, a half-year), opened by its organisation department.

    Each source's weight is a whole percentage; the four add up to 100. Officers are graded in the round's own list
    (年度考核单列); at most `excellent_quota_percent` of them may be excellent. A finalised round is read-only.
    """

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="assessment_rounds")
    name = models.CharField(_("name"), max_length=128)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    weight_comprehensive = _weight(_("weight of the comprehensive assessment (%)"), 40)
    weight_daily = _weight(_("weight of the daily assessment (%)"), 30)
    weight_work_evaluation = _weight(_("weight of the work evaluation (%)"), 20)
    weight_enterprise_opinion = _weight(_("weight of the enterprise opinion (%)"), 10)
    excellent_quota_percent = models.PositiveSmallIntegerField(
        _("excellent quota (%)"), default=30, validators=[MaxValueValidator(100)])
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = _by(_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    proposed_at = models.DateTimeField(_("daily scores proposed at"), null=True, blank=True)
    finalised_by = _by(_("finalised by"))
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)

    # The organisation department's region sees the round; so do the offices whose officers are in it (they enter
    # daily scores and work evaluations), which is why the assessments' regions count too.
    scope_region_paths = ("region", "assessments__managing_region", "assessments__commanding_region")

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="assessment_round_unique_name"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="assessment_round_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.region} · {self.name}"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    def weight(self, source: str) -> int:
        return getattr(self, WEIGHT_FIELDS[source])

    @property
    def weights(self) -> dict[str, int]:
        return {source: self.weight(source) for source in Source.values}

    def excellent_allowed(self, officer_count: int) -> int:
        """At most floor(quota % x officers): rounding up would let 3 of 7 officers (43 %) be excellent."""
        return self.excellent_quota_percent * officer_count // 100


class OfficerAssessment(RegionScopedModel):
    """One officer in one round: a score per source (blank when missing), the total, the grade and the outcome.

    The daily score starts as the proposal computed from the data (`daily_proposed`, components in
    `daily_components`); an adjustment by hand keeps the proposal next to it and needs a reason.
    `managing_region`/`commanding_region` come from the officer's last assignment of the period in the round's region:
    those offices see the row, adjust the daily score and enter the work evaluation.
    """

    round = models.ForeignKey(AssessmentRound, verbose_name=_("round"), on_delete=models.PROTECT,
                              related_name="assessments")
    officer = models.ForeignKey(Officer, verbose_name=_("officer"), on_delete=models.PROTECT,
                                related_name="assessments")
    managing_region = models.ForeignKey(Region, verbose_name=_("managing office"), on_delete=models.PROTECT,
                                        related_name="+")
    commanding_region = models.ForeignKey(Region, verbose_name=_("commanding office"), on_delete=models.PROTECT,
                                          related_name="+")

    comprehensive_score = _score(_("comprehensive assessment"))
    comprehensive_by = _by(_("comprehensive assessment entered by"))
    comprehensive_at = models.DateTimeField(_("comprehensive assessment entered at"), null=True, blank=True)

    daily_proposed = _score(_("proposed daily assessment"))
    daily_components = models.JSONField(_("daily assessment components"), default=dict, blank=True)
    daily_score = _score(_("daily assessment"))
    daily_reason = models.CharField(_("reason for the adjustment"), max_length=500, blank=True)
    daily_by = _by(_("daily assessment adjusted by"))
    daily_at = models.DateTimeField(_("daily assessment adjusted at"), null=True, blank=True)

    work_evaluation_score = _score(_("work evaluation"))
    work_evaluation_by = _by(_("work evaluation entered by"))
    work_evaluation_at = models.DateTimeField(_("work evaluation entered at"), null=True, blank=True)

    enterprise_opinion_score = _score(_("enterprise opinion"))
    opinions_answered = models.PositiveIntegerField(_("opinions answered"), default=0)

    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=24, choices=Grade.choices, blank=True)
    grade_by = _by(_("graded by"))
    grade_at = models.DateTimeField(_("graded at"), null=True, blank=True)

    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(_("outcome note"), max_length=500, blank=True)
    outcome_by = _by(_("outcome set by"))
    outcome_at = models.DateTimeField(_("outcome set at"), null=True, blank=True)

    scope_region_paths = ("round__region", "managing_region", "commanding_region")
    # The office managing the officer adjusts the assessment; the commanding office and the organisation
    # department have their own parts (assessments.services).
    scope_manage_paths = ("managing_region",)

    class Meta:
        verbose_name = _("officer assessment")
        verbose_name_plural = _("officer assessments")
        ordering = ["officer__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "officer"], name="officer_assessment_one_per_round"),
        ]
        indexes = [models.Index(fields=["round", "grade"], name="assessment_round_grade")]

    def __str__(self):
        return f"{self.officer} · {self.round.name}"

    def score(self, source: str) -> Decimal | None:
        return getattr(self, SCORE_FIELDS[source])

    @property
    def daily_adjusted(self) -> bool:
        return bool(self.daily_reason)

    def missing_sources(self, weights: dict[str, int]) -> list[str]:
        """The weighted sources without a score: the total was re-weighted over the others."""
        return [source for source in Source.values if weights[source] and self.score(source) is None]

    @property
    def missing_source_labels(self) -> list[str]:
        """The round's weighted sources without a score here: the total was re-weighted without them."""
        return [str(Source(source).label) for source in self.missing_sources(self.round.weights)]


class AssessmentEvent(models.Model):
    """One change in a round before it is finalised (and the outcomes after): who, when, what, old -> new, why."""

    round = models.ForeignKey(AssessmentRound, verbose_name=_("round"), on_delete=models.PROTECT,
                              related_name="events")
    assessment = models.ForeignKey(OfficerAssessment, verbose_name=_("officer assessment"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="events")
    actor = _by(_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=24, choices=EventAction.choices)
    field = models.CharField(_("field"), max_length=32, blank=True)
    old_value = models.CharField(_("old value"), max_length=64, blank=True)
    new_value = models.CharField(_("new value"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["assessment", "at"], name="assessment_event_at")]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    def delete(self, *args, **kwargs):
        raise PermissionError("An assessment's history is never deleted.")


class OpinionRequest(RegionScopedModel):
    """An enterprise's performance opinion (绩效意见) on its officer, asked through a signed link; answered once."""

    assessment = models.ForeignKey(OfficerAssessment, verbose_name=_("officer assessment"),
                                   on_delete=models.PROTECT, related_name="opinion_requests")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="+")
    created_by = _by(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=OpinionRating.choices, null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    scope_region_paths = ("assessment__round__region", "assessment__managing_region",
                          "assessment__commanding_region")

    class Meta:
        verbose_name = _("opinion request")
        verbose_name_plural = _("opinion requests")
        ordering = ["assessment__officer__name", "enterprise__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "enterprise"], name="opinion_one_per_enterprise"),
        ]

    def __str__(self):
        return f"{self.enterprise} → {self.assessment.officer}"


class ReplacementVacancy(RegionScopedModel):
    """An enterprise left without its officer by a recall, waiting for the office to station a successor.

    Filling it creates the successor's assignment with `replaces` pointing at the ended one; nothing is deleted.
    """

    assessment = models.ForeignKey(OfficerAssessment, verbose_name=_("officer assessment"),
                                   on_delete=models.PROTECT, related_name="vacancies")
    ended_assignment = models.OneToOneField(Assignment, verbose_name=_("ended assignment"),
                                            on_delete=models.PROTECT, related_name="vacancy")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="+")
    managing_region = models.ForeignKey(Region, verbose_name=_("managing office"), on_delete=models.PROTECT,
                                        related_name="+")
    created_by = _by(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    filled_assignment = models.OneToOneField(Assignment, verbose_name=_("successor's assignment"), null=True,
                                             blank=True, on_delete=models.PROTECT, related_name="fills_vacancy")
    filled_by = _by(_("filled by"))
    filled_at = models.DateTimeField(_("filled at"), null=True, blank=True)

    scope_region_paths = ("managing_region", "enterprise__region")

    class Meta:
        verbose_name = _("replacement vacancy")
        verbose_name_plural = _("replacement vacancies")
        ordering = ["filled_at", "-created_at", "id"]

    def __str__(self):
        return f"{self.enterprise}"

    @property
    def is_filled(self) -> bool:
        return self.filled_assignment_id is not None
