from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """Assessment rounds (考核): four sources, the excellent quota, enterprise opinions, outcomes, sheets."""

    name = "assessments"
    verbose_name = _("Assessments")
