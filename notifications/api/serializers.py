from rest_framework import serializers

from notifications.models import Notice


class NoticeSerializer(serializers.ModelSerializer):
    # `message` is kept for clients of the reports app's former notices (it was their only text).
    message = serializers.CharField(read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "kind", "title", "body", "message", "url", "created_at", "read_at"]
        read_only_fields = fields


class MarkedReadSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField()
