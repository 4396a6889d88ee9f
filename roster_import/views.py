"""Roster import pages: templates, upload, the check's preview, confirm. Views parse, call one service, render.

Only administrators and liaison offices reach them (anyone else gets a 404); a job is its uploader's own.
"""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from regions.scoping import get_visible_or_404
from spreadsheets.models import SpreadsheetJob
from spreadsheets.reading import limit_upload, upload_refused_message
from spreadsheets.writing import Sheet, xlsx_response

from .choices import RosterKind
from .forms import RosterUploadForm
from .services import (
    IMPORT,
    check_is_confirmable,
    roster_import_allowed,
    roster_import_confirm,
    roster_import_upload,
    template_rows,
)


def _allowed_or_404(request) -> None:
    if not roster_import_allowed(request.user):
        raise Http404


@csrf_exempt
@login_required
def import_start(request):
    """The upload form. Its size limit is installed before the body is read, hence csrf_protect inside."""
    _allowed_or_404(request)
    if request.method == "POST":
        limit_upload(request)
    return _import_start(request)


@csrf_protect
def _import_start(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        refused = upload_refused_message(request)
        if refused:
            form.add_error("file", refused)
        elif form.is_valid():
            try:
                job = roster_import_upload(actor=request.user, kind=form.cleaned_data["kind"],
                                           upload=form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("roster_import:job", pk=job.pk)
    recent = SpreadsheetJob.objects.visible_to(request.user).filter(created_by=request.user,
                                                                    result__has_key="roster_kind")[:10]
    return render(request, "roster_import/start.html", {"form": form, "kinds": RosterKind.choices,
                                                         "recent": recent})


@login_required
def import_template(request, kind: str, fmt: str):
    """The template of one kind: Chinese headers and one example row, as xlsx or as csv (UTF-8 with BOM)."""
    _allowed_or_404(request)
    if kind not in RosterKind.values:
        raise Http404
    with translation.override("zh-hans"):
        headers, example = template_rows(kind)
        name = f"{RosterKind(kind).label}导入模板"
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows([headers, example])
        response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}.csv"
        return response
    sheet = Sheet(title=str(RosterKind(kind).label), headers=headers, rows=[example],
                  widths=[max(12, len(h) * 2 + 4) for h in headers])
    return xlsx_response(filename=name, sheets=[sheet])  # xlsx_response adds the .xlsx


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


def _import_job(request, pk: int) -> SpreadsheetJob:
    job = get_visible_or_404(SpreadsheetJob, request.user, pk=pk)
    if "roster_kind" not in job.result:
        raise Http404
    return job


@login_required
def import_job(request, pk: int):
    """A check's preview (every bad row with its reason) and its confirm button, or an import's outcome."""
    _allowed_or_404(request)
    job = _import_job(request, pk)
    imported = SpreadsheetJob.objects.filter(result__check_job=job.pk).first()
    return render(request, "roster_import/job.html", {
        "job": job, "preview": job.result, "is_import": job.result.get("phase") == IMPORT,
        "confirmable": check_is_confirmable(job) and imported is None, "imported": imported,
        "kind_label": RosterKind(job.result["roster_kind"]).label,
    })


@require_POST
@login_required
def import_confirm(request, pk: int):
    _allowed_or_404(request)
    job = _import_job(request, pk)
    try:
        imported = roster_import_confirm(actor=request.user, job=job)
    except ValidationError as error:
        from django.contrib import messages

        for message in error.messages:
            messages.error(request, message)
        return redirect("roster_import:job", pk=job.pk)
    return redirect("roster_import:job", pk=imported.pk)
