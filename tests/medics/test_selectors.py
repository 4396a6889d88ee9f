"""Enterprises without medical cover, and the medic list's counts: in scope, in one query."""

from datetime import timedelta

from django.utils import timezone

from enterprises.choices import SizeClass
from medics.selectors import enterprises_without_medical_cover, medic_list
from medics.services import medic_coverage_end
from tests import factories


def gap_names(user):
    return {enterprise.name for enterprise in enterprises_without_medical_cover(fetched_by=user)}


def test_an_above_size_stationed_enterprise_without_a_medic_is_listed(medic, stationed, cover, furong_office):
    large = stationed(1, size_class=SizeClass.ABOVE_DESIGNATED, name="芙蓉规上企业")[0]
    small = stationed(1)[0]
    assert {large.name, small.name} <= gap_names(furong_office)
    cover(medic, large)
    cover(medic, small)
    assert not {large.name, small.name} & gap_names(furong_office)


def test_an_enterprise_nobody_is_stationed_in_is_not_listed(regions, furong_office):
    idle = factories.make_enterprise(regions.furong, "芙蓉未派驻企业有限公司", size_class=SizeClass.ABOVE_DESIGNATED)
    assert idle.name not in gap_names(furong_office)


def test_the_minimum_for_large_enterprises_is_a_setting(medic, furong_hospital, stationed, cover, furong_office,
                                                        settings):
    from medics.services import medic_create

    large = stationed(1, size_class=SizeClass.ABOVE_DESIGNATED, name="芙蓉规上企业")[0]
    small = stationed(1)[0]
    cover(medic, large)
    cover(medic, small)
    settings.MEDICS_PER_LARGE_ENTERPRISE = 2
    assert gap_names(furong_office) & {large.name, small.name} == {large.name}
    second = medic_create(actor=furong_office, institution=furong_hospital, name="陈护士", phone="13807319999")
    cover(second, large)
    row = enterprises_without_medical_cover(fetched_by=furong_office).filter(pk=large.pk).first()
    assert row is None


def test_an_ended_coverage_leaves_a_gap_from_its_handover_day(medic, stationed, cover, furong_office):
    enterprise = stationed(1)[0]
    coverage = cover(medic, enterprise, start_date=timezone.localdate() - timedelta(days=5))
    assert enterprise.name not in gap_names(furong_office)
    medic_coverage_end(actor=furong_office, coverage=coverage, end_date=timezone.localdate())
    assert enterprise.name in gap_names(furong_office)


def test_the_sibling_county_does_not_see_the_gap(stationed, furong_office, tianxin_office, changsha_office):
    enterprise = stationed(1)[0]
    assert enterprise.name in gap_names(furong_office)
    assert enterprise.name in gap_names(changsha_office)
    assert enterprise.name not in gap_names(tianxin_office)


def test_the_gap_list_is_one_query(stationed, furong_office, django_assert_num_queries):
    stationed(3)
    from regions.scoping import scope_for

    scope_for(furong_office)  # the user's posts are read once per request, before the list
    with django_assert_num_queries(1):
        assert len(list(enterprises_without_medical_cover(fetched_by=furong_office))) >= 3


def test_the_medic_list_counts_small_and_large_enterprises_covered_today(medic, stationed, cover, furong_office):
    for enterprise in stationed(3):
        cover(medic, enterprise)
    cover(medic, stationed(1, size_class=SizeClass.ABOVE_DESIGNATED, name="芙蓉规上企业")[0])
    ended = cover(medic, stationed(1)[0], start_date=timezone.localdate() - timedelta(days=3))
    medic_coverage_end(actor=furong_office, coverage=ended, end_date=timezone.localdate())
    row = medic_list(fetched_by=furong_office).get(pk=medic.pk)
    assert (row.small_count, row.large_count) == (3, 1)


def test_a_city_medic_covering_a_county_enterprise_is_seen_by_that_county(regions, changsha_office, furong_office,
                                                                          tianxin_office, stationed):
    from medics.services import health_institution_create, medic_coverage_create, medic_create

    hospital = health_institution_create(actor=changsha_office, region=regions.changsha, name="长沙市第一医院")
    city_medic = medic_create(actor=changsha_office, institution=hospital, name="黄医生", phone="13907310003")
    assert city_medic not in medic_list(fetched_by=furong_office)
    medic_coverage_create(actor=changsha_office, medic=city_medic, enterprise=stationed(1)[0],
                          start_date=timezone.localdate())
    assert city_medic in medic_list(fetched_by=furong_office)
    assert city_medic not in medic_list(fetched_by=tianxin_office)
