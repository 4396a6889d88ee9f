"""The headline figures: what each tile shows, which summary column it reads, and the rows its number links to.

Shared by the dashboard page, its spreadsheets and the daily bulletin, so a figure means the same everywhere.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import Region
from summaries.models import RegionDaySummary


@dataclass(frozen=True)
class FigureSpec:
    key: str  # a RegionDaySummary column or property
    label: str
    group: str
    # Where the rows behind the number are: (view name, query) with {day} and {region} filled in.
    target: str
    query: tuple[tuple[str, str], ...] = ()
    rate: bool = False
    # Whether a rise is good news (green), bad news (red) or neither (None).
    rise_is_good: bool | None = None
    # The spreadsheet column heading when it differs from the label (a rate says it is in percent).
    column: str | None = None

    @property
    def heading(self) -> str:
        return str(self.column or self.label)


REPORTING = gettext_lazy("Daily reports")
RESUMPTION = gettext_lazy("Production")
EMPLOYMENT = gettext_lazy("Employment")
PREVENTION = gettext_lazy("Epidemic prevention")
PROBLEMS = gettext_lazy("Problems")
BRANCHES = gettext_lazy("Party branches")

GROUPS = (REPORTING, RESUMPTION, EMPLOYMENT, PREVENTION, PROBLEMS, BRANCHES)
# Pages that take the region and day as query parameters rather than in their path.
QUERY_TARGETS = {"reports:missing": "day", "branches:region-compliance": "week"}


def _reports(status):
    return ("dashboards:reports", (("status", status),))


def _enterprises(show):
    return ("dashboards:enterprises", (("show", show),))


def _problems(show):
    return ("dashboards:problems", (("show", show),))


def _spec(key, label, group, link, **options) -> FigureSpec:
    target, query = link
    return FigureSpec(key=key, label=label, group=group, target=target, query=query, **options)


FIGURES = (
    _spec("reporting_rate", gettext_lazy("Reporting rate"), REPORTING, _reports("expected"), rate=True,
          rise_is_good=True, column=gettext_lazy("Reporting rate (%)")),
    _spec("reports_expected", gettext_lazy("Reports expected"), REPORTING, _reports("expected")),
    _spec("reports_filed", gettext_lazy("Reports filed"), REPORTING, _reports("filed"), rise_is_good=True),
    _spec("reports_missing", gettext_lazy("Reports missing"), REPORTING, ("reports:missing", ()),
          rise_is_good=False),
    _spec("reports_late", gettext_lazy("Filed late"), REPORTING, _reports("late"), rise_is_good=False),
    _spec("resumption_rate", gettext_lazy("Resumption rate"), RESUMPTION, _enterprises("stationed"), rate=True,
          rise_is_good=True, column=gettext_lazy("Resumption rate (%)")),
    _spec("enterprises_stationed", gettext_lazy("Enterprises stationed"), RESUMPTION, _enterprises("stationed")),
    _spec("enterprises_resumed", gettext_lazy("Enterprises resumed"), RESUMPTION, _enterprises("resumed"),
          rise_is_good=True),
    _spec("workers_on_duty", gettext_lazy("Workers on duty"), RESUMPTION, _enterprises("reporting"),
          rise_is_good=True),
    _spec("workers_missing", gettext_lazy("Workers still missing"), RESUMPTION, _enterprises("reporting"),
          rise_is_good=False),
    _spec("open_positions", gettext_lazy("Open positions"), EMPLOYMENT, _enterprises("hiring")),
    _spec("enterprises_short_of_masks", gettext_lazy("Short of masks"), PREVENTION, _enterprises("short_of_masks"),
          rise_is_good=False),
    _spec("enterprises_with_suspected_cases", gettext_lazy("Enterprises with suspected cases"), PREVENTION,
          _enterprises("suspected"), rise_is_good=False),
    _spec("suspected_cases", gettext_lazy("Suspected cases"), PREVENTION, _enterprises("suspected"),
          rise_is_good=False),
    _spec("problems_new", gettext_lazy("New problems"), PROBLEMS, _problems("new")),
    _spec("problems_open", gettext_lazy("Open problems"), PROBLEMS, _problems("open"), rise_is_good=False),
    _spec("problems_overdue", gettext_lazy("Overdue problems"), PROBLEMS, _problems("overdue"), rise_is_good=False),
    _spec("problems_escalated", gettext_lazy("Escalated, unsolved"), PROBLEMS, _problems("escalated"),
          rise_is_good=False),
    _spec("problems_resolved", gettext_lazy("Resolved that day"), PROBLEMS, _problems("resolved"), rise_is_good=True),
    _spec("visits_logged", gettext_lazy("Branch visits"), BRANCHES, ("branches:region-compliance", ()),
          rise_is_good=True),
    _spec("enterprises_visited", gettext_lazy("Enterprises visited"), BRANCHES, ("branches:region-compliance", ()),
          rise_is_good=True),
)
FIGURES_BY_KEY = {spec.key: spec for spec in FIGURES}


@lru_cache(maxsize=8192)
def _reverse(name: str, args: tuple, prefix: str) -> str:
    return reverse(name, args=args)


def cached_reverse(name: str, *args) -> str:
    """reverse() remembered per URL name, arguments and script prefix: a dashboard links a few hundred numbers,
    and reverse() costs ~50 µs each."""
    return _reverse(name, args, get_script_prefix())


def figure_url(spec: FigureSpec | str, *, region: Region, day: date) -> str:
    """The page listing the rows behind the figure for `region` on `day`."""
    spec = FIGURES_BY_KEY[spec] if isinstance(spec, str) else spec
    if spec.target in QUERY_TARGETS:
        query = {QUERY_TARGETS[spec.target]: day.isoformat(), "region": region.pk}
        return f"{cached_reverse(spec.target)}?{urlencode(query)}"
    query = urlencode({"day": day.isoformat(), **dict(spec.query)})
    return f"{cached_reverse(spec.target, region.pk)}?{query}"


def value_of(summary: RegionDaySummary | None, key: str):
    return None if summary is None else getattr(summary, key)


@dataclass
class Figure:
    spec: FigureSpec
    value: float | int | None
    previous: float | int | None
    url: str

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        change = self.value - self.previous
        return round(change, 1) if self.spec.rate else change

    @property
    def trend(self) -> str:
        """'good', 'bad' or 'flat', for the colour of the change."""
        change = self.change
        if not change or self.spec.rise_is_good is None:
            return "flat"
        return "good" if (change > 0) == self.spec.rise_is_good else "bad"


def headline(*, region: Region, day: date, current: RegionDaySummary | None,
             previous: RegionDaySummary | None) -> list[tuple[str, list[Figure]]]:
    """The tiles, grouped, each with its value, yesterday's and the link to its rows."""
    groups: dict[str, list[Figure]] = {}
    for spec in FIGURES:
        figure = Figure(spec, value_of(current, spec.key), value_of(previous, spec.key),
                        figure_url(spec, region=region, day=day))
        groups.setdefault(str(spec.group), []).append(figure)
    return list(groups.items())


def as_of(moment: datetime | None) -> str:
    """'as of 10:42' for today, 'as of 03-02 00:31' for an earlier day; '' when nothing is computed yet."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    shown = date_format(local, "H:i" if local.date() == timezone.localdate() else "Y-m-d H:i")
    return _("as of %(time)s") % {"time": shown}
