from rest_framework import serializers

from regions.models import Department, Post, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "name_en", "level", "parent", "path", "depth"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "kind", "region"]


class PostSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", default=None, read_only=True)
    department_name = serializers.CharField(source="department.name", default=None, read_only=True)

    class Meta:
        model = Post
        fields = ["id", "kind", "region", "region_name", "department", "department_name"]


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    posts = PostSerializer(many=True)
