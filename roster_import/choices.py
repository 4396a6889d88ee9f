from django.db import models
from django.utils.translation import gettext_lazy as _


class RosterKind(models.TextChoices):
    ENTERPRISES = "enterprises", _("Enterprises")
    OFFICERS = "officers", _("Officers")
    ASSIGNMENTS = "assignments", _("Assignments")
