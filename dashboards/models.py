from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enterprises.models import Enterprise
from regions.models import Region
from regions.scoping import RegionScopedModel

# A bus carries dozens, a special train a few thousand: anything above this is a typo.
MAX_WORKERS_PER_TRIP = 5000
NOTE_LIMIT = 500


class ShuttleTrip(RegionScopedModel):
    """One worker shuttle trip (就业直通车) an office ran: workers carried from where they live to the enterprises.

    Logged by the liaison office of `region` (the office that organised it); counted in every region above it.
    """

    day = models.DateField(_("date"))
    route_from = models.CharField(_("from"), max_length=64)
    route_to = models.CharField(_("to"), max_length=64)
    region = models.ForeignKey(Region, verbose_name=pgettext_lazy("shuttle trip", "organising office"),
                               on_delete=models.PROTECT, related_name="shuttle_trips")
    enterprises = models.ManyToManyField(Enterprise, verbose_name=_("enterprises served"),
                                         related_name="shuttle_trips")
    workers_carried = models.PositiveIntegerField(
        _("workers carried"), validators=[MinValueValidator(1), MaxValueValidator(MAX_WORKERS_PER_TRIP)])
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(NOTE_LIMIT)])
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("logged by"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("region",)

    class Meta:
        verbose_name = _("worker shuttle trip")
        verbose_name_plural = _("worker shuttle trips")
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["region", "day"], name="shuttle_trip_region_day")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.route_from} → {self.route_to}"

    @property
    def route(self) -> str:
        return f"{self.route_from} → {self.route_to}"


def bulletin_upload_to(bulletin: "Bulletin", filename: str) -> str:
    return f"bulletins/{bulletin.day:%Y/%m}/{filename}"


class Bulletin(RegionScopedModel):
    """An office's daily bulletin (日总结): the day's figures frozen when it was generated, and the same as xlsx.

    One per region and day; generating it again replaces it (data, file and time).
    """

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="bulletins")
    day = models.DateField(_("day"))
    generated_at = models.DateTimeField(_("generated at"))
    data = models.JSONField(_("data"), default=dict)
    xlsx = models.FileField(_("spreadsheet"), upload_to=bulletin_upload_to, max_length=200, blank=True)

    scope_region_paths = ("region",)

    class Meta:
        verbose_name = _("daily bulletin")
        verbose_name_plural = _("daily bulletins")
        ordering = ["-day", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "day"], name="bulletin_one_per_region_day")]
        indexes = [models.Index(fields=["day", "region"], name="bulletin_day_region")]

    def __str__(self):
        return f"{self.region} {self.day:%Y-%m-%d}"
