"""Replay-safe API writes: the Idempotency-Key protocol (IETF draft "The Idempotency-Key HTTP Header Field").

Same key and same request: the stored first answer again. Same key, different request: 422. A key that is not 1-64
printable ASCII characters: 400. Records older than IDEMPOTENCY_KEY_TTL_HOURS are purged by a beat task.

The record is written in the same transaction as the write it answers for: either both are committed or neither is,
so a saved report is never answered with an error (a failure in the bookkeeping rolls the report back, and the
client's retry with the same key files it once). A concurrent retry waits on the key's unique index until the first
request commits, then gets its answer.
"""

import hashlib
import json
import re
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
MAX_KEY_LENGTH = 64
# Printable ASCII (space to tilde), 1 to MAX_KEY_LENGTH characters; a UUID or a ULID fits.
VALID_KEY = re.compile(rf"[\x20-\x7e]{{1,{MAX_KEY_LENGTH}}}")
# A record with no answer after this long belongs to a request that died; a retry may take it over.
STALE_IN_PROGRESS = timedelta(minutes=2)


def request_fingerprint(request) -> str:
    body = request.data if hasattr(request, "data") else {}
    canonical = json.dumps(body, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{request.method} {request.path}\n{canonical}".encode()).hexdigest()


def _error(message: str, code: int) -> Response:
    return Response({"detail": message}, status=code)


def key_problem(raw: str | None) -> str | None:
    """Why an Idempotency-Key header value is refused, or None when it is fine (or absent)."""
    if raw is None:
        return None
    if not VALID_KEY.fullmatch(raw) or not raw.strip():
        return _("The Idempotency-Key header must be 1 to %(n)d printable ASCII characters (letters, digits, "
                 "punctuation; no control or non-ASCII characters), for example a UUID.") % {"n": MAX_KEY_LENGTH}
    return None


def idempotency_key(request) -> str | None:
    """The request's Idempotency-Key, stripped; None when the header is absent. Call key_problem first."""
    raw = request.headers.get(HEADER)
    return raw.strip() if raw is not None else None


def idempotent(view_method):
    """Decorate a DRF view method (create, update, an action) so that it honours an Idempotency-Key header."""

    @wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        raw = request.headers.get(HEADER)
        if raw is None:
            return view_method(self, request, *args, **kwargs)
        problem = key_problem(raw)
        if problem is not None:
            return _error(problem, status.HTTP_400_BAD_REQUEST)
        key = raw.strip()
        fingerprint = request_fingerprint(request)
        with transaction.atomic():
            record, created = _claim(request.user, key, fingerprint)
            if not created:
                return _answer_again(record, fingerprint)
            response = view_method(self, request, *args, **kwargs)
            if response.status_code >= 500:
                transaction.set_rollback(True)  # a server fault writes nothing and may be retried
                return response
            _record_answer(record, response)
        return response

    return wrapper


def _answer_again(record: IdempotencyRecord, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        return _error(_("This Idempotency-Key was already used for a different request."),
                      status.HTTP_422_UNPROCESSABLE_ENTITY)
    if record.status_code is None:
        return _error(_("A request with this Idempotency-Key is still being processed; retry shortly."),
                      status.HTTP_409_CONFLICT)
    replay = Response(record.response_body, status=record.status_code)
    replay["Idempotent-Replayed"] = "true"
    return replay


def _record_answer(record: IdempotencyRecord, response: Response) -> None:
    """Store the answer, inside the write's transaction: if this fails, the write is rolled back with it."""
    IdempotencyRecord.objects.filter(pk=record.pk).update(status_code=response.status_code,
                                                          response_body=response.data)


def _claim(user, key: str, fingerprint: str) -> tuple[IdempotencyRecord, bool]:
    """Insert the key (in the caller's transaction) or return the existing record.

    On PostgreSQL a concurrent request with the same key blocks on the unique index until the first one commits (then
    it reads the answer) or rolls back (then it claims the key itself). Records left without an answer by older
    versions, which committed the claim first, are taken over once stale.
    """
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
