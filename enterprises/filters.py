"""The enterprise roster's filters, for the roster page and /api/v1/enterprises/ alike."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from regions.filters import FlagFilter, RegionFilter, SearchableFilterSet

from .choices import EnterpriseKind, Industry, SizeClass
from .models import Enterprise
from .selectors import enterprise_list


class EnterpriseFilterSet(SearchableFilterSet):
    """Search, a region's subtree and the enterprise's kind, industry, size and key status; regions are the user's."""

    region = RegionFilter(label=_("Region"), field_name="region")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EnterpriseKind.choices, empty_label=_("All"))
    industry = django_filters.ChoiceFilter(label=_("Industry"), choices=Industry.choices, empty_label=_("All"))
    size_class = django_filters.ChoiceFilter(label=_("Size class"), choices=SizeClass.choices, empty_label=_("All"))
    is_key = FlagFilter(label=_("Key enterprise"))

    search_fields = ("name", "credit_code", "contact_name")

    class Meta:
        model = Enterprise
        fields = ()

    @classmethod
    def scoped_rows(cls, user) -> QuerySet:
        return enterprise_list(fetched_by=user)
