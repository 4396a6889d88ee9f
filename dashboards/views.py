"""Pages of the dashboards: a region's dashboard, the rows behind its numbers, shuttle trips and bulletins.

Views parse the request, call selectors and services, and render; every table also answers `?xlsx=` with the
same rows as a spreadsheet. A region outside the user's scope is a 404, as everywhere.
"""

from collections import Counter
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.choices import Industry
from problems.filters import ProblemFilterSet
from regions.models import Region
from regions.scoping import get_visible_or_404, office_required, scope_for
from regions.views_base import paginate, service_errors_on_form
from reports.clock import day_switch
from reports.selectors import missing_assignments
from spreadsheets.writing import xlsx_response

from . import selectors, tables
from .figures import as_of, cached_reverse, figure_url, headline
from .forms import DayForm, ShuttleTripForm
from .services import shuttle_trip_log


def _day(request):
    form = DayForm(request.GET or None)
    return form, form.chosen_day()


def _filename(*parts) -> str:
    return "-".join(str(part) for part in parts if part)


def _live() -> str:
    """Freshness of a figure read live from the source rows (not from the summaries)."""
    return as_of(timezone.now())


def industry_rows(*, summary, enterprises) -> list[tuple[str, str, int]] | None:
    """Open positions by industry, largest first: the summary row's breakdown (`open_positions_by_industry`), or
    while the day is not computed yet, a county's own enterprise rows; None when neither is there."""
    by_industry = summary.open_positions_by_industry if summary is not None else None
    if by_industry is None and enterprises is not None:
        by_industry = Counter()
        for enterprise in enterprises:
            by_industry[enterprise.industry] += enterprise.open_positions or 0
    if by_industry is None:
        return None
    labels = dict(Industry.choices)
    return sorted(((code, str(labels.get(code, code)), int(count)) for code, count in by_industry.items() if count),
                  key=lambda row: (-row[2], row[0]))


def dashboard_chart(*, region, children, history, day) -> dict:
    """The data of the dashboard's two charts: the children's reporting (each bar opens that child's dashboard) and
    the region's trend (each point opens that day)."""
    query_day = f"?day={day.isoformat()}"
    return {
        "children": [
            {"name": row.region.name, "url": cached_reverse("dashboards:region", row.region.pk) + query_day,
             "rate": row.summary.reporting_rate if row.summary else None,
             "missing": row.summary.reports_missing if row.summary else None}
            for row in children
        ],
        "trend": {
            "days": [row.day.isoformat() for row in history],
            "urls": [cached_reverse("dashboards:region", region.pk) + f"?day={row.day.isoformat()}"
                     for row in history],
            "reporting_rate": [row.reporting_rate for row in history],
            "resumption_rate": [row.resumption_rate for row in history],
            "workers_on_duty": [row.workers_on_duty for row in history],
            "problems_open": [row.problems_open for row in history],
            "problems_overdue": [row.problems_overdue for row in history],
        },
    }


@login_required
def dashboard_page(request, region_id: int | None = None):
    """A region's dashboard for one day (today by default): headline, children, trends, who is missing, problems,
    employment and bulletins. A fixed number of queries whatever the number of regions and days."""
    region = selectors.dashboard_region(user=request.user, pk=region_id)
    form, day = _day(request)
    user = request.user
    history = selectors.region_days(region=region, day=day, days=settings.DASHBOARD_TREND_DAYS, fetched_by=user)
    by_day = {row.day: row for row in history}
    # The trend starts when the campaign did: the first day anything was expected or reported.
    started = next((i for i, row in enumerate(history) if row.reports_expected or row.enterprises_reporting), None)
    history = history[started:] if started is not None else []
    current, previous = by_day.get(day), by_day.get(day - timedelta(days=1))
    children = selectors.child_rows(region=region, day=day, fetched_by=user)
    enterprises = None
    if selectors.lists_enterprises(region):
        enterprises = selectors.enterprise_day_list(region=region, day=day, fetched_by=user)
    missing = selectors.missing_reporters(region=region, day=day, fetched_by=user,
                                          limit=settings.DASHBOARD_MISSING_LIMIT)
    departments = selectors.overdue_by_department(region=region, day=day, fetched_by=user)
    industries = industry_rows(summary=current, enterprises=enterprises)

    download = request.GET.get("xlsx")
    if download:
        return _dashboard_xlsx(request, download, region=region, day=day, history=history, children=children,
                               enterprises=enterprises, departments=departments, industries=industries)

    shuttles = selectors.shuttle_totals(region=region, day=day, fetched_by=user)
    bulletins = selectors.recent_bulletins(region=region, day=day, fetched_by=user)
    category_rows = sorted(((code, count) for code, count in (current.problems_new_by_category.items()
                                                              if current else ()) if count),
                           key=lambda row: -row[1])
    children_fresh = min((row.summary.computed_at for row in children if row.summary), default=None)
    context = {
        "region": region,
        "day": day,
        "today": timezone.localdate(),
        "switch": day_switch(day),
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1) if day < timezone.localdate() else None,
        "form": form,
        "trail": selectors.region_trail(region=region, user=user),
        "tops": selectors.dashboard_regions(user=user) if region_id is None else [],
        "current": current,
        "fresh": as_of(current.computed_at if current else None),
        "children_fresh": as_of(children_fresh),
        "live": _live(),
        "groups": headline(region=region, day=day, current=current, previous=previous),
        "children": children,
        "chart_height": max(220, 30 * len(children) + 50),
        "enterprises": enterprises,
        "missing": missing,
        "missing_url": figure_url("reports_missing", region=region, day=day),
        "departments": departments,
        "departments_total": sum(row["count"] for row in departments),
        "industries": industries,
        "categories": [(code, count) for code, count in category_rows],
        "shuttles": shuttles,
        "bulletins": bulletins,
        "own_bulletins": sum(1 for bulletin in bulletins if bulletin.region_id == region.pk),
        "child_bulletins": sum(1 for bulletin in bulletins if bulletin.region_id != region.pk),
        "chart": dashboard_chart(region=region, children=children, history=history, day=day),
        "can_log_trips": scope_for(user).manages_region(region),
    }
    return render(request, "dashboards/dashboard.html", context)


def _dashboard_xlsx(request, table: str, *, region, day, history, children, enterprises, departments, industries):
    """One table of the dashboard as a spreadsheet: the rows the page shows (the full list for the missing)."""
    if table == "children":
        sheet = tables.children_sheet(region=region, day=day, rows=children)
    elif table == "trend":
        sheet = tables.trend_sheet(region=region, rows=history)
    elif table == "missing":
        rows = missing_assignments(day=day, fetched_by=request.user, region=region)
        sheet = tables.missing_sheet(region=region, day=day, assignments=rows)
    elif table == "departments":
        sheet = tables.departments_sheet(region=region, day=day, rows=departments)
    elif table == "employment":
        sheet = tables.employment_sheet(region=region, day=day, rows=children)
    elif table == "industries" and industries is not None:
        sheet = tables.industries_sheet(region=region, day=day, rows=industries)
    elif table == "enterprises" and enterprises is not None:
        sheet = tables.enterprises_sheet(region=region, day=day, enterprises=enterprises)
    else:
        raise Http404
    return xlsx_response(filename=_filename(region.name, sheet.title, day.isoformat()), sheets=[sheet])


def _rows_region(request, region_id: int) -> Region:
    return get_visible_or_404(Region.objects.select_related("parent"), request.user, pk=region_id)


class _NotAChoice(Exception):
    """A figure selector's value is none of its choices: the page says so (400) rather than show other rows."""

    def __init__(self, name: str, value: str, allowed):
        super().__init__(name)
        self.name, self.value, self.allowed = name, value, [choice for choice in allowed if choice]


def _choice(request, name: str, allowed, default: str) -> str:
    value = request.GET.get(name, default)
    if value != default and value not in allowed:
        raise _NotAChoice(name, value, allowed)
    return value


def _refusing_bad_choices(view):
    @wraps(view)
    def checked(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _NotAChoice as refused:
            return render(request, "dashboards/bad_choice.html", {
                "name": refused.name, "value": refused.value, "allowed": refused.allowed}, status=400)

    return checked


@office_required
@_refusing_bad_choices
def report_rows_page(request, region_id: int):
    """The reports expected on a day in a region's subtree, filed, late or missing: the rows behind those figures."""
    region = _rows_region(request, region_id)
    form, day = _day(request)
    status = _choice(request, "status", selectors.REPORT_STATUSES, "expected")
    rows = selectors.expected_report_rows(region=region, day=day, fetched_by=request.user, status=status)
    if request.GET.get("xlsx"):
        return xlsx_response(filename=_filename(region.name, _("Reports"), day.isoformat()),
                             sheets=[tables.reports_sheet(region=region, day=day, assignments=rows)])
    page, query = paginate(request, rows, settings.ROSTER_PAGE_SIZE)
    statuses = [("expected", _("Expected")), ("filed", _("Filed")), ("late", _("Filed late")),
                ("missing", _("Missing"))]
    return render(request, "dashboards/report_rows.html", {
        "region": region, "day": day, "form": form, "status": status, "statuses": statuses, "page": page,
        "keep": [("status", status)],
        "query": query, "live": _live(), "missing_url": figure_url("reports_missing", region=region, day=day),
    })


ENTERPRISE_SHOW_LABELS = {
    "all": gettext_lazy("All enterprises"), "stationed": gettext_lazy("Stationed"),
    "reporting": gettext_lazy("Reported on"), "missing": gettext_lazy("Report missing"),
    "resumed": gettext_lazy("Resumed"), "short_of_masks": gettext_lazy("Short of masks"),
    "suspected": gettext_lazy("Suspected cases"), "hiring": gettext_lazy("Hiring"),
}


@office_required
@_refusing_bad_choices
def enterprise_rows_page(request, region_id: int):
    """The enterprises of a region's subtree with their reports of a day, narrowed to those behind one figure."""
    region = _rows_region(request, region_id)
    form, day = _day(request)
    show = _choice(request, "show", selectors.ENTERPRISE_SHOWS, "all")
    industry = _choice(request, "industry", Industry.values, "")
    rows = selectors.enterprise_day_rows(region=region, day=day, fetched_by=request.user, show=show,
                                         industry=industry)
    if request.GET.get("xlsx"):
        return xlsx_response(filename=_filename(region.name, _("Enterprises"), day.isoformat()),
                             sheets=[tables.enterprises_sheet(region=region, day=day, enterprises=rows)])
    page, query = paginate(request, rows, settings.ROSTER_PAGE_SIZE)
    shows = list(ENTERPRISE_SHOW_LABELS.items())
    return render(request, "dashboards/enterprise_rows.html", {
        "region": region, "day": day, "form": form, "show": show, "shows": shows, "page": page, "query": query,
        "industry": industry, "totals": rows.totals(), "live": _live(),
        "keep": [(name, value) for name, value in (("show", show), ("industry", industry)) if value],
    })


PROBLEM_SHOW_LABELS = {
    "new": gettext_lazy("New that day"), "open": gettext_lazy("Open"), "overdue": gettext_lazy("Overdue"),
    "escalated": gettext_lazy("Escalated, unsolved"), "resolved": gettext_lazy("Resolved that day"),
}


@office_required
@_refusing_bad_choices
def problem_rows_page(request, region_id: int):
    """The problems of a region's enterprises behind one problem figure of a day (new, open, overdue...), narrowed
    by the ledger's filters (department, `department=none` for the undispatched, category...)."""
    region = _rows_region(request, region_id)
    form, day = _day(request)
    show = _choice(request, "show", selectors.PROBLEM_SHOWS, "open")
    figure_rows = selectors.problem_rows(region=region, day=day, fetched_by=request.user, show=show)
    filters = ProblemFilterSet(request.GET, queryset=figure_rows, request=request)
    chosen = filters.form.cleaned_data if filters.is_valid() else {}
    title = str(PROBLEM_SHOW_LABELS[show])
    if request.GET.get("xlsx"):
        return xlsx_response(filename=_filename(region.name, _("Problems"), day.isoformat()), sheets=[
            tables.problems_sheet(region=region, day=day, problems=filters.rows, title=title, filters=filters)])
    page, query = paginate(request, filters.rows, settings.ROSTER_PAGE_SIZE)
    narrowed = request.GET.copy()
    for name in ("day", "show", "page", "xlsx"):
        narrowed.pop(name, None)
    keep = [(name, value) for name, value in narrowed.items() if value]
    ledger = narrowed.copy()
    if show == "overdue":
        ledger["overdue"] = "true"
    return render(request, "dashboards/problem_rows.html", {
        "region": region, "day": day, "form": form, "show": show, "shows": list(PROBLEM_SHOW_LABELS.items()),
        "title": title, "category": chosen.get("category", ""), "page": page, "query": query, "live": _live(),
        "keep": [("show", show), *keep], "narrowed": narrowed.urlencode(), "ledger_query": ledger.urlencode(),
    })


@office_required
def shuttle_list_page(request):
    """The shuttle trips of the user's scope (of one region's subtree with ?region=), newest first."""
    region = None
    region_id = request.GET.get("region", "")
    if region_id.isdigit():
        region = get_visible_or_404(Region, request.user, pk=int(region_id))
    rows = selectors.shuttle_trip_rows(fetched_by=request.user, region=region)
    if request.GET.get("xlsx"):
        caption = [_("Worker shuttle trips"), region.name if region else ""]
        return xlsx_response(filename=_filename(region.name if region else "", _("Worker shuttle trips")),
                             sheets=[tables.shuttle_sheet(trips=rows, caption=caption)])
    page, query = paginate(request, rows, settings.ROSTER_PAGE_SIZE)
    totals = selectors.shuttle_trip_totals(rows)
    scope = scope_for(request.user)
    can_log = scope.manages_any_region
    return render(request, "dashboards/shuttle_list.html", {
        "region": region, "page": page, "query": query, "totals": totals, "can_log": can_log,
        "live": _live()})


@login_required
def shuttle_new_page(request):
    """An office logs a shuttle trip it ran; the service checks the date, the workers and the enterprises."""
    scope = scope_for(request.user)
    if not scope.manages_any_region:
        raise Http404
    region = None
    region_id = request.GET.get("region", "")
    if region_id.isdigit():
        region = Region.objects.manageable_by(request.user).filter(pk=int(region_id)).first()
    status = 200
    if request.method == "POST":
        form = ShuttleTripForm(request.POST, user=request.user, region=region)
        if form.is_valid():
            try:
                trip = shuttle_trip_log(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                service_errors_on_form(form, error)
                status = 400
            else:
                messages.success(request, _("Trip of %(day)s logged: %(workers)d workers to %(to)s.") % {
                    "day": date_format(trip.day, "Y-m-d"), "workers": trip.workers_carried, "to": trip.route_to})
                return redirect(f"{reverse('dashboards:shuttle-list')}?region={trip.region_id}")
        else:
            status = 400
    else:
        form = ShuttleTripForm(user=request.user, region=region)
    return render(request, "dashboards/shuttle_form.html", {"form": form, "region": region}, status=status)


@office_required
def bulletin_list_page(request):
    """The bulletins the user may see: their own office's and those of the regions below it."""
    region = None
    region_id = request.GET.get("region", "")
    if region_id.isdigit():
        region = get_visible_or_404(Region, request.user, pk=int(region_id))
    page, query = paginate(request, selectors.bulletin_rows(fetched_by=request.user, region=region),
                           settings.ROSTER_PAGE_SIZE)
    return render(request, "dashboards/bulletin_list.html", {"region": region, "page": page, "query": query})


@login_required
def bulletin_page(request, pk: int):
    """A bulletin as a printable page."""
    bulletin = selectors.bulletin_detail(fetched_by=request.user, pk=pk)
    data = bulletin.data
    groups = headline(region=bulletin.region, day=bulletin.day, current=None, previous=None)
    for _group, figures in groups:
        for figure in figures:
            figure.value = data["figures"].get(figure.spec.key)
            figure.previous = data["previous"].get(figure.spec.key)
    computed_at = data.get("computed_at")
    return render(request, "dashboards/bulletin.html", {
        "fresh": as_of(datetime.fromisoformat(computed_at)) if computed_at else "",
        "bulletin": bulletin, "data": data, "groups": groups, "region": bulletin.region, "day": bulletin.day,
        "new_by_category": sorted(data.get("new_by_category", {}).items(), key=lambda row: -row[1]),
    })


@login_required
def bulletin_xlsx(request, pk: int):
    """The bulletin's spreadsheet as generated."""
    bulletin = selectors.bulletin_detail(fetched_by=request.user, pk=pk)
    if not bulletin.xlsx:
        raise Http404
    try:
        handle = bulletin.xlsx.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    filename = _filename(bulletin.region.name, _("Daily bulletin"), bulletin.day.isoformat()) + ".xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename)
