from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatrixConfig(AppConfig):
    name = "regioagenda.matrix"
    verbose_name = _("Smart-Region-Matrix")

    def ready(self):
        from regioagenda.matrix import (
            sections,  # noqa: F401 (registers the agenda home section)
            signals,  # noqa: F401 (pending raters who join)
        )
