"""The assessments' share of tests/test_scope_everywhere.py: the rows its detail URLs name and its list markers."""

from datetime import timedelta

from django.utils import timezone

from assessments.choices import Grade
from assessments.services import (
    assessment_recall,
    grade_set,
    opinion_request_create,
    round_finalise,
    round_open,
)
from regions.choices import PostKind
from tests import factories

FURONG_ROUND = "芙蓉区2026年度联络员考核"
TIANXIN_ROUND = "天心区2026年度联络员考核"

DETAIL_URLS = {
    "assessment-round": "/assessments/{assessment_round}/",
    "assessment-round-ungraded": "/assessments/{assessment_round}/?grade=none",
    "assessment-round-opinions": "/assessments/{assessment_round}/opinions/",
    "officer-assessment": "/assessments/officers/{officer_assessment}/",
    "officer-assessment-final": "/assessments/officers/{final_assessment}/",
    "replacement-vacancy": "/assessments/vacancies/{vacancy}/",
    "assessment-round-api-detail": "/api/v1/assessment-rounds/{assessment_round}/",
    "officer-assessment-api-detail": "/api/v1/officer-assessments/{officer_assessment}/",
    "admin-assessment-round": "/admin/assessments/assessmentround/{assessment_round}/change/",
    "admin-officer-assessment": "/admin/assessments/officerassessment/{officer_assessment}/change/",
    "admin-opinion-request": "/admin/assessments/opinionrequest/{opinion_request}/change/",
    "admin-replacement-vacancy": "/admin/assessments/replacementvacancy/{vacancy}/change/",
}
LIST_URLS = {
    "assessment-round-list": "/assessments/",
    "assessment-round-api-list": "/api/v1/assessment-rounds/",
    "officer-assessment-api-list": "/api/v1/officer-assessments/",
    "admin-assessment-rounds": "/admin/assessments/assessmentround/",
    "admin-officer-assessments": "/admin/assessments/officerassessment/",
}
UNSCOPED = {
    "assessments:round-open": "offers only the user's organisation-department regions (404 for anyone else); "
                              "tests/assessments/test_pages.py",
    "assessments:round-action": "POST only; tests/assessments/test_scoping.py (404 for the sibling county)",
    "assessments:assessment-action": "POST only; tests/assessments/test_scoping.py (404 for the sibling county)",
    "assessments:vacancy-list": "tests/assessments/test_scoping.py (the sibling county sees none of 芙蓉区's)",
    "assessments:opinion": "public: the enterprise's signed one-time link, no login; "
                           "tests/assessments/test_opinions.py",
}
COVERED_NAMES = {
    "assessments:round-list", "assessments:round", "assessments:round-opinions", "assessments:assessment",
    "assessments:vacancy", "api:assessment-round-list", "api:assessment-round-detail",
    "api:officer-assessment-list", "api:officer-assessment-detail",
}


def _round(region, name, *, officers=()):
    organization = factories.make_office_user(f"org-{region.code}-{factories.next_number()}", region,
                                              kind=PostKind.ORGANIZATION)
    today = timezone.localdate()
    return organization, round_open(actor=organization, region=region, name=name,
                                    period_start=today - timedelta(days=30), period_end=today)


def furong_world(regions, roster) -> dict:
    """An open 芙蓉区 round (李明, with an opinion link) and a finalised one whose officer was recalled."""
    organization, assessment_round = _round(regions.furong, FURONG_ROUND)
    row = assessment_round.assessments.get(officer=roster.officer)
    opinion = opinion_request_create(actor=organization, assessment=row, enterprise=roster.furong_enterprise)

    recalled = factories.make_officer(regions.furong, name="芙蓉召回联络员")
    factories.make_assignment(recalled, factories.make_enterprise(regions.furong, "芙蓉召回测试企业"))
    organization, final_round = _round(regions.furong, "芙蓉区已定档考核")
    for assessment in final_round.assessments.all():
        grade_set(actor=organization, assessment=assessment, grade=Grade.COMPETENT)
    round_finalise(actor=organization, assessment_round=final_round)
    final = final_round.assessments.get(officer=recalled)
    _, [vacancy] = assessment_recall(actor=factories.system_actor(), assessment=final, reason="芙蓉考核召回")
    return {"assessment_round": assessment_round.pk, "officer_assessment": row.pk, "opinion_request": opinion.pk,
            "final_assessment": final.pk, "vacancy": vacancy.pk}


def list_markers(name: str, roster, furong_marker: str, tianxin_marker: str) -> tuple[str, str]:
    """Make the 天心区 round (王芳) and return the (furong, tianxin) markers to look for."""
    if name not in LIST_URLS:
        return furong_marker, tianxin_marker
    _round(roster.tianxin_enterprise.region, TIANXIN_ROUND)
    if "officer" in name:
        return roster.officer.name, roster.tianxin_officer.name
    return FURONG_ROUND, TIANXIN_ROUND
