"""The visits list's filters, for the office's visits page, its export and /api/v1/branch-visits/ alike."""


import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

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

from .models import Branch, BranchMember, BranchVisit
from .selectors import visit_list


def visible_branches(request) -> QuerySet:
    return Branch.objects.visible_to(request.user).order_by("name", "id")


def visible_members(request) -> QuerySet:
    return BranchMember.objects.visible_to(request.user).order_by("name", "id")


class VisitFilterSet(SearchableFilterSet):
    """Search, a region's subtree, an ISO week or days, whether issues were found and whether they went to the
    problem ledger; a branch, member, officer or enterprise by id (from a link). Every choice is the user's."""

    region = PlacesRegionFilter(label=_("Region"), paths=("enterprise__region", "branch__region"))
    week = IsoWeekFilter(label=_("Week"), field_name="visited_on")
    visited_from = django_filters.DateFilter(label=_("Visited from"), field_name="visited_on", lookup_expr="gte",
                                             widget=DateInput)
    visited_to = django_filters.DateFilter(label=_("Visited to"), field_name="visited_on", lookup_expr="lte",
                                           widget=DateInput)
    issues = FlagFilter(label=_("Issues found"), method="filter_issues",
                        widget=flag_select(_("With issues"), _("No issues")))
    in_ledger = FlagFilter(label=_("In the problem ledger"), field_name="problem", lookup_expr="isnull",
                           exclude=True)
    branch = hidden_choice(_("Branch"), visible_branches)
    member = hidden_choice(_("Member"), visible_members)
    officer = hidden_choice(_("Officer"), visible_officers, field_name="member__officer")
    enterprise = hidden_choice(_("Enterprise"), visible_enterprises)

    search_fields = ("enterprise__name", "member__name", "branch__name", "checked", "issues_found")

    class Meta:
        model = BranchVisit
        fields = ()

    @classmethod
    def scoped_rows(cls, user) -> QuerySet:
        return visit_list(fetched_by=user)

    def filter_issues(self, queryset, name, value):
        return queryset.exclude(issues_found="") if value else queryset.filter(issues_found="")
