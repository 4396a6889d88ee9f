from celery import shared_task

from .services import jobs_expire


@shared_task(name="spreadsheets.tasks.jobs_expire_task", ignore_result=True, acks_late=True)
def jobs_expire_task() -> int:
    """Beat: delete the files of spreadsheet jobs past their expiry. Idempotent."""
    return jobs_expire()
