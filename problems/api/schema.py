"""OpenAPI: one named enum component for a problem's status.

Officers have a `status` with other choices; drf-spectacular names enums by field name, so without this the two
collide. The component is registered here instead of in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"], keeping the
problem ledger's schema with the problem ledger.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent

from problems.choices import ProblemStatus


class ProblemStatusFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "problems.api.serializers.ProblemStatusField"

    def map_serializer_field(self, auto_schema, direction):
        component = ResolvedComponent(
            name="ProblemStatusEnum", type=ResolvedComponent.SCHEMA, object="ProblemStatusEnum",
            schema={"type": "string", "enum": ProblemStatus.values,
                    "description": "\n".join(f"* `{value}` - {label}" for value, label in ProblemStatus.choices)},
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref
