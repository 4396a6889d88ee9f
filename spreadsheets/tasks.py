from celery import shared_task

from .lists import list_export_run
from .services import LIST_EXPORT_TASK, jobs_expire, jobs_fail_stuck


@shared_task(name="spreadsheets.tasks.jobs_expire_task", ignore_result=True, acks_late=True)
def jobs_expire_task() -> int:
    """Beat: delete the files of spreadsheet jobs past their expiry. Idempotent."""
    return jobs_expire()


@shared_task(name="spreadsheets.tasks.jobs_fail_stuck_task", ignore_result=True, acks_late=True)
def jobs_fail_stuck_task() -> int:
    """Beat, every minute: fail the jobs whose worker vanished (or that no worker took up), for a retry. Idempotent."""
    return jobs_fail_stuck()


# Early ack (the default), as the assessment sheet: a job is never started twice; one whose worker vanished is failed
# by the stuck-job sweep and retried by its owner.
@shared_task(name=LIST_EXPORT_TASK, ignore_result=True)
def list_export_task(*, job_id: int, page_url: str) -> str:
    """Write a long list's sheet as its spreadsheet job (progress, then the download and a notice)."""
    return list_export_run(job_id=job_id, page_url=page_url).status
