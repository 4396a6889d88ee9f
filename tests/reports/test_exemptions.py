"""The exemption-kind rule lives in ReportExemption.clean: the service, the page and the admin all refuse a bad pair."""

import pytest
from django.core.exceptions import ValidationError

from reports.choices import ExemptionKind
from reports.models import ReportExemption
from reports.services import exemption_create
from tests.reports.conftest import TODAY, YESTERDAY


def refusal(**kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        exemption_create(**{"start_date": TODAY, "end_date": TODAY, **kwargs})
    return caught.value.message_dict


def test_an_enterprise_kind_without_its_enterprise_is_refused_by_the_service(furong_office, roster):
    errors = refusal(actor=furong_office, kind=ExemptionKind.ENTERPRISE_SHUT, officer=roster.officer)
    assert errors["enterprise"] == ["请选择停产或未复工的企业。"]
    assert errors["officer"] == ["停产或未复工的企业，其全部联络员均免报：请选择企业，而不是联络员。"]
    assert not ReportExemption.objects.exists()


def test_an_officer_kind_naming_an_enterprise_too_is_refused_by_the_service(furong_office, roster):
    errors = refusal(actor=furong_office, kind=ExemptionKind.OFFICER_LEAVE, officer=roster.officer,
                     enterprise=roster.furong_enterprise)
    # A clear message, not the database constraint's name.
    assert errors == {"enterprise": ["请假或轮休的联络员，其派驻的所有企业均免报：请选择联络员，而不是企业。"]}
    assert not ReportExemption.objects.exists()


def test_an_officer_kind_without_an_officer_and_dates_backwards_are_refused(furong_office, roster):
    errors = refusal(actor=furong_office, kind=ExemptionKind.OFFICER_REST, enterprise=roster.furong_enterprise,
                     end_date=YESTERDAY)
    assert errors["officer"] == ["请选择请假或轮休的联络员。"]
    assert errors["end_date"] == ["结束日期不能早于开始日期。"]
    assert not ReportExemption.objects.exists()


def test_a_good_pair_is_recorded(furong_office, roster):
    exemption = exemption_create(actor=furong_office, kind=ExemptionKind.OFFICER_LEAVE, officer=roster.officer,
                                 start_date=YESTERDAY, end_date=TODAY)
    assert ReportExemption.objects.get() == exemption
    assert exemption.enterprise is None and exemption.created_by == furong_office


def test_an_office_cannot_exempt_an_officer_outside_its_reach_next_to_its_own_enterprise(tianxin_office, roster):
    # Both targets named: the kind's rule answers first, and nothing outside the office's reach is saved either.
    errors = refusal(actor=tianxin_office, kind=ExemptionKind.NOT_REOPENED, enterprise=roster.tianxin_enterprise,
                     officer=roster.officer)
    assert set(errors) == {"officer"}
    assert not ReportExemption.objects.exists()


def test_the_admin_refuses_a_bad_kind_and_target_pair(admin_user, roster, client):
    client.force_login(admin_user)
    response = client.post("/admin/reports/reportexemption/add/", {
        "kind": ExemptionKind.ENTERPRISE_SHUT, "officer": roster.officer.pk, "enterprise": "",
        "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat(), "note": ""})
    assert response.status_code == 200  # the form again, with the message
    assert "请选择停产或未复工的企业" in response.content.decode()
    assert not ReportExemption.objects.exists()


def test_the_page_shows_the_services_messages_and_saves_nothing(furong_office, roster, client):
    client.force_login(furong_office)
    response = client.post("/reports/exemptions/", {
        "kind": ExemptionKind.OFFICER_LEAVE, "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat()})
    assert response.status_code == 400
    assert "请选择请假或轮休的联络员" in response.content.decode()
    assert not ReportExemption.objects.exists()


API = "/api/v1/report-exemptions/"


def test_the_api_refuses_a_bad_kind_and_target_pair_and_saves_nothing(furong_office, roster, client):
    client.force_login(furong_office)
    response = client.post(API, {"kind": ExemptionKind.ENTERPRISE_SHUT, "officer": roster.officer.pk,
                                 "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat()},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["enterprise"] == ["请选择停产或未复工的企业。"]
    assert response.json()["officer"] == ["停产或未复工的企业，其全部联络员均免报：请选择企业，而不是联络员。"]
    response = client.post(API, {"kind": ExemptionKind.OFFICER_REST, "officer": roster.officer.pk,
                                 "enterprise": roster.furong_enterprise.pk,
                                 "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat()},
                           content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["enterprise"]
    assert not ReportExemption.objects.exists()


def test_the_api_records_a_good_exemption_and_lists_it_in_scope_only(furong_office, tianxin_office, roster, client):
    client.force_login(furong_office)
    response = client.post(API, {"kind": ExemptionKind.NOT_REOPENED, "enterprise": roster.furong_enterprise.pk,
                                 "start_date": YESTERDAY.isoformat(), "end_date": TODAY.isoformat(),
                                 "note": "停产检修"}, content_type="application/json")
    assert response.status_code == 201, response.content
    exemption = ReportExemption.objects.get()
    assert response.json()["id"] == exemption.pk and exemption.created_by == furong_office
    assert [row["id"] for row in client.get(API).json()["results"]] == [exemption.pk]
    client.force_login(tianxin_office)  # the sibling county sees nothing and cannot name 芙蓉区's enterprise
    assert client.get(API).json()["results"] == []
    response = client.post(API, {"kind": ExemptionKind.ENTERPRISE_SHUT, "enterprise": roster.furong_enterprise.pk,
                                 "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat()},
                           content_type="application/json")
    assert response.status_code == 400
    assert ReportExemption.objects.count() == 1
