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
urlpatterns += []


# Surveys --------------------------------------------------------------------------------------
urlpatterns += []


# Moderation -----------------------------------------------------------------------------------
from regioagenda.participation.views import moderation as moderation_views  # noqa: E402

urlpatterns += [
    path(_("moderation/"), moderation_views.moderation, name="moderation"),
]
