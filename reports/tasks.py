from celery import shared_task

from .services import report_reminders_send


@shared_task(acks_late=True)
def report_reminders_send_task() -> int:
    """Remind officers who have not filed today (idempotent: one notice and one e-mail per officer per day)."""
    return report_reminders_send()
