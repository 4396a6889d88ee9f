"""Reads of the policy library: what a user may read, searched and filtered; pages and the API share them."""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.db.models import Prefetch, Q, QuerySet

from regions.models import Region
from regions.scoping import get_manageable_or_404, get_visible_or_404, scope_for

from .models import PolicyDocument

SEARCH_FIELDS = ("title", "summary", "keywords", "issuing_body", "body")
MAX_SEARCH_WORDS = 8


def _readable(user) -> QuerySet:
    """Visible documents; withdrawn ones only for the offices that manage their region (to restore them)."""
    queryset = PolicyDocument.objects.visible_to(user)
    return queryset.filter(Q(withdrawn=False) | Q(region__in=Region.objects.manageable_by(user)))


def search_condition(search: str) -> Q | None:
    """Every word must appear in one of the searched fields (case-insensitive; works on SQLite and PostgreSQL)."""
    words = search.replace("，", " ").replace(",", " ").split()[:MAX_SEARCH_WORDS]
    if not words:
        return None
    return reduce(and_, (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in SEARCH_FIELDS))
                         for word in words))


def policy_list(*, fetched_by, search: str = "", category: str = "", region: Region | None = None) -> QuerySet:
    """The documents the user may read, newest first, searched by words and filtered by category and region."""
    queryset = _readable(fetched_by).select_related("region").defer("body")
    condition = search_condition(search)
    if condition is not None:
        queryset = queryset.filter(condition)
    if category:
        queryset = queryset.filter(category=category)
    if region is not None:
        queryset = queryset.filter(region__path__startswith=region.path)
    return queryset.order_by("-issued_on", "-id")


def policy_detail(*, fetched_by, pk: int) -> PolicyDocument:
    """One readable document with its region, publisher and the sources (or handbooks) the reader may see."""
    visible = _readable(fetched_by).select_related("region").order_by("-issued_on", "-id").defer("body")
    queryset = _readable(fetched_by).select_related("region", "published_by").prefetch_related(
        Prefetch("sources", queryset=visible, to_attr="visible_sources"),
        Prefetch("compiled_in", queryset=visible, to_attr="visible_handbooks"),
    )
    return get_visible_or_404(queryset, fetched_by, pk=pk)


def policy_for_change(*, fetched_by, pk: int) -> PolicyDocument:
    """A document the user's office may change (withdrawn ones included); any other answers 404."""
    return get_manageable_or_404(_readable(fetched_by).select_related("region"), fetched_by, pk=pk)


def policy_regions(*, fetched_by) -> QuerySet:
    """The regions that published something the user reads: the choices of the region filter."""
    return Region.objects.filter(
        pk__in=_readable(fetched_by).values("region")).order_by("path")


def source_choices(*, fetched_by, exclude_pk: int | None = None) -> QuerySet:
    """Documents a handbook may be compiled from: those the publisher reads and that are not withdrawn."""
    queryset = PolicyDocument.objects.visible_to(fetched_by).filter(withdrawn=False).select_related("region") \
        .defer("body").order_by("-issued_on", "-id")
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset


def publishing_regions(*, fetched_by) -> QuerySet:
    """The regions the user's office publishes for: its managed subtrees."""
    return Region.objects.manageable_by(fetched_by).order_by("path")


def can_publish(user) -> bool:
    return scope_for(user).manages_any_region
