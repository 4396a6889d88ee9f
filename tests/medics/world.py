"""The medics' and officer care's share of tests/test_scope_everywhere.py: their URLs, the 芙蓉区 rows each detail URL
names, and the list markers (the sibling 天心区 holds its own rows, which 芙蓉区 must never see)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from medics.services import health_institution_create, medic_coverage_create, medic_create
from officers.services import (
    allowance_claim,
    assignment_end,
    health_check_record,
    officer_insurance_record,
    rest_period_record,
)
from tests import factories

DETAIL_URLS = {
    "medic-detail": "/medics/{medic}/",
    "medic-api-detail": "/api/v1/medics/{medic}/",
    "medic-coverage-api-detail": "/api/v1/medic-coverages/{medic_coverage}/",
    "admin-health-institution": "/admin/medics/healthinstitution/{health_institution}/change/",
    "admin-medic": "/admin/medics/medic/{medic}/change/",
    "admin-medic-coverage": "/admin/medics/mediccoverage/{medic_coverage}/change/",
    "officer-care": "/care/officers/{officer}/",
    "admin-insurance-policy": "/admin/officers/insurancepolicy/{insurance_policy}/change/",
    "admin-allowance": "/admin/officers/allowance/{allowance}/change/",
    "admin-rest-period": "/admin/officers/restperiod/{rest_period}/change/",
    "admin-health-check": "/admin/officers/healthcheck/{health_check}/change/",
}
LIST_URLS = {
    "medics-list": "/medics/",
    "medics-gaps": "/medics/gaps/",
    "medics-institutions": "/medics/institutions/",
    "medics-api-list": "/api/v1/medics/",
    "medics-coverage-api-list": "/api/v1/medic-coverages/",
    "officer-care-rest": "/care/?list=rest",
    "officer-care-health": "/care/?list=health",
    "officer-care-insurance": "/care/?list=insurance",
}
COVERED_NAMES = {
    "medics:list", "medics:detail", "medics:gaps", "medics:institutions", "api:medic-list", "api:medic-detail",
    "api:medic-coverage-list", "api:medic-coverage-detail", "officers:care", "officers:officer-care",
}
UNSCOPED = {
    "medics:coverage-end": "POST only; the sibling county's 404 is "
                           "tests/medics/test_pages.py::test_the_sibling_county_cannot_end_a_coverage",
    "officers:my-care": "the signed-in officer's own record; tests/officers/test_care_pages.py",
}


def furong_world(regions, roster) -> dict:
    """A 芙蓉区 hospital and medic covering furong_enterprise, and the care records of 芙蓉区 officers."""
    actor = factories.system_actor()
    today = timezone.localdate()
    hospital = health_institution_create(actor=actor, region=regions.furong, name="芙蓉区人民医院")
    medic = medic_create(actor=actor, institution=hospital, name="芙蓉刘医生", phone="13807310001")
    coverage = medic_coverage_create(actor=actor, medic=medic, enterprise=roster.furong_enterprise, start_date=today)
    policy = officer_insurance_record(actor=actor, officer=roster.officer, insurer="芙蓉人寿", policy_number="FR-1",
                                      start_date=today - timedelta(days=400), end_date=today - timedelta(days=35))
    allowance = allowance_claim(actor=actor, officer=roster.officer, kind="meal", month=today,
                                amount_claimed=Decimal("600"))
    rest = rest_period_record(actor=actor, officer=roster.officer, start_date=today, end_date=today, note="芙蓉轮休")
    # 芙蓉老周 was stationed in 芙蓉区 for sixty days with no rest, then his posting ended and his check was recorded;
    # 芙蓉老赵 is still stationed after sixty days without rest; 芙蓉老钱's posting ended with no check yet.
    retired = factories.make_officer(regions.furong, name="芙蓉老周")
    posting = factories.make_assignment(retired, roster.furong_enterprise_2, start_date=today - timedelta(days=60))
    assignment_end(actor=actor, assignment=posting, end_date=today - timedelta(days=2), reason="finished")
    check = health_check_record(actor=actor, officer=retired, done_on=today, result="芙蓉体检未见异常")
    factories.make_assignment(factories.make_officer(regions.furong, name="芙蓉老赵"), roster.furong_enterprise_2,
                              start_date=today - timedelta(days=60))
    ended = factories.make_assignment(factories.make_officer(regions.furong, name="芙蓉老钱"),
                                      roster.furong_enterprise_2, start_date=today - timedelta(days=60))
    assignment_end(actor=actor, assignment=ended, end_date=today - timedelta(days=1), reason="finished")
    return {
        "medic": medic.pk, "medic_coverage": coverage.pk, "health_institution": hospital.pk,
        "insurance_policy": policy.pk, "allowance": allowance.pk, "rest_period": rest.pk, "health_check": check.pk,
    }


def tianxin_rows(roster) -> None:
    """The sibling county's own rows of the same kinds, which 芙蓉区 must never see."""
    actor = factories.system_actor()
    today = timezone.localdate()
    tianxin = roster.tianxin_enterprise.region
    hospital = health_institution_create(actor=actor, region=tianxin, name="天心区人民医院")
    medic = medic_create(actor=actor, institution=hospital, name="天心周护士", phone="13807310002")
    other = factories.make_enterprise(tianxin, "天心另一企业有限公司")
    factories.make_assignment(roster.tianxin_officer, other)
    medic_coverage_create(actor=actor, medic=medic, enterprise=other, start_date=today)
    factories.make_assignment(factories.make_officer(tianxin, name="天心老孙"), roster.tianxin_enterprise,
                              start_date=today - timedelta(days=60))
    ended = factories.make_assignment(factories.make_officer(tianxin, name="天心老吴"),
                                      roster.tianxin_enterprise, start_date=today - timedelta(days=60))
    assignment_end(actor=actor, assignment=ended, end_date=today - timedelta(days=1), reason="finished")


# For each list, the 芙蓉区 marker and the 天心区 marker (None: the default enterprise or officer names).
LIST_MARKERS = {
    "medics-list": ("芙蓉刘医生", "天心周护士"),
    "medics-api-list": ("芙蓉刘医生", "天心周护士"),
    "medics-institutions": ("芙蓉区人民医院", "天心区人民医院"),
    "medics-gaps": ("furong_enterprise_2", "tianxin_enterprise"),
    "medics-coverage-api-list": ("furong_enterprise", "天心另一企业有限公司"),
    "officer-care-rest": ("芙蓉老赵", "天心老孙"),
    "officer-care-health": ("芙蓉老钱", "天心老吴"),
    "officer-care-insurance": ("officer", "tianxin_officer"),
}


def list_markers(name, roster, furong_marker, tianxin_marker):
    """The markers of one of this module's lists (after making the 天心区 rows); other lists keep theirs."""
    if name not in LIST_MARKERS:
        return furong_marker, tianxin_marker
    tianxin_rows(roster)

    def marker(value):
        row = getattr(roster, value, None)
        return row.name if row is not None else value

    return tuple(marker(value) for value in LIST_MARKERS[name])
