"""Demo data: weekly consultation meetings of the joint Party branches and their rectification lists.

Runs after the branches' demo step. Most branches meet once in every ISO week of the report-days window; a few
skip a week, and every sixth has not met yet this week (so the "no meeting this week" list shows something).
Attendees are the branch's members, sometimes with a stationed medic. Each meeting lists a few rectification items:
those due in the past are mostly done with evidence (a few closed late), some still open and flagged overdue the
morning after their due date, as the beat would have done. This morning's run is not planned but made: the step ends
with the two morning jobs themselves (flag what fell overdue yesterday, remind what falls due), which tell each
item's owner and its office, so running the beat right after seeding flags and tells nothing.
Rows are planned from seeded generators and bulk-inserted; a (branch, day) that already has a meeting is skipped, so
a second run adds nothing. One meeting is recorded through `meeting_record` itself: the 芙蓉区 office's meeting at one
of the demo officer's enterprises, whose items the demo officer and the department login (芙蓉区税务局) own.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.choices import MemberRole
from branches.models import Branch, BranchEnterprise, BranchMember
from demo.run import DemoRun
from liaison_portal.rowchecks import rows_check
from meetings.choices import AttendeeKind, ItemAction, ItemStatus
from meetings.models import Meeting, MeetingAttendee, RectificationEvent, RectificationItem
from meetings.services import (
    AttendeeInput,
    ItemInput,
    _clean_attendees,
    _clean_items,
    _text,
    attendee_for_officer,
    meeting_record,
    rectification_items_flag_overdue,
    rectification_items_remind_due,
)
from officers.models import Assignment, Officer

SEED = 2020
BATCH_SIZE = 2000
MEETS_WEEKLY_SHARE = 0.9  # of the branches; the others skip a week now and then
SKIPS_THIS_WEEK_EVERY = 6  # every sixth branch has not met yet this week

ATTENDEE_KINDS = {
    MemberRole.LIAISON_OFFICER: AttendeeKind.OFFICER,
    MemberRole.ENTERPRISE_PARTY_HEAD: AttendeeKind.ENTERPRISE_HEAD,
}
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建国文斌波宇浩凯健俊帆旭宁龙林欣婷雪琳晨阳佳颖湘楚岳"
RISK_POINTS = (
    "车间人员密集，未落实一米线间隔", "返岗员工健康登记不全，外省返岗人员未全部核验", "食堂未实行分餐错峰就餐",
    "隔离观察室位置不符合要求，缺少独立通风", "口罩和消毒液储备不足七天用量", "测温点设置在室内，入口人员聚集",
    "员工宿舍通风消毒记录缺失", "物流车辆司机未做登记和测温", "原材料库存仅够一周生产，供应链风险较大",
    "外地技术工人未能按期返岗，关键岗位缺人", "消防通道堆放物料，存在安全生产隐患", "应急预案未组织演练",
)
WEAK_LINKS = (
    "防疫专员职责不清", "消杀记录未按日登记", "外来人员登记流于形式", "应急物资台账不全", "班组长防疫培训未覆盖",
    "", "",
)
ITEMS = (
    "车间设置一米线标识并安排专人督导", "补全返岗员工健康登记台账", "食堂实行分餐制，错峰就餐",
    "按标准改造隔离观察室并通过卫健部门验收", "补充口罩、消毒液等防疫物资储备至十五天用量", "测温点移至厂区大门外",
    "建立宿舍每日通风消毒记录", "物流司机实行登记、测温、不下车装卸", "对接本地供应商，建立原材料备用货源",
    "组织返岗包车接回技术工人", "清理消防通道堆放物料", "组织一次疫情应急处置演练",
)
EVIDENCE = (
    "已整改到位，现场复查照片存档", "已建立台账，联络员现场核验", "卫健部门已现场验收合格", "已补充物资，库存清单附后",
    "整改完成，企业负责人签字确认", "已组织演练，演练记录及照片存档",
)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def step_meetings(run: DemoRun) -> None:
    """Weekly meetings of every branch over the report-days window, with attendees and rectification lists."""
    branches = list(Branch.objects.order_by("id").values_list("id", "region_id"))
    if not branches:
        run.log("meetings: no joint Party branches yet (the branches step runs first); nothing to add")
        return
    today = run.today
    first = max(today - timedelta(days=run.report_days - 1), run.campaign_start)
    first_monday = first - timedelta(days=first.weekday())
    this_monday = today - timedelta(days=today.weekday())

    members = defaultdict(list)
    for branch_id, role, name, user_id in BranchMember.objects.filter(left_on__isnull=True).order_by(
            "branch_id", "id").values_list("branch_id", "role", "name", "user_id"):
        members[branch_id].append((role, name, user_id))
    covered = defaultdict(list)
    for branch_id, enterprise_id in BranchEnterprise.objects.order_by("branch_id", "enterprise_id").values_list(
            "branch_id", "enterprise_id"):
        covered[branch_id].append(enterprise_id)
    held = set(Meeting.objects.filter(branch__isnull=False, held_on__gte=first_monday)
               .values_list("branch_id", "held_on"))

    plans = []  # (meeting, attendees, items)
    for index, (branch_id, region_id) in enumerate(branches):
        rng = random.Random(f"{SEED}:meetings:{branch_id}")
        weekly = rng.random() < MEETS_WEEKLY_SHARE
        skips_this_week = index % SKIPS_THIS_WEEK_EVERY == SKIPS_THIS_WEEK_EVERY - 1
        monday = first_monday
        while monday <= this_monday:
            week_rng = random.Random(f"{SEED}:meetings:{branch_id}:{monday.isoformat()}")
            skip = (monday == this_monday and skips_this_week) or (not weekly and week_rng.random() < 0.3)
            day = min(monday + timedelta(days=week_rng.randrange(5)), today)
            monday += timedelta(days=7)
            if skip or day < first or (branch_id, day) in held:
                continue
            plans.append(_plan(week_rng, branch_id, region_id, day, today, members[branch_id], covered[branch_id]))

    for plan in plans:
        meeting_rule(*plan, today=today)
    rows_check(plan[0] for plan in plans)
    rows_check(item for plan in plans for item in plan[2])
    Meeting.objects.bulk_create([plan[0] for plan in plans], batch_size=BATCH_SIZE)
    attendees, items = [], []
    for meeting, meeting_attendees, meeting_items in plans:
        attendees += [(meeting.pk, *attendee) for attendee in meeting_attendees]
        for item in meeting_items:
            item.meeting_id = meeting.pk
            items.append(item)
    _insert_rows(MeetingAttendee, ATTENDEE_COLUMNS, attendees)
    RectificationItem.objects.bulk_create(items, batch_size=BATCH_SIZE)
    _insert_rows(RectificationEvent, EVENT_COLUMNS, _history(items))
    _demo_logins_meeting(run)
    # This morning's runs of the beat, the real jobs: they flag, remind and tell in their own transactions.
    flagged = rectification_items_flag_overdue(today=today)
    reminded = rectification_items_remind_due(today=today)
    run.log(f"meetings: this morning's jobs flagged {flagged} items overdue and wrote {reminded} due reminders")


DEMO_MEETING_HELD_DAYS_AGO = 4
DEMO_MEETING_ITEMS = (  # (description, owner's login, due in days from today)
    ("落实返岗员工每日健康监测，补齐健康登记台账", "officer", -1),  # overdue since yesterday: flagged this morning
    ("协调办理企业社保费阶段性缓缴手续", "dept", 1),
    ("对接本地供应商，建立原材料备用货源", "officer", 2),
)


def _demo_logins_meeting(run: DemoRun) -> None:
    """The 芙蓉区 office's meeting at the demo officer's first enterprise, recorded through the service, with items
    for the demo officer and the department login to own (so their inboxes hear of items falling due)."""
    users = {user.username: user for user in get_user_model().objects.filter(username__in=("furong", "dept",
                                                                                             "officer"))}
    officer = Officer.objects.filter(user__username="officer").first()
    if len(users) < 3 or officer is None:
        return
    held_on = run.today - timedelta(days=DEMO_MEETING_HELD_DAYS_AGO)
    assignment = (Assignment.objects.active_on(run.today).filter(officer=officer).select_related("enterprise")
                  .order_by("enterprise__name", "pk").first())
    if assignment is None or Meeting.objects.filter(enterprise=assignment.enterprise, branch__isnull=True,
                                                    held_on=held_on, created_by=users["furong"]).exists():
        return
    department = users["dept"]
    owner_names = {"officer": officer.name, "dept": department.full_name.split()[-1]}  # "芙蓉区税务局 吴强"
    meeting_record(
        actor=users["furong"], held_on=held_on, enterprise=assignment.enterprise,
        risk_points="返岗员工健康登记不全；原材料库存仅够一周生产", weak_links="社保缓缴政策企业不了解",
        attendees=[attendee_for_officer(officer),
                   AttendeeInput(kind=AttendeeKind.OTHER, name=department.full_name, user=department),
                   AttendeeInput(kind=AttendeeKind.ENTERPRISE_HEAD, name="刘志强")],
        items=[ItemInput(description=description, owner_name=owner_names[login], owner=users[login],
                         due_on=run.today + timedelta(days=days))
               for description, login, days in DEMO_MEETING_ITEMS],
    )


def meeting_rule(meeting: Meeting, attendees: list[tuple], items: list[RectificationItem], *, today: date) -> None:
    """meeting_record's rules for a planned meeting, through its own helpers: held on a day that has come, risk
    points written, attendees of a known kind and none twice, every item owned and due no earlier than the meeting."""
    if meeting.held_on > today:
        raise ValidationError({"held_on": _("A meeting cannot be recorded for a day that has not come yet.")})
    user = get_user_model()
    _text(meeting.risk_points, "risk_points", required=True)
    _text(meeting.weak_links, "weak_links", required=False)
    _clean_attendees([AttendeeInput(kind=kind, name=name, user=user(pk=user_id) if user_id else None)
                      for kind, name, user_id in attendees])
    kept = _clean_items([ItemInput(description=item.description, owner_name=item.owner_name, due_on=item.due_on)
                         for item in items], meeting.held_on)
    if len(kept) != len(items):
        raise ValidationError({"items": "a planned rectification item has no description"})


ATTENDEE_COLUMNS = ("meeting_id", "kind", "name", "user_id")
EVENT_COLUMNS = ("item_id", "actor_id", "at", "action", "from_status", "to_status", "note")


def _insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert plain tuples: COPY on PostgreSQL (hundreds of thousands of attendees at province scale; building a
    model instance per row would cost most of the step), bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows],
                                  batch_size=BATCH_SIZE)
        return
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _plan(rng, branch_id, region_id, day, today, members, covered):
    secretary = next((m for m in members if m[0] == MemberRole.SECRETARY), None)
    enterprise_id = rng.choice(covered) if covered and rng.random() < 0.3 else None
    meeting = Meeting(held_on=day, branch_id=branch_id, enterprise_id=enterprise_id, region_id=region_id,
                      risk_points="；".join(rng.sample(RISK_POINTS, rng.choice((1, 2, 2, 3)))),
                      weak_links=rng.choice(WEAK_LINKS), created_by_id=secretary[2] if secretary else None)
    present = [m for m in members if m[0] == MemberRole.SECRETARY or rng.random() < 0.85] or members[:1]
    # Listed once each, as meeting_record requires: a member by their login, anyone else by kind and name (two
    # members of one branch may share a common name; a drawn medic's name may be a member's).
    attendees, listed = [], set()

    def attend(kind, name, user_id) -> None:
        key = user_id or (kind, name)
        if key not in listed:
            listed.add(key)
            attendees.append((kind, name, user_id))

    for role, name, user_id in present[:8]:
        attend(ATTENDEE_KINDS.get(role, AttendeeKind.BRANCH_MEMBER), name, user_id)
    if rng.random() < 0.5:
        attend(AttendeeKind.MEDIC, _person(rng), None)
    if not any(kind == AttendeeKind.ENTERPRISE_HEAD for kind, _, _ in attendees):
        attend(AttendeeKind.ENTERPRISE_HEAD, _person(rng), None)
    owners = [(name, user_id) for role, name, user_id in present if role == MemberRole.LIAISON_OFFICER]
    items = []
    for description in rng.sample(ITEMS, rng.choice((0, 1, 2, 2, 3))):
        owner_name, owner_id = rng.choice(owners) if owners and rng.random() < 0.7 else (_person(rng), None)
        due_on = day + timedelta(days=rng.randrange(3, 11))
        items.append(_item(rng, description, owner_name, owner_id, day, due_on, today, meeting.created_by_id))
    return meeting, attendees, items


def _item(rng, description, owner_name, owner_id, held_on, due_on, today, closer_id) -> RectificationItem:
    item = RectificationItem(description=description, owner_name=owner_name, owner_id=owner_id, due_on=due_on,
                             status=ItemStatus.OPEN, created_at=_at(held_on, 17))
    draw = rng.random()
    if due_on < today:
        if draw < 0.72:  # done on time
            closed_on = min(due_on - timedelta(days=rng.randrange(0, 3)), today)
        elif draw < 0.8:  # done late, after the beat flagged it
            closed_on = min(due_on + timedelta(days=rng.randrange(1, 5)), today)
        else:
            closed_on = None
            item.status = ItemStatus.IN_PROGRESS if draw < 0.88 else ItemStatus.OPEN
        if closed_on is not None:
            closed_on = max(closed_on, held_on)
            item.status, item.evidence = ItemStatus.DONE, rng.choice(EVIDENCE)
            item.closed_at, item.closed_by_id = _at(closed_on, 16, rng.randrange(60)), owner_id or closer_id
        flag_day = due_on + timedelta(days=1)
        # Still open and due yesterday: this morning's run is the real job's (it tells the owner and the office).
        left_to_this_morning = closed_on is None and flag_day == today
        if (closed_on is None or closed_on >= flag_day) and not left_to_this_morning:
            item.flagged_overdue_at = min(_at(flag_day, settings.RECTIFICATION_OVERDUE_HOUR), timezone.now())
    elif draw < 0.3:
        item.status = ItemStatus.IN_PROGRESS
    elif draw < 0.45 and held_on < today:
        item.status, item.evidence = ItemStatus.DONE, rng.choice(EVIDENCE)
        item.closed_at, item.closed_by_id = _at(held_on, 21, rng.randrange(60)), owner_id or closer_id
    if item.closed_at is not None:
        item.closed_at = min(item.closed_at, timezone.now())
    return item


def _history(items) -> list[tuple]:
    """Each item's history as EVENT_COLUMNS rows: listed, then started, flagged overdue, closed as it happened."""
    events = []
    for item in items:
        events.append((item.pk, None, item.created_at, ItemAction.CREATED, "", ItemStatus.OPEN, ""))
        if item.status == ItemStatus.IN_PROGRESS:
            events.append((item.pk, item.owner_id, item.created_at, ItemAction.STATUS_CHANGED, ItemStatus.OPEN,
                           ItemStatus.IN_PROGRESS, ""))
        if item.flagged_overdue_at is not None:
            flagged_in = ItemStatus.OPEN if item.status == ItemStatus.DONE else item.status
            events.append((item.pk, None, item.flagged_overdue_at, ItemAction.FLAGGED_OVERDUE, flagged_in,
                           flagged_in, item.due_on.isoformat()))
        if item.status == ItemStatus.DONE:
            events.append((item.pk, item.closed_by_id, item.closed_at, ItemAction.CLOSED, ItemStatus.OPEN,
                           ItemStatus.DONE, item.evidence))
    return events
