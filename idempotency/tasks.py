from celery import shared_task

from .services import idempotency_records_purge


@shared_task(acks_late=True)
def idempotency_records_purge_task() -> int:
    """Forget Idempotency-Keys older than the TTL."""
    return idempotency_records_purge()
