import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

logger = logging.getLogger(__name__)


class PortalLocaleMiddleware(LocaleMiddleware):
    """Pages speak Simplified Chinese unless the user chose another language with the switch (a cookie).

    A browser's Accept-Language is ignored for pages: officials' machines are often set up in English, and the
    portal's language is the programme's. API clients, which have no switch, get the language they ask for.
    """

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# --- The database is down: a 503 that says so, and a process that heals by itself ------------------------------

DATABASE_DOWN_RETRY_AFTER_SECONDS = 15
PROBLEM_TYPE_DATABASE_DOWN = "https://liaison-portal.invalid/problems/database-unavailable"


def is_database_unavailable(error: BaseException | None) -> bool:
    """The database cannot be reached (or the connection broke): Django's wrapped errors and psycopg's own."""
    from django.db import InterfaceError, OperationalError

    if error is None:
        return False
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    try:
        import psycopg
    except ImportError:  # pragma: no cover - SQLite-only installs
        return False
    return isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError))


def _discard_broken_connections() -> None:
    """Close every connection that failed, so the next request opens a fresh one (CONN_MAX_AGE keeps them)."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue  # a transaction still open around the request (a test's) is its owner's to end
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a dead connection may itself fail; it is gone either way
            logger.debug("closing a broken connection failed", exc_info=True)


def database_unavailable_response(request):
    """503: a Chinese page for people, an RFC 9457 problem detail for the API. Renders without the database."""
    from django.http import HttpResponse, JsonResponse
    from django.template.loader import render_to_string
    from django.utils.translation import gettext

    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {
                "type": PROBLEM_TYPE_DATABASE_DOWN,
                "title": gettext("Service temporarily unavailable"),
                "status": 503,
                "detail": gettext("The database cannot be reached just now. Retry in a moment with the same "
                                  "Idempotency-Key: a write is saved once, never twice."),
            },
            status=503, content_type="application/problem+json", json_dumps_params={"ensure_ascii": False},
        )
    else:
        language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
        with translation.override(language):
            body = render_to_string("503.html", {"retry_after": DATABASE_DOWN_RETRY_AFTER_SECONDS,
                                                 "path": request.get_full_path(), "LANGUAGE_CODE": language})
        response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(DATABASE_DOWN_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """PostgreSQL down (or a broken persistent connection) is a 503, never Django's 500, and heals by itself.

    A view's database error is answered here (process_exception); one raised elsewhere (another middleware, the
    session save) reaches Django's 500 handler, and the got_request_exception hook below marks the request so that
    the 500 is replaced on the way out. Either way the broken connections are closed, so the first request after
    PostgreSQL returns connects afresh: no restart of the process is needed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_database_unavailable", False):
            _discard_broken_connections()
            return database_unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        logger.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
        _discard_broken_connections()
        return database_unavailable_response(request)


def _mark_database_unavailable(sender, request=None, **kwargs) -> None:
    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        request._database_unavailable = True


got_request_exception.connect(_mark_database_unavailable, dispatch_uid="liaison-database-unavailable")
