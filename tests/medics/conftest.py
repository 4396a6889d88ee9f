"""Medics of 芙蓉区 and 天心区 health institutions, and stationed small and large enterprises to cover."""

import pytest

from enterprises.choices import SizeClass
from medics.services import health_institution_create, medic_coverage_create, medic_create
from tests import factories


@pytest.fixture
def furong_hospital(regions):
    return health_institution_create(actor=factories.system_actor(), region=regions.furong, name="芙蓉区人民医院")


@pytest.fixture
def tianxin_hospital(regions):
    return health_institution_create(actor=factories.system_actor(), region=regions.tianxin, name="天心区人民医院")


@pytest.fixture
def medic(furong_hospital):
    return medic_create(actor=factories.system_actor(), institution=furong_hospital, name="刘医生", phone="13807310001")


@pytest.fixture
def tianxin_medic(tianxin_hospital):
    return medic_create(actor=factories.system_actor(), institution=tianxin_hospital, name="周护士",
                        phone="13807310002")


@pytest.fixture
def stationed(regions, roster):
    """Make enterprises in a region with an officer stationed in each (so they need medical cover)."""

    def make(count, *, region=None, size_class=SizeClass.SMALL_MICRO, name="芙蓉小微企业"):
        region = region or regions.furong
        officer = factories.make_officer(region)
        made = []
        for _ in range(count):
            enterprise = factories.make_enterprise(region, f"{name}{factories.next_number()}有限公司",
                                                   size_class=size_class)
            factories.make_assignment(officer, enterprise)
            made.append(enterprise)
        return made

    return make


@pytest.fixture
def cover():
    def make(medic, enterprise, **dates):
        from django.utils import timezone

        dates.setdefault("start_date", timezone.localdate())
        return medic_coverage_create(actor=factories.system_actor(), medic=medic, enterprise=enterprise, **dates)

    return make
