from django.contrib import admin

from .models import Heartbeat, ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    """Read-only: the tick writes these; administrators look here when a daily job seems missing."""

    list_display = ("name", "due_at", "status", "attempts", "started_at", "finished_at")
    list_filter = ("name", "status")
    date_hierarchy = "due_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("kind", "hostname", "pid", "started_at", "last_seen")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
