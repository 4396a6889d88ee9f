from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    """Per-region, per-day summary rows recomputed from the source rows; what every dashboard reads."""

    name = "summaries"
    verbose_name = _("Daily summaries")
