from celery import shared_task

from .services import scheduled_run_execute, scheduled_runs_tick


@shared_task(name="operations.tasks.scheduled_runs_tick", ignore_result=True, acks_late=True)
def scheduled_runs_tick_task() -> int:
    """Beat, every minute: record the daily jobs that fell due and queue those not done. Idempotent."""
    return len(scheduled_runs_tick())


@shared_task(name="operations.tasks.scheduled_run_execute_task", ignore_result=True, acks_late=True)
def scheduled_run_execute_task(*, run_id: int) -> str:
    """One due run of a daily job; a redelivery finds the run claimed and does nothing."""
    return scheduled_run_execute(run_id=run_id).status
