"""A list's page and its spreadsheet from one FilterSet.

The page's own URL with `xlsx=1` added downloads every row the page lists under the same filters (all pages, not
the one on screen), in the page's order, scoped to the user as the page is; the sheet's caption says which filters
were on screen. A bad filter value gets the page with its errors (400), never a sheet of unfiltered rows.

A list longer than LIST_EXPORT_INLINE_ROWS becomes a spreadsheet job instead: the download link leads to the job's
page (progress bar, then the file; a notice tells the owner when it is ready), and a Celery task writes the sheet by
replaying that same page request as its owner (`list_export_run`). So the background sheet has the very rows,
order, scope and caption of the page, with nothing declared twice per list.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from regions.views_base import paginate

from .writing import Sheet, workbook_write, xlsx_response

EXPORT_PARAMETER = "xlsx"
# Rows fetched per round trip while the sheet streams: memory stays flat on a province-wide list.
EXPORT_CHUNK = 2000
# A background export reports its progress every this many rows.
PROGRESS_EVERY = 1000
# Set on the request that a background export replays: list_page then writes the job's file, not a response.
_EXPORT_JOB = "list_export_job"


@dataclass(frozen=True)
class ExportColumn:
    """One column of a list's sheet: its header (lazily translated) and how a row gives its cell."""

    header: Any
    value: Callable[[Any], Any]
    width: int = 16
    number_format: str | None = None


@dataclass(frozen=True)
class ListExport:
    """A list's sheet: its title (also the file's name) and its columns."""

    title: Any
    columns: Sequence[ExportColumn]

    def sheet(self, rows, *, caption: Sequence[str]) -> Sheet:
        return Sheet(
            title=str(self.title),
            headers=[str(column.header) for column in self.columns],
            rows=([column.value(row) for column in self.columns] for row in rows),
            widths=[column.width for column in self.columns],
            number_formats=[column.number_format for column in self.columns],
            caption=caption,
        )


def choice_label(choices) -> Callable[[str], str]:
    """A cell showing a choice's label rather than its stored code."""
    labels = dict(choices)
    return lambda value: str(labels.get(value, value or ""))


def _shown_value(field: forms.Field, value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value == getattr(field, "null_value", None) and getattr(field, "null_label", None) is not None:
        return str(field.null_label)
    if isinstance(field, forms.ModelChoiceField):
        return field.label_from_instance(value).strip()
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def filters_caption(filters) -> list[str]:
    """What the sheet holds: the filters that narrowed it (label and shown value), and when it was made."""
    chosen = []
    if filters.is_bound and filters.form.is_valid():
        for name, field in filters.form.fields.items():
            value = filters.form.cleaned_data.get(name)
            if value not in (None, "", [], ()):
                chosen.append(_("%(filter)s: %(value)s") % {"filter": field.label,
                                                             "value": _shown_value(field, value)})
    made = date_format(timezone.localtime(), "Y-m-d H:i")
    return [_("Filters: %(filters)s") % {"filters": _("; ").join(chosen) if chosen else _("none")},
            _("Exported %(when)s") % {"when": made}]


def export_query(request) -> str:
    """The query string of the page's download link: the filters on screen, without the page number."""
    params = request.GET.copy()
    params.pop("page", None)
    params[EXPORT_PARAMETER] = "1"
    return params.urlencode()


def list_page(request, filters, *, template: str, export: ListExport | None = None, context: dict | None = None,
              per_page: int | None = None, count: int | None = None):
    """The list page of `filters.rows`, paged, with its filter form; with `xlsx=1`, the same rows as a sheet.
    `count`: how many rows `filters.rows` has, when the view knows it from a query it runs anyway."""
    context = dict(context or {})
    status = 200
    if export is not None and request.GET.get(EXPORT_PARAMETER):
        if filters.is_bound and not filters.is_valid():
            status = 400
        else:
            return _export(request, filters, export)
    page, query = paginate(request, filters.rows, per_page or settings.ROSTER_PAGE_SIZE, count=count)
    if export is not None:
        context["export_query"] = export_query(request)
    context.setdefault("narrowed", filters.narrowed)
    return render(request, template, {"form": filters.form, "page": page, "query": query, **context},
                  status=status)


def _export(request, filters, export: ListExport):
    """The sheet of the page's rows: at once when short, else a job's page; in the job's replay, the job's file."""
    filename = f"{export.title}-{timezone.localdate().isoformat()}"
    job = getattr(request, _EXPORT_JOB, None)
    if job is not None:
        rows = _ProgressRows(filters.rows, job)
        _export_write(job, export.sheet(rows, caption=filters_caption(filters)), filename, rows)
        return HttpResponse(status=204)
    total = filters.rows.count()
    if total <= settings.LIST_EXPORT_INLINE_ROWS:
        return xlsx_response(filename=filename, sheets=[export.sheet(filters.rows.iterator(chunk_size=EXPORT_CHUNK),
                                                                     caption=filters_caption(filters))])
    from .services import list_export_start

    job = list_export_start(actor=request.user, title=str(export.title), page_url=request.get_full_path(),
                            total=total)
    messages.info(request, _("%(count)d rows are too many to download at once: the sheet is being written in the "
                             "background. It appears here when ready, and a notice tells you.") % {"count": total})
    return redirect("spreadsheets:job", pk=job.pk)


class _ProgressRows:
    """The rows, streamed, reporting the job's progress every PROGRESS_EVERY rows and counting what was written."""

    def __init__(self, rows, job):
        self.rows, self.job, self.count = rows, job, 0

    def __iter__(self):
        from .services import job_progress

        for row in self.rows.iterator(chunk_size=EXPORT_CHUNK):
            self.count += 1
            if self.count % PROGRESS_EVERY == 0:
                job_progress(job_id=self.job.pk, done=self.count)
            yield row


def _export_write(job, sheet: Sheet, filename: str, rows: _ProgressRows) -> None:
    import tempfile
    from pathlib import Path

    from .services import job_finish

    with tempfile.TemporaryDirectory(prefix="list-export-") as folder:
        path = Path(folder) / "list.xlsx"
        workbook_write([sheet], path)
        job_finish(job_id=job.pk, output_path=path, output_name=f"{filename}.xlsx",
                   message=_("%(count)d rows exported.") % {"count": rows.count})


def list_export_run(*, job_id: int, page_url: str):
    """The background export's work: replay the list page's own request (`page_url`, its filters and `xlsx=1`) as
    the job's owner, through the page's view and its access checks, so that list_page writes the job's file."""
    from .services import job_run

    def work(job, progress):
        path, _query, query = page_url.partition("?")
        try:
            match = resolve(path)
        except Resolver404:
            raise ValidationError(_("This list no longer exists.")) from None
        request = HttpRequest()
        request.method, request.path, request.path_info = "GET", path, path
        request.GET = QueryDict(query)
        request.META.update(SERVER_NAME="localhost", SERVER_PORT="80", QUERY_STRING=query)
        request.user = job.created_by
        setattr(request, _EXPORT_JOB, job)
        refused = ValidationError(_("You no longer have access to this list, so it was not exported."))
        if not job.created_by.is_active:
            raise refused
        try:
            with override(settings.LANGUAGE_CODE):
                response = match.func(request, *match.args, **match.kwargs)
        except (Http404, PermissionDenied):
            raise refused from None
        if response.status_code != 204:  # the filters are refused now, or the owner lost access to the list
            raise ValidationError(_("The list could not be exported with these filters any more (answer %(status)d)."
                                    " Open the list again and download it from there.")
                                  % {"status": response.status_code})

    return job_run(job_id=job_id, work=work)
