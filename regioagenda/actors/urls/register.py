"""URLs of the actors' register pages (included by actors/urls/__init__.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.views import register as views

urlpatterns = [
    path("", views.public, name="public"),
    path(_("organisationen/"), views.organisation_list, name="organisations"),
    path(_("organisationen/neu/"), views.organisation_create, name="organisation_create"),
    path(_("organisationen/<int:pk>/"), views.organisation_detail, name="organisation"),
    path(
        _("organisationen/<int:pk>/bearbeiten/"),
        views.organisation_edit,
        name="organisation_edit",
    ),
    path(
        _("organisationen/<int:pk>/loeschen/"),
        views.organisation_delete,
        name="organisation_delete",
    ),
    path(_("personen/"), views.person_list, name="people"),
    path(_("personen/neu/"), views.person_create, name="person_create"),
    path(_("personen/<int:pk>/"), views.person_detail, name="person"),
    path(_("personen/<int:pk>/bearbeiten/"), views.person_edit, name="person_edit"),
    path(_("personen/<int:pk>/einwilligungen/"), views.consent_create, name="consent_create"),
    path(
        _("personen/<int:pk>/einwilligungen/<int:consent_pk>/widerrufen/"),
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(_("personen/<int:pk>/anonymisieren/"), views.person_anonymise, name="person_anonymise"),
]
