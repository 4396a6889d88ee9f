from celery import shared_task

from .services import roster_import_apply, roster_import_check


# Early ack (the default) for both: a job is never started twice; one whose worker vanished is failed by the
# stuck-job sweep and retried by its owner.
@shared_task(name="roster_import.tasks.roster_import_check_task", ignore_result=True)
def roster_import_check_task(*, job_id: int) -> None:
    """The dry run of an uploaded roster file (a job that already ran does nothing)."""
    roster_import_check(job_id=job_id)


@shared_task(name="roster_import.tasks.roster_import_apply_task", ignore_result=True)
def roster_import_apply_task(*, job_id: int) -> None:
    """The confirmed import of a checked roster file, all or nothing (a job that already ran does nothing)."""
    roster_import_apply(job_id=job_id)
