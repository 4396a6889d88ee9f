"""Medical staff stationed in enterprises by health institutions, and which enterprises each medic covers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enterprises.models import Enterprise
from regions.models import Region
from regions.scoping import RegionScopedModel, ScopedQuerySet


class HealthInstitution(RegionScopedModel):
    """A hospital, township health centre or community health service centre that stations medics."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="health_institutions"
    )
    name = models.CharField(_("name"), max_length=128)

    scope_region_paths = ("region",)

    class Meta:
        verbose_name = _("health institution")
        verbose_name_plural = _("health institutions")
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="health_institution_unique_name_in_region"),
        ]

    def __str__(self):
        return self.name


class Medic(RegionScopedModel):
    """A doctor or nurse a health institution stations in enterprises (驻企医务人员)."""

    institution = models.ForeignKey(
        HealthInstitution, verbose_name=_("health institution"), on_delete=models.PROTECT, related_name="medics"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    phone = models.CharField(_("phone"), max_length=20)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="medic",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Like an officer: the institution's region sees the medic, and so does every region whose enterprises it covers.
    scope_region_paths = ("institution__region", "coverages__enterprise__region")
    scope_user_paths = ("user",)

    class Meta:
        verbose_name = _("medic")
        verbose_name_plural = _("medics")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class MedicCoverageQuerySet(ScopedQuerySet):
    def active_on(self, day=None) -> "MedicCoverageQuerySet":
        day = day or timezone.localdate()
        return self.filter(coverage_active_on(day))


def coverage_active_on(day, prefix: str = "") -> Q:
    """A coverage counts from its start date up to the day before its end date (the end date is the handover day)."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": day})
    )


class MedicCoverage(RegionScopedModel):
    """A medic covering one enterprise from a start date until an end date; never deleted, only ended.

    The end date is the handover day: from that day the coverage no longer counts, so a medic whose coverage ends
    today may take another enterprise today without exceeding the limit.
    """

    medic = models.ForeignKey(Medic, verbose_name=_("medic"), on_delete=models.PROTECT, related_name="coverages")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="medic_coverages"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_note = models.CharField(_("end note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("enterprise__region", "medic__institution__region")
    scope_user_paths = ("medic__user",)

    objects = MedicCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("medical coverage")
        verbose_name_plural = _("medical coverages")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="medic_coverage_ends_after_start",
            ),
            models.UniqueConstraint(fields=["medic", "enterprise", "start_date"], name="medic_coverage_unique_start"),
        ]
        indexes = [
            models.Index(fields=["enterprise", "end_date"], name="medic_coverage_enterprise_end"),
            models.Index(fields=["medic", "end_date"], name="medic_coverage_medic_end"),
        ]

    def __str__(self):
        return f"{self.medic} @ {self.enterprise}"

    def is_active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date > day)

    def delete(self, *args, **kwargs):
        raise PermissionError("Medical coverages are history: end them, never delete them.")
