from celery import shared_task

from . import services


@shared_task(name="meetings.tasks.rectification_items_flag_overdue", acks_late=True)
def rectification_items_flag_overdue() -> int:
    """Beat: flag rectification items past due and not done, and tell their offices. Idempotent."""
    return services.rectification_items_flag_overdue()
