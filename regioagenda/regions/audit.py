"""The audit trail of agendas: one function every app's services call after a change."""

from regioagenda.regions.models import AuditEvent

DETAIL_MAX_LENGTH = 2000


def record_event(agenda, actor, action, detail=""):
    """Write who (None for the system or an anonymous visitor) did ``action`` to ``agenda``
    (None for programme-wide changes), with a readable ``detail``."""
    return AuditEvent.objects.create(
        agenda=agenda,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        detail=str(detail)[:DETAIL_MAX_LENGTH],
    )
