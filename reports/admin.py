from django.contrib import admin

from regions.admin_base import ScopedAdmin

from .models import DailyReport, ReportExemption


@admin.register(DailyReport)
class DailyReportAdmin(ScopedAdmin):
    """Read-only: reports are filed by officers through the report services, which own the day's rules."""

    list_display = ("day", "enterprise", "officer", "resumed", "capacity_percent", "workers_on_duty", "is_late")
    list_filter = ("is_late", "resumed")
    search_fields = ("enterprise__name", "officer__name")
    list_select_related = ("enterprise", "officer")
    date_hierarchy = "day"
    raw_id_fields = ("assignment", "officer", "enterprise", "region", "problems", "submitted_by")

    writes = ()


@admin.register(ReportExemption)
class ReportExemptionAdmin(ScopedAdmin):
    list_display = ("kind", "enterprise", "officer", "start_date", "end_date", "note")
    list_filter = ("kind",)
    search_fields = ("enterprise__name", "officer__name")
    list_select_related = ("enterprise", "officer")
    raw_id_fields = ("enterprise", "officer", "created_by")
