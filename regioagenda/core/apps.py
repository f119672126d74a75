from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "regioagenda.core"
    verbose_name = _("Grundlagen")

    def ready(self):
        from regioagenda.core import checks, jobs, pagecache  # noqa: F401 (checks register)

        jobs.autodiscover()
        pagecache.connect_signals()
