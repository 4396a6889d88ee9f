"""Template helpers of the dashboards: the link behind a figure, a signed change, a number with its unit."""

from django import template

from ..figures import cached_reverse
from ..figures import figure_url as _figure_url
from ..tables import category_label, industry_label, report_status_label, status_label

register = template.Library()


@register.simple_tag
def figure_url(key, region, day):
    """The rows behind figure `key` of `region` on `day` (see dashboards.figures.FIGURES)."""
    return _figure_url(key, region=region, day=day)


@register.simple_tag
def link(name, *args):
    """{% url %} for the links repeated in a table's rows, remembered (see figures.cached_reverse)."""
    return cached_reverse(name, *args)


@register.filter
def figure(value, rate=False):
    """A figure as shown on a tile: thousands separated, a rate with one decimal and %, '—' when unknown."""
    if value is None or value == "":
        return "—"
    if rate:
        return f"{value:.1f}%"
    return f"{value:,}"


@register.filter
def signed(value, rate=False):
    """A change since the day before: +12, −3, ±0 (percentage points for a rate)."""
    if value is None:
        return ""
    if value == 0:
        return "±0"
    sign = "+" if value > 0 else "−"
    magnitude = abs(value)
    return f"{sign}{magnitude:.1f}" if rate else f"{sign}{magnitude:,}"


@register.filter
def category(code):
    return category_label(code)


@register.filter
def industry(code):
    return industry_label(code)


@register.filter
def problem_status(code):
    return status_label(code)


@register.filter
def report_status(enterprise):
    return report_status_label(enterprise)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
