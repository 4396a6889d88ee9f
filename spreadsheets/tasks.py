from celery import shared_task

from .services import jobs_expire, jobs_fail_stuck


@shared_task(name="spreadsheets.tasks.jobs_expire_task", ignore_result=True, acks_late=True)
def jobs_expire_task() -> int:
    """Beat: delete the files of spreadsheet jobs past their expiry. Idempotent."""
    return jobs_expire()


@shared_task(name="spreadsheets.tasks.jobs_fail_stuck_task", ignore_result=True, acks_late=True)
def jobs_fail_stuck_task() -> int:
    """Beat, every minute: fail the jobs whose worker vanished (or that no worker took up), for a retry. Idempotent."""
    return jobs_fail_stuck()
