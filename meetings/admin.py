from django.contrib import admin

from regions.admin_base import ScopedAdmin, ShownInline

from .models import Meeting, MeetingAttendee, RectificationEvent, RectificationItem


class MeetingAttendeeInline(ShownInline):
    model = MeetingAttendee
    fields = ("kind", "name", "user")
    readonly_fields = fields


class RectificationItemInline(ShownInline):
    model = RectificationItem
    fields = ("description", "owner_name", "due_on", "status", "evidence", "closed_at", "flagged_overdue_at")
    readonly_fields = fields
    show_change_link = True


class RectificationEventInline(ShownInline):
    model = RectificationEvent
    fields = ("at", "action", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    ordering = ("at", "id")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin):
    list_display = ("held_on", "branch", "enterprise", "region", "created_by")
    list_filter = ("region__level",)
    search_fields = ("branch__name", "enterprise__name", "risk_points")
    list_select_related = ("branch", "enterprise", "region", "created_by")
    date_hierarchy = "held_on"
    inlines = [MeetingAttendeeInline, RectificationItemInline]
    raw_id_fields = ("branch", "enterprise", "created_by")

    # The services own the rules (attendees required, not in the future, evidence to close): the admin only shows.
    writes = ()


@admin.register(RectificationItem)
class RectificationItemAdmin(ScopedAdmin):
    list_display = ("description", "owner_name", "due_on", "status", "flagged_overdue_at", "meeting")
    list_filter = ("status",)
    search_fields = ("description", "owner_name")
    list_select_related = ("meeting__branch", "meeting__enterprise")
    date_hierarchy = "due_on"
    inlines = [RectificationEventInline]
    raw_id_fields = ("meeting", "owner", "closed_by")

    writes = ()
