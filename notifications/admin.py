from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regions.admin_base import ScopedAdmin, ShownInline

from .choices import RESENDABLE
from .models import Delivery, DeliveryAttempt, Notice, NotificationSettings, OfficeRobot
from .services import delivery_resend


class DeliveryAttemptInline(ShownInline):
    model = DeliveryAttempt
    fields = ("number", "started_at", "finished_at", "outcome", "provider_message_id", "answer", "error")
    readonly_fields = fields


@admin.register(Delivery)
class DeliveryAdmin(ScopedAdmin):
    """The delivery log: every outbox row with its tries, written by the notifications services only;
    administrators resend failed and given-up ones (the `resend` action, through delivery_resend)."""

    list_display = ("created_at", "notice_kind", "recipient", "channel", "address", "status", "attempts",
                    "next_attempt_at", "sent_at", "last_error")
    list_filter = ("status", "channel", "notice__kind", "digest", ("created_at", admin.DateFieldListFilter))
    search_fields = ("notice__recipient__username", "notice__recipient__full_name", "address", "notice__title",
                     "provider_message_id")
    list_select_related = ("notice__recipient",)
    date_hierarchy = "created_at"
    readonly_fields = ("notice", "channel", "robot", "address", "digest", "status", "attempts", "next_attempt_at",
                       "enqueued_at", "sending_since", "give_up_at", "last_error", "provider_message_id", "sent_at",
                       "created_at")
    exclude = ("claim",)
    inlines = [DeliveryAttemptInline]
    actions = ["resend"]
    writes = ()

    @admin.display(description=_("event"), ordering="notice__kind")
    def notice_kind(self, delivery):
        return delivery.notice.get_kind_display()

    @admin.display(description=_("recipient"), ordering="notice__recipient")
    def recipient(self, delivery):
        return delivery.notice.recipient

    def get_actions(self, request):
        # Resending is the administrators' (offices read the log).
        actions = super().get_actions(request)
        if not self._is_administrator(request):
            actions.pop("resend", None)
        return actions

    @admin.action(description=_("Send the selected failed or given-up deliveries again"))
    def resend(self, request, queryset):
        resent = sum(delivery_resend(actor=request.user, delivery=delivery)
                     for delivery in queryset.filter(status__in=RESENDABLE))
        skipped = queryset.count() - resent
        self.message_user(request, ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.",
                                            resent) % {"count": resent}, messages.SUCCESS)
        if skipped:
            self.message_user(request, ngettext(
                "%(count)d delivery was not failed or given up and was left alone.",
                "%(count)d deliveries were not failed or given up and were left alone.", skipped)
                % {"count": skipped}, messages.WARNING)


@admin.register(Notice)
class NoticeAdmin(ScopedAdmin):
    """Read-only: notices are written by notify."""

    writes = ()
    list_display = ("created_at", "recipient", "kind", "title", "read_at")
    list_filter = ("kind", ("created_at", admin.DateFieldListFilter))
    search_fields = ("recipient__username", "recipient__full_name", "title", "dedupe_key")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"


@admin.register(OfficeRobot)
class OfficeRobotAdmin(ScopedAdmin):
    """Administrators add an office's group robot (the webhook URL is checked); offices read them."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("region", "name", "provider", "is_active")
    list_filter = ("provider", "is_active")
    search_fields = ("region__name", "name")
    list_select_related = ("region",)


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(ScopedAdmin):
    """Read-only: people change their own settings on their page (notification_settings_update checks them)."""

    writes = ()
    list_display = ("user", "mobile", "quiet_start", "quiet_end", "sms_digest", "updated_at")
    list_filter = ("sms_digest",)
    search_fields = ("user__username", "user__full_name", "mobile")
    raw_id_fields = ("user",)
