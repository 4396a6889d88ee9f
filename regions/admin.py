from django import forms
from django.contrib import admin

from .admin_base import ScopedAdmin
from .models import Department, Post, Region
from .services import region_move, region_move_errors


class RegionAdminForm(forms.ModelForm):
    """A change of parent or code is checked by the rules region_move applies (shown on the form), then made by it."""

    class Meta:
        model = Region
        fields = "__all__"

    def clean(self):
        data = super().clean()
        region = self.instance
        if region.pk is None or not {"parent", "code"} & set(self.changed_data):
            return data
        if "code" in self._errors or "parent" in self._errors:
            return data
        for field, message in region_move_errors(region=Region.objects.get(pk=region.pk), parent=data.get("parent"),
                                                 code=data.get("code", region.code)).items():
            self.add_error(field if field in self.fields else None, message)
        return data


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    form = RegionAdminForm
    list_display = ("name", "code", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code", "name_en")
    readonly_fields = ("path", "depth")

    def get_readonly_fields(self, request, obj=None):
        # A region's level never changes (its children and its history depend on it); a new region chooses one.
        return (*self.readonly_fields, "level") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change and {"parent", "code"} & set(form.changed_data):
            # The subtree's paths move with it, in region_move's one transaction; the other fields save after.
            moved = region_move(actor=request.user, region=obj, parent=obj.parent, code=obj.code)
            obj.path, obj.depth = moved.path, moved.depth
        super().save_model(request, obj, form, change)

    writes = ("add", "change")


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
