"""Curating ideas for the moderation: quick capture at workshops, themes, duplicates, merging."""

from django.utils.translation import gettext_lazy as _

from regioagenda.core.permissions.agendas import can_edit_content, can_moderate
from regioagenda.core.permissions.reasons import says
from regioagenda.core.permissions.roles import AgendaLike, Person


@says(_("Ideen erfassen und nach Themen ordnen kann das Team der Agenda."))
def can_curate_ideas(user: Person, agenda: AgendaLike) -> bool:
    """Type in workshop ideas, correct their fields, see themes and duplicate suggestions: the
    agenda's staff (coordination, moderation, editors) and its programme office."""
    return can_edit_content(user, agenda)


@says(_("Ideen zusammenführen kann die Moderation oder Koordination der Agenda."))
def can_merge_ideas(user: Person, agenda: AgendaLike) -> bool:
    """Merge duplicates or dismiss a suggestion: changes what participants see of their idea and
    their supports, so only those who moderate."""
    return can_moderate(user, agenda)
