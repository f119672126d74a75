"""Every page of the participatory process, mounted under ``agenden/<slug>/beteiligung/``."""

from django.urls import path  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

app_name = "participation"

urlpatterns = []

# Phases, process page, news, reach ------------------------------------------------------------
urlpatterns += []


# Events ---------------------------------------------------------------------------------------
urlpatterns += []


# Ideas and comments ---------------------------------------------------------------------------
urlpatterns += []


# Idea curation: quick capture, themes, duplicates ----------------------------------------------
urlpatterns += []


# Prioritisation and consultation --------------------------------------------------------------
from regioagenda.participation.views import consultation as consultation_views  # noqa: E402
from regioagenda.participation.views import voting as voting_views  # noqa: E402

urlpatterns += [
    path("priorisierung/<slug:step>/", voting_views.voting, name="voting"),
    path("priorisierung/<slug:step>/ergebnis/", voting_views.voting_results, name="voting_results"),
    path(
        "priorisierung/<slug:step>/ergebnis.csv",
        voting_views.voting_results_csv,
        name="voting_results_csv",
    ),
    path(
        "priorisierung/<slug:step>/veroeffentlichen/",
        voting_views.voting_publish,
        name="voting_publish",
    ),
    path("konsultation/", consultation_views.consultation, name="consultation"),
    path("konsultation/neu/", consultation_views.draft_create, name="draft_create"),
    path("konsultation/<int:pk>/", consultation_views.draft, name="draft"),
    path("konsultation/<int:pk>/bearbeiten/", consultation_views.draft_edit, name="draft_edit"),
    path(
        "konsultation/<int:pk>/fassung/",
        consultation_views.version_create,
        name="draft_version_create",
    ),
    path("konsultation/<int:pk>/fassungen/", consultation_views.versions, name="draft_versions"),
    path(
        "konsultation/<int:pk>/absatz/<slug:key>/",
        consultation_views.paragraph,
        name="draft_paragraph",
    ),
    path(
        "konsultation/<int:pk>/kommentar/<int:comment>/ergebnis/",
        consultation_views.verdict,
        name="draft_verdict",
    ),
    path("konsultation/<int:pk>/auswertung/", consultation_views.summary, name="draft_summary"),
    path(
        "konsultation/<int:pk>/auswertung.csv",
        consultation_views.summary_csv,
        name="draft_summary_csv",
    ),
]


# Surveys --------------------------------------------------------------------------------------
urlpatterns += []


# Moderation -----------------------------------------------------------------------------------
urlpatterns += []
