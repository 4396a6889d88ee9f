from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from branches.models import TEXT_LIMIT, Branch, BranchMember, BranchVisit
from regions.api.base import ScopedPrimaryKeyRelatedField


class BranchMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = BranchMember
        fields = ["id", "role", "name", "phone", "officer", "joined_on", "left_on"]
        read_only_fields = fields


class BranchSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    enterprises = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    members = BranchMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Branch
        fields = ["id", "name", "region", "region_name", "department", "department_name", "enterprises", "members",
                  "created_at"]
        read_only_fields = fields


class VisitSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = BranchVisit
        fields = ["id", "branch", "member", "member_name", "enterprise", "enterprise_name", "visited_on", "checked",
                  "issues_found", "problem", "created_at"]
        read_only_fields = fields


class VisitCreateSerializer(serializers.Serializer):
    member = ScopedPrimaryKeyRelatedField(queryset=BranchMember.objects.all(),
                                          help_text=_("Your membership (one of GET /branches/ members)."))
    enterprise = serializers.IntegerField(min_value=1, help_text=_("One of the branch's enterprises."))
    visited_on = serializers.DateField()
    checked = serializers.CharField(max_length=TEXT_LIMIT)
    issues_found = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True, default="")
