"""The officer roster's filters, for the roster page, its export and /api/v1/officers/ alike, and the assignments'
for their roster page, its export and /api/v1/assignments/."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from regions.filters import FlagFilter, RegionFilter, SearchableFilterSet, hidden_choice

from .choices import OfficerStatus
from .models import Assignment, Officer
from .selectors import active_on, assignment_list, officer_list


class OfficerRegionFilter(RegionFilter):
    """An officer belongs to a region by their backing unit or by where they are stationed (dual management)."""

    def filter(self, queryset, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(Q(backing_unit__region__path__startswith=value.path)
                               | Q(assignments__commanding_region__path__startswith=value.path)).distinct()


class OfficerFilterSet(SearchableFilterSet):
    """Search, a region's subtree and the officer's status; the regions offered are the user's."""

    region = OfficerRegionFilter(label=_("Region"), field_name="backing_unit__region")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OfficerStatus.choices, empty_label=_("All"))

    search_fields = ("name", "phone", "backing_unit__name")

    class Meta:
        model = Officer
        fields = ()

    @classmethod
    def scoped_rows(cls, user) -> QuerySet:
        return officer_list(fetched_by=user)


def visible_officers(request) -> QuerySet:
    return Officer.objects.visible_to(request.user).order_by("name", "id")


def visible_enterprises(request) -> QuerySet:
    return Enterprise.objects.visible_to(request.user).order_by("name", "id")


class AssignmentFilterSet(SearchableFilterSet):
    """Assignments by a search over officer and enterprise, officer, enterprise, commanding region (its subtree) and
    whether active today; the officers, enterprises and regions accepted are the user's."""

    officer = hidden_choice(_("Officer"), visible_officers)
    enterprise = hidden_choice(_("Enterprise"), visible_enterprises)
    commanding_region = RegionFilter(label=_("Region"), field_name="commanding_region")
    active = FlagFilter(label=_("Active"), method="filter_active")

    search_fields = ("officer__name", "officer__phone", "enterprise__name")

    class Meta:
        model = Assignment
        fields = ()

    @classmethod
    def scoped_rows(cls, user) -> QuerySet:
        return assignment_list(fetched_by=user)

    def filter_active(self, queryset, name, value):
        today = active_on(timezone.localdate())
        return queryset.filter(today) if value else queryset.exclude(today)
