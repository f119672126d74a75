"""The one notification service of the platform: following, notifications (immediately or in a
daily digest), settings per kind, one-click unsubscribe, and the agenda newsletter with double
opt-in.

``notify`` writes one ``Notification`` row per recipient in the caller's transaction; the
immediate ones are mailed by a background task queued after the commit, the digest ones by
``send_digests`` (``manage.py send_digests``, daily). A row gets ``sent_at`` before its email
goes out, claimed with a conditional update, so parallel workers never send one twice; a
failed send clears it again and the next digest run picks it up.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.community import emails
from regioagenda.community.limits import check_rate
from regioagenda.community.models import (
    Delivery,
    Follow,
    NewsletterSubscription,
    Notification,
    NotificationKind,
    NotificationSetting,
)
from regioagenda.community.targets import targets
from regioagenda.core import jobs, permissions
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda

logger = logging.getLogger(__name__)

CONFIRM_SALT = "regioagenda.community.newsletter"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
# An immediate message still unsent after this long (mail server down) goes into the digest.
RETRY_AFTER = datetime.timedelta(hours=1)
SUBJECT_MAX = 200
NEWSLETTER_SUBJECT_MAX = 150
NEWSLETTER_TEXT_MAX = 50_000
NEWSLETTER_BATCH = 200
# What people agree to when they subscribe; stored with each subscription as proof.
CONSENT_TEXT = (
    "Ich möchte den Newsletter dieser Digitalen Agenda per E-Mail erhalten. Meine E-Mail-Adresse "
    "wird nur dafür verwendet. Ich kann den Newsletter jederzeit über den Link in jeder E-Mail "
    "abbestellen."
)


# Following -------------------------------------------------------------------------------------


def _target_agenda(target: Model) -> Agenda:
    kind = targets.for_object(target)
    if kind is None:
        raise ValueError(f"{target._meta.label} is not registered in community.targets")
    agenda: Agenda = kind.agenda(target)
    return agenda


def follow(*, actor: User, target: Model) -> None:
    """``actor`` follows ``target`` (an idea, a forum thread, an event, an agenda …).

    Following twice is following once: the database refuses a second row (also from parallel
    requests) and the refusal is swallowed."""
    kind = targets.for_object(target)
    if kind is None:
        raise ValueError(f"{target._meta.label} is not registered in community.targets")
    if not actor.is_authenticated or not kind.can_view(actor, target):
        raise PermissionDenied(_("Diesem Inhalt können Sie nicht folgen."))
    content_type = ContentType.objects.get_for_model(target)
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(
                user=actor,
                target_type=content_type,
                target_id=target.pk,
                defaults={"agenda": kind.agenda(target)},
            )
    except IntegrityError:  # the parallel twin was faster: the person follows, as asked
        pass


def unfollow(*, actor: User, target: Model) -> None:
    """``actor`` stops following ``target``; nothing happens if they did not follow it."""
    if not actor.is_authenticated:
        return
    Follow.objects.filter(
        user=actor, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).delete()


# Settings --------------------------------------------------------------------------------------


def set_delivery(*, actor: User, kind: str, delivery: str) -> None:
    """``actor`` hears about ``kind`` ("" for the default of all kinds) as ``delivery``; an empty
    ``delivery`` for one kind lets that kind follow the default again."""
    if kind and kind not in NotificationKind.values:
        raise ValidationError(_("Unbekannte Art von Benachrichtigung."))
    if kind and not delivery:
        NotificationSetting.objects.filter(user=actor, kind=kind).delete()
        return
    if delivery not in Delivery.values:
        raise ValidationError(_("Bitte wählen Sie, wie Sie benachrichtigt werden möchten."))
    NotificationSetting.objects.update_or_create(
        user=actor, kind=kind, defaults={"delivery": delivery}
    )


def deliveries(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """How each person hears about ``kind`` (one query): their row for the kind, else their
    default row, else immediately."""
    ids = list(user_ids)
    found: dict[int, str] = {}
    defaults: dict[int, str] = {}
    rows = NotificationSetting.objects.filter(user_id__in=ids, kind__in=[kind, ""]).values_list(
        "user_id", "kind", "delivery"
    )
    for user_id, row_kind, delivery in rows:
        (found if row_kind else defaults)[user_id] = delivery
    return {pk: found.get(pk) or defaults.get(pk) or Delivery.IMMEDIATE for pk in ids}


# Notify ----------------------------------------------------------------------------------------


def _followers(targets_: list[Model]) -> set[int]:
    condition = Q()
    for target in targets_:
        condition |= Q(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)
    if not condition:
        return set()
    return set(Follow.objects.filter(condition).values_list("user_id", flat=True))


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
    itself, each once, minus people who chose "never" for ``kind`` and inactive accounts.
    ``kind`` is a ``community.models.NotificationKind`` value; ``subject`` and ``text`` are
    plain text in the recipient's language (translated by the caller), ``url`` an absolute or
    site-relative link to the thing. Returns how many people will be told.
    """
    kind = NotificationKind(kind).value
    user_ids = {user.pk for user in recipients}
    if to_followers:
        followed: list[Model] = [target] if target is not None else []
        if agenda is not None and kind in (NotificationKind.STEP_STARTED, NotificationKind.NEWS):
            followed.append(agenda)
        user_ids |= _followers(followed)
    if actor is not None and actor.pk is not None:
        user_ids.discard(actor.pk)
    if not user_ids:
        return 0
    active = set(
        User.objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    chosen = deliveries(active, kind)
    rows = [
        Notification(
            recipient_id=pk,
            agenda=agenda,
            kind=kind,
            subject=" ".join(str(subject).split())[:SUBJECT_MAX],
            text=str(text),
            url=emails.absolute(url)[:500],
            digest=delivery == Delivery.DIGEST,
        )
        for pk, delivery in sorted(chosen.items())
        if delivery != Delivery.NEVER
    ]
    created = Notification.objects.bulk_create(rows)
    immediate = [n.pk for n in created if not n.digest and n.pk is not None]
    if immediate:
        transaction.on_commit(lambda: _queue(immediate))
    return len(created)


def _queue(ids: list[int]) -> None:
    from regioagenda.community.tasks import send_notifications

    try:
        send_notifications.enqueue(ids)
    except Exception:  # the queue is down: the rows stay unsent and go into the next digest
        logger.exception("Could not queue %d notifications", len(ids))


def _footer(user: User, kind: str) -> tuple[str, str]:
    token = emails.notification_token(user.pk, kind)
    footer = render_to_string(
        "community/email/footer.txt",
        {
            "kind_label": NotificationKind(kind).label if kind != emails.ALL_KINDS else "",
            "settings_url": emails.absolute(reverse("community:settings")),
            "unsubscribe_url": emails.unsubscribe_url(token),
        },
    )
    return footer, token


def _claim(ids: list[int]) -> int:
    return Notification.objects.filter(pk__in=ids, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )


def send_immediate(ids: Iterable[int]) -> int:
    """Send the unsent immediate notifications ``ids``, one email each. Returns how many went
    out; a refused one is logged and left for the next digest."""
    sent = 0
    rows = Notification.objects.filter(
        pk__in=list(ids), sent_at__isnull=True, digest=False
    ).select_related("recipient")
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            if not _claim([row.pk]):
                continue  # another worker sent it
            footer, token = _footer(row.recipient, row.kind)
            body = render_to_string(
                "community/email/notification.txt",
                {"recipient": row.recipient, "notification": row, "footer": footer},
            )
            try:
                emails.message(
                    to=row.recipient.email, subject=row.subject, body=body, unsubscribe_token=token
                ).send()
            except Exception:
                logger.exception("Notification %s to user %s failed", row.pk, row.recipient_id)
                Notification.objects.filter(pk=row.pk).update(sent_at=None)
            else:
                sent += 1
    return sent


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """One email per person listing everything collected for them since the last digest (and
    immediate messages that could not be sent for an hour). Run daily; a second run sends
    nothing twice. Returns how many emails went out."""
    now = now or timezone.now()
    due = Q(digest=True) | Q(digest=False, created__lt=now - RETRY_AFTER)
    pending: dict[int, list[int]] = defaultdict(list)
    for pk, recipient_id in (
        Notification.objects.filter(due, sent_at__isnull=True)
        .order_by("recipient_id", "created", "pk")
        .values_list("pk", "recipient_id")
    ):
        pending[recipient_id].append(pk)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for recipient_id, ids in pending.items():
            if _send_digest(recipient_id, ids):
                sent += 1
    return sent


def _send_digest(recipient_id: int, ids: list[int]) -> bool:
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    with transaction.atomic():
        # Claimed inside the transaction: if the mail server refuses, the rollback unclaims.
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=ids, sent_at__isnull=True)
            .select_related("agenda")
            .order_by("created", "pk")
        )
        if not rows:
            return False
        _claim([row.pk for row in rows])
        if recipient is None or not recipient.email:
            return False  # an account that went away: nothing to send, nothing to keep
        footer, token = _footer(recipient, emails.ALL_KINDS)
        body = render_to_string(
            "community/email/digest.txt",
            {"recipient": recipient, "notifications": rows, "footer": footer},
        )
        subject = _("Ihre Zusammenfassung: %(n)s Neuigkeiten") % {"n": len(rows)}
        try:
            emails.message(
                to=recipient.email, subject=subject, body=body, unsubscribe_token=token
            ).send()
        except Exception:
            logger.exception("Digest to user %s failed", recipient_id)
            transaction.set_rollback(True)
            return False
    return True


def mark_read(*, actor: User, ids: Iterable[int] | None = None) -> int:
    """Mark ``actor``'s notifications (all, or ``ids``) as read."""
    rows = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


# One-click unsubscribe -------------------------------------------------------------------------


def unsubscribe(*, token: str) -> str:
    """Carry out the unsubscribe a token stands for and say what it did (a sentence).

    ``signing.BadSignature`` for forged or altered tokens. Idempotent: a second click says the
    same."""
    payload = emails.read_token(token)
    if "n" in payload:
        subscription = NewsletterSubscription.objects.select_related("agenda").filter(
            pk=int(str(payload["n"]))
        )
        found = subscription.first()
        if found is None:
            raise signing.BadSignature("subscription gone")
        subscription.filter(unsubscribed_at__isnull=True).update(unsubscribed_at=timezone.now())
        return _("Sie erhalten den Newsletter von „%(agenda)s“ nicht mehr.") % {
            "agenda": found.agenda.title
        }
    user = User.objects.filter(pk=int(str(payload["u"]))).first()
    if user is None:
        raise signing.BadSignature("user gone")
    kind = str(payload["k"])
    with transaction.atomic():
        if kind == emails.ALL_KINDS:
            NotificationSetting.objects.filter(user=user).exclude(kind="").delete()
            set_delivery(actor=user, kind="", delivery=Delivery.NEVER)
            Notification.objects.filter(recipient=user, sent_at__isnull=True).delete()
            return _("Sie erhalten keine Benachrichtigungen mehr per E-Mail.")
        set_delivery(actor=user, kind=kind, delivery=Delivery.NEVER)
        Notification.objects.filter(recipient=user, kind=kind, sent_at__isnull=True).delete()
    return _("Sie erhalten keine E-Mails der Art „%(kind)s“ mehr.") % {
        "kind": NotificationKind(kind).label
    }


def describe_token(token: str) -> str:
    """What the unsubscribe link would stop, for its confirmation page (GET)."""
    payload = emails.read_token(token)
    if "n" in payload:
        found = NewsletterSubscription.objects.select_related("agenda").filter(
            pk=int(str(payload["n"]))
        )
        subscription = found.first()
        if subscription is None:
            raise signing.BadSignature("subscription gone")
        return _("den Newsletter von „%(agenda)s“") % {"agenda": subscription.agenda.title}
    if payload["k"] == emails.ALL_KINDS:
        return _("alle Benachrichtigungen per E-Mail")
    return _("E-Mails der Art „%(kind)s“") % {"kind": NotificationKind(str(payload["k"])).label}


# Newsletter ------------------------------------------------------------------------------------


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def subscribe(
    *,
    email: str,
    agenda: Agenda,
    consent: bool,
    user: User | None = None,
    address: str = "",
) -> None:
    """Ask for ``agenda``'s newsletter: stores the consent and mails a confirmation link.
    Nothing is sent to the address before the link is opened (double opt-in). The answer is
    the same whether the address was known or not, so the form reveals no subscribers."""
    if not agenda.is_public:
        raise PermissionDenied(_("Diese Agenda ist nicht öffentlich."))
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")}
        ) from None
    if not consent:
        raise ValidationError(
            {"consent": _("Bitte bestätigen Sie, dass Sie den Newsletter erhalten möchten.")}
        )
    check_rate(kind="newsletter", user_id=user.pk if user else None, address=address)
    raw = secrets.token_urlsafe(24)
    now = timezone.now()
    with transaction.atomic():
        subscription, created = NewsletterSubscription.objects.select_for_update().get_or_create(
            agenda=agenda,
            email=email,
            defaults={
                "user": user,
                "consent_text": CONSENT_TEXT,
                "consented_at": now,
                "token_hash": _hash(raw),
            },
        )
        if not created:
            if subscription.is_active:
                return  # already receives it; no second email
            subscription.consent_text = CONSENT_TEXT
            subscription.consented_at = now
            subscription.token_hash = _hash(raw)
            subscription.confirmed_at = None
            subscription.unsubscribed_at = None
            subscription.user = subscription.user or user
            subscription.save()
        token = signing.dumps({"s": subscription.pk, "t": raw}, salt=CONFIRM_SALT)
        pk = subscription.pk
        transaction.on_commit(lambda: _send_confirmation(pk, token))


def _send_confirmation(subscription_id: int, token: str) -> None:
    subscription = NewsletterSubscription.objects.select_related("agenda").get(pk=subscription_id)
    link = emails.absolute(reverse("community:newsletter_confirm", args=[token]))
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "community/email/newsletter_confirm.txt",
            {"agenda": subscription.agenda, "link": link, "days": CONFIRM_MAX_AGE.days},
        )
        subject = _("Bitte bestätigen Sie Ihr Newsletter-Abonnement")
        try:
            emails.message(
                to=subscription.email,
                subject=subject,
                body=body,
                unsubscribe_token=emails.newsletter_token(subscription.pk),
            ).send()
        except Exception:
            logger.exception("Newsletter confirmation %s failed", subscription_id)


class ConfirmationInvalid(Exception):
    """A confirmation link that is forged, altered, superseded or too old (message says which)."""


def confirm(*, token: str) -> NewsletterSubscription:
    """Open a confirmation link: the subscription becomes active. Opening it twice is fine."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ConfirmationInvalid(
            _(
                "Dieser Bestätigungslink ist abgelaufen. Bitte melden Sie sich noch einmal für "
                "den Newsletter an."
            )
        ) from None
    except signing.BadSignature:
        raise ConfirmationInvalid(_("Dieser Bestätigungslink ist ungültig.")) from None
    subscription = (
        NewsletterSubscription.objects.select_related("agenda")
        .filter(pk=payload.get("s"), token_hash=_hash(str(payload.get("t", ""))))
        .first()
    )
    if subscription is None:
        raise ConfirmationInvalid(
            _("Dieser Bestätigungslink gilt nicht mehr; bitte nutzen Sie den neuesten.")
        )
    if subscription.unsubscribed_at is not None:
        raise ConfirmationInvalid(
            _("Dieses Abonnement wurde abbestellt. Bitte melden Sie sich noch einmal an.")
        )
    NewsletterSubscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    subscription.refresh_from_db()
    return subscription


def send_newsletter(*, actor: User, agenda: Agenda, subject: str, text: str) -> Any:
    """Send a newsletter to the agenda's confirmed subscribers, as a background job with
    progress (``core.jobs``). Returns the job."""
    permissions.require(permissions.can_send_newsletter, actor, agenda)
    subject = " ".join((subject or "").split())
    text = (text or "").replace("\r\n", "\n").strip()
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = _("Bitte geben Sie einen Betreff an.")
    elif len(subject) > NEWSLETTER_SUBJECT_MAX:
        errors["subject"] = _("Der Betreff darf höchstens %(n)s Zeichen lang sein.") % {
            "n": NEWSLETTER_SUBJECT_MAX
        }
    if not text:
        errors["text"] = _("Bitte schreiben Sie einen Text.")
    elif len(text) > NEWSLETTER_TEXT_MAX:
        errors["text"] = _("Der Text darf höchstens %(n)s Zeichen lang sein.") % {
            "n": f"{NEWSLETTER_TEXT_MAX:,}".replace(",", ".")
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        job = jobs.start(
            "community.newsletter",
            label=_("Newsletter „%(subject)s“") % {"subject": subject},
            user=actor,
            params={"agenda": agenda.pk, "subject": subject, "text": text},
        )
        record_event(actor=actor, agenda=agenda, action=AuditAction.NEWSLETTER_SENT, detail=subject)
    return job


def deliver_newsletter(
    *, agenda_id: int, subject: str, text: str, progress: Any = None
) -> dict[str, int]:
    """Mail the newsletter to every active subscription (the job's work). Returns counts."""
    agenda = Agenda.objects.get(pk=agenda_id)
    active = NewsletterSubscription.objects.filter(
        agenda=agenda, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).order_by("pk")
    total = active.count()
    sent = failed = 0
    last = 0
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            batch = list(active.filter(pk__gt=last)[:NEWSLETTER_BATCH])
            if not batch:
                break
            for subscription in batch:
                token = emails.newsletter_token(subscription.pk)
                body = render_to_string(
                    "community/email/newsletter.txt",
                    {
                        "agenda": agenda,
                        "text": text,
                        "unsubscribe_url": emails.unsubscribe_url(token),
                        "agenda_url": emails.absolute(
                            reverse("regions:agenda_home", args=[agenda.slug])
                        ),
                    },
                )
                try:
                    emails.message(
                        to=subscription.email, subject=subject, body=body, unsubscribe_token=token
                    ).send()
                except Exception:
                    logger.exception("Newsletter to subscription %s failed", subscription.pk)
                    failed += 1
                else:
                    sent += 1
            last = batch[-1].pk
            if progress is not None and total:
                progress(100 * (sent + failed) // total, _("%(n)s verschickt") % {"n": sent})
    return {"sent": sent, "failed": failed}
