"""Roster import: upload, check (the dry run), confirm, import all-or-nothing. Each step is a spreadsheet job.

The check reads the file and applies every rule without writing; its preview (counts and every bad row with its
reason) is the job's result. Only a check without problems can be confirmed; the import then reads the file again
and checks it again inside its transaction (the database may have changed since), writes through the same roster
service set-based, which re-checks the scope of every row it wrote (NetBox-style); any failure rolls everything
back. Small files run in the request, larger ones in a Celery task with a progress bar.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

from liaison_portal.queueing import task_name
from regions.scoping import scope_for
from spreadsheets.choices import JobKind, JobStatus
from spreadsheets.models import SpreadsheetJob
from spreadsheets.reading import check_upload_size, open_spreadsheet
from spreadsheets.services import job_create, job_enqueue, job_finish, job_run

from .checks import CheckResult, check_rows
from .choices import RosterKind
from .columns import COLUMNS

CHECK = "check"
IMPORT = "import"
CHECK_TASK = task_name("roster_import.tasks.roster_import_check_task", queued_from=__name__)
IMPORT_TASK = task_name("roster_import.tasks.roster_import_apply_task", queued_from=__name__)


def roster_import_allowed(user) -> bool:
    """Administrators, and liaison offices within the regions they manage."""
    return scope_for(user).manages_any_region


def _ensure_allowed(actor) -> None:
    if not roster_import_allowed(actor):
        raise ValidationError(_("Only administrators and liaison offices can import rosters."))


def _runs_inline(job: SpreadsheetJob) -> bool:
    return job.input_file.size <= settings.ROSTER_IMPORT_INLINE_MAX_KB * 1024


def _queue(job: SpreadsheetJob, queued_task: str, run: Callable[..., SpreadsheetJob]) -> SpreadsheetJob:
    """A small file's job runs here and now; a larger one goes to a Celery task once the job is committed."""
    if _runs_inline(job):
        return run(job_id=job.pk)
    job_enqueue(job=job, task_name=queued_task)
    return job


def roster_import_upload(*, actor, kind: str, upload) -> SpreadsheetJob:
    """Keep the uploaded file as a check job and start the check (in the request if small, else in a task)."""
    _ensure_allowed(actor)
    if kind not in RosterKind.values:
        raise ValidationError(_("Choose what the file holds."))
    check_upload_size(upload.size)
    with transaction.atomic():
        job = job_create(actor=actor, kind=JobKind.IMPORT, input_file=upload,
                         title=_("Check of %(kind)s: %(file)s") % {"kind": RosterKind(kind).label,
                                                                   "file": Path(upload.name).name})
        job.result = {"roster_kind": kind, "phase": CHECK}
        job.save(update_fields=["result"])
    return _queue(job, CHECK_TASK, roster_import_check)


def _read_and_check(*, job: SpreadsheetJob, actor, progress, write: bool = False) -> CheckResult:
    kind = job.result["roster_kind"]
    with job.input_file.open("rb") as stored:
        sheet = open_spreadsheet(io.BytesIO(stored.read()), name=job.input_file.name, columns=COLUMNS[kind])
        if sheet.declared_rows:
            progress(0, sheet.declared_rows)
        return check_rows(actor=actor, kind=kind, rows=sheet, write=write,
                          progress=lambda done: progress(done, None))


def _preview_message(result: CheckResult) -> str:
    if result.problems:
        return _("%(rows)d rows checked: %(problems)d problems. Correct the file and upload it again; nothing was "
                 "imported.") % {"rows": result.total_rows, "problems": len(result.problems)}
    return _("%(rows)d rows checked, no problems: %(new)d new, %(changed)d changed, %(unchanged)d unchanged. "
             "Confirm to import them.") % {"rows": result.total_rows, **result.counts}


def roster_import_check(*, job_id: int) -> SpreadsheetJob:
    """The dry run: read and check the file, write nothing, keep the preview as the job's result."""

    def work(job, progress):
        result = _read_and_check(job=job, actor=job.created_by, progress=progress)
        job_finish(job_id=job.pk, message=_preview_message(result),
                   result={**job.result, **result.summary(), "phase": CHECK})

    return job_run(job_id=job_id, work=work)


def check_is_confirmable(job: SpreadsheetJob) -> bool:
    return (job.result.get("phase") == CHECK and job.status == JobStatus.DONE and not job.result.get("problem_count")
            and bool(job.input_file))


def roster_import_confirm(*, actor, job: SpreadsheetJob) -> SpreadsheetJob:
    """Start the import of a checked file without problems: a new job, reading the same stored file."""
    _ensure_allowed(actor)
    if job.created_by_id != actor.pk:
        raise ValidationError(_("Only the person who uploaded the file can confirm its import."))
    if not check_is_confirmable(job):
        raise ValidationError(_("Only a checked file without problems can be imported."))
    kind = job.result["roster_kind"]
    already = SpreadsheetJob.objects.filter(result__check_job=job.pk).first()
    if already is not None:
        return already  # a second click on "confirm" shows the import already under way
    imported = SpreadsheetJob(kind=JobKind.IMPORT, created_by=actor, total=job.result.get("rows", 0),
                              title=_("Import of %(kind)s: %(file)s") % {
                                  "kind": RosterKind(kind).label, "file": Path(job.input_file.name).name},
                              result={"roster_kind": kind, "phase": IMPORT, "check_job": job.pk})
    imported.input_file.name = job.input_file.name
    imported.full_clean()
    imported.save()
    return _queue(imported, IMPORT_TASK, roster_import_apply)


class _SideProgress:
    """Progress written on a connection of its own, so the page sees it while the import's transaction is open.

    SQLite has one writer at a time, so there the bar moves only between the phases (reading, then writing).
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None
        if connection.vendor == "postgresql":
            self.side = connections.create_connection("default")

    def __call__(self, done: int, total: int | None = None) -> None:
        if self.side is None:
            if not connection.in_atomic_block:
                SpreadsheetJob.objects.filter(pk=self.job_id).update(done=done, **({"total": total} if total else {}))
            return
        with self.side.cursor() as cursor:
            table = SpreadsheetJob._meta.db_table
            if total:
                cursor.execute(f"UPDATE {table} SET done = %s, total = %s WHERE id = %s", [done, total, self.job_id])
            else:
                cursor.execute(f"UPDATE {table} SET done = %s WHERE id = %s", [done, self.job_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def roster_import_apply(*, job_id: int) -> SpreadsheetJob:
    """The import: check again and write every row in one transaction, or nothing at all."""

    def work(job, progress):
        side = _SideProgress(job.pk)
        try:
            # The rows and the job's "done" (with its notice, for an import run in the background) commit together:
            # nobody is told of an import that did not happen, and no import happens unrecorded.
            with transaction.atomic():
                counts = roster_rows_import(actor=job.created_by, job=job, progress=side)
                message = _("Imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.") % counts
                job_finish(job_id=job.pk, message=message, result={**job.result, **counts})
        finally:
            side.close()

    return job_run(job_id=job_id, work=work)


@transaction.atomic
def roster_rows_import(*, actor, job: SpreadsheetJob, progress) -> dict[str, int]:
    """Check the stored file again and import it through the roster service; any problem or failure rolls back
    every row (the service re-checks the scope of every row it wrote)."""
    result = _read_and_check(job=job, actor=actor, progress=progress, write=True)
    if result.problems:
        first = result.problems[0]
        raise ValidationError(
            _("The file no longer passes the check (%(count)d problems; the first, row %(row)d: %(message)s). "
              "Nothing was imported; upload it again to see every problem.")
            % {"count": len(result.problems), "row": first.row, "message": first.message})
    progress(result.total_rows, result.total_rows)
    return dict(result.counts)


def template_rows(kind: str) -> tuple[list[str], list[str]]:
    """The template's header (in the current language) and its example row."""
    from .columns import EXAMPLES

    return [str(column.label) for column in COLUMNS[kind]], EXAMPLES[kind]

