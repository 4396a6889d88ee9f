from django.contrib import admin

from regions.admin_base import ScopedAdmin

from .models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedAdmin):
    list_display = ("name", "credit_code", "kind", "region", "industry", "size_class", "is_key")
    list_filter = ("kind", "size_class", "is_key", "industry", "region__level")
    search_fields = ("name", "credit_code", "contact_name")
    list_select_related = ("region",)
    raw_id_fields = ("region",)
