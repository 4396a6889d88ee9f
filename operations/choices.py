from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Due")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ProcessKind(models.TextChoices):
    WORKER = "worker", _("Worker")
    BEAT = "beat", _("Beat")
