from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """Every event the portal tells someone about (issue 17); the values are stored, the labels shown."""

    DISPATCHED = "dispatched", _("A problem was dispatched to you")
    DECLINED = "declined", _("A problem was declined")
    REDISPATCHED = "redispatched", _("A problem was dispatched again")
    RESOLVED = "resolved", _("A problem was resolved and awaits your confirmation")
    REOPENED = "reopened", _("A problem was reopened")
    OVERDUE = "overdue", _("A problem is overdue")
    ESCALATED = "escalated", _("A problem was escalated to your tier")
    RECTIFICATION_DUE = "rectification_due", _("A rectification item falls due")
    RECTIFICATION_OVERDUE = "rectification_overdue", _("A rectification item is overdue")
    REPORT_REMINDER = "report_reminder", _("Reminder to file today's reports")
    BULLETIN_PUBLISHED = "bulletin_published", _("An evening bulletin was published")
    EXPORT_READY = "export_ready", _("Your export is ready")
    IMPORT_FINISHED = "import_finished", _("Your import finished")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the portal")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


# The channels a person chooses per kind of event (in-app always: the notice is the record); group robots are an
# office's, set on its OfficeRobot.
PERSONAL_CHANNELS = (Channel.EMAIL, Channel.SMS)
ROBOT_CHANNELS = (Channel.WECOM, Channel.DINGTALK)

# What a person gets before choosing: e-mail for everything (where they have an address), SMS for what needs them
# today. A text costs money and wakes people, so the rest stay in the portal and the mailbox.
# New work for someone (first dispatch, a dispatch to another department, a reopening) is texted like a deadline.
SMS_BY_DEFAULT = frozenset({
    NoticeKind.DISPATCHED, NoticeKind.REDISPATCHED, NoticeKind.REOPENED, NoticeKind.OVERDUE, NoticeKind.ESCALATED,
    NoticeKind.RECTIFICATION_OVERDUE,
    NoticeKind.REPORT_REMINDER,
})

# Kinds that are urgent enough to break quiet hours and to skip the daily digest.
URGENT_KINDS = frozenset({NoticeKind.ESCALATED})


def default_channels(kind: str) -> list[str]:
    return [Channel.EMAIL, Channel.SMS] if kind in SMS_BY_DEFAULT else [Channel.EMAIL]


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will retry")
    GIVEN_UP = "given_up", _("Given up")


# A row a task may claim for sending.
SENDABLE = (DeliveryStatus.QUEUED, DeliveryStatus.FAILED)
# A row an administrator may send again.
RESENDABLE = (DeliveryStatus.FAILED, DeliveryStatus.GIVEN_UP)


class AttemptOutcome(models.TextChoices):
    SENT = "sent", _("Sent")
    RETRY = "retry", _("Failed, retryable")
    PERMANENT = "permanent", _("Failed for good")
    DEFERRED = "deferred", _("Deferred")
    LOST = "lost", _("Worker lost while sending")


class RobotProvider(models.TextChoices):
    WECOM = "wecom", _("WeCom")
    DINGTALK = "dingtalk", _("DingTalk")
