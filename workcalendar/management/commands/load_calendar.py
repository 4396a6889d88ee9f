from django.core.management.base import BaseCommand, CommandError

from workcalendar.services import calendar_import, package_years


class Command(BaseCommand):
    help = ("Import public holidays and make-up workdays from the chinesecalendar package (the State Council's "
            "yearly schedule). Safe to run again: it writes only what changed.")

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="years to import (default: all the package covers)")

    def handle(self, *args, years, **options):
        known = package_years()
        unknown = sorted(set(years) - set(known))
        if unknown:
            raise CommandError(f"the chinesecalendar package has no schedule for {unknown}; it covers "
                               f"{known[0]}–{known[-1]}. Upgrade it (pip install -U chinesecalendar) or enter "
                               f"the days in the admin.")
        written = calendar_import(years=years or None)
        self.stdout.write(f"calendar: {written} day(s) written for {', '.join(map(str, years or known))}")
