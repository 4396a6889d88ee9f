from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.models import Region
from regions.scoping import RegionScopedModel


def _count(verbose_name):
    return models.PositiveIntegerField(verbose_name, default=0)


def _people(verbose_name):
    # Sums of people over a province can outgrow a 32-bit integer with hostile input; a summary must never fail.
    return models.PositiveBigIntegerField(verbose_name, default=0)


class RegionDaySummary(RegionScopedModel):
    """The daily figures of a region's whole subtree on one day, recomputed from the source rows (never incremented).

    Each integer column is one measure of `summaries.measures.MEASURES`, which says how it is computed.
    """

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))

    reports_expected = _count(_("reports expected"))
    reports_filed = _count(_("reports filed"))
    reports_late = _count(_("reports filed late"))
    reports_missing = _count(_("reports missing"))

    enterprises_stationed = _count(_("enterprises stationed"))
    enterprises_reporting = _count(_("enterprises reported on"))
    enterprises_resumed = _count(_("enterprises resumed"))
    workers_on_duty = _people(_("workers on duty"))
    workers_missing = _people(_("workers still missing"))
    open_positions = _people(_("open job positions"))
    open_positions_by_industry = models.JSONField(_("open job positions by industry"), default=dict, blank=True)

    enterprises_short_of_masks = _count(_("enterprises short of masks"))
    enterprises_with_suspected_cases = _count(_("enterprises with suspected cases"))
    suspected_cases = _people(_("suspected cases"))

    problems_new = _count(_("new problems"))
    problems_resolved = _count(_("problems resolved"))
    problems_open = _count(_("open problems"))
    problems_overdue = _count(_("overdue problems"))
    problems_escalated = _count(_("open problems handled above the county"))
    problems_escalated_today = _count(_("problems escalated that day"))
    problems_new_by_category = models.JSONField(_("new problems by category"), default=dict, blank=True)

    visits_logged = _count(_("branch visits logged"))
    enterprises_visited = _count(_("enterprises visited by branch members"))

    computed_at = models.DateTimeField(_("computed at"))

    scope_region_paths = ("region",)

    class Meta:
        verbose_name = _("region-day summary")
        verbose_name_plural = _("region-day summaries")
        ordering = ["region__path", "day"]
        constraints = [models.UniqueConstraint(fields=["region", "day"], name="summary_one_per_region_day")]
        indexes = [models.Index(fields=["day", "region"], name="summary_day_region")]

    def __str__(self):
        return f"{self.region} {self.day:%Y-%m-%d}"

    @property
    def reporting_rate(self) -> float | None:
        """Share of the expected reports that were filed, in percent."""
        return round(100 * self.reports_filed / self.reports_expected, 1) if self.reports_expected else None

    @property
    def resumption_rate(self) -> float | None:
        """Share of the stationed enterprises whose report said production had resumed, in percent."""
        if not self.enterprises_stationed:
            return None
        return round(100 * min(self.enterprises_resumed, self.enterprises_stationed) / self.enterprises_stationed, 1)


class StaleRegionDays(models.Model):
    """A region whose figures from `first_day` to `last_day` must be recomputed (with its ancestors).

    Written only by database triggers (summaries/staleness.py), in the same transaction as the change, so no writer
    can forget it; the refresh reads the marks, recomputes, and deletes exactly the marks it read, so a change that
    lands during a recompute is never lost, even with the broker down.
    """

    # No foreign-key constraint: the triggers write ids of regions that exist, and a mark must never block deleting
    # a region (the refresh skips marks of regions that are gone).
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.DO_NOTHING, db_constraint=False,
                               related_name="+")
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("stale region-days")
        verbose_name_plural = _("stale region-days")

    def __str__(self):
        return f"{self.region_id} {self.first_day}–{self.last_day}"


class SummaryVerification(models.Model):
    """One run of `verify_summaries`: how many region-days it recounted from the raw rows and what differed."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    since = models.DateField(_("from day"), null=True, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    region_days_checked = models.PositiveIntegerField(_("region-days checked"))
    mismatch_count = models.PositiveIntegerField(_("mismatches"))
    mismatches = models.JSONField(_("first mismatches"), default=list, blank=True)

    class Meta:
        verbose_name = _("summary verification")
        verbose_name_plural = _("summary verifications")
        ordering = ["-finished_at"]

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M} {self.region_days_checked}/{self.mismatch_count}"
