"""Demo data: a portal that looks alive, built on the real Hunan region tree.

`demo_seed()` runs `STEPS` in order. Each step writes its rows idempotently (natural keys; bulk inserts that skip
rows already there) through the apps' services and batch services, and the runner prints what it added. Everything
is drawn from seeded random generators, so a second run plans the same rows and adds nothing.

This app is last in the order: its steps import the other apps, and nothing imports it. The steps share
`demo/run.py`; this module lists them, and only the `seed_demo` command imports it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection, models, transaction
from django.utils import timezone

from assessments.models import OfficerAssessment
from branches.models import Branch, BranchVisit
from demo.assessments import step_assessments
from demo.branches import step_branches, step_visits
from demo.care import step_allowances, step_health_checks, step_officer_insurance, step_rest_periods
from demo.enterprises import step_enterprises
from demo.logins import step_logins
from demo.medics import step_health_institutions, step_medic_coverage, step_medics
from demo.meetings import step_meetings
from demo.notices import step_notices
from demo.policies import step_policies
from demo.problems import step_park_departments, step_problems
from demo.regions import step_departments, step_regions
from demo.roster import step_assignments, step_backing_units, step_demo_officer, step_officers, step_task_forces
from demo.run import DEFAULT_REPORT_DAYS, DemoRun
from demo.summaries import step_daily_reports, step_summaries
from enterprises.models import Enterprise
from medics.models import HealthInstitution, Medic, MedicCoverage
from meetings.models import Meeting
from notifications.models import Notice
from officers.models import (
    Allowance,
    Assignment,
    BackingUnit,
    HealthCheck,
    InsurancePolicy,
    Officer,
    RestPeriod,
    TaskForce,
)
from policies.models import PolicyDocument
from problems.models import Problem
from regions.models import Department, Post, Region
from reports.models import DailyReport
from summaries.models import RegionDaySummary

DEFAULT_PASSWORD = "demo-2026"
SITE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class DemoScale:
    officers: int
    enterprises: int


SCALES = {
    "tiny": DemoScale(officers=80, enterprises=160),
    "small": DemoScale(officers=300, enterprises=400),
    "medium": DemoScale(officers=3000, enterprises=4000),
    "province": DemoScale(officers=24000, enterprises=31000),
}


@dataclass(frozen=True)
class DemoStep:
    label: str
    run: Callable[[DemoRun], None]
    model: type[models.Model]


# In the order the data depends on; each step must be idempotent.
STEPS = [
    DemoStep("regions", step_regions, Region),
    DemoStep("departments", step_departments, Department),
    DemoStep("logins", step_logins, Post),  # before the roster: the administrator writes it through the services
    DemoStep("backing units", step_backing_units, BackingUnit),
    DemoStep("enterprises", step_enterprises, Enterprise),
    DemoStep("officers", step_officers, Officer),
    DemoStep("task forces", step_task_forces, TaskForce),
    DemoStep("assignments", step_assignments, Assignment),
    DemoStep("demo officer", step_demo_officer, Assignment),
    DemoStep("park departments", step_park_departments, Department),
    DemoStep("problems", step_problems, Problem),
    DemoStep("party branches", step_branches, Branch),
    DemoStep("branch visits", step_visits, BranchVisit),
    DemoStep("daily reports", step_daily_reports, DailyReport),
    DemoStep("policy library", step_policies, PolicyDocument),
    DemoStep("meetings", step_meetings, Meeting),
    # The assessments read reports, visits, problems and meetings, and recall one officer: every step after them
    # (medics, care) plans from the roster as the recall left it, on the first run as on any later one.
    DemoStep("assessments", step_assessments, OfficerAssessment),
    DemoStep("institutions", step_health_institutions, HealthInstitution),
    DemoStep("medics", step_medics, Medic),
    DemoStep("medic coverage", step_medic_coverage, MedicCoverage),
    DemoStep("insurance", step_officer_insurance, InsurancePolicy),
    DemoStep("allowances", step_allowances, Allowance),
    DemoStep("rest periods", step_rest_periods, RestPeriod),
    DemoStep("health checks", step_health_checks, HealthCheck),
    # Last: the reports of assignments the steps above added, then every summary rebuilt from the rows.
    DemoStep("summaries", step_summaries, RegionDaySummary),
    # After the figures: the latest reminder and bulletins, and two background jobs, told through notify.
    DemoStep("notices", step_notices, Notice),
]


def demo_seed(*, scale: str = "small", officers: int | None = None, enterprises: int | None = None,
              password: str = DEFAULT_PASSWORD, today: date | None = None, report_days: int = DEFAULT_REPORT_DAYS,
              log: Callable[[str], None] = print) -> DemoRun:
    """Build (or complete) the demo portal; running it again with the same options adds nothing."""
    size = SCALES[scale]
    run = DemoRun(
        officers=size.officers if officers is None else officers,
        enterprises=size.enterprises if enterprises is None else enterprises,
        password=password, today=today or timezone.localdate(), log=log, report_days=report_days,
    )
    started = time.monotonic()
    for step in STEPS:
        before = step.model.objects.count()
        step_started = time.monotonic()
        with transaction.atomic():
            step.run(run)
        total = step.model.objects.count()
        log(f"{step.label:<14} {total - before:>+8,} rows  (table now {total:>7,})  "
            f"{time.monotonic() - step_started:7.2f} s")
    if connection.vendor == "postgresql":
        # Fresh statistics: until autovacuum gets round to the new rows, the planner guesses badly (some lists
        # took seconds instead of a few hundred milliseconds right after a province-scale seed).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"{'total':<14} {time.monotonic() - started:46.2f} s")
    return run

