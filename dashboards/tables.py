"""Every table of the dashboards as a spreadsheet sheet: the same rows the page shows, with Chinese headers.

Each function takes what the page already read (summary rows, selector rows) and returns a `Sheet`; nothing here
queries the database except through the iterables it is handed.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from enterprises.choices import Industry
from problems.choices import ProblemCategory, ProblemStatus
from problems.exports import PROBLEM_LEDGER_EXPORT
from regions.choices import RegionLevel
from regions.models import Region
from spreadsheets.lists import filters_caption
from spreadsheets.writing import Sheet

from .figures import FIGURES, FIGURES_BY_KEY, as_of


def _caption(title: str, region: Region, day: date | None, fresh: str = "") -> list[str]:
    where = f"{region.name} · {date_format(day, 'Y-m-d')}" if day else region.name
    return [title, " · ".join(part for part in (where, fresh) if part)]


def _rate(value):
    return "" if value is None else value


def children_sheet(*, region: Region, day: date, rows) -> Sheet:
    headers = [_("Region"), _("Reports expected"), _("Reports filed"), _("Reports missing"), _("Filed late"),
               _("Reporting rate (%)"), _("Enterprises stationed"), _("Enterprises resumed"),
               _("Resumption rate (%)"), _("Workers on duty"), _("Open positions"), _("Open problems"),
               _("Overdue problems")]
    body = []
    for row in rows:
        s = row.summary
        if s is None:
            body.append([row.region.name] + [""] * (len(headers) - 1))
            continue
        body.append([row.region.name, s.reports_expected, s.reports_filed, s.reports_missing, s.reports_late,
                     _rate(s.reporting_rate), s.enterprises_stationed, s.enterprises_resumed, _rate(s.resumption_rate),
                     s.workers_on_duty, s.open_positions, s.problems_open, s.problems_overdue])
    fresh = as_of(min((r.summary.computed_at for r in rows if r.summary), default=None))
    return Sheet(_("Reporting by region"), headers, body, widths=[18] + [12] * (len(headers) - 1),
                 caption=_caption(_("Reporting by region"), region, day, fresh))


def trend_sheet(*, region: Region, rows) -> Sheet:
    keys = [spec.key for spec in FIGURES]
    headers = [_("Day"), *[FIGURES_BY_KEY[key].heading for key in keys]]
    body = [[row.day, *[_rate(getattr(row, key)) for key in keys]] for row in rows]
    return Sheet(_("Trend"), headers, body, widths=[12] + [11] * len(keys),
                 caption=_caption(_("Trend over the campaign"), region, None,
                                  as_of(rows[-1].computed_at) if rows else ""))


def missing_sheet(*, region: Region, day: date, assignments) -> Sheet:
    headers = [_("Officer"), _("Phone"), _("Enterprise"), _("Region"), _("Backing unit")]
    body = [[a.officer.name, a.officer.phone, a.enterprise.name, a.enterprise.region.name,
             a.officer.backing_unit.name] for a in assignments]
    return Sheet(_("Missing reports"), headers, body, widths=[12, 15, 34, 14, 28],
                 caption=_caption(_("Missing reports"), region, day))


def departments_sheet(*, region: Region, day: date, rows) -> Sheet:
    headers = [_("Department"), _("Region"), _("Overdue problems")]
    body = [[row["department__name"] or _("Not dispatched"), row["department__region__name"] or "", row["count"]]
            for row in rows]
    return Sheet(_("Overdue by department"), headers, body, widths=[32, 14, 12],
                 caption=_caption(_("Overdue problems by department"), region, day))


def employment_sheet(*, region: Region, day: date, rows) -> Sheet:
    headers = [_("Region"), _("Enterprises stationed"), _("Open positions"), _("Workers on duty"),
               _("Workers still missing")]
    body = [[row.region.name, *([row.summary.enterprises_stationed, row.summary.open_positions,
                                 row.summary.workers_on_duty, row.summary.workers_missing]
                                if row.summary else ["", "", "", ""])] for row in rows]
    return Sheet(_("Open positions by region"), headers, body, widths=[18, 14, 14, 14, 14],
                 caption=_caption(_("Open positions by region"), region, day))


def industries_sheet(*, region: Region, day: date, rows) -> Sheet:
    headers = [_("Industry"), _("Open positions")]
    body = [[label, count] for _code, label, count in rows]
    return Sheet(_("Open positions by industry"), headers, body, widths=[28, 14],
                 caption=_caption(_("Open positions by industry"), region, day))


def enterprises_sheet(*, region: Region, day: date, enterprises) -> Sheet:
    headers = [_("Enterprise"), _("Region"), _("Industry"), _("Reports expected"), _("Reports filed"),
               _("Filed late"), _("Report status"), _("Production resumed"), _("Workers on duty"),
               _("Workers still missing"), _("Open positions"), _("Short of masks"), _("Suspected cases")]
    body = []
    for e in enterprises:
        body.append([e.name, e.region.name, e.get_industry_display(), e.reports_expected, e.reports_filed,
                     e.reports_late, str(report_status_label(e)), _yes(e.resumed) if e.has_report else "",
                     _blank(e.workers_on_duty), _blank(e.workers_missing), _blank(e.open_positions),
                     _yes(e.short_of_masks) if e.has_report else "", _blank(e.suspected_cases)])
    return Sheet(_("Enterprises"), headers, body, widths=[34, 14, 18] + [12] * 10,
                 caption=_caption(_("Enterprises and their reports"), region, day))


def reports_sheet(*, region: Region, day: date, assignments) -> Sheet:
    headers = [_("Officer"), _("Phone"), _("Enterprise"), _("Region"), _("Backing unit"), _("Report status")]
    body = [[a.officer.name, a.officer.phone, a.enterprise.name, a.enterprise.region.name,
             a.officer.backing_unit.name,
             str(_("Filed late") if a.report_is_late else _("Filed") if a.has_report else _("Missing"))]
            for a in assignments]
    return Sheet(_("Reports"), headers, body, widths=[12, 15, 34, 14, 28, 10],
                 caption=_caption(_("Expected reports"), region, day))


def problems_sheet(*, region: Region, day: date, problems, title: str, filters=None) -> Sheet:
    """The problems behind one figure, in the ledger export's columns; `filters` narrowed them further."""
    caption = _caption(title, region, day) + (filters_caption(filters)[:1] if filters is not None else [])
    sheet = PROBLEM_LEDGER_EXPORT.sheet(problems, caption=caption)
    sheet.title = str(_("Problems"))
    return sheet


def shuttle_sheet(*, trips, caption: list[str]) -> Sheet:
    headers = [_("Date"), _("From"), _("To"), pgettext("shuttle trip", "Organising office"), _("Enterprises served"),
               _("Workers carried"), _("Note"), _("Logged by")]
    body = [[t.day, t.route_from, t.route_to, t.region.name, ", ".join(e.name for e in t.enterprises.all()),
             t.workers_carried, t.note, t.logged_by.get_full_name() if t.logged_by else ""] for t in trips]
    return Sheet(_("Worker shuttle trips"), headers, body, widths=[12, 16, 16, 14, 48, 12, 30, 12], caption=caption)


def bulletin_sheets(bulletin) -> list[Sheet]:
    """The bulletin's spreadsheet: the figures with the previous day's, the lowest reporting rates, problems."""
    data, region, day = bulletin.data, bulletin.region, bulletin.day
    caption = [_("Daily bulletin"), f"{region.name} · {date_format(day, 'Y-m-d')}"]
    figures = [[spec.heading, _rate(data["figures"].get(spec.key)),
                _rate(data["previous"].get(spec.key))] for spec in FIGURES]
    lowest = [[row["name"], row["reports_expected"], row["reports_filed"], row["reports_missing"],
               row["reporting_rate"]] for row in data["lowest"]]

    def problem_rows(items):
        return [[p["enterprise"], p["region"], category_label(p["category"]), p["description"], p["department"],
                 p["deadline"] or "", p["handling_region"], p["raised_on"]] for p in items]

    problem_headers = [_("Enterprise"), _("Region"), _("Category"), _("Description"), _("Department"),
                       _("Deadline"), _("Handled at"), _("Raised on")]
    return [
        Sheet(_("Figures"), [_("Figure"), _("That day"), _("Day before")], figures, widths=[24, 12, 12],
              caption=caption),
        Sheet(_("Lowest reporting rate"), [_("Region"), _("Reports expected"), _("Reports filed"),
                                           _("Reports missing"), _("Reporting rate (%)")], lowest,
              widths=[18, 12, 12, 12, 14], caption=caption),
        Sheet(_("New problems"), problem_headers, problem_rows(data["new_problems"]),
              widths=[30, 12, 14, 50, 26, 12, 12, 12], caption=caption),
        Sheet(_("Overdue problems"), problem_headers, problem_rows(data["overdue_problems"]),
              widths=[30, 12, 14, 50, 26, 12, 12, 12], caption=caption),
    ]


def category_label(code: str) -> str:
    return str(ProblemCategory(code).label) if code in ProblemCategory.values else code


def industry_label(code: str) -> str:
    return str(Industry(code).label) if code in Industry.values else code


def level_label(code: str) -> str:
    return str(RegionLevel(code).label) if code in RegionLevel.values else code


def status_label(code: str) -> str:
    return str(ProblemStatus(code).label) if code in ProblemStatus.values else code


def report_status_label(enterprise) -> str:
    """The enterprise's reporting on the day in a word: all filed, some missing, none due..."""
    if not enterprise.reports_expected:
        return pgettext("daily report", "Reported") if enterprise.has_report else _("Not due")
    if enterprise.reports_filed >= enterprise.reports_expected:
        return _("Filed late") if enterprise.reports_late else _("Filed")
    if enterprise.reports_filed:
        return _("Partly missing")
    return _("Missing")


def _yes(flag) -> str:
    return _("Yes") if flag else _("No")


def _blank(value):
    return "" if value is None else value
