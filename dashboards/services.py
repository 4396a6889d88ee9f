"""Writes of the dashboards app: logging a worker shuttle trip, generating the daily bulletins (and telling each
office its bulletin is out)."""

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from notifications.choices import NoticeKind
from notifications.selectors import office_staff_ids
from notifications.services import notify
from problems.models import Problem
from regions.models import Region
from regions.scoping import ensure_manages_region
from summaries.models import RegionDaySummary
from summaries.services import summaries_refresh_dirty

from .figures import FIGURES
from .models import MAX_WORKERS_PER_TRIP, Bulletin, ShuttleTrip
from .selectors import problem_condition

logger = logging.getLogger(__name__)

# How many child regions a bulletin names as the lowest reporting rate, and how many problems it lists.
BULLETIN_LOWEST = 5
BULLETIN_PROBLEMS = 10


@transaction.atomic
def shuttle_trip_log(
    *,
    actor,
    day: date | None,
    route_from: str,
    route_to: str,
    region: Region | None,
    enterprises: Iterable[Enterprise],
    workers_carried: int | None,
    note: str = "",
) -> ShuttleTrip:
    """Record a worker shuttle trip (就业直通车) an office ran for enterprises of its region.

    The actor's liaison office must serve `region`; every enterprise must lie in it; at least one worker; not in
    the future.
    """
    ensure_manages_region(actor=actor, region=region, message=_("Choose a region your liaison office serves."))
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if day is None:
        errors["day"] = _("Please choose a date.")
    elif day > today:
        errors["day"] = _("A trip cannot be logged for a day that has not come yet.")
    if workers_carried is None or workers_carried < 1:
        errors["workers_carried"] = _("A trip carries at least one worker.")
    elif workers_carried > MAX_WORKERS_PER_TRIP:
        errors["workers_carried"] = _("At most %(limit)d workers per trip; log a larger convoy as several trips.") \
            % {"limit": MAX_WORKERS_PER_TRIP}
    route_from, route_to = (route_from or "").strip(), (route_to or "").strip()
    if not route_from:
        errors["route_from"] = _("Where did the trip start?")
    if not route_to:
        errors["route_to"] = _("Where did the trip go?")
    served = list(dict.fromkeys(enterprises))
    outside = [enterprise.name for enterprise in served if not region.contains(enterprise.region)]
    if not served:
        errors["enterprises"] = _("Choose the enterprises the trip served.")
    elif outside:
        errors["enterprises"] = _("%(names)s is not in %(region)s.") % {"names": ", ".join(outside),
                                                                       "region": region.name}
    if errors:
        raise ValidationError(errors)
    trip = ShuttleTrip(day=day, route_from=route_from, route_to=route_to, region=region,
                       workers_carried=workers_carried, note=(note or "").strip(), logged_by=actor)
    trip.full_clean()
    trip.save()
    trip.enterprises.set(served)
    return trip


# The daily bulletin -------------------------------------------------------------------------------------------------

def bulletin_regions() -> list[Region]:
    """Every office that gets a bulletin: each region with enterprises in its subtree (province, cities, counties,
    parks), read in two queries. A region without enterprises has nothing to summarise."""
    paths = set(Enterprise.objects.order_by().values_list("region__path", flat=True).distinct())
    codes = {code for path in paths for code in path.rstrip("/").split("/")}
    return list(Region.objects.filter(code__in=codes).order_by("depth", "code"))


def _figures(row: RegionDaySummary | None) -> dict:
    return {spec.key: (None if row is None else getattr(row, spec.key)) for spec in FIGURES}


def _problem_item(problem: Problem) -> dict:
    return {
        "id": problem.pk, "enterprise": problem.enterprise.name, "region": problem.enterprise.region.name,
        "category": problem.category, "description": problem.description[:120],
        "raised_on": problem.raised_on.isoformat(),
        "deadline": problem.deadline.isoformat() if problem.deadline else None,
        "department": problem.department.name if problem.department_id else "",
        "handling_region": problem.handling_region.name,
    }


def _problems(region: Region, day: date, show: str, order: tuple[str, ...]) -> list[dict]:
    rows = (Problem.objects.filter(problem_condition(show, day), enterprise__region__path__startswith=region.path)
            .select_related("enterprise__region", "department", "handling_region").order_by(*order))
    return [_problem_item(problem) for problem in rows[:BULLETIN_PROBLEMS]]


def bulletin_data(*, region: Region, day: date) -> dict:
    """The bulletin's content from the summary rows of `region` and its children, plus the ledger's short lists.

    A plain dict (JSON): the page and the spreadsheet are drawn from it, so a bulletin stays as it was generated.
    """
    rows = {row.day: row for row in RegionDaySummary.objects.filter(region=region, day__in=[day, day - timedelta(1)])}
    current, previous = rows.get(day), rows.get(day - timedelta(1))
    children = list(RegionDaySummary.objects.filter(region__parent=region, day=day, reports_expected__gt=0)
                    .select_related("region"))
    children.sort(key=lambda row: (row.reporting_rate, -row.reports_missing, row.region.code))
    return {
        "region": {"id": region.pk, "name": region.name, "level": region.level},
        "day": day.isoformat(),
        "computed_at": current.computed_at.isoformat() if current else None,
        "figures": _figures(current),
        "previous": _figures(previous),
        "new_by_category": current.problems_new_by_category if current else {},
        "lowest": [
            {"region_id": row.region_id, "name": row.region.name, "reports_expected": row.reports_expected,
             "reports_filed": row.reports_filed, "reports_missing": row.reports_missing,
             "reporting_rate": row.reporting_rate}
            for row in children[:BULLETIN_LOWEST]
        ],
        "new_problems": _problems(region, day, "new", ("-id",)),
        "overdue_problems": _problems(region, day, "overdue", ("deadline", "id")),
    }


@transaction.atomic
def bulletin_generate(*, region: Region, day: date, now: datetime | None = None) -> Bulletin:
    """Build (or rebuild) the region's bulletin for `day`: data and xlsx; a second run replaces the first. The
    region's office staff are told it is published, in the same transaction, once per bulletin (not per rebuild).

    The row is claimed (created or locked) before anything is built or written, so two runs at once take turns:
    one bulletin, and the file of the run that lost its turn is replaced and deleted, never left behind.
    """
    from spreadsheets.writing import workbook_bytes

    from .tables import bulletin_sheets  # the spreadsheet layout lives with the other tables

    bulletin = _bulletin_claim(region=region, day=day, now=now)
    old_file = bulletin.xlsx.name if bulletin.xlsx else ""
    bulletin.data, bulletin.generated_at = bulletin_data(region=region, day=day), now or timezone.now()
    with translation.override("zh-hans"):
        content = workbook_bytes(bulletin_sheets(bulletin))
    storage = bulletin.xlsx.storage
    bulletin.xlsx.save(f"bulletin-{region.code}-{day:%Y%m%d}.xlsx", ContentFile(content), save=False)
    new_file = bulletin.xlsx.name
    try:
        bulletin.save()
    except Exception:
        storage.delete(new_file)  # the row was not written: its file must not stay behind
        raise
    if old_file and old_file != new_file:
        transaction.on_commit(lambda: storage.delete(old_file))
    _bulletin_announce(bulletin, region)
    return bulletin


def _bulletin_announce(bulletin: Bulletin, region: Region) -> None:
    """Tell the bulletin's office it is out, with the day's headline figures, linking to its page."""
    staff = office_staff_ids(region_ids=[region.pk])
    if not staff:
        return
    figures = bulletin.data.get("figures") or {}
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Evening bulletin of %(region)s for %(day)s") % {"region": region.name,
                                                                    "day": bulletin.day.isoformat()}
        body = ""
        if figures.get("reports_expected"):
            body = _("Reporting rate %(rate)s %%, %(missing)d reports missing; %(new)d new problems, %(overdue)d "
                     "overdue.") % {"rate": figures["reporting_rate"], "missing": figures["reports_missing"] or 0,
                                    "new": figures["problems_new"] or 0, "overdue": figures["problems_overdue"] or 0}
    notify(kind=NoticeKind.BULLETIN_PUBLISHED, recipients=staff, title=title, body=body,
           url=reverse("dashboards:bulletin", args=[bulletin.pk]), dedupe_key=f"bulletin:{bulletin.pk}")


def _bulletin_claim(*, region: Region, day: date, now: datetime | None) -> Bulletin:
    """The region-day's bulletin row, locked until the transaction ends; created (empty) if there is none.

    A concurrent run that creates it too waits on the unique index until the first commits, then locks that row.
    """
    bulletin = Bulletin.objects.select_for_update().filter(region=region, day=day).first()
    if bulletin is not None:
        return bulletin
    try:
        with transaction.atomic():
            return Bulletin.objects.create(region=region, day=day, generated_at=now or timezone.now(), data={})
    except IntegrityError:
        return Bulletin.objects.select_for_update().get(region=region, day=day)


def bulletins_generate(*, day: date | None = None) -> int:
    """Every office's bulletin for `day` (today): summaries caught up first, then one transaction per region.

    Idempotent: a second run replaces the same day's bulletins. Returns how many were written.
    """
    day = day or timezone.localdate()
    summaries_refresh_dirty(also_days=[day])
    written = 0
    for region in bulletin_regions():
        try:
            bulletin_generate(region=region, day=day)
        except Exception:  # one office's failure must not cost every other office its bulletin
            logger.exception("bulletin of %s for %s failed", region.code, day)
            continue
        written += 1
    return written
