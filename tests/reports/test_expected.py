"""Who has not reported: expected is exact as postings open, end, pause and change hands."""

from datetime import timedelta

from officers.choices import AssignmentEndReason
from officers.services import assignment_end, officer_recall
from reports.choices import ExemptionKind
from reports.selectors import expected_assignments, missing_assignments, reporting_counts
from reports.services import exemption_create
from tests import factories
from tests.reports.conftest import TODAY, YESTERDAY, at


def missing_names(office, day=TODAY):
    return sorted(a.enterprise.name for a in missing_assignments(day=day, fetched_by=office))


def test_every_active_assignment_is_expected_until_filed(furong_office, roster, file_report):
    assert missing_names(furong_office) == sorted([roster.furong_enterprise.name, roster.furong_enterprise_2.name])
    file_report()
    assert missing_names(furong_office) == [roster.furong_enterprise_2.name]
    assert reporting_counts(day=TODAY, fetched_by=furong_office) == {
        "expected": 2, "filed": 1, "late": 0, "missing": 1, "rate": 50.0}


def test_a_posting_that_starts_tomorrow_or_ended_yesterday_is_not_expected(furong_office, regions, roster):
    starting = factories.make_enterprise(regions.furong, "明日进驻企业")
    factories.make_assignment(roster.officer, starting, start_date=TODAY + timedelta(days=1))
    assignment_end(actor=furong_office, assignment=roster.furong_assignment, end_date=YESTERDAY,
                   reason=AssignmentEndReason.ROTATED)
    assert missing_names(furong_office) == [roster.furong_enterprise_2.name]
    # ...but yesterday both of the officer's postings were still expected.
    assert len(missing_names(furong_office, YESTERDAY)) == 2


def test_the_last_day_of_a_posting_is_expected(furong_office, roster):
    assignment_end(actor=furong_office, assignment=roster.furong_assignment, end_date=TODAY,
                   reason=AssignmentEndReason.FINISHED)
    assert roster.furong_enterprise.name in missing_names(furong_office)


def test_recall_and_replace_expects_the_successor_from_the_handover(furong_office, regions, roster):
    successor = factories.make_officer(regions.furong, name="接替联络员")
    officer_recall(actor=furong_office, officer=roster.officer, reason="召回", on_date=TODAY,
                   replacements={roster.furong_enterprise.pk: successor})
    expected = expected_assignments(day=TODAY + timedelta(days=1), fetched_by=furong_office)
    assert [(a.officer.name, a.enterprise.name) for a in expected] == [("接替联络员", roster.furong_enterprise.name)]


def test_exemptions_remove_exactly_their_days(furong_office, roster):
    exemption_create(actor=furong_office, kind=ExemptionKind.NOT_REOPENED, enterprise=roster.furong_enterprise,
                     start_date=YESTERDAY, end_date=TODAY)
    assert missing_names(furong_office) == [roster.furong_enterprise_2.name]
    assert len(missing_names(furong_office, TODAY - timedelta(days=2))) == 2
    exemption_create(actor=furong_office, kind=ExemptionKind.OFFICER_LEAVE, officer=roster.officer,
                     start_date=TODAY, end_date=TODAY)
    assert missing_names(furong_office) == []
    assert reporting_counts(day=TODAY, fetched_by=furong_office)["rate"] is None


def test_late_reports_count_as_filed_and_late(furong_office, file_report):
    file_report(now=at(TODAY, 22))
    counts = reporting_counts(day=TODAY, fetched_by=furong_office)
    assert counts["filed"] == 1 and counts["late"] == 1


def test_offices_see_only_their_expected_reports(tianxin_office, changsha_office, roster):
    assert missing_names(tianxin_office) == [roster.tianxin_enterprise.name] * 2  # its own officer and the city's
    assert len(missing_names(changsha_office)) == 4


def test_an_office_cannot_exempt_a_sibling_countys_enterprise(tianxin_office, roster):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        exemption_create(actor=tianxin_office, kind=ExemptionKind.ENTERPRISE_SHUT, enterprise=roster.furong_enterprise,
                         start_date=TODAY, end_date=TODAY)
