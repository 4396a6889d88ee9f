from rest_framework import serializers

from enterprises.models import Enterprise
from officers.models import Assignment, Officer, TaskForce
from regions.api.base import ScopedPrimaryKeyRelatedField
from regions.models import Region


class OfficerSerializer(serializers.ModelSerializer):
    backing_unit_name = serializers.CharField(source="backing_unit.name", read_only=True)

    class Meta:
        model = Officer
        fields = ["id", "name", "phone", "title", "status", "backing_unit", "backing_unit_name"]


class AssignmentSerializer(serializers.ModelSerializer):
    officer = ScopedPrimaryKeyRelatedField(queryset=Officer.objects.all())
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    managing_region = ScopedPrimaryKeyRelatedField(queryset=Region.objects.all())
    task_force = ScopedPrimaryKeyRelatedField(queryset=TaskForce.objects.all(), required=False, allow_null=True)
    officer_name = serializers.CharField(source="officer.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id", "officer", "officer_name", "enterprise", "enterprise_name", "managing_region", "commanding_region",
            "task_force", "start_date", "end_date", "end_reason", "end_note", "replaces",
        ]
        read_only_fields = ["commanding_region", "end_reason", "end_note", "replaces"]
        validators = []
