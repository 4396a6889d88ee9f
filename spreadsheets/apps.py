from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    """Spreadsheets in and out: safe reading of uploads, streamed writing, and background jobs with progress."""

    name = "spreadsheets"
    verbose_name = _("Spreadsheets")
