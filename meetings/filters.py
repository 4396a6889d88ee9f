"""The rectification list's filters, for the office's rectification items page (and its overdue view), its export
and /api/v1/rectification-items/ alike."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.filters import visible_branches
from liaison_portal.widgets import DateInput
from officers.filters import visible_enterprises, visible_officers
from regions.filters import (
    FlagFilter,
    IsoWeekFilter,
    PlacesRegionFilter,
    SearchableFilterSet,
    flag_select,
    hidden_choice,
)

from .choices import OPEN_STATUSES, ItemStatus
from .models import Meeting, RectificationItem
from .selectors import rectification_items


def visible_meetings(request) -> QuerySet:
    return Meeting.objects.visible_to(request.user).select_related("branch", "enterprise").order_by("-held_on", "-id")


class RectificationItemFilterSet(SearchableFilterSet):
    """Search, status, overdue, the due date (days or an ISO week), a region's subtree (the meeting's office or its
    enterprise's region), the responsible person by name; a meeting, branch, enterprise or owning officer by id
    (from a link). Every choice is the user's."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ItemStatus.choices, empty_label=_("All"))
    overdue = FlagFilter(label=_("Overdue"), method="filter_overdue",
                         widget=flag_select(_("Overdue only"), _("Not overdue")))
    region = PlacesRegionFilter(label=_("Region"), paths=("meeting__region", "meeting__enterprise__region"))
    due_week = IsoWeekFilter(label=_("Due in week"), field_name="due_on")
    due_from = django_filters.DateFilter(label=_("Due from"), field_name="due_on", lookup_expr="gte",
                                         widget=DateInput)
    due_to = django_filters.DateFilter(label=_("Due by"), field_name="due_on", lookup_expr="lte", widget=DateInput)
    owner_name = django_filters.CharFilter(label=_("Responsible person"), max_length=64, lookup_expr="icontains")
    meeting = hidden_choice(_("Meeting"), visible_meetings)
    branch = hidden_choice(_("Joint Party branch"), visible_branches, field_name="meeting__branch")
    enterprise = hidden_choice(_("Enterprise"), visible_enterprises, field_name="meeting__enterprise")
    officer = hidden_choice(_("Officer"), visible_officers, field_name="owner__officer")

    search_fields = ("description", "owner_name", "evidence", "meeting__branch__name", "meeting__enterprise__name")

    class Meta:
        model = RectificationItem
        fields = ()

    @classmethod
    def scoped_rows(cls, user) -> QuerySet:
        return rectification_items(fetched_by=user)

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
