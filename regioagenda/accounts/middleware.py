"""Staff roles must set up a second factor before they can act."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from regioagenda.core import permissions

# Pages a staff member without a second factor may still open: everything needed to set it
# up, to log out, to switch language, and the health check.
_ALLOWED_PREFIXES = ("account_", "mfa_")
_ALLOWED_NAMES = {"set_language", "healthz"}


def has_second_factor(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireStaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REGIOAGENDA_REQUIRE_STAFF_MFA
            and request.user.is_authenticated
            and not self._exempt(request)
            and permissions.requires_mfa(request.user)
            and not has_second_factor(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Ihre Rolle verlangt eine Zwei-Faktor-Anmeldung. Bitte richten Sie zuerst "
                    "eine Authenticator-App ein."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _exempt(request):
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
        name = match.url_name or ""
        return name in _ALLOWED_NAMES or name.startswith(_ALLOWED_PREFIXES)
