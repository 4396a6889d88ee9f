from django.contrib import admin

from enterprises.admin import RosterServiceAdmin
from regions.admin_base import ScopedAdmin

from .models import Allowance, Assignment, BackingUnit, HealthCheck, InsurancePolicy, Officer, RestPeriod, TaskForce
from .services import BackingUnitRow, OfficerRow, backing_units_upsert, officers_upsert


@admin.register(BackingUnit)
class BackingUnitAdmin(RosterServiceAdmin):
    list_display = ("name", "region")
    search_fields = ("name",)
    list_select_related = ("region",)

    def _row(self, current, data) -> BackingUnitRow:
        return BackingUnitRow(region=data.get("region"), name=data.get("name", ""), unit=current)

    def row_check(self, request, current, data):
        return backing_units_upsert(actor=request.user, rows=[self._row(current, data)], dry_run=True,
                                    create_only=current is None)

    def row_save(self, request, current, data):
        result = backing_units_upsert(actor=request.user, rows=[self._row(current, data)], create_only=current is None)
        result.raise_errors()
        return result.objects[0]


@admin.register(Officer)
class OfficerAdmin(RosterServiceAdmin):
    list_display = ("name", "phone", "backing_unit", "title", "status")
    list_filter = ("status",)
    search_fields = ("name", "phone", "backing_unit__name")
    list_select_related = ("backing_unit",)
    raw_id_fields = ("backing_unit",)
    # An officer comes with their login (officer_create, the roster import); the admin changes the roster fields.
    readonly_fields = ("user",)

    writes = ("change", "delete")

    def current(self, obj):
        return None if obj is None else Officer.objects.select_related("user", "backing_unit__region").get(pk=obj.pk)

    def _row(self, current, data) -> OfficerRow:
        return OfficerRow(username=current.user.username, name=data.get("name", ""), phone=data.get("phone", ""),
                          backing_unit=data.get("backing_unit"), title=data.get("title", ""),
                          status=data.get("status"))

    def row_check(self, request, current, data):
        return officers_upsert(actor=request.user, rows=[self._row(current, data)], dry_run=True)

    def row_save(self, request, current, data):
        result = officers_upsert(actor=request.user, rows=[self._row(current, data)])
        result.raise_errors()
        return result.objects[0]


@admin.register(TaskForce)
class TaskForceAdmin(ScopedAdmin):
    list_display = ("name", "enterprise", "region", "leader")
    search_fields = ("name", "enterprise__name")
    list_select_related = ("enterprise", "region", "leader")
    raw_id_fields = ("enterprise", "leader")


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin):
    list_display = ("officer", "enterprise", "managing_region", "commanding_region", "start_date", "end_date",
                    "end_reason")
    list_filter = ("end_reason",)
    search_fields = ("officer__name", "enterprise__name")
    list_select_related = ("officer", "enterprise", "managing_region", "commanding_region")
    raw_id_fields = ("officer", "enterprise", "task_force", "replaces")
    date_hierarchy = "start_date"

    # Assignments are created and ended through the roster services, which check overlaps and the managing
    # office's reach; the admin only shows them. Ended assignments are the officer's history: never deleted.
    writes = ()


@admin.register(InsurancePolicy)
class InsurancePolicyAdmin(ScopedAdmin):
    list_display = ("officer", "insurer", "policy_number", "start_date", "end_date")
    search_fields = ("officer__name", "insurer", "policy_number")
    list_select_related = ("officer",)
    raw_id_fields = ("officer", "recorded_by")


@admin.register(Allowance)
class AllowanceAdmin(ScopedAdmin):
    list_display = ("officer", "kind", "month", "amount_claimed", "amount_paid", "paid_on")
    list_filter = ("kind",)
    search_fields = ("officer__name",)
    list_select_related = ("officer",)
    raw_id_fields = ("officer", "claimed_by", "paid_by")


@admin.register(RestPeriod)
class RestPeriodAdmin(ScopedAdmin):
    list_display = ("officer", "kind", "start_date", "end_date")
    list_filter = ("kind",)
    search_fields = ("officer__name",)
    list_select_related = ("officer",)
    raw_id_fields = ("officer", "recorded_by")


@admin.register(HealthCheck)
class HealthCheckAdmin(ScopedAdmin):
    list_display = ("officer", "due_on", "done_on")
    search_fields = ("officer__name",)
    list_select_related = ("officer",)
    raw_id_fields = ("officer", "recorded_by")
