"""Region scoping: the one place that decides which rows a user may see and which they may change.

Every model that belongs to a region inherits `RegionScopedModel` and declares how it reaches its region
(`scope_region_paths`) and, for personal records, its owner (`scope_user_paths`). Views, API viewsets, the admin,
selectors and exports start from `Model.objects.visible_to(user)`; a row outside it answers 404.

Who may change a row is decided beside it: the liaison office of the region the model names in `scope_manage_paths`
(or of a region above it) manages the row. `Model.objects.manageable_by(user)` filters a queryset, `can_manage(user,
row)` answers for one row, `ensure_can_manage` / `ensure_manages_region` refuse a service call with a message, and
`office_required` guards the pages only offices see.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce, wraps
from operator import or_

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .choices import PostKind

_SCOPE_CACHE_ATTR = "_liaison_scope"
_HOME_CACHE_ATTR = "_liaison_home_paths"


@dataclass(frozen=True)
class Scope:
    """What one user may see (region subtrees, their own records) and manage (roster writes)."""

    everything: bool = False
    region_paths: tuple[str, ...] = ()
    # The part of region_paths that comes from office and organization posts (not from department posts).
    office_region_paths: tuple[str, ...] = ()
    managed_region_paths: tuple[str, ...] = ()
    user_id: int | None = None
    department_ids: tuple[int, ...] = ()
    is_officer: bool = False

    @property
    def is_office(self) -> bool:
        """Sees a region rather than only own records: an office, organization or department post, or admin."""
        return self.everything or bool(self.region_paths)

    @property
    def manages_any_region(self) -> bool:
        """A liaison office (of any region) or an administrator: may change some region's rows."""
        return self.everything or bool(self.managed_region_paths)

    def sees_region(self, region) -> bool:
        return self.everything or any(region.path.startswith(p) for p in self.region_paths)

    def manages_region(self, region) -> bool:
        return self.manages_path(region.path)

    def manages_path(self, path: str) -> bool:
        """The region at `path` lies in a region this user's liaison office manages."""
        return self.everything or any(path.startswith(p) for p in self.managed_region_paths)


def _outermost(paths) -> tuple[str, ...]:
    """Drop paths that lie inside another path of the set (a city post makes its county post redundant)."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return tuple(sorted(kept))


def scope_for(user) -> Scope:
    """The user's scope from their active posts, computed once per user object (one query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, _SCOPE_CACHE_ATTR, None)
    if cached is not None:
        return cached

    if user.is_superuser:
        scope = Scope(everything=True, user_id=user.pk)
    else:
        # Through the user's reverse relation: this module sits below regions.models, which builds on it.
        posts = list(user.posts.filter(is_active=True).select_related("region", "department__region"))
        kinds = {post.kind for post in posts}
        department_paths = []
        office_paths = []
        managed = []
        for post in posts:
            if post.kind == PostKind.DEPARTMENT and post.department_id:
                department_paths.append(post.department.region.path)
            elif post.kind in (PostKind.LIAISON_OFFICE, PostKind.ORGANIZATION) and post.region_id:
                office_paths.append(post.region.path)
                if post.kind == PostKind.LIAISON_OFFICE:
                    managed.append(post.region.path)
        scope = Scope(
            everything=PostKind.ADMINISTRATOR in kinds,
            region_paths=_outermost(office_paths + department_paths),
            office_region_paths=_outermost(office_paths),
            managed_region_paths=_outermost(managed),
            user_id=user.pk,
            department_ids=tuple(sorted(p.department_id for p in posts if p.department_id)),
            is_officer=PostKind.OFFICER in kinds,
        )
    setattr(user, _SCOPE_CACHE_ATTR, scope)
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope (and home regions) after the user's posts or records change."""
    for attr in (_SCOPE_CACHE_ATTR, _HOME_CACHE_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def ancestor_paths(path: str) -> list[str]:
    """The materialized paths of a region and every region above it ("430000/", "430000/430100/", ...)."""
    codes = path.rstrip("/").split("/")
    return ["".join(f"{code}/" for code in codes[:depth]) for depth in range(1, len(codes) + 1)]


def home_region_paths(user) -> tuple[str, ...]:
    """Where a user stands in the tree without an office post: the regions their own records place them in.

    The models named in settings.SCOPE_HOME_MODELS (the officer's record: backing unit and assignments) reach their
    regions through their own `scope_region_paths` and their owner through `scope_user_paths`. Computed on first
    need only (one query per home model) and cached on the user object like the scope.
    """
    cached = getattr(user, _HOME_CACHE_ATTR, None)
    if cached is not None:
        return cached
    paths: set[str] = set()
    if user is not None and user.is_authenticated and user.is_active:
        for label in getattr(settings, "SCOPE_HOME_MODELS", ()):
            model = apps.get_model(label)
            owned = reduce(or_, (Q(**{lookup: user.pk}) for lookup in model.scope_user_paths))
            columns = [f"{lookup}__path" if lookup else "path" for lookup in model.scope_region_paths]
            for row in model._base_manager.filter(owned).values_list(*columns):
                paths.update(path for path in row if path)
    home = tuple(sorted(paths))
    setattr(user, _HOME_CACHE_ATTR, home)
    return home


def _crosses_to_many(model, lookup: str) -> bool:
    opts = model._meta
    for part in lookup.split("__"):
        field = opts.get_field(part)
        if field.one_to_many or field.many_to_many:
            return True
        if not field.is_relation:
            return False
        opts = field.related_model._meta
    return False


def _in_regions(lookup: str, regions: Q) -> Q:
    """The rows whose region at `lookup` ("" is the row itself) matches `regions`, as `region_id IN (the few region
    ids)`: PostgreSQL hashes the region tree's matching ids once, where joining the regions table to test each row's
    path cost tens of milliseconds on a province's rows (an assignment has two regions)."""
    if not lookup:
        return regions
    return Q(**{f"{lookup}__in": apps.get_model("regions", "Region")._base_manager.filter(regions).values("pk")})


def _owned_by(model, lookup: str, user_id: int) -> Q:
    """The rows whose owner at `lookup` ("officer__user") is the user: through a foreign key first step, as
    `officer_id IN (the user's own officer rows)`, a subquery of one or two rows, rather than joining every row's
    officer; a to-many first step is left as a join (visible_to then keeps one row per object)."""
    first, _, rest = lookup.partition("__")
    field = model._meta.get_field(first)
    if not rest or not (field.many_to_one or (field.one_to_one and field.concrete)):
        return Q(**{lookup: user_id})
    return Q(**{f"{first}__in": field.related_model._base_manager.filter(**{rest: user_id}).values("pk")})


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user) -> ScopedQuerySet:
        """The rows `user` may see: their region subtrees through the model's region paths, plus own records."""
        scope = scope_for(user)
        if scope.everything:
            return self.all()
        model = self.model
        region_paths = scope.region_paths if model.scope_departments_see_region else scope.office_region_paths
        conditions = []
        used = set()  # the lookups this user's conditions follow: only those decide whether rows can repeat
        if region_paths:
            in_subtrees = reduce(or_, (Q(path__startswith=path) for path in region_paths))
            for region_lookup in model.scope_region_paths:
                conditions.append(_in_regions(region_lookup, in_subtrees))
                used.add(region_lookup)
        if model.scope_published_downward:
            # Published for a region: also read by everyone at or below it (a province policy reaches every county
            # office and every officer in the province), i.e. rows of the user's regions' ancestors.
            places = set(region_paths)
            if scope.is_officer:
                places.update(home_region_paths(user))
            above = sorted({ancestor for place in places for ancestor in ancestor_paths(place)})
            if above:
                for region_lookup in model.scope_region_paths:
                    conditions.append(_in_regions(region_lookup, Q(path__in=above)))
                    used.add(region_lookup)
        if scope.user_id is not None:
            conditions += [_owned_by(model, lookup, scope.user_id) for lookup in model.scope_user_paths]
            used.update(model.scope_user_paths)
        if scope.department_ids:
            conditions += [Q(**{f"{lookup}__in": scope.department_ids}) for lookup in model.scope_department_paths]
            used.update(model.scope_department_paths)
        if not conditions:
            return self.none()
        condition = reduce(or_, conditions)
        if any(_crosses_to_many(model, lookup) for lookup in used if lookup):
            # A join through a to-many relation would repeat rows; a subquery keeps one row per object.
            return self.filter(pk__in=model._base_manager.filter(condition).values("pk"))
        return self.filter(condition)


    def manageable_by(self, user) -> ScopedQuerySet:
        """The rows `user` may change: those whose managing region (`scope_manage_paths`) lies in a region their
        liaison office manages. Always within `visible_to(user)` for the roles the portal has."""
        scope = scope_for(user)
        if scope.everything:
            return self.all()
        model = self.model
        lookups = model.manage_region_paths()
        conditions = [Q(**{f"{lookup}__path__startswith" if lookup else "path__startswith": path})
                      for lookup in lookups for path in scope.managed_region_paths]
        if not conditions:
            return self.none()
        condition = reduce(or_, conditions)
        if any(_crosses_to_many(model, lookup) for lookup in lookups if lookup):
            return self.filter(pk__in=model._base_manager.filter(condition).values("pk"))
        return self.filter(condition)

    def visible_within(self, user, region) -> ScopedQuerySet:
        """`visible_to(user)` for a read the caller confines to `region`'s subtree (through the model's region path).

        When the user's scope holds the whole region, every row of that subtree is visible, so the scoping subquery
        would filter nothing and is left out (it costs tens of milliseconds on a province's rows).
        """
        scope = scope_for(user)
        paths = scope.region_paths if self.model.scope_departments_see_region else scope.office_region_paths
        if scope.everything or any(region.path.startswith(path) for path in paths):
            return self.all()
        return self.visible_to(user)


class RegionScopedModel(models.Model):
    """Base of every model that belongs to a region: declares how it reaches its region and owner."""

    # Lookups from this model to a Region ("" is the region itself), to the owning user, and to the departments
    # whose staff see the row (e.g. the department a problem is assigned to).
    scope_region_paths: tuple[str, ...] = ()
    scope_user_paths: tuple[str, ...] = ()
    scope_department_paths: tuple[str, ...] = ()
    # Department staff see the rows of their department's region (the roster) unless a model says they only see
    # the rows that name their department (a problem ledger: "its problems").
    scope_departments_see_region: bool = True
    # Published downward (a policy document, a notice): besides its region's subtree, everyone whose region lies
    # inside the row's region reads it; officers count as standing in the regions of their own records
    # (settings.SCOPE_HOME_MODELS).
    scope_published_downward: bool = False
    # Lookups to the regions whose liaison office may change the row (that office or one above it); None: the first
    # of scope_region_paths (e.g. a problem is changed by its handling office, not by the enterprise's).
    scope_manage_paths: tuple[str, ...] | None = None

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def manage_region_paths(cls) -> tuple[str, ...]:
        return cls.scope_region_paths[:1] if cls.scope_manage_paths is None else cls.scope_manage_paths


def _related(row, lookup: str):
    """Follow `lookup` ("a__b") from `row` through foreign keys; "" is the row itself; None where a link is empty."""
    for part in lookup.split("__") if lookup else ():
        row = getattr(row, part, None)
        if row is None:
            return None
    return row


def can_manage(user, row: RegionScopedModel) -> bool:
    """Whether `user` may change `row`: `manageable_by` for one row, without a query when its managing regions are
    reached through foreign keys already loaded."""
    scope = scope_for(user)
    if scope.everything:
        return True
    if not scope.managed_region_paths:
        return False
    model = type(row)
    lookups = model.manage_region_paths()
    through_many = [lookup for lookup in lookups if lookup and _crosses_to_many(model, lookup)]
    for lookup in lookups:
        if lookup not in through_many:
            region = _related(row, lookup)
            if region is not None and scope.manages_region(region):
                return True
    return bool(through_many) and model.objects.manageable_by(user).filter(pk=row.pk).exists()


def ensure_can_manage(actor, row: RegionScopedModel, message) -> None:
    """Refuse a service call on `row` that `actor`'s office may not make, with the caller's message."""
    if actor is None or not can_manage(actor, row):
        raise ValidationError(message)


OUTSIDE_REACH = _("This region does not exist or is outside your office's reach.")


def ensure_manages_region(*, actor, region, message=OUTSIDE_REACH, field: str | None = "region") -> None:
    """Refuse a write for `region` (a new row's region) unless `actor`'s liaison office manages it; the message goes
    on `field` of the form that called the service."""
    if actor is None or region is None or not scope_for(actor).manages_region(region):
        raise ValidationError({field: message} if field else message)


def office_required(view):
    """A page for offices only (liaison office, organization or department posts, administrators): anyone else,
    an officer included, gets the same 404 as for a page that does not exist."""

    @login_required
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not scope_for(request.user).is_office:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def managing_office_required(view):
    """A page for liaison offices only (those that manage a region) and administrators."""

    @login_required
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not scope_for(request.user).manages_any_region:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def _get_or_404(queryset_or_model, narrow, **lookup):
    queryset = queryset_or_model
    if isinstance(queryset_or_model, type):
        queryset = queryset_or_model.objects.all()
    try:
        return narrow(queryset).get(**lookup)
    except queryset.model.DoesNotExist as missing:
        raise Http404 from missing


def get_manageable_or_404(queryset_or_model, user, **lookup):
    """Fetch one row the user may change; missing, unseen and unmanageable answer the same 404."""
    return _get_or_404(queryset_or_model, lambda queryset: queryset.manageable_by(user), **lookup)


def get_visible_or_404(queryset_or_model, user, **lookup):
    """Fetch one row the user may see; missing and forbidden answer the same 404."""
    return _get_or_404(queryset_or_model, lambda queryset: queryset.visible_to(user), **lookup)


def may_stay_signed_in(user) -> bool:
    """Only an officer and nothing more keeps a long session ("remember this phone"): an office's or an
    administrator's reach is too wide to leave signed in on a phone for a month."""
    scope = scope_for(user)
    return scope.is_officer and not scope.is_office and not user.is_staff
