from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """People-facing pages that bring several apps together: the home page per role and the roster pages."""

    name = "portal"
    verbose_name = _("Portal")
