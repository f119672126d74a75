from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "regioagenda.sources"
    verbose_name = _("Bestehende Konzepte")

    def ready(self):
        from regioagenda.sources import sections  # noqa: F401 (registers the agenda home section)
