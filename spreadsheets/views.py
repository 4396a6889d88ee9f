"""A spreadsheet job's page: its progress bar, its status as JSON for the bar to poll, and its file.

A job is visible only to the person who started it (administrators see all); anyone else gets a 404, as for every
row outside a user's scope. An expired job's page says so; its download is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from regions.scoping import get_visible_or_404

from .choices import JobStatus
from .models import SpreadsheetJob
from .services import job_retry
from .writing import XLSX_TYPE


def job_state(job: SpreadsheetJob) -> dict:
    """What the progress bar shows; the same dict is the JSON the page polls."""
    done = job.status == JobStatus.DONE
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "finished": job.is_finished,
        "can_retry": job.can_retry,
        "download_url": reverse("spreadsheets:job_download", args=[job.pk]) if done and job.output_file else "",
    }


@login_required
def job_detail(request, pk: int):
    job = get_visible_or_404(SpreadsheetJob, request.user, pk=pk)
    return render(request, "spreadsheets/job_detail.html", {"job": job, "state": job_state(job)})


@never_cache
@login_required
def job_status(request, pk: int):
    job = get_visible_or_404(SpreadsheetJob, request.user, pk=pk)
    return JsonResponse(job_state(job))


@login_required
def job_download(request, pk: int):
    job = get_visible_or_404(SpreadsheetJob, request.user, pk=pk)
    if job.status != JobStatus.DONE or not job.output_file:
        raise Http404
    content_type = XLSX_TYPE if job.output_name.endswith(".xlsx") else "application/octet-stream"
    return FileResponse(job.output_file.open("rb"), as_attachment=True, filename=job.output_name,
                        content_type=content_type)


@require_POST
@login_required
def job_retry_view(request, pk: int):
    job = get_visible_or_404(SpreadsheetJob, request.user, pk=pk)
    try:
        job_retry(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The job was queued again."))
    return redirect("spreadsheets:job", pk=job.pk)
