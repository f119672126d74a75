"""Email invitations into an agenda (and optionally one of its bodies) and their acceptance.

The token travels only in the email link; the database keeps its SHA-256, so a leaked database
dump opens no invitation. An invitation is pending until it is accepted, revoked or 14 days old.

The coordinator role is never granted by invitation: it controls members, bodies and
invitations, and an invitation link is a bearer token that can be forwarded. Coordinators are
appointed through the agenda's member management, which names an existing account.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regioagenda.accounts.models import Membership, Role, User
from regioagenda.actors.models import (
    Body,
    BodyMember,
    BodyRole,
    Invitation,
    Person,
    PersonField,
    Visibility,
)
from regioagenda.actors.models.bodies import BODY_KIND_ROLE
from regioagenda.actors.queries import invitations as queries
from regioagenda.actors.queries.invitations import hash_token
from regioagenda.actors.queries.register import person_with_email
from regioagenda.core import permissions
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda

VALID_DAYS = 14
# Roles an invitation may carry (see the module docstring for the coordinator).
INVITABLE_ROLES = [role for role in Role if role != Role.COORDINATOR]
# The role a pool expert is invited with: they were found for their field expertise.
POOL_ROLE = Role.EXPERT


class InvitationUnusable(Exception):
    """The token opens no invitation that can still be accepted; ``status`` is 404 or 410."""

    def __init__(self, message: str, status: int, invitation: Invitation | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.invitation = invitation


def _base_url(base_url: str) -> str:
    """A fixed site address from the settings wins over the one the request was made to, so
    links in emails do not depend on the host name a proxy passed on."""
    configured = settings.SITE_URL
    return (configured or base_url or "").rstrip("/")


def accept_link(*, token: str, base_url: str = "") -> str:
    """The absolute link of the accept page; ``base_url`` is e.g. ``request.build_absolute_uri("/")``."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("actors_site:invitation", args=[token])
    return f"{_base_url(base_url)}{path}"


def _send(invitation: Invitation, token: str, base_url: str, *, from_pool: bool = False) -> None:
    context = {
        "invitation": invitation,
        "agenda": invitation.agenda,
        "body": invitation.body,
        "role_label": Role(invitation.role).label,
        "link": accept_link(token=token, base_url=base_url),
        "inviter": invitation.created_by,
        "expires": invitation.expires,
        "from_pool": from_pool,
        "valid_days": VALID_DAYS,
    }
    # The platform speaks German first; the invitee's language is not known yet.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("actors/invitations/email_subject.txt", context)
        text = render_to_string("actors/invitations/email_body.txt", context)
    send_mail(
        " ".join(subject.split()),
        text,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def _new_token() -> tuple[str, str]:
    """A fresh token and its hash (retried in the astronomically unlikely case of a clash)."""
    while True:
        token = secrets.token_urlsafe(32)
        token_hash = hash_token(token)
        if not queries.token_hash_taken(token_hash):
            return token, token_hash


def _clean(
    agenda: Agenda, *, email: str, role: str | None, body: Body | None, person: Person | None
) -> tuple[str, str, dict[str, str]]:
    errors: dict[str, str] = {}
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("„%(email)s“ ist keine gültige E-Mail-Adresse.") % {
            "email": email or _("(leer)")
        }
    if body is not None and body.agenda_id != agenda.pk:
        errors["body"] = _("Dieses Gremium gehört nicht zu dieser Agenda.")
    if person is not None and person.agenda_id != agenda.pk:
        errors["person"] = _("Diese Person gehört nicht zu dieser Agenda.")
    elif person is not None and person.is_anonymised:
        errors["person"] = _("Eine anonymisierte Person kann nicht eingeladen werden.")
    if not role:
        role = BODY_KIND_ROLE.get(body.kind, Role.PARTICIPANT) if body else Role.PARTICIPANT
    if role == Role.COORDINATOR:
        errors["role"] = _(
            "Die Rolle Koordination wird nicht per Einladungslink vergeben; "
            "ernennen Sie Koordinatorinnen und Koordinatoren in der Mitgliederverwaltung."
        )
    elif role not in Role.values:
        errors["role"] = _("„%(role)s“ ist keine Rolle dieser Plattform.") % {"role": role}
    return email, role, errors


def _create(
    actor: User,
    agenda: Agenda,
    *,
    email: str,
    role: str,
    body: Body | None,
    person: Person | None,
    message: str,
    base_url: str,
    from_pool: bool = False,
    field_key: str = "",
) -> Invitation:
    now = timezone.now()
    if queries.pending(agenda, email, now).exists():
        raise ValidationError(
            {
                "email": _(
                    "An diese Adresse ist schon eine offene Einladung in diese Agenda unterwegs. "
                    "Senden Sie sie in der Liste der Einladungen erneut, statt eine zweite anzulegen."
                )
            }
        )
    token, token_hash = _new_token()
    invitation = Invitation.objects.create(
        agenda=agenda,
        body=body,
        person=person,
        email=email,
        role=role,
        field_key=field_key,
        token_hash=token_hash,
        message=(message or "").strip(),
        created_by=actor if actor.is_authenticated else None,
        expires=now + timedelta(days=VALID_DAYS),
    )
    # The mail goes out only when the invitation is stored for good.
    transaction.on_commit(lambda: _send(invitation, token, base_url, from_pool=from_pool))
    return invitation


@transaction.atomic
def invite(
    *,
    actor: User,
    agenda: Agenda,
    email: str,
    role: str | None = None,
    body: Body | None = None,
    person: Person | None = None,
    message: str = "",
    base_url: str = "",
) -> Invitation:
    """Invite ``email`` into ``agenda`` (and ``body``) with ``role`` and send the email.

    ``role`` None takes the role that belongs to the body's kind (``BODY_KIND_ROLE``), or
    participant without a body. ``base_url`` is the site address for the link when the setting
    ``SITE_URL`` is missing. Returns the invitation.
    """
    permissions.require(permissions.can_manage_bodies, actor, agenda)
    email, role, errors = _clean(agenda, email=email, role=role, body=body, person=person)
    if errors:
        raise ValidationError(errors)
    invitation = _create(
        actor,
        agenda,
        email=email,
        role=role,
        body=body,
        person=person,
        message=message,
        base_url=base_url,
    )
    where = _(" in „%(body)s“") % {"body": body.name} if body else ""
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.INVITATION_SENT,
        detail=_("%(email)s als %(role)s eingeladen%(where)s")
        % {"email": email, "role": Role(role).label, "where": where},
    )
    return invitation


@transaction.atomic
def invite_from_pool(
    *,
    actor: User,
    agenda: Agenda,
    person_id: str | int | None,  # as posted; anything but a pool person's id is refused
    field_key: str = "",
    message: str = "",
    base_url: str = "",
) -> Invitation:
    """Invite a person of another agenda's pool, found as a suggestion for a gap in coverage.

    The inviter never sees the address; the invitation names no person because the person
    belongs to another agenda (accepting creates a person in this one).
    """
    permissions.require(permissions.can_manage_bodies, actor, agenda)
    person = queries.pool_candidate(agenda, person_id, field_key)
    if person is None:
        raise ValidationError(
            _(
                "Diese Person ist nicht (mehr) im Expertenpool des Programms zu finden. "
                "Vielleicht hat sie ihre Einwilligung widerrufen."
            )
        )
    email = person.email.strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(
            _("Für %(name)s ist keine gültige E-Mail-Adresse hinterlegt.") % {"name": person.name}
        ) from exc
    if queries.in_register(agenda, email):
        raise ValidationError(
            _("%(name)s ist bereits im Akteursverzeichnis dieser Agenda.") % {"name": person.name}
        )
    if queries.pending(agenda, email, timezone.now()).exists():
        raise ValidationError(
            _("%(name)s ist bereits eingeladen; die Einladung ist noch offen.")
            % {"name": person.name}
        )
    invitation = _create(
        actor,
        agenda,
        email=email,
        role=POOL_ROLE,
        body=None,
        person=None,
        message=message,
        base_url=base_url,
        from_pool=True,
        field_key=field_key,
    )
    # The audit trail is read by the coordination: it names the person, not the address.
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.INVITATION_SENT,
        detail=_("%(name)s aus dem Expertenpool als %(role)s eingeladen")
        % {"name": person.name, "role": Role(POOL_ROLE).label},
    )
    return invitation


def _check_own(actor: User, invitation: Invitation) -> None:
    permissions.require(permissions.can_manage_bodies, actor, invitation.agenda)


@transaction.atomic
def resend(*, actor: User, invitation: Invitation, base_url: str = "") -> Invitation:
    """Send a pending or expired invitation again with a new token and a new period of 14 days;
    the old link stops working."""
    _check_own(actor, invitation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    current = invitation.state_at(now)
    if current == "accepted":
        raise ValidationError(_("Diese Einladung wurde schon angenommen."))
    if current == "revoked":
        raise ValidationError(
            _("Diese Einladung wurde zurückgezogen und kann nicht erneut gesendet werden.")
        )
    if queries.pending(invitation.agenda, invitation.email, now).exclude(pk=invitation.pk).exists():
        raise ValidationError(
            _("An diese Adresse ist schon eine andere offene Einladung unterwegs.")
        )
    token, invitation.token_hash = _new_token()
    invitation.expires = now + timedelta(days=VALID_DAYS)
    invitation.save(update_fields=["token_hash", "expires"])
    from_pool = invitation.person_id is None and _is_pool_address(invitation)
    transaction.on_commit(lambda: _send(invitation, token, base_url, from_pool=from_pool))
    record_event(
        actor=actor,
        agenda=invitation.agenda,
        action=AuditAction.INVITATION_RESENT,
        detail=_describe(invitation, from_pool),
    )
    return invitation


@transaction.atomic
def revoke(*, actor: User, invitation: Invitation) -> Invitation:
    """Withdraw a pending (or expired) invitation; its link then says so."""
    _check_own(actor, invitation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    current = invitation.state_at()
    if current == "accepted":
        raise ValidationError(
            _("Diese Einladung wurde schon angenommen; entfernen Sie stattdessen die Rolle.")
        )
    if current == "revoked":
        raise ValidationError(_("Diese Einladung ist bereits zurückgezogen."))
    invitation.revoked = timezone.now()
    invitation.save(update_fields=["revoked"])
    from_pool = invitation.person_id is None and _is_pool_address(invitation)
    record_event(
        actor=actor,
        agenda=invitation.agenda,
        action=AuditAction.INVITATION_REVOKED,
        detail=_describe(invitation, from_pool),
    )
    return invitation


def _is_pool_address(invitation: Invitation) -> bool:
    return queries.is_pool_address(invitation.agenda, invitation.email)


def _describe(invitation: Invitation, from_pool: bool) -> str:
    if from_pool:
        return _("Einladung aus dem Expertenpool (%(role)s)") % {
            "role": Role(invitation.role).label
        }
    return _("Einladung an %(email)s (%(role)s)") % {
        "email": invitation.email,
        "role": Role(invitation.role).label,
    }


# Accepting -------------------------------------------------------------------------------------


def usable(*, token: str, for_update: bool = False) -> Invitation:
    """The pending invitation behind ``token``; raises ``InvitationUnusable`` otherwise."""
    invitation = queries.by_token(token, for_update=for_update)
    if invitation is None:
        raise InvitationUnusable(
            _(
                "Diesen Einladungslink kennen wir nicht. Bitte prüfen Sie, ob er vollständig "
                "kopiert wurde, oder bitten Sie um eine neue Einladung."
            ),
            404,
        )
    current = invitation.state_at()
    if current == "accepted":
        message = _("Diese Einladung wurde bereits angenommen und kann nur einmal genutzt werden.")
    elif current == "revoked":
        message = _("Diese Einladung wurde von der Koordination zurückgezogen.")
    elif current == "expired":
        message = _(
            "Diese Einladung ist am %(date)s abgelaufen. Bitten Sie die Koordination der Agenda "
            "um eine neue."
        ) % {"date": timezone.localtime(invitation.expires).strftime("%d.%m.%Y")}
    else:
        return invitation
    raise InvitationUnusable(message, 410, invitation)


def _person_for(user: User, invitation: Invitation) -> Person:
    """The person of the agenda the account stands for: the invited one, else one with the
    invited (or the account's) address, else a new internal one."""
    agenda = invitation.agenda
    person = invitation.person
    if person is not None and (person.agenda_id != agenda.pk or person.is_anonymised):
        person = None
    if person is None:
        for email in dict.fromkeys([invitation.email, user.email]):
            person = person_with_email(agenda, email)
            if person is not None:
                break
    if person is None:
        return Person.objects.create(
            agenda=agenda,
            name=(user.name or user.email.split("@")[0])[:200],
            email=user.email,
            visibility=Visibility.INTERNAL,
            user=user,
        )
    # Never take a person away from another account that is already linked to it.
    if person.user_id is None:
        person.user = user
        person.save(update_fields=["user", "updated"])
    return person


def accept(*, actor: AbstractBaseUser | AnonymousUser | None, token: str) -> Invitation:
    """Accept the invitation behind ``token`` for the logged-in ``actor``; returns it.

    In one transaction: the agenda role (kept once if already held), the person linked to the
    account, the body membership when the invitation names a body, and the invitation marked as
    used. Raises ``InvitationUnusable`` for unknown, expired, revoked and used tokens.
    """
    if not isinstance(actor, User) or not actor.is_authenticated:
        raise InvitationUnusable(_("Zum Annehmen melden Sie sich bitte an."), 403)
    with transaction.atomic():
        invitation = usable(token=token, for_update=True)
        agenda = invitation.agenda
        _membership, created = Membership.objects.get_or_create(
            user=actor,
            agenda=agenda,
            role=invitation.role,
            defaults={"created_by": invitation.created_by},
        )
        person = _person_for(actor, invitation)
        if invitation.field_key:
            PersonField.objects.get_or_create(person=person, field_key=invitation.field_key)
        today = timezone.localdate()
        if invitation.body_id is not None:
            body = Body.objects.get(pk=invitation.body_id)
            if not queries.is_current_member(body, person, today):
                try:
                    with transaction.atomic():
                        BodyMember.objects.create(
                            body=body, person=person, role=BodyRole.MEMBER, start=today
                        )
                except IntegrityError:  # a membership starting today exists (ended today)
                    BodyMember.objects.filter(body=body, person=person, start=today).update(
                        end=None
                    )
        invitation.accepted = timezone.now()
        invitation.accepted_by = actor
        invitation.save(update_fields=["accepted", "accepted_by"])
        record_event(
            actor=actor,
            agenda=agenda,
            action=AuditAction.INVITATION_ACCEPTED,
            detail=_("Einladung als %(role)s angenommen%(where)s%(new)s")
            % {
                "role": Role(invitation.role).label,
                "where": _(" (Gremium „%(body)s“)") % {"body": invitation.body.name}
                if invitation.body is not None
                else "",
                "new": "" if created else _(" – die Rolle bestand schon"),
            },
        )
    permissions.forget_roles(actor)
    return invitation
