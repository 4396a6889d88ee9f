from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from officers.models import Assignment, Officer
from regions.models import Region
from regions.scoping import RegionScopedModel

from .choices import ENTERPRISE_EXEMPTIONS, OFFICER_EXEMPTIONS, ExemptionKind

# Bounds that keep a typo (or a hostile client) from putting absurd numbers into the summaries.
MAX_PEOPLE = 1_000_000
MAX_STOCK_DAYS = 365


def _count(verbose_name):
    return models.PositiveIntegerField(verbose_name, default=0, validators=[MaxValueValidator(MAX_PEOPLE)])


class DailyReport(RegionScopedModel):
    """What one officer reports for one enterprise on one day: work done, prevention, production.

    Difficulties raised with the report become problems in the ledger (`problems`). A report can be edited until
    its day closes; `version` grows with every edit so two editors cannot silently overwrite each other.
    """

    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT,
                                   related_name="reports")
    officer = models.ForeignKey(Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="reports")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="reports")
    # The enterprise's region, copied so that per-region summaries need no join through the roster.
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="reports")
    day = models.DateField(_("day"))

    work_done = models.TextField(_("work done today"), max_length=2000, blank=True)

    masks_days = models.PositiveSmallIntegerField(
        _("days of masks in stock"), default=0, validators=[MaxValueValidator(MAX_STOCK_DAYS)])
    disinfectant_days = models.PositiveSmallIntegerField(
        _("days of disinfectant in stock"), default=0, validators=[MaxValueValidator(MAX_STOCK_DAYS)])
    temperature_checks = models.BooleanField(_("temperature checks at the gate"), default=False)
    isolation_room = models.BooleanField(_("isolation room ready"), default=False)
    returned_from_outside = _count(_("staff back from outside the province today"))
    under_observation = _count(_("staff under observation"))
    suspected_cases = _count(_("suspected cases"))

    resumed = models.BooleanField(_("production resumed"), default=False)
    capacity_percent = models.PositiveSmallIntegerField(
        _("capacity in use (%)"), default=0, validators=[MaxValueValidator(100)])
    workers_on_duty = _count(_("workers on duty"))
    workers_missing = _count(_("workers still missing"))
    open_positions = _count(_("open job positions"))

    problems = models.ManyToManyField("problems.Problem", verbose_name=_("difficulties raised"), blank=True,
                                      related_name="reports")

    is_late = models.BooleanField(_("filed late"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    # When the server received the first filing, and when the officer filed it on the phone (the client's clock,
    # kept within REPORT_CLOCK_SKEW_SECONDS and REPORT_OFFLINE_MAX_HOURS): a report written offline in a mine at
    # 19:00 and received at 23:00 was filed at 19:00, and the late rule reads that.
    submitted_at = models.DateTimeField(_("received at"))
    filed_at = models.DateTimeField(_("filed at (on the phone)"))
    updated_at = models.DateTimeField(_("last changed at"))

    scope_region_paths = ("region", "assignment__managing_region")
    scope_user_paths = ("officer__user",)

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["-day", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "enterprise", "day"], name="report_one_per_officer_enterprise_day"
            ),
            models.CheckConstraint(condition=Q(capacity_percent__lte=100), name="report_capacity_at_most_100"),
        ]
        indexes = [
            models.Index(fields=["region", "day"], name="report_region_day"),
            models.Index(fields=["day", "assignment"], name="report_day_assignment"),
            models.Index(fields=["assignment", "-day"], name="report_assignment_latest"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.day:%Y-%m-%d}"

    @property
    def short_of_masks(self) -> bool:
        return self.masks_days < 3

    @property
    def received_at(self):
        return self.submitted_at

    @property
    def filed_offline(self) -> bool:
        """Received well after the officer filed it: it waited on the phone for a signal."""
        return self.submitted_at - self.filed_at > timedelta(minutes=settings.REPORT_FILED_OFFLINE_AFTER_MINUTES)


class ReportToken(models.Model):
    """A report form's one-time token: a second submission of the same form finds the first result here."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    report = models.ForeignKey(DailyReport, verbose_name=_("daily report"), on_delete=models.CASCADE,
                               related_name="tokens")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report form token")
        verbose_name_plural = _("report form tokens")


class ReportExemption(RegionScopedModel):
    """Days on which no report is expected: the enterprise is shut or not reopened, or the officer is on leave.

    An exemption names an enterprise (all its officers are exempt) or an officer (all their enterprises are).
    """

    kind = models.CharField(_("kind"), max_length=32, choices=ExemptionKind.choices)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="report_exemptions")
    officer = models.ForeignKey(Officer, verbose_name=_("officer"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="report_exemptions")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("enterprise__region", "officer__backing_unit__region",
                          "officer__assignments__commanding_region")
    scope_user_paths = ("officer__user",)

    class Meta:
        verbose_name = _("report exemption")
        verbose_name_plural = _("report exemptions")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(enterprise__isnull=False, officer__isnull=True)
                           | Q(enterprise__isnull=True, officer__isnull=False)),
                name="exemption_names_enterprise_or_officer",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="exemption_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["enterprise", "start_date", "end_date"], name="exemption_enterprise_dates"),
            models.Index(fields=["officer", "start_date", "end_date"], name="exemption_officer_dates"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start_date:%Y-%m-%d}–{self.end_date:%Y-%m-%d}"

    def clean(self):
        """The kind decides what is exempt: an enterprise (shut, not reopened) or an officer (leave, rest), never
        both. Here, not in a form, so the page, the admin, the service and any import all keep it."""
        errors = {}
        if self.kind in ENTERPRISE_EXEMPTIONS:
            if self.enterprise_id is None:
                errors["enterprise"] = _("Choose the enterprise that is shut or not reopened.")
            if self.officer_id is not None:
                errors["officer"] = _("A shut or not yet reopened enterprise exempts all its officers: name the "
                                      "enterprise, not an officer.")
        elif self.kind in OFFICER_EXEMPTIONS:
            if self.officer_id is None:
                errors["officer"] = _("Choose the officer on leave or rest.")
            if self.enterprise_id is not None:
                errors["enterprise"] = _("Leave or rest exempts the officer in all their enterprises: name the "
                                         "officer, not an enterprise.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if errors:
            raise ValidationError(errors)
