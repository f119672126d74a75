"""URLs of the actors part, mounted under ``agenden/<slug>/akteure/`` (namespace "actors").

Each topic keeps its own URL module; site.py holds the pages outside one agenda (the
programme-wide activity landscape, accepting an invitation).
"""

from django.urls import include, path

app_name = "actors"

urlpatterns = [
    path("", include("regioagenda.actors.urls.register")),
    path("", include("regioagenda.actors.urls.imports")),
    path("", include("regioagenda.actors.urls.bodies")),
    path("", include("regioagenda.actors.urls.coverage")),
    path("", include("regioagenda.actors.urls.activities")),
    path("", include("regioagenda.actors.urls.network")),
    path("", include("regioagenda.actors.urls.forum")),
]
