"""What the existing concepts contribute to earlier pages: the block on the agenda home (step
"Bestandsaufnahme & IST-Analyse"), the evidence per field beside the matrix rating form, and the
to-dos on "Mein Bereich"."""

from regioagenda.core.registry import AgendaSection, FieldEvidence, agenda_sections, todo_providers
from regioagenda.core.registry import field_evidence as field_evidence_registry


def _context(agenda, user):
    from regioagenda.sources.queries import agenda_section

    return agenda_section(agenda, user)


agenda_sections.register(
    AgendaSection(
        key="sources",
        step="assessment",
        template="sources/_agenda_section.html",
        context=_context,
        order=10,
    )
)


def _evidence(agenda, field_key, user):
    from regioagenda.sources.queries import field_evidence

    return field_evidence(agenda, field_key, user)


field_evidence_registry.register(
    FieldEvidence(
        key="sources",
        template="sources/_field_evidence.html",
        context=_evidence,
        order=10,
    )
)


def _todos(user, agendas):
    from regioagenda.sources.todos import todos

    return todos(user, agendas)


todo_providers.register("sources", _todos)
