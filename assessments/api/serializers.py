from rest_framework import serializers

from assessments.models import AssessmentRound, OfficerAssessment


class AssessmentRoundSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = AssessmentRound
        fields = [
            "id", "region", "region_name", "name", "period_start", "period_end", "weight_comprehensive",
            "weight_daily", "weight_work_evaluation", "weight_enterprise_opinion", "excellent_quota_percent",
            "status", "opened_at", "finalised_at",
        ]


class OfficerAssessmentSerializer(serializers.ModelSerializer):
    officer_name = serializers.CharField(source="officer.name", read_only=True)
    backing_unit_name = serializers.CharField(source="officer.backing_unit.name", read_only=True)

    class Meta:
        model = OfficerAssessment
        fields = [
            "id", "round", "officer", "officer_name", "backing_unit_name", "managing_region", "commanding_region",
            "comprehensive_score", "daily_proposed", "daily_components", "daily_score", "daily_reason",
            "work_evaluation_score", "enterprise_opinion_score", "opinions_answered", "total", "grade", "outcome",
            "outcome_note",
        ]
