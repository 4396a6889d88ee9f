"""Filing daily reports: the rules for who files what, when, and how often. Pages, the API and the demo call these."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.choices import NoticeKind
from notifications.services import NoticeDraft, notify_many
from officers.choices import OfficerStatus
from officers.models import Assignment
from problems.services import problem_raise

from .clock import day_closes_at, day_due_at, is_day_open
from .models import DailyReport, ReportExemption, ReportToken
from .selectors import difficulty_token

logger = logging.getLogger(__name__)

REPORT_VALUE_FIELDS = (
    "work_done",
    "masks_days", "disinfectant_days", "temperature_checks", "isolation_room",
    "returned_from_outside", "under_observation", "suspected_cases",
    "resumed", "capacity_percent", "workers_on_duty", "workers_missing", "open_positions",
)


# The service sets these from rows it has just loaded; re-checking that each still exists costs a query apiece.
TRUSTED_RELATIONS = ["assignment", "officer", "enterprise", "region", "submitted_by"]


class ReportConflict(Exception):
    """The report changed (or was filed) since the editor loaded it; nothing was overwritten."""

    def __init__(self, message: str, report: DailyReport | None = None):
        super().__init__(message)
        self.message = message
        self.report = report


@dataclass(frozen=True)
class Difficulty:
    """A difficulty written into a report; it becomes a problem in the ledger."""

    category: str
    description: str


def report_values(report: DailyReport) -> dict:
    return {field: getattr(report, field) for field in REPORT_VALUE_FIELDS}


def _ensure_can_file(*, actor, assignment: Assignment, day: date, now: datetime) -> None:
    if assignment.officer.user_id != actor.pk:
        raise PermissionDenied
    if assignment.officer.status != OfficerStatus.ACTIVE:
        raise ValidationError(_("You are no longer an active liaison officer and cannot file reports."))
    if day > timezone.localdate(now):
        raise ValidationError({"day": _("Reports cannot be filed for a day that has not come yet.")})
    if not is_day_open(day, now):
        closed = formats.date_format(timezone.localtime(day_closes_at(day)), "Y-m-d H:i")
        raise ValidationError({"day": _("The reports of %(day)s closed at %(closed)s and can no longer be changed.")
                               % {"day": day.isoformat(), "closed": closed}})
    if not assignment.is_active_on(day):
        raise ValidationError({"day": _("You were not stationed in %(enterprise)s on %(day)s.")
                               % {"enterprise": assignment.enterprise.name, "day": day.isoformat()}})


def _filed_at(*, day: date, filed_at: datetime | None, now: datetime) -> datetime:
    """When the officer filed: the phone's time for a report that waited offline, else the moment it arrives.

    The phone's clock is believed within REPORT_CLOCK_SKEW_SECONDS ahead of ours and REPORT_OFFLINE_MAX_HOURS back,
    and never before the report's own day began; outside that the filing is refused, with the reason, rather than
    filed at a time nobody can vouch for.
    """
    if filed_at is None:
        return now
    if timezone.is_naive(filed_at):
        raise ValidationError({"filed_at": _("Give the filing time with its time zone (e.g. +08:00).")})
    if filed_at > now + timedelta(seconds=settings.REPORT_CLOCK_SKEW_SECONDS):
        raise ValidationError({"filed_at": _("The filing time %(time)s is in the future: check the phone's clock.")
                               % {"time": formats.date_format(timezone.localtime(filed_at), "Y-m-d H:i")}})
    day_began = timezone.make_aware(datetime.combine(day, time.min))
    if filed_at < day_began:
        raise ValidationError({"filed_at": _("The filing time %(time)s is before the report's day %(day)s.")
                               % {"time": formats.date_format(timezone.localtime(filed_at), "Y-m-d H:i"),
                                  "day": day.isoformat()}})
    if filed_at < now - timedelta(hours=settings.REPORT_OFFLINE_MAX_HOURS):
        raise ValidationError({"filed_at": _("A report that waited on the phone for more than %(hours)d hours is "
                                             "not accepted: ask your liaison office.")
                               % {"hours": settings.REPORT_OFFLINE_MAX_HOURS}})
    return filed_at


def _apply_values(report: DailyReport, values: dict) -> None:
    unknown = set(values) - set(REPORT_VALUE_FIELDS)
    if unknown:
        raise TypeError(f"unknown report fields: {sorted(unknown)}")
    for field, value in values.items():
        setattr(report, field, value)
    if not report.resumed:
        # A plant that has not resumed has no capacity in use; keep the summaries honest.
        report.capacity_percent = 0


def _raise_difficulties(*, actor, report: DailyReport, difficulties: Iterable[Difficulty], token: str) -> None:
    problems = [
        problem_raise(
            actor=actor,
            officer=report.officer,
            enterprise=report.enterprise,
            category=difficulty.category,
            description=difficulty.description,
            raised_on=report.day,
            client_token=difficulty_token(token, index),
        )
        for index, difficulty in enumerate(difficulties)
        if difficulty.description.strip()
    ]
    if problems:
        report.problems.add(*problems)


def _replayed(token: str | None) -> DailyReport | None:
    if not token:
        return None
    seen = ReportToken.objects.select_related("report").filter(token=token).first()
    return seen.report if seen else None


@transaction.atomic
def report_submit(
    *,
    actor,
    assignment: Assignment,
    day: date,
    values: dict,
    difficulties: Iterable[Difficulty] = (),
    token: str | None = None,
    now: datetime | None = None,
    filed_at: datetime | None = None,
) -> DailyReport:
    """File the day's report for one assignment; a replay of the same form token returns the first report.

    A report that already exists for the officer, enterprise and day is a conflict: edit it with report_update.
    `filed_at` is the phone's time for a report that waited offline: the day's open and late rules read it.
    """
    replay = _replayed(token)
    if replay is not None:
        return replay
    now = now or timezone.now()
    filed = _filed_at(day=day, filed_at=filed_at, now=now)
    _ensure_can_file(actor=actor, assignment=assignment, day=day, now=filed)
    report = DailyReport(
        assignment=assignment,
        officer=assignment.officer,
        enterprise=assignment.enterprise,
        region=assignment.enterprise.region,
        day=day,
        submitted_by=actor,
        submitted_at=now,
        filed_at=filed,
        updated_at=now,
        is_late=filed > day_due_at(day),
    )
    _apply_values(report, values)
    report.full_clean(exclude=TRUSTED_RELATIONS, validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as already_filed:
        # The unique key answers "already filed" (also when two devices file at the same instant) in one statement.
        existing = DailyReport.objects.filter(officer=assignment.officer, enterprise=assignment.enterprise,
                                              day=day).first()
        if existing is None:
            raise
        raise ReportConflict(_("The report for this day has already been filed; open it to make changes."),
                             existing) from already_filed
    if token:
        ReportToken.objects.create(token=token, report=report)
    _raise_difficulties(actor=actor, report=report, difficulties=difficulties, token=token or f"report-{report.pk}")
    return report


@transaction.atomic
def report_update(
    *,
    actor,
    report: DailyReport,
    values: dict,
    expected_version: int,
    difficulties: Iterable[Difficulty] = (),
    token: str | None = None,
    now: datetime | None = None,
    filed_at: datetime | None = None,
) -> DailyReport:
    """Change a report while its day is open (at `filed_at`, the phone's time, for a change that waited offline),
    refusing if someone changed it since `expected_version`."""
    replay = _replayed(token)
    if replay is not None:
        return replay
    now = now or timezone.now()
    report = DailyReport.objects.select_for_update().select_related("assignment__officer", "enterprise").get(
        pk=report.pk)
    _ensure_can_file(actor=actor, assignment=report.assignment, day=report.day,
                     now=_filed_at(day=report.day, filed_at=filed_at, now=now))
    if report.version != expected_version:
        changed = formats.date_format(timezone.localtime(report.updated_at), "H:i")
        raise ReportConflict(
            _("This report was changed at %(time)s from another device or window. Nothing was overwritten: "
              "reload it and make your change again.") % {"time": changed},
            report,
        )
    _apply_values(report, values)
    report.version += 1
    report.updated_at = now
    report.full_clean(exclude=TRUSTED_RELATIONS, validate_constraints=False)
    report.save()
    if token:
        ReportToken.objects.create(token=token, report=report)
    _raise_difficulties(actor=actor, report=report, difficulties=difficulties,
                        token=token or f"report-{report.pk}-v{report.version}")
    return report


def latest_report_before(*, assignment: Assignment, day: date) -> DailyReport | None:
    return (
        DailyReport.objects.filter(officer=assignment.officer_id, enterprise=assignment.enterprise_id, day__lt=day)
        .order_by("-day")
        .first()
    )


@transaction.atomic
def report_file_unchanged(*, actor, assignment: Assignment, day: date, token: str | None = None,
                          now: datetime | None = None) -> DailyReport:
    """One tap: file today's report with the same figures as the officer's last report for this enterprise."""
    previous = latest_report_before(assignment=assignment, day=day)
    if previous is None:
        raise ValidationError(_("There is no earlier report to copy; please fill in the form once."))
    # The figures carry over; yesterday's account of the work done does not describe today.
    values = {**report_values(previous), "work_done": _("Unchanged since the report of %(day)s.")
              % {"day": previous.day.isoformat()}}
    return report_submit(actor=actor, assignment=assignment, day=day, values=values, token=token, now=now)


@transaction.atomic
def exemption_create(*, actor, kind: str, start_date: date, end_date: date, enterprise=None, officer=None,
                     note: str = "") -> ReportExemption:
    """Record days on which no report is expected (an office's decision).

    The kind's rule (an enterprise kind names only an enterprise, an officer kind only an officer; dates in order)
    is ReportExemption.clean, checked before anything is saved; every named target must be in the office's reach.
    """
    from regions.scoping import scope_for

    exemption = ReportExemption(kind=kind, start_date=start_date, end_date=end_date, enterprise=enterprise,
                                officer=officer, note=note, created_by=actor)
    exemption.full_clean()
    scope = scope_for(actor)
    regions = [enterprise.region if enterprise is not None else None,
               officer.backing_unit.region if officer is not None else None]
    if not any(regions) or not all(scope.manages_region(region) for region in regions if region is not None):
        raise ValidationError(_("This enterprise or officer does not exist or is outside your office's reach."))
    exemption.save()
    return exemption


def report_reminders_send(*, day: date | None = None) -> int:
    """Remind every officer with a missing report on `day` (today): one notice each, with its outbox rows (e-mail,
    SMS, as the officer chose), written through notifications.notify_many in one transaction.

    Safe to run again: the notice's dedupe key (the day) makes a second run create nothing and send nothing.
    Returns how many officers were reminded by this run.
    """
    from .selectors import missing_assignments

    day = day or timezone.localdate()
    missing = missing_assignments(day=day, fetched_by=None).values_list("officer__user_id", "enterprise__name")
    by_user: dict[int, list[str]] = {}
    for user_id, enterprise_name in missing:
        by_user.setdefault(user_id, []).append(enterprise_name)
    with override(settings.LANGUAGE_CODE):
        title = _("Reminder: please file today's liaison reports")
        drafts = [
            NoticeDraft(recipient_id=user_id, title=title,
                        body=_("Today's report is still missing for: %(enterprises)s.")
                        % {"enterprises": "、".join(sorted(names))},
                        url=reverse("home"), dedupe_key=f"report-reminder:{day.isoformat()}")
            for user_id, names in sorted(by_user.items())
        ]
    with transaction.atomic():
        return notify_many(kind=NoticeKind.REPORT_REMINDER, drafts=drafts)
