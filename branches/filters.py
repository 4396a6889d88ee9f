"""The visits list's filters, for the office's visits page, its export and /api/v1/branch-visits/ alike.

The rectification list (meetings) shares the pieces that are not about visits: an ISO week, a region matched through
every place a row has (as scoping matches it), an id filter kept off the page's form, and what such ids narrow.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from liaison_portal.widgets import DateInput
from officers.filters import visible_enterprises, visible_officers
from regions.filters import FlagFilter, RegionFilter, SearchableFilterSet, flag_select

from .models import Branch, BranchMember, BranchVisit
from .selectors import visit_list


@dataclass(frozen=True)
class IsoWeek:
    """An ISO week, Monday to Sunday, shown as the week ("2026-W07") so the export's caption reads as the form."""

    monday: date

    def __str__(self) -> str:
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


class IsoWeekField(forms.CharField):
    """An ISO week as the browser's week input sends it ("2026-W07"); anything else is an error."""

    default_error_messages = {"invalid": _("Enter a week such as 2026-W07.")}
    widget = forms.TextInput(attrs={"type": "week", "placeholder": "2026-W07"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            year, week = value.upper().split("-W")
            return IsoWeek(date.fromisocalendar(int(year), int(week), 1))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class IsoWeekFilter(django_filters.CharFilter):
    """Rows whose `field_name` (a date) falls in the ISO week, Monday to Sunday."""

    field_class = IsoWeekField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("An ISO week, such as 2026-W07 (Monday to Sunday)."))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(**{f"{self.field_name}__range": (value.monday, value.sunday)})


class PlacesRegionFilter(RegionFilter):
    """A region the user sees (its subtree), matched by any of a row's places (`paths`, each a lookup to a region)
    as scoping matches them: a visit by the branch's organising office or by the visited enterprise's region."""

    def __init__(self, *args, paths: tuple[str, ...], **kwargs):
        kwargs.setdefault("field_name", paths[0])
        super().__init__(*args, **kwargs)
        self.paths = paths

    def filter(self, queryset, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(reduce(or_, (Q(**{f"{path}__path__startswith": value.path}) for path in self.paths)))


@dataclass(frozen=True)
class Narrowing:
    label: str
    value: str
    without: str  # the page's query string without this filter (and the page number)


def narrowed_by(filters, request) -> list[Narrowing]:
    """The id filters (hidden on the page) that narrow the list, each with the link that drops it: the page says
    "Member: Li Ming" above the rows, as the export's caption does, instead of keeping the narrowing invisible."""
    if not filters.is_bound or not filters.is_valid():
        return []
    rows = []
    for name, field in filters.form.fields.items():
        value = filters.form.cleaned_data.get(name)
        if field.widget.is_hidden and value is not None:
            params = request.GET.copy()
            for dropped in (name, "page"):
                params.pop(dropped, None)
            rows.append(Narrowing(label=str(field.label), value=field.label_from_instance(value),
                                  without=params.urlencode()))
    return rows


def hidden_choice(label, queryset, **kwargs) -> django_filters.ModelChoiceFilter:
    """A choice over a big table (officers, enterprises, members): an id from a link or the API, never a <select>."""
    return django_filters.ModelChoiceFilter(label=label, queryset=queryset, widget=forms.HiddenInput, **kwargs)


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
