"""The one scoping method: who sees which rows, for every scoped model."""

from enterprises.models import Enterprise
from officers.models import Assignment, BackingUnit, Officer
from regions.choices import PostKind
from regions.models import Department, Post, Region
from regions.scoping import scope_for
from regions.services import post_grant
from tests import factories


def names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_county_office_sees_its_county_only(furong_office, roster):
    visible = names(Enterprise.objects.visible_to(furong_office))
    assert visible == {roster.furong_enterprise.name, roster.furong_enterprise_2.name}


def test_sibling_county_office_sees_its_own_not_furong(tianxin_office, roster):
    visible = names(Enterprise.objects.visible_to(tianxin_office))
    assert visible == {roster.tianxin_enterprise.name}


def test_city_office_sees_both_counties_but_not_another_city(changsha_office, roster):
    visible = names(Enterprise.objects.visible_to(changsha_office))
    assert visible == {roster.furong_enterprise.name, roster.furong_enterprise_2.name, roster.tianxin_enterprise.name}


def test_administrator_sees_everything(admin_user, roster):
    assert Enterprise.objects.visible_to(admin_user).count() == Enterprise.objects.count()


def test_anonymous_and_postless_users_see_nothing(regions, roster):
    from django.contrib.auth.models import AnonymousUser

    assert not Enterprise.objects.visible_to(AnonymousUser()).exists()
    assert not Enterprise.objects.visible_to(factories.make_user("nobody")).exists()
    assert not Region.objects.visible_to(factories.make_user("nobody2")).exists()


def test_officer_sees_only_own_records(officer_user, roster):
    assert names(Enterprise.objects.visible_to(officer_user)) == {
        roster.furong_enterprise.name, roster.furong_enterprise_2.name}
    assert list(Officer.objects.visible_to(officer_user)) == [roster.officer]
    assert {a.officer_id for a in Assignment.objects.visible_to(officer_user)} == {roster.officer.pk}
    assert not Region.objects.visible_to(officer_user).exists()


def test_dual_management_both_offices_see_the_city_officer(regions, changsha_office, tianxin_office, furong_office,
                                                           roster):
    # 陈刚 is dispatched by the city (managing office) and works in a 天心区 enterprise (commanding office).
    assert roster.city_officer in Officer.objects.visible_to(changsha_office)
    assert roster.city_officer in Officer.objects.visible_to(tianxin_office)
    assert roster.city_officer not in Officer.objects.visible_to(furong_office)


def test_visible_rows_are_not_repeated_through_to_many_joins(changsha_office, roster):
    officers = list(Officer.objects.visible_to(changsha_office))
    assert len(officers) == len(set(officers))


def test_region_scope_is_the_subtree(furong_office, changsha_office, regions):
    assert set(Region.objects.visible_to(furong_office).values_list("code", flat=True)) == {"430102"}
    changsha_codes = set(Region.objects.visible_to(changsha_office).values_list("code", flat=True))
    assert "430103" in changsha_codes and "430104P01" in changsha_codes and "430000" not in changsha_codes


def test_department_post_sees_its_departments_region(regions, roster):
    department = factories.make_department(regions.furong, "芙蓉区税务局")
    user = factories.make_department_user("tax-clerk", department)
    expected = {roster.furong_enterprise.name, roster.furong_enterprise_2.name}
    assert names(Enterprise.objects.visible_to(user)) == expected
    assert list(Department.objects.visible_to(user)) == [department]


def test_nested_posts_collapse_into_the_outer_region(regions, roster):
    user = factories.make_office_user("two-posts", regions.furong)
    post_grant(user=user, kind=PostKind.LIAISON_OFFICE, region=regions.changsha)
    assert scope_for(user).region_paths == (regions.changsha.path,)
    assert Enterprise.objects.visible_to(user).count() == 3


def test_inactive_post_grants_nothing(furong_office, roster):
    Post.objects.filter(user=furong_office).update(is_active=False)
    fresh = type(furong_office).objects.get(pk=furong_office.pk)
    assert not Enterprise.objects.visible_to(fresh).exists()


def test_backing_units_are_scoped_by_their_region(furong_office, tianxin_office, roster):
    assert roster.officer.backing_unit in BackingUnit.objects.visible_to(furong_office)
    assert roster.officer.backing_unit not in BackingUnit.objects.visible_to(tianxin_office)


def test_the_same_post_cannot_be_held_twice(regions):
    import pytest
    from django.db import IntegrityError, transaction

    user = factories.make_office_user("twice", regions.furong)
    for kind, region in ((PostKind.LIAISON_OFFICE, regions.furong), (PostKind.OFFICER, None)):
        if kind == PostKind.OFFICER:
            Post.objects.create(user=user, kind=kind)
        with pytest.raises(IntegrityError), transaction.atomic():
            Post.objects.create(user=user, kind=kind, region=region)


def test_visible_within_drops_the_subquery_only_when_the_scope_holds_the_region(furong_office, regions, roster):
    department = factories.make_department(regions.furong, "芙蓉区商务局")
    clerk = factories.make_department_user("commerce-clerk", department)
    within = Enterprise.objects.visible_within(furong_office, regions.furong)
    assert "IN (SELECT" not in str(within.query)
    # Outside the scope (or for department staff on a department-only model) it is visible_to itself.
    assert set(Enterprise.objects.visible_within(furong_office, regions.changsha)) == set(
        Enterprise.objects.visible_to(furong_office))
    from problems.models import Problem

    assert str(Problem.objects.visible_within(clerk, regions.furong).query) == str(
        Problem.objects.visible_to(clerk).query)


def _published(regions):
    """One policy document per region (a model published downward): province, city, both counties, another city."""
    from datetime import date

    from policies.services import policy_publish

    made = {}
    for key in ("province", "changsha", "furong", "tianxin", "yuelu_park", "zhuzhou"):
        region = getattr(regions, key)
        made[key] = policy_publish(actor=factories.system_actor(), title=f"{region.name}政策", region=region,
                                   issuing_body=region.name, issued_on=date(2020, 2, 10), category="other",
                                   body="正文")
    return made


def titles(queryset):
    return set(queryset.values_list("title", flat=True))


def test_published_downward_reaches_the_offices_below_and_above(regions, furong_office, changsha_office,
                                                                province_office):
    from policies.models import PolicyDocument

    _published(regions)
    assert titles(PolicyDocument.objects.visible_to(furong_office)) == {"湖南省政策", "长沙市政策", "芙蓉区政策"}
    # The city reads its own subtree (both counties, a park) and the province above, never another city.
    assert titles(PolicyDocument.objects.visible_to(changsha_office)) == {
        "湖南省政策", "长沙市政策", "芙蓉区政策", "天心区政策", f"{regions.yuelu_park.name}政策"}
    assert len(titles(PolicyDocument.objects.visible_to(province_office))) == 6


def test_published_downward_reaches_officers_where_their_records_place_them(regions, roster):
    from policies.models import PolicyDocument

    _published(regions)
    # 李明: backing unit and enterprises in 芙蓉区; 陈刚: dispatched by the city, commanded in 天心区.
    assert titles(PolicyDocument.objects.visible_to(roster.officer.user)) == {"湖南省政策", "长沙市政策", "芙蓉区政策"}
    assert titles(PolicyDocument.objects.visible_to(roster.city_officer.user)) == {"湖南省政策", "长沙市政策",
                                                                                   "天心区政策"}
    assert titles(PolicyDocument.objects.visible_to(roster.zhuzhou_officer.user)) == {"湖南省政策", "株洲市政策"}
    # Ordinary (not published-downward) models keep the plain subtree: the officer still sees no region row.
    assert not Region.objects.visible_to(roster.officer.user).exists()


def test_published_downward_is_nothing_for_a_postless_user_and_everything_for_the_administrator(regions, admin_user):
    from policies.models import PolicyDocument

    _published(regions)
    assert not PolicyDocument.objects.visible_to(factories.make_user("nobody")).exists()
    assert PolicyDocument.objects.visible_to(admin_user).count() == 6


def test_department_staff_read_documents_published_above_their_department(regions):
    from policies.models import PolicyDocument

    _published(regions)
    clerk = factories.make_department_user("furong-clerk", factories.make_department(regions.furong, "芙蓉区财政局"))
    assert titles(PolicyDocument.objects.visible_to(clerk)) == {"湖南省政策", "长沙市政策", "芙蓉区政策"}


def test_home_regions_cost_one_query_once_per_user(regions, roster, django_assert_num_queries):
    from policies.models import PolicyDocument
    from regions.scoping import ancestor_paths, home_region_paths

    assert ancestor_paths("430000/430100/430102/") == ["430000/", "430000/430100/", "430000/430100/430102/"]
    user = type(roster.officer.user).objects.get(pk=roster.officer.user.pk)
    with django_assert_num_queries(3):  # the posts, the officer's regions, the documents
        list(PolicyDocument.objects.visible_to(user))
    with django_assert_num_queries(1):
        list(PolicyDocument.objects.visible_to(user))
    assert home_region_paths(user) == (regions.furong.path,)
