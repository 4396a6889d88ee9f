"""Writes on spreadsheet jobs: create, report progress, finish with a file, fail with a message, expire.

A job's work runs in a Celery task (eagerly in the embedded run); `job_run` wraps it so that whatever goes wrong
ends as a failed job with a message the user can read, never as a progress bar stuck at 40 %.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


def job_start(*, job_id: int) -> None:
    SpreadsheetJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, done=0)


def job_progress(*, job_id: int, done: int, total: int | None = None) -> None:
    """One UPDATE, outside any transaction of the work itself, so that the page sees it at once."""
    changes = {"done": done}
    if total is not None:
        changes["total"] = total
    SpreadsheetJob.objects.filter(pk=job_id).update(**changes)


def job_finish(*, job_id: int, output_path: Path | None = None, output_name: str = "", message: str = "",
               result: dict | None = None) -> SpreadsheetJob:
    """Mark the job done; an export's file moves into private storage. The job's files (an import's upload too)
    expire SPREADSHEET_JOB_KEEP_HOURS later."""
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
    return job


def job_fail(*, job_id: int, message: str) -> None:
    SpreadsheetJob.objects.filter(pk=job_id).update(status=JobStatus.FAILED, message=message,
                                                   finished_at=timezone.now())


def job_run(*, job_id: int, work: Callable[[SpreadsheetJob, Progress], None]) -> SpreadsheetJob:
    """Run `work(job, progress)` as the job: running, then done (the work calls job_finish) or failed with a message.

    A ValidationError's messages are shown to the user as they are; anything else is logged and the user reads a
    generic message (no traceback text leaks onto a page).
    """
    job = SpreadsheetJob.objects.get(pk=job_id)
    if job.is_finished:
        return job  # a redelivered task: the job already ran
    job_start(job_id=job_id)

    def progress(done: int, total: int | None = None) -> None:
        job_progress(job_id=job_id, done=done, total=total)

    try:
        work(job, progress)
    except ValidationError as error:
        job_fail(job_id=job_id, message=" ".join(error.messages))
    except Exception:
        logger.exception("spreadsheet job %s failed", job_id)
        job_fail(job_id=job_id, message=_("The job failed unexpectedly. Please try again or ask an administrator."))
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

