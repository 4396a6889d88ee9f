"""Pages of officer care: the office's lists of who is overdue for rest, a health check or insurance, and one
officer's care record with the forms that keep it (each form calls one service, then redirects)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from regions.scoping import get_visible_or_404, office_required
from regions.views_base import paginate, service_errors_on_form

from . import services
from .forms import AllowanceClaimForm, AllowancePayForm, CareListForm, HealthCheckForm, InsuranceForm, RestForm
from .models import Allowance, Officer
from .selectors import CARE_LISTS, care_counts, officer_care_record, rest_window

CARE_LIST_TITLES = {
    "rest": gettext_lazy("Overdue for rest"),
    "health": gettext_lazy("Health check due"),
    "insurance": gettext_lazy("Without insurance"),
}


@office_required
def care_overview_page(request):
    """An office's officers who are overdue for rest, due a health check after their posting, or uninsured."""
    form = CareListForm(request.GET or None)
    shown = (form.cleaned_data["list"] if form.is_bound and form.is_valid() else "") or "rest"
    page, query = paginate(request, CARE_LISTS[shown](fetched_by=request.user), settings.ROSTER_PAGE_SIZE)
    counts = care_counts(fetched_by=request.user)
    tabs = [{"name": name, "title": title, "count": counts[name]} for name, title in CARE_LIST_TITLES.items()]
    first, last = rest_window()
    return render(request, "officers/care_overview.html", {
        "page": page, "query": query, "shown": shown, "tabs": tabs, "title": CARE_LIST_TITLES[shown],
        "window_days": settings.OFFICER_REST_WINDOW_DAYS, "rest_days": settings.OFFICER_REST_DAYS_PER_WINDOW,
        "window_first": first, "window_last": last,
    })


@login_required
def my_care_page(request):
    """The signed-in officer's own care record."""
    officer = Officer.objects.filter(user=request.user).only("pk").first()
    if officer is None:
        raise Http404
    return redirect("officers:officer-care", pk=officer.pk)


# Each care form: its class, the service it calls, whether the officer may use it on their own record, and the
# message shown once saved.
CARE_FORMS = {
    "insurance": (InsuranceForm, services.officer_insurance_record, False, gettext_lazy("Insurance policy recorded.")),
    "allowance": (AllowanceClaimForm, services.allowance_claim, True, gettext_lazy("Allowance claimed.")),
    "pay": (AllowancePayForm, services.allowance_pay, False, gettext_lazy("Payment recorded.")),
    "rest": (RestForm, services.rest_period_record, True, gettext_lazy("Rest recorded.")),
    "health": (HealthCheckForm, services.health_check_record, False, gettext_lazy("Health check recorded.")),
}


@login_required
def officer_care_page(request, pk: int):
    """One officer's care: insurance, allowances, rest, health checks, what is outstanding, and the forms."""
    officer = get_visible_or_404(Officer.objects.select_related("backing_unit__region", "user"), request.user, pk=pk)
    is_self = officer.user_id == request.user.pk
    can_care = services.cares_for(actor=request.user, officer=officer)
    allowed = {name for name, (_form, _service, self_ok, _done) in CARE_FORMS.items()
               if can_care or (is_self and self_ok)}
    unpaid = Allowance.objects.visible_to(request.user).filter(officer=officer, paid_on__isnull=True)
    today = timezone.localdate()
    initial = {"start_date": today, "end_date": today, "done_on": today, "paid_on": today,
               "month": today.replace(day=1)}

    def make(name, data=None):
        form_class = CARE_FORMS[name][0]
        extra = {"unpaid": unpaid} if name == "pay" else {}
        return form_class(data, prefix=name, initial=None if data else initial, **extra)

    forms = {name: make(name) for name in allowed}
    status = 200
    if request.method == "POST":
        name = request.POST.get("form", "")
        if name not in allowed:
            raise Http404
        form = forms[name] = make(name, request.POST)
        _form_class, service, _self_ok, done = CARE_FORMS[name]
        if form.is_valid():
            target = {} if name == "pay" else {"officer": officer}
            try:
                service(actor=request.user, **target, **form.cleaned_data)
            except ValidationError as error:
                service_errors_on_form(form, error)
            else:
                messages.success(request, done)
                return redirect("officers:officer-care", pk=officer.pk)
        status = 400
    record = officer_care_record(officer=officer, fetched_by=request.user, day=today)
    return render(request, "officers/officer_care.html", {
        "officer": officer, "record": record, "forms": forms, "can_care": can_care, "is_self": is_self,
        "today": today, "window_days": settings.OFFICER_REST_WINDOW_DAYS,
        "rest_days": settings.OFFICER_REST_DAYS_PER_WINDOW,
    }, status=status)
