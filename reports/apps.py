from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Daily reports: filing, day closing, who has not reported, reminders."""

    name = "reports"
    verbose_name = _("Daily reports")

    def ready(self):
        from . import signals

        signals.connect()
