"""The filters of the two report lists, each serving its page, its export and its API endpoint alike: the daily
reports (/reports/, /api/v1/reports/) and who has not reported on a day (/reports/missing/,
/api/v1/reports/missing/)."""

from datetime import date

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison_portal.widgets import DateInput
from officers.filters import visible_enterprises, visible_officers
from officers.models import Assignment
from regions.filters import FlagFilter, RegionFilter, SearchableFilterSet, flag_select, hidden_choice
from regions.models import Region

from .clock import office_day
from .models import DailyReport
from .selectors import missing_assignments, report_list


class ReportFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        first, last = data.get("day_from"), data.get("day_to")
        if first and last and last < first:
            self.add_error("day_to", _("The last day cannot be before the first day."))
        return data


class ReportFilterSet(SearchableFilterSet):
    """Reports by day or a range of days, a region's subtree, enterprise, officer, late or not, and a search over
    the officer's and the enterprise's names; the enterprises, officers and regions accepted are the user's."""

    day = django_filters.DateFilter(label=_("Day"), field_name="day", widget=DateInput())
    day_from = django_filters.DateFilter(label=pgettext_lazy("date range", "From"), field_name="day",
                                         lookup_expr="gte", widget=DateInput())
    day_to = django_filters.DateFilter(label=pgettext_lazy("date range", "To"), field_name="day",
                                       lookup_expr="lte", widget=DateInput())
    region = RegionFilter(label=_("Region"), field_name="region")
    enterprise = hidden_choice(_("Enterprise"), visible_enterprises)
    officer = hidden_choice(_("Officer"), visible_officers)
    late = FlagFilter(label=_("Late"), field_name="is_late", widget=flag_select(_("Late only"), _("On time")))

    search_fields = ("officer__name", "enterprise__name")

    class Meta:
        model = DailyReport
        form = ReportFilterForm
        fields = ()

    @classmethod
    def scoped_rows(cls, user) -> QuerySet:
        return report_list(fetched_by=user).select_related("region")


class MissingReporterFilterForm(forms.Form):
    def clean_day(self):
        day = self.cleaned_data.get("day")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("A day after today has no missing reports yet."), code="future")
        return day


class MissingReporterFilterSet(SearchableFilterSet):
    """Who owed a report on a day and filed none, by a region's subtree (the commanding office's, as
    `missing_assignments(region=...)` narrows for the dashboards) and a search over officer, phone and enterprise.
    Without a day, the office's day (clock.office_day: yesterday until today's reports fall due)."""

    day = django_filters.DateFilter(label=_("Day"), method="on_day", widget=DateInput(), initial=office_day,
                                    help_text=_("The day to check; when left out, the latest day whose reports are "
                                                "due (yesterday until the due time, then today)."))
    region = RegionFilter(label=_("Region"), field_name="commanding_region")

    search_fields = ("officer__name", "officer__phone", "enterprise__name")

    class Meta:
        model = Assignment
        form = MissingReporterFilterForm
        fields = ()

    @classmethod
    def scoped_rows(cls, user) -> QuerySet:
        """The office's day's; a `day` filter swaps in that day's rows from the same selector."""
        return missing_assignments(day=office_day(), fetched_by=user)

    def filter_queryset(self, queryset):
        # Who is missing depends on the day, so the day picks the rows (the selector's rule, never a copy of it)
        # before the other filters narrow them.
        chosen = self.form.cleaned_data.get("day")
        if chosen and chosen != office_day():
            queryset = missing_assignments(day=chosen, fetched_by=self.request.user)
        return super().filter_queryset(queryset)

    def on_day(self, queryset, name, value):
        return queryset  # applied first, in filter_queryset

    def _chosen(self, name: str):
        return self.form.cleaned_data.get(name) if self.is_valid() else None

    @property
    def chosen_day(self) -> date:
        """The day the rows are for: the chosen one, else (also when a value is bad) the office's day."""
        return self._chosen("day") or office_day()

    @property
    def chosen_region(self) -> Region | None:
        return self._chosen("region")
