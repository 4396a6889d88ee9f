from rest_framework import serializers

from branches.models import Branch
from enterprises.models import Enterprise
from meetings.choices import AttendeeKind, ItemAction, ItemStatus
from meetings.models import TEXT_LIMIT, Meeting, MeetingAttendee, RectificationEvent, RectificationItem
from officers.models import Officer
from regions.api.base import ScopedPrimaryKeyRelatedField

from .schema import NamedChoiceField


def _status(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(choices=ItemStatus.choices, component="RectificationStatusEnum", **kwargs)


class AttendeeSerializer(serializers.ModelSerializer):
    """An attendee; on input `officer` (an officer the user sees) links the officer's login and fills the name."""

    kind = NamedChoiceField(choices=AttendeeKind.choices, component="AttendeeKindEnum")
    name = serializers.CharField(max_length=64, required=False, allow_blank=True)
    officer = ScopedPrimaryKeyRelatedField(queryset=Officer.objects.select_related("user"), required=False,
                                           allow_null=True, write_only=True)

    class Meta:
        model = MeetingAttendee
        fields = ["id", "kind", "name", "user", "officer"]
        read_only_fields = ["id", "user"]


class RectificationEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()
    action = NamedChoiceField(choices=ItemAction.choices, component="RectificationActionEnum", read_only=True)
    from_status = _status(read_only=True, allow_blank=True)
    to_status = _status(read_only=True)

    class Meta:
        model = RectificationEvent
        fields = ["id", "at", "action", "from_status", "to_status", "actor", "actor_name", "note"]
        read_only_fields = fields

    def get_actor_name(self, event) -> str | None:
        return event.actor.get_full_name() if event.actor else None


class MeetingItemSerializer(serializers.ModelSerializer):
    """A rectification item as listed with its meeting; on input `officer` makes the officer the owner."""

    owner_name = serializers.CharField(max_length=64, required=False, allow_blank=True)
    officer = ScopedPrimaryKeyRelatedField(queryset=Officer.objects.select_related("user"), required=False,
                                           allow_null=True, write_only=True)
    is_overdue = serializers.BooleanField(read_only=True, default=False)
    status = _status(read_only=True)

    class Meta:
        model = RectificationItem
        fields = ["id", "description", "owner_name", "owner", "officer", "due_on", "status", "is_overdue",
                  "evidence", "closed_by", "closed_at", "flagged_overdue_at"]
        read_only_fields = ["id", "owner", "status", "evidence", "closed_by", "closed_at", "flagged_overdue_at"]


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting with its attendees and its rectification list; created in one request, all or nothing."""

    branch = ScopedPrimaryKeyRelatedField(queryset=Branch.objects.all(), required=False, allow_null=True)
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True)
    branch_name = serializers.CharField(source="branch.name", default=None, read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", default=None, read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    attendees = AttendeeSerializer(many=True)
    items = MeetingItemSerializer(many=True, required=False)

    class Meta:
        model = Meeting
        fields = ["id", "held_on", "branch", "branch_name", "enterprise", "enterprise_name", "region",
                  "region_name", "risk_points", "weak_links", "attendees", "items", "created_by", "created_at"]
        read_only_fields = ["id", "region", "created_by", "created_at"]
        extra_kwargs = {"weak_links": {"required": False}}


class MeetingListSerializer(serializers.ModelSerializer):
    """A row of the meeting list, with counts instead of the nested lists."""

    branch_name = serializers.CharField(source="branch.name", default=None, read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", default=None, read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    attendee_count = serializers.IntegerField(read_only=True)
    item_count = serializers.IntegerField(read_only=True)
    open_item_count = serializers.IntegerField(read_only=True)
    overdue_item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "held_on", "branch", "branch_name", "enterprise", "enterprise_name", "region",
                  "region_name", "risk_points", "weak_links", "attendee_count", "item_count", "open_item_count",
                  "overdue_item_count", "created_at"]
        read_only_fields = fields


class RectificationItemSerializer(serializers.ModelSerializer):
    """A rectification item with its meeting and history (read-only: changes go through PATCH's status update)."""

    meeting_held_on = serializers.DateField(source="meeting.held_on", read_only=True)
    meeting_subject = serializers.CharField(source="meeting.subject", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    status = _status(read_only=True)
    events = RectificationEventSerializer(many=True, read_only=True)

    class Meta:
        model = RectificationItem
        fields = ["id", "meeting", "meeting_held_on", "meeting_subject", "description", "owner_name", "owner",
                  "due_on", "status", "is_overdue", "evidence", "closed_by", "closed_at", "flagged_overdue_at",
                  "events"]
        read_only_fields = fields


class ItemUpdateSerializer(serializers.Serializer):
    """Move an item: `done` needs `evidence` (what was done and how it was checked)."""

    status = _status()
    evidence = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True)
    note = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True)
