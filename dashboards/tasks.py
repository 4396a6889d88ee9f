from datetime import date

from celery import shared_task

from .services import bulletins_generate


@shared_task(name="dashboards.tasks.bulletins_generate_task", acks_late=True)
def bulletins_generate_task(day: str | None = None) -> int:
    """Beat, each evening at BULLETIN_HOUR: every office's bulletin for the day (or `day`, ISO format).

    Idempotent: running it again replaces that day's bulletins. Returns how many were written.
    """
    return bulletins_generate(day=date.fromisoformat(day) if day else None)
