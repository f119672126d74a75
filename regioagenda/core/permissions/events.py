"""Events and workshops of the participatory process: who organises them and who sees the full
attendance figures. Registering is ``can_contribute`` (participation); the event's own state
(deadline, capacity, cancelled) is checked by the registration service, which says why."""

from django.utils.translation import gettext_lazy as _

from regioagenda.core.permissions.agendas import can_edit_content
from regioagenda.core.permissions.reasons import says
from regioagenda.core.permissions.roles import AgendaLike, Person


@says(_("Veranstaltungen planen Koordination, Moderation und Redaktion der Agenda."))
def can_manage_events(user: Person, agenda: AgendaLike) -> bool:
    """Create, edit and cancel events, write minutes, link results, record attendance, see
    drafts and every registration and attendance figure (also those below five people)."""
    return can_edit_content(user, agenda)
