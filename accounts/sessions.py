"""Long sessions ("remember this phone"): who may keep one, giving one at login, and cutting it back when its user
may keep it no longer."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import DatabaseError
from django.utils.module_loading import import_string

# Set at login on a session given SESSION_REMEMBER_AGE: when (epoch seconds) that user logged in.
REMEMBERED_SINCE = "remembered_since"


def may_be_remembered(user) -> bool:
    """Whether `user` may keep a long session: a rule about their posts, which live above this app, so the project
    names it in SESSION_REMEMBER_RULE (regions.scoping.may_stay_signed_in)."""
    return import_string(settings.SESSION_REMEMBER_RULE)(user)


def remember_session(request) -> None:
    """Give the signed-in user's session SESSION_REMEMBER_AGE, marked so that RememberedSessionMiddleware can cut it
    back should they stop being someone who may keep one."""
    request.session.set_expiry(settings.SESSION_REMEMBER_AGE)
    request.session[REMEMBERED_SINCE] = int(time.time())


class RememberedSessionMiddleware:
    """An officer who ticked "remember this phone" and later got an office post (or became staff) keeps the long
    session no longer: it is cut back to SESSION_COOKIE_AGE counted from the login, or ended at once when that is
    already past. The rule is the login's own (may_be_remembered), read on every request of a
    remembered session; the scope it reads is the one the page computes anyway, so it costs no query there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            since = request.session.get(REMEMBERED_SINCE) if hasattr(request, "session") else None
        except DatabaseError:  # the database is away: the view meets it too and answers 503 (DatabaseUnavailable)
            since = None
        if since is not None and request.user.is_authenticated:
            if not may_be_remembered(request.user):
                left = settings.SESSION_COOKIE_AGE - (int(time.time()) - since)
                if left <= 0:
                    logout(request)
                else:
                    del request.session[REMEMBERED_SINCE]
                    request.session.set_expiry(left)
        return self.get_response(request)
