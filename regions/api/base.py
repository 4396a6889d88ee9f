"""The API's share of region scoping and of turning service errors into field-level JSON."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from regions.scoping import RegionScopedModel


@contextmanager
def service_errors_as_api_errors():
    """Re-raise a service's Django ValidationError as DRF's, keeping the per-field messages."""
    try:
        yield
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise ValidationError(detail) from error


class ScopedViewSetMixin:
    """Viewsets declare the list's `filterset_class` (its `scoped_rows(user)` are the rows, its filters the query
    parameters, as on the list's page and export), or a `queryset` (or `get_base_queryset`) that the mixin narrows
    to the user's scope."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = None

    def get_base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        if self.filterset_class is not None:
            return self.filterset_class.scoped_rows(self.request.user)
        return self.get_base_queryset().visible_to(self.request.user)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related choice limited to what the requesting user may see: an id outside scope reads as 'does not exist'."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if issubclass(queryset.model, RegionScopedModel):
            return queryset.visible_to(request.user if request else None)
        return queryset
