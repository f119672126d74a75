"""Site-wide actors URLs: the programme-wide activity landscape (namespace "actors_site")."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.views import activities as views

urlpatterns = [
    path(_("aktivitaeten/"), views.landscape, name="activities"),
    path(_("aktivitaeten/<int:pk>/verknuepfen/"), views.activity_link, name="activity_link"),
]
