"""The working-day clock on the real calendar: the State Council's 2025 and 2026 schedules from chinesecalendar."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from problems.services import escalation_cutoff
from workcalendar.models import CalendarDay
from workcalendar.selectors import add_working_days, is_workday, working_days_between
from workcalendar.services import calendar_import


@pytest.fixture
def real_calendar(db):
    """The migration loads it; a transactional test elsewhere may have flushed it, so load again (idempotent)."""
    calendar_import(years=[2025, 2026])


def test_it_holds_only_the_exceptions_to_the_week(real_calendar):
    # 2026 Spring Festival: Sunday 15 February to Monday 23 February; make-up workdays on Saturdays 14 and 28.
    spring = CalendarDay.objects.filter(date__range=(date(2026, 2, 1), date(2026, 3, 1)))
    assert {(d.date, d.is_workday) for d in spring} == {
        (date(2026, 2, 14), True), (date(2026, 2, 16), False), (date(2026, 2, 17), False),
        (date(2026, 2, 18), False), (date(2026, 2, 19), False), (date(2026, 2, 20), False),
        (date(2026, 2, 23), False), (date(2026, 2, 28), True),
    }
    assert CalendarDay.objects.get(date=date(2026, 2, 17)).display_name == "春节"


def test_the_spring_festival_holiday_and_its_make_up_weekend_days(real_calendar):
    assert is_workday(date(2026, 2, 13))  # Friday
    assert is_workday(date(2026, 2, 14))  # Saturday, a make-up workday
    assert not is_workday(date(2026, 2, 16))  # Monday, Spring Festival
    assert not is_workday(date(2026, 2, 23))  # Monday, last day of the holiday
    assert is_workday(date(2026, 2, 24))
    assert not is_workday(date(2026, 2, 22))  # an ordinary Sunday inside the holiday
    # 2025: the holiday ran 28 January to 4 February, with make-up Sunday 26 January and Saturday 8 February.
    assert is_workday(date(2025, 1, 26)) and is_workday(date(2025, 2, 8))
    assert not is_workday(date(2025, 1, 28)) and not is_workday(date(2025, 2, 4))
    assert is_workday(date(2025, 2, 5))


def test_a_deadline_counts_working_days_across_the_holiday(real_calendar, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert add_working_days(date(2026, 2, 12), 1) == date(2026, 2, 13)
    assert add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 14)  # the make-up Saturday counts
    assert add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)  # nine days of holiday in between
    assert add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)
    assert add_working_days(date(2026, 2, 24), -1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 16), 0) == date(2026, 2, 16)
    # 2025: National Day week, 1–8 October, with make-up Sunday 28 September and Saturday 11 October.
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)


def test_working_days_between_is_the_inverse_of_adding(real_calendar, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2
    assert working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == -2
    start = date(2026, 1, 20)
    for n in range(0, 40, 3):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_a_week_without_exceptions_is_monday_to_friday(db):
    assert add_working_days(date(2030, 3, 8), 1) == date(2030, 3, 11)  # Friday to Monday
    assert working_days_between(date(2030, 3, 4), date(2030, 3, 11)) == 5


def test_years_the_package_does_not_cover_fall_back_to_monday_to_friday(db):
    # 2031 is beyond the package: the Spring Festival is not known, only weekends rest.
    assert is_workday(date(2031, 1, 23)) and not is_workday(date(2031, 1, 25))


def test_the_escalation_cutoff_matches_counting_working_days(real_calendar):
    today = date(2026, 2, 25)
    for margin in (0, 1, 2, 5):
        cutoff = escalation_cutoff(today=today, margin=margin)
        for offset in range(40):
            deadline = today - timedelta(days=offset)
            assert (deadline < cutoff) == (working_days_between(deadline, today) > margin), (margin, deadline)


def test_import_is_idempotent_and_puts_back_a_changed_day(db):
    CalendarDay.objects.all().delete()
    first = calendar_import(years=[2026])
    assert first == CalendarDay.objects.count() > 20
    assert calendar_import(years=[2026]) == 0
    CalendarDay.objects.filter(date=date(2026, 2, 17)).update(is_workday=True)
    assert calendar_import(years=[2026]) == 1
    assert not is_workday(date(2026, 2, 17))


def test_load_calendar_command(db):
    out = StringIO()
    call_command("load_calendar", "2025", stdout=out)
    assert "2025" in out.getvalue()
    with pytest.raises(CommandError, match="2099"):
        call_command("load_calendar", "2099")


def test_only_real_exceptions_can_be_entered(db):
    with pytest.raises(ValidationError) as error:
        CalendarDay(date=date(2030, 3, 5), is_workday=True, name="x").full_clean()  # a Tuesday
    assert "补班" in str(error.value) or "周六" in str(error.value)
    with pytest.raises(ValidationError):
        CalendarDay(date=date(2030, 3, 9), is_workday=False, name="x").full_clean()  # a Saturday


def test_administrators_edit_the_calendar_and_offices_only_read_it(admin_user, furong_office, client):
    day = CalendarDay.objects.create(date=date(2030, 5, 6), is_workday=False, name="Labour Day")
    client.force_login(furong_office)
    assert client.get("/admin/workcalendar/calendarday/").status_code == 200
    assert client.post(f"/admin/workcalendar/calendarday/{day.pk}/delete/", {"post": "yes"}).status_code == 403
    client.force_login(admin_user)
    response = client.post(f"/admin/workcalendar/calendarday/{day.pk}/change/",
                           {"date": "2030-05-06", "is_workday": "", "name": "劳动节调休"})
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.name == "劳动节调休"
