"""The one notification service of the platform.

SKELETON: the signatures below are the contract every app calls; the implementation (followers,
preferences, digests, one-click unsubscribe, queueing) is being built.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Model

from regioagenda.accounts.models import User


def follow(*, actor: User, target: Model) -> None:
    """``actor`` follows ``target`` (an idea, a forum thread, an event, an agenda …)."""


def unfollow(*, actor: User, target: Model) -> None:
    """``actor`` stops following ``target``; nothing happens if they did not follow it."""


def notify(
    *,
    actor: User | None,
    agenda: Any,
    kind: str,
    subject: str,
    text: str,
    url: str,
    target: Model | None = None,
    recipients: Iterable[User] = (),
    to_followers: bool = True,
) -> int:
    """Tell people about something that happened in ``agenda``.

    Recipients are ``recipients`` plus, with ``to_followers``, everyone following ``target``
    (and, for ``NotificationKind.STEP_STARTED`` and ``NEWS``, the agenda), never ``actor``
    itself, each once. ``kind`` is a ``community.models.NotificationKind`` value; ``subject`` and
    ``text`` are plain text in the recipient's language (translated by the caller), ``url`` an
    absolute or site-relative link to the thing. Returns how many people will be told.
    """
    people = {user.pk: user for user in recipients if actor is None or user.pk != actor.pk}
    for user in people.values():
        send_mail(subject, f"{text}\n\n{url}", settings.DEFAULT_FROM_EMAIL, [user.email])
    return len(people)
