from datetime import date

from celery import shared_task

from . import services


@shared_task(name="meetings.tasks.rectification_items_flag_overdue", acks_late=True)
def rectification_items_flag_overdue() -> int:
    """Each morning: flag rectification items past due and not done, and tell their owners and offices. Idempotent."""
    return services.rectification_items_flag_overdue()


@shared_task(name="meetings.tasks.rectification_items_remind_due", acks_late=True)
def rectification_items_remind_due(day: str | None = None) -> int:
    """Each morning: remind the owners and offices of items falling due within RECTIFICATION_DUE_DAYS days of `day`
    (ISO format; today). Idempotent: each item is reminded once per due date."""
    return services.rectification_items_remind_due(today=date.fromisoformat(day) if day else None)
