"""URLs of the actors part.

``urlpatterns`` are mounted under ``agenden/<slug>/akteure/`` (namespace "actors");
``site_urlpatterns`` are the pages outside one agenda — the programme-wide activity landscape
and the accept page of an email invitation — mounted at the site root (namespace
"actors_site", see ``regioagenda/urls.py``).
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.views import (
    activities,
    bodies,
    coverage,
    forum,
    imports,
    invitations,
    network,
    register,
)

app_name = "actors"

urlpatterns = [
    # Register: organisations, people, consent
    path("", register.public, name="public"),
    path(_("organisationen/"), register.organisation_list, name="organisations"),
    path(_("organisationen/neu/"), register.organisation_create, name="organisation_create"),
    path(_("organisationen/<int:pk>/"), register.organisation_detail, name="organisation"),
    path(
        _("organisationen/<int:pk>/bearbeiten/"),
        register.organisation_edit,
        name="organisation_edit",
    ),
    path(
        _("organisationen/<int:pk>/loeschen/"),
        register.organisation_delete,
        name="organisation_delete",
    ),
    path(_("personen/"), register.person_list, name="people"),
    path(_("personen/neu/"), register.person_create, name="person_create"),
    path(_("personen/<int:pk>/"), register.person_detail, name="person"),
    path(_("personen/<int:pk>/bearbeiten/"), register.person_edit, name="person_edit"),
    path(_("personen/<int:pk>/einwilligungen/"), register.consent_create, name="consent_create"),
    path(
        _("personen/<int:pk>/einwilligungen/<int:consent_pk>/widerrufen/"),
        register.consent_withdraw,
        name="consent_withdraw",
    ),
    path(_("personen/<int:pk>/anonymisieren/"), register.person_anonymise, name="person_anonymise"),
    # Import and export
    path(_("import/"), imports.import_actors, name="import"),
    path(_("import/vorlage/"), imports.import_template, name="import_template"),
    path(_("export/"), imports.export_actors, name="export"),
    # Bodies, their members, invitations
    path(_("gremien/"), bodies.body_list, name="bodies"),
    path(_("gremien/neu/"), bodies.body_create, name="body_create"),
    path(_("gremien/<int:pk>/"), bodies.body_detail, name="body"),
    path(_("gremien/<int:pk>/bearbeiten/"), bodies.body_edit, name="body_edit"),
    path(_("gremien/<int:pk>/loeschen/"), bodies.body_delete, name="body_delete"),
    path(_("gremien/<int:pk>/mitglieder/"), bodies.member_add, name="body_member_add"),
    path(
        _("gremien/<int:pk>/mitglieder/<int:member_pk>/"),
        bodies.member_edit,
        name="body_member_edit",
    ),
    path(
        _("gremien/<int:pk>/mitglieder/<int:member_pk>/beenden/"),
        bodies.member_end,
        name="body_member_end",
    ),
    path(
        _("gremien/<int:pk>/mitglieder/<int:member_pk>/entfernen/"),
        bodies.member_remove,
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
    # Coverage of sectors × fields
    path(_("abdeckung/"), coverage.coverage, name="coverage"),
    path(_("abdeckung/einladen/"), coverage.coverage_invite, name="coverage_invite"),
    # Activities of this agenda
    path(_("aktivitaeten/"), activities.activity_list, name="activities"),
    path(_("aktivitaeten/neu/"), activities.activity_create, name="activity_create"),
    path(_("aktivitaeten/<int:pk>/"), activities.activity_detail, name="activity"),
    path(_("aktivitaeten/<int:pk>/bearbeiten/"), activities.activity_edit, name="activity_edit"),
    path(_("aktivitaeten/<int:pk>/loeschen/"), activities.activity_delete, name="activity_delete"),
    path(
        _("aktivitaeten/<int:pk>/zusammenfuehren/"),
        activities.activity_merge,
        name="activity_merge",
    ),
    path(
        _("aktivitaeten/<int:pk>/verknuepfung-loesen/"),
        activities.activity_unlink,
        name="activity_unlink",
    ),
    # Network
    path(_("netzwerk/"), network.network, name="network"),
    # Expert forum
    path(_("forum/"), forum.forum_index, name="forum"),
    path(_("forum/diskussion/<int:pk>/"), forum.thread, name="thread"),
    path(_("forum/diskussion/<int:pk>/folgen/"), forum.thread_follow, name="thread_follow"),
    path(_("forum/diskussion/<int:pk>/moderieren/"), forum.thread_moderate, name="thread_moderate"),
    path(_("forum/beitrag/<int:pk>/ausblenden/"), forum.post_hide, name="post_hide"),
    path(_("forum/beitrag/<int:pk>/einblenden/"), forum.post_unhide, name="post_unhide"),
    # Last: a field key is a single path segment, so it cannot shadow the forum paths above.
    path(_("forum/<slug:key>/"), forum.forum_field, name="forum_field"),
]

site_urlpatterns = [
    path(_("aktivitaeten/"), activities.landscape, name="activities"),
    path(_("aktivitaeten/<int:pk>/verknuepfen/"), activities.activity_link, name="activity_link"),
    path(_("einladung/<str:token>/"), invitations.accept, name="invitation"),
]
