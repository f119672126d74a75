"""Existing concepts: upload, analysis, curation, and reading them."""

from django.utils.translation import gettext_lazy as _

from regioagenda.core.permissions.agendas import can_edit_content, can_view_agenda
from regioagenda.core.permissions.reasons import says
from regioagenda.core.permissions.roles import AgendaLike, Person


@says(
    _("Bestehende Konzepte hochladen und kuratieren können Koordination, Moderation und Redaktion.")
)
def can_manage_sources(user: Person, agenda: AgendaLike) -> bool:
    """Upload and analyse existing concepts, curate their passages and field summaries."""
    return can_edit_content(user, agenda)


def can_view_sources(user: Person, agenda: AgendaLike) -> bool:
    """The existing concepts, their passages and summaries: whoever may see the agenda."""
    return can_view_agenda(user, agenda)
