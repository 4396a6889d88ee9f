"""Writes on health institutions, medics and their coverage of enterprises: the coverage rules live here."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from enterprises.choices import SizeClass
from enterprises.models import Enterprise
from regions.models import Region
from regions.scoping import ensure_manages_region

from .models import HealthInstitution, Medic, MedicCoverage


@transaction.atomic
def health_institution_create(*, actor, region: Region, name: str) -> HealthInstitution:
    """Register a hospital or health centre in a region the actor's office manages."""
    ensure_manages_region(actor=actor, region=region)
    institution = HealthInstitution(region=region, name=name.strip())
    institution.full_clean()
    institution.save()
    return institution


@transaction.atomic
def medic_create(*, actor, institution: HealthInstitution, name: str, phone: str, user=None) -> Medic:
    """Put a doctor or nurse of a health institution on the roster of medical staff."""
    ensure_manages_region(actor=actor, region=institution.region)
    medic = Medic(institution=institution, name=name.strip(), phone=phone.strip(), user=user)
    medic.full_clean()
    medic.save()
    return medic


def _overlapping(queryset, *, start_date: date, end_date: date | None):
    """Coverages of `queryset` sharing at least one day with [start_date, end_date) (end dates are handovers)."""
    queryset = queryset.filter(Q(end_date__isnull=True) | Q(end_date__gt=start_date))
    if end_date is not None:
        queryset = queryset.filter(start_date__lt=end_date)
    return queryset


def _earlier(first: date | None, second: date | None) -> date | None:
    """The earlier of two end dates, where None means open-ended."""
    if first is None or second is None:
        return first if second is None else second
    return min(first, second)


def _most_at_once(periods: list[tuple[date, date | None]]) -> int:
    """The largest number of the periods that run on one same day (a handover day counts only the new one)."""
    events = []
    for start, end in periods:
        events.append((start, 1))
        if end is not None:
            events.append((end, -1))
    # On one day, endings come before beginnings: the handover day is not counted twice.
    events.sort(key=lambda event: (event[0], event[1]))
    most = running = 0
    for _day, change in events:
        running += change
        most = max(most, running)
    return most


def _ensure_small_enterprise_limit(*, medic: Medic, start_date: date, end_date: date | None) -> None:
    """Refuse a small enterprise's coverage that would give the medic more than the limit on any one day."""
    limit = settings.MEDIC_SMALL_ENTERPRISE_LIMIT
    others = _overlapping(
        MedicCoverage.objects.filter(medic=medic, enterprise__size_class=SizeClass.SMALL_MICRO),
        start_date=start_date, end_date=end_date,
    )
    periods = [(max(start, start_date), _earlier(end, end_date))
               for start, end in others.values_list("start_date", "end_date")]
    busiest = _most_at_once(periods)
    if busiest + 1 > limit:
        raise ValidationError({"medic": ngettext(
            "%(medic)s already covers %(count)d small or micro enterprise during these dates; "
            "one medic covers at most %(limit)d.",
            "%(medic)s already covers %(count)d small or micro enterprises during these dates; "
            "one medic covers at most %(limit)d.",
            busiest,
        ) % {"medic": medic.name, "count": busiest, "limit": limit}})


@transaction.atomic
def medic_coverage_create(
    *, actor, medic: Medic, enterprise: Enterprise, start_date: date, end_date: date | None = None
) -> MedicCoverage:
    """Station a medic to cover an enterprise the actor's office manages.

    The medic must be visible to the actor and belong to an institution whose region contains the enterprise.
    A small or micro enterprise counts against the medic's limit (MEDIC_SMALL_ENTERPRISE_LIMIT at a time).
    """
    ensure_manages_region(actor=actor, region=enterprise.region)
    if not Medic.objects.visible_to(actor).filter(pk=medic.pk).exists():
        raise ValidationError({"medic": _("This medic does not exist or is outside your office's reach.")})
    if end_date is not None and end_date <= start_date:
        raise ValidationError({"end_date": _("A coverage must end after the day it starts.")})
    # Lock the medic row so two concurrent coverages of one medic cannot both pass the limit and overlap checks.
    medic = Medic.objects.select_for_update().select_related("institution__region").get(pk=medic.pk)
    if not medic.institution.region.contains(enterprise.region):
        raise ValidationError(
            {"enterprise": _("%(enterprise)s lies outside the area of %(institution)s, whose medics cannot cover it.")
             % {"enterprise": enterprise.name, "institution": medic.institution.name}}
        )
    same = _overlapping(MedicCoverage.objects.filter(medic=medic, enterprise=enterprise),
                        start_date=start_date, end_date=end_date)
    if same.exists():
        raise ValidationError(
            {"start_date": _("%(medic)s already covers %(enterprise)s during these dates.")
             % {"medic": medic.name, "enterprise": enterprise.name}}
        )
    if enterprise.size_class == SizeClass.SMALL_MICRO:
        _ensure_small_enterprise_limit(medic=medic, start_date=start_date, end_date=end_date)
    coverage = MedicCoverage(medic=medic, enterprise=enterprise, start_date=start_date, end_date=end_date,
                             created_by=actor)
    coverage.full_clean()
    coverage.save()
    return coverage


@transaction.atomic
def medic_coverage_end(*, actor, coverage: MedicCoverage, end_date: date | None = None, note: str = ""
                       ) -> MedicCoverage:
    """End a coverage on its handover day (today by default), keeping it as history; the place is free that day."""
    ensure_manages_region(actor=actor, region=coverage.enterprise.region)
    end_date = end_date or timezone.localdate()
    if end_date < coverage.start_date:
        raise ValidationError({"end_date": _("A coverage cannot end before it starts.")})
    if coverage.end_date is not None and coverage.end_date <= end_date:
        raise ValidationError({"end_date": _("This coverage has already ended.")})
    coverage.end_date = end_date
    coverage.end_note = note.strip()
    coverage.full_clean()
    coverage.save(update_fields=["end_date", "end_note"])
    return coverage
