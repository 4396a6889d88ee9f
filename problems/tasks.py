from datetime import date

from celery import shared_task

from .services import problems_escalate_overdue, problems_notify_overdue


@shared_task(name="problems.tasks.problems_escalate_overdue_task", acks_late=True)
def problems_escalate_overdue_task() -> int:
    """Beat: escalate the problems overdue beyond the margin. Idempotent: a second run the same day does nothing."""
    return problems_escalate_overdue()


@shared_task(name="problems.tasks.problems_notify_overdue_task", acks_late=True)
def problems_notify_overdue_task(day: str | None = None) -> int:
    """Each morning: tell the departments and offices of the problems past their deadline on `day` (ISO format;
    today). Idempotent: each problem is told once per deadline."""
    return problems_notify_overdue(today=date.fromisoformat(day) if day else None)
