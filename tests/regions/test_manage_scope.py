"""Read and manage scope for every scoped model and every role, walked generically over the demo data.

For each model that inherits RegionScopedModel and each kind of user (administrator, province, city and county
liaison offices, an organisation department, department staff, an officer): what `manageable_by` returns lies
within `visible_to`; `can_manage` on a row agrees with `manageable_by`; a user without a liaison office post
manages nothing; and a county office manages no row whose managing region lies outside its county.
"""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from regions.choices import PostKind, RegionLevel
from regions.models import Post
from regions.scoping import RegionScopedModel, _crosses_to_many, _related, can_manage, scope_for

ROWS_CHECKED = 25  # per model and user: visible rows, and as many rows the user may not see


def scoped_models():
    return sorted((model for model in apps.get_models() if issubclass(model, RegionScopedModel)),
                  key=lambda model: model._meta.label)


def role_users() -> dict[str, object]:
    def first(**lookup):
        post = Post.objects.filter(is_active=True, **lookup).select_related("user").order_by("pk").first()
        assert post is not None, lookup
        return post.user

    users = {
        "administrator": get_user_model().objects.filter(is_superuser=True).order_by("pk").first(),
        "province office": first(kind=PostKind.LIAISON_OFFICE, region__level=RegionLevel.PROVINCE),
        "city office": first(kind=PostKind.LIAISON_OFFICE, region__level=RegionLevel.CITY),
        "county office": first(kind=PostKind.LIAISON_OFFICE, region__level=RegionLevel.COUNTY),
        "organisation department": first(kind=PostKind.ORGANIZATION),
        "department staff": first(kind=PostKind.DEPARTMENT),
        "officer": first(kind=PostKind.OFFICER),
    }
    assert all(users.values()), users
    return users


@pytest.fixture
def demo(db):
    call_command("seed_demo", scale="tiny", password="scope-test-2026", stdout=StringIO())


def test_every_scoped_model_is_read_and_managed_consistently_by_every_role(demo):
    models = scoped_models()
    assert len(models) >= 30  # the walk covers the whole project, not a chosen few
    users = role_users()
    checked = 0
    for model in models:
        everything = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
        for role, user in users.items():
            visible = set(model.objects.visible_to(user).values_list("pk", flat=True))
            manageable = set(model.objects.manageable_by(user).values_list("pk", flat=True))
            where = f"{model._meta.label} for the {role}"
            assert manageable <= visible, f"{where}: manages rows it cannot see"
            if role == "administrator":
                assert manageable == visible == set(everything), where
            if not scope_for(user).manages_any_region:
                assert not manageable, f"{where}: manages rows without a liaison office post"
            sample = sorted(visible)[:ROWS_CHECKED] + [pk for pk in everything if pk not in visible][:ROWS_CHECKED]
            for row in model._base_manager.filter(pk__in=sample):
                assert can_manage(user, row) == (row.pk in manageable), f"{where}: row {row.pk}"
                checked += 1
            if role == "county office":
                county_paths = scope_for(user).managed_region_paths
                for row in model._base_manager.filter(pk__in=sorted(manageable)[:ROWS_CHECKED]):
                    regions = [_related(row, lookup) for lookup in model.manage_region_paths()
                               if not (lookup and _crosses_to_many(model, lookup))]
                    regions = [region for region in regions if region is not None]
                    if regions:
                        assert any(region.path.startswith(county_paths) for region in regions), f"{where}: {row.pk}"
    assert checked > 1000


def test_a_county_office_manages_its_own_problems_not_its_neighbours(demo):
    from problems.models import Problem

    office = role_users()["county office"]
    county = scope_for(office).managed_region_paths
    own = Problem.objects.manageable_by(office)
    assert own.exists()
    assert not own.exclude(handling_region__path__startswith=county[0]).exists()
    neighbour = Problem.objects.exclude(handling_region__path__startswith=county[0]).select_related(
        "handling_region").first()
    assert neighbour is not None and not can_manage(office, neighbour)
