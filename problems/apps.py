from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    """The problem ledger (问题台账): dispatch to departments with deadlines, escalation tier by tier."""

    name = "problems"
    verbose_name = _("Problem ledger")
