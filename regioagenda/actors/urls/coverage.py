"""URLs of the coverage page (included by actors/urls/__init__.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.views import coverage as views

urlpatterns = [
    path(_("abdeckung/"), views.coverage, name="coverage"),
    path(_("abdeckung/einladen/"), views.coverage_invite, name="coverage_invite"),
]
