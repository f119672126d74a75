"""URLs of the actors' import and export (included by actors/urls/__init__.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.views import imports as views

urlpatterns = [
    path(_("import/"), views.import_actors, name="import"),
    path(_("import/vorlage/"), views.import_template, name="import_template"),
    path(_("export/"), views.export_actors, name="export"),
]
