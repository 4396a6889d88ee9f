from django.contrib import admin

from .admin_base import ScopedAdmin
from .models import Department, Post, Region


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ("name", "code", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code", "name_en")
    readonly_fields = ("path", "depth")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ("name", "kind", "region")
    list_filter = ("kind", "region__level")
    search_fields = ("name",)
    list_select_related = ("region",)


@admin.register(Post)
class PostAdmin(ScopedAdmin):
    list_display = ("user", "kind", "region", "department", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("user__username", "user__full_name")
    list_select_related = ("user", "region", "department")
    raw_id_fields = ("user",)
