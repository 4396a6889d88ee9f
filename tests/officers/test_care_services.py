"""Officer care writes: insurance, allowances claimed and paid, rest periods and the health check after the posting.
Bad input gets a clear message and saves nothing; the sibling county cannot write on another county's officer."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from officers.choices import AllowanceKind, RestKind
from officers.models import Allowance, HealthCheck, InsurancePolicy, RestPeriod
from officers.services import (
    allowance_claim,
    allowance_pay,
    health_check_record,
    officer_insurance_record,
    officer_recall,
    rest_period_record,
)
from tests import factories

TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - timedelta(days=n)


def first_of_month():
    return TODAY().replace(day=1)


def test_an_office_records_a_policy(roster, furong_office):
    policy = officer_insurance_record(actor=furong_office, officer=roster.officer, insurer="中国人寿长沙分公司",
                                      policy_number="PA2020-0001", start_date=days_ago(30),
                                      end_date=days_ago(30) + timedelta(days=365))
    assert policy.recorded_by == furong_office


def test_a_policy_ending_before_it_starts_is_refused(roster, furong_office):
    with pytest.raises(ValidationError) as refused:
        officer_insurance_record(actor=furong_office, officer=roster.officer, insurer="中国人寿",
                                 policy_number="X1", start_date=TODAY(), end_date=days_ago(1))
    assert refused.value.message_dict["end_date"] == ["保单的结束日期不能早于开始日期。"]
    assert not InsurancePolicy.objects.exists()


def test_a_policy_number_is_recorded_once(roster, furong_office):
    officer_insurance_record(actor=furong_office, officer=roster.officer, insurer="中国人寿", policy_number="X1",
                             start_date=TODAY(), end_date=TODAY())
    with pytest.raises(ValidationError, match="已登记"):
        officer_insurance_record(actor=furong_office, officer=roster.officer, insurer="中国人寿",
                                 policy_number="X1", start_date=TODAY(), end_date=TODAY())


def test_the_sibling_county_and_the_officer_cannot_record_insurance(roster, tianxin_office):
    for actor in (tianxin_office, roster.officer.user):
        with pytest.raises(ValidationError) as refused:
            officer_insurance_record(actor=actor, officer=roster.officer, insurer="中国人寿", policy_number="X2",
                                     start_date=TODAY(), end_date=TODAY())
        assert "officer" in refused.value.message_dict
    assert not InsurancePolicy.objects.exists()


def test_the_managing_office_of_a_city_officer_cares_for_them(roster, changsha_office, tianxin_office,
                                                              furong_office):
    """The city dispatched 陈刚 (stationed in 天心区): the city cares for him, 芙蓉区 does not."""
    officer_insurance_record(actor=changsha_office, officer=roster.city_officer, insurer="中国平安",
                             policy_number="C1", start_date=TODAY(), end_date=TODAY())
    with pytest.raises(ValidationError):
        officer_insurance_record(actor=furong_office, officer=roster.city_officer, insurer="中国平安",
                                 policy_number="C2", start_date=TODAY(), end_date=TODAY())


def test_the_officer_claims_and_the_office_pays_part(roster, furong_office):
    claim = allowance_claim(actor=roster.officer.user, officer=roster.officer, kind=AllowanceKind.MEAL,
                            month=TODAY(), amount_claimed=Decimal("600.00"))
    assert claim.month == first_of_month()
    paid = allowance_pay(actor=furong_office, allowance=claim, amount_paid=Decimal("450.00"), paid_on=TODAY())
    assert paid.amount_paid == Decimal("450.00") and paid.paid_by == furong_office


def test_paying_more_than_claimed_is_refused(roster, furong_office):
    claim = allowance_claim(actor=furong_office, officer=roster.officer, kind=AllowanceKind.TRANSPORT,
                            month=TODAY(), amount_claimed=Decimal("300"))
    with pytest.raises(ValidationError) as refused:
        allowance_pay(actor=furong_office, allowance=claim, amount_paid=Decimal("300.01"), paid_on=TODAY())
    assert "超过申领金额 300" in refused.value.message_dict["amount_paid"][0]
    claim.refresh_from_db()
    assert claim.paid_on is None and claim.amount_paid is None


def test_an_allowance_is_paid_once_and_never_by_the_officer(roster, furong_office):
    claim = allowance_claim(actor=roster.officer.user, officer=roster.officer, kind=AllowanceKind.MEAL,
                            month=TODAY(), amount_claimed=Decimal("600"))
    with pytest.raises(ValidationError):
        allowance_pay(actor=roster.officer.user, allowance=claim, amount_paid=Decimal("600"), paid_on=TODAY())
    allowance_pay(actor=furong_office, allowance=claim, amount_paid=Decimal("600"), paid_on=TODAY())
    with pytest.raises(ValidationError, match="已于"):
        allowance_pay(actor=furong_office, allowance=claim, amount_paid=Decimal("1"), paid_on=TODAY())


@pytest.mark.parametrize(("changes", "field"), [
    ({"month": TODAY() + timedelta(days=40)}, "month"),
    ({"amount_claimed": Decimal("0")}, "amount_claimed"),
])
def test_a_bad_claim_is_refused(changes, field, roster, furong_office):
    data = {"kind": AllowanceKind.MEAL, "month": TODAY(), "amount_claimed": Decimal("600"), **changes}
    with pytest.raises(ValidationError) as refused:
        allowance_claim(actor=furong_office, officer=roster.officer, **data)
    assert field in refused.value.message_dict
    assert not Allowance.objects.exists()


def test_a_month_is_claimed_once_per_kind(roster, furong_office):
    allowance_claim(actor=furong_office, officer=roster.officer, kind=AllowanceKind.MEAL, month=TODAY(),
                    amount_claimed=Decimal("600"))
    allowance_claim(actor=furong_office, officer=roster.officer, kind=AllowanceKind.TRANSPORT, month=TODAY(),
                    amount_claimed=Decimal("200"))
    with pytest.raises(ValidationError) as refused:
        allowance_claim(actor=roster.officer.user, officer=roster.officer, kind=AllowanceKind.MEAL,
                        month=TODAY(), amount_claimed=Decimal("600"))
    assert "李明 已申领" in refused.value.message_dict["month"][0]


def test_a_payment_dated_in_the_future_is_refused(roster, furong_office):
    claim = allowance_claim(actor=furong_office, officer=roster.officer, kind=AllowanceKind.MEAL, month=TODAY(),
                            amount_claimed=Decimal("600"))
    with pytest.raises(ValidationError) as refused:
        allowance_pay(actor=furong_office, allowance=claim, amount_paid=Decimal("600"),
                      paid_on=TODAY() + timedelta(days=1))
    assert "paid_on" in refused.value.message_dict


def test_rest_overlapping_another_rest_is_refused(roster, furong_office):
    rest_period_record(actor=roster.officer.user, officer=roster.officer, kind=RestKind.REST,
                       start_date=days_ago(6), end_date=days_ago(5))
    with pytest.raises(ValidationError) as refused:
        rest_period_record(actor=furong_office, officer=roster.officer, kind=RestKind.ROTATION,
                           start_date=days_ago(5), end_date=days_ago(1))
    message = refused.value.message_dict["start_date"][0]
    assert "李明" in message and "重叠" in message
    rest_period_record(actor=furong_office, officer=roster.officer, kind=RestKind.ROTATION,
                       start_date=days_ago(4), end_date=days_ago(1))
    assert RestPeriod.objects.count() == 2


def test_rest_ending_before_it_starts_is_refused(roster, furong_office):
    with pytest.raises(ValidationError) as refused:
        rest_period_record(actor=furong_office, officer=roster.officer, start_date=TODAY(), end_date=days_ago(1))
    assert "end_date" in refused.value.message_dict


def test_another_officer_cannot_record_my_rest(roster):
    with pytest.raises(ValidationError):
        rest_period_record(actor=roster.tianxin_officer.user, officer=roster.officer, start_date=TODAY(),
                           end_date=TODAY())


def test_the_health_check_waits_for_the_end_of_the_posting(roster, furong_office):
    with pytest.raises(ValidationError) as refused:
        health_check_record(actor=furong_office, officer=roster.officer, done_on=TODAY(), result="未见异常")
    assert "仍在派驻中" in refused.value.message_dict["done_on"][0]
    assert not HealthCheck.objects.exists()


def test_a_check_done_before_the_posting_ended_is_refused(roster, furong_office):
    officer_recall(actor=furong_office, officer=roster.officer, reason="工作调整", on_date=days_ago(2))
    with pytest.raises(ValidationError) as refused:
        health_check_record(actor=furong_office, officer=roster.officer, done_on=days_ago(3), result="未见异常")
    assert refused.value.message_dict["done_on"] == [
        f"派驻于 {days_ago(2):%Y-%m-%d} 结束：此前的体检不能作为离岗体检。"]
    check = health_check_record(actor=furong_office, officer=roster.officer, done_on=days_ago(1), result="未见异常")
    assert check.due_on == days_ago(2)
    with pytest.raises(ValidationError, match="已登记"):
        health_check_record(actor=furong_office, officer=roster.officer, done_on=TODAY(), result="复查")


def test_a_check_needs_a_result_and_a_past_date(roster, furong_office):
    officer_recall(actor=furong_office, officer=roster.officer, reason="工作调整", on_date=days_ago(2))
    with pytest.raises(ValidationError) as refused:
        health_check_record(actor=furong_office, officer=roster.officer, done_on=TODAY(), result="  ")
    assert "result" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        health_check_record(actor=furong_office, officer=roster.officer, done_on=TODAY() + timedelta(days=1),
                            result="未见异常")
    assert "done_on" in refused.value.message_dict


def test_an_officer_never_stationed_has_no_check_due(regions, furong_office):
    officer = factories.make_officer(regions.furong)
    with pytest.raises(ValidationError) as refused:
        health_check_record(actor=furong_office, officer=officer, done_on=TODAY(), result="未见异常")
    assert "从未派驻" in refused.value.message_dict["officer"][0]
