from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RECALLED = "recalled", _("Recalled")
    ROTATED_OUT = "rotated_out", _("Rotated out")
    FINISHED = "finished", _("Finished")


class AssignmentEndReason(models.TextChoices):
    FINISHED = "finished", _("Posting finished")
    ROTATED = "rotated", _("Rotated out")
    RECALLED = "recalled", _("Recalled")
    REASSIGNED = "reassigned", _("Reassigned")


class AllowanceKind(models.TextChoices):
    MEAL = "meal", _("Meal allowance")
    TRANSPORT = "transport", _("Transport allowance")


class RestKind(models.TextChoices):
    ROTATION = "rotation", _("Rotation")
    REST = "rest", _("Rest")
