from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from regions.scoping import scope_for

from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Global reference data: office staff may read it; only administrators change it."""

    list_display = ("date", "weekday", "is_workday", "display_name")
    list_filter = ("is_workday",)
    date_hierarchy = "date"
    search_fields = ("name",)

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        return date_format(obj.date, "l")

    def _is_staff(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self._is_staff(request) and scope_for(request.user).is_office

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def _is_administrator(self, request) -> bool:
        return self._is_staff(request) and scope_for(request.user).everything

    def has_change_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_add_permission(self, request):
        return self._is_administrator(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_administrator(request)
