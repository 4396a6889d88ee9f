from celery import shared_task

from .services import problems_escalate_overdue


@shared_task(name="problems.tasks.problems_escalate_overdue_task", acks_late=True)
def problems_escalate_overdue_task() -> int:
    """Beat: escalate the problems overdue beyond the margin. Idempotent: a second run the same day does nothing."""
    return problems_escalate_overdue()
