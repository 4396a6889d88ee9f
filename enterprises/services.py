"""Writes on the roster of enterprises and key projects."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regions.models import Region
from regions.scoping import scope_for

from .models import Enterprise
from .validators import normalize_credit_code

ENTERPRISE_FIELDS = (
    "kind", "name", "credit_code", "region", "industry", "size_class",
    "is_key", "address", "contact_name", "contact_phone",
)


def ensure_manages_region(*, actor, region: Region | None) -> None:
    """Refuse a roster write in a region the actor's office does not manage."""
    if region is None or not scope_for(actor).manages_region(region):
        raise ValidationError({"region": _("This region does not exist or is outside your office's reach.")})


@transaction.atomic
def enterprise_create(*, actor, region: Region, name: str, credit_code: str | None = None, **fields) -> Enterprise:
    """Register an enterprise or key project in a region the actor's office manages."""
    ensure_manages_region(actor=actor, region=region)
    unknown = set(fields) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise TypeError(f"unknown enterprise fields: {sorted(unknown)}")
    enterprise = Enterprise(region=region, name=name.strip(), credit_code=normalize_credit_code(credit_code) or None)
    for field, value in fields.items():
        setattr(enterprise, field, value)
    enterprise.full_clean()
    enterprise.save()
    return enterprise


@transaction.atomic
def enterprise_update(*, actor, enterprise: Enterprise, **changes) -> Enterprise:
    """Change an enterprise's roster fields; moving it needs both regions to be the actor's."""
    ensure_manages_region(actor=actor, region=enterprise.region)
    unknown = set(changes) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise TypeError(f"unknown enterprise fields: {sorted(unknown)}")
    if "region" in changes:
        ensure_manages_region(actor=actor, region=changes["region"])
    if "credit_code" in changes:
        changes["credit_code"] = normalize_credit_code(changes["credit_code"]) or None
    for field, value in changes.items():
        setattr(enterprise, field, value)
    enterprise.full_clean()
    enterprise.save()
    return enterprise
