"""Emails to invited raters: the link to the rating page, once the round is open.

An invitation to an open round is announced when the transaction that stored it commits; an
invitation to a draft round waits until the round is opened. The email is sent by a background
task (``matrix.tasks.notify_raters``); a queue or mail server that is down is logged and leaves
the invitation as it is, with ``notified`` still empty, so opening the round (or inviting again)
sends what is missing. The invitation itself is never lost to a failing email.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from regioagenda.matrix.models import RaterInvitation, RoundStatus

logger = logging.getLogger(__name__)


def _base_url(site_url: str) -> str:
    # The configured address wins; else the one of the request that caused the email.
    return (settings.SITE_URL or site_url or "http://localhost:8000").rstrip("/")


def notify_after_commit(*, invitation_ids: Iterable[int], site_url: str = "") -> None:
    """Queue the emails of ``invitation_ids`` once the current transaction commits."""
    ids = sorted(set(invitation_ids))
    if ids:
        transaction.on_commit(lambda: queue_emails(invitation_ids=ids, site_url=site_url))


def queue_emails(*, invitation_ids: list[int], site_url: str = "") -> None:
    """Hand the emails to the task queue; a queue that is down is logged, nothing else."""
    from regioagenda.matrix.tasks import notify_raters

    try:
        notify_raters.enqueue(invitation_ids, site_url)
    except Exception:
        logger.exception("Could not queue the rating invitations %s", invitation_ids)


def send_invitation_emails(*, invitation_ids: list[int], site_url: str = "") -> int:
    """Email each invited rater of an open round who has not been told yet; returns the count.

    One message per person; a message the mail server refuses is logged and stays unmarked,
    the others are still sent.
    """
    invitations = (
        RaterInvitation.objects.filter(
            pk__in=invitation_ids,
            notified__isnull=True,
            round__status=RoundStatus.OPEN,
            user__is_active=True,
        )
        .select_related("round", "round__agenda", "user", "invited_by")
        .order_by("pk")
    )
    base = _base_url(site_url)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for invitation in invitations:
            assessment_round = invitation.round
            agenda = assessment_round.agenda
            path = reverse("matrix:rate", args=[agenda.slug, assessment_round.pk])
            context = {
                "invitation": invitation,
                "recipient": invitation.user,
                "round": assessment_round,
                "agenda": agenda,
                "inviter": invitation.invited_by,
                "rate_url": f"{base}{path}",
            }
            subject = " ".join(
                render_to_string("matrix/email/rater_invitation_subject.txt", context).split()
            )
            body = render_to_string("matrix/email/rater_invitation_body.txt", context)
            message = EmailMessage(
                subject=f"{getattr(settings, 'ACCOUNT_EMAIL_SUBJECT_PREFIX', '')}{subject}",
                body=body,
                to=[invitation.user.email],
            )
            try:
                message.send()
            except Exception:
                logger.exception("Rating invitation %s could not be emailed", invitation.pk)
                continue
            RaterInvitation.objects.filter(pk=invitation.pk).update(notified=timezone.now())
            sent += 1
    return sent
