"""Two small hooks: the stale-marking triggers are put back after every migrate, and a save of a row the summaries
count asks for a refresh soon.

The request is only a nudge for freshness: the triggers have already marked what changed, in the write's own
transaction, and the beat's sweep (every SUMMARY_REFRESH_MINUTES) recomputes it if no request arrives (a bulk
write sends no signal, a dead broker drops the request).
"""

from django.apps import apps
from django.db import connections
from django.db.models.signals import post_delete, post_save

from liaison_portal.queueing import enqueue_on_commit, task_name

from . import staleness

REFRESH_TASK = task_name("summaries.tasks.summaries_refresh_task", queued_from=__name__)
REFRESH_COALESCE_KEY = "summaries:refresh-queued"
REFRESH_DELAY_SECONDS = 5
COUNTED_MODELS = ("reports.DailyReport", "reports.ReportExemption", "officers.Assignment", "problems.Problem",
                  "branches.BranchVisit", "enterprises.Enterprise", "regions.Region")


def triggers_reinstall(sender, using="default", **kwargs) -> None:
    if sender.name != "summaries":
        return
    connection = connections[using]
    if staleness.MARKS_TABLE not in connection.introspection.table_names():
        return  # migrated backwards past the marks table
    with connection.schema_editor() as schema_editor:
        staleness.triggers_install(schema_editor)


def summaries_refresh_request(**kwargs) -> None:
    """Queue a coalesced refresh after the current transaction commits (a burst of saves queues one run)."""
    enqueue_on_commit(REFRESH_TASK, countdown=REFRESH_DELAY_SECONDS, coalesce_key=REFRESH_COALESCE_KEY)


def connect_refresh_requests() -> None:
    for label in COUNTED_MODELS:
        model = apps.get_model(label)
        post_save.connect(summaries_refresh_request, sender=model, dispatch_uid=f"summaries-refresh-save-{label}")
        post_delete.connect(summaries_refresh_request, sender=model, dispatch_uid=f"summaries-refresh-del-{label}")
