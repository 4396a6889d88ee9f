"""Writes on the region tree, departments and posts."""

import csv
from collections.abc import Iterable
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from .choices import PARENT_LEVEL, PostKind, RegionLevel
from .models import PATH_SEPARATOR, Department, Post, Region
from .scoping import ancestor_paths, forget_scope, scope_for

DATA_DIR = Path(__file__).resolve().parent / "data"
REGION_FILES = ("hunan_divisions.csv", "hunan_parks.csv")


def region_rows_from_files(files: Iterable[str] = REGION_FILES) -> list[dict]:
    rows = []
    for name in files:
        with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


@transaction.atomic
def region_tree_load(*, rows: list[dict] | None = None) -> int:
    """Create the regions that are missing, parents before children; existing rows keep their ids.

    Returns how many regions were created. Running it twice creates nothing the second time.
    """
    rows = region_rows_from_files() if rows is None else rows
    existing = dict(Region.objects.values_list("code", "path"))
    by_code = {row["code"]: row for row in rows}
    order = {RegionLevel.PROVINCE: 0, RegionLevel.CITY: 1, RegionLevel.COUNTY: 2, RegionLevel.PARK: 3}
    to_create = []
    for row in sorted(rows, key=lambda r: order[r["level"]]):
        code = row["code"]
        if code in existing:
            continue
        parent_code = row.get("parent_code") or ""
        if parent_code and parent_code not in existing:
            raise ValueError(f"region {code} names unknown parent {parent_code}")
        if parent_code in by_code and by_code[parent_code]["level"] != PARENT_LEVEL.get(row["level"]):
            raise ValueError(f"region {code} sits under a region of the wrong level")
        path = f"{existing.get(parent_code, '')}{code}{PATH_SEPARATOR}"
        existing[code] = path
        to_create.append(
            Region(
                code=code,
                name=row["name"],
                name_en=row.get("name_en", ""),
                level=row["level"],
                path=path,
                depth=path.count(PATH_SEPARATOR) - 1,
            )
        )
    Region.objects.bulk_create(to_create, batch_size=500)
    ids = dict(Region.objects.values_list("code", "id"))
    parents = []
    for region in Region.objects.filter(code__in=[r.code for r in to_create]):
        parent_code = by_code[region.code].get("parent_code")
        if parent_code:
            region.parent_id = ids[parent_code]
            parents.append(region)
    Region.objects.bulk_update(parents, ["parent"], batch_size=500)
    return len(to_create)


@transaction.atomic
def department_create(*, region: Region, name: str, kind: str) -> Department:
    department = Department(region=region, name=name, kind=kind)
    department.full_clean()
    department.save()
    return department


@transaction.atomic
def post_grant(*, user, kind: str, region: Region | None = None, department: Department | None = None) -> Post:
    """Give a user a post (idempotent: granting the same post twice keeps one)."""
    if kind == PostKind.DEPARTMENT and department is not None:
        region = department.region
    post = Post.objects.filter(user=user, kind=kind, region=region, department=department).first()
    if post is None:
        post = Post(user=user, kind=kind, region=region, department=department)
        post.full_clean(validate_constraints=False)
        post.save()
    elif not post.is_active:
        post.is_active = True
        post.save(update_fields=["is_active"])
    forget_scope(user)
    return post


def posts_bulk_grant(*, users: list, kind: str) -> int:
    """Give many users the same post without a region or department (e.g. officer) in a few statements; users who
    hold it already keep theirs. Returns how many posts were created."""
    existing = set(Post.objects.filter(user__in=users, kind=kind, region__isnull=True, department__isnull=True)
                   .values_list("user_id", flat=True))
    posts = [Post(user=user, kind=kind) for user in users if user.pk not in existing]
    Post.objects.bulk_create(posts, batch_size=1000)
    for user in users:
        forget_scope(user)
    return len(posts)


# Region tree changes --------------------------------------------------------------------------------------------

# Rules that tie one region to another through a row: (model, outer, inner) where the outer region must contain the
# inner one (an assignment's managing office contains its enterprise...). Moving a subtree keeps every pair inside
# it; a pair whose inner region moves while its outer region stays behind must still contain it afterwards.
REGION_CONTAINMENTS = (
    ("officers.Assignment", "managing_region", "enterprise__region"),
    ("officers.Assignment", "managing_region", "officer__backing_unit__region"),
    ("officers.TaskForce", "region", "enterprise__region"),
    ("problems.Problem", "handling_region", "enterprise__region"),
    ("problems.Problem", "handling_region", "department__region"),
    ("medics.MedicCoverage", "medic__institution__region", "enterprise__region"),
    ("branches.BranchEnterprise", "branch__region", "enterprise__region"),
)


def region_move_errors(*, region: Region, parent: Region | None, code: str) -> dict[str, str]:
    """Why `region` cannot get this parent and code (empty when it can): the admin's form and region_move share it.

    Refused: a parent of the wrong level (levels never change: children and history depend on them), a parent
    inside the region's own subtree, a code another region holds or that cannot sit in a path, paths too long,
    and a move that would leave a row's region outside the region that must contain it (see REGION_CONTAINMENTS).
    """
    errors: dict[str, str] = {}
    code = (code or "").strip()
    if not code or PATH_SEPARATOR in code:
        errors["code"] = _("A region code cannot be empty or contain “%(separator)s”.") % {"separator": PATH_SEPARATOR}
    elif Region.objects.filter(code=code).exclude(pk=region.pk).exists():
        errors["code"] = _("Another region already has the code %(code)s.") % {"code": code}
    if parent is not None and parent.path.startswith(region.path):
        errors["parent"] = _("%(region)s cannot move under itself or one of its own subregions.") % {
            "region": region.name}
        return errors
    expected = PARENT_LEVEL.get(region.level)
    if (expected is None) != (parent is None) or (parent is not None and parent.level != expected):
        errors["parent"] = (_("A province has no parent region.") if expected is None else
                            _("A %(level)s must belong to a %(parent)s.")
                            % {"level": RegionLevel(region.level).label, "parent": RegionLevel(expected).label})
        return errors
    if errors:
        return errors
    new_prefix = f"{parent.path if parent else ''}{code}{PATH_SEPARATOR}"
    deepest = Region.objects.filter(path__startswith=region.path).order_by("-depth").values_list("path", flat=True)
    longest = max((len(path) for path in deepest), default=len(region.path))
    if longest - len(region.path) + len(new_prefix) > Region._meta.get_field("path").max_length:
        errors["code"] = _("This code makes the paths of the regions below too long.")
        return errors
    if parent is None or parent.pk == region.parent_id:
        return errors  # a new code alone keeps every region where it was
    keeps = ancestor_paths(parent.path)
    broken = []
    for label, outer, inner in REGION_CONTAINMENTS:
        model = apps.get_model(label)
        count = (model._base_manager.filter(**{f"{inner}__path__startswith": region.path})
                 .exclude(**{f"{outer}__path__startswith": region.path})
                 .exclude(**{f"{outer}__path__in": keeps}).count())
        if count:
            broken.append(f"{count} {model._meta.verbose_name_plural}")
    if broken:
        errors["parent"] = _(
            "%(region)s cannot move under %(parent)s: %(rows)s of its enterprises and officers belong to an office "
            "that would no longer contain them. End or move those first."
        ) % {"region": region.name, "parent": parent.name, "rows": "、".join(dict.fromkeys(broken))}
    return errors


@transaction.atomic
def region_move(*, actor, region: Region, parent: Region | None, code: str) -> Region:
    """Give a region a new parent and/or code: the paths of its whole subtree are recomputed in one UPDATE.

    Only an administrator may; `region_move_errors` refuses moves that would break history. The summaries follow
    by themselves (the database marks the region-days of a region whose path changes as stale).
    """
    if not scope_for(actor).everything:
        raise ValidationError(_("Only an administrator may change the region tree."))
    region = Region.objects.select_for_update().get(pk=region.pk)
    code = (code or "").strip()
    errors = region_move_errors(region=region, parent=parent, code=code)
    if errors:
        raise ValidationError(errors)
    old_prefix = region.path
    new_prefix = f"{parent.path if parent else ''}{code}{PATH_SEPARATOR}"
    if new_prefix != old_prefix:
        shift = new_prefix.count(PATH_SEPARATOR) - old_prefix.count(PATH_SEPARATOR)
        # One set-based statement for the subtree: the old prefix replaced by the new one, depths shifted.
        Region.objects.filter(path__startswith=old_prefix).update(
            path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1, Length("path"))),
            depth=F("depth") + shift,
        )
    Region.objects.filter(pk=region.pk).update(code=code, parent=parent)
    forget_scope(actor)
    region.refresh_from_db()
    return region
