import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min
from django.utils import timezone

from officers.models import Assignment
from summaries.services import summaries_rebuild


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD)") from error


class Command(BaseCommand):
    help = "Recompute the region-day summaries of a date range for every region (default: the campaign so far)."

    def add_arguments(self, parser):
        parser.add_argument("--start", type=_day, help="first day (default: the first assignment's start date)")
        parser.add_argument("--end", type=_day, help="last day (default: today)")

    def handle(self, *args, start, end, **options):
        end = end or timezone.localdate()
        # The campaign began when the first officer was stationed.
        start = start or Assignment.objects.aggregate(first=Min("start_date"))["first"] or end
        if start > end:
            raise CommandError("--start must not be after --end")
        started = time.monotonic()
        days = summaries_rebuild(start=start, end=end)
        self.stdout.write(f"summaries recomputed for {days} days ({start} to {end}) "
                          f"in {time.monotonic() - started:.1f} s")
