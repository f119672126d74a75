"""Pages of the actors part outside one agenda (namespace "actors_site")."""

from django.urls import include, path

app_name = "actors_site"

urlpatterns = [
    path("", include("regioagenda.actors.urls.site_activities")),
    path("", include("regioagenda.actors.urls.site_invitations")),
]
