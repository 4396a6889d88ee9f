from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from enterprises.models import Enterprise
from regions.models import Region
from regions.scoping import RegionScopedModel

from .choices import AttendeeKind, ItemAction, ItemStatus

TEXT_LIMIT = 2000


class Meeting(RegionScopedModel):
    """A weekly consultation meeting (会商会议) of a joint Party branch or of one enterprise, or both.

    `region` is the office whose record it is: the branch's organising office, else the enterprise's region. That
    office and the office of the enterprise see it; so do the people who attended.
    """

    held_on = models.DateField(_("held on"))
    branch = models.ForeignKey(
        Branch, verbose_name=_("joint Party branch"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="meetings",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="consultation_meetings",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("office"), on_delete=models.PROTECT, related_name="consultation_meetings",
        editable=False,
    )
    risk_points = models.TextField(_("risk points found"), validators=[MaxLengthValidator(TEXT_LIMIT)])
    weak_links = models.TextField(_("weak links found"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("region", "enterprise__region")
    # Changed by the office of the meeting's region or of its enterprise.
    scope_manage_paths = ("region", "enterprise__region")
    scope_user_paths = ("attendees__user",)

    class Meta:
        verbose_name = _("consultation meeting")
        verbose_name_plural = _("consultation meetings")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(branch__isnull=False) | Q(enterprise__isnull=False),
                                   name="meeting_has_branch_or_enterprise"),
        ]
        indexes = [
            models.Index(fields=["branch", "held_on"], name="meeting_branch_held_on"),
            models.Index(fields=["enterprise", "held_on"], name="meeting_enterprise_held_on"),
            models.Index(fields=["region", "held_on"], name="meeting_region_held_on"),
        ]

    def __str__(self):
        return f"{self.branch or self.enterprise} · {self.held_on:%Y-%m-%d}"

    @property
    def subject(self) -> str:
        """What the meeting was of: the branch, the enterprise, or both."""
        names = [str(x) for x in (self.branch, self.enterprise) if x is not None]
        return " · ".join(names)


class MeetingAttendee(models.Model):
    """Someone at a meeting; `user` is set when the attendee has a login (an officer, a branch member)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="attendees")
    kind = models.CharField(_("kind"), max_length=32, choices=AttendeeKind.choices)
    name = models.CharField(_("full name"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="meetings_attended",
    )

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "id"]
        indexes = [models.Index(fields=["user"], name="meeting_attendee_user")]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class RectificationItem(RegionScopedModel):
    """One line of a meeting's rectification list (整改清单): what must be fixed, by whom, by when, and the proof.

    It is closed ("done") only with an evidence note. The beat sets `flagged_overdue_at` once, the first day after
    its due date that it is still not done.
    """

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="items")
    description = models.TextField(_("what to rectify"), validators=[MaxLengthValidator(TEXT_LIMIT)])
    owner_name = models.CharField(_("responsible person"), max_length=64)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person's login"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="rectification_items",
    )
    due_on = models.DateField(_("rectify by"))
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    evidence = models.TextField(_("evidence"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)])
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    flagged_overdue_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_region_paths = ("meeting__region", "meeting__enterprise__region")
    scope_user_paths = ("owner", "meeting__attendees__user")

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ItemStatus.DONE) | Q(closed_at__isnull=False), name="rectification_done_is_closed"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="rectification_status_due"),
            models.Index(fields=["owner", "due_on"], name="rectification_owner_due"),
        ]

    def __str__(self):
        return self.description[:40]


class RectificationEvent(models.Model):
    """One change of a rectification item: who (null: the system), when, what. Never deleted."""

    item = models.ForeignKey(RectificationItem, verbose_name=_("rectification item"), on_delete=models.CASCADE,
                             related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=32, choices=ItemAction.choices)
    from_status = models.CharField(_("from status"), max_length=16, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=16, choices=ItemStatus.choices)
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)])

    class Meta:
        verbose_name = _("rectification event")
        verbose_name_plural = _("rectification events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["item", "at"], name="rectification_event_item_at")]

    def __str__(self):
        return f"{self.item_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
