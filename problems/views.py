"""Pages of the problem ledger: the office's ledger, a problem with its history, a department's queue, and the
officer's own problems. Actions are POST forms that call one service each, then redirect (PRG)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regions.scoping import get_visible_or_404, scope_for
from regions.views_base import paginate
from spreadsheets.lists import list_page

from . import services
from .choices import ProblemAction
from .exports import PROBLEM_LEDGER_EXPORT
from .filters import ProblemLedgerFilterSet
from .forms import (
    AssignForm,
    DeadlineForm,
    EmptyForm,
    QueueFilterForm,
    ReasonForm,
    ResolveForm,
    department_label,
)
from .models import Problem
from .selectors import (
    department_options,
    department_queue,
    department_search,
    dispatch_departments,
    dispatch_departments_of_office,
    my_problems,
    problem_detail,
    suggested_department,
)


@login_required
def problem_list_page(request):
    """The office's ledger (问题台账), filtered and paged, by urgency, the closed ones only when asked; `xlsx=1`
    downloads it."""
    filters = ProblemLedgerFilterSet(request.GET, request=request)
    return list_page(request, filters, template="problems/problem_list.html", export=PROBLEM_LEDGER_EXPORT)


@login_required
@require_GET
def problem_departments_page(request):
    """The department picker's matches as JSON (static/js/department-picker.js): the departments a problem's handling
    office may dispatch to (`problem`), or the user's office may (a bulk dispatch), whose name contains `q`."""
    problem_id = request.GET.get("problem", "")
    if problem_id:
        if not problem_id.isdigit():
            raise Http404
        problem = get_visible_or_404(Problem.objects.select_related("handling_region"), request.user,
                                     pk=int(problem_id))
        departments = dispatch_departments(problem=problem, fetched_by=request.user)
    else:
        departments = dispatch_departments_of_office(fetched_by=request.user)
    matches = department_search(departments, request.GET.get("q", "")[:100])
    return JsonResponse({"results": [{"id": d.pk, "label": department_label(d)} for d in matches]})


@login_required
def problem_queue_page(request):
    """A department's work queue: its problems by deadline, overdue ones marked."""
    form = QueueFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    page, query = paginate(request, department_queue(fetched_by=request.user, status=status),
                           settings.ROSTER_PAGE_SIZE)
    return render(request, "problems/problem_queue.html", {"form": form, "page": page, "query": query})


@login_required
def my_problems_page(request):
    """The officer's problems: those marked resolved wait for a confirmation or a reopening."""
    page, query = paginate(request, my_problems(user=request.user), settings.ROSTER_PAGE_SIZE)
    return render(request, "problems/my_problems.html", {"page": page, "query": query})


@login_required
def problem_detail_page(request, pk: int):
    problem = problem_detail(fetched_by=request.user, pk=pk)
    allowed = services.problem_actions_for(user=request.user, problem=problem)
    context = {"problem": problem, "allowed": allowed, "events": problem.events.all(),
               "is_department_staff": services.is_department_staff(request.user, problem)}
    if ProblemAction.ASSIGNED in allowed:
        departments = dispatch_departments(problem=problem, fetched_by=request.user)
        options = department_options(departments)
        suggestion = problem.department or suggested_department(problem=problem, departments=departments)
        context["assign_form"] = AssignForm(departments=departments, initial={
            "department": suggestion, "co_departments": list(problem.co_departments.all()),
            "deadline": problem.deadline if problem.department_id else None},
            search_url=f"{reverse('problem-departments')}?{urlencode({'problem': problem.pk})}")
        context["department_options"] = options
        context["default_deadline"] = services.default_deadline(category=problem.category)
    if ProblemAction.DEADLINE_CHANGED in allowed:
        context["deadline_form"] = DeadlineForm(initial={"deadline": problem.deadline})
    return render(request, "problems/problem_detail.html", context)


def _seen(request) -> int | None:
    """The problem's version the page was built on (its forms' hidden `version`); None from an older page."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _assign(request, problem):
    departments = dispatch_departments(problem=problem, fetched_by=request.user)
    form = AssignForm(request.POST, departments=departments)
    if not form.is_valid():
        return form, None
    problem = services.problem_assign(actor=request.user, problem=problem, expected_version=_seen(request),
                                      **form.cleaned_data)
    return form, _("Dispatched to %(department)s, due %(deadline)s.") % {
        "department": problem.department.name, "deadline": date_format(problem.deadline, "Y-m-d")}


def _set_deadline(request, problem):
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        return form, None
    problem = services.problem_set_deadline(actor=request.user, problem=problem, expected_version=_seen(request),
                                            **form.cleaned_data)
    return form, _("The deadline is now %(deadline)s.") % {"deadline": date_format(problem.deadline, "Y-m-d")}


def _escalate(request, problem):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return form, None
    problem = services.problem_escalate(actor=request.user, problem=problem, reason=form.cleaned_data["reason"],
                                        expected_version=_seen(request))
    return form, _("Escalated to %(office)s.") % {"office": problem.handling_region.name}


def _resolve(request, problem):
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return form, None
    services.problem_resolve(actor=request.user, problem=problem, resolution=form.cleaned_data["resolution"],
                             expected_version=_seen(request))
    return form, _("Marked resolved; the officer who raised it will confirm.")


def _start(request, problem):
    services.problem_start(actor=request.user, problem=problem, expected_version=_seen(request))
    return EmptyForm(request.POST), _("Work on the problem has started.")


def _decline(request, problem):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return form, None
    problem = services.problem_decline(actor=request.user, problem=problem, reason=form.cleaned_data["reason"],
                                       expected_version=_seen(request))
    return form, _("Declined: the problem is back with %(office)s.") % {"office": problem.handling_region.name}


def _confirm(request, problem):
    services.problem_confirm(actor=request.user, problem=problem, expected_version=_seen(request))
    return EmptyForm(request.POST), _("Confirmed: the problem is closed.")


def _reopen(request, problem):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return form, None
    services.problem_reopen(actor=request.user, problem=problem, reason=form.cleaned_data["reason"],
                            expected_version=_seen(request))
    return form, _("Reopened: the problem goes back to be handled again.")


ACTIONS = {
    "assign": _assign,
    "deadline": _set_deadline,
    "escalate": _escalate,
    "resolve": _resolve,
    "start": _start,
    "decline": _decline,
    "confirm": _confirm,
    "reopen": _reopen,
}


def _next_url(request, problem_pk: int) -> str:
    """Back where the form was (a queue, my problems) or to the problem; to a list when it is out of sight now."""
    if not Problem.objects.visible_to(request.user).filter(pk=problem_pk).exists():
        return reverse("problem-queue" if scope_for(request.user).department_ids else "problem-list")
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("problem-detail", args=[problem_pk])


@login_required
@require_POST
def problem_action(request, pk: int, action: str):
    """One action on one problem: parse the form, call the service, say what happened, redirect."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    problem = get_visible_or_404(Problem.objects.select_related("handling_region", "raised_by", "department"),
                                 request.user, pk=pk)
    try:
        form, done = handler(request, problem)
    except services.ProblemChanged as changed:
        messages.error(request, changed.message)
        # Back to the problem as it is now, not to a list where the stale row might be acted on again.
        target = "problem-detail" if Problem.objects.visible_to(request.user).filter(pk=pk).exists() else None
        return redirect(reverse(target, args=[pk]) if target else _next_url(request, pk))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if done:
            messages.success(request, done)
        else:
            for field_errors in form.errors.values():
                for message in field_errors:
                    messages.error(request, message)
    return redirect(_next_url(request, pk))
