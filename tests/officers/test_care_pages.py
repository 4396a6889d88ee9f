"""The officer care pages: the office's lists with counts, one officer's record and its forms, scoped (404
outside), the officer's own record, and fixed query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from officers.models import Allowance, RestPeriod
from officers.services import allowance_claim, officer_recall
from tests import factories

TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - timedelta(days=n)


def test_the_office_sees_its_lists_with_counts(roster, regions, furong_office, client):
    veteran = factories.make_officer(regions.furong, name="王强")
    factories.make_assignment(veteran, roster.furong_enterprise, start_date=days_ago(60))
    officer_recall(actor=furong_office, officer=roster.officer, reason="工作调整", on_date=days_ago(1))
    client.force_login(furong_office)
    response = client.get("/care/")
    assert response.status_code == 200
    counts = {tab["name"]: tab["count"] for tab in response.context["tabs"]}
    assert counts == {"rest": 1, "health": 1, "insurance": 1}
    assert "王强" in response.content.decode()
    body = client.get("/care/?list=health").content.decode()
    assert "李明" in body and "王强" not in body
    assert "王强" in client.get("/care/?list=insurance").content.decode()


def test_the_sibling_county_sees_none_of_it(roster, regions, furong_office, tianxin_office, client):
    officer_recall(actor=furong_office, officer=roster.officer, reason="工作调整", on_date=days_ago(1))
    client.force_login(tianxin_office)
    assert "李明" not in client.get("/care/?list=health").content.decode()
    response = client.get(f"/care/officers/{roster.officer.pk}/")
    assert response.status_code == 404
    response = client.post(f"/care/officers/{roster.officer.pk}/", {"form": "rest", "rest-kind": "rest",
                                                                    "rest-start_date": TODAY().isoformat(),
                                                                    "rest-end_date": TODAY().isoformat()})
    assert response.status_code == 404
    assert not RestPeriod.objects.exists()


def test_an_office_pays_and_an_overpayment_is_refused_on_the_page(roster, furong_office, client):
    claim = allowance_claim(actor=roster.officer.user, officer=roster.officer, kind="meal", month=TODAY(),
                            amount_claimed=Decimal("600"))
    client.force_login(furong_office)
    url = f"/care/officers/{roster.officer.pk}/"
    response = client.post(url, {"form": "pay", "pay-allowance": claim.pk, "pay-amount_paid": "700",
                                 "pay-paid_on": TODAY().isoformat()})
    assert response.status_code == 400
    assert "超过申领金额" in response.content.decode()
    response = client.post(url, {"form": "pay", "pay-allowance": claim.pk, "pay-amount_paid": "600",
                                 "pay-paid_on": TODAY().isoformat()}, follow=True)
    assert "已登记发放" in response.content.decode()
    claim.refresh_from_db()
    assert claim.amount_paid == Decimal("600")


def test_the_officer_sees_their_own_record_and_claims(roster, client):
    client.force_login(roster.officer.user)
    response = client.get("/care/mine/", follow=True)
    assert response.status_code == 200
    assert set(response.context["forms"]) == {"allowance", "rest"}
    url = f"/care/officers/{roster.officer.pk}/"
    response = client.post(url, {"form": "allowance", "allowance-kind": "transport",
                                 "allowance-month": TODAY().strftime("%Y-%m"), "allowance-amount_claimed": "200"})
    assert response.status_code == 302
    assert Allowance.objects.get(officer=roster.officer).amount_claimed == Decimal("200")
    # Paying is the office's: the officer's post of the pay form is not theirs to make.
    response = client.post(url, {"form": "pay", "pay-amount_paid": "200"})
    assert response.status_code == 404
    assert client.get(f"/care/officers/{roster.tianxin_officer.pk}/").status_code == 404
    assert client.get("/care/").status_code == 404


def test_the_date_pickers_start_on_today_in_iso_form(roster, client):
    """A date picker takes yyyy-mm-dd only: the Chinese 2026/02/10 would show it empty."""
    client.force_login(roster.officer.user)
    body = client.get(f"/care/officers/{roster.officer.pk}/").content.decode()
    today = TODAY().isoformat()
    assert f'name="rest-start_date" value="{today}"' in body
    assert f'name="rest-end_date" value="{today}"' in body


def test_a_health_check_before_the_posting_ended_is_refused_on_the_page(roster, furong_office, client):
    officer_recall(actor=furong_office, officer=roster.officer, reason="工作调整", on_date=days_ago(1))
    client.force_login(furong_office)
    response = client.post(f"/care/officers/{roster.officer.pk}/", {
        "form": "health", "health-done_on": days_ago(2).isoformat(), "health-result": "未见异常"})
    assert response.status_code == 400
    assert "此前的体检不能作为离岗体检" in response.content.decode()


def test_the_officer_detail_page_links_to_the_care_record(roster, furong_office, client):
    client.force_login(furong_office)
    body = client.get(f"/roster/officers/{roster.officer.pk}/").content.decode()
    assert f"/care/officers/{roster.officer.pk}/" in body


@pytest.mark.parametrize("url", ["/care/?list=rest", "/care/?list=health", "/care/?list=insurance", "record"])
def test_pages_keep_a_fixed_query_count(url, roster, regions, furong_office, client, django_assert_max_num_queries):
    from officers.services import officer_insurance_record, rest_period_record

    def grow(count):
        for _ in range(count):
            officer = factories.make_officer(regions.furong)
            factories.make_assignment(officer, roster.furong_enterprise, start_date=days_ago(60),
                                      end_date=days_ago(2) if "health" in url else None)
            rest_period_record(actor=furong_office, officer=roster.officer, start_date=days_ago(len(grown) * 2 + 1),
                               end_date=days_ago(len(grown) * 2 + 1))
            allowance_claim(actor=furong_office, officer=roster.officer, kind="meal",
                            month=TODAY() - timedelta(days=31 * len(grown)), amount_claimed=Decimal("10"))
            officer_insurance_record(actor=furong_office, officer=roster.officer, insurer="中国人寿",
                                     policy_number=f"N{len(grown)}", start_date=days_ago(400),
                                     end_date=days_ago(300))
            grown.append(officer)

    grown = []
    target = f"/care/officers/{roster.officer.pk}/" if url == "record" else url
    grow(2)
    client.force_login(furong_office)
    with django_assert_max_num_queries(25) as few:
        assert client.get(target).status_code == 200
    grow(18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(target)
    assert response.status_code == 200
