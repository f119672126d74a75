"""URLs of the actors' network pages (included by actors/urls/__init__.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.views import network as views

urlpatterns = [
    path(_("netzwerk/"), views.network, name="network"),
]
