"""Every page of the participatory process, mounted under ``agenden/<slug>/beteiligung/``."""

from django.urls import path  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

app_name = "participation"

urlpatterns = []

# Phases, process page, news, reach ------------------------------------------------------------
from regioagenda.participation import feeds  # noqa: E402
from regioagenda.participation.views import news as news_views  # noqa: E402
from regioagenda.participation.views import phases as phase_views  # noqa: E402
from regioagenda.participation.views import reach as reach_views  # noqa: E402
from regioagenda.participation.views import statistics as statistics_views  # noqa: E402

urlpatterns += [
    path("", phase_views.process, name="process"),
    path(_("phasen/<slug:step>/"), phase_views.phase_edit, name="phase_edit"),
    path(_("neuigkeiten/"), news_views.news, name="news"),
    path(_("neuigkeiten/neu/"), news_views.news_create, name="news_create"),
    path(_("neuigkeiten/feed/"), feeds.NewsFeed(), name="news_feed"),
    path(_("neuigkeiten/<int:pk>/"), news_views.news_post, name="news_post"),
    path(_("neuigkeiten/<int:pk>/bearbeiten/"), news_views.news_edit, name="news_edit"),
    path(_("neuigkeiten/<int:pk>/loeschen/"), news_views.news_delete, name="news_delete"),
    path(_("plakat/"), reach_views.poster, name="poster"),
    path(_("handzettel/"), reach_views.flyer, name="flyer"),
    path(_("veranstaltungen/<int:pk>/plakat/"), reach_views.event_poster, name="event_poster"),
    path(_("statistik/"), statistics_views.statistics, name="statistics"),
]


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
urlpatterns += []
