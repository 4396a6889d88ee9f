"""Notices (what a person is told, shown in their inbox) and their outbox: one Delivery per notice and channel,
every try recorded as a DeliveryAttempt. People's choices live in NotificationSettings, an office's group robots in
OfficeRobot."""

from datetime import time
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regions.models import Region
from regions.scoping import RegionScopedModel

from .choices import (
    PERSONAL_CHANNELS,
    AttemptOutcome,
    Channel,
    DeliveryStatus,
    NoticeKind,
    RobotProvider,
    default_channels,
)

mainland_mobile = RegexValidator(
    r"^1[3-9]\d{9}$",
    message=_("Enter a mainland China mobile number: 11 digits starting with 13 to 19, e.g. 13912345678."),
)


class Notice(RegionScopedModel):
    """One thing one person is told (in their inbox, and through the channels they chose); unique per recipient and
    dedupe key, so an event handled twice tells nobody twice."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="notices")
    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices)
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    body = models.TextField(pgettext_lazy("notice", "message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    scope_user_paths = ("recipient",)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notice_once_per_key")]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notice_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread"),
        ]

    def __str__(self):
        return self.title

    @property
    def message(self) -> str:
        """The text to show in one line (the officer's home lists notices by it)."""
        return self.body or self.title


class OfficeRobot(RegionScopedModel):
    """A liaison office's WeCom or DingTalk group robot: the office's notices are posted to its group too."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")
    provider = models.CharField(_("provider"), max_length=16, choices=RobotProvider.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    webhook_url = models.URLField(_("webhook URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=128, blank=True,
                              help_text=_("DingTalk only: the secret of the robot's signed mode (starts with SEC)."))
    kinds = models.JSONField(_("events posted"), default=list, blank=True,
                             help_text=_("Empty: every event the office's staff are told about."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("region",)

    class Meta:
        verbose_name = _("office group robot")
        verbose_name_plural = _("office group robots")
        ordering = ["region__path", "name"]
        # One group per provider and office: a second robot of the same kind would post every notice twice.
        constraints = [models.UniqueConstraint(fields=["region", "provider"], name="office_robot_one_per_provider")]

    def __str__(self):
        return f"{self.region} · {self.name}"

    def clean(self):
        errors = {}
        parts = urlsplit(self.webhook_url or "")
        hosts = settings.NOTIFICATIONS_ROBOT_HOSTS.get(self.provider, ())
        query = parse_qs(parts.query)
        token = "key" if self.provider == RobotProvider.WECOM else "access_token"
        if self.webhook_url and (parts.hostname not in hosts or not query.get(token)):
            example = ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" if self.provider == RobotProvider.WECOM
                       else "https://oapi.dingtalk.com/robot/send?access_token=…")
            errors["webhook_url"] = _("This is not a %(provider)s robot's webhook URL: copy it from the group's robot "
                                      "settings; it looks like %(example)s") % {
                "provider": RobotProvider(self.provider).label if self.provider else "", "example": example}
        if self.provider == RobotProvider.DINGTALK and self.secret and not self.secret.startswith("SEC"):
            errors["secret"] = _("A DingTalk signing secret starts with SEC.")
        if self.provider == RobotProvider.WECOM and self.secret:
            errors["secret"] = _("WeCom group robots have no signing secret: leave it empty.")
        unknown = set(self.kinds or []) - set(NoticeKind.values)
        if not isinstance(self.kinds, list) or unknown:
            errors["kinds"] = _("Unknown events: %(kinds)s.") % {"kinds": ", ".join(sorted(map(str, unknown)))}
        if errors:
            raise ValidationError(errors)

    def posts(self, kind: str) -> bool:
        return self.is_active and (not self.kinds or kind in self.kinds)


class NotificationSettings(RegionScopedModel):
    """One person's choices: channels per kind of event, quiet hours for SMS, a daily SMS digest, their mobile."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="notification_settings")
    mobile = models.CharField(_("mobile number for SMS"), max_length=11, blank=True, validators=[mainland_mobile])
    # {kind: [channels]}; a kind not listed gets choices.default_channels(kind).
    channels = models.JSONField(_("channels per event"), default=dict, blank=True)
    quiet_start = models.TimeField(_("quiet hours from"), default=time(22, 0))
    quiet_end = models.TimeField(_("quiet hours until"), default=time(7, 0))
    sms_digest = models.BooleanField(
        _("one SMS digest a day"), default=False,
        help_text=_("For offices: one text each morning listing what came in, instead of one text per event "
                    "(escalations still come at once)."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_user_paths = ("user",)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)

    def clean(self):
        channels = self.channels if isinstance(self.channels, dict) else None
        if channels is None or not set(channels) <= set(NoticeKind.values) or not all(
                isinstance(chosen, list) and set(chosen) <= set(PERSONAL_CHANNELS) for chosen in channels.values()):
            raise ValidationError({"channels": _("Choose e-mail and SMS per event only.")})
        if self.quiet_start == self.quiet_end:
            raise ValidationError({"quiet_end": _("Quiet hours must end at another time than they start.")})

    def channels_for(self, kind: str) -> list[str]:
        return list(self.channels.get(kind, default_channels(kind)))


class Delivery(RegionScopedModel):
    """The outbox: one row per notice and channel, written in the event's transaction; a task sends it (claiming it
    first, so it is never sent twice at once), retries with backoff, and records each try."""

    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    robot = models.ForeignKey(OfficeRobot, verbose_name=_("group robot"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="deliveries")
    address = models.CharField(_("address"), max_length=254, blank=True)
    digest = models.BooleanField(_("in the daily digest"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    # When a task was last queued for the row: the sweep queues a due row again only when it became due after that
    # (a backoff, quiet hours) or its task was lost.
    enqueued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    give_up_at = models.DateTimeField(_("give up at"))
    claim = models.UUIDField(_("claim"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=128, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_user_paths = ("notice__recipient",)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["notice", "channel"], name="delivery_once_per_channel")]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status__in=["queued", "failed"]),
                         name="delivery_due"),
            models.Index(fields=["sending_since"], condition=Q(status="sending"), name="delivery_sending"),
            models.Index(fields=["claim"], condition=Q(claim__isnull=False), name="delivery_claim"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.notice}"


class DeliveryAttempt(models.Model):
    """One try of a delivery and what the provider answered."""

    delivery = models.ForeignKey(Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE,
                                 related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    outcome = models.CharField(pgettext_lazy("delivery", "outcome"), max_length=16, choices=AttemptOutcome.choices)
    provider_message_id = models.CharField(_("provider message id"), max_length=128, blank=True)
    answer = models.TextField(_("provider's answer"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number", "id"]

    def __str__(self):
        return f"{self.delivery_id} #{self.number}: {self.get_outcome_display()}"
