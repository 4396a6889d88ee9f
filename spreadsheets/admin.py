from django.contrib import admin

from regions.admin_base import ScopedAdmin

from .models import SpreadsheetJob


@admin.register(SpreadsheetJob)
class SpreadsheetJobAdmin(ScopedAdmin):
    """Read-only: jobs are written by their tasks; administrators look here when a user reports a stuck one."""

    list_display = ("title", "kind", "status", "done", "total", "created_by", "created_at", "expires_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "created_by__username")
    list_select_related = ("created_by",)
    date_hierarchy = "created_at"

    writes = ("delete",)
