"""Reads on enterprises; pages, the API and exports share them."""

from django.db.models import QuerySet

from .models import Enterprise


def enterprise_list(*, fetched_by) -> QuerySet:
    """Enterprises the user may see, with their region, by name; its filters are enterprises.filters."""
    return Enterprise.objects.visible_to(fetched_by).select_related("region", "region__parent").order_by("name", "id")
