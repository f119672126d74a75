"""Every permission decision of the platform, one small predicate per decision.

Views, services, templates and the API ask these functions; nothing else looks at roles. Each
predicate takes the user (possibly anonymous) and the object in question and returns a bool.
A user's roles are loaded once per request and cached on the user object, so a page that asks
many questions costs one query. ``require(predicate, user, obj)`` raises ``PermissionDenied`` with
the sentence that belongs to the predicate (``REASONS``), so views and services say the same.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import (
    STAFF_ROLES,
    Membership,
    ProgrammeMembership,
    ProgrammeRole,
    Role,
)

_AGENDA_ROLES_CACHE = "_regioagenda_agenda_roles"
_PROGRAMME_ROLES_CACHE = "_regioagenda_programme_roles"


def _authenticated(user):
    return user is not None and user.is_authenticated and user.is_active


def agenda_roles(user, agenda):
    """The set of roles ``user`` holds in ``agenda`` (empty for anonymous users)."""
    if not _authenticated(user):
        return frozenset()
    cache = getattr(user, _AGENDA_ROLES_CACHE, None)
    if cache is None:
        cache = {}
        for agenda_id, role in Membership.objects.filter(user=user).values_list(
            "agenda_id", "role"
        ):
            cache.setdefault(agenda_id, set()).add(role)
        setattr(user, _AGENDA_ROLES_CACHE, cache)
    return frozenset(cache.get(agenda.pk, ()))


def _programme_roles(user):
    cache = getattr(user, _PROGRAMME_ROLES_CACHE, None)
    if cache is None:
        cache = {}
        for programme_id, role in ProgrammeMembership.objects.filter(user=user).values_list(
            "programme_id", "role"
        ):
            cache.setdefault(programme_id, set()).add(role)
        setattr(user, _PROGRAMME_ROLES_CACHE, cache)
    return cache


def forget_roles(user):
    """Drop the cached roles, after a service changed them within the same request."""
    for attr in (_AGENDA_ROLES_CACHE, _PROGRAMME_ROLES_CACHE):
        if hasattr(user, attr):
            delattr(user, attr)


# Programme level -------------------------------------------------------------------------------


def is_programme_admin(user, programme=None):
    """Programme office of ``programme`` (of any programme when None); superusers count too."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    roles = _programme_roles(user)
    if programme is None:
        return any(ProgrammeRole.ADMIN in r for r in roles.values())
    return ProgrammeRole.ADMIN in roles.get(programme.pk, ())


def can_manage_programme(user, programme):
    return is_programme_admin(user, programme)


def can_create_agenda(user, programme):
    return is_programme_admin(user, programme)


def can_manage_register(user):
    """Import the official register and add alliances: the programme office's business."""
    return is_programme_admin(user)


def _administers_agenda(user, agenda):
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return agenda.programme_id is not None and ProgrammeRole.ADMIN in _programme_roles(user).get(
        agenda.programme_id, ()
    )


# The same decisions as query filters, for lists over many agendas -----------------------------


def _agenda_lookups(field):
    """Lookup prefix and id column of the agenda reached through ``field`` ("" = Agenda)."""
    return (f"{field}__" if field else ""), (f"{field}_id" if field else "pk")


def _programme_office_q(user, prefix):
    return Q(
        **{
            f"{prefix}programme_id__in": ProgrammeMembership.objects.filter(
                user=user, role=ProgrammeRole.ADMIN
            ).values("programme_id")
        }
    )


def viewable_agendas_filter(user, field="agenda"):
    """``can_view_agenda`` as one ``Q`` over rows whose agenda is reached through ``field``."""
    prefix, own_id = _agenda_lookups(field)
    public = Q(**{f"{prefix}is_public": True})
    if not _authenticated(user):
        return public
    if user.is_superuser:
        return Q()
    member = Q(**{f"{own_id}__in": Membership.objects.filter(user=user).values("agenda_id")})
    return public | member | _programme_office_q(user, prefix)


def content_editable_agendas_filter(user, field=""):
    """``can_edit_content`` as one ``Q`` (staff roles of the agenda, its programme office)."""
    prefix, own_id = _agenda_lookups(field)
    if not _authenticated(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    staff = Q(
        **{
            f"{own_id}__in": Membership.objects.filter(user=user, role__in=STAFF_ROLES).values(
                "agenda_id"
            )
        }
    )
    return staff | _programme_office_q(user, prefix)


# Agenda level ----------------------------------------------------------------------------------


def can_view_agenda(user, agenda):
    return agenda.is_public or bool(agenda_roles(user, agenda)) or _administers_agenda(user, agenda)


def is_member(user, agenda):
    return bool(agenda_roles(user, agenda))


def can_manage_agenda(user, agenda):
    """Change the agenda's settings and the state of its process steps."""
    return Role.COORDINATOR in agenda_roles(user, agenda) or _administers_agenda(user, agenda)


def can_manage_members(user, agenda):
    return can_manage_agenda(user, agenda)


def can_view_members(user, agenda):
    return bool(agenda_roles(user, agenda) & STAFF_ROLES) or _administers_agenda(user, agenda)


def can_moderate(user, agenda):
    roles = agenda_roles(user, agenda)
    return bool(roles & {Role.COORDINATOR, Role.MODERATOR}) or _administers_agenda(user, agenda)


def can_edit_content(user, agenda):
    return bool(agenda_roles(user, agenda) & STAFF_ROLES) or _administers_agenda(user, agenda)


def can_enter_expert_forum(user, agenda):
    roles = agenda_roles(user, agenda)
    return bool(roles & {Role.EXPERT, Role.MODERATOR, Role.COORDINATOR}) or _administers_agenda(
        user, agenda
    )


def can_take_part(user, agenda):
    """Contribute as a registered participant: any member, or anyone logged in on a public agenda."""
    if not _authenticated(user):
        return False
    return agenda.is_public or is_member(user, agenda) or _administers_agenda(user, agenda)


def can_join(user, agenda):
    """Sign up as participant of a public agenda one is not yet a member of."""
    return _authenticated(user) and agenda.is_public and not is_member(user, agenda)


# Smart-Region-Matrix ---------------------------------------------------------------------------


def can_manage_assessment(user, agenda):
    """Open and close rounds, invite raters, confirm priority fields."""
    return can_manage_agenda(user, agenda)


def can_set_consensus(user, agenda):
    """See every rater's answers and set the workshop's consensus."""
    return can_moderate(user, agenda)


def can_enter_indicators(user, agenda):
    """Enter and import indicator values for the agenda's region."""
    return can_edit_content(user, agenda)


def can_rate(user, assessment_round):
    """Rate in a round: invited to it, and the round is open."""
    if not _authenticated(user) or assessment_round.status != "open":
        return False
    return assessment_round.invitations.filter(user=user).exists()


def can_take_survey(user, assessment_round):
    """The public self-assessment is open to everyone, also without an account."""
    return assessment_round.survey_open and assessment_round.agenda.is_public


def can_view_rounds(user, agenda):
    """See the agenda's assessment rounds (who rates is shown only to those who manage them)."""
    return is_member(user, agenda) or _administers_agenda(user, agenda)


# Existing concepts ----------------------------------------------------------------------------


def can_manage_sources(user, agenda):
    """Upload and analyse existing concepts, curate their passages and field summaries."""
    return can_edit_content(user, agenda)


def can_view_sources(user, agenda):
    """The existing concepts, their passages and summaries: whoever may see the agenda."""
    return can_view_agenda(user, agenda)


# Actors, bodies, activities, expert forum -----------------------------------------------------


def can_view_actors(user, agenda):
    """The internal register of organisations and people, with contact data and consents."""
    return can_edit_content(user, agenda)


def can_manage_actors(user, agenda):
    """Add, edit, import and export organisations and people; record and withdraw consents."""
    return can_edit_content(user, agenda)


def can_view_public_actors(user, agenda):
    """The public list of organisations and of people who agreed to be shown."""
    return can_view_agenda(user, agenda)


def can_manage_bodies(user, agenda):
    """Set up the agenda's bodies, their members, and invite people by email."""
    return can_manage_agenda(user, agenda)


def can_view_activities(user, agenda):
    """The activity landscape is public wherever the agenda is."""
    return can_view_agenda(user, agenda)


def can_manage_activities(user, agenda):
    """Record, edit and link activities of the agenda."""
    return can_edit_content(user, agenda)


def can_merge_activities(user, duplicate, original):
    """Merge a duplicate into an original: who edits the duplicate's agenda and can see the
    original's, or the programme office."""
    return (
        can_manage_activities(user, duplicate.agenda) and can_view_agenda(user, original.agenda)
    ) or _administers_agenda(user, duplicate.agenda)


def can_post_in_forum(user, thread):
    """Write in a thread of the expert forum: forum members, while the thread is open."""
    return can_enter_expert_forum(user, thread.agenda) and not thread.is_closed


def can_moderate_forum(user, agenda):
    """Hide posts, close and pin threads of the expert forum."""
    return can_moderate(user, agenda)


# Accounts and jobs -----------------------------------------------------------------------------


def requires_mfa(user):
    """Staff roles act on behalf of a region or the programme, so they need a second factor."""
    if not _authenticated(user):
        return False
    if user.is_superuser or user.is_staff or is_programme_admin(user):
        return True
    cache = getattr(user, _AGENDA_ROLES_CACHE, None)
    if cache is None:
        agenda_roles(user, _NoAgenda)
        cache = getattr(user, _AGENDA_ROLES_CACHE)
    return any(roles & STAFF_ROLES for roles in cache.values())


def can_view_job(user, job):
    if not _authenticated(user):
        return False
    return job.created_by_id == user.pk or user.is_superuser


class _NoAgenda:
    pk = None


# Why each decision says no, in words for the person who was refused ---------------------------

REASONS = {
    can_manage_register: _(
        "Nur das Programmbüro kann Regionen anlegen und das Gemeindeverzeichnis einlesen."
    ),
    can_manage_programme: _("Nur das Programmbüro dieses Programms kann es verwalten."),
    can_create_agenda: _("Nur das Programmbüro dieses Programms kann Agenden anlegen."),
    can_manage_agenda: _(
        "Nur die Koordination kann die Einstellungen und Prozessschritte der Agenda ändern."
    ),
    can_manage_members: _("Nur die Koordination kann Mitglieder verwalten."),
    can_view_members: _("Die Mitgliederliste sehen nur Koordination, Moderation und Redaktion."),
    can_join: _(
        "Selbst beitreten kann man nur öffentlichen Agenden, in denen man noch keine Rolle hat."
    ),
    can_view_job: _("Diese Aufgabe wurde von einer anderen Person gestartet."),
    can_manage_assessment: _("Nur die Koordination kann Bewertungsrunden verwalten."),
    can_set_consensus: _("Den Konsens legen Moderation und Koordination fest."),
    can_enter_indicators: _("Indikatorwerte pflegen Koordination, Moderation und Redaktion."),
    can_rate: _(
        "Sie sind zu dieser Bewertungsrunde nicht eingeladen, oder die Runde ist nicht offen."
    ),
    can_take_survey: _("Die öffentliche Selbsteinschätzung ist nicht (mehr) geöffnet."),
    can_view_rounds: _("Die Bewertungsrunden sehen nur Mitglieder dieser Agenda."),
    can_manage_sources: _(
        "Bestehende Konzepte hochladen und kuratieren können Koordination, Moderation und Redaktion."
    ),
    can_view_actors: _(
        "Das Akteursverzeichnis mit Kontaktdaten sehen Koordination, Moderation und Redaktion."
    ),
    can_manage_actors: _(
        "Organisationen und Personen pflegen Koordination, Moderation und Redaktion."
    ),
    can_view_public_actors: _("Diese Agenda ist nicht öffentlich."),
    can_manage_bodies: _("Gremien und Einladungen verwaltet die Koordination."),
    can_view_activities: _("Diese Agenda ist nicht öffentlich."),
    can_manage_activities: _(
        "Aktivitäten pflegen Koordination, Moderation und Redaktion dieser Agenda."
    ),
    can_merge_activities: _(
        "Zusammenführen darf, wer die doppelte Aktivität pflegt und die ursprüngliche sehen kann."
    ),
    can_enter_expert_forum: _(
        "Das Expertenforum ist den Mitgliedern des Expertenforums vorbehalten."
    ),
    can_post_in_forum: _(
        "Schreiben können nur Mitglieder des Expertenforums, und nur in offenen Diskussionen."
    ),
    can_moderate_forum: _("Das Expertenforum moderieren Moderation und Koordination."),
}
DEFAULT_REASON = _("Dafür fehlt Ihnen die nötige Rolle in dieser Agenda.")


def reason(predicate):
    return REASONS.get(predicate, DEFAULT_REASON)


def require(predicate, user, *objects):
    """Do nothing when ``predicate(user, *objects)`` allows, else refuse with its reason."""
    if not predicate(user, *objects):
        raise PermissionDenied(reason(predicate))
