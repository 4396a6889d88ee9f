from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdempotencyConfig(AppConfig):
    """Idempotency-Key support for API writes: a retried request gets the first answer, never a second write."""

    name = "idempotency"
    verbose_name = _("Idempotent requests")
