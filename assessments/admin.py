from django.contrib import admin

from regions.admin_base import ScopedAdmin

from .models import AssessmentRound, OfficerAssessment, OpinionRequest, ReplacementVacancy


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(ScopedAdmin):
    list_display = ("name", "region", "period_start", "period_end", "excellent_quota_percent", "status")
    list_filter = ("status",)
    search_fields = ("name", "region__name")
    list_select_related = ("region",)
    raw_id_fields = ("region", "opened_by", "finalised_by")


@admin.register(OfficerAssessment)
class OfficerAssessmentAdmin(ScopedAdmin):
    list_display = ("officer", "round", "comprehensive_score", "daily_score", "work_evaluation_score",
                    "enterprise_opinion_score", "total", "grade", "outcome")
    list_filter = ("grade", "outcome")
    search_fields = ("officer__name", "round__name")
    list_select_related = ("officer", "round__region")
    raw_id_fields = ("round", "officer", "managing_region", "commanding_region", "comprehensive_by", "daily_by",
                     "work_evaluation_by", "grade_by", "outcome_by")

    # Scores, grades and outcomes go through the services (quota, roles, history); the admin only shows them.
    writes = ()


@admin.register(OpinionRequest)
class OpinionRequestAdmin(ScopedAdmin):
    list_display = ("assessment", "enterprise", "created_at", "answered_at", "rating")
    list_select_related = ("assessment__officer", "assessment__round", "enterprise")
    search_fields = ("assessment__officer__name", "enterprise__name")
    raw_id_fields = ("assessment", "enterprise", "created_by")

    writes = ("delete",)


@admin.register(ReplacementVacancy)
class ReplacementVacancyAdmin(ScopedAdmin):
    list_display = ("enterprise", "managing_region", "created_at", "filled_at")
    list_select_related = ("enterprise", "managing_region")
    search_fields = ("enterprise__name",)
    raw_id_fields = ("assessment", "ended_assignment", "enterprise", "managing_region", "created_by",
                     "filled_assignment", "filled_by")

    writes = ("delete",)
