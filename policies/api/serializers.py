from django.urls import reverse
from rest_framework import serializers

from policies.models import PolicyDocument


class PolicySerializer(serializers.ModelSerializer):
    """A document in a list: what to show on a phone before opening it."""

    region_name = serializers.CharField(source="region.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = PolicyDocument
        fields = [
            "id", "title", "issuing_body", "issued_on", "category", "category_label", "region", "region_name",
            "summary", "keywords", "file_kind", "file_name", "file_size", "file_url", "withdrawn", "published_at",
        ]
        read_only_fields = fields

    def get_file_url(self, document) -> str | None:
        """The file's download address (the API's, checked against the reader's scope), or null without a file."""
        if not document.file:
            return None
        url = reverse("api:policy-file", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyDocument
        fields = ["id", "title", "issuing_body", "issued_on"]
        read_only_fields = fields


class PolicyDetailSerializer(PolicySerializer):
    """One document with its text and, for a handbook, the sources the reader may see."""

    sources = SourceSerializer(source="visible_sources", many=True, read_only=True)
    compiled_in = SourceSerializer(source="visible_handbooks", many=True, read_only=True)

    class Meta(PolicySerializer.Meta):
        fields = [*PolicySerializer.Meta.fields, "body", "sources", "compiled_in"]
        read_only_fields = fields
