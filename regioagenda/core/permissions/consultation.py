"""Consultation of a draft: who prepares drafts and who answers comments officially.

Commenting is ``can_contribute`` while the draft is open (the service checks that)."""

from django.utils.translation import gettext_lazy as _

from regioagenda.core.permissions.agendas import can_edit_content, can_manage_agenda
from regioagenda.core.permissions.reasons import Answer, says
from regioagenda.core.permissions.roles import AgendaLike, Person


@says(_("Entwürfe zur Konsultation legt die Koordination an."))
def can_manage_drafts(user: Person, agenda: AgendaLike) -> Answer:
    """Create a draft, add versions, open and close it for comments."""
    return can_manage_agenda(user, agenda)


@says(_("Offizielle Antworten und Ergebnisse der Konsultation gibt das Team der Agenda."))
def can_answer_consultation(user: Person, agenda: AgendaLike) -> Answer:
    """Answer comments for the agenda, set a comment's verdict, see the summary before the end."""
    return can_edit_content(user, agenda)
