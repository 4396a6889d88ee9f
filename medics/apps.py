from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedicsConfig(AppConfig):
    name = "medics"
    verbose_name = _("Medical staff")
