"""Pages of the joint Party branches: offices run branches, members log visits on the phone and see their quota.

Views parse a form, call one service, say what happened and redirect (PRG); a service's refusal is shown on the form
and nothing is saved. Every object comes through a selector from `visible_to(user)`: outside scope is a 404.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regions.models import Region
from regions.scoping import can_manage, get_visible_or_404, managing_office_required, office_required, scope_for
from regions.views_base import form_submit, paginate
from spreadsheets.lists import list_page

from . import selectors, services
from .exports import VISIT_LIST_EXPORT
from .filters import VisitFilterSet
from .forms import (
    BranchFilterForm,
    BranchForm,
    CoverForm,
    DemandForm,
    LeaveForm,
    MatchForm,
    MemberForm,
    RaiseProblemForm,
    ResourceForm,
    VisitForm,
)
from .quotas import iso_week_label, week_start


def _ensure_manager(request, branch) -> None:
    if not can_manage(request.user, branch):
        raise Http404


# Branches -------------------------------------------------------------------------------------------------------


@login_required
def branch_list_page(request):
    """The branches in scope, with how many stationed enterprises no branch covers yet."""
    form = BranchFilterForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page, query = paginate(request, selectors.branch_list(fetched_by=request.user, search=search),
                           settings.ROSTER_PAGE_SIZE)
    scope = scope_for(request.user)
    uncovered = selectors.uncovered_enterprises(fetched_by=request.user).count() if scope.is_office else None
    return render(request, "branches/branch_list.html", {
        "form": form, "page": page, "query": query, "uncovered_count": uncovered,
        "can_create": scope.manages_any_region,
    })


@managing_office_required
def branch_create_page(request):
    form = BranchForm(request.POST or None, user=request.user)
    created = {}

    def create(data):
        created["branch"] = services.branch_create(actor=request.user, **data)

    if request.method == "POST" and form_submit(form, create):
        messages.success(request, _("Branch created."))
        return redirect("branches:detail", created["branch"].pk)
    return render(request, "branches/form.html", {"form": form, "title": _("New joint Party branch")})


@login_required
def branch_detail_page(request, pk: int):
    """Members, enterprises, resource and demand lists, recent visits and this week's compliance."""
    branch = selectors.branch_detail(fetched_by=request.user, pk=pk)
    compliance = selectors.branch_compliance(branch=branch)
    membership = next((row.member for row in compliance.members
                       if row.member.user_id == request.user.pk and row.member.left_on is None), None)
    return render(request, "branches/branch_detail.html", {
        "branch": branch, "compliance": compliance, "week_label": iso_week_label(compliance.monday),
        "resources": selectors.branch_resources(branch=branch),
        "demands": selectors.branch_demands(branch=branch),
        "visits": selectors.branch_recent_visits(branch=branch),
        "manages": can_manage(request.user, branch), "membership": membership,
        "is_office": scope_for(request.user).is_office,
    })


@login_required
def branch_compliance_page(request, pk: int):
    """The branch's ISO weeks: who met the quota, who did not, over the last weeks."""
    branch = selectors.branch_detail(fetched_by=request.user, pk=pk)
    compliance = selectors.branch_compliance(branch=branch)
    return render(request, "branches/branch_compliance.html", {
        "branch": branch, "compliance": compliance, "week_label": iso_week_label(compliance.monday),
        "week_labels": [iso_week_label(monday) for monday, _, _ in compliance.trend],
    })


def _branch_form_page(request, pk: int, *, form_class, call, done: str, title: str, manager_only: bool = True,
                      form_kwargs=None):
    branch = selectors.branch_detail(fetched_by=request.user, pk=pk)
    if manager_only:
        _ensure_manager(request, branch)
    form = form_class(request.POST or None, **(form_kwargs(branch) if form_kwargs else {}))
    if request.method == "POST" and form_submit(form, lambda data: call(branch, data)):
        messages.success(request, done)
        return redirect("branches:detail", branch.pk)
    return render(request, "branches/form.html", {"form": form, "title": title, "branch": branch})


@login_required
def branch_cover_page(request, pk: int):
    return _branch_form_page(
        request, pk, form_class=CoverForm, form_kwargs=lambda branch: {"user": request.user, "branch": branch},
        call=lambda branch, data: services.branch_add_enterprise(actor=request.user, branch=branch, **data),
        done=_("The branch now covers this enterprise."), title=_("Cover an enterprise"))


@login_required
def member_add_page(request, pk: int):
    return _branch_form_page(
        request, pk, form_class=MemberForm, form_kwargs=lambda branch: {"user": request.user},
        call=lambda branch, data: services.member_add(actor=request.user, branch=branch, **data),
        done=_("Member added."), title=_("Add a member"))


@login_required
def resource_add_page(request, pk: int):
    return _branch_form_page(
        request, pk, form_class=ResourceForm, manager_only=False,
        call=lambda branch, data: services.resource_add(actor=request.user, branch=branch, **data),
        done=_("Resource added."), title=_("Add to the department resource list"))


@login_required
def demand_add_page(request, pk: int):
    return _branch_form_page(
        request, pk, form_class=DemandForm, manager_only=False, form_kwargs=lambda branch: {"branch": branch},
        call=lambda branch, data: services.demand_add(actor=request.user, branch=branch, **data),
        done=_("Demand added."), title=_("Add to the enterprise demand list"))


@login_required
@require_POST
def member_leave(request, pk: int):
    member = selectors.member_detail(fetched_by=request.user, pk=pk)
    _ensure_manager(request, member.branch)
    form = LeaveForm(request.POST)
    if form_submit(form, lambda data: services.member_leave(actor=request.user, member=member, **data)):
        messages.success(request, _("%(name)s has left the branch.") % {"name": member.name})
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("branches:detail", member.branch_id)


# Demands --------------------------------------------------------------------------------------------------------


@login_required
def demand_detail_page(request, pk: int):
    """A demand: match it to a resource, or put it in the problem ledger (and follow the problem's status)."""
    demand = selectors.demand_detail(fetched_by=request.user, pk=pk)
    match_form = MatchForm(request.POST if request.POST.get("action") == "match" else None, branch=demand.branch)
    raise_form = RaiseProblemForm(request.POST if request.POST.get("action") == "raise" else None)
    if request.method == "POST":
        if request.POST.get("action") == "match":
            done = form_submit(match_form,
                               lambda data: services.demand_match(actor=request.user, demand=demand, **data))
            message = _("Matched to a resource.")
        else:
            done = form_submit(raise_form, lambda data: services.demand_raise_problem(actor=request.user, demand=demand,
                                                                                 **data))
            message = _("The demand is in the problem ledger now.")
        if done:
            messages.success(request, message)
            return redirect("branches:demand", demand.pk)
    return render(request, "branches/demand_detail.html", {
        "demand": demand, "match_form": match_form, "raise_form": raise_form})


# Visits ---------------------------------------------------------------------------------------------------------


@login_required
def visit_log_page(request, pk: int):
    """The phone form: a member logs a visit (their own, or the office logs one for them)."""
    member = selectors.member_detail(fetched_by=request.user, pk=pk)
    if member.user_id != request.user.pk and not can_manage(request.user, member.branch):
        raise Http404
    form = VisitForm(request.POST or None, branch=member.branch)
    if request.method == "POST" and form_submit(form, lambda data: services.visit_log(actor=request.user, member=member,
                                                                                  **data)):
        messages.success(request, _("Visit logged."))
        return redirect("branches:mine" if member.user_id == request.user.pk else "branches:detail",
                        *([] if member.user_id == request.user.pk else [member.branch_id]))
    return render(request, "branches/visit_form.html", {"form": form, "member": member})


@login_required
def visit_detail_page(request, pk: int):
    """A visit and, when it found issues, the button that puts them in the problem ledger."""
    visit = selectors.visit_detail(fetched_by=request.user, pk=pk)
    form = RaiseProblemForm(request.POST or None, initial={"description": visit.issues_found})
    if request.method == "POST" and form_submit(
            form, lambda data: services.visit_raise_problem(actor=request.user, visit=visit, **data)):
        messages.success(request, _("The issues are in the problem ledger now."))
        return redirect("branches:visit", visit.pk)
    return render(request, "branches/visit_detail.html", {"visit": visit, "form": form})


@office_required
def visit_list_page(request):
    """The office's visits (走访记录) in scope, newest first, filtered and paged; `xlsx=1` downloads them."""
    filters = VisitFilterSet(request.GET or None, request=request)
    return list_page(request, filters, template="branches/visit_list.html", export=VISIT_LIST_EXPORT)


@login_required
def my_visits_page(request):
    """The member's own page: this ISO week's progress per branch, a button to log a visit, recent visits."""
    memberships = selectors.my_memberships(user=request.user)
    return render(request, "branches/my_visits.html", {
        "memberships": memberships, "visits": selectors.my_recent_visits(user=request.user)})


# Offices' overviews -----------------------------------------------------------------------------------------------


@office_required
def region_compliance_page(request):
    """This ISO week per child region: branches, members owing visits, members who met the quota."""
    tops = selectors.compliance_regions(fetched_by=request.user)
    region_id = request.GET.get("region")
    if region_id and region_id.isdigit():
        region = get_visible_or_404(Region, request.user, pk=int(region_id))
    elif tops:
        region = tops[0]
    else:
        raise Http404
    this_monday = week_start(timezone.localdate())
    try:
        monday = min(week_start(date.fromisoformat(request.GET.get("week", ""))), this_monday)
    except ValueError:
        monday = this_monday
    rows = selectors.region_compliance(fetched_by=request.user, region=region, today=monday)
    return render(request, "branches/region_compliance.html", {
        "region": region, "rows": rows, "monday": monday, "week_label": iso_week_label(monday),
        "previous_week": monday - timedelta(days=7),
        "next_week": monday + timedelta(days=7) if monday < this_monday else None,
        "trail": list(region.ancestors().visible_to(request.user)) + [region],
    })


@office_required
def uncovered_page(request):
    """Stationed enterprises in scope that no joint Party branch covers."""
    page, query = paginate(request, selectors.uncovered_enterprises(fetched_by=request.user),
                           settings.ROSTER_PAGE_SIZE)
    return render(request, "branches/uncovered.html", {"page": page, "query": query})
