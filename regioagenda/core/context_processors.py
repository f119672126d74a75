from django.conf import settings

from regioagenda.core import permissions


def shell(request):
    """What the page shell needs on every page: the CSP nonce for htmx, and the main navigation."""
    user = getattr(request, "user", None)
    return {
        # django-htmx's {% htmx_script %} looks for this name (Django 6 spells it so).
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "shell_is_programme_admin": permissions.is_programme_admin(user) if user else False,
        "shell_staff_mfa_required": settings.REGIOAGENDA_REQUIRE_STAFF_MFA,
    }
