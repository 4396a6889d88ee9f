"""Demo data: the roster. Backing units, officers with their logins, task forces and assignments (with recalls,
rotations and the replacements they bring), all written through the roster's batch services, then the `officer`
demo login with its three enterprises through the one-row services.

The assignment plan depends on the scale, and a planned assignment whose officer and enterprise are already paired
in the database is skipped, so seeding another scale on top never breaks the no-overlap rule.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from django.contrib.auth import get_user_model

from demo.enterprises import DEMO_OFFICER_ENTERPRISES, FIXED_ENTERPRISES, enterprise_plan
from demo.logins import DEMO_OFFICER, DEMO_OFFICER_PHONE, DEMO_OFFICER_UNIT
from demo.run import (
    CITY_WEIGHTS,
    PROVINCE_CODE,
    SEED,
    DemoRun,
    bulk_insert,
    chunks,
    mobile_number,
    person_name,
    row_rng,
    seeded,
)
from enterprises.choices import EnterpriseKind
from enterprises.models import Enterprise
from officers.choices import AssignmentEndReason, OfficerStatus
from officers.models import Assignment, BackingUnit, Officer, TaskForce
from officers.services import (
    AssignmentRow,
    BackingUnitRow,
    OfficerRow,
    assignment_create,
    assignments_upsert,
    backing_units_upsert,
    officer_create,
    officers_upsert,
)
from regions.choices import RegionLevel

OFFICER_TITLES = (
    ("一级科员", 16), ("科员", 10), ("四级主任科员", 14), ("三级主任科员", 9), ("二级主任科员", 5),
    ("一级主任科员", 3), ("副科长", 14), ("科长", 9), ("副主任", 7), ("主任科员", 6), ("副局长", 4),
    ("党组成员、副局长", 1), ("调研员", 2),
)
TITLE_NAMES = [title for title, _ in OFFICER_TITLES]
TITLE_CUM_WEIGHTS = list(accumulate(weight for _, weight in OFFICER_TITLES))

# Backing units (派出单位): every bureau sends officers, not only the ones that solve problems.
PROVINCE_UNITS = (
    "湖南省水利厅", "湖南省教育厅", "湖南省农业农村厅", "湖南省文化和旅游厅", "湖南省民政厅", "湖南省司法厅",
    "湖南省林业局", "湖南省统计局", "湖南省审计厅", "湖南省科学技术厅", "湖南省财政厅", "湖南省商务厅",
)
CITY_UNITS = (
    "{}水利局", "{}教育局", "{}农业农村局", "{}文化旅游广电体育局", "{}民政局", "{}司法局", "{}林业局",
    "{}统计局", "{}审计局", "{}生态环境局", "{}科学技术局", "{}退役军人事务局", "{}医疗保障局",
    "{}城市管理和综合执法局", "{}机关事务管理局", "{}财政局", "{}总工会", "共青团{}委员会",
)
COUNTY_UNITS = (
    "{}水利局", "{}教育局", "{}农业农村局", "{}文化旅游广电体育局", "{}民政局", "{}司法局", "{}林业局",
    "{}统计局", "{}审计局", "{}退役军人事务局", "{}医疗保障局", "{}城市管理和综合执法局", "{}财政局",
    "{}发展和改革局", "{}总工会", "共青团{}委员会",
)
PARK_UNITS = ("{}管理委员会",)
RECALL_NOTES = ("日报长期未按时报送，予以召回调整", "日常考核排名靠后，召回调整", "工作作风漂浮，召回调整")
ROTATION_NOTES = ("驻企期满轮换休整", "轮岗调整，由本单位干部接替")
EASY_OFFICERS = 2  # o000001 and o000002 are listed with the logins


@dataclass
class PlannedOfficer:
    username: str
    name: str
    phone: str
    title: str
    status: str
    region: str  # the backing unit's region: the office that manages the officer
    unit: str


@dataclass
class PlannedTaskForce:
    enterprise: int
    name: str
    region: str
    leader: int


@dataclass
class PlannedAssignment:
    officer: int
    enterprise: int
    managing: str
    start: date
    end: date | None = None
    end_reason: str = ""
    end_note: str = ""
    task_force: int | None = None
    replaces: int | None = None



def unit_names(run: DemoRun) -> dict[str, list[str]]:
    """Backing units per region code (province, cities, counties, parks)."""
    if "units" not in run.plans:
        run.plans["units"] = _draw_unit_names(run)
    return run.plans["units"]


def _draw_unit_names(run: DemoRun) -> dict[str, list[str]]:
    names = {PROVINCE_CODE: list(PROVINCE_UNITS)}
    for code, region in run.regions.items():
        templates = {RegionLevel.CITY: CITY_UNITS, RegionLevel.COUNTY: COUNTY_UNITS,
                     RegionLevel.PARK: PARK_UNITS}.get(region.level)
        if templates:
            names[code] = [template.format(region.name) for template in templates]
    return names


def officer_plan(run: DemoRun) -> list[PlannedOfficer]:
    """The run's officers, drawn once: the officer and assignment steps read the same plan."""
    if "officers" not in run.plans:
        run.plans["officers"] = _draw_officers(run)
    return run.plans["officers"]


def _draw_officers(run: DemoRun) -> list[PlannedOfficer]:
    cities = sorted(CITY_WEIGHTS)
    counties = [c for c in run.leaves if run.level(c) == RegionLevel.COUNTY]
    parks = [c for c in run.leaves if run.level(c) == RegionLevel.PARK]
    pools = {
        "province": ([PROVINCE_CODE], [1]),
        "city": (cities, list(accumulate(CITY_WEIGHTS[c] for c in cities))),
        "county": (counties, list(accumulate(run.leaf_weight[c] for c in counties))),
        "park": (parks, list(accumulate(run.leaf_weight[c] for c in parks))),
    }
    plan = []
    for number in range(1, run.officers + 1):
        rng = row_rng("officer", number)
        level = rng.choices(("province", "city", "county", "park"), cum_weights=(3, 35, 95, 100))[0]
        codes, cum_weights = pools[level]
        region = rng.choices(codes, cum_weights=cum_weights)[0]
        roll = rng.random()
        status = (OfficerStatus.RECALLED if roll < 0.015
                  else OfficerStatus.ROTATED_OUT if roll < 0.03 else OfficerStatus.ACTIVE)
        plan.append(PlannedOfficer(
            username=f"o{number:06d}", name=person_name(rng), phone=mobile_number(rng),
            title=rng.choices(TITLE_NAMES, cum_weights=TITLE_CUM_WEIGHTS)[0], status=status, region=region,
            unit=rng.choice(unit_names(run)[region]),
        ))
    return plan


def roster_plan(run: DemoRun) -> tuple[list[PlannedTaskForce], list[PlannedAssignment]]:
    """The run's task forces and assignments, planned once: the roster and problem steps read the same plan."""
    if "roster" not in run.plans:
        run.plans["roster"] = RosterPlanner(run).plan()
    return run.plans["roster"]


class RosterPlanner:
    """Stations the planned officers in the planned enterprises: task forces first, then 1–3 enterprises each,
    then every enterprise left without an officer, then recalls and rotations with their replacements."""

    def __init__(self, run: DemoRun):
        self.run = run
        self.rng = random.Random(SEED)
        self.enterprises = enterprise_plan(run)
        self.officers = officer_plan(run)
        self.held: list[set[int]] = [set() for _ in self.officers]
        self.covered: set[int] = set()
        self.assignments: list[PlannedAssignment] = []
        self.task_forces: list[PlannedTaskForce] = []
        self.active_by_region: dict[str, list[int]] = defaultdict(list)
        for index, officer in enumerate(self.officers):
            if officer.status == OfficerStatus.ACTIVE:
                self.active_by_region[officer.region].append(index)
        self.pools: dict[str, list[int]] = defaultdict(list)
        for index, enterprise in enumerate(self.enterprises):
            self.pools[enterprise.region].append(index)
        for code in sorted(self.pools):
            self.rng.shuffle(self.pools[code])
        self.cursor = dict.fromkeys(self.pools, 0)
        self.key_enterprises = [i for i, e in enumerate(self.enterprises) if e.is_key]
        self._reach_cache: dict[str, tuple[list[str], list[int]]] = {}
        self._reaching_cache: dict[str, list[int]] = {}
        leaving = [o.status != OfficerStatus.ACTIVE for o in self.officers]
        self.slots = [self.rng.choices((1, 2, 3), cum_weights=(50, 85, 100))[0] for _ in self.officers]
        # Most officers were dispatched in the campaign's first week; those who leave started early enough to leave.
        self.first_day = [min(int(self.rng.expovariate(1 / 5)), 25 if gone else 49) for gone in leaving]

    def plan(self) -> tuple[list[PlannedTaskForce], list[PlannedAssignment]]:
        self._plan_task_forces()
        for officer in range(len(self.officers)):
            while len(self.held[officer]) < self.slots[officer]:
                enterprise = self._pick(officer)
                if enterprise is None:
                    break
                self._station(officer, enterprise, self._start(officer))
        self._cover_the_rest()
        self._plan_departures()
        return self.task_forces, self.assignments

    def _start(self, officer: int) -> date:
        extra = 0 if not self.held[officer] else self.rng.choice((0, 0, 0, 1, 2, 5, 9, 14))
        cap = 30 if self.officers[officer].status != OfficerStatus.ACTIVE else 53
        return self.run.campaign_start + timedelta(days=min(self.first_day[officer] + extra, cap))

    def _station(self, officer: int, enterprise: int, start: date, *, task_force: int | None = None,
                 replaces: int | None = None, managing: str | None = None) -> int:
        self.held[officer].add(enterprise)
        self.covered.add(enterprise)
        self.assignments.append(PlannedAssignment(
            officer=officer, enterprise=enterprise, managing=managing or self.officers[officer].region, start=start,
            task_force=task_force, replaces=replaces,
        ))
        return len(self.assignments) - 1

    def _reach(self, region: str) -> tuple[list[str], list[int]]:
        if region not in self._reach_cache:
            leaves = [c for c in self.run.leaves_under.get(region, []) if self.pools.get(c)]
            self._reach_cache[region] = (leaves, list(accumulate(len(self.pools[c]) for c in leaves)))
        return self._reach_cache[region]

    def _pick(self, officer: int) -> int | None:
        """The next enterprise in the officer's reach, going round each county's enterprises in turn."""
        region = self.officers[officer].region
        held = self.held[officer]
        for _ in range(6):
            if region == PROVINCE_CODE:
                # Province units go to key enterprises and projects anywhere.
                enterprise = self.rng.choice(self.key_enterprises) if self.key_enterprises else None
            else:
                leaves, cum_weights = self._reach(region)
                if not leaves:
                    return None
                leaf = self.rng.choices(leaves, cum_weights=cum_weights)[0]
                pool = self.pools[leaf]
                enterprise = pool[self.cursor[leaf] % len(pool)]
                self.cursor[leaf] += 1
            if enterprise is not None and enterprise not in held:
                return enterprise
        return None

    def _officers_reaching(self, enterprise: int) -> list[int]:
        """Active officers whose backing unit's region contains the enterprise, nearest first."""
        leaf = self.enterprises[enterprise].region
        if leaf not in self._reaching_cache:
            county, city = self.run.county_of(leaf), self.run.city_of(leaf)
            chain = ([leaf] if leaf != county else []) + [county, city]
            self._reaching_cache[leaf] = [o for code in chain for o in self.active_by_region.get(code, [])]
        return self._reaching_cache[leaf]

    def _plan_task_forces(self) -> None:
        count = max(4, len(self.enterprises) // 120)
        fixed_projects = [i for i, e in enumerate(self.enterprises[:len(FIXED_ENTERPRISES)])
                          if e.kind == EnterpriseKind.PROJECT]
        targets = fixed_projects + [i for i in self.key_enterprises if i not in fixed_projects]
        for enterprise in targets[:count]:
            candidates = [o for o in self._officers_reaching(enterprise) if len(self.held[o]) < self.slots[o]]
            members = self.rng.sample(candidates, min(len(candidates), self.rng.randint(3, 5)))
            if len(members) < 2:
                continue
            planned = self.enterprises[enterprise]
            suffix = "服务保障专班" if planned.kind == EnterpriseKind.PROJECT else "驻企工作专班"
            managing = min((self.officers[o].region for o in members), key=lambda c: self.run.regions[c].depth)
            self.task_forces.append(PlannedTaskForce(
                enterprise=enterprise, name=f"{planned.name}{suffix}", region=managing, leader=members[0],
            ))
            start = self.run.campaign_start + timedelta(days=self.rng.randint(0, 6))
            for officer in members:
                self._station(officer, enterprise, start, task_force=len(self.task_forces) - 1)

    def _cover_the_rest(self) -> None:
        """Give an officer to every enterprise the round-robin missed, from officers with room for one more."""
        for enterprise in range(len(self.enterprises)):
            if enterprise in self.covered:
                continue
            candidates = self._officers_reaching(enterprise)
            for _ in range(min(8, len(candidates))):
                officer = self.rng.choice(candidates)
                if len(self.held[officer]) < 3 and enterprise not in self.held[officer]:
                    self._station(officer, enterprise, self._start(officer))
                    break

    def _replacement(self, assignment: PlannedAssignment) -> int | None:
        """An active officer of the same managing region who is not yet in that enterprise."""
        candidates = self.active_by_region.get(assignment.managing, [])
        for _ in range(min(10, len(candidates))):
            officer = self.rng.choice(candidates)
            if assignment.enterprise not in self.held[officer] and len(self.held[officer]) < 4:
                return officer
        return None

    def _end(self, index: int, end: date, reason: str, note: str) -> None:
        assignment = self.assignments[index]
        assignment.end, assignment.end_reason, assignment.end_note = end, reason, note
        successor = self._replacement(assignment)
        if successor is not None:
            self._station(successor, assignment.enterprise, end, task_force=assignment.task_force, replaces=index,
                          managing=assignment.managing)

    def _plan_departures(self) -> None:
        """Recalled and rotated-out officers leave all their enterprises; a few active officers rotate out of one."""
        by_officer = defaultdict(list)
        for index, assignment in enumerate(self.assignments):
            by_officer[assignment.officer].append(index)
        last_day = self.run.today - timedelta(days=1)
        for officer, planned in enumerate(self.officers):
            mine = by_officer.get(officer, [])
            if not mine:
                continue
            if planned.status != OfficerStatus.ACTIVE:
                latest = max(self.assignments[i].start for i in mine)
                end = min(latest + timedelta(days=self.rng.randint(7, 21)), last_day)
                recalled = planned.status == OfficerStatus.RECALLED
                reason = AssignmentEndReason.RECALLED if recalled else AssignmentEndReason.ROTATED
                note = self.rng.choice(RECALL_NOTES if recalled else ROTATION_NOTES[:1])
                for index in mine:
                    self._end(index, end, reason, note)
            elif len(mine) >= 2 and self.rng.random() < 0.03:
                index = mine[0]
                start = self.assignments[index].start
                if (last_day - start).days >= 7:
                    end = start + timedelta(days=self.rng.randint(7, (last_day - start).days))
                    self._end(index, end, AssignmentEndReason.ROTATED, ROTATION_NOTES[1])



def step_backing_units(run: DemoRun) -> None:
    keys = [(code, name) for code, names in sorted(unit_names(run).items()) for name in names]
    result = seeded(backing_units_upsert(actor=run.admin, rows=[
        BackingUnitRow(region=run.regions[code], name=name) for code, name in keys]), "backing units")
    run.units = dict(zip(keys, result.objects, strict=True))



def _officer_row(run: DemoRun, planned: PlannedOfficer, *, status: str | None = None) -> OfficerRow:
    return OfficerRow(username=planned.username, name=planned.name, phone=planned.phone, title=planned.title,
                      backing_unit=run.units[(planned.region, planned.unit)], status=status)


def step_officers(run: DemoRun) -> None:
    """Officers with their logins and officer posts, all active: those who left are recalled or rotated out once
    their assignments are written. Every new login gets the one demo password hash."""
    plan = officer_plan(run)
    result = seeded(officers_upsert(actor=run.admin, rows=[_officer_row(run, o) for o in plan],
                                     password_hash=run.password_hash), "officers")
    run.officer_ids = [officer.pk for officer in result.objects]
    user_model = get_user_model()
    for chunk in chunks([o.username for o in plan]):
        # A new --password applies to the generated officers too.
        user_model.objects.filter(username__in=chunk).exclude(password=run.password_hash).update(
            password=run.password_hash)
    for planned in [o for o in plan if o.status == OfficerStatus.ACTIVE][:EASY_OFFICERS]:
        run.logins.append((planned.username, "liaison officer (generated)", f"{planned.name} · {planned.unit}"))


def step_task_forces(run: DemoRun) -> None:
    task_forces, _ = roster_plan(run)
    rows = [TaskForce(name=t.name, enterprise_id=run.enterprise_ids[t.enterprise], region=run.regions[t.region],
                      leader_id=run.officer_ids[t.leader]) for t in task_forces]
    if rows:
        rows[0].full_clean(validate_unique=False, validate_constraints=False)
    bulk_insert(TaskForce, rows)
    ids = {(enterprise_id, name): pk for enterprise_id, name, pk in
           TaskForce.objects.values_list("enterprise_id", "name", "id")}
    run.task_force_ids = [ids.get((row.enterprise_id, row.name)) for row in rows]


def step_assignments(run: DemoRun) -> None:
    """Assignments first, then the replacements that point at the assignments they replace, then the departures
    of the officers who left (their assignments ended above)."""
    _, plan = roster_plan(run)
    existing_pairs = set(Assignment.objects.values_list("officer_id", "enterprise_id"))
    officers = Officer.objects.in_bulk(run.officer_ids)
    enterprises = Enterprise.objects.in_bulk(run.enterprise_ids)
    task_forces = TaskForce.objects.in_bulk([pk for pk in run.task_force_ids if pk is not None])

    def row(assignment: PlannedAssignment, replaces: Assignment | None = None) -> AssignmentRow:
        task_force_id = run.task_force_ids[assignment.task_force] if assignment.task_force is not None else None
        return AssignmentRow(
            officer=officers[run.officer_ids[assignment.officer]],
            enterprise=enterprises[run.enterprise_ids[assignment.enterprise]],
            managing_region=run.regions[assignment.managing], task_force=task_forces.get(task_force_id),
            start_date=assignment.start, end_date=assignment.end, end_reason=assignment.end_reason,
            end_note=assignment.end_note, replaces=replaces,
        )

    def is_new(assignment: PlannedAssignment) -> bool:
        pair = (run.officer_ids[assignment.officer], run.enterprise_ids[assignment.enterprise])
        return pair not in existing_pairs

    # Only an active officer can be stationed: one who left since (a larger scale on top of a smaller one plans
    # more history for them) is back on duty while their history is written, and leaves again below.
    returning = {officers[run.officer_ids[a.officer]] for a in plan if is_new(a)} - {
        o for o in officers.values() if o.status == OfficerStatus.ACTIVE}
    _officers_set_status(run, {officer: OfficerStatus.ACTIVE for officer in returning}, "returns")
    seeded(assignments_upsert(actor=run.admin, rows=[row(a) for a in plan if a.replaces is None and is_new(a)]),
            "assignments")
    ids = {key[:3]: key[3] for key in Assignment.objects.values_list("officer_id", "enterprise_id", "start_date", "id")}
    replaced_ids = {}
    for assignment in plan:
        if assignment.replaces is not None and is_new(assignment):
            replaced = plan[assignment.replaces]
            replaced_ids[id(assignment)] = ids.get((run.officer_ids[replaced.officer],
                                                    run.enterprise_ids[replaced.enterprise], replaced.start))
    replaced = Assignment.objects.in_bulk([pk for pk in replaced_ids.values() if pk is not None])
    seeded(assignments_upsert(actor=run.admin, rows=[
        row(a, replaced[replaced_ids[id(a)]]) for a in plan
        if a.replaces is not None and is_new(a) and replaced_ids[id(a)] is not None]), "replacements")
    _officers_set_status(run, {officer: officer.status for officer in returning}, "returns")
    seeded(officers_upsert(actor=run.admin, rows=[_officer_row(run, o, status=o.status) for o in officer_plan(run)
                                                   if o.status != OfficerStatus.ACTIVE]), "departures")


def _officers_set_status(run: DemoRun, statuses: dict[Officer, str], what: str) -> None:
    if not statuses:
        return
    current = Officer.objects.select_related("user", "backing_unit__region").in_bulk([o.pk for o in statuses])
    seeded(officers_upsert(actor=run.admin, rows=[
        OfficerRow(username=current[o.pk].user.username, name=o.name, phone=o.phone, title=o.title,
                   backing_unit=current[o.pk].backing_unit, status=status) for o, status in statuses.items()]), what)


def step_demo_officer(run: DemoRun) -> None:
    """The `officer` login, made through the services like a real roster entry: three enterprises in 芙蓉区."""
    furong = run.regions[DEMO_OFFICER.region]
    officer = Officer.objects.filter(user__username=DEMO_OFFICER.username).first()
    if officer is None:
        unit = BackingUnit.objects.get(region=furong, name=DEMO_OFFICER_UNIT)
        officer = officer_create(actor=run.admin, username=DEMO_OFFICER.username, name=DEMO_OFFICER.full_name,
                                 phone=DEMO_OFFICER_PHONE, backing_unit=unit, title="副科长")
    if officer.user.password != run.password_hash:
        officer.user.password = run.password_hash
        officer.user.save(update_fields=["password"])
    held = set(Assignment.objects.filter(officer=officer).values_list("enterprise_id", flat=True))
    for index in range(DEMO_OFFICER_ENTERPRISES):
        enterprise = Enterprise.objects.get(pk=run.enterprise_ids[index])
        if enterprise.pk not in held:
            assignment_create(actor=run.admin, officer=officer, enterprise=enterprise, managing_region=furong,
                              start_date=run.campaign_start + timedelta(days=index + 1))
    run.logins.append((DEMO_OFFICER.username, "liaison officer (3 enterprises)",
                       f"{DEMO_OFFICER.full_name} · {DEMO_OFFICER_UNIT}"))

