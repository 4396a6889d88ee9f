"""The lists' share of region scoping: one FilterSet per list narrows the rows the user may see, and the same class
serves the HTML page (its form), the API (`DjangoFilterBackend`, which also documents the parameters) and the export.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Region


class StrictNullBooleanField(forms.NullBooleanField):
    """Yes, no or blank; anything else is an error rather than silently "no filter" (`overdue=bogus` is a 400)."""

    TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no")
    default_error_messages = {"invalid": forms.ChoiceField.default_error_messages["invalid_choice"]}

    def to_python(self, value):
        if isinstance(value, bool):
            return value
        if value in (None, ""):
            return None
        text = str(value).lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})


def flag_select(true_label, false_label) -> forms.Select:
    """The page's select for a yes/no filter: All, then the two answers, sent as true/false."""
    return forms.Select(choices=[("", _("All")), ("true", true_label), ("false", false_label)])


class FlagFilter(django_filters.BooleanFilter):
    """A yes/no filter (`true`/`false`, also `1`/`0`, `yes`/`no`); blank means either."""

    field_class = StrictNullBooleanField

    def __init__(self, *args, **kwargs):
        # A select that passes the raw value on: NullBooleanSelect would read a bad one as blank.
        kwargs.setdefault("widget", flag_select(_("Yes"), _("No")))
        super().__init__(*args, **kwargs)


@dataclass(frozen=True)
class Narrowing:
    label: str
    value: str
    without: str  # the page's query string without this filter (and the page number)


class ScopedFilterSet(django_filters.FilterSet):
    """A list's filters on top of `scoped_rows(user)`, the rows the request's user may see.

    Related choices are scoped too: their filters take `queryset=<callable of the request>`. `aliases` maps another
    accepted name of a parameter to the page's name (the API's `search` for the page's `q`): the schema lists both,
    the page's form shows one. With a bad value the page shows the form's errors over the unfiltered rows; the API
    answers 400 (the backend raises).
    """

    aliases: dict[str, str] = {}

    @classmethod
    def scoped_rows(cls, user) -> QuerySet:
        raise NotImplementedError

    def __init__(self, data=None, queryset=None, *, request, prefix=None):
        if queryset is None:
            queryset = self.scoped_rows(request.user)
        if data is not None:
            data = self._with_aliases(data)
        super().__init__(data, queryset, request=request, prefix=prefix)

    def _with_aliases(self, data):
        missing = [(alias, name) for alias, name in self.aliases.items() if alias in data and name not in data]
        if not missing:
            return data
        data = data.copy()
        for alias, name in missing:
            data.setlist(name, data.getlist(alias))
        return data

    def get_form_class(self):
        fields = {name: filter_.field for name, filter_ in self.filters.items() if name not in self.aliases}
        return type(f"{type(self).__name__}Form", (self._meta.form,), fields)

    @property
    def narrowed(self) -> list[Narrowing]:
        """The id filters (hidden on the page) that narrow the list, each with the link that drops it: the page says
        "Member: Li Ming" above the rows, as the export's caption does, instead of keeping the narrowing invisible."""
        if not self.is_bound or not self.is_valid():
            return []
        rows = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if field.widget.is_hidden and value is not None:
                params = self.request.GET.copy()
                for dropped in (name, "page"):
                    params.pop(dropped, None)
                rows.append(Narrowing(label=str(field.label), value=field.label_from_instance(value),
                                      without=params.urlencode()))
        return rows

    @property
    def rows(self) -> QuerySet:
        """The filtered rows for a page or an export; the unfiltered ones when a value is bad (the form says which)."""
        if self.is_bound and not self.is_valid():
            return self.queryset.all()
        return self.qs


class SearchableFilterSet(ScopedFilterSet):
    """A ScopedFilterSet with a text search: `q` on the page, also `search` for the API, matching any of
    `search_fields` (lookups, case-insensitively contained)."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="filter_search")
    search = django_filters.CharFilter(label=_("Search"), max_length=100, method="filter_search")

    aliases = {"search": "q"}

    def filter_search(self, queryset, name, value):
        matches = Q()
        for field in self.search_fields:
            matches |= Q(**{f"{field}__icontains": value})
        return queryset.filter(matches)


class RegionChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return "\u3000" * obj.depth + obj.name  # indented by depth, the tree in one select


def visible_regions(request) -> QuerySet:
    return Region.objects.visible_to(request.user).order_by("path")


class RegionFilter(django_filters.ModelChoiceFilter):
    """A region the user sees, meaning its whole subtree; `field_name` is the path to the row's region."""

    field_class = RegionChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", visible_regions)
        kwargs.setdefault("empty_label", _("All"))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(**{f"{self.field_name}__path__startswith": value.path})


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


def hidden_choice(label, queryset, **kwargs) -> django_filters.ModelChoiceFilter:
    """A choice over a big table (officers, enterprises, members): an id from a link or the API, never a <select>."""
    return django_filters.ModelChoiceFilter(label=label, queryset=queryset, widget=forms.HiddenInput, **kwargs)
