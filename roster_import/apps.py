from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterImportConfig(AppConfig):
    name = "roster_import"
    verbose_name = _("Roster import")
