from rest_framework import serializers

from enterprises.models import Enterprise
from medics.models import Medic, MedicCoverage
from regions.api.base import ScopedPrimaryKeyRelatedField


class MedicSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    small_count = serializers.IntegerField(read_only=True, help_text="Small or micro enterprises covered today.")
    large_count = serializers.IntegerField(read_only=True, help_text="Above-size enterprises covered today.")

    class Meta:
        model = Medic
        fields = ["id", "name", "phone", "institution", "institution_name", "small_count", "large_count"]


class MedicCoverageSerializer(serializers.ModelSerializer):
    medic = ScopedPrimaryKeyRelatedField(queryset=Medic.objects.all())
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    medic_name = serializers.CharField(source="medic.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = MedicCoverage
        fields = ["id", "medic", "medic_name", "enterprise", "enterprise_name", "start_date", "end_date", "end_note"]
        read_only_fields = ["end_note"]
        validators = []
