from rest_framework import serializers

from enterprises.models import Enterprise
from officers.models import Officer
from problems.choices import ProblemCategory
from regions.api.base import ScopedPrimaryKeyRelatedField
from reports.models import DailyReport, ReportExemption
from reports.services import REPORT_VALUE_FIELDS, Difficulty

MAX_DIFFICULTIES = 5


class DifficultySerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=ProblemCategory.choices)
    description = serializers.CharField(max_length=1000)


class ReportValuesSerializer(serializers.ModelSerializer):
    """The reported figures; every number is required (a missing figure is an error, not a zero)."""

    difficulties = DifficultySerializer(many=True, required=False, max_length=MAX_DIFFICULTIES)
    filed_at = serializers.DateTimeField(
        required=False, write_only=True,
        help_text="When the officer filed it on the phone, for a report sent after it waited offline (ISO 8601 with "
                  "its offset). The late and open-day rules read it; accepted up to REPORT_CLOCK_SKEW_SECONDS ahead "
                  "of the server, REPORT_OFFLINE_MAX_HOURS back and not before the report's day. Left out: now.")

    class Meta:
        model = DailyReport
        fields = [*REPORT_VALUE_FIELDS, "difficulties", "filed_at"]
        extra_kwargs = {field: {"required": True} for field in REPORT_VALUE_FIELDS if field != "work_done"}

    def values(self) -> dict:
        return {field: self.validated_data[field] for field in REPORT_VALUE_FIELDS if field in self.validated_data}

    def difficulty_list(self) -> list[Difficulty]:
        return [Difficulty(**item) for item in self.validated_data.get("difficulties", [])]


class ReportCreateSerializer(ReportValuesSerializer):
    enterprise = serializers.IntegerField(min_value=1)
    day = serializers.DateField()

    class Meta(ReportValuesSerializer.Meta):
        fields = ["enterprise", "day", *ReportValuesSerializer.Meta.fields]


class ReportUpdateSerializer(ReportValuesSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you loaded; a newer one answers 409.")

    class Meta(ReportValuesSerializer.Meta):
        fields = ["version", *ReportValuesSerializer.Meta.fields]


class UnchangedReportSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(min_value=1)
    day = serializers.DateField()


class ReportSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    officer_name = serializers.CharField(source="officer.name", read_only=True)
    received_at = serializers.DateTimeField(source="submitted_at", read_only=True,
                                            help_text="When the server received the first filing.")
    filed_offline = serializers.BooleanField(read_only=True,
                                             help_text="Received well after it was filed: it waited for a signal.")

    class Meta:
        model = DailyReport
        fields = ["id", "day", "enterprise", "enterprise_name", "officer", "officer_name", "assignment",
                  *REPORT_VALUE_FIELDS, "problems", "is_late", "version", "filed_at", "received_at",
                  "filed_offline", "submitted_at", "updated_at"]
        read_only_fields = fields


class MissingReportSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(source="id")
    officer = serializers.IntegerField(source="officer_id")
    officer_name = serializers.CharField(source="officer.name")
    officer_phone = serializers.CharField(source="officer.phone")
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_name = serializers.CharField(source="enterprise.name")
    region_name = serializers.CharField(source="enterprise.region.name")
    backing_unit_name = serializers.CharField(source="officer.backing_unit.name")


class TodayAssignmentSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(source="id")
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_name = serializers.CharField(source="enterprise.name")
    report = serializers.IntegerField(source="todays_report.id", default=None)
    report_version = serializers.IntegerField(source="todays_report.version", default=None)
    exempt = serializers.BooleanField()
    can_file_unchanged = serializers.BooleanField(source="has_previous")


class ExemptionSerializer(serializers.ModelSerializer):
    """Days on which no report is owed: an enterprise kind names the enterprise, an officer kind the officer (the
    rule is ReportExemption.clean, applied by exemption_create)."""

    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True)
    officer = ScopedPrimaryKeyRelatedField(queryset=Officer.objects.all(), required=False, allow_null=True)

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default=None)
    officer_name = serializers.CharField(source="officer.name", read_only=True, default=None)

    class Meta:
        model = ReportExemption
        fields = ["id", "kind", "enterprise", "enterprise_name", "officer", "officer_name", "start_date", "end_date",
                  "note", "created_at"]
        read_only_fields = ["id", "created_at"]
