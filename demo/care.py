"""Demo data for officer care: insurance for most officers, monthly meal and transport allowances (past months
paid, the current one claimed), rest and rotation days, and health checks after postings that ended.

Some officers are left for the offices to chase: about one in twelve stationed officers has had no rest lately,
one in fourteen has no insurance, and about a third of the officers whose posting ended have no health check yet.
Everything is drawn per officer from a seeded generator and bulk-inserted; the natural keys (insurer and policy
number, officer-kind-month, officer and start date, officer and posting end) make a second run add nothing.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from demo.run import DemoRun
from liaison_portal.rowchecks import rows_check
from officers.choices import AllowanceKind, RestKind
from officers.models import Allowance, Assignment, HealthCheck, InsurancePolicy, Officer, RestPeriod

SEED = 2020
FURONG = "430102"
BATCH_SIZE = 5000
INSURERS = (
    ("中国人寿保险股份有限公司湖南省分公司", "HNRS"),
    ("中国人民财产保险股份有限公司湖南省分公司", "PICC"),
    ("中国平安财产保险股份有限公司湖南分公司", "PAIC"),
    ("中国太平洋财产保险股份有限公司湖南分公司", "CPIC"),
)
UNINSURED_SHARE = 0.07
NO_REST_SHARE = 0.08
UNCHECKED_SHARE = 0.35
MEAL_PER_DAY = (20, 25, 30)
CHECK_RESULTS = ("未见异常", "血压偏高，建议复查", "未见异常，建议注意休息", "轻度脂肪肝，建议饮食调理", "各项指标正常")
REST_NOTES = ("周末轮休", "与同单位联络员轮换", "", "", "调休")


def _rng(kind: str, officer_id: int) -> random.Random:
    return random.Random(f"{SEED}:{kind}:{officer_id}")


def _postings(run: DemoRun) -> dict[int, list[tuple[date, date | None]]]:
    if "care postings" not in run.plans:
        postings = defaultdict(list)
        for officer_id, start, end in Assignment.objects.values_list("officer_id", "start_date", "end_date"):
            postings[officer_id].append((start, end))
        run.plans["care postings"] = postings
    return run.plans["care postings"]


def _officers(run: DemoRun) -> list[tuple[int, str]]:
    """Every stationed (or once stationed) officer, with their username (stable across runs and scales)."""
    postings = _postings(run)
    return [(pk, username) for pk, username in Officer.objects.order_by("id").values_list("id", "user__username")
            if pk in postings]


def _furong_example(run: DemoRun, *, ended: bool) -> int | None:
    """The first 芙蓉区 officer (not the demo login) still stationed, or whose posting ended: the furong office's
    example of an officer overdue for rest, or due a health check."""
    postings = _postings(run)
    for pk in (Officer.objects.filter(backing_unit__region__code=FURONG).exclude(user__username="officer")
               .order_by("id").values_list("id", flat=True)):
        spans = postings.get(pk)
        if not spans:
            continue
        still = any(end is None or end > run.today for _start, end in spans)
        if still != ended and (ended or min(start for start, _end in spans) <= run.today - timedelta(days=40)):
            return pk
    return None


def step_officer_insurance(run: DemoRun) -> None:
    """A year's accident and health policy from the posting's start, for most officers."""
    postings = _postings(run)
    rows = []
    for officer_id, username in _officers(run):
        rng = _rng(f"insurance:{username}", 0)
        if rng.random() < UNINSURED_SHARE:
            continue
        insurer, prefix = rng.choice(INSURERS)
        start = min(start for start, _end in postings[officer_id]) - timedelta(days=rng.randint(0, 5))
        number = f"{prefix}{start:%Y}43{rng.randrange(10**9):09d}"
        rows.append(InsurancePolicy(officer_id=officer_id, insurer=insurer, policy_number=number, start_date=start,
                                    end_date=start + timedelta(days=364), recorded_by=run.admin))
    rows_check(rows)
    InsurancePolicy.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _insert(model, fields: list[str], rows: list[tuple]) -> None:
    """Insert plain tuples in batches, skipping rows whose natural key is taken (ON CONFLICT DO NOTHING).

    At province scale (over 100,000 allowances and rest periods) building model instances for bulk_create costs
    most of the time; the values here are adapted by the backend like the ORM would.
    """
    if not rows:
        return
    columns = [model._meta.get_field(name) for name in fields]
    ops = connection.ops
    adapt = []
    for field in columns:
        internal = field.get_internal_type()
        if internal == "DateField":
            adapt.append(ops.adapt_datefield_value)
        elif internal == "DateTimeField":
            adapt.append(ops.adapt_datetimefield_value)
        elif internal == "DecimalField":
            adapt.append(lambda value, f=field: ops.adapt_decimalfield_value(value, f.max_digits, f.decimal_places))
        else:
            adapt.append(lambda value: value)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, [tuple(a(v) for a, v in zip(adapt, row, strict=True))
                                     for row in rows[start:start + BATCH_SIZE]])


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def step_allowances(run: DemoRun) -> None:
    """Meal and transport allowances for every month an officer was stationed: past months paid, this one claimed."""
    postings = _postings(run)
    this_month = run.today.replace(day=1)
    now = timezone.now()
    admin_id = run.admin.pk if run.admin else None
    done = set(Allowance.objects.values_list("officer_id", "kind", "month"))
    rows = []
    for officer_id, username in _officers(run):
        rng = _rng(f"allowance:{username}", 0)
        first = min(start for start, _end in postings[officer_id])
        last = min(run.today, max((end or run.today) for _start, end in postings[officer_id]))
        per_day = rng.choice(MEAL_PER_DAY)
        for month in _months(first, last):
            for kind, amount in ((AllowanceKind.MEAL, per_day * rng.randint(18, 26)),
                                 (AllowanceKind.TRANSPORT, rng.choice((200, 300, 400)))):
                claimed = Decimal(amount)
                paid = paid_on = None
                if month < this_month and rng.random() < 0.92:
                    paid = claimed if rng.random() < 0.9 else claimed - Decimal(rng.choice((50, 100)))
                    paid_on = min(run.today, (month + timedelta(days=32)).replace(day=1) + timedelta(
                        days=rng.randint(4, 15)))
                if (officer_id, kind, month) not in done:
                    rows.append((officer_id, kind, month, claimed, paid, paid_on, admin_id,
                                 admin_id if paid_on else None, now))
    # Every row through the model's rules (the rows stay tuples for the insert: building instances for bulk_create
    # costs most of the step at province scale).
    rows_check(Allowance(officer_id=officer_id, kind=kind, month=month, amount_claimed=claimed, amount_paid=paid,
                         paid_on=paid_on) for officer_id, kind, month, claimed, paid, paid_on, *_ in rows)
    _insert(Allowance, ["officer", "kind", "month", "amount_claimed", "amount_paid", "paid_on", "claimed_by",
                        "paid_by", "created_at"], rows)


def step_rest_periods(run: DemoRun) -> None:
    """Rest every week or two while stationed (a rotation now and then); some officers have had none lately."""
    postings = _postings(run)
    worn_out = _furong_example(run, ended=False)
    now = timezone.now()
    admin_id = run.admin.pk if run.admin else None
    done = set(RestPeriod.objects.values_list("officer_id", "start_date"))
    rows = []
    for officer_id, username in _officers(run):
        rng = _rng(f"rest:{username}", 0)
        first = min(start for start, _end in postings[officer_id])
        last = min(run.today, max((end or run.today) for _start, end in postings[officer_id]))
        # Worn out: no rest in the last five weeks (these officers head the office's overdue list).
        stop = last - timedelta(days=35) if rng.random() < NO_REST_SHARE or officer_id == worn_out else last
        day = first + timedelta(days=rng.randint(5, 12))
        while day <= stop:
            kind = RestKind.ROTATION if rng.random() < 0.2 else RestKind.REST
            length = rng.randint(3, 5) if kind == RestKind.ROTATION else rng.randint(1, 2)
            end = min(day + timedelta(days=length - 1), stop)
            note = rng.choice(REST_NOTES)
            if (officer_id, day) not in done:
                rows.append((officer_id, kind, day, end, note, admin_id, now))
            day = end + timedelta(days=rng.randint(4, 9))
    rows_check(RestPeriod(officer_id=officer_id, kind=kind, start_date=start, end_date=end, note=note)
               for officer_id, kind, start, end, note, *_ in rows)
    _insert(RestPeriod, ["officer", "kind", "start_date", "end_date", "note", "recorded_by", "created_at"], rows)


def step_health_checks(run: DemoRun) -> None:
    """A health check a few days after most postings that ended; the rest stay flagged for their office."""
    postings = _postings(run)
    unchecked = {_furong_example(run, ended=True)}
    rows = []
    for officer_id, username in _officers(run):
        spans = postings[officer_id]
        if any(end is None or end > run.today for _start, end in spans):
            continue
        if len(unchecked) < 3:  # the first officers whose posting ended are always still to check
            unchecked.add(officer_id)
        ended = max(end for _start, end in spans)
        rng = _rng(f"health:{username}", 0)
        done = ended + timedelta(days=rng.randint(1, 12))
        if rng.random() < UNCHECKED_SHARE or done > run.today or officer_id in unchecked:
            continue
        rows.append(HealthCheck(officer_id=officer_id, due_on=ended, done_on=done, result=rng.choice(CHECK_RESULTS),
                                recorded_by=run.admin))
    rows_check(rows)
    HealthCheck.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
