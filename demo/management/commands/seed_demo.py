from django.core.management.base import BaseCommand, CommandError

from demo.logins import login_table
from demo.run import DEFAULT_REPORT_DAYS
from demo.seeding import DEFAULT_PASSWORD, SCALES, SITE_URL, demo_seed


class Command(BaseCommand):
    help = (
        "Fill the portal with demo data on the real Hunan region tree: departments, backing units, enterprises, "
        "officers, assignments, task forces and one login per role. Safe to run again: it adds nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small",
                            help="small (default, seconds), medium, or province (24,000 officers, 31,000 enterprises)")
        parser.add_argument("--officers", type=int, help="override the scale's number of officers")
        parser.add_argument("--enterprises", type=int, help="override the scale's number of enterprises")
        parser.add_argument("--password", default=DEFAULT_PASSWORD,
                            help=f"password of every demo login (default {DEFAULT_PASSWORD})")
        parser.add_argument("--report-days", type=int, default=DEFAULT_REPORT_DAYS,
                            help=f"days of daily reports up to today (default {DEFAULT_REPORT_DAYS}; more than the "
                                 "campaign's 56 days starts the campaign earlier)")

    def handle(self, *args, scale, officers, enterprises, password, report_days, **options):
        for name, value in (("officers", officers), ("enterprises", enterprises)):
            if value is not None and not 0 <= value <= 1_000_000:
                raise CommandError(f"--{name} must be between 0 and 1,000,000")
        if not 1 <= report_days <= 366:
            raise CommandError("--report-days must be between 1 and 366")
        if not password:
            raise CommandError("--password cannot be empty")
        run = demo_seed(scale=scale, officers=officers, enterprises=enterprises, password=password,
                        report_days=report_days, log=self.stdout.write)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo portal ready: python manage.py runserver, then open {SITE_URL}"))
        for line in login_table(run):
            self.stdout.write(line)
