from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _

from .forms import LoginForm
from .sessions import may_be_remembered, remember_session


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out (username, address) pair sees, in the user's language, with the cool-off left."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)


class LoginView(auth_views.LoginView):
    """Log in; a ticked "remember this phone" lasts SESSION_REMEMBER_AGE for an officer, SESSION_COOKIE_AGE else."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.cleaned_data.get("remember"):
            if may_be_remembered(form.get_user()):
                remember_session(self.request)
            else:
                messages.info(self.request, _("This phone is not remembered: office and administrator sessions end "
                                              "after %(hours)d hours.") % {"hours": session_hours()})
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "remember_days": settings.SESSION_REMEMBER_AGE // 86400,
                "session_hours": session_hours()}


def session_hours() -> int:
    return settings.SESSION_COOKIE_AGE // 3600
