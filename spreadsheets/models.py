from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison_portal.storage import private_files
from regions.models import Region
from regions.scoping import RegionScopedModel, ScopedQuerySet

from .choices import FINISHED, JobKind, JobStatus


class SpreadsheetJob(RegionScopedModel):
    """A spreadsheet import or export running in the background: its progress, its message and its file.

    Only the person who started it sees it (administrators see all); an export's file expires a day after it is
    written and the beat deletes it.
    """

    kind = models.CharField(_("kind"), max_length=8, choices=JobKind.choices)
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    input_file = models.FileField(_("uploaded file"), storage=private_files, upload_to="jobs/in/%Y/%m/%d/",
                                  blank=True, max_length=255)
    output_file = models.FileField(_("file"), storage=private_files, upload_to="jobs/out/%Y/%m/%d/", blank=True,
                                   max_length=255)
    output_name = models.CharField(_("file name"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Touched while a worker runs the job (job_run's heartbeat thread, every progress report): a running job whose
    # heartbeat stops is one whose worker vanished, and the stuck-job sweep fails it.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # What queued the job, so that a retry can queue the same work again (empty: it ran in the request).
    task_name = models.CharField(_("task"), max_length=200, blank=True)
    task_kwargs = models.JSONField(_("task arguments"), default=dict, blank=True)

    scope_user_paths = ("created_by",)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("spreadsheet job")
        verbose_name_plural = _("spreadsheet jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="spreadsheet_job_expiry"),
                   models.Index(fields=["status", "heartbeat_at"], name="spreadsheet_job_heartbeat")]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def can_retry(self) -> bool:
        """A failed job that a task ran can be queued again (one run in the request is uploaded again instead)."""
        return self.status == JobStatus.FAILED and bool(self.task_name)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
