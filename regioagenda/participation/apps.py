from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "regioagenda.participation"
    verbose_name = _("Beteiligung")

    def ready(self):
        from regioagenda.participation import (
            sections,  # noqa: F401 (agenda home sections, to-dos, demo loaders)
        )
