"""Reads on medical staff and coverage; pages and the API share them."""

from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from enterprises.choices import SizeClass
from enterprises.models import Enterprise
from officers.models import Assignment
from officers.selectors import active_on

from .models import HealthInstitution, Medic, MedicCoverage, coverage_active_on


def institution_list(*, fetched_by) -> QuerySet:
    """Health institutions the user may see, with how many medics each has on the roster."""
    return (
        HealthInstitution.objects.visible_to(fetched_by)
        .select_related("region")
        .annotate(medic_count=Count("medics"))
        .order_by("region__path", "name")
    )


def medic_list(*, fetched_by, search: str = "", day: date | None = None) -> QuerySet:
    """Medics the user may see, with how many small and how many large enterprises each covers on a day."""
    day = day or timezone.localdate()
    active = coverage_active_on(day, "coverages__")
    queryset = Medic.objects.visible_to(fetched_by).select_related("institution__region")
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(phone__icontains=search)
                                   | Q(institution__name__icontains=search))
    return queryset.annotate(
        small_count=Count("coverages", filter=active & Q(coverages__enterprise__size_class=SizeClass.SMALL_MICRO)),
        large_count=Count("coverages",
                          filter=active & Q(coverages__enterprise__size_class=SizeClass.ABOVE_DESIGNATED)),
    ).order_by("name", "id")


def medic_coverages(*, medic: Medic, fetched_by) -> QuerySet:
    """A medic's coverages the user may see, current first, then past, newest first."""
    return (
        MedicCoverage.objects.visible_to(fetched_by)
        .filter(medic=medic)
        .select_related("enterprise__region", "created_by")
        .order_by(Coalesce("end_date", Value(date.max)).desc(), "-start_date", "-id")
    )


def coverage_list(*, fetched_by) -> QuerySet:
    """Every coverage the user may see, newest first (the API's list)."""
    return (
        MedicCoverage.objects.visible_to(fetched_by)
        .select_related("medic", "enterprise")
        .order_by("-start_date", "-id")
    )


def enterprises_without_medical_cover(*, fetched_by, day: date | None = None) -> QuerySet:
    """Stationed enterprises in scope that lack medical cover on a day: one query.

    Listed: every stationed enterprise no medic covers, and every stationed above-designated-size enterprise
    covered by fewer medics than MEDICS_PER_LARGE_ENTERPRISE. Each row carries `medic_count`.
    """
    day = day or timezone.localdate()
    medics = (
        MedicCoverage.objects.filter(coverage_active_on(day), enterprise=OuterRef("pk"))
        .order_by().values("enterprise").annotate(n=Count("medic", distinct=True)).values("n")
    )
    stationed = Assignment.objects.filter(active_on(day), enterprise=OuterRef("pk"))
    minimum = settings.MEDICS_PER_LARGE_ENTERPRISE
    return (
        Enterprise.objects.visible_to(fetched_by)
        .filter(Exists(stationed))
        .annotate(medic_count=Coalesce(Subquery(medics, output_field=IntegerField()), Value(0)))
        .filter(Q(medic_count=0) | Q(size_class=SizeClass.ABOVE_DESIGNATED, medic_count__lt=minimum))
        .select_related("region__parent")
        .order_by("size_class", "region__path", "name", "id")
    )
