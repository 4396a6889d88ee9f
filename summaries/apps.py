from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    """Per-region, per-day summary rows recomputed from the source rows; what every dashboard reads."""

    name = "summaries"
    verbose_name = _("Daily summaries")

    def ready(self):
        from . import signals

        # SQLite rebuilds a table to alter it, which drops its triggers: put them back after every migrate.
        post_migrate.connect(signals.triggers_reinstall, dispatch_uid="summaries-triggers-reinstall")
        signals.connect_refresh_requests()
