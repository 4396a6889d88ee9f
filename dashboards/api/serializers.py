from django.urls import reverse
from rest_framework import serializers

from dashboards.figures import FIGURES
from dashboards.models import Bulletin, ShuttleTrip
from enterprises.models import Enterprise
from regions.api.base import ScopedPrimaryKeyRelatedField
from regions.models import Region


class ShuttleTripSerializer(serializers.ModelSerializer):
    region = ScopedPrimaryKeyRelatedField(queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    enterprises = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), many=True)
    # The service judges the number of workers and the date, with its own messages.
    workers_carried = serializers.IntegerField()

    class Meta:
        model = ShuttleTrip
        fields = ["id", "day", "route_from", "route_to", "region", "region_name", "enterprises", "workers_carried",
                  "note", "created_at"]
        read_only_fields = ["created_at"]


class BulletinSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = Bulletin
        fields = ["id", "region", "region_name", "day", "generated_at", "data", "xlsx_url"]

    def get_xlsx_url(self, bulletin) -> str:
        return reverse("dashboards:bulletin-xlsx", args=[bulletin.pk])


def _figure_field(spec):
    return serializers.FloatField(allow_null=True) if spec.rate else serializers.IntegerField(allow_null=True)


# One field per headline figure (dashboards.figures.FIGURES), so the schema names every figure.
FiguresSerializer = type("FiguresSerializer", (serializers.Serializer,),
                         {spec.key: _figure_field(spec) for spec in FIGURES})


class ChildFiguresSerializer(serializers.Serializer):
    region = serializers.IntegerField()
    region_name = serializers.CharField()
    figures = FiguresSerializer(allow_null=True)


class DashboardSerializer(serializers.Serializer):
    """A region's day: the headline figures, the day before's, each child region's, and when they were computed."""

    region = serializers.IntegerField()
    region_name = serializers.CharField()
    day = serializers.DateField()
    computed_at = serializers.DateTimeField(allow_null=True)
    figures = FiguresSerializer(allow_null=True)
    previous = FiguresSerializer(allow_null=True)
    new_problems_by_category = serializers.DictField(child=serializers.IntegerField())
    open_positions_by_industry = serializers.DictField(child=serializers.IntegerField())
    children = ChildFiguresSerializer(many=True)
