from django.contrib import admin

from regions.admin_base import ScopedAdmin

from .models import Branch, BranchDemand, BranchEnterprise, BranchMember, BranchResource, BranchVisit


class BranchEnterpriseInline(admin.TabularInline):
    model = BranchEnterprise
    raw_id_fields = ("enterprise",)
    extra = 0


@admin.register(Branch)
class BranchAdmin(ScopedAdmin):
    list_display = ("name", "department", "region", "created_at")
    search_fields = ("name", "department__name")
    list_select_related = ("department", "region")
    raw_id_fields = ("department",)
    inlines = [BranchEnterpriseInline]


@admin.register(BranchMember)
class BranchMemberAdmin(ScopedAdmin):
    list_display = ("name", "role", "branch", "phone", "joined_on", "left_on")
    list_filter = ("role",)
    search_fields = ("name", "phone", "branch__name")
    list_select_related = ("branch",)
    raw_id_fields = ("branch", "user", "officer")


@admin.register(BranchResource)
class BranchResourceAdmin(ScopedAdmin):
    list_display = ("title", "branch", "provider", "created_at")
    search_fields = ("title", "branch__name")
    list_select_related = ("branch",)
    raw_id_fields = ("branch", "created_by")


@admin.register(BranchDemand)
class BranchDemandAdmin(ScopedAdmin):
    list_display = ("title", "branch", "enterprise", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("title", "branch__name", "enterprise__name")
    list_select_related = ("branch", "enterprise")
    raw_id_fields = ("branch", "enterprise", "resource", "problem", "created_by")


@admin.register(BranchVisit)
class BranchVisitAdmin(ScopedAdmin):
    list_display = ("visited_on", "member", "enterprise", "branch")
    search_fields = ("member__name", "enterprise__name", "branch__name")
    list_select_related = ("member", "enterprise", "branch")
    raw_id_fields = ("branch", "member", "enterprise", "problem", "created_by")
    date_hierarchy = "visited_on"
