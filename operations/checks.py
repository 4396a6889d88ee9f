"""A start-up check that every task queued by name exists: a renamed or misspelt task fails `manage.py check` (run
by `migrate`, `runserver`, the tests and every deploy) instead of failing quietly at run time in a worker.

The names come from three places: the names services declare with `liaison_portal.queueing.task_name`, the beat
schedule in settings, and the daily jobs of `operations.schedule`.
"""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks

# The project's modules that queue tasks by name (imported so that their declarations are seen) and that define
# them, as a worker imports them.
QUEUEING_MODULES = ("services", "signals")
TASK_MODULES = ("tasks",)


def _import_project_modules(modules) -> None:
    for config in apps.get_app_configs():
        if Path(config.path).parent != settings.BASE_DIR:  # the project's own apps, not installed packages
            continue
        for module in modules:
            name = f"{config.name}.{module}"
            if find_spec(name) is not None:
                import_module(name)


def queued_task_names() -> dict[str, str]:
    from liaison_portal.queueing import DECLARED_TASK_NAMES

    from .schedule import daily_jobs

    _import_project_modules(QUEUEING_MODULES)
    names = dict(DECLARED_TASK_NAMES)
    names.update({entry["task"]: f"CELERY_BEAT_SCHEDULE[{key!r}]"
                  for key, entry in settings.CELERY_BEAT_SCHEDULE.items()})
    names.update({job.task: f"operations.schedule daily job {job.name!r}" for job in daily_jobs()})
    return names


@checks.register()
def every_queued_task_exists(app_configs=None, **kwargs) -> list[checks.Error]:
    from liaison_portal.celery import app

    # Not app.loader.import_default_modules(): Celery's Django fixup runs the system checks from it.
    _import_project_modules(TASK_MODULES)
    return [
        checks.Error(f"{where} queues the task {name!r}, but no task has this name.",
                     hint="Rename it to the @shared_task(name=...) of the task it means.", id="operations.E001")
        for name, where in sorted(queued_task_names().items()) if name not in app.tasks
    ]
