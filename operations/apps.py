from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"
    verbose_name = _("Background work")

    def ready(self):
        from liaison_portal.celery import app

        from . import checks  # noqa: F401 - registers the queued-task check
        from .processes import WorkerHeartbeat  # connects beat's single-beat lock to beat_init on import

        # A worker loads Django's apps before it builds its bootsteps, so the heartbeat step added here is one of them.
        app.steps["worker"].add(WorkerHeartbeat)
