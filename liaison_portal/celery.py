"""The Celery app; tasks live in each app's tasks.py and are found by autodiscovery.

Workers carry a heartbeat bootstep and beat takes the single-beat lock (operations/processes.py, installed by the
operations app when Django loads it): the health page and the dashboards' freshness stamps know when background work
stopped.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison_portal.settings")

app = Celery("liaison_portal")
# The CELERY_ settings of liaison_portal/settings.py (celery_settings.py says why not the namespace).
app.config_from_object("liaison_portal.celery_settings:CONFIG")
app.autodiscover_tasks()

