"""The accept page of an email invitation, outside any agenda (namespace "actors_site")."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.views import invitations as views

urlpatterns = [
    path(_("einladung/<str:token>/"), views.accept, name="invitation"),
]
