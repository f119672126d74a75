"""URLs of the actors' activities pages (included by actors/urls/__init__.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.views import activities as views

urlpatterns = [
    path(_("aktivitaeten/"), views.activity_list, name="activities"),
    path(_("aktivitaeten/neu/"), views.activity_create, name="activity_create"),
    path(_("aktivitaeten/<int:pk>/"), views.activity_detail, name="activity"),
    path(_("aktivitaeten/<int:pk>/bearbeiten/"), views.activity_edit, name="activity_edit"),
    path(_("aktivitaeten/<int:pk>/loeschen/"), views.activity_delete, name="activity_delete"),
    path(
        _("aktivitaeten/<int:pk>/zusammenfuehren/"),
        views.activity_merge,
        name="activity_merge",
    ),
    path(
        _("aktivitaeten/<int:pk>/verknuepfung-loesen/"),
        views.activity_unlink,
        name="activity_unlink",
    ),
]
