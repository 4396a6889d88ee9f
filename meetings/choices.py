from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendeeKind(models.TextChoices):
    OFFICER = "officer", _("Liaison officer")
    MEDIC = "medic", _("Medical staff")
    BRANCH_MEMBER = "branch_member", _("Branch member")
    ENTERPRISE_HEAD = "enterprise_head", _("Enterprise head")
    OTHER = "other", _("Other")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("To rectify")
    IN_PROGRESS = "in_progress", _("Being rectified")
    DONE = "done", _("Rectified")


class ItemAction(models.TextChoices):
    CREATED = "created", _("Listed")
    STATUS_CHANGED = "status_changed", _("Status changed")
    CLOSED = "closed", _("Closed with evidence")
    REOPENED = "reopened", _("Reopened for rectification")
    FLAGGED_OVERDUE = "flagged_overdue", _("Flagged overdue")


OPEN_STATUSES = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)
