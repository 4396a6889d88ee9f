"""The admin's share of region scoping: every list and every related choice starts from visible_to()."""

from django.contrib import admin
from django.http import Http404

from .scoping import RegionScopedModel, scope_for


class ScopedAdmin(admin.ModelAdmin):
    """ModelAdmin whose rows and foreign-key choices are the user's scope; outside it the admin answers 404."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_object(self, request, object_id, from_field=None):
        # Django's admin redirects with a hint when a row is missing; outside scope must be a plain 404.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if issubclass(related, RegionScopedModel) and "queryset" not in kwargs:
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _is_office(self, request) -> bool:
        return scope_for(request.user).is_office

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and self._is_office(request)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    # Office staff read the admin; edits there bypass the services' rules, so only administrators make them, and
    # only those the model's admin declares: one whose rules live in its services writes nothing here (`writes = ()`).
    writes: tuple[str, ...] = ("add", "change", "delete")

    def _is_administrator(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and scope_for(request.user).everything

    def has_change_permission(self, request, obj=None):
        return "change" in self.writes and self._is_administrator(request)

    def has_add_permission(self, request):
        return "add" in self.writes and self._is_administrator(request)

    def has_delete_permission(self, request, obj=None):
        return "delete" in self.writes and self._is_administrator(request)


class ShownInline(admin.TabularInline):
    """An inline of history rows (events, attendees): shown beside their parent, never written in the admin."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
