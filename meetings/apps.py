from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Weekly consultation meetings (会商会议) and their rectification lists (整改清单), tracked to done."""

    name = "meetings"
    verbose_name = _("Consultation meetings")
