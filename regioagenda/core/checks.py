"""System checks for what Django's own --deploy checks cannot know about this project."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the development default.",
                hint="Set the SECRET_KEY environment variable to a long random value.",
                id="regioagenda.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_staff_mfa(app_configs, **kwargs):
    if not settings.REGIOAGENDA_REQUIRE_STAFF_MFA:
        return [
            Warning(
                "Staff roles can act without a second factor (REQUIRE_STAFF_MFA=false).",
                hint="Only the demo turns this off; remove REQUIRE_STAFF_MFA in production.",
                id="regioagenda.W001",
            )
        ]
    return []
