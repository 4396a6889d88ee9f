from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ProcessKind, RunStatus


class ScheduledRun(models.Model):
    """One due time of one daily job: created when it falls due (by the tick), so a run is never skipped (the next
    tick finds it) and never doubled (the unique pair)."""

    name = models.CharField(_("job"), max_length=80)
    due_at = models.DateTimeField(_("due at"))
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.PENDING)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-due_at", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "due_at"], name="scheduled_run_once_per_due_time")]

    def __str__(self):
        return f"{self.name} {self.due_at:%Y-%m-%d %H:%M}"


class Heartbeat(models.Model):
    """The last sign of life of one worker or beat process (by host name), written every ~30 s by the process."""

    kind = models.CharField(_("kind"), max_length=8, choices=ProcessKind.choices)
    hostname = models.CharField(_("host name"), max_length=200)
    pid = models.PositiveIntegerField(_("process id"), default=0)
    started_at = models.DateTimeField(_("started at"))
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")
        ordering = ["kind", "hostname"]
        constraints = [models.UniqueConstraint(fields=["kind", "hostname"], name="heartbeat_one_per_process")]

    def __str__(self):
        return f"{self.kind} {self.hostname}"
