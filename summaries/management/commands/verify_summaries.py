import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from regions.models import Region
from summaries.services import summaries_verify_record
from summaries.verification import summaries_verify


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD)") from error


class Command(BaseCommand):
    help = ("Recount every region-day summary from the raw rows by a route independent of the refresh, list each "
            "mismatch and end with 'N region-days checked, M mismatches'; exits 1 when M > 0.")

    def add_arguments(self, parser):
        parser.add_argument("--since", type=_day, help="first day to check (default: the first summarised day)")
        parser.add_argument("--region", help="check only this region's subtree (its code, e.g. 430102)")
        parser.add_argument("--no-record", action="store_true",
                            help="do not keep the result for the health page")

    def handle(self, *args, since, region, no_record, **options):
        chosen = None
        if region:
            chosen = Region.objects.filter(code=region).first()
            if chosen is None:
                raise CommandError(f"no region has the code {region!r}")
        started = time.monotonic()
        if no_record:
            result = summaries_verify(since=since, region=chosen)
            checked, mismatches = result.region_days_checked, [str(m) for m in result.mismatches]
        else:
            record = summaries_verify_record(since=since, region=chosen, keep_all=True)
            checked, mismatches = record.region_days_checked, record.all_mismatches
        for line in mismatches:
            self.stdout.write(f"mismatch: {line}")
        self.stderr.write(f"({time.monotonic() - started:.1f} s)")
        self.stdout.write(f"{checked} region-days checked, {len(mismatches)} mismatches")
        if mismatches:
            sys.exit(1)
