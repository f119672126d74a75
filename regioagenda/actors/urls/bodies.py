"""URLs of the bodies and invitations pages (included by actors/urls/__init__.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.views import bodies as views
from regioagenda.actors.views import invitations

urlpatterns = [
    path(_("gremien/"), views.body_list, name="bodies"),
    path(_("gremien/neu/"), views.body_create, name="body_create"),
    path(_("gremien/<int:pk>/"), views.body_detail, name="body"),
    path(_("gremien/<int:pk>/bearbeiten/"), views.body_edit, name="body_edit"),
    path(_("gremien/<int:pk>/loeschen/"), views.body_delete, name="body_delete"),
    path(_("gremien/<int:pk>/mitglieder/"), views.member_add, name="body_member_add"),
    path(
        _("gremien/<int:pk>/mitglieder/<int:member_pk>/"),
        views.member_edit,
        name="body_member_edit",
    ),
    path(
        _("gremien/<int:pk>/mitglieder/<int:member_pk>/beenden/"),
        views.member_end,
        name="body_member_end",
    ),
    path(
        _("gremien/<int:pk>/mitglieder/<int:member_pk>/entfernen/"),
        views.member_remove,
        name="body_member_remove",
    ),
    path(_("gremien/<int:pk>/einladen/"), invitations.body_invite, name="body_invite"),
    path(_("einladungen/"), invitations.invitation_list, name="invitations"),
    path(
        _("einladungen/<int:pk>/erneut-senden/"),
        invitations.invitation_resend,
        name="invitation_resend",
    ),
    path(
        _("einladungen/<int:pk>/zurueckziehen/"),
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
]
