"""OpenAPI: named enum components for the meetings' choices.

Other apps have fields called `status`, `kind` and `action` with other choices; drf-spectacular names enums by field
name, so without this they collide. As in problems/api/schema.py, the components are registered here, keeping the
meetings' schema with the meetings.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers


class NamedChoiceField(serializers.ChoiceField):
    """A choice field that appears in the schema as the enum component `component`."""

    def __init__(self, *, choices, component: str, **kwargs):
        self.component = component
        super().__init__(choices=choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "meetings.api.schema.NamedChoiceField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        component = ResolvedComponent(
            name=field.component, type=ResolvedComponent.SCHEMA, object=field.component,
            schema={"type": "string", "enum": [value for value in field.choices if value != ""],
                    "description": "\n".join(f"* `{value}` - {label}" for value, label in field.choices.items())},
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref
