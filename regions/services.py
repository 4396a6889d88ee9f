"""Writes on the region tree, departments and posts."""

import csv
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction

from .choices import PARENT_LEVEL, PostKind, RegionLevel
from .models import PATH_SEPARATOR, Department, Post, Region
from .scoping import forget_scope

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

