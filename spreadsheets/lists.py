"""A list's page and its spreadsheet from one FilterSet.

The page's own URL with `xlsx=1` added downloads every row the page lists under the same filters (all pages, not
the one on screen), in the page's order, scoped to the user as the page is; the sheet's caption says which filters
were on screen. A bad filter value gets the page with its errors (400), never a sheet of unfiltered rows.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regions.views_base import paginate

from .writing import Sheet, xlsx_response

EXPORT_PARAMETER = "xlsx"
# Rows fetched per round trip while the sheet streams: memory stays flat on a province-wide list.
EXPORT_CHUNK = 2000


@dataclass(frozen=True)
class ExportColumn:
    """One column of a list's sheet: its header (lazily translated) and how a row gives its cell."""

    header: Any
    value: Callable[[Any], Any]
    width: int = 16
    number_format: str | None = None


@dataclass(frozen=True)
class ListExport:
    """A list's sheet: its title (also the file's name) and its columns."""

    title: Any
    columns: Sequence[ExportColumn]

    def sheet(self, rows, *, caption: Sequence[str]) -> Sheet:
        return Sheet(
            title=str(self.title),
            headers=[str(column.header) for column in self.columns],
            rows=([column.value(row) for column in self.columns] for row in rows),
            widths=[column.width for column in self.columns],
            number_formats=[column.number_format for column in self.columns],
            caption=caption,
        )


def choice_label(choices) -> Callable[[str], str]:
    """A cell showing a choice's label rather than its stored code."""
    labels = dict(choices)
    return lambda value: str(labels.get(value, value or ""))


def _shown_value(field: forms.Field, value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value == getattr(field, "null_value", None) and getattr(field, "null_label", None) is not None:
        return str(field.null_label)
    if isinstance(field, forms.ModelChoiceField):
        return field.label_from_instance(value).strip()
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def filters_caption(filters) -> list[str]:
    """What the sheet holds: the filters that narrowed it (label and shown value), and when it was made."""
    chosen = []
    if filters.is_bound and filters.form.is_valid():
        for name, field in filters.form.fields.items():
            value = filters.form.cleaned_data.get(name)
            if value not in (None, "", [], ()):
                chosen.append(_("%(filter)s: %(value)s") % {"filter": field.label,
                                                             "value": _shown_value(field, value)})
    made = date_format(timezone.localtime(), "Y-m-d H:i")
    return [_("Filters: %(filters)s") % {"filters": _("; ").join(chosen) if chosen else _("none")},
            _("Exported %(when)s") % {"when": made}]


def export_query(request) -> str:
    """The query string of the page's download link: the filters on screen, without the page number."""
    params = request.GET.copy()
    params.pop("page", None)
    params[EXPORT_PARAMETER] = "1"
    return params.urlencode()


def list_page(request, filters, *, template: str, export: ListExport | None = None, context: dict | None = None,
              per_page: int | None = None):
    """The list page of `filters.rows`, paged, with its filter form; with `xlsx=1`, the same rows as a sheet."""
    context = dict(context or {})
    if export is not None and request.GET.get(EXPORT_PARAMETER):
        if filters.is_bound and not filters.is_valid():
            status = 400
        else:
            rows = filters.rows.iterator(chunk_size=EXPORT_CHUNK)
            stamp = timezone.localdate().isoformat()
            return xlsx_response(filename=f"{export.title}-{stamp}",
                                 sheets=[export.sheet(rows, caption=filters_caption(filters))])
    else:
        status = 200
    page, query = paginate(request, filters.rows, per_page or settings.ROSTER_PAGE_SIZE)
    if export is not None:
        context["export_query"] = export_query(request)
    context.setdefault("narrowed", filters.narrowed)
    return render(request, template, {"form": filters.form, "page": page, "query": query, **context},
                  status=status)
