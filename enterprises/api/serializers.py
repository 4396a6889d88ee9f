from rest_framework import serializers

from enterprises.models import Enterprise
from regions.api.base import ScopedPrimaryKeyRelatedField
from regions.models import Region


class EnterpriseSerializer(serializers.ModelSerializer):
    region = ScopedPrimaryKeyRelatedField(queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id", "kind", "name", "credit_code", "region", "region_name", "industry", "size_class", "is_key",
            "address", "contact_name", "contact_phone",
        ]
        # Uniqueness and the check character are the service's to judge, with its messages.
        extra_kwargs = {"credit_code": {"validators": []}}
