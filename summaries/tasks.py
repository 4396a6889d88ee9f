import logging
from datetime import date, timedelta

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from .services import summaries_refresh_dirty, summaries_verify_record
from .signals import REFRESH_COALESCE_KEY, REFRESH_TASK

logger = logging.getLogger(__name__)

# Nobody waits for these results, and asking the Redis result backend to watch for one retries for ~20 s when Redis
# is down: far too long for the report request that queues the refresh after its commit.
# Every one recomputes from the source rows, so a redelivery after a lost worker is harmless: late acks.
OPTIONS = {"ignore_result": True, "acks_late": True}


@shared_task(name=REFRESH_TASK, **OPTIONS)
def summaries_refresh_task() -> int:
    """After submissions: recompute the dirty region-days. Idempotent; returns how many marks it handled.

    The coalescing key is released first, so a change saved while this runs queues a fresh run.
    """
    try:
        cache.delete(REFRESH_COALESCE_KEY)
    except Exception:  # a dead cache only costs coalescing; the refresh itself must still run
        logger.warning("could not release %s", REFRESH_COALESCE_KEY, exc_info=True)
    return summaries_refresh_dirty()


@shared_task(name="summaries.tasks.summaries_refresh_today_task", **OPTIONS)
def summaries_refresh_today_task() -> int:
    """Beat, every few minutes: recompute the dirty region-days and all of today (what the broker may have missed)."""
    return summaries_refresh_dirty(also_days=[timezone.localdate()])


@shared_task(name="summaries.tasks.summaries_close_day_task", **OPTIONS)
def summaries_close_day_task(day: str | None = None) -> int:
    """Beat, after midnight: recompute the whole previous day (or `day`, ISO format) and anything dirty."""
    closing = date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
    return summaries_refresh_dirty(also_days=[closing])


@shared_task(name="summaries.tasks.summaries_verify_task", **OPTIONS)
def summaries_verify_task() -> int:
    """Nightly: recount every summary from the raw rows and keep the result; returns the number of mismatches."""
    record = summaries_verify_record()
    if record.mismatch_count:
        logger.error("verify_summaries: %s region-days checked, %s mismatches; first: %s",
                     record.region_days_checked, record.mismatch_count, record.mismatches[:5])
    return record.mismatch_count
