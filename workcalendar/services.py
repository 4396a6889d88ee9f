"""Writes on the working-day calendar: importing the State Council's schedule from the chinesecalendar package."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from .models import SATURDAY, CalendarDay


def package_years() -> list[int]:
    """The years the installed chinesecalendar package carries a holiday schedule for."""
    from chinese_calendar import constants

    return sorted({day.year for day in constants.holidays})


def chinese_calendar_exceptions(*, years: Iterable[int] | None = None) -> list[tuple[date, bool, str]]:
    """(date, is_workday, name) for every day the package moves off the Monday–Friday week, oldest first.

    Holidays that fall on a weekend change nothing and are left out; so are make-up days on a weekday.
    Pure: the data migration uses it with the historical model.
    """
    from chinese_calendar import constants

    wanted = set(years) if years is not None else None
    rows = [(day, False, name) for day, name in constants.holidays.items() if day.weekday() < SATURDAY]
    rows += [(day, True, name) for day, name in constants.workdays.items() if day.weekday() >= SATURDAY]
    return sorted((row for row in rows if wanted is None or row[0].year in wanted), key=lambda row: row[0])


def calendar_days_upsert(model, rows: list[tuple[date, bool, str]]) -> int:
    """Create missing days and correct changed ones; returns how many rows were written. Idempotent."""
    existing = {day.date: day for day in model.objects.filter(date__in=[row[0] for row in rows])}
    created, changed = [], []
    for day, is_workday, name in rows:
        current = existing.get(day)
        if current is None:
            created.append(model(date=day, is_workday=is_workday, name=name))
        elif (current.is_workday, current.name) != (is_workday, name):
            current.is_workday, current.name = is_workday, name
            changed.append(current)
    model.objects.bulk_create(created, batch_size=500)
    model.objects.bulk_update(changed, ["is_workday", "name"], batch_size=500)
    return len(created) + len(changed)


@transaction.atomic
def calendar_import(*, years: Iterable[int] | None = None) -> int:
    """Load the public holidays and make-up workdays of `years` (default: every year the package knows).

    Idempotent: a second run writes nothing. A day the package lists is set to the package's value (an
    administrator's edit of that day is overwritten); days the package does not list are left alone.
    """
    return calendar_days_upsert(CalendarDay, chinese_calendar_exceptions(years=years))
