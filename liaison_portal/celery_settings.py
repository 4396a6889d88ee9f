"""Celery's configuration: every CELERY_-prefixed Django setting, without the prefix and in lower case (what
`config_from_object(..., namespace="CELERY")` reads), as a plain mapping.

A plain mapping rather than the namespace because Celery 5.6 (pinned, see requirements.txt) looks the prefixed
name up first: `app.conf.update(task_always_eager=False)` was silently ignored, and tests that point the app at a
private broker ran their tasks eagerly instead. Imported on the app's first use of its configuration.
"""

from django.conf import settings

PREFIX = "CELERY_"

CONFIG = {name[len(PREFIX):].lower(): getattr(settings, name) for name in dir(settings) if name.startswith(PREFIX)}
