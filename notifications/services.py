"""Writes of the notifications app: `notify` / `notify_many` (the only way to tell someone something), marking
notices read, people's settings, and the outbox's sending, retrying, sweeping and resending.

`notify` runs inside the caller's transaction: the notices and their outbox rows exist if and only if the event
committed, and sending is queued after the commit. A task then claims each outbox row with one UPDATE (queued or
failed -> sending, with a claim token), so a row is never sent by two runs at once; each try is recorded with the
provider's answer. A channel that is down leaves its rows failed with a later retry time (backing off from a minute
to an hour) for NOTIFICATIONS_RETRY_HOURS, then given up, visible in the admin's delivery log with a resend action.
"""

import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import islice

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from liaison_portal.queueing import enqueue_on_commit, task_name
from regions.choices import PostKind
from regions.models import Post
from regions.scoping import scope_for

from .channels import Message, Result, adapter_for
from .choices import SENDABLE, URGENT_KINDS, AttemptOutcome, Channel, DeliveryStatus
from .models import Delivery, DeliveryAttempt, Notice, NotificationSettings, OfficeRobot, mainland_mobile

logger = logging.getLogger(__name__)

DELIVERIES_SEND_TASK = task_name("notifications.tasks.deliveries_send_task", queued_from=__name__)
DIGEST_SEND_TASK = task_name("notifications.tasks.digest_send_task", queued_from=__name__)

WRITE_CHUNK = 2000  # notices per bulk insert
SEND_CHUNK = 100  # outbox rows per queued task: 24,000 reminders are 240 messages, shared by the workers
CLAIM_BATCH = 20  # rows a task claims at once: 20 slow providers (the HTTP timeout each) stay well under the sweep's
# NOTIFICATIONS_SENDING_STALE_MINUTES
DIGEST_KIND = "digest"


@dataclass(frozen=True)
class NoticeDraft:
    """One notice to write: the batch form's row (each officer's reminder names their own enterprises)."""

    recipient_id: int
    title: str
    body: str = ""
    url: str = ""
    dedupe_key: str | None = None


def notify(*, kind: str, recipients: Iterable, title: str, body: str = "", url: str = "",
           dedupe_key: str | None = None) -> int:
    """Tell `recipients` (users or user ids) about one event: a notice each, and an outbox row per channel they chose.

    Call it inside the event's transaction. `dedupe_key` names the event (e.g. "problem:12:dispatched:345"): a
    recipient already told under that key is not told again. Returns how many notices were created.
    """
    drafts = [NoticeDraft(getattr(recipient, "pk", recipient), title, body, url, dedupe_key)
              for recipient in recipients]
    return notify_many(kind=kind, drafts=drafts)


def notify_many(*, kind: str, drafts: Iterable[NoticeDraft]) -> int:
    """The batch form of `notify` for thousands of recipients, each with their own words: set-based writes in
    chunks of WRITE_CHUNK (about ten statements a chunk). Returns how many notices were created."""
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for chunk in _chunks(drafts, WRITE_CHUNK):
            created += _notify_chunk(kind, chunk, now)
    return created


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _notify_chunk(kind: str, drafts: Sequence[NoticeDraft], now: datetime) -> int:
    rows: dict[tuple[int, str], Notice] = {}
    with override(settings.LANGUAGE_CODE):  # lazy texts are stored in the portal's language
        for draft in drafts:
            key = (draft.dedupe_key or uuid.uuid4().hex)[:200]
            rows.setdefault((draft.recipient_id, key), Notice(
                recipient_id=draft.recipient_id, kind=kind, title=str(draft.title)[:200], body=str(draft.body),
                url=str(draft.url)[:500], dedupe_key=key))
    existing = set(Notice.objects.filter(recipient_id__in={user for user, _ in rows},
                                         dedupe_key__in={key for _, key in rows})
                   .values_list("recipient_id", "dedupe_key"))
    fresh = {pair: notice for pair, notice in rows.items() if pair not in existing}
    if not fresh:
        return 0
    # A concurrent run of the same event may insert the same notices meanwhile: the unique key keeps one of each,
    # and the outbox rows below are unique per notice and channel too.
    Notice.objects.bulk_create(fresh.values(), ignore_conflicts=True)
    notice_ids = {
        (user_id, key): pk for pk, user_id, key in
        Notice.objects.filter(recipient_id__in={user for user, _ in fresh}, dedupe_key__in={key for _, key in fresh})
        .values_list("pk", "recipient_id", "dedupe_key") if (user_id, key) in fresh
    }
    deliveries = _outbox_rows(kind, fresh, notice_ids, now)
    if deliveries:
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        due = list(Delivery.objects.filter(notice_id__in=notice_ids.values(), status=DeliveryStatus.QUEUED,
                                           digest=False, enqueued_at=now).values_list("pk", flat=True))
        for ids in _chunks(sorted(due), SEND_CHUNK):
            enqueue_on_commit(DELIVERIES_SEND_TASK, delivery_ids=ids)
    return len(notice_ids)


@dataclass
class _Reach:
    email: str
    mobile: str
    settings: NotificationSettings
    office_region_ids: list[int]


def _reach(user_ids: set[int]) -> dict[int, _Reach]:
    """Where each active user can be reached: e-mail, a valid mainland mobile, their settings, their offices."""
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).values_list("pk", "email", "phone")
    chosen = {row.user_id: row for row in NotificationSettings.objects.filter(user_id__in=user_ids)}
    phones: dict[int, str] = {}
    for label in settings.NOTIFICATIONS_MOBILE_MODELS:  # e.g. an officer's roster phone: named, not imported
        model = apps.get_model(label)
        phones.update(model._base_manager.filter(user_id__in=user_ids).exclude(phone="")
                      .values_list("user_id", "phone"))
    offices: dict[int, list[int]] = {}
    for user_id, region_id in Post.objects.filter(user_id__in=user_ids, kind=PostKind.LIAISON_OFFICE, is_active=True,
                                                  region__isnull=False).values_list("user_id", "region_id"):
        offices.setdefault(user_id, []).append(region_id)
    reach = {}
    for user_id, email, phone in users:
        row = chosen.get(user_id) or NotificationSettings(user_id=user_id)
        mobile = next((number for number in (row.mobile, phones.get(user_id, ""), phone) if _is_mobile(number)), "")
        reach[user_id] = _Reach(email, mobile, row, offices.get(user_id, []))
    return reach


def _is_mobile(number: str) -> bool:
    try:
        mainland_mobile(number or "")
    except Exception:
        return False
    return True


def _outbox_rows(kind: str, fresh: dict, notice_ids: dict, now: datetime) -> list[Delivery]:
    reach = _reach({user for user, _ in notice_ids})
    retry_window = timedelta(hours=settings.NOTIFICATIONS_RETRY_HOURS)
    rows = []

    def row(notice_id, channel, address, due=now, digest=False, robot=None):
        rows.append(Delivery(notice_id=notice_id, channel=channel, address=address[:254], robot=robot,
                             digest=digest, next_attempt_at=due, enqueued_at=now if due <= now and not digest else None,
                             give_up_at=due + retry_window))

    robot_notices: dict[int, list[tuple[int, tuple]]] = {}
    for pair, notice_id in notice_ids.items():
        person = reach.get(pair[0])
        if person is None:
            continue
        wanted = person.settings.channels_for(kind)
        if Channel.EMAIL in wanted and person.email:
            row(notice_id, Channel.EMAIL, person.email)
        if Channel.SMS in wanted and person.mobile:
            due, digest = sms_due(person.settings, kind, now)
            row(notice_id, Channel.SMS, person.mobile, due, digest)
        notice = fresh[pair]
        for region_id in person.office_region_ids:
            robot_notices.setdefault(region_id, []).append((notice_id, (notice.title, notice.body, notice.url)))
    if robot_notices:
        # A group robot posts an event once, however many of the office's staff are told: its outbox row hangs on
        # the first of their notices.
        for robot in OfficeRobot.objects.filter(region_id__in=robot_notices, is_active=True):
            if not robot.posts(kind):
                continue
            posted = set()
            for notice_id, words in robot_notices[robot.region_id]:
                if words not in posted:
                    posted.add(words)
                    row(notice_id, robot.provider, robot.name, robot=robot)
    return rows


def _local_at(day, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def in_quiet_hours(moment: datetime, start: time, end: time) -> bool:
    local = timezone.localtime(moment).time()
    return start <= local < end if start < end else local >= start or local < end


def quiet_hours_end(moment: datetime, start: time, end: time) -> datetime:
    """The first end of quiet hours after `moment` (which lies inside them)."""
    local = timezone.localtime(moment)
    ends = _local_at(local.date(), end)
    return ends if ends > moment else _local_at(local.date() + timedelta(days=1), end)


def sms_due(row: NotificationSettings, kind: str, now: datetime) -> tuple[datetime, bool]:
    """When a text about `kind` may go out, and whether it waits for the morning digest. Escalations go at once."""
    if kind in URGENT_KINDS:
        return now, False
    if row.sms_digest:
        local = timezone.localtime(now)
        digest_at = time.fromisoformat(settings.NOTIFICATIONS_DIGEST_AT)
        due = _local_at(local.date(), digest_at)
        if due <= now:
            due = _local_at(local.date() + timedelta(days=1), digest_at)
        if in_quiet_hours(due, row.quiet_start, row.quiet_end):
            due = quiet_hours_end(due, row.quiet_start, row.quiet_end)
        return due, True
    if in_quiet_hours(now, row.quiet_start, row.quiet_end):
        return quiet_hours_end(now, row.quiet_start, row.quiet_end), False
    return now, False


# --- reading --------------------------------------------------------------------------------------------------------

@transaction.atomic
def notices_mark_read(*, user, notice_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own unread notices read (all of them without `notice_ids`); returns how many changed."""
    queryset = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        queryset = queryset.filter(pk__in=list(notice_ids))
    return queryset.update(read_at=timezone.now())


def notices_mark_all_read(*, user) -> int:
    return notices_mark_read(user=user)


def notice_open(*, user, notice: Notice) -> str:
    """The user opens their notice: it is read from now on; returns where it leads."""
    if notice.recipient_id != user.pk:
        raise PermissionDenied
    if notice.read_at is None:
        notices_mark_read(user=user, notice_ids=[notice.pk])
    return notice.url


@transaction.atomic
def notification_settings_update(*, user, mobile: str = "", channels: dict | None = None,
                                 quiet_start: time | None = None, quiet_end: time | None = None,
                                 sms_digest: bool = False) -> NotificationSettings:
    """Save a person's choices after the model's checks (a malformed mobile number is refused with a message)."""
    row = NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)
    row.mobile = (mobile or "").strip().replace(" ", "").replace("-", "")
    if channels is not None:
        row.channels = channels
    if quiet_start is not None:
        row.quiet_start = quiet_start
    if quiet_end is not None:
        row.quiet_end = quiet_end
    row.sms_digest = sms_digest
    row.full_clean()
    row.save()
    return row


# --- sending --------------------------------------------------------------------------------------------------------

def absolute_url(url: str) -> str:
    return settings.NOTIFICATIONS_SITE_URL.rstrip("/") + url if url.startswith("/") else url


def backoff(attempts: int) -> timedelta:
    """Wait before try number attempts + 1: a minute, doubling, capped (an hour by default)."""
    seconds = settings.NOTIFICATIONS_BACKOFF_FIRST_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.NOTIFICATIONS_BACKOFF_MAX_MINUTES * 60))


def deliveries_send(*, delivery_ids: Iterable[int]) -> int:
    """Send these outbox rows; returns how many went out."""
    outcomes = {}
    for ids in _chunks(delivery_ids, CLAIM_BATCH):
        outcomes.update(_claim_and_send(ids))
    return sum(outcome == AttemptOutcome.SENT for outcome in outcomes.values())


def delivery_send(*, delivery_id: int) -> str | None:
    """Claim one outbox row and send it; None when it is not due or another run has it (nothing is sent)."""
    return _claim_and_send([delivery_id]).get(delivery_id)


def _claim(queryset, now: datetime) -> uuid.UUID | None:
    token = uuid.uuid4()
    claimed = queryset.filter(status__in=SENDABLE, next_attempt_at__lte=now).update(
        status=DeliveryStatus.SENDING, claim=token, sending_since=now, attempts=F("attempts") + 1)
    return token if claimed else None


def _claim_and_send(delivery_ids: Sequence[int]) -> dict[int, str]:
    """Claim the due rows among `delivery_ids` with one UPDATE, then send each and record it at once (one commit a
    row: a worker that dies mid-batch leaves only the row it was sending unrecorded). CLAIM_BATCH keeps a batch's
    rows 'sending' for far less than the stale-sending sweep waits, however slow the provider."""
    started = timezone.now()
    token = _claim(Delivery.objects.filter(pk__in=list(delivery_ids), digest=False), started)
    if token is None:
        return {}
    deliveries = list(Delivery.objects.filter(claim=token).select_related("notice", "robot").order_by("pk"))
    quiet = {row.user_id: row for row in NotificationSettings.objects.filter(
        user_id__in={d.notice.recipient_id for d in deliveries if d.channel == Channel.SMS})}
    outcomes = {}
    for delivery in deliveries:
        notice = delivery.notice
        started = timezone.now()
        if delivery.channel == Channel.SMS and notice.kind not in URGENT_KINDS:
            person = quiet.get(notice.recipient_id) or NotificationSettings(user_id=notice.recipient_id)
            if in_quiet_hours(started, person.quiet_start, person.quiet_end):
                _defer([delivery], token, started, quiet_hours_end(started, person.quiet_start, person.quiet_end))
                outcomes[delivery.pk] = AttemptOutcome.DEFERRED
                continue
        robot = delivery.robot
        if delivery.channel in (Channel.WECOM, Channel.DINGTALK) and (robot is None or not robot.is_active):
            result = Result.permanent(_("The office's group robot was removed or switched off."))
        else:
            message = Message(kind=notice.kind, title=notice.title, body=notice.body, url=absolute_url(notice.url),
                              address=robot.webhook_url if robot else delivery.address,
                              secret=robot.secret if robot else "", reference=str(delivery.pk))
            result = _send(delivery.channel, message)
        _record([delivery], token, started, result)
        outcomes[delivery.pk] = result.outcome
    return outcomes


def _send(channel: str, message: Message) -> Result:
    try:
        return adapter_for(channel).send(message)
    except Exception as error:  # an adapter's own bug must not lose the row: it stays failed and is tried again
        logger.exception("the %s adapter failed on delivery %s", channel, message.reference)
        return Result.retry(f"{type(error).__name__}: {error}")


def _defer(deliveries: list[Delivery], token: uuid.UUID, now: datetime, until: datetime) -> None:
    with transaction.atomic():
        Delivery.objects.filter(claim=token, pk__in=[d.pk for d in deliveries]).update(
            status=DeliveryStatus.QUEUED, claim=None, sending_since=None, attempts=F("attempts") - 1,
            next_attempt_at=until, enqueued_at=None,
            give_up_at=until + timedelta(hours=settings.NOTIFICATIONS_RETRY_HOURS))
        DeliveryAttempt.objects.bulk_create([
            DeliveryAttempt(delivery=delivery, number=delivery.attempts - 1, started_at=now, finished_at=now,
                            outcome=AttemptOutcome.DEFERRED,
                            error=_("Quiet hours: deferred to %(time)s.")
                            % {"time": timezone.localtime(until).strftime("%Y-%m-%d %H:%M")})
            for delivery in deliveries])


def _record(deliveries: list[Delivery], token: uuid.UUID, started: datetime, result: Result) -> None:
    """Write the try's outcome on the claimed rows and log it, in one transaction. A row whose claim the sweep
    took back meanwhile (its worker looked lost) keeps its new state; the try is logged all the same."""
    finished = timezone.now()
    attempts = deliveries[0].attempts
    fields: dict = {"claim": None, "sending_since": None}
    if result.is_sent:
        fields.update(status=DeliveryStatus.SENT, sent_at=finished, provider_message_id=result.provider_message_id,
                      last_error="")
    elif result.outcome == AttemptOutcome.RETRY:
        next_at = finished + backoff(attempts)
        if next_at > deliveries[0].give_up_at:
            fields.update(status=DeliveryStatus.GIVEN_UP,
                          last_error=_("Given up after %(hours)d hours of retries: %(error)s")
                          % {"hours": settings.NOTIFICATIONS_RETRY_HOURS, "error": result.error})
        else:
            fields.update(status=DeliveryStatus.FAILED, next_attempt_at=next_at, enqueued_at=None,
                          last_error=result.error)
    else:
        fields.update(status=DeliveryStatus.GIVEN_UP, last_error=result.error)
    with transaction.atomic():
        Delivery.objects.filter(claim=token, pk__in=[d.pk for d in deliveries]).update(**fields)
        DeliveryAttempt.objects.bulk_create([
            DeliveryAttempt(delivery=delivery, number=delivery.attempts, started_at=started, finished_at=finished,
                            outcome=result.outcome, provider_message_id=result.provider_message_id,
                            answer=result.answer, error=result.error)
            for delivery in deliveries])


def digest_send(*, user_id: int) -> str | None:
    """The morning digest: one text listing every digest notice of the user that is due, claimed together."""
    started = timezone.now()
    token = _claim(Delivery.objects.filter(notice__recipient_id=user_id, digest=True, channel=Channel.SMS), started)
    if token is None:
        return None
    deliveries = list(Delivery.objects.filter(claim=token).select_related("notice").order_by("notice__created_at"))
    person = NotificationSettings.objects.filter(user_id=user_id).first() or NotificationSettings(user_id=user_id)
    if in_quiet_hours(started, person.quiet_start, person.quiet_end):
        _defer(deliveries, token, started, quiet_hours_end(started, person.quiet_start, person.quiet_end))
        return AttemptOutcome.DEFERRED
    with override(settings.LANGUAGE_CODE):
        title = ngettext("%(count)d new notice in the Liaison Portal", "%(count)d new notices in the Liaison Portal",
                         len(deliveries)) % {"count": len(deliveries)}
    message = Message(kind=DIGEST_KIND, title=title, items=tuple(d.notice.title for d in deliveries),
                      url=absolute_url(settings.NOTIFICATIONS_INBOX_PATH), address=deliveries[-1].address,
                      reference=f"digest-{deliveries[0].pk}")
    result = _send(Channel.SMS, message)
    # Rows claimed together share the try number of the first; the log keeps one attempt per row.
    _record(deliveries, token, started, result)
    return result.outcome


def deliveries_sweep() -> dict[str, int]:
    """Beat: take back rows stuck in 'sending' (their worker died), and queue every row that is due but has no task
    (its backoff or quiet hours ended, its message was lost, or queueing failed after commit). Idempotent."""
    now = timezone.now()
    stale_before = now - timedelta(minutes=settings.NOTIFICATIONS_SENDING_STALE_MINUTES)
    stale = list(Delivery.objects.filter(status=DeliveryStatus.SENDING, sending_since__lt=stale_before)
                 .values_list("pk", "attempts", "sending_since"))
    with transaction.atomic():
        Delivery.objects.filter(pk__in=[pk for pk, _, _ in stale], status=DeliveryStatus.SENDING,
                                sending_since__lt=stale_before).update(
            status=DeliveryStatus.QUEUED, claim=None, sending_since=None, next_attempt_at=now, enqueued_at=None)
        DeliveryAttempt.objects.bulk_create([
            DeliveryAttempt(delivery_id=pk, number=attempts, started_at=since, finished_at=now,
                            outcome=AttemptOutcome.LOST,
                            error=_("No answer recorded: the worker sending it stopped. Sent again."))
            for pk, attempts, since in stale])
        requeue_before = now - timedelta(minutes=settings.NOTIFICATIONS_REQUEUE_MINUTES)
        due = Delivery.objects.filter(status__in=SENDABLE, next_attempt_at__lte=now).filter(
            Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=F("next_attempt_at")) | Q(enqueued_at__lt=requeue_before))
        single = list(due.filter(digest=False).order_by("next_attempt_at", "pk")
                      .values_list("pk", flat=True)[:settings.NOTIFICATIONS_SWEEP_LIMIT])
        digest_users = sorted(set(due.filter(digest=True).values_list("notice__recipient_id", flat=True)))
        for ids in _chunks(single, 1000):
            Delivery.objects.filter(pk__in=ids).update(enqueued_at=now)
        if digest_users:
            due.filter(digest=True).update(enqueued_at=now)
        for ids in _chunks(single, SEND_CHUNK):
            enqueue_on_commit(DELIVERIES_SEND_TASK, delivery_ids=ids)
        for user_id in digest_users:
            enqueue_on_commit(DIGEST_SEND_TASK, user_id=user_id)
    return {"stale": len(stale), "queued": len(single), "digests": len(digest_users)}


def delivery_resend(*, actor, delivery: Delivery) -> bool:
    """An administrator sends a failed or given-up row again: the same row, queued anew with a fresh retry window
    (the claim still keeps two runs from sending it at once). False when the row is not failed or given up."""
    if not scope_for(actor).everything:
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        resent = Delivery.objects.filter(pk=delivery.pk, status__in=(DeliveryStatus.FAILED, DeliveryStatus.GIVEN_UP)) \
            .update(status=DeliveryStatus.QUEUED, next_attempt_at=now, enqueued_at=now, claim=None,
                    give_up_at=now + timedelta(hours=settings.NOTIFICATIONS_RETRY_HOURS))
        if resent:
            enqueue_on_commit(DELIVERIES_SEND_TASK, delivery_ids=[delivery.pk])
    return bool(resent)
