"""Writes on spreadsheet jobs: create, report progress, finish with a file, fail with a message, expire.

A job's work runs in a Celery task (eagerly in the embedded run); `job_run` wraps it so that whatever goes wrong
ends as a failed job with a message the user can read, never as a progress bar stuck at 40 %. A background job's
finish tells whoever started it (notifications), in the finish's transaction.
"""

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from liaison_portal.queueing import task_name
from notifications.choices import NoticeKind
from notifications.services import notify
from regions.models import Region

from .choices import JobKind, JobStatus
from .models import SpreadsheetJob

logger = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]


@transaction.atomic
def job_create(*, actor, kind: JobKind, title: str, region: Region | None = None, total: int = 0,
               input_file: UploadedFile | None = None) -> SpreadsheetJob:
    """Record a job about to be queued; an import keeps its uploaded file next to it."""
    job = SpreadsheetJob(kind=kind, title=title[:200], created_by=actor, region=region, total=total)
    if input_file is not None:
        job.input_file.save(Path(input_file.name).name, input_file, save=False)
    job.full_clean()
    job.save()
    return job


def job_enqueue(*, job: SpreadsheetJob, task_name: str, **kwargs) -> None:
    """Queue `task_name(job_id=job.pk, **kwargs)` once the transaction commits, and remember it on the job so that a
    retry queues the same work again."""
    from liaison_portal.queueing import enqueue_on_commit

    job.task_name, job.task_kwargs = task_name, kwargs
    SpreadsheetJob.objects.filter(pk=job.pk).update(task_name=task_name, task_kwargs=kwargs)
    enqueue_on_commit(task_name, job_id=job.pk, **kwargs)


LIST_EXPORT_TASK = task_name("spreadsheets.tasks.list_export_task", queued_from=__name__)


@transaction.atomic
def list_export_start(*, actor, title: str, page_url: str, total: int) -> SpreadsheetJob:
    """A list's sheet too long to write in the request: a job whose task replays `page_url` (the list page with its
    filters and `xlsx=1`) as `actor` (spreadsheets.lists.list_export_run)."""
    job = job_create(actor=actor, kind=JobKind.EXPORT, title=title, total=total)
    job_enqueue(job=job, task_name=LIST_EXPORT_TASK, page_url=page_url)
    return job


def job_start(*, job_id: int) -> bool:
    """Claim a queued job for this run; False when another run has it already or it is finished (a redelivery)."""
    return bool(SpreadsheetJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, done=0, heartbeat_at=timezone.now()))


def job_progress(*, job_id: int, done: int, total: int | None = None) -> None:
    """One UPDATE, outside any transaction of the work itself, so that the page sees it at once."""
    changes = {"done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        changes["total"] = total
    SpreadsheetJob.objects.filter(pk=job_id).update(**changes)


@transaction.atomic
def job_finish(*, job_id: int, output_path: Path | None = None, output_name: str = "", message: str = "",
               result: dict | None = None) -> SpreadsheetJob:
    """Mark the job done; an export's file moves into private storage. The job's files (an import's upload too)
    expire SPREADSHEET_JOB_KEEP_HOURS later. Whoever started a background job is told, in the same transaction."""
    job = SpreadsheetJob.objects.get(pk=job_id)
    now = timezone.now()
    if output_path is not None:
        with open(output_path, "rb") as produced:
            job.output_file.save(output_name or Path(output_path).name, File(produced), save=False)
        job.output_name = output_name or Path(output_path).name
    job.expires_at = now + timedelta(hours=settings.SPREADSHEET_JOB_KEEP_HOURS)
    job.status = JobStatus.DONE
    job.done = max(job.done, job.total)
    job.message = message
    if result is not None:
        job.result = result
    job.finished_at = now
    job.save()
    _job_announce(job)
    return job


def _job_announce(job: SpreadsheetJob) -> None:
    """Tell the person who started a job that ran in the background (queued by a task) that it is done, once per
    job, linking to its page (the download, or the check's preview to confirm). A job run in the request was
    answered on the page that started it: telling again, by e-mail too, would only be noise."""
    if not job.task_name:
        return
    export = job.kind == JobKind.EXPORT
    with override(settings.LANGUAGE_CODE):
        title = (_("Your export is ready: %(title)s") if export else _("Finished: %(title)s")) % {"title": job.title}
    notify(kind=NoticeKind.EXPORT_READY if export else NoticeKind.IMPORT_FINISHED, recipients=[job.created_by_id],
           title=title, body=job.message, url=reverse("spreadsheets:job", args=[job.pk]),
           dedupe_key=f"job:{job.pk}:finished")


def job_fail(*, job_id: int, message: str) -> None:
    SpreadsheetJob.objects.filter(pk=job_id).update(status=JobStatus.FAILED, message=message,
                                                   finished_at=timezone.now())


def job_run(*, job_id: int, work: Callable[[SpreadsheetJob, Progress], None]) -> SpreadsheetJob:
    """Run `work(job, progress)` as the job: running, then done (the work calls job_finish) or failed with a message.

    A ValidationError's messages are shown to the user as they are; anything else is logged and the user reads a
    generic message (no traceback text leaks onto a page).
    """
    job = SpreadsheetJob.objects.get(pk=job_id)
    if job.is_finished or not job_start(job_id=job_id):
        return job  # a redelivered task: the job already ran, runs elsewhere or was failed by the sweep
    job.refresh_from_db()

    def progress(done: int, total: int | None = None) -> None:
        job_progress(job_id=job_id, done=done, total=total)

    heartbeat = _JobHeartbeat(job_id)
    try:
        work(job, progress)
    except ValidationError as error:
        job_fail(job_id=job_id, message=" ".join(error.messages))
    except Exception:
        logger.exception("spreadsheet job %s failed", job_id)
        job_fail(job_id=job_id, message=_("The job failed unexpectedly. Please try again or ask an administrator."))
    finally:
        heartbeat.stop()
    job.refresh_from_db()
    if job.status == JobStatus.RUNNING:  # the work returned without finishing the job
        job = job_finish(job_id=job_id)
    return job


def jobs_expire(*, now=None) -> int:
    """Delete the files of finished jobs past their expiry and mark them expired; returns how many expired."""
    now = now or timezone.now()
    expired = 0
    for job in SpreadsheetJob.objects.filter(expires_at__lte=now).exclude(status=JobStatus.EXPIRED).iterator():
        for stored in (job.output_file, job.input_file):
            if stored:
                stored.delete(save=False)
        job.status = JobStatus.EXPIRED
        job.save(update_fields=["status", "output_file", "input_file"])
        expired += 1
    return expired



class _JobHeartbeat:
    """While the work runs, a thread of the same process touches the job's heartbeat every HEARTBEAT_SECONDS, so a
    long step without progress (writing the workbook) never looks like a dead worker, and a dead one stops it.

    Only on PostgreSQL: on SQLite (the embedded run, which has no worker and no sweep) a second writer would wait on
    the import's transaction.
    """

    HEARTBEAT_SECONDS = 30

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread = None
        if connection.vendor == "postgresql":
            self.thread = threading.Thread(target=self._run, name=f"job-heartbeat-{job_id}", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        from django.db import connections

        try:
            while not self.stopped.wait(getattr(settings, "SPREADSHEET_JOB_HEARTBEAT_SECONDS", self.HEARTBEAT_SECONDS)):
                try:
                    SpreadsheetJob.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now())
                except Exception:  # the database is away for a moment: the next beat tries again
                    logger.warning("could not touch the heartbeat of job %s", self.job_id, exc_info=True)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout=5)


def jobs_fail_stuck(*, now=None) -> int:
    """The stuck-job sweep: a running job without a heartbeat for SPREADSHEET_JOB_STALE_MINUTES, or one queued for
    SPREADSHEET_JOB_QUEUED_MINUTES, lost its worker (or its message): fail it with a message and a retry button.
    Returns how many jobs it failed. Idempotent."""
    now = now or timezone.now()
    stale = settings.SPREADSHEET_JOB_STALE_MINUTES
    waited = settings.SPREADSHEET_JOB_QUEUED_MINUTES

    def quiet_since(minutes: int) -> models.Q:
        before = now - timedelta(minutes=minutes)
        return models.Q(heartbeat_at__lt=before) | models.Q(heartbeat_at__isnull=True, created_at__lt=before)

    running = SpreadsheetJob.objects.filter(quiet_since(stale), status=JobStatus.RUNNING)
    failed = running.update(status=JobStatus.FAILED, finished_at=now, message=_(
        "The background worker running this job stopped: no sign of life for %(minutes)d minutes. Nothing of it "
        "was kept; press Retry to run it again.") % {"minutes": max(1, round(stale))})
    queued = SpreadsheetJob.objects.filter(quiet_since(waited), status=JobStatus.QUEUED)
    failed += queued.update(status=JobStatus.FAILED, finished_at=now, message=_(
        "No background worker took this job up in %(minutes)d minutes. Press Retry to queue it again.") % {
        "minutes": max(1, round(waited))})
    if failed:
        logger.warning("stuck-job sweep: %d spreadsheet jobs failed for a retry", failed)
    return failed


@transaction.atomic
def job_retry(*, actor, job: SpreadsheetJob) -> SpreadsheetJob:
    """Queue a failed job's work again, as the same job (its page and its link stay the same)."""
    job = SpreadsheetJob.objects.select_for_update().get(pk=job.pk)
    if job.created_by_id != actor.pk and not actor.is_superuser:
        raise ValidationError(_("Only the person who started this job can retry it."))
    if not job.can_retry:
        raise ValidationError(_("Only a failed job can be retried."))
    # The heartbeat doubles as "queued at" here: the queued-too-long clock starts again.
    job.status, job.done, job.message, job.finished_at = JobStatus.QUEUED, 0, "", None
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "done", "message", "finished_at", "heartbeat_at"])
    job_enqueue(job=job, task_name=job.task_name, **job.task_kwargs)
    return job
