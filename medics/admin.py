from django.contrib import admin

from regions.admin_base import ScopedAdmin

from .models import HealthInstitution, Medic, MedicCoverage


@admin.register(HealthInstitution)
class HealthInstitutionAdmin(ScopedAdmin):
    list_display = ("name", "region")
    search_fields = ("name",)
    list_select_related = ("region",)


@admin.register(Medic)
class MedicAdmin(ScopedAdmin):
    list_display = ("name", "phone", "institution")
    search_fields = ("name", "phone", "institution__name")
    list_select_related = ("institution",)
    raw_id_fields = ("institution", "user")


@admin.register(MedicCoverage)
class MedicCoverageAdmin(ScopedAdmin):
    list_display = ("medic", "enterprise", "start_date", "end_date")
    search_fields = ("medic__name", "enterprise__name")
    list_select_related = ("medic", "enterprise")
    raw_id_fields = ("medic", "enterprise")
    date_hierarchy = "start_date"

    # Coverages are created and ended through the services, which check the limits and the office's reach;
    # the admin only shows them. Ended coverages are history: never deleted.
    writes = ()
