"""Writes on consultation meetings and their rectification lists: record a meeting, move an item, flag overdue items
and remind those falling due (the item's owner and the meeting's office are told through `notifications`).

Refusals are ValidationErrors with translatable messages; nothing is saved. Every change of an item writes one
`RectificationEvent` (who, when, what).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from branches.models import Branch, BranchMember
from enterprises.models import Enterprise
from notifications.choices import NoticeKind
from notifications.selectors import office_staff_ids
from notifications.services import NoticeDraft, notify_many
from officers.models import Assignment
from regions.scoping import can_manage

from .choices import OPEN_STATUSES, AttendeeKind, ItemAction, ItemStatus
from .models import TEXT_LIMIT, Meeting, MeetingAttendee, RectificationEvent, RectificationItem


@dataclass(frozen=True)
class AttendeeInput:
    """One person at the meeting; `user` when they have a login (an officer's, a branch member's)."""

    kind: str
    name: str
    user: object = None


@dataclass(frozen=True)
class ItemInput:
    """One line of the rectification list; `owner` is the owner's login (an officer's user) when there is one."""

    description: str
    owner_name: str
    due_on: date
    owner: object = None


def attendee_for_officer(officer, kind: str = AttendeeKind.OFFICER) -> AttendeeInput:
    return AttendeeInput(kind=kind, name=officer.name, user=officer.user)


# Roles ---------------------------------------------------------------------------------------------------------


def _is_member(user, branch: Branch, day: date) -> bool:
    return BranchMember.objects.filter(branch=branch, user=user, joined_on__lte=day).exclude(left_on__lt=day).exists()


def _is_stationed(user, enterprise: Enterprise, day: date) -> bool:
    return Assignment.objects.active_on(day).filter(officer__user=user, enterprise=enterprise).exists()


def may_record_meeting(user, *, branch: Branch | None, enterprise: Enterprise | None, day: date) -> bool:
    """The office of the branch or the enterprise, a member of the branch, or an officer stationed in the enterprise."""
    if user is None or not user.is_authenticated:
        return False
    if branch is not None and (can_manage(user, branch) or _is_member(user, branch, day)):
        return True
    return enterprise is not None and (can_manage(user, enterprise) or _is_stationed(user, enterprise, day))


def may_update_item(user, item: RectificationItem) -> bool:
    """The office of the meeting (or of its enterprise), the item's owner, or whoever recorded the meeting."""
    if user is None or not user.is_authenticated:
        return False
    meeting = item.meeting
    return can_manage(user, meeting) or user.pk in (item.owner_id, meeting.created_by_id)


# Writing -------------------------------------------------------------------------------------------------------


def _text(value: str | None, field: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("Please write a few words: this field is required.")})
    if len(text) > TEXT_LIMIT:
        raise ValidationError({field: _("Please keep this under %(limit)d characters.") % {"limit": TEXT_LIMIT}})
    return text


def _clean_attendees(attendees: Sequence[AttendeeInput]) -> list[AttendeeInput]:
    cleaned, seen = [], set()
    for attendee in attendees:
        name = (attendee.name or "").strip()
        if not name:
            continue
        if attendee.kind not in AttendeeKind.values:
            raise ValidationError({"attendees": _("Choose who %(name)s is at the meeting.") % {"name": name}})
        key = attendee.user.pk if attendee.user is not None else (attendee.kind, name)
        if key in seen:
            raise ValidationError({"attendees": _("%(name)s is listed twice among the attendees.") % {"name": name}})
        seen.add(key)
        cleaned.append(AttendeeInput(kind=attendee.kind, name=name, user=attendee.user))
    if not cleaned:
        raise ValidationError({"attendees": _("A meeting needs its attendees: list at least one person who took "
                                              "part.")})
    return cleaned


def _clean_items(items: Sequence[ItemInput], held_on: date) -> list[ItemInput]:
    cleaned = []
    for item in items:
        description = _text(item.description, "items", required=False)
        if not description:
            continue
        owner_name = (item.owner_name or "").strip()
        if not owner_name:
            raise ValidationError({"items": _("“%(item)s” needs a responsible person.") % {"item": description[:30]}})
        if item.due_on is None:
            raise ValidationError({"items": _("“%(item)s” needs a due date.") % {"item": description[:30]}})
        if item.due_on < held_on:
            raise ValidationError({"items": _("“%(item)s” cannot be due before the meeting was held.")
                                   % {"item": description[:30]}})
        cleaned.append(ItemInput(description=description, owner_name=owner_name, due_on=item.due_on,
                                 owner=item.owner))
    return cleaned


@transaction.atomic
def meeting_record(
    *,
    actor,
    held_on: date,
    risk_points: str,
    attendees: Sequence[AttendeeInput],
    branch: Branch | None = None,
    enterprise: Enterprise | None = None,
    weak_links: str = "",
    items: Sequence[ItemInput] = (),
) -> Meeting:
    """Record a consultation meeting with its attendees and its rectification list, all or nothing.

    Of a branch, an enterprise, or an enterprise the branch covers; not in the future; at least one attendee.
    """
    if held_on is None:
        raise ValidationError({"held_on": _("Please choose the day the meeting was held.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting cannot be recorded for a day that has not come yet.")})
    if branch is None and enterprise is None:
        raise ValidationError({"branch": _("Choose the joint Party branch or the enterprise the meeting was of.")})
    if branch is not None and enterprise is not None and \
            not branch.coverage.filter(enterprise=enterprise).exists():
        raise ValidationError({"enterprise": _("%(branch)s does not cover %(enterprise)s.")
                               % {"branch": branch.name, "enterprise": enterprise.name}})
    if not may_record_meeting(actor, branch=branch, enterprise=enterprise, day=held_on):
        raise ValidationError(_("Only the liaison office, a member of the branch or an officer stationed in the "
                                "enterprise may record its meetings."))
    risk_points = _text(risk_points, "risk_points", required=True)
    weak_links = _text(weak_links, "weak_links", required=False)
    attendees = _clean_attendees(attendees)
    items = _clean_items(items, held_on)

    meeting = Meeting(held_on=held_on, branch=branch, enterprise=enterprise,
                      region_id=branch.region_id if branch is not None else enterprise.region_id,
                      risk_points=risk_points, weak_links=weak_links, created_by=actor)
    meeting.full_clean()
    meeting.save()
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting=meeting, kind=a.kind, name=a.name, user=a.user) for a in attendees
    )
    for entry in items:
        item = RectificationItem(meeting=meeting, description=entry.description, owner_name=entry.owner_name,
                                 owner=entry.owner, due_on=entry.due_on)
        item.full_clean(exclude=["meeting"])
        item.save()
        RectificationEvent.objects.create(item=item, actor=actor, action=ItemAction.CREATED, to_status=item.status)
    return meeting


@transaction.atomic
def rectification_item_update(
    *, actor, item: RectificationItem, status: str, evidence: str = "", note: str = ""
) -> RectificationItem:
    """Move an item to open, in progress or done. Done needs an evidence note; reopening a done item clears the close.

    `note` goes to the item's history only.
    """
    item = RectificationItem.objects.select_for_update(of=("self",)).select_related(
        "meeting__enterprise__region", "meeting__region").get(pk=item.pk)
    if not may_update_item(actor, item):
        raise ValidationError(_("Only the liaison office, the item's owner or whoever recorded the meeting may "
                                "update this item."))
    if status not in ItemStatus.values:
        raise ValidationError({"status": _("Choose open, in progress or done.")})
    evidence = _text(evidence, "evidence", required=False) or item.evidence
    note = _text(note, "note", required=False)
    if status == ItemStatus.DONE and not evidence:
        raise ValidationError({"evidence": _("An item is closed only with evidence: say what was done and how it "
                                             "was checked.")})
    from_status = item.status
    if status == from_status and evidence == item.evidence and not note:
        return item
    item.status, item.evidence = status, evidence
    if status == ItemStatus.DONE and from_status != ItemStatus.DONE:
        item.closed_by, item.closed_at, action = actor, timezone.now(), ItemAction.CLOSED
    elif status != ItemStatus.DONE and from_status == ItemStatus.DONE:
        item.closed_by, item.closed_at, action = None, None, ItemAction.REOPENED
    else:
        action = ItemAction.STATUS_CHANGED
    item.full_clean(exclude=["meeting"])
    item.save(update_fields=["status", "evidence", "closed_by", "closed_at", "updated_at"])
    RectificationEvent.objects.create(item=item, actor=actor, action=action, from_status=from_status,
                                      to_status=status, note=note or (evidence if action == ItemAction.CLOSED else ""))
    return item


def _item_drafts(items: Sequence[RectificationItem], *, title: str, key: str) -> list[NoticeDraft]:
    """One notice per item for its owner (when they have an active login) and each of its meeting's office staff.

    `title` and `key` are %-templates over the item's `item`, `due` and `id`; the office's staff are read once per
    region.
    """
    staff: dict[int, list[int]] = {}
    drafts = []
    with override(settings.LANGUAGE_CODE):
        for item in items:
            region_id = item.meeting.region_id
            if region_id not in staff:
                staff[region_id] = office_staff_ids(region_ids=[region_id])
            recipients = list(staff[region_id])
            if item.owner_id is not None and item.owner.is_active and item.owner_id not in recipients:
                recipients.append(item.owner_id)
            words = {"item": item.description[:60], "due": item.due_on.isoformat(), "id": item.pk}
            body = _("%(subject)s · responsible: %(owner)s") % {"subject": item.meeting.subject,
                                                                "owner": item.owner_name}
            url = reverse("meetings:item", args=[item.pk])
            drafts += [NoticeDraft(recipient_id=user_id, title=title % words, body=body, url=url,
                                   dedupe_key=key % words) for user_id in recipients]
    return drafts


def rectification_items_flag_overdue(*, today: date | None = None) -> int:
    """Flag every item past its due date and not done, once, and tell its owner and its meeting's office, in the
    same transaction (a notice each, by e-mail and SMS as each chose).

    Idempotent: flagged items are never flagged again, and each notice is written once per item, so a second run
    the same day flags and tells nothing. Returns how many items this run flagged.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        # skip_locked: two overlapping runs split the rows between them instead of flagging any item twice.
        due = list(
            RectificationItem.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status__in=OPEN_STATUSES, due_on__lt=today, flagged_overdue_at__isnull=True)
            .select_related("meeting__branch", "meeting__enterprise", "owner")
            .order_by("due_on", "id")
        )
        if not due:
            return 0
        RectificationItem.objects.filter(pk__in=[item.pk for item in due]).update(flagged_overdue_at=now)
        RectificationEvent.objects.bulk_create(
            RectificationEvent(item=item, actor=None, at=now, action=ItemAction.FLAGGED_OVERDUE,
                               from_status=item.status, to_status=item.status,
                               note=item.due_on.isoformat())
            for item in due
        )
        with override(settings.LANGUAGE_CODE):
            title = _("Rectification item overdue (due %(due)s): %(item)s")
        notify_many(kind=NoticeKind.RECTIFICATION_OVERDUE,
                    drafts=_item_drafts(due, title=title, key="rectification:%(id)s:overdue"))
    return len(due)


def rectification_items_remind_due(*, today: date | None = None) -> int:
    """The morning reminder: every item not done that falls due within RECTIFICATION_DUE_DAYS days (today
    included) tells its owner and its meeting's office, once per due date (a due date moved later reminds again).

    Idempotent through the notices' dedupe keys: a second run the same day writes nothing. Returns how many notices
    this run wrote.
    """
    today = today or timezone.localdate()
    last = today + timedelta(days=settings.RECTIFICATION_DUE_DAYS)
    items = list(
        RectificationItem.objects.filter(status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=last)
        .select_related("meeting__branch", "meeting__enterprise", "owner")
        .order_by("due_on", "id")
    )
    with override(settings.LANGUAGE_CODE):
        title = _("Rectification item due %(due)s: %(item)s")
    with transaction.atomic():
        return notify_many(kind=NoticeKind.RECTIFICATION_DUE,
                           drafts=_item_drafts(items, title=title, key="rectification:%(id)s:due:%(due)s"))
