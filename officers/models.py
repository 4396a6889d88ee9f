from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from regions.models import Region
from regions.scoping import RegionScopedModel, ScopedQuerySet

from .choices import AssignmentEndReason, OfficerStatus


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
    name = models.CharField(_("name"), max_length=64)
    phone = models.CharField(_("phone"), max_length=20)
    backing_unit = models.ForeignKey(
        BackingUnit, verbose_name=_("backing unit"), on_delete=models.PROTECT, related_name="officers"
    )
    title = models.CharField(_("title"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=OfficerStatus.choices, default=OfficerStatus.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Dual management: the backing unit's region, the managing office and the commanding office all see the officer.
    scope_region_paths = ("backing_unit__region", "assignments__managing_region", "assignments__commanding_region")
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
