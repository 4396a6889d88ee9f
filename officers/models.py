from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enterprises.models import Enterprise
from regions.models import Region
from regions.scoping import RegionScopedModel, ScopedQuerySet

from .choices import AllowanceKind, AssignmentEndReason, OfficerStatus, RestKind


class BackingUnit(RegionScopedModel):
    """The unit that dispatches an officer and backs their work (派出单位/后盾单位), e.g. a city water bureau."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="backing_units")
    name = models.CharField(_("name"), max_length=128)

    scope_region_paths = ("region",)

    class Meta:
        verbose_name = _("backing unit")
        verbose_name_plural = _("backing units")
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="backing_unit_unique_name_in_region")]

    def __str__(self):
        return self.name


class Officer(RegionScopedModel):
    """A civil servant stationed in enterprises; the roster record behind one login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="officer"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    phone = models.CharField(_("phone"), max_length=20)
    backing_unit = models.ForeignKey(
        BackingUnit, verbose_name=_("backing unit"), on_delete=models.PROTECT, related_name="officers"
    )
    title = models.CharField(pgettext_lazy("officer's post", "title"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=OfficerStatus.choices, default=OfficerStatus.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Dual management: the backing unit's region, the managing office and the commanding office all see the officer.
    scope_region_paths = ("backing_unit__region", "assignments__managing_region", "assignments__commanding_region")
    # Kept (care records, recall) by the backing unit's office and the offices managing the officer's postings.
    scope_manage_paths = ("backing_unit__region", "assignments__managing_region")
    scope_user_paths = ("user",)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["status", "name"], name="officer_status_name")]

    def __str__(self):
        return self.name


class TaskForce(RegionScopedModel):
    """A task force (工作专班) of several officers stationed together in a key enterprise or project."""

    name = models.CharField(_("name"), max_length=128)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="task_forces"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("managing office"), on_delete=models.PROTECT, related_name="task_forces"
    )
    leader = models.ForeignKey(
        Officer, verbose_name=_("leader"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="led_task_forces",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("region", "enterprise__region")
    scope_user_paths = ("assignments__officer__user",)

    class Meta:
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "name"], name="task_force_unique_name")]

    def __str__(self):
        return self.name


class AssignmentQuerySet(ScopedQuerySet):
    def active_on(self, day=None) -> "AssignmentQuerySet":
        day = day or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


class Assignment(RegionScopedModel):
    """An officer stationed in one enterprise from a start date to an end date; never deleted, only ended.

    Dual management: the managing office dispatched the officer, the commanding office is where the enterprise is.
    """

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="assignments"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="assignments"
    )
    managing_region = models.ForeignKey(
        Region, verbose_name=_("managing office"), on_delete=models.PROTECT, related_name="managed_assignments"
    )
    commanding_region = models.ForeignKey(
        Region, verbose_name=_("commanding office"), on_delete=models.PROTECT, related_name="commanded_assignments"
    )
    task_force = models.ForeignKey(
        TaskForce, verbose_name=_("task force"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="assignments",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=16, choices=AssignmentEndReason.choices, blank=True)
    end_note = models.CharField(_("end note"), max_length=255, blank=True)
    replaces = models.ForeignKey(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("managing_region", "commanding_region")
    scope_user_paths = ("officer__user",)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_start",
            ),
            models.UniqueConstraint(fields=["officer", "enterprise", "start_date"], name="assignment_unique_start"),
        ]
        indexes = [
            models.Index(fields=["enterprise", "end_date"], name="assignment_enterprise_end"),
            models.Index(fields=["officer", "end_date"], name="assignment_officer_end"),
        ]

    def __str__(self):
        return f"{self.officer} @ {self.enterprise}"

    def is_active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def delete(self, *args, **kwargs):
        raise PermissionError("Assignments are history: end them, never delete them.")


# Officer care (保障): insurance, allowances, rest and the health check when the posting ends. Each record belongs to
# one officer and is seen by whoever sees the officer (dual management), and by the officer.
OFFICER_CARE_REGION_PATHS = (
    "officer__backing_unit__region", "officer__assignments__managing_region", "officer__assignments__commanding_region",
)


class InsurancePolicy(RegionScopedModel):
    """An accident or health insurance policy covering an officer while stationed."""

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="insurance_policies"
    )
    insurer = models.CharField(_("insurer"), max_length=128)
    policy_number = models.CharField(_("policy number"), max_length=64)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = OFFICER_CARE_REGION_PATHS
    scope_user_paths = ("officer__user",)

    class Meta:
        verbose_name = _("insurance policy")
        verbose_name_plural = _("insurance policies")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")),
                                   name="insurance_ends_after_start"),
            models.UniqueConstraint(fields=["insurer", "policy_number"], name="insurance_unique_policy_number"),
        ]

    def __str__(self):
        return f"{self.insurer} {self.policy_number}"


class Allowance(RegionScopedModel):
    """A month's meal or transport allowance of an officer: claimed, then paid (in full or in part)."""

    officer = models.ForeignKey(Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="allowances")
    kind = models.CharField(_("kind"), max_length=16, choices=AllowanceKind.choices)
    month = models.DateField(_("month"), help_text=_("The first day of the month the allowance is for."))
    amount_claimed = models.DecimalField(_("amount claimed"), max_digits=10, decimal_places=2)
    amount_paid = models.DecimalField(_("amount paid"), max_digits=10, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("claimed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("paid by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = OFFICER_CARE_REGION_PATHS
    scope_user_paths = ("officer__user",)

    class Meta:
        verbose_name = _("allowance")
        verbose_name_plural = _("allowances")
        ordering = ["-month", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "kind", "month"], name="allowance_one_claim_per_month"),
            models.CheckConstraint(condition=Q(amount_claimed__gt=0), name="allowance_claims_something"),
            models.CheckConstraint(
                condition=Q(amount_paid__isnull=True) | (Q(amount_paid__gte=0)
                                                         & Q(amount_paid__lte=models.F("amount_claimed"))),
                name="allowance_paid_at_most_claimed",
            ),
        ]

    def __str__(self):
        return f"{self.officer} {self.get_kind_display()} {self.month:%Y-%m}"

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None


class RestPeriod(RegionScopedModel):
    """Days an officer was off duty: a rotation (another officer stood in) or rest; both count as rest days."""

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="rest_periods"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RestKind.choices, default=RestKind.REST)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = OFFICER_CARE_REGION_PATHS
    scope_user_paths = ("officer__user",)

    class Meta:
        verbose_name = _("rest period")
        verbose_name_plural = _("rest periods")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="rest_ends_after_start"),
            # Periods of one officer never overlap (the service checks), so a start date names one period.
            models.UniqueConstraint(fields=["officer", "start_date"], name="rest_unique_start"),
        ]
        indexes = [models.Index(fields=["officer", "end_date"], name="rest_officer_end")]

    def __str__(self):
        return f"{self.officer} {self.start_date}–{self.end_date}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class HealthCheck(RegionScopedModel):
    """The health check an officer has when a posting ends; until one is recorded the officer is flagged.

    `due_on` is the day the posting ended (the end of the officer's last assignment, a recall included), filled in
    by the service when the check is recorded.
    """

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="health_checks"
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"))
    result = models.CharField(pgettext_lazy("health check", "result"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = OFFICER_CARE_REGION_PATHS
    scope_user_paths = ("officer__user",)

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["-done_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "due_on"], name="health_check_one_per_posting_end"),
            models.CheckConstraint(condition=Q(done_on__gte=models.F("due_on")), name="health_check_after_posting"),
        ]

    def __str__(self):
        return f"{self.officer} {self.done_on}"
