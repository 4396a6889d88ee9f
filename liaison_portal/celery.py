"""The Celery app; tasks live in each app's tasks.py and are found by autodiscovery.

Workers carry a heartbeat bootstep and beat takes the single-beat lock (operations/processes.py): the health page
and the dashboards' freshness stamps know when background work stopped.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison_portal.settings")

app = Celery("liaison_portal")
# The CELERY_ settings of liaison_portal/settings.py (celery_settings.py says why not the namespace).
app.config_from_object("liaison_portal.celery_settings:CONFIG")
app.autodiscover_tasks()


def _install_background_signs_of_life(app: Celery) -> None:
    from operations.processes import WorkerHeartbeat

    app.steps["worker"].add(WorkerHeartbeat)


# The bootstep's module needs Django's settings but not its apps; beat's signal receiver is connected on import.
_install_background_signs_of_life(app)
