from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from officers.models import Assignment
from regions.scoping import get_visible_or_404, office_required, scope_for
from regions.views_base import ScopedDetailMixin, paginate, service_errors_on_form
from spreadsheets.lists import list_page

from .clock import day_closes_at, day_switch, is_day_open
from .exports import REPORT_LIST_EXPORT, missing_reports_export
from .filters import MissingReporterFilterSet, ReportFilterSet
from .forms import DailyReportForm, DifficultyFormSet, ExemptionForm, difficulties_from
from .models import DailyReport, ReportExemption
from .selectors import problems_raised_by_save, report_prefill, reporting_counts
from .services import (
    ReportConflict,
    exemption_create,
    report_file_unchanged,
    report_submit,
    report_update,
    report_values,
)


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as bad:
        raise Http404 from bad


def _my_assignment(request, pk: int) -> Assignment:
    """The signed-in officer's own assignment; anyone else's (or none) is a 404."""
    mine = Assignment.objects.filter(officer__user=request.user).select_related("officer", "enterprise__region")
    return get_visible_or_404(mine, request.user, pk=pk)


def _saved_message(*, assignment: Assignment, day: date, raised) -> str:
    """What the save did: the report saved, and each problem it raised with the office that now has it."""
    saved = {"enterprise": assignment.enterprise.name, "day": day.isoformat()}
    if not raised:
        return _("Report for %(enterprise)s on %(day)s saved; no problem raised.") % saved
    by_office: dict[str, list[str]] = {}
    for problem in raised:
        by_office.setdefault(problem.handling_region.name, []).append(str(problem.pk))
    separator = pgettext("list separator", ", ")
    sent = [ngettext("problem %(numbers)s was raised with the %(office)s liaison office",
                     "problems %(numbers)s were raised with the %(office)s liaison office", len(numbers))
            % {"numbers": separator.join(numbers), "office": office} for office, numbers in by_office.items()]
    return _("Report for %(enterprise)s on %(day)s saved; %(sent)s.") % {**saved, "sent": "; ".join(sent)}


@login_required
def report_form(request, assignment_pk: int, day: str):
    """File or edit one day's report for one enterprise, prefilled from the last report."""
    assignment = _my_assignment(request, assignment_pk)
    day = _parse_day(day)
    report = DailyReport.objects.filter(officer=assignment.officer, enterprise=assignment.enterprise, day=day).first()
    if report is not None and not is_day_open(day):
        return redirect("reports:detail", pk=report.pk)
    status = 200
    if request.method == "POST":
        form = DailyReportForm(request.POST, instance=None)
        difficulties = DifficultyFormSet(request.POST, prefix="difficulty")
        if form.is_valid() and difficulties.is_valid():
            try:
                if report is None:
                    saved = report_submit(actor=request.user, assignment=assignment, day=day, values=form.values(),
                                          difficulties=difficulties_from(difficulties),
                                          token=form.cleaned_data["token"])
                else:
                    saved = report_update(actor=request.user, report=report, values=form.values(),
                                          expected_version=form.cleaned_data["version"] or 0,
                                          difficulties=difficulties_from(difficulties),
                                          token=form.cleaned_data["token"])
            except ReportConflict as conflict:
                form.add_error(None, conflict.message)
                status = 409
            except ValidationError as error:
                service_errors_on_form(form, error)
                status = 400
            except PermissionDenied as denied:
                raise Http404 from denied
            else:
                raised = problems_raised_by_save(officer=assignment.officer, token=form.cleaned_data["token"],
                                                 difficulties=len(difficulties_from(difficulties)))
                messages.success(request, _saved_message(assignment=assignment, day=day, raised=raised))
                if saved.is_late:
                    messages.warning(request, _("This report was filed after the deadline and is marked late."))
                return redirect("home")
        else:
            status = 400
    else:
        prefill = report_prefill(assignment=assignment, day=day)
        initial = report_values(prefill) if prefill is not None else {}
        if report is not None:
            initial["version"] = report.version
        elif prefill is not None:
            initial["work_done"] = ""  # today's work is today's; the figures carry over
        form = DailyReportForm(initial=initial)
        difficulties = DifficultyFormSet(prefix="difficulty")
    context = {
        "form": form,
        "difficulties": difficulties,
        "assignment": assignment,
        "day": day,
        "report": report,
        "closes_at": day_closes_at(day),
    }
    return render(request, "reports/form.html", context, status=status)


@login_required
@require_POST
def report_unchanged(request, assignment_pk: int, day: str):
    """One tap: the same figures as the last report."""
    assignment = _my_assignment(request, assignment_pk)
    day = _parse_day(day)
    try:
        report_file_unchanged(actor=request.user, assignment=assignment, day=day, token=request.POST.get("token"))
    except ReportConflict as conflict:
        messages.info(request, conflict.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as denied:
        raise Http404 from denied
    else:
        messages.success(request, _("%(enterprise)s: unchanged report filed.")
                         % {"enterprise": assignment.enterprise.name})
    return redirect("home")


class ReportDetailView(ScopedDetailMixin, DetailView):
    model = DailyReport
    template_name = "reports/detail.html"
    context_object_name = "report"

    def get_base_queryset(self):
        return DailyReport.objects.select_related("officer", "enterprise__region", "assignment").prefetch_related(
            "problems")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["can_edit"] = report.officer.user_id == self.request.user.pk and is_day_open(report.day)
        return context


@office_required
def report_list_page(request):
    """An office's daily reports, newest day first, each opening the report; `xlsx=1` downloads them."""
    return list_page(request, ReportFilterSet(request.GET or None, request=request), template="reports/list.html",
                     export=REPORT_LIST_EXPORT)


@office_required
def missing_reports(request):
    """An office's list of expected reports not filed on a day, with phone numbers to chase them; `xlsx=1`
    downloads it."""
    filters = MissingReporterFilterSet(request.GET or None, request=request)
    day, region = filters.chosen_day, filters.chosen_region
    counts = reporting_counts(day=day, fetched_by=request.user, region=region)
    # Without a search the rows are exactly the counts' missing ones (same day, region and scope): no second count.
    searched = filters.is_bound and (not filters.is_valid() or any(
        filters.form.cleaned_data.get(name) for name in ("q", "search")))
    return list_page(request, filters, template="reports/missing.html", export=missing_reports_export(day),
                     count=None if searched else counts["missing"],
                     context={"day": day, "region": region, "counts": counts, "switch": day_switch(day),
                              "switch_query": f"&region={region.pk}" if region else ""})


@login_required
def exemptions(request):
    """An office's record of days when no report is owed (enterprise shut, officer on leave), and its form."""
    if not scope_for(request.user).is_office:
        raise Http404
    status = 200
    if request.method == "POST":
        form = ExemptionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                exemption_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                service_errors_on_form(form, error)
                status = 400
            else:
                messages.success(request, _("Exemption recorded: no report is expected on those days."))
                return redirect("reports:exemptions")
        else:
            status = 400
    else:
        form = ExemptionForm(user=request.user, initial={"start_date": timezone.localdate(),
                                                          "end_date": timezone.localdate()})
    recorded = (ReportExemption.objects.visible_to(request.user)
                .select_related("enterprise__region", "officer", "created_by").order_by("-start_date", "-id"))
    page, query = paginate(request, recorded, settings.ROSTER_PAGE_SIZE)
    return render(request, "reports/exemptions.html", {"form": form, "page": page, "query": query}, status=status)
