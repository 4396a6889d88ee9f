from django.contrib import admin

from regions.admin_base import ScopedAdmin, ShownInline

from .models import Problem, ProblemEvent


class ProblemEventInline(ShownInline):
    model = ProblemEvent
    fields = ("at", "action", "from_status", "to_status", "actor", "department", "note", "data")
    readonly_fields = fields
    ordering = ("at", "id")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "department")


@admin.register(Problem)
class ProblemAdmin(ScopedAdmin):
    list_display = ("enterprise", "category", "status", "department", "deadline", "handling_region", "raised_on")
    list_filter = ("status", "category", "handling_region__level")
    search_fields = ("enterprise__name", "description")
    list_select_related = ("enterprise", "department", "handling_region")
    date_hierarchy = "raised_on"
    inlines = [ProblemEventInline]
    raw_id_fields = ("enterprise", "raised_by", "department", "handling_region")

    # The services own the rules of dispatch, deadlines and escalation and write the history: the admin only shows.
    writes = ()
