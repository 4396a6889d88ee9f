from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from regions.admin_base import ScopedAdmin

from .models import PolicyDocument


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(ScopedAdmin):
    list_display = ("title", "issuing_body", "issued_on", "category", "region", "file_kind", "withdrawn")
    list_filter = ("category", "withdrawn", "file_kind", "region__level")
    search_fields = ("title", "issuing_body", "keywords")
    list_select_related = ("region",)
    raw_id_fields = ("region", "published_by")
    filter_horizontal = ("sources",)
    date_hierarchy = "issued_on"
    # The file is checked by the service (format and size) when published on the pages; here it is only linked,
    # through the download view that checks scope (the storage has no URL).
    exclude = ("file",)
    readonly_fields = ("file_link", "file_kind", "file_size", "published_at", "updated_at", "withdrawn_at")

    @admin.display(description=_("file"))
    def file_link(self, document):
        if not document.file:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("policies:file", args=[document.pk]), document.file_name)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "sources":
            kwargs["queryset"] = PolicyDocument.objects.visible_to(request.user).select_related("region")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
