from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """The login form with "remember this phone": honoured for officers only (accounts.views.LoginView)."""

    remember = forms.BooleanField(label=_("Remember this phone"), required=False)
