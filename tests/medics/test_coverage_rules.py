"""The coverage rules: at most MEDIC_SMALL_ENTERPRISE_LIMIT small enterprises per medic at a time, no overlapping
coverage of one enterprise, the institution's area and the office's reach; refusals save nothing."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from enterprises.choices import SizeClass
from medics.models import MedicCoverage
from medics.services import medic_coverage_create, medic_coverage_end
from tests import factories

TODAY = timezone.localdate


def test_the_fifth_small_enterprise_is_accepted_and_the_sixth_refused(medic, stationed, cover):
    enterprises = stationed(6)
    for enterprise in enterprises[:5]:
        cover(medic, enterprise)
    with pytest.raises(ValidationError) as refused:
        cover(medic, enterprises[5])
    message = refused.value.message_dict["medic"][0]
    assert "刘医生" in message and "5" in message
    assert "小微" in message
    assert MedicCoverage.objects.filter(medic=medic).count() == 5


def test_the_limit_is_a_setting(medic, stationed, cover, settings):
    settings.MEDIC_SMALL_ENTERPRISE_LIMIT = 2
    enterprises = stationed(3)
    cover(medic, enterprises[0])
    cover(medic, enterprises[1])
    with pytest.raises(ValidationError, match="2"):
        cover(medic, enterprises[2])


def test_above_size_enterprises_do_not_count_against_the_limit(medic, stationed, cover):
    for enterprise in stationed(5):
        cover(medic, enterprise)
    for enterprise in stationed(2, size_class=SizeClass.ABOVE_DESIGNATED, name="芙蓉规上企业"):
        cover(medic, enterprise)
    assert MedicCoverage.objects.filter(medic=medic).count() == 7


def test_ending_a_coverage_frees_a_place_from_the_handover_day(medic, stationed, cover):
    enterprises = stationed(6)
    coverages = [cover(medic, enterprise, start_date=TODAY() - timedelta(days=10)) for enterprise in enterprises[:5]]
    medic_coverage_end(actor=factories.system_actor(), coverage=coverages[0], end_date=TODAY(), note="调整")
    sixth = cover(medic, enterprises[5])
    assert sixth.is_active_on(TODAY())
    assert not coverages[0].is_active_on(TODAY())
    assert MedicCoverage.objects.active_on(TODAY()).filter(medic=medic).count() == 5


def test_the_limit_counts_coverages_at_one_time_not_over_all_time(medic, stationed, cover):
    enterprises = stationed(7)
    in_ten_days = TODAY() + timedelta(days=10)
    for enterprise in enterprises[:5]:
        cover(medic, enterprise, end_date=in_ten_days)
    # From the handover day on, five places are free again; before it, none is.
    cover(medic, enterprises[5], start_date=in_ten_days)
    with pytest.raises(ValidationError):
        cover(medic, enterprises[6], start_date=in_ten_days - timedelta(days=1))


def test_a_future_coverage_counts_against_the_limit_when_it_begins(medic, stationed, cover):
    enterprises = stationed(6)
    for enterprise in enterprises[:5]:
        cover(medic, enterprise, start_date=TODAY() + timedelta(days=30))
    with pytest.raises(ValidationError):
        cover(medic, enterprises[5])  # open-ended from today: overlaps the five from day 30


def test_overlapping_coverage_of_one_enterprise_is_refused(medic, stationed, cover):
    enterprise = stationed(1)[0]
    cover(medic, enterprise, start_date=TODAY() - timedelta(days=5))
    with pytest.raises(ValidationError) as refused:
        cover(medic, enterprise, start_date=TODAY() + timedelta(days=3))
    assert "刘医生" in refused.value.message_dict["start_date"][0]
    assert MedicCoverage.objects.count() == 1


def test_a_coverage_ending_before_it_starts_is_refused(medic, stationed, cover):
    with pytest.raises(ValidationError) as refused:
        cover(medic, stationed(1)[0], end_date=TODAY() - timedelta(days=1))
    assert "end_date" in refused.value.message_dict


def test_a_county_medic_cannot_cover_another_countys_enterprise(medic, changsha_office, stationed, regions):
    tianxin_enterprise = stationed(1, region=regions.tianxin)[0]
    with pytest.raises(ValidationError) as refused:
        medic_coverage_create(actor=changsha_office, medic=medic, enterprise=tianxin_enterprise,
                              start_date=TODAY())
    assert "芙蓉区人民医院" in refused.value.message_dict["enterprise"][0]


def test_an_office_covers_only_enterprises_it_manages_with_medics_it_sees(medic, tianxin_medic, tianxin_office,
                                                                         furong_office, stationed):
    enterprise = stationed(1)[0]
    with pytest.raises(ValidationError) as refused:
        medic_coverage_create(actor=tianxin_office, medic=tianxin_medic, enterprise=enterprise, start_date=TODAY())
    assert "region" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        medic_coverage_create(actor=furong_office, medic=tianxin_medic, enterprise=enterprise, start_date=TODAY())
    assert "medic" in refused.value.message_dict
    assert not MedicCoverage.objects.exists()


def test_a_city_hospital_medic_covers_enterprises_across_the_city(regions, changsha_office, stationed):
    from medics.services import health_institution_create, medic_create

    hospital = health_institution_create(actor=changsha_office, region=regions.changsha, name="长沙市第一医院")
    city_medic = medic_create(actor=changsha_office, institution=hospital, name="黄医生", phone="13907310003")
    for region in (regions.furong, regions.tianxin):
        medic_coverage_create(actor=changsha_office, medic=city_medic, enterprise=stationed(1, region=region)[0],
                              start_date=TODAY())
    assert MedicCoverage.objects.filter(medic=city_medic).count() == 2


def test_coverages_are_never_deleted(medic, stationed, cover):
    coverage = cover(medic, stationed(1)[0])
    with pytest.raises(PermissionError):
        coverage.delete()


def test_ending_twice_or_before_the_start_is_refused(medic, stationed, cover):
    coverage = cover(medic, stationed(1)[0], start_date=TODAY() - timedelta(days=3))
    with pytest.raises(ValidationError):
        medic_coverage_end(actor=factories.system_actor(), coverage=coverage, end_date=TODAY() - timedelta(days=4))
    medic_coverage_end(actor=factories.system_actor(), coverage=coverage, end_date=TODAY())
    with pytest.raises(ValidationError, match="已结束"):
        medic_coverage_end(actor=factories.system_actor(), coverage=coverage, end_date=TODAY())


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_coverages_cannot_both_take_the_last_place(require_postgres, medic, stationed, cover):
    """The medic row is locked (SELECT ... FOR UPDATE): of two simultaneous requests for the fifth place, one waits,
    then sees the other's coverage and is refused."""
    enterprises = stationed(6)
    for enterprise in enterprises[:4]:
        cover(medic, enterprise)
    actor = factories.system_actor()
    barrier = threading.Barrier(2)
    outcomes = []

    def claim(enterprise):
        try:
            barrier.wait(timeout=10)
            medic_coverage_create(actor=actor, medic=medic, enterprise=enterprise, start_date=TODAY())
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()  # each thread has its own connection; close it before the database is dropped

    threads = [threading.Thread(target=claim, args=(enterprise,)) for enterprise in enterprises[4:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    assert MedicCoverage.objects.filter(medic=medic).count() == 5


def test_the_service_locks_the_medic_row(medic, stationed, cover, monkeypatch):
    """By design on every database: the limit check runs on a medic fetched with select_for_update()."""
    from django.db.models import QuerySet

    locked = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        locked.append(self.model.__name__)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    cover(medic, stationed(1)[0])
    assert "Medic" in locked
