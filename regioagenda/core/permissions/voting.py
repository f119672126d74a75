"""Prioritisation by dot voting: who sees results while the vote runs and who releases them.

Giving points is ``can_contribute``; the rule that the step must be open is the service's."""

from django.utils.translation import gettext_lazy as _

from regioagenda.core.permissions.agendas import can_edit_content, can_manage_agenda
from regioagenda.core.permissions.reasons import Answer, says
from regioagenda.core.permissions.roles import AgendaLike, Person


@says(_("Zwischenstände der Priorisierung sieht nur das Team der Agenda."))
def can_view_live_vote_results(user: Person, agenda: AgendaLike) -> Answer:
    """See a step's points while the vote still runs (coordination, moderation, editors)."""
    return can_edit_content(user, agenda)


@says(_("Ergebnisse vorzeitig veröffentlichen darf die Koordination."))
def can_publish_vote_results(user: Person, agenda: AgendaLike) -> Answer:
    return can_manage_agenda(user, agenda)
