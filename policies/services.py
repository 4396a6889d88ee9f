"""Writes on the policy library: offices publish, edit, withdraw and restore documents of regions they manage."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.models import Region
from regions.scoping import ensure_manages_region

from .models import PolicyDocument
from .uploads import check_upload

EDITABLE_FIELDS = ("title", "issuing_body", "issued_on", "category", "region", "summary", "keywords", "body")


def _check_sources(*, actor, document: PolicyDocument, sources: Iterable[PolicyDocument]) -> list[PolicyDocument]:
    sources = list(sources)
    if any(source.pk == document.pk for source in sources):
        raise ValidationError({"sources": _("A handbook cannot be compiled from itself.")})
    visible = set(PolicyDocument.objects.visible_to(actor).filter(pk__in=[s.pk for s in sources])
                  .values_list("pk", flat=True))
    if len(visible) != len({s.pk for s in sources}):
        raise ValidationError({"sources": _("A source document does not exist or is outside your scope.")})
    return sources


def _attach(document: PolicyDocument, upload) -> None:
    checked = check_upload(upload)
    document.file_kind = checked.kind
    document.file_name = checked.name
    document.file_size = checked.size
    # The storage name is drawn by policy_file_path; save=False: the row is saved once, after full_clean().
    document.file.save(checked.name, checked.content, save=False)


def _save(document: PolicyDocument, *, wrote_file: bool) -> None:
    try:
        document.full_clean()
    except ValidationError:
        if wrote_file:
            document.file.delete(save=False)  # a refused document leaves no new file behind
        raise
    document.save()


@transaction.atomic
def policy_publish(*, actor, title: str, issuing_body: str, issued_on: date, category: str, region: Region,
                   summary: str = "", keywords: str = "", body: str = "", file=None,
                   sources: Iterable[PolicyDocument] = ()) -> PolicyDocument:
    """Publish a document (or a handbook compiled from `sources`) for a region the actor's office manages."""
    ensure_manages_region(actor=actor, region=region)
    document = PolicyDocument(
        title=title.strip(), issuing_body=issuing_body.strip(), issued_on=issued_on, category=category,
        region=region, summary=summary.strip(), keywords=keywords.strip(), body=body.strip(),
        published_by=actor, published_at=timezone.now(),
    )
    sources = _check_sources(actor=actor, document=document, sources=sources)
    if not file and not document.body:
        raise ValidationError({"body": _("Attach the document's file or enter its text (or both).")})
    document.clean_fields(exclude=["file"])  # the fields first: a refused form writes no file
    if file:
        _attach(document, file)
    _save(document, wrote_file=bool(file))
    document.sources.set(sources)
    return document


@transaction.atomic
def policy_update(*, actor, document: PolicyDocument, file=None, remove_file: bool = False,
                  sources: Iterable[PolicyDocument] | None = None, **changes) -> PolicyDocument:
    """Change a document's fields, replace or remove its file; moving it needs both regions to be the actor's."""
    ensure_manages_region(actor=actor, region=document.region)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown policy document fields: {sorted(unknown)}")
    if "region" in changes:
        ensure_manages_region(actor=actor, region=changes["region"])
    for field, value in changes.items():
        setattr(document, field, value.strip() if isinstance(value, str) else value)
    if sources is not None:
        sources = _check_sources(actor=actor, document=document, sources=sources)
    old_file = document.file.name if document.file else ""
    if remove_file and not file:
        document.file, document.file_name, document.file_kind, document.file_size = "", "", "", 0
    if not file and not document.file and not document.body:
        raise ValidationError({"body": _("Attach the document's file or enter its text (or both).")})
    document.clean_fields(exclude=["file"])
    if file:
        _attach(document, file)
    _save(document, wrote_file=bool(file))
    if sources is not None:
        document.sources.set(sources)
    if old_file and old_file != document.file.name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return document


@transaction.atomic
def policy_withdraw(*, actor, document: PolicyDocument) -> PolicyDocument:
    """Withdraw a document: officers no longer find it; the managing offices still see it, marked withdrawn."""
    ensure_manages_region(actor=actor, region=document.region)
    if document.withdrawn:
        raise ValidationError(_("This document is already withdrawn."))
    document.withdrawn, document.withdrawn_at = True, timezone.now()
    document.save(update_fields=["withdrawn", "withdrawn_at", "updated_at"])
    return document


@transaction.atomic
def policy_restore(*, actor, document: PolicyDocument) -> PolicyDocument:
    """Put a withdrawn document back in the library."""
    ensure_manages_region(actor=actor, region=document.region)
    if not document.withdrawn:
        raise ValidationError(_("This document is not withdrawn."))
    document.withdrawn, document.withdrawn_at = False, None
    document.save(update_fields=["withdrawn", "withdrawn_at", "updated_at"])
    return document
