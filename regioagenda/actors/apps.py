from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "regioagenda.actors"
    verbose_name = _("Akteure und Aktivitäten")

    def ready(self):
        from regioagenda.actors import (
            raters,  # noqa: F401 (offers people to the matrix)
            sections,  # noqa: F401 (registers the agenda home section)
        )
