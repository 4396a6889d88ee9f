"""The problem ledger's filters, for the ledger page, its export and /api/v1/problems/ alike, and for the dashboard's
problem rows on top of one figure's problems."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.choices import RegionLevel
from regions.filters import FlagFilter, SearchableFilterSet, flag_select
from regions.models import Department

from .choices import OPEN_STATUSES, ProblemCategory, ProblemState, ProblemStatus
from .forms import department_label
from .models import Problem
from .selectors import department_options, problem_ledger

NOT_DISPATCHED = "none"  # `department=none`: the problems no department has yet


class DepartmentChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return department_label(obj)


class DepartmentFilter(django_filters.ModelChoiceFilter):
    field_class = DepartmentChoiceField


def visible_departments(request) -> QuerySet:
    return Department.objects.visible_to(request.user).select_related("region").order_by("region__path", "name")


class StateFilter(django_filters.ChoiceFilter):
    """Open problems (still someone's work), closed ones (resolved or confirmed), or all of them."""

    def filter(self, qs, value):
        if value == ProblemState.OPEN:
            return qs.filter(status__in=OPEN_STATUSES)
        if value == ProblemState.CLOSED:
            return qs.exclude(status__in=OPEN_STATUSES)
        return qs


class ProblemFilterForm(forms.Form):
    """Without a `state` (nor a `status`, which says it more precisely), the FilterSet's `default_state`; the form
    then shows it as chosen, and an export's caption names it."""

    default_state = ""  # every state, and nothing to name in a caption

    def clean(self):
        cleaned = super().clean()
        if self.default_state and not cleaned.get("state") and not cleaned.get("status"):
            cleaned["state"] = self.default_state
        return cleaned


class ProblemFilterSet(SearchableFilterSet):
    """Filters of a list of problems (the dashboard's problem rows); the department choices are the departments the
    user sees. Every state unless asked: a figure's rows have already chosen theirs."""

    state = StateFilter(label=_("Open or closed"), choices=ProblemState.choices, empty_label=None)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProblemStatus.choices, empty_label=_("All"))
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ProblemCategory.choices,
                                           empty_label=_("All"))
    tier = django_filters.ChoiceFilter(label=_("Handled at"), field_name="handling_region__level",
                                       choices=RegionLevel.choices, empty_label=_("All"))
    department = DepartmentFilter(label=_("Department"), queryset=visible_departments, empty_label=_("All"),
                                  null_label=_("Not dispatched"), null_value=NOT_DISPATCHED)
    overdue = FlagFilter(label=_("Overdue"), method="filter_overdue",
                         widget=flag_select(_("Overdue only"), _("Not overdue")))

    search_fields = ("description", "enterprise__name")

    class Meta:
        model = Problem
        fields = ()
        form = ProblemFilterForm

    @classmethod
    def scoped_rows(cls, user) -> QuerySet:
        return problem_ledger(fetched_by=user)

    @property
    def form(self):
        """The form, its department select listing what a picker lists (selectors.department_options: a province
        office's own departments, not its 2,111, whose options took most of the page's time) and the one chosen;
        any department the user sees is still accepted, from a link or the API. Read when rendered, not to filter."""
        if not hasattr(self, "_form"):
            field = super().form.fields["department"]
            chosen = str(self._form.data.get("department", "")) if self.is_bound else ""
            fetched = {}

            def listed_choices():  # the widget reads its choices more than once: fetched once
                if "listed" not in fetched:
                    listed = department_options(field.queryset)
                    if chosen.isdigit() and int(chosen) not in {d.pk for d in listed}:
                        listed += list(field.queryset.filter(pk=chosen))
                    fetched["listed"] = listed
                return [("", field.empty_label), (NOT_DISPATCHED, field.null_label),
                        *((d.pk, department_label(d)) for d in fetched["listed"])]

            field.widget.choices = listed_choices
        return self._form

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class LedgerFilterForm(ProblemFilterForm):
    default_state = ProblemState.OPEN


class ProblemLedgerFilterSet(ProblemFilterSet):
    """The ledger's filters, for its page, its export and /api/v1/problems/: the open problems unless `state` (or a
    `status`) asks for the closed ones. Always bound, so the default holds on a bare /problems/ too."""

    class Meta(ProblemFilterSet.Meta):
        form = LedgerFilterForm

    def __init__(self, data=None, queryset=None, *, request, prefix=None):
        super().__init__(QueryDict() if data is None else data, queryset, request=request, prefix=prefix)
