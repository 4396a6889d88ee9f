import uuid
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import DetailView

from assessments.selectors import officer_assessments, officer_vacancies
from dashboards.forms import DayForm
from enterprises.exports import ENTERPRISE_ROSTER_EXPORT
from enterprises.filters import EnterpriseFilterSet
from enterprises.models import Enterprise
from officers.exports import ASSIGNMENT_EXPORT, OFFICER_ROSTER_EXPORT
from officers.filters import AssignmentFilterSet, OfficerFilterSet
from officers.models import Officer
from officers.selectors import enterprise_assignments, officer_assignments
from regions.scoping import scope_for
from regions.views_base import ScopedDetailMixin
from reports.clock import day_switch
from reports.selectors import enterprise_recent_reports, officer_day, unread_notices
from spreadsheets.lists import list_page

from .selectors import (
    department_worklist,
    office_regions,
    office_worklist,
    officer_worklist,
    organization_worklist,
    roster_enterprises,
)


@login_required
def home(request):
    """Each role's first screen, its worklist: a liaison office's, a department's, an organisation department's,
    an officer's (one user may hold several posts, and sees each part); without a post, a page saying so."""
    user, scope = request.user, scope_for(request.user)
    today = timezone.localdate()
    context = {"today": today, "yesterday": today - timedelta(days=1)}
    if scope.manages_any_region:
        day = DayForm(request.GET or None).chosen_day()
        context["offices"] = [office_worklist(region=region, day=day, fetched_by=user, today=today)
                              for region in office_regions(scope=scope)]
        context["switch"] = day_switch(day)
    if scope.department_ids:
        context["department"] = department_worklist(fetched_by=user, today=today)
    if scope.office_region_paths and not scope.everything:
        # An organisation post is one of the office posts; organization_worklist finds out which (one query).
        context["rounds"] = organization_worklist(fetched_by=user)
    if scope.is_officer:
        context.update(_officer_today(request, today))
        context["officer"] = officer_worklist(user=user, today=today)
    if not (context.get("offices") or scope.department_ids or context.get("rounds") is not None or scope.is_officer):
        return render(request, "portal/home_other.html")
    return render(request, "portal/home.html", context)


def _officer_today(request, today) -> dict:
    """An officer's day: every enterprise side by side, what is filed and what is still to file."""
    assignments = officer_day(user=request.user, day=today)
    for assignment in assignments:
        assignment.unchanged_token = uuid.uuid4().hex  # one tap, once: a double tap replays the first
    to_file = sum(1 for a in assignments if a.todays_report is None and not a.exempt)
    return {"assignments": assignments, "today_iso": today.isoformat(), "to_file": to_file,
            "notices": unread_notices(user=request.user)[:3]}


@login_required
def enterprise_list_page(request):
    filters = EnterpriseFilterSet(request.GET or None, queryset=roster_enterprises(fetched_by=request.user),
                                  request=request)
    return list_page(request, filters, template="portal/enterprise_list.html", export=ENTERPRISE_ROSTER_EXPORT)


@login_required
def officer_list_page(request):
    return list_page(request, OfficerFilterSet(request.GET or None, request=request),
                     template="portal/officer_list.html", export=OFFICER_ROSTER_EXPORT)


@login_required
def assignment_list_page(request):
    """Who is stationed where: the assignments the user sees, newest first, current and ended."""
    return list_page(request, AssignmentFilterSet(request.GET or None, request=request),
                     template="portal/assignment_list.html", export=ASSIGNMENT_EXPORT)


class EnterpriseDetailView(ScopedDetailMixin, DetailView):
    model = Enterprise
    template_name = "portal/enterprise_detail.html"

    def get_base_queryset(self):
        return Enterprise.objects.select_related("region__parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = enterprise_assignments(enterprise=self.object, fetched_by=self.request.user)
        context["recent_reports"] = enterprise_recent_reports(enterprise=self.object, fetched_by=self.request.user)
        context["today"] = timezone.localdate()
        return context


class OfficerDetailView(ScopedDetailMixin, DetailView):
    model = Officer
    template_name = "portal/officer_detail.html"

    def get_base_queryset(self):
        return Officer.objects.select_related("backing_unit__region", "user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = officer_assignments(officer=self.object, fetched_by=self.request.user)
        context["assessments"] = officer_assessments(officer=self.object, fetched_by=self.request.user)
        context["vacancies"] = officer_vacancies(officer=self.object, fetched_by=self.request.user)
        context["today"] = timezone.localdate()
        return context
