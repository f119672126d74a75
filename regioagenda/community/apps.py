from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "regioagenda.community"
    verbose_name = _("Benachrichtigungen und Moderation")
