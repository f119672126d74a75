"""The public side of the participatory process: its phases, news, posters and statistics."""

from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import Role
from regioagenda.core.permissions.agendas import can_edit_content, can_manage_agenda
from regioagenda.core.permissions.reasons import says
from regioagenda.core.permissions.roles import AgendaLike, Person, administers_agenda, agenda_roles


@says(_("Die Beteiligungsphasen (Termine, Texte, Beteiligungsformen) ändert nur die Koordination."))
def can_manage_phases(user: Person, agenda: AgendaLike) -> bool:
    """Plan a step's dates, public texts, modules and dot-voting points."""
    return can_manage_agenda(user, agenda)


@says(_("Neuigkeiten schreiben Koordination und Redaktion."))
def can_manage_news(user: Person, agenda: AgendaLike) -> bool:
    """Write, change and delete the agenda's news posts."""
    roles = agenda_roles(user, agenda)
    return bool(roles & {Role.COORDINATOR, Role.EDITOR}) or administers_agenda(user, agenda)


@says(_("Plakate und Handzettel drucken Koordination, Moderation und Redaktion."))
def can_print_posters(user: Person, agenda: AgendaLike) -> bool:
    """Download the printable poster and flyer PDFs (they are for outreach by the team)."""
    return can_edit_content(user, agenda)
