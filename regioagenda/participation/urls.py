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
from regioagenda.participation.views import curation as curation_views  # noqa: E402

urlpatterns += [
    path(_("ideen/erfassen/"), curation_views.quick_capture, name="quick_capture"),
    path(
        _("ideen/erfassen/<int:pk>/felder/"),
        curation_views.quick_capture_fields,
        name="quick_capture_fields",
    ),
    path(_("ideen/themen/"), curation_views.themes, name="themes"),
    path(_("ideen/doppelungen/"), curation_views.duplicates, name="duplicates"),
    path(
        _("ideen/doppelungen/verwerfen/"),
        curation_views.duplicate_dismiss,
        name="duplicate_dismiss",
    ),
    path(_("ideen/<int:pk>/zusammenfuehren/"), curation_views.merge, name="merge"),
    path(_("ideen/aehnliche/"), curation_views.similar, name="similar_ideas"),
]


# Prioritisation and consultation --------------------------------------------------------------
urlpatterns += []


# Surveys --------------------------------------------------------------------------------------
urlpatterns += []


# Moderation -----------------------------------------------------------------------------------
urlpatterns += []
