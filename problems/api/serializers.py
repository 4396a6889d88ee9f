from rest_framework import serializers

from problems.choices import ProblemStatus
from problems.models import TEXT_LIMIT, Problem, ProblemEvent
from problems.services import ASSIGN_MANY_LIMIT
from regions.api.base import ScopedPrimaryKeyRelatedField
from regions.models import Department

from . import schema  # noqa: F401  (registers the schema extension)


class ProblemStatusField(serializers.ChoiceField):
    """A problem's status; in the schema the ProblemStatusEnum component (see schema.py)."""

    def __init__(self, **kwargs):
        super().__init__(choices=ProblemStatus.choices, **kwargs)


class ProblemSerializer(serializers.ModelSerializer):
    """A row of the ledger, a queue or the officer's list (read-only: changes go through the actions)."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    raised_by_name = serializers.CharField(source="raised_by.name", read_only=True)
    department_name = serializers.CharField(source="department.name", default=None, read_only=True)
    handling_region_name = serializers.CharField(source="handling_region.name", read_only=True)
    handling_level = serializers.CharField(source="handling_region.level", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    status = ProblemStatusField(read_only=True)

    class Meta:
        model = Problem
        fields = [
            "id", "enterprise", "enterprise_name", "raised_by", "raised_by_name", "raised_on", "category",
            "description", "status", "department", "department_name", "deadline", "is_overdue", "handling_region",
            "handling_region_name", "handling_level", "resolution", "resolved_at", "confirmed_at", "escalated_at",
            "created_at", "updated_at", "version",
        ]
        read_only_fields = fields


class ProblemEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()
    department_name = serializers.CharField(source="department.name", default=None, read_only=True)
    from_status = ProblemStatusField(read_only=True, allow_blank=True)
    to_status = ProblemStatusField(read_only=True)

    class Meta:
        model = ProblemEvent
        fields = ["id", "at", "action", "from_status", "to_status", "actor", "actor_name", "department",
                  "department_name", "note", "data"]
        read_only_fields = fields

    def get_actor_name(self, event) -> str | None:
        return event.actor.get_full_name() if event.actor else None


class ProblemDetailSerializer(ProblemSerializer):
    """One problem with its co-handling departments, its history and what the requesting user may do now."""

    co_departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    events = ProblemEventSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(ProblemSerializer.Meta):
        fields = [*ProblemSerializer.Meta.fields, "co_departments", "events", "allowed_actions"]
        read_only_fields = fields

    def get_allowed_actions(self, problem) -> list[str]:
        from problems.services import problem_actions_for

        request = self.context.get("request")
        return sorted(problem_actions_for(user=request.user if request else None, problem=problem))


class ActionSerializer(serializers.Serializer):
    """Every action may carry the problem's `version` the client last read: a problem changed since answers 409."""

    version = serializers.IntegerField(
        min_value=1, required=False,
        help_text="The problem's version you read (the `version` of its detail). If someone changed the problem "
                  "since, the action answers 409 naming who and when, and nothing is written. Without it, the "
                  "action applies to the problem as it is now.")


class AssignSerializer(ActionSerializer):
    department = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all())
    co_departments = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all(), many=True, required=False)
    deadline = serializers.DateField(required=False, allow_null=True,
                                     help_text="Empty for the category's default in working days.")


class AssignManyItemSerializer(serializers.Serializer):
    id = ScopedPrimaryKeyRelatedField(queryset=Problem.objects.all(), help_text="A problem of the ledger.")
    version = serializers.IntegerField(
        min_value=1, required=False,
        help_text="The problem's version you read: if it changed since, this problem is refused (the others go).")


class AssignManySerializer(serializers.Serializer):
    """Several problems to one department with one deadline (empty: each category's default)."""

    problems = AssignManyItemSerializer(many=True, allow_empty=False, max_length=ASSIGN_MANY_LIMIT)
    department = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all())
    deadline = serializers.DateField(required=False, allow_null=True,
                                     help_text="Empty for each category's default in working days.")


class AssignManyRefusalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField(help_text="The problem's version now.")
    errors = serializers.ListField(child=serializers.CharField(), help_text="Why it was not dispatched.")


class AssignManyResultSerializer(serializers.Serializer):
    assigned = ProblemSerializer(many=True, help_text="The problems dispatched, as the ledger lists them.")
    refused = AssignManyRefusalSerializer(many=True, help_text="The problems left as they were, each with why.")


class ReasonSerializer(ActionSerializer):
    reason = serializers.CharField(max_length=TEXT_LIMIT)


class ResolveSerializer(ActionSerializer):
    resolution = serializers.CharField(max_length=TEXT_LIMIT)


class DeadlineSerializer(ActionSerializer):
    deadline = serializers.DateField()


class EmptySerializer(ActionSerializer):
    """Start and confirm carry no data but the optional version."""
