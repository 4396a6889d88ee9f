"""Pages of the problem ledger: the office's ledger, a problem with its history, a department's queue, and the
officer's own problems. Actions are POST forms that call one service each, then redirect (PRG).

A problem opened from the ledger carries the ledger's query string in `ledger`: its page links back to the ledger
and on to the next problem under the same filters, and an action done there moves on to that next problem.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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
    AssignManyForm,
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
    ledger_next,
    my_problems,
    problem_detail,
    suggested_department,
)

LEDGER = "ledger"  # the parameter that carries the ledger's query string to a problem's page and its actions


def _without_export(query: str) -> str:
    params = QueryDict(query, mutable=True)
    params.pop("xlsx", None)
    return params.urlencode()


def _ledger_query(data) -> str | None:
    """The ledger's query string a page or a form carried, or None: not opened from the ledger."""
    query = data.get(LEDGER)
    return None if query is None else _without_export(query)


def _ledger_url(query: str) -> str:
    return reverse("problem-list") + (f"?{query}" if query else "")


def _problem_url(pk: int, ledger: str | None) -> str:
    url = reverse("problem-detail", args=[pk])
    return url if ledger is None else f"{url}?{urlencode({LEDGER: ledger})}"


def _ledger_next(request, problem, ledger: str) -> Problem | None:
    return ledger_next(ProblemLedgerFilterSet(QueryDict(ledger), request=request).rows, after=problem)


def _safe_next(request, default: str) -> str:
    """The form's `next` (the page it was on, with its query string) when it is a page of this site, else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


@login_required
def problem_list_page(request):
    """The office's ledger (问题台账), filtered and paged, by urgency, the closed ones only when asked; `xlsx=1`
    downloads it. An office ticks problems and dispatches them together (problem_assign_many_page)."""
    filters = ProblemLedgerFilterSet(request.GET, request=request)
    departments = dispatch_departments_of_office(fetched_by=request.user)
    options = department_options(departments)
    context = {"ledger_link": "?" + urlencode({LEDGER: _without_export(request.GET.urlencode())})}
    if options:
        # Its own ids: the filters above have a `department` too.
        context["bulk_form"] = AssignManyForm(problems=Problem.objects.none(), departments=departments,
                                              search_url=reverse("problem-departments"), auto_id="bulk-%s")
        context["department_options"] = options
    return list_page(request, filters, template="problems/problem_list.html", export=PROBLEM_LEDGER_EXPORT,
                     context=context)


@login_required
@require_POST
def problem_assign_many_page(request):
    """Dispatch the problems ticked on the ledger to one department with one deadline, then back to the ledger as it
    was (`next`): what went, and which did not and why."""
    back = _safe_next(request, reverse("problem-list"))
    form = AssignManyForm(request.POST, search_url="",
                          problems=Problem.objects.visible_to(request.user).select_related("enterprise"),
                          departments=dispatch_departments_of_office(fetched_by=request.user))
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
        return redirect(back)
    try:
        result = services.problems_assign_many(
            actor=request.user, problems=list(form.cleaned_data["problems"]),
            department=form.cleaned_data["department"], deadline=form.cleaned_data["deadline"],
            expected_versions=form.expected_versions())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    if result.assigned:
        messages.success(request, ngettext(
            "%(count)d problem dispatched to %(department)s.", "%(count)d problems dispatched to %(department)s.",
            len(result.assigned)) % {"count": len(result.assigned),
                                     "department": department_label(form.cleaned_data["department"])})
    by_reason: dict[str, list[str]] = {}
    for problem, reasons in result.refused:
        for reason in reasons:
            by_reason.setdefault(reason, []).append(problem.enterprise.name)
    for reason, names in by_reason.items():
        messages.error(request, _("Not dispatched: %(problems)s. %(reason)s") % {
            "problems": "、".join(names), "reason": reason})
    return redirect(back)


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
    """A problem, its history and what the user may do to it; opened from the ledger, the way back and on."""
    problem = problem_detail(fetched_by=request.user, pk=pk)
    allowed = services.problem_actions_for(user=request.user, problem=problem)
    context = {"problem": problem, "allowed": allowed, "events": problem.events.all(),
               "is_department_staff": services.is_department_staff(request.user, problem)}
    ledger = _ledger_query(request.GET)
    if ledger is not None:
        following = _ledger_next(request, problem, ledger)
        context.update(ledger=ledger, ledger_url=_ledger_url(ledger),
                       next_url=_problem_url(following.pk, ledger) if following else None)
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
    return _safe_next(request, reverse("problem-detail", args=[problem_pk]))


def _onward_url(request, problem_pk: int, *, done: bool, ledger: str, following: Problem | None) -> str:
    """From a problem opened from the ledger: on to the next problem once done (or when this one went out of
    sight), the ledger after the last one; back to the same problem when the action was refused."""
    if not done and Problem.objects.visible_to(request.user).filter(pk=problem_pk).exists():
        return _problem_url(problem_pk, ledger)
    return _problem_url(following.pk, ledger) if following else _ledger_url(ledger)


@login_required
@require_POST
def problem_action(request, pk: int, action: str):
    """One action on one problem: parse the form, call the service, say what happened, redirect."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    problem = get_visible_or_404(Problem.objects.select_related("handling_region", "raised_by", "department",
                                                                "enterprise"), request.user, pk=pk)
    ledger = _ledger_query(request.POST)
    # The next problem is read before the action moves this one.
    following = _ledger_next(request, problem, ledger) if ledger is not None else None
    done = None
    try:
        form, done = handler(request, problem)
    except services.ProblemChanged as changed:
        messages.error(request, changed.message)
        # Back to the problem as it is now, not to a list where the stale row might be acted on again.
        if Problem.objects.visible_to(request.user).filter(pk=pk).exists():
            return redirect(_problem_url(pk, ledger))
        return redirect(_next_url(request, pk) if ledger is None else _ledger_url(ledger))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if done:
            # Said on the next problem's page (or the ledger's): name the one it was done to.
            messages.success(request, done if ledger is None else _("%(enterprise)s: %(done)s") % {
                "enterprise": problem.enterprise.name, "done": done})
        else:
            for field_errors in form.errors.values():
                for message in field_errors:
                    messages.error(request, message)
    if ledger is not None:
        return redirect(_onward_url(request, pk, done=bool(done), ledger=ledger, following=following))
    return redirect(_next_url(request, pk))
