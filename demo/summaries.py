"""Demo data: the officers' daily reports of the last weeks, then the summaries of the whole campaign.

Most officers file on time, some late (after REPORT_DUE_AT), some not at all; enterprises resume production as the
campaign goes on, each on its own day, and their figures follow (workers back, open positions, masks in stock).
On PostgreSQL the reports are one `INSERT ... SELECT` over generate_series (3 million rows in about a minute); on
SQLite the same plan is drawn in Python and bulk-inserted. Every report's draws come from its own key, the md5 of
"seed:officer:enterprise:day" (`report_draws`, the same in SQL and Python), never from one shared stream: a
shared stream shifts as soon as one assignment is recalled or added, and a second run then files different days
(once ~669 more reports). With keyed draws a second run plans the same reports, and the unique (officer,
enterprise, day) key makes it add nothing (ON CONFLICT DO NOTHING).

`step_daily_reports` runs before the assessments (their daily scores read the reports); the assessments then
recall an officer and station a successor, so `step_summaries`, the seed's last step, files the successor's
reports by the same keyed plan and rebuilds every summary of the campaign.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from demo.run import DemoRun
from enterprises.choices import SizeClass
from enterprises.models import Enterprise
from liaison_portal.rowchecks import ensure_no_rows_break_validators, rows_check
from officers.models import Assignment, Officer
from regions.models import Region
from reports.models import DailyReport
from reports.services import _apply_values
from summaries import staleness
from summaries.models import RegionDaySummary, StaleRegionDays
from summaries.services import summaries_rebuild

SEED = 2020
BATCH_SIZE = 5000
FILE_SHARE = 0.92  # of the reports due on a past day
FILE_SHARE_TODAY = 0.55  # the day is not over yet
LATE_SHARE = 0.07

WORK_DONE = (
    "检查企业防疫措施落实情况，督促做好员工体温检测和登记。",
    "协调解决原材料供应问题，对接上游供应商恢复供货。",
    "走访生产车间，了解复工复产进度和用工需求。",
    "帮助企业申报稳岗补贴，讲解税费减免政策。",
    "对接人社部门，为企业发布招聘信息。",
    "协调物流运输通行证，保障产品外运。",
    "督促企业落实隔离观察室设置，完善应急预案。",
    "帮助企业对接银行，申请复工复产专项贷款。",
    "检查口罩、消毒液等防疫物资储备情况。",
    "协调供电部门解决企业用电扩容问题。",
)


DRAWS = 6  # r_file, r_late, r_time, r_draw, r_stock, r_case
DRAW_HEX = 5  # hex digits of the md5 per draw: 20 bits each, 30 of the 32 digits used


def report_key(officer_id: int, enterprise_id: int, day: date) -> str:
    return f"{SEED}:{officer_id}:{enterprise_id}:{day.isoformat()}"


def report_draws(officer_id: int, enterprise_id: int, day: date) -> list[float]:
    """The six uniform draws in [0, 1) of one report, from its own key (the SQL of `_insert_reports_sql` agrees)."""
    digest = hashlib.md5(report_key(officer_id, enterprise_id, day).encode(), usedforsecurity=False).hexdigest()
    return [int(digest[i * DRAW_HEX:(i + 1) * DRAW_HEX], 16) / 16**DRAW_HEX for i in range(DRAWS)]


def step_daily_reports(run: DemoRun) -> None:
    """Reports of the last `run.report_days` days for the seeded assignments (the summaries come last)."""
    _insert_reports(run)
    run.reported_assignments_up_to = Assignment.objects.aggregate(last=Max("pk"))["last"] or 0


def step_summaries(run: DemoRun) -> None:
    """The seed's last step: reports of the assignments later steps added (the recall's successor), by the same
    keyed plan, then every summary of the campaign rebuilt from the rows, and the stale marks the seed's writes
    left (the triggers marked them) forgotten, as the refresh forgets what it recomputed.

    When nothing was marked and every region has its summary for every day of the campaign, nothing counted has
    changed since (the triggers mark every change): the summaries stand, and a second run changes no row at all.
    """
    _insert_reports(run, after_assignment=run.reported_assignments_up_to)
    start, end = run.campaign_start, run.today
    marks = list(StaleRegionDays.objects.values_list("pk", "first_day"))
    expected = ((end - start).days + 1) * Region.objects.count()
    if not marks and RegionDaySummary.objects.filter(day__range=(start, end)).count() == expected:
        return
    summaries_rebuild(start=start, end=end)
    # An open start means "from the first summarised day": covered when nothing is summarised before the campaign.
    open_covered = not RegionDaySummary.objects.filter(day__lt=start).exists()
    covered = [pk for pk, first in marks if first >= start or (first == staleness.MIN_DAY and open_covered)]
    for chunk in range(0, len(covered), BATCH_SIZE):
        StaleRegionDays.objects.filter(pk__in=covered[chunk:chunk + BATCH_SIZE]).delete()


def _insert_reports(run: DemoRun, *, after_assignment: int = 0) -> None:
    first = max(run.today - timedelta(days=run.report_days - 1), run.campaign_start)
    insert = _insert_reports_sql if connection.vendor == "postgresql" else _insert_reports_python
    insert(first=first, today=run.today, campaign_start=run.campaign_start, after_assignment=after_assignment)


def _due_at() -> time:
    hours, minutes = settings.REPORT_DUE_AT.split(":")
    return time(int(hours), int(minutes))


def _insert_reports_sql(*, first: date, today: date, campaign_start: date, after_assignment: int) -> None:
    """One INSERT ... SELECT: every assignment-day of the window, filed or not by its keyed draws."""
    span = max((today - campaign_start).days, 1)
    due = _due_at()
    due_minutes = due.hour * 60 + due.minute
    work_done = "ARRAY[" + ", ".join(["%s"] * len(WORK_DONE)) + "]"
    # The draw i of a report: hex digits 5i+1..5i+5 of its key's md5, as in `report_draws`.
    draws = ",\n               ".join(
        f"('x' || substr(h, {1 + i * DRAW_HEX}, {DRAW_HEX}))::bit({4 * DRAW_HEX})::int / {16**DRAW_HEX}.0 AS {name}"
        for i, name in enumerate(("r_file", "r_late", "r_time", "r_draw", "r_stock", "r_case")))
    with connection.cursor() as cursor:
        cursor.execute(f"""
INSERT INTO {DailyReport._meta.db_table} (
    assignment_id, officer_id, enterprise_id, region_id, day, work_done, masks_days, disinfectant_days,
    temperature_checks, isolation_room, returned_from_outside, under_observation, suspected_cases, resumed,
    capacity_percent, workers_on_duty, workers_missing, open_positions, is_late, version, submitted_by_id,
    submitted_at, updated_at, filed_at)
SELECT assignment_id, officer_id, enterprise_id, region_id, day, work_done,
       CASE WHEN r_stock < 0.3 * (1 - progress) THEN floor(3 * r_draw)::int ELSE 3 + floor(12 * r_draw)::int END,
       3 + floor(14 * r_stock)::int,
       r_draw < 0.97, r_stock < 0.8 + 0.15 * progress,
       floor(workforce * 0.03 * r_draw * (1 - progress))::int,
       floor(workforce * 0.015 * r_draw * (1 - progress))::int,
       CASE WHEN r_case < 0.002 THEN 1 ELSE 0 END,
       resumed,
       CASE WHEN resumed THEN LEAST(100, 30 + floor(55 * progress + 15 * r_draw)::int) ELSE 0 END,
       CASE WHEN resumed THEN floor(workforce * (0.45 + 0.5 * progress) * (0.9 + 0.1 * r_draw))::int
            ELSE floor(workforce * 0.05 * r_draw)::int END,
       floor(workforce * (1 - progress) * 0.35 * r_stock)::int,
       CASE WHEN resumed THEN floor(workforce * 0.12 * r_case * (1.2 - progress))::int ELSE 0 END,
       filed_at > day + make_interval(mins => %s), 1, user_id,
       filed_at AT TIME ZONE %s, filed_at AT TIME ZONE %s, filed_at AT TIME ZONE %s
FROM (
    SELECT planned.*,
           CASE WHEN day = %s THEN LEAST(day + make_interval(mins => 450 + floor(r_time * 720)::int),
                                         (now() AT TIME ZONE %s)::timestamp)
                WHEN r_late < %s THEN day + make_interval(mins => %s + floor(r_time * 230)::int)
                ELSE day + make_interval(mins => 450 + floor(r_time * (%s - 450))::int) END AS filed_at,
           -- Each enterprise resumes on a day of its own: earlier for larger ones, most by the campaign's end.
           ((enterprise_id * 2654435761) %% 1000) / 1000.0
               < 0.25 + 0.73 * progress + CASE WHEN large THEN 0.1 ELSE 0 END AS resumed,
           ({work_done})[1 + floor(r_draw * %s)::int] AS work_done
    FROM (
        SELECT a.id AS assignment_id, a.officer_id, a.enterprise_id, e.region_id, o.user_id,
               d::date AS day, LEAST(1.0, (d::date - %s::date) / %s::numeric) AS progress,
               e.size_class = %s AS large,
               CASE WHEN e.size_class = %s THEN 200 + (e.id * 7919) %% 1800 ELSE 15 + (e.id * 7919) %% 150 END
                   AS workforce,
               {draws}
        FROM {Assignment._meta.db_table} a
        JOIN {Enterprise._meta.db_table} e ON e.id = a.enterprise_id
        JOIN {Officer._meta.db_table} o ON o.id = a.officer_id
        CROSS JOIN LATERAL generate_series(GREATEST(a.start_date, %s::date),
                                           LEAST(COALESCE(a.end_date, %s::date), %s::date), interval '1 day') AS d
        CROSS JOIN LATERAL md5(%s || ':' || a.officer_id || ':' || a.enterprise_id || ':' || to_char(d, 'YYYY-MM-DD'))
            AS h
        WHERE a.id > %s
        -- Day by day, as real reports arrive: a day's reports then sit together on disk.
        ORDER BY d, a.id
    ) AS planned
    WHERE r_file < CASE WHEN day = %s THEN %s ELSE %s END
) AS drawn
ON CONFLICT DO NOTHING
""", [
            due_minutes, settings.TIME_ZONE, settings.TIME_ZONE, settings.TIME_ZONE,
            today, settings.TIME_ZONE, LATE_SHARE, due_minutes, due_minutes,
            *WORK_DONE, len(WORK_DONE),
            campaign_start, span, SizeClass.ABOVE_DESIGNATED, SizeClass.ABOVE_DESIGNATED,
            first, today, today, str(SEED), after_assignment,
            today, FILE_SHARE_TODAY, FILE_SHARE,
        ])
    # The rows the statement wrote pass the same field validators full_clean runs, asked in one query; the SQL keeps
    # report_rule by construction (each day lies within its posting, up to today).
    ensure_no_rows_break_validators(DailyReport.objects.filter(day__gte=first, assignment_id__gt=after_assignment))


def _insert_reports_python(*, first: date, today: date, campaign_start: date, after_assignment: int) -> None:
    """The same plan drawn in Python for SQLite (demo scales only), bulk-inserted."""
    span = max((today - campaign_start).days, 1)
    due = _due_at()
    now = timezone.localtime()
    rows = []
    assignments = (Assignment.objects.filter(start_date__lte=today, pk__gt=after_assignment)
                   .exclude(end_date__lt=first)
                   .select_related("enterprise", "officer").order_by("pk"))
    for assignment in assignments.iterator(chunk_size=BATCH_SIZE):
        enterprise = assignment.enterprise
        large = enterprise.size_class == SizeClass.ABOVE_DESIGNATED
        workforce = 200 + (enterprise.pk * 7919) % 1800 if large else 15 + (enterprise.pk * 7919) % 150
        quantile = ((enterprise.pk * 2654435761) % 1000) / 1000
        day = max(assignment.start_date, first)
        last = min(assignment.end_date or today, today)
        while day <= last:
            draws = report_draws(assignment.officer_id, assignment.enterprise_id, day)
            r_file, r_late, r_time, r_draw, r_stock, r_case = draws
            progress = min(1.0, (day - campaign_start).days / span)
            if r_file < (FILE_SHARE_TODAY if day == today else FILE_SHARE):
                rows.append(_report(assignment, day, workforce, large, quantile, progress, draws, due, now,
                                    is_today=day == today))
            day += timedelta(days=1)
    rows_check(rows, rule=lambda report: report_rule(report, today=today))
    DailyReport.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _report(assignment, day, workforce, large, quantile, progress, draws, due, now, *, is_today) -> DailyReport:
    r_file, r_late, r_time, r_draw, r_stock, r_case = draws
    start_of_day = timezone.make_aware(datetime.combine(day, time(7, 30)))
    due_at = timezone.make_aware(datetime.combine(day, due))
    if is_today:
        filed_at = min(start_of_day + timedelta(minutes=int(r_time * 720)), now)
    elif r_late < LATE_SHARE:
        filed_at = due_at + timedelta(minutes=int(r_time * 230))
    else:
        filed_at = start_of_day + timedelta(minutes=int(r_time * (due_at - start_of_day).total_seconds() / 60))
    resumed = quantile < 0.25 + 0.73 * progress + (0.1 if large else 0)
    report = DailyReport(
        assignment=assignment, officer_id=assignment.officer_id, enterprise_id=assignment.enterprise_id,
        region_id=assignment.enterprise.region_id, day=day, is_late=filed_at > due_at,
        submitted_by_id=assignment.officer.user_id, submitted_at=filed_at, updated_at=filed_at, filed_at=filed_at,
    )
    # The figures go in as report_submit puts them (a plant that has not resumed uses no capacity).
    _apply_values(report, dict(
        work_done=WORK_DONE[int(r_draw * len(WORK_DONE))],
        masks_days=int(3 * r_draw) if r_stock < 0.3 * (1 - progress) else 3 + int(12 * r_draw),
        disinfectant_days=3 + int(14 * r_stock),
        temperature_checks=r_draw < 0.97, isolation_room=r_stock < 0.8 + 0.15 * progress,
        returned_from_outside=int(workforce * 0.03 * r_draw * (1 - progress)),
        under_observation=int(workforce * 0.015 * r_draw * (1 - progress)),
        suspected_cases=1 if r_case < 0.002 else 0,
        resumed=resumed,
        capacity_percent=min(100, 30 + int(55 * progress + 15 * r_draw)),
        workers_on_duty=(int(workforce * (0.45 + 0.5 * progress) * (0.9 + 0.1 * r_draw)) if resumed
                         else int(workforce * 0.05 * r_draw)),
        workers_missing=int(workforce * (1 - progress) * 0.35 * r_stock),
        open_positions=int(workforce * 0.12 * r_case * (1.2 - progress)) if resumed else 0,
    ))
    return report


def report_rule(report: DailyReport, *, today: date) -> None:
    """report_submit's rules that hold for a report of a past day too: filed by the stationed officer for a day
    that has come, within the posting (the clock's closing time does not apply to history)."""
    if report.day > today:
        raise ValidationError({"day": _("Reports cannot be filed for a day that has not come yet.")})
    if not report.assignment.is_active_on(report.day) or report.officer_id != report.assignment.officer_id:
        raise ValidationError({"day": _("You were not stationed in %(enterprise)s on %(day)s.")
                               % {"enterprise": report.assignment.enterprise.name, "day": report.day.isoformat()}})
