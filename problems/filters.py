"""The problem ledger's filters, for the ledger page, its export and /api/v1/problems/ alike, and for the dashboard's
problem rows on top of one figure's problems."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.choices import RegionLevel
from regions.filters import FlagFilter, SearchableFilterSet, flag_select
from regions.models import Department

from .choices import OPEN_STATUSES, ProblemCategory, ProblemStatus
from .forms import department_label
from .models import Problem
from .selectors import problem_ledger

NOT_DISPATCHED = "none"  # `department=none`: the problems no department has yet


class DepartmentChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return department_label(obj)


class DepartmentFilter(django_filters.ModelChoiceFilter):
    field_class = DepartmentChoiceField


def visible_departments(request) -> QuerySet:
    return Department.objects.visible_to(request.user).select_related("region").order_by("region__path", "name")


class ProblemFilterSet(SearchableFilterSet):
    """The ledger's filters; the department choices are the departments the user sees."""

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

    @classmethod
    def scoped_rows(cls, user) -> QuerySet:
        return problem_ledger(fetched_by=user)

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
