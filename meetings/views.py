"""Pages of consultation meetings: the list, a meeting with its rectification list, recording a meeting, updating
an item, and the office's list of rectification items (overdue ones by default at their own address) and of
branches with no meeting this week."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.quotas import iso_week_label
from officers.models import Officer
from regions.scoping import office_required, scope_for
from regions.views_base import paginate, service_errors_on_form
from spreadsheets.lists import list_page

from . import services
from .exports import RECTIFICATION_LIST_EXPORT
from .filters import RectificationItemFilterSet
from .forms import (
    AttendeeFormSet,
    ItemFormSet,
    ItemUpdateForm,
    MeetingForm,
    WeekFilterForm,
    officer_choices,
)
from .selectors import (
    branches_without_meeting,
    iso_week,
    meeting_detail,
    meeting_list,
    overdue_items,
    parse_iso_week,
    rectification_item_detail,
)


def _week(request):
    """The ISO week asked for (?week=2026-W07), its form, and its Monday (None: every week)."""
    form = WeekFilterForm(request.GET or None)
    monday = parse_iso_week(request.GET.get("week"))
    if request.GET.get("week") and monday is None:
        form.is_valid()
        form.add_error("week", _("Choose a week."))
    return form, monday


@login_required
def meeting_list_page(request):
    """The meetings in scope, newest first; an office also sees its overdue items and branches without a meeting."""
    form, monday = _week(request)
    page, query = paginate(request, meeting_list(fetched_by=request.user, week=monday), settings.ROSTER_PAGE_SIZE)
    context = {"form": form, "page": page, "query": query}
    if scope_for(request.user).is_office:
        context["overdue_count"] = overdue_items(fetched_by=request.user).count()
        context["no_meeting_count"] = branches_without_meeting(fetched_by=request.user).count()
    return render(request, "meetings/meeting_list.html", context)


@login_required
def meeting_detail_page(request, pk: int):
    meeting = meeting_detail(fetched_by=request.user, pk=pk)
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting})


def _picked_officers(user, formsets) -> dict[int, Officer]:
    picked = {form.cleaned_data.get("officer") for formset in formsets for form in formset
              if form.cleaned_data.get("officer")}
    if not picked:
        return {}
    return {o.pk: o for o in Officer.objects.visible_to(user).filter(pk__in=picked).select_related("user")}


def _attendees(attendees, officers) -> list[services.AttendeeInput]:
    rows = []
    for form in attendees:
        officer = officers.get(form.cleaned_data.get("officer"))
        name = form.cleaned_data.get("name", "").strip() or (officer.name if officer else "")
        if name:
            rows.append(services.AttendeeInput(kind=form.cleaned_data["kind"], name=name,
                                               user=officer.user if officer else None))
    return rows


def _items(items, officers) -> list[services.ItemInput]:
    rows = []
    for form in items:
        data = form.cleaned_data
        if not data.get("description", "").strip():
            continue
        officer = officers.get(data.get("officer"))
        rows.append(services.ItemInput(
            description=data["description"], owner_name=data.get("owner_name", "").strip() or (
                officer.name if officer else ""),
            due_on=data.get("due_on"), owner=officer.user if officer else None))
    return rows


@login_required
def meeting_new_page(request):
    """Record a meeting on a phone: the meeting, who attended (formset), the rectification list (formset)."""
    officers = officer_choices(request.user)
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST, user=request.user)
        attendees = AttendeeFormSet(request.POST, prefix="attendee", form_kwargs={"officers": officers})
        items = ItemFormSet(request.POST, prefix="item", form_kwargs={"officers": officers})
        if form.is_valid() and attendees.is_valid() and items.is_valid():
            picked = _picked_officers(request.user, (attendees, items))
            try:
                meeting = services.meeting_record(
                    actor=request.user, attendees=_attendees(attendees, picked), items=_items(items, picked),
                    **form.cleaned_data)
            except ValidationError as error:
                service_errors_on_form(form, error)
            else:
                messages.success(request, _("Meeting of %(day)s recorded.") % {"day": meeting.held_on.isoformat()})
                return redirect("meetings:detail", pk=meeting.pk)
        status = 400
    else:
        initial = {key: request.GET[key] for key in ("branch", "enterprise") if request.GET.get(key, "").isdigit()}
        form = MeetingForm(initial=initial, user=request.user)
        attendees = AttendeeFormSet(prefix="attendee", form_kwargs={"officers": officers})
        items = ItemFormSet(prefix="item", form_kwargs={"officers": officers})
    return render(request, "meetings/meeting_form.html",
                  {"form": form, "attendees": attendees, "items": items}, status=status)


@login_required
def item_page(request, pk: int):
    """One rectification item with its history; those who may update it get the form (closing needs evidence)."""
    item = rectification_item_detail(fetched_by=request.user, pk=pk)
    may_update = services.may_update_item(request.user, item)
    status = 200
    if request.method == "POST":
        form = ItemUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.rectification_item_update(actor=request.user, item=item, **form.cleaned_data)
            except ValidationError as error:
                service_errors_on_form(form, error)
            else:
                messages.success(request, _("Rectification item updated."))
                return redirect("meetings:detail", pk=item.meeting_id)
        status = 400
    else:
        form = ItemUpdateForm(initial={"status": item.status, "evidence": item.evidence})
    return render(request, "meetings/item.html", {"item": item, "form": form, "may_update": may_update},
                  status=status)


def _item_list(request, data):
    filters = RectificationItemFilterSet(data, request=request)
    return list_page(request, filters, template="meetings/item_list.html", export=RECTIFICATION_LIST_EXPORT,
                     context={"this_week": iso_week_label(timezone.localdate())})


@office_required
def item_list_page(request):
    """The office's rectification items (整改事项) in scope, soonest due first, filtered and paged; `xlsx=1`
    downloads them."""
    return _item_list(request, request.GET or None)


@office_required
def overdue_items_page(request):
    """The same list, overdue items only unless the query string says otherwise (the meeting list's banner links
    here): past their due date and not done, the longest overdue first."""
    data = request.GET.copy()
    data.setdefault("overdue", "true")
    return _item_list(request, data)


@login_required
def no_meeting_page(request):
    """Branches in scope that held no consultation meeting in the chosen ISO week (default: this week)."""
    form, monday = _week(request)
    monday = monday or iso_week(timezone.localdate())[0]
    page, query = paginate(request, branches_without_meeting(fetched_by=request.user, week=monday),
                           settings.ROSTER_PAGE_SIZE)
    return render(request, "meetings/no_meeting.html", {"form": form, "page": page, "query": query,
                                                        "week": iso_week(monday)})
