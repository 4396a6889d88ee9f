"""Reads on enterprises; pages, the API and exports share them."""

from django.db.models import Q, QuerySet

from regions.models import Region

from .models import Enterprise


def enterprise_list(
    *, fetched_by, search: str = "", region: Region | None = None, filters: dict | None = None
) -> QuerySet:
    """Enterprises the user may see, with their region and active officer count, filtered and searchable."""
    queryset = Enterprise.objects.visible_to(fetched_by).select_related("region", "region__parent")
    if region is not None:
        queryset = queryset.filter(region__path__startswith=region.path)
    for field, value in (filters or {}).items():
        if value not in (None, ""):
            queryset = queryset.filter(**{field: value})
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(credit_code__icontains=search) | Q(contact_name__icontains=search)
        )
    return queryset.order_by("name", "id")
