"""URLs of the existing concepts, mounted under ``agenden/<slug>/konzepte/`` (namespace "sources")."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.sources import views

app_name = "sources"

urlpatterns = [
    path("", views.document_list, name="documents"),
    path("<int:pk>/", views.document_detail, name="document"),
    path(_("<int:pk>/neu-auswerten/"), views.document_reanalyse, name="reanalyse"),
    path(_("<int:pk>/loeschen/"), views.document_delete, name="delete"),
    path(_("<int:pk>/abschnitte-pruefen/"), views.passages_review, name="passages_review"),
    path(
        _("abschnitte/<int:pk>/uebernehmen/"),
        views.passage_action,
        {"action": "accept"},
        name="passage_accept",
    ),
    path(
        _("abschnitte/<int:pk>/verwerfen/"),
        views.passage_action,
        {"action": "reject"},
        name="passage_reject",
    ),
    path(
        _("abschnitte/<int:pk>/zuordnen/"),
        views.passage_action,
        {"action": "reassign"},
        name="passage_reassign",
    ),
    path(_("abdeckung/"), views.coverage, name="coverage"),
    path(_("felder/<slug:key>/"), views.field_summary, name="field"),
]
