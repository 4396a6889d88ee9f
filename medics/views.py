"""Pages of the medical staff: medics and how many enterprises each covers, one medic's coverage with its form,
the enterprises without medical cover, and the health institutions. Forms call one service each (PRG)."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regions.scoping import get_visible_or_404, office_required, scope_for
from regions.views_base import form_submit, paginate

from . import services
from .forms import CoverageEndForm, HealthInstitutionForm, MedicCoverageForm, MedicForm, MedicSearchForm
from .models import Medic, MedicCoverage
from .selectors import enterprises_without_medical_cover, institution_list, medic_coverages, medic_list


def _submit(form, call) -> bool:
    """Validate the form and call the service with its fields as keyword arguments; True when it saved."""
    return form_submit(form, lambda data: call(**data))


@office_required
def medic_list_page(request):
    """The office's medics with how many small and large enterprises each covers today, and a form to add one."""
    status = 200
    if request.method == "POST":
        form = MedicForm(request.POST, user=request.user)
        if _submit(form, partial(services.medic_create, actor=request.user)):
            messages.success(request, _("Medic added."))
            return redirect("medics:list")
        status = 400
    else:
        form = MedicForm(user=request.user)
    search = MedicSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
    page, query = paginate(request, medic_list(fetched_by=request.user, search=q), settings.ROSTER_PAGE_SIZE)
    gaps = enterprises_without_medical_cover(fetched_by=request.user).count()
    return render(request, "medics/medic_list.html", {
        "form": form, "search": search, "page": page, "query": query, "gaps": gaps,
        "limit": settings.MEDIC_SMALL_ENTERPRISE_LIMIT,
    }, status=status)


@login_required
def medic_detail_page(request, pk: int):
    """One medic: the enterprises covered now and before, and the form that stations the medic in another."""
    medic = get_visible_or_404(Medic.objects.select_related("institution__region", "user"), request.user, pk=pk)
    can_manage = scope_for(request.user).manages_any_region
    status = 200
    form = None
    if can_manage:
        if request.method == "POST":
            form = MedicCoverageForm(request.POST, user=request.user, medic=medic)
            if _submit(form, partial(services.medic_coverage_create, actor=request.user, medic=medic)):
                messages.success(request, _("Coverage recorded."))
                return redirect("medics:detail", pk=medic.pk)
            status = 400
        else:
            form = MedicCoverageForm(user=request.user, medic=medic, initial={"start_date": timezone.localdate()})
    elif request.method == "POST":
        raise Http404
    coverages = list(medic_coverages(medic=medic, fetched_by=request.user))
    today = timezone.localdate()
    for coverage in coverages:
        coverage.is_current = coverage.is_active_on(today) or coverage.start_date > today
    return render(request, "medics/medic_detail.html", {
        "medic": medic, "coverages": coverages, "form": form, "today": today, "can_manage": can_manage,
        "end_form": CoverageEndForm(initial={"end_date": today}),
        "limit": settings.MEDIC_SMALL_ENTERPRISE_LIMIT,
    }, status=status)


@office_required
@require_POST
def coverage_end(request, pk: int):
    """End one coverage on its handover day; the medic's place is free from that day."""
    coverage = get_visible_or_404(MedicCoverage.objects.select_related("enterprise__region", "medic"),
                                  request.user, pk=pk)
    form = CoverageEndForm(request.POST)
    if _submit(form, partial(services.medic_coverage_end, actor=request.user, coverage=coverage)):
        messages.success(request, _("Coverage of %(enterprise)s ended.") % {"enterprise": coverage.enterprise.name})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("medics:detail", pk=coverage.medic_id)


@office_required
def coverage_gaps_page(request):
    """Stationed enterprises in scope that no medic covers, or large ones below the minimum number of medics."""
    page, query = paginate(request, enterprises_without_medical_cover(fetched_by=request.user),
                           settings.ROSTER_PAGE_SIZE)
    return render(request, "medics/coverage_gaps.html", {
        "page": page, "query": query, "minimum": settings.MEDICS_PER_LARGE_ENTERPRISE,
    })


@office_required
def institution_list_page(request):
    """The health institutions in scope and a form to register one."""
    status = 200
    if request.method == "POST":
        form = HealthInstitutionForm(request.POST, user=request.user)
        if _submit(form, partial(services.health_institution_create, actor=request.user)):
            messages.success(request, _("Health institution added."))
            return redirect("medics:institutions")
        status = 400
    else:
        form = HealthInstitutionForm(user=request.user)
    page, query = paginate(request, institution_list(fetched_by=request.user), settings.ROSTER_PAGE_SIZE)
    return render(request, "medics/institution_list.html", {"form": form, "page": page, "query": query},
                  status=status)
