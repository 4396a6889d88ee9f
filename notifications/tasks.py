from celery import shared_task

from .services import deliveries_send, deliveries_sweep, digest_send


@shared_task(name="notifications.tasks.deliveries_send_task", ignore_result=True, acks_late=True)
def deliveries_send_task(delivery_ids: list[int]) -> int:
    """Send these outbox rows. Idempotent: each row is claimed first, so a second run (a redelivery, the sweep)
    sends nothing already sent or being sent."""
    return deliveries_send(delivery_ids=delivery_ids)


@shared_task(name="notifications.tasks.digest_send_task", ignore_result=True, acks_late=True)
def digest_send_task(user_id: int) -> str | None:
    """One person's morning SMS digest. Idempotent: its rows are claimed together."""
    return digest_send(user_id=user_id)


@shared_task(name="notifications.tasks.deliveries_sweep_task", ignore_result=True, acks_late=True)
def deliveries_sweep_task() -> dict:
    """Beat: queue due outbox rows that have no task and take back rows whose worker died. Idempotent."""
    return deliveries_sweep()
