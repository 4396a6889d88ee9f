from datetime import date

from celery import shared_task

from .services import report_reminders_send


@shared_task(acks_late=True)
def report_reminders_send_task(day: str | None = None) -> int:
    """Remind officers who have not filed today, or `day` (ISO format: a run caught up after midnight still reminds
    of the day it was due for). Idempotent: one notice and one e-mail per officer per day."""
    return report_reminders_send(day=date.fromisoformat(day) if day else None)
