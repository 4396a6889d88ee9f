"""Replay-safe API writes: the Idempotency-Key protocol (IETF draft "The Idempotency-Key HTTP Header Field").

Same key and same request: the stored first answer again. Same key, different request: 422. The same key while the
first request is still running: 409. Records older than IDEMPOTENCY_KEY_TTL_HOURS are purged by a beat task.
"""

import hashlib
import json
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# A record with no answer after this long belongs to a request that died; a retry may take it over.
STALE_IN_PROGRESS = timedelta(minutes=2)


def request_fingerprint(request) -> str:
    body = request.data if hasattr(request, "data") else {}
    canonical = json.dumps(body, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{request.method} {request.path}\n{canonical}".encode()).hexdigest()


def _error(message: str, code: int) -> Response:
    return Response({"detail": message}, status=code)


def idempotent(view_method):
    """Decorate a DRF view method (create, update, an action) so that it honours an Idempotency-Key header."""

    @wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        if not key:
            return view_method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            return _error(_("The Idempotency-Key header may be at most %(n)d characters.") % {"n": MAX_KEY_LENGTH},
                          status.HTTP_400_BAD_REQUEST)
        fingerprint = request_fingerprint(request)
        record, created = _claim(request.user, key, fingerprint)
        if not created:
            if record.fingerprint != fingerprint:
                return _error(_("This Idempotency-Key was already used for a different request."),
                              status.HTTP_422_UNPROCESSABLE_ENTITY)
            if record.status_code is None:
                return _error(_("A request with this Idempotency-Key is still being processed; retry shortly."),
                              status.HTTP_409_CONFLICT)
            replay = Response(record.response_body, status=record.status_code)
            replay["Idempotent-Replayed"] = "true"
            return replay
        try:
            response = view_method(self, request, *args, **kwargs)
        except Exception:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            raise
        if response.status_code >= 500:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()  # a server fault may be retried
        else:
            IdempotencyRecord.objects.filter(pk=record.pk).update(
                status_code=response.status_code, response_body=response.data
            )
        return response

    return wrapper


def _claim(user, key: str, fingerprint: str) -> tuple[IdempotencyRecord, bool]:
    """Insert the key (committed at once, so a concurrent retry sees it) or return the existing record."""
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(user=user, key=key, fingerprint=fingerprint), True
    except IntegrityError:
        pass
    record = IdempotencyRecord.objects.get(user=user, key=key)
    stale = record.status_code is None and record.created_at < timezone.now() - STALE_IN_PROGRESS
    if stale and record.fingerprint == fingerprint:
        IdempotencyRecord.objects.filter(pk=record.pk).update(created_at=timezone.now())
        return record, True
    return record, False


def idempotency_records_purge(*, now=None) -> int:
    """Delete records older than the TTL; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    deleted, _rows = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
