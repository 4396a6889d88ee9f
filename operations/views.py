"""The health of background work: a page for staff and offices, and a JSON answer for probes (200 alive, 503 not)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from regions.scoping import scope_for

from . import selectors


@never_cache
@login_required
def health_page(request):
    if not (request.user.is_staff or scope_for(request.user).is_office):
        raise Http404
    return render(request, "operations/health.html", {
        "state": selectors.background_state(),
        "runs": selectors.scheduled_runs_recent(),
        "jobs": selectors.spreadsheet_jobs_waiting_or_failed(),
        "verification": selectors.last_summary_verification(),
    })


def _stamp(value):
    return value.isoformat() if value else None


@never_cache
def health_json(request):
    """No login: a load balancer or monitor asks. Only times, no data of anyone's."""
    state = selectors.background_state()
    verification = selectors.last_summary_verification()
    body = {
        "status": "ok" if state.alive else "background-stopped",
        "embedded": state.embedded,
        "stopped_minutes": state.stopped_minutes,
        "last_worker_heartbeat": _stamp(state.last_worker_seen),
        "last_beat_heartbeat": _stamp(state.last_beat_seen),
        "last_tick": _stamp(state.last_tick),
        "last_verification": None if verification is None else {
            "finished_at": _stamp(getattr(verification, "finished_at", None)),
            "region_days_checked": getattr(verification, "regions_days_checked", None),
            "mismatches": getattr(verification, "mismatches", None),
        },
    }
    return JsonResponse(body, status=200 if state.alive else 503)
