"""The audit trail of agendas: one function every app's services call after a change."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from regioagenda.accounts.models import User
from regioagenda.core import pagecache
from regioagenda.regions.models import Agenda, AuditAction, AuditEvent

__all__ = ["AuditAction", "record_event"]

DETAIL_MAX_LENGTH = 2000


def record_event(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    agenda: Agenda | None,
    action: AuditAction,
    detail: object = "",
) -> AuditEvent:
    """Write who (None for the system or an anonymous visitor) did ``action`` to ``agenda``
    (None for programme-wide changes), with a readable ``detail``.

    ``action`` must be a member of ``AuditAction``; a free string raises ``ValueError`` so that a
    misspelt event fails in the tests instead of landing in the trail."""
    action = AuditAction(action)
    # Every change a service records is a change public pages may show (core/pagecache.py).
    pagecache.data_changed()
    return AuditEvent.objects.create(
        agenda=agenda,
        # The project's user model is User; anyone else (anonymous, the system) is None.
        actor=actor if isinstance(actor, User) and actor.is_authenticated else None,
        action=action,
        detail=str(detail)[:DETAIL_MAX_LENGTH],
    )
