"""Actors, bodies, activities and the expert forum."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import Role
from regioagenda.core.permissions.agendas import (
    can_edit_content,
    can_manage_agenda,
    can_moderate,
    can_view_agenda,
)
from regioagenda.core.permissions.participation import blocked_reason
from regioagenda.core.permissions.reasons import REASONS, Answer, Denied, says
from regioagenda.core.permissions.roles import (
    ActivityLike,
    AgendaLike,
    Person,
    ThreadLike,
    administers_agenda,
    agenda_roles,
)


@says(_("Das Akteursverzeichnis mit Kontaktdaten sehen Koordination, Moderation und Redaktion."))
def can_view_actors(user: Person, agenda: AgendaLike) -> bool:
    """The internal register of organisations and people, with contact data and consents."""
    return can_edit_content(user, agenda)


@says(_("Organisationen und Personen pflegen Koordination, Moderation und Redaktion."))
def can_manage_actors(user: Person, agenda: AgendaLike) -> bool:
    """Add, edit, import and export organisations and people; record and withdraw consents."""
    return can_edit_content(user, agenda)


@says(_("Diese Agenda ist nicht öffentlich."))
def can_view_public_actors(user: Person, agenda: AgendaLike) -> bool:
    """The public list of organisations and of people who agreed to be shown."""
    return can_view_agenda(user, agenda)


@says(_("Gremien und Einladungen verwaltet die Koordination."))
def can_manage_bodies(user: Person, agenda: AgendaLike) -> bool:
    """Set up the agenda's bodies, their members, and invite people by email."""
    return can_manage_agenda(user, agenda)


@says(_("Diese Agenda ist nicht öffentlich."))
def can_view_activities(user: Person, agenda: AgendaLike) -> bool:
    """The activity landscape is public wherever the agenda is."""
    return can_view_agenda(user, agenda)


@says(_("Aktivitäten pflegen Koordination, Moderation und Redaktion dieser Agenda."))
def can_manage_activities(user: Person, agenda: AgendaLike) -> bool:
    """Record, edit and link activities of the agenda."""
    return can_edit_content(user, agenda)


@says(_("Zusammenführen darf, wer die doppelte Aktivität pflegt und die ursprüngliche sehen kann."))
def can_merge_activities(user: Person, duplicate: ActivityLike, original: ActivityLike) -> bool:
    """Merge a duplicate into an original: who edits the duplicate's agenda and can see the
    original's, or the programme office."""
    return (
        can_manage_activities(user, duplicate.agenda) and can_view_agenda(user, original.agenda)
    ) or administers_agenda(user, duplicate.agenda)


@says(_("Verknüpfen darf, wer die Aktivitäten dieser Agenda pflegt und die andere sehen kann."))
def can_link_activity(user: Person, agenda: AgendaLike, activity: ActivityLike) -> Answer:
    """Let ``agenda`` take part in ``activity`` of another agenda: who records the agenda's
    activities and may see the activity's agenda. Linking shows the activity to the visitors of
    ``agenda``, so an activity of a private agenda is linked only by who may publish it there
    (its staff or programme office); membership alone is not enough."""
    if not can_manage_activities(user, agenda):
        return Denied(REASONS[can_manage_activities])
    if not can_view_agenda(user, activity.agenda):
        return Denied(
            gettext(
                "Diese Aktivität gehört zu einer Agenda, die Sie nicht sehen dürfen; "
                "sie kann deshalb nicht verknüpft werden."
            )
        )
    if not activity.agenda.is_public and not can_manage_activities(user, activity.agenda):
        return Denied(
            gettext(
                "Diese Aktivität gehört zu einer nicht öffentlichen Agenda. Verknüpfen und damit "
                "in einer anderen Agenda zeigen darf sie nur, wer dort die Aktivitäten pflegt "
                "(Koordination, Moderation, Redaktion)."
            )
        )
    return True


@says(_("Das Expertenforum ist den Mitgliedern des Expertenforums vorbehalten."))
def can_enter_expert_forum(user: Person, agenda: AgendaLike) -> bool:
    roles = agenda_roles(user, agenda)
    return bool(roles & {Role.EXPERT, Role.MODERATOR, Role.COORDINATOR}) or administers_agenda(
        user, agenda
    )


@says(_("Schreiben können nur Mitglieder des Expertenforums, und nur in offenen Diskussionen."))
def can_post_in_forum(user: Person, thread: ThreadLike) -> Answer:
    """Write in a thread of the expert forum: forum members not blocked in the agenda, while
    the thread is open."""
    if not can_enter_expert_forum(user, thread.agenda):
        return Denied(REASONS[can_enter_expert_forum])
    blocked = blocked_reason(user, thread.agenda)
    if blocked is not None:
        return Denied(
            gettext("Sie sind in dieser Agenda für Beiträge gesperrt. Grund: %(reason)s")
            % {"reason": blocked}
        )
    if thread.is_closed:
        return Denied(
            gettext("Diese Diskussion ist geschlossen; neue Beiträge sind nicht mehr möglich.")
        )
    return True


@says(_("Das Expertenforum moderieren Moderation und Koordination."))
def can_moderate_forum(user: Person, agenda: AgendaLike) -> bool:
    """Hide posts, close and pin threads of the expert forum."""
    return can_moderate(user, agenda)
