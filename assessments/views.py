"""Pages of the assessment rounds: list, open, a round with its officers, one officer's assessment with its forms,
the opinion links, the vacancies left by recalls, and the enterprise's public opinion form (a signed link).

Actions are POST forms calling one service each, then redirecting (PRG); a refusal is shown as a message.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from officers.models import Assignment, Officer
from regions.scoping import get_visible_or_404
from regions.views_base import paginate, service_errors_on_form
from spreadsheets.lists import list_page
from spreadsheets.models import SpreadsheetJob
from spreadsheets.writing import XLSX_TYPE

from . import selectors, services
from .choices import Grade, Source
from .exports import round_entries_export
from .filters import OfficerAssessmentFilterSet
from .forms import (
    DailyAdjustForm,
    GradeForm,
    OpinionForm,
    OutcomeForm,
    RecallForm,
    RoundOpenForm,
    ScoreForm,
    VacancyFillForm,
)
from .models import ReplacementVacancy


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def _service_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def round_list_page(request):
    page, query = paginate(request, selectors.round_list(fetched_by=request.user), settings.ROSTER_PAGE_SIZE)
    can_open = bool(services.organization_regions(request.user))
    return render(request, "assessments/round_list.html", {"page": page, "query": query, "can_open": can_open})


@login_required
def round_open_page(request):
    regions = services.organization_regions(request.user)
    if not regions:
        raise Http404
    form = RoundOpenForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment_round = services.round_open(
                actor=request.user, region=data["region"], name=data["name"], period_start=data["period_start"],
                period_end=data["period_end"], weights=form.weights(),
                excellent_quota_percent=data["excellent_quota_percent"])
        except ValidationError as error:
            service_errors_on_form(form, error)
        else:
            messages.success(request, _("Round opened for %(count)d officers.") % {
                "count": assessment_round.assessments.count()})
            return redirect("assessments:round", assessment_round.pk)
    return render(request, "assessments/round_open.html", {"form": form})


@login_required
def round_detail_page(request, pk: int):
    """The round: counts per grade, excellent places left, the officers (filtered, paged; `xlsx=1` downloads them),
    the whole round's assessment sheet, propose and finalise."""
    assessment_round = selectors.round_detail(fetched_by=request.user, pk=pk)
    filters = OfficerAssessmentFilterSet(request.GET or None, request=request, assessment_round=assessment_round)
    weights = assessment_round.weights
    job = None
    if request.GET.get("job", "").isdigit():
        job = SpreadsheetJob.objects.visible_to(request.user).filter(pk=int(request.GET["job"])).first()
    organization = services.is_organization_for(request.user, assessment_round.region)
    counts = selectors.grade_counts(assessment_round=assessment_round)
    return list_page(request, filters, template="assessments/round_detail.html",
                     export=round_entries_export(assessment_round), per_page=settings.ASSESSMENT_PAGE_SIZE,
                     context={
                         "round": assessment_round, "counts": counts,
                         "places": services.excellent_places(assessment_round), "sources": Source.choices,
                         "weight_rows": [(label, weights[source]) for source, label in Source.choices],
                         "grade_rows": [(grade, label, counts[grade]) for grade, label in Grade.choices],
                         "organization": organization, "job": job,
                     })


@login_required
@require_POST
def round_action(request, pk: int, action: str):
    assessment_round = selectors.round_detail(fetched_by=request.user, pk=pk)
    target = reverse("assessments:round", args=[pk])
    try:
        if action == "propose":
            count = services.daily_scores_propose(actor=request.user, assessment_round=assessment_round)
            messages.success(request, _("Daily scores proposed for %(count)d officers.") % {"count": count})
        elif action == "finalise":
            services.round_finalise(actor=request.user, assessment_round=assessment_round)
            messages.success(request, _("The round is finalised; it can no longer be changed."))
        elif action == "export":
            filename, result = services.assessment_sheet_export_start(actor=request.user,
                                                                      assessment_round=assessment_round)
            if isinstance(result, bytes):
                response = HttpResponse(result, content_type=XLSX_TYPE)
                response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
                return response
            messages.info(request, _("The sheet is being written; the download appears when it is ready."))
            return redirect(f"{target}?job={result.pk}#export")
        else:
            raise Http404
    except ValidationError as error:
        _service_errors(request, error)
    return redirect(target)


@login_required
def round_opinions_page(request, pk: int):
    """The opinion links of the round's officers the user sees (copyable), and who answered."""
    assessment_round = selectors.round_detail(fetched_by=request.user, pk=pk)
    rows = selectors.opinion_requests(fetched_by=request.user, assessment_round=assessment_round)
    page, query = paginate(request, rows, settings.ASSESSMENT_PAGE_SIZE)
    for request_row in page:
        request_row.link = request.build_absolute_uri(
            reverse("assessments:opinion", args=[services.opinion_token(request_row)]))
    return render(request, "assessments/round_opinions.html", {
        "round": assessment_round, "page": page, "query": query,
        "link_days": settings.ASSESSMENT_OPINION_LINK_DAYS})


def _recall_form(request, assessment, data=None):
    enterprises = [a.enterprise for a in Assignment.objects.active_on(timezone.localdate())
                   .filter(officer=assessment.officer).select_related("enterprise").order_by("enterprise__name")]
    candidates = (Officer.objects.visible_to(request.user)
                  .filter(status="active", backing_unit__region__path__startswith=assessment.managing_region.path)
                  .exclude(pk=assessment.officer_id).select_related("backing_unit").order_by("name", "id"))
    return RecallForm(data, enterprises=enterprises, candidates=candidates)


@login_required
def assessment_detail_page(request, pk: int):
    """One officer in a round: the four sources, proposal next to adjustment, grade, outcome, opinions, history."""
    assessment = selectors.assessment_detail(fetched_by=request.user, pk=pk)
    assessment_round = assessment.round
    allowed = services.assessment_permissions(user=request.user, assessment=assessment)
    weights = assessment_round.weights
    context = {
        "assessment": assessment, "round": assessment_round, "allowed": allowed, "weights": weights,
        "sources": [(source, label, weights[source], assessment.score(source)) for source, label in Source.choices],
        "missing": [Source(s).label for s in assessment.missing_sources(weights)],
        "components": [(name, assessment.daily_components.get(name)) for name in
                       ("reporting", "punctuality", "problems", "visits", "rectification")],
        "events": selectors.assessment_events(assessment=assessment),
        "assignments": selectors.assessment_assignments(assessment=assessment, fetched_by=request.user),
        "opinions": selectors.opinion_requests(fetched_by=request.user, assessment=assessment),
        "places": services.excellent_places(assessment_round) if allowed["grade"] else None,
        "vacancies": selectors.vacancy_list(fetched_by=request.user).filter(assessment=assessment),
        "score_form": ScoreForm(), "daily_form": DailyAdjustForm(initial={"score": assessment.daily_score}),
        "grade_form": GradeForm(initial={"grade": assessment.grade}),
        "outcome_form": OutcomeForm(initial={"outcome": assessment.outcome}),
    }
    if allowed["recall"]:
        context["recall_form"] = _recall_form(request, assessment)
    for opinion in context["opinions"]:
        opinion.link = request.build_absolute_uri(reverse("assessments:opinion",
                                                          args=[services.opinion_token(opinion)]))
    return render(request, "assessments/assessment_detail.html", context)


def _score(request, assessment, source):
    form = ScoreForm(request.POST)
    if not form.is_valid():
        return form, None
    services.score_set(actor=request.user, assessment=assessment, source=source, **form.cleaned_data)
    return form, _("%(source)s saved.") % {"source": Source(source).label}


def _daily(request, assessment):
    form = DailyAdjustForm(request.POST)
    if not form.is_valid():
        return form, None
    services.daily_adjust(actor=request.user, assessment=assessment, **form.cleaned_data)
    return form, _("Daily score adjusted.")


def _grade(request, assessment):
    form = GradeForm(request.POST)
    if not form.is_valid():
        return form, None
    assessment = services.grade_set(actor=request.user, assessment=assessment, **form.cleaned_data)
    return form, _("Graded %(grade)s.") % {"grade": assessment.get_grade_display()}


def _opinion_links(request, assessment):
    created = services.opinion_requests_create_all(actor=request.user, assessment=assessment)
    return None, _("%(count)d opinion links are ready to send.") % {"count": len(created)}


def _outcome(request, assessment):
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return form, None
    services.outcome_set(actor=request.user, assessment=assessment, outcome=form.cleaned_data["outcome"],
                         note=form.cleaned_data["note"])
    return form, _("Outcome saved.")


def _recall(request, assessment):
    form = _recall_form(request, assessment, request.POST)
    if not form.is_valid():
        return form, None
    created, vacancies = services.assessment_recall(actor=request.user, assessment=assessment,
                                                    reason=form.cleaned_data["reason"], successors=form.successors())
    return form, _("Recalled: %(replaced)d successors stationed, %(open)d vacancies to fill.") % {
        "replaced": len(created), "open": len(vacancies)}


ACTIONS = {
    "comprehensive": lambda request, a: _score(request, a, Source.COMPREHENSIVE),
    "work-evaluation": lambda request, a: _score(request, a, Source.WORK_EVALUATION),
    "daily": _daily,
    "grade": _grade,
    "opinion-links": _opinion_links,
    "outcome": _outcome,
    "recall": _recall,
}


@login_required
@require_POST
def assessment_action(request, pk: int, action: str):
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    assessment = selectors.assessment_detail(fetched_by=request.user, pk=pk)
    try:
        form, done = handler(request, assessment)
    except ValidationError as error:
        _service_errors(request, error)
    else:
        if done:
            messages.success(request, done)
        else:
            _form_errors(request, form)
    return redirect("assessments:assessment", pk)


@login_required
def vacancy_list_page(request):
    page, query = paginate(request, selectors.vacancy_list(fetched_by=request.user), settings.ROSTER_PAGE_SIZE)
    return render(request, "assessments/vacancy_list.html", {"page": page, "query": query})


@login_required
def vacancy_fill_page(request, pk: int):
    """Station a successor where a recalled officer left: the new assignment replaces the ended one."""
    vacancy = get_visible_or_404(ReplacementVacancy.objects.select_related(
        "enterprise", "managing_region", "ended_assignment__officer", "filled_assignment__officer",
        "assessment__round"), request.user, pk=pk)
    candidates = selectors.vacancy_candidates(vacancy=vacancy, fetched_by=request.user)
    form = VacancyFillForm(request.POST or None, candidates=candidates,
                           initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_fill(actor=request.user, vacancy=vacancy, **form.cleaned_data)
        except ValidationError as error:
            _service_errors(request, error)
        else:
            messages.success(request, _("%(officer)s is stationed in %(enterprise)s.") % {
                "officer": form.cleaned_data["officer"].name, "enterprise": vacancy.enterprise.name})
            return redirect("assessments:vacancy", pk)
    return render(request, "assessments/vacancy_fill.html", {"vacancy": vacancy, "form": form})


LINK_PROBLEMS = {
    "expired": gettext_lazy("This link has expired. Please ask the liaison office for a new one."),
    "invalid": gettext_lazy("This link is not valid. Please check that it was copied in full."),
    "answered": gettext_lazy("This opinion has already been submitted. Thank you; it cannot be changed."),
    "closed": gettext_lazy("This assessment has closed; opinions are no longer taken."),
}


def opinion_page(request, token: str):
    """The enterprise's phone form (no login): rate the officer once; a bad link gets a clear page, never a 500."""
    try:
        opinion = services.opinion_request_from_token(token)
    except services.OpinionLinkError as problem:
        return render(request, "assessments/opinion_closed.html",
                      {"message": LINK_PROBLEMS[problem.reason], "reason": problem.reason},
                      status=410 if problem.reason in ("expired", "closed") else
                      (200 if problem.reason == "answered" else 404))
    form = OpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.opinion_answer(token=token, **form.cleaned_data)
        except services.OpinionLinkError as problem:
            return render(request, "assessments/opinion_closed.html",
                          {"message": LINK_PROBLEMS[problem.reason], "reason": problem.reason})
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return render(request, "assessments/opinion_closed.html", {
                "message": _("Thank you. Your opinion has been recorded."), "reason": "thanks"})
    return render(request, "assessments/opinion_form.html", {"opinion": opinion, "form": form})

