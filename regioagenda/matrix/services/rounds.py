"""Assessment rounds: invite raters, rate field by field, finish, and agree on a consensus.

A round is made in draft, raters are invited (members of the agenda only), the coordinator opens
it, raters save their rating per field as a draft and finish when every field is rated or marked
"kann ich nicht beurteilen". Closing the round freezes the ratings; the moderator sets the
consensus per field while the round is open or after it closed. Fields on which the raters were
far apart can be re-rated in a follow-up round by the same raters.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regioagenda.accounts.models import User
from regioagenda.core import once, permissions
from regioagenda.core.registry import rater_candidates
from regioagenda.matrix import scoring
from regioagenda.matrix.models import (
    IMPORTANCE_MAX,
    IMPORTANCE_MIN,
    LEVEL_MAX,
    LEVEL_MIN,
    AssessmentRound,
    Confidence,
    Consensus,
    FrameworkVersion,
    MatrixField,
    PendingRaterInvitation,
    RaterInvitation,
    Rating,
    RoundKind,
    RoundStatus,
    max_length_of,
)
from regioagenda.matrix.queries.framework import NoActiveFramework, require_active_version
from regioagenda.matrix.queries.rounds import (
    FieldStep,
    RatingState,
    consensus_overview,
    invited_ids,
    member_ids,
    members_by_email,
    missing_fields,
    rating_form_state,
    round_fields,
)
from regioagenda.matrix.services.notifications import notify_after_commit
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda

TITLE_MAX = max_length_of(AssessmentRound, "title")
PERSPECTIVE_MAX = max_length_of(RaterInvitation, "perspective")
EVIDENCE_MAX = 4000
RATIONALE_MAX = 4000
URL_MAX = max_length_of(Rating, "evidence_url")


def _names(users: Iterable[User]) -> str:
    return ", ".join(sorted(str(user) for user in users))


def _lock(assessment_round: AssessmentRound) -> AssessmentRound:
    """The round's current row, locked, so a rating and a close cannot cross."""
    return AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)


def _require_field_of_round(
    assessment_round: AssessmentRound,
    matrix_field: MatrixField,
    fields: Sequence[MatrixField] | None = None,
) -> None:
    fields = round_fields(assessment_round) if fields is None else fields
    if matrix_field.pk not in {f.pk for f in fields}:
        raise ValidationError(
            _("Das Handlungsfeld „%(field)s“ gehört nicht zu dieser Bewertungsrunde.")
            % {"field": matrix_field.name}
        )


# Rounds ----------------------------------------------------------------------------------------


@transaction.atomic
def create_round(
    *,
    actor: User,
    agenda: Agenda,
    title: str,
    kind: str = RoundKind.BASELINE,
    version: FrameworkVersion | None = None,
    closes_on: datetime.date | None = None,
    is_example: bool = False,
    form_token: str = "",
) -> AssessmentRound:
    """A new round in draft; it uses the active framework version unless one is given.

    ``form_token`` is the form's one-time token (``core.once``): a second submission of the
    same form raises ``once.AlreadySubmitted`` naming the round the first one created."""
    permissions.require(permissions.can_manage_assessment, actor, agenda)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Bitte geben Sie der Bewertungsrunde einen Titel.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Der Titel darf höchstens %(max)d Zeichen lang sein.") % {
            "max": TITLE_MAX
        }
    if kind == RoundKind.FOLLOW_UP:
        errors["kind"] = _(
            "Eine zweite Runde zu strittigen Feldern starten Sie aus der Konsens-Ansicht der "
            "ersten Runde."
        )
    elif kind not in RoundKind.values:
        errors["kind"] = _("Unbekannte Art der Bewertungsrunde „%(kind)s“.") % {"kind": kind}
    if closes_on is not None and closes_on < timezone.localdate():
        errors["closes_on"] = _("Das Enddatum %(date)s liegt in der Vergangenheit.") % {
            "date": closes_on.strftime("%d.%m.%Y")
        }
    if version is None:
        try:
            version = require_active_version(with_fields=False)
        except NoActiveFramework as missing:
            errors["version"] = str(missing)
    if errors:
        raise ValidationError(errors)
    assert version is not None  # else an error above
    claimed = once.claim(form_token, user=actor, kind="matrix.round")
    assessment_round = AssessmentRound.objects.create(
        agenda=agenda,
        version=version,
        kind=kind,
        title=title,
        closes_on=closes_on,
        created_by=actor,
        is_example=is_example,
    )
    claimed.done(assessment_round)
    record_event(actor=actor, agenda=agenda, action=AuditAction.ROUND_CREATED, detail=title)
    return assessment_round


@transaction.atomic
def open_round(
    *, actor: User, assessment_round: AssessmentRound, site_url: str = ""
) -> AssessmentRound:
    """Open the round for rating; the invited raters get their email after the commit.

    ``site_url`` is the address for the link when the setting ``SITE_URL`` is missing.
    """
    permissions.require(permissions.can_manage_assessment, actor, assessment_round.agenda)
    locked = _lock(assessment_round)
    if locked.status == RoundStatus.OPEN:
        raise ValidationError(_("Die Bewertungsrunde ist bereits offen."))
    if locked.status == RoundStatus.CLOSED:
        raise ValidationError(
            _(
                "Eine abgeschlossene Bewertungsrunde wird nicht wieder geöffnet; ihre Bewertungen "
                "bleiben, wie sie sind. Starten Sie eine Neubewertung oder eine zweite Runde."
            )
        )
    locked.status = RoundStatus.OPEN
    locked.opened = timezone.now()
    locked.save(update_fields=["status", "opened"])
    assessment_round.status, assessment_round.opened = locked.status, locked.opened
    record_event(
        actor=actor,
        agenda=assessment_round.agenda,
        action=AuditAction.ROUND_OPENED,
        detail=assessment_round.title,
    )
    notify_after_commit(
        invitation_ids=locked.invitations.filter(notified__isnull=True).values_list(
            "pk", flat=True
        ),
        site_url=site_url,
    )
    return assessment_round


@transaction.atomic
def close_round(*, actor: User, assessment_round: AssessmentRound) -> AssessmentRound:
    """Freeze the ratings: after this nobody can change or add one."""
    permissions.require(permissions.can_manage_assessment, actor, assessment_round.agenda)
    locked = _lock(assessment_round)
    if locked.status != RoundStatus.OPEN:
        raise ValidationError(
            _("Nur eine offene Bewertungsrunde kann abgeschlossen werden; diese ist „%(s)s“.")
            % {"s": locked.get_status_display()}
        )
    locked.status = RoundStatus.CLOSED
    locked.closed = timezone.now()
    locked.save(update_fields=["status", "closed"])
    assessment_round.status, assessment_round.closed = locked.status, locked.closed
    record_event(
        actor=actor,
        agenda=assessment_round.agenda,
        action=AuditAction.ROUND_CLOSED,
        detail=assessment_round.title,
    )
    return assessment_round


# Invitations -----------------------------------------------------------------------------------


@dataclass
class InviteResult:
    invited: list[User]
    already: list[User]
    # Not members yet: their invitation waits until they join the agenda.
    pending: list[PendingRaterInvitation] = dataclasses.field(default_factory=list)

    def message(self) -> str:
        parts = [
            ngettext(
                "%(n)d Person wurde eingeladen.",
                "%(n)d Personen wurden eingeladen.",
                len(self.invited),
            )
            % {"n": len(self.invited)}
        ]
        if self.pending:
            parts.append(
                ngettext(
                    "%(names)s ist noch kein Mitglied der Agenda und bekommt eine Einladung in "
                    "die Agenda; nach dem Annehmen kann sie bewerten.",
                    "%(names)s sind noch keine Mitglieder der Agenda und bekommen eine Einladung "
                    "in die Agenda; nach dem Annehmen können sie bewerten.",
                    len(self.pending),
                )
                % {"names": ", ".join(p.name or p.email for p in self.pending)}
            )
        if self.already:
            parts.append(
                ngettext(
                    "%(n)d war bereits eingeladen.",
                    "%(n)d waren bereits eingeladen.",
                    len(self.already),
                )
                % {"n": len(self.already)}
            )
        return " ".join(parts)


def _record_and_notify(
    *,
    actor: User,
    agenda: Agenda,
    locked: AssessmentRound,
    names: list[str],
    invited: list[User],
    site_url: str,
) -> None:
    """After inviting: one audit event naming everyone, and the rating emails to the newly
    invited members once the transaction commits (only while the round is open)."""
    if names:
        record_event(
            actor=actor,
            agenda=agenda,
            action=AuditAction.RATERS_INVITED,
            detail=f"{locked.title}: {', '.join(sorted(names))}",
        )
    if invited and locked.status == RoundStatus.OPEN:
        notify_after_commit(
            invitation_ids=RaterInvitation.objects.filter(
                round=locked, user__in=[user.pk for user in invited]
            ).values_list("pk", flat=True),
            site_url=site_url,
        )


@transaction.atomic
def invite_raters(
    *,
    actor: User,
    assessment_round: AssessmentRound,
    users: Iterable[User],
    perspective: str = "",
    site_url: str = "",
) -> InviteResult:
    """Invite members of the agenda to rate; people already invited are left as they are.

    When the round is open, the newly invited get an email with the link to the rating page
    after the commit (a draft round's raters get theirs when it is opened).
    """
    agenda = assessment_round.agenda
    permissions.require(permissions.can_manage_assessment, actor, agenda)
    chosen = list({user.pk: user for user in users}.values())
    perspective = (perspective or "").strip()
    if not chosen:
        raise ValidationError({"users": _("Bitte wählen Sie mindestens eine Person aus.")})
    if len(perspective) > PERSPECTIVE_MAX:
        raise ValidationError(
            {
                "perspective": _("Die Perspektive darf höchstens %(max)d Zeichen lang sein.")
                % {"max": PERSPECTIVE_MAX}
            }
        )
    locked = _lock(assessment_round)
    if locked.status == RoundStatus.CLOSED:
        raise ValidationError(
            _("Die Bewertungsrunde ist abgeschlossen; es kann niemand mehr eingeladen werden.")
        )
    members = member_ids(agenda.pk, chosen)
    outsiders = [user for user in chosen if user.pk not in members]
    if outsiders:
        raise ValidationError(
            {
                "users": ngettext(
                    "%(names)s ist kein Mitglied dieser Agenda. Eingeladen werden können nur "
                    "Mitglieder; die Koordination vergibt Rollen unter „Mitglieder“.",
                    "%(names)s sind keine Mitglieder dieser Agenda. Eingeladen werden können nur "
                    "Mitglieder; die Koordination vergibt Rollen unter „Mitglieder“.",
                    len(outsiders),
                )
                % {"names": _names(outsiders)}
            }
        )
    existing = invited_ids(assessment_round, chosen)
    result = InviteResult(
        invited=[user for user in chosen if user.pk not in existing],
        already=[user for user in chosen if user.pk in existing],
    )
    RaterInvitation.objects.bulk_create(
        RaterInvitation(
            round=assessment_round, user=user, perspective=perspective, invited_by=actor
        )
        for user in result.invited
    )
    _record_and_notify(
        actor=actor,
        agenda=agenda,
        locked=locked,
        names=[str(user) for user in result.invited],
        invited=result.invited,
        site_url=site_url,
    )
    return result


@dataclass(frozen=True)
class RaterChoice:
    """One person chosen in the invite form: a member (``user``) or an address (``email``)."""

    user: User | None = None
    email: str = ""
    name: str = ""
    perspective: str = ""


@transaction.atomic
def invite_people(
    *,
    actor: User,
    assessment_round: AssessmentRound,
    choices: Sequence[RaterChoice],
    site_url: str = "",
) -> InviteResult:
    """Invite each chosen person with their own perspective: members of the agenda at once,
    anyone else by email address.

    An address that belongs to a member's account invites that member. Any other address gets a
    pending invitation (``PendingRaterInvitation``) and, through ``core.registry.rater_candidates``
    (filled by ``actors``), an email invitation into the agenda as an expert; when the person
    joins, the pending invitation becomes theirs (``activate_pending``).
    """
    agenda = assessment_round.agenda
    permissions.require(permissions.can_manage_assessment, actor, agenda)
    if not choices:
        raise ValidationError({"users": _("Bitte wählen Sie mindestens eine Person aus.")})
    errors: list[str] = []
    cleaned: list[RaterChoice] = []
    for choice in choices:
        perspective = (choice.perspective or "").strip()
        who = choice.name or (str(choice.user) if choice.user else choice.email)
        if len(perspective) > PERSPECTIVE_MAX:
            errors.append(
                _("Die Perspektive von %(name)s darf höchstens %(max)d Zeichen lang sein.")
                % {"name": who, "max": PERSPECTIVE_MAX}
            )
        email = (choice.email or "").strip()
        if choice.user is None:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(
                    _("„%(email)s“ (%(name)s) ist keine gültige E-Mail-Adresse.")
                    % {"email": email or _("(leer)"), "name": who}
                )
        cleaned.append(dataclasses.replace(choice, email=email, perspective=perspective))
    if errors:
        raise ValidationError({"users": errors})
    locked = _lock(assessment_round)
    if locked.status == RoundStatus.CLOSED:
        raise ValidationError(
            _("Die Bewertungsrunde ist abgeschlossen; es kann niemand mehr eingeladen werden.")
        )
    by_email = members_by_email(agenda.pk, [c.email for c in cleaned if c.user is None])
    perspectives: dict[int, str] = {}
    users: dict[int, User] = {}
    outsiders: list[RaterChoice] = []
    for choice in cleaned:
        user = choice.user or by_email.get(choice.email.lower())
        if user is None:
            outsiders.append(choice)
        else:
            users.setdefault(user.pk, user)
            perspectives.setdefault(user.pk, choice.perspective)
    members = member_ids(agenda.pk, users.values())
    strangers = [user for user in users.values() if user.pk not in members]
    if strangers:
        raise ValidationError(
            {
                "users": _("%(names)s ist kein Mitglied dieser Agenda (mehr).")
                % {"names": _names(strangers)}
            }
        )
    existing = invited_ids(assessment_round, users.values())
    result = InviteResult(
        invited=[user for user in users.values() if user.pk not in existing],
        already=[user for user in users.values() if user.pk in existing],
    )
    RaterInvitation.objects.bulk_create(
        RaterInvitation(
            round=locked, user=user, perspective=perspectives[user.pk], invited_by=actor
        )
        for user in result.invited
    )
    waiting = {
        email.lower() for email in locked.pending_invitations.values_list("email", flat=True)
    }
    for choice in outsiders:
        if choice.email.lower() in waiting:
            continue
        waiting.add(choice.email.lower())
        pending = PendingRaterInvitation.objects.create(
            round=locked,
            email=choice.email,
            name=choice.name[:200],
            perspective=choice.perspective,
            invited_by=actor,
        )
        rater_candidates.invite_member(
            actor=actor, agenda=agenda, email=choice.email, base_url=site_url
        )
        result.pending.append(pending)
    _record_and_notify(
        actor=actor,
        agenda=agenda,
        locked=locked,
        names=[str(user) for user in result.invited] + [p.name or p.email for p in result.pending],
        invited=result.invited,
        site_url=site_url,
    )
    return result


@transaction.atomic
def activate_pending(*, actor: User, agenda_id: int, site_url: str = "") -> list[RaterInvitation]:
    """``actor`` has joined the agenda: their pending invitations to its rounds (by email) become
    invitations to rate; an open round's get the email after the commit. Closed rounds' stay."""
    email = (actor.email or "").strip()
    if not email:
        return []
    pending = list(
        PendingRaterInvitation.objects.select_for_update()
        .filter(round__agenda_id=agenda_id, email__iexact=email)
        .exclude(round__status=RoundStatus.CLOSED)
        .select_related("round")
    )
    created: list[RaterInvitation] = []
    for waiting in pending:
        invitation, made = RaterInvitation.objects.get_or_create(
            round=waiting.round,
            user=actor,
            defaults={"perspective": waiting.perspective, "invited_by": waiting.invited_by},
        )
        if made:
            created.append(invitation)
        waiting.delete()
    notify_after_commit(
        invitation_ids=[i.pk for i in created if i.round.status == RoundStatus.OPEN],
        site_url=site_url,
    )
    return created


@transaction.atomic
def remove_invitation(*, actor: User, invitation: RaterInvitation) -> int:
    """Withdraw an invitation (with its draft ratings) while the round is not closed."""
    assessment_round = invitation.round
    permissions.require(permissions.can_manage_assessment, actor, assessment_round.agenda)
    if _lock(assessment_round).status == RoundStatus.CLOSED:
        raise ValidationError(
            _(
                "Die Bewertungsrunde ist abgeschlossen; die Bewertungen von %(name)s bleiben "
                "Teil des Ergebnisses."
            )
            % {"name": invitation.user}
        )
    ratings = invitation.ratings.count()
    invitation.delete()
    record_event(
        actor=actor,
        agenda=assessment_round.agenda,
        action=AuditAction.RATER_UNINVITED,
        detail=f"{assessment_round.title}: {invitation.user} ({ratings})",
    )
    return ratings


# Ratings ---------------------------------------------------------------------------------------


def _check_level(errors: dict[str, str], name: str, label: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not LEVEL_MIN <= value <= LEVEL_MAX:
        errors[name] = _(
            "%(label)s muss eine Stufe von %(min)d bis %(max)d sein (angegeben: %(value)s)."
        ) % {"label": label, "min": LEVEL_MIN, "max": LEVEL_MAX, "value": value}


# The name of the confirmation where a form shows it; the services report the warning under it.
TARGET_CONFIRMATION = "soll_below_confirmed"


def target_warning(ist: int, soll: int) -> str:
    return _(
        "Das Ziel (SOLL, Stufe %(soll)d) liegt unter dem heutigen Stand (IST, Stufe %(ist)d). "
        "Das ist meist ein Versehen: Prüfen Sie die Stufen, oder bestätigen Sie „Ja, das Ziel "
        "liegt bewusst unter dem heutigen Stand“."
    ) % {"ist": ist, "soll": soll}


def check_target(
    errors: dict[str, str], ist: int | None, soll: int | None, *, confirmed: bool
) -> None:
    """The one rule for a SOLL below the IST, for ratings and consensus alike: refused with the
    warning under ``TARGET_CONFIRMATION`` unless confirmed (``scoring.target_below_current``)."""
    if "ist" in errors or "soll" in errors or confirmed:
        return
    if scoring.target_below_current(ist, soll):
        assert ist is not None and soll is not None  # else not below
        errors[TARGET_CONFIRMATION] = target_warning(ist, soll)


@transaction.atomic
def save_rating(
    *,
    actor: User,
    assessment_round: AssessmentRound,
    field: MatrixField,
    ist: int | None = None,
    soll: int | None = None,
    importance: int | None = None,
    confidence: int | None = None,
    skipped: bool = False,
    evidence: str = "",
    evidence_url: str = "",
    soll_below_confirmed: bool = False,
) -> Rating:
    """Save (or change) the actor's rating of one field as a draft.

    Either both levels 0–4, or ``skipped`` ("kann ich nicht beurteilen") without levels. A SOLL
    below the IST is almost always a slip: it is saved only with ``soll_below_confirmed``
    (``check_target``), since a region may deliberately do less in a field.
    """
    locked = _lock(assessment_round)
    permissions.require(permissions.can_rate, actor, locked)
    _require_field_of_round(locked, field)
    errors: dict[str, str] = {}
    _check_level(errors, "ist", _("IST"), ist)
    _check_level(errors, "soll", _("SOLL"), soll)
    if skipped and (ist is not None or soll is not None):
        errors["skipped"] = _(
            "Sie haben „kann ich nicht beurteilen“ gewählt und zugleich eine Stufe angegeben. "
            "Bitte wählen Sie entweder Stufen für IST und SOLL oder „kann ich nicht beurteilen“."
        )
    elif not skipped and "ist" not in errors and "soll" not in errors:
        if ist is None:
            errors["ist"] = _(
                "Bitte wählen Sie eine Stufe für IST oder „kann ich nicht beurteilen“."
            )
        if soll is None:
            errors["soll"] = _(
                "Bitte wählen Sie eine Stufe für SOLL oder „kann ich nicht beurteilen“."
            )
    if not skipped:
        check_target(errors, ist, soll, confirmed=soll_below_confirmed)
    if importance is not None and (
        isinstance(importance, bool)
        or not isinstance(importance, int)
        or not IMPORTANCE_MIN <= importance <= IMPORTANCE_MAX
    ):
        errors["importance"] = _(
            "Die Wichtigkeit muss zwischen %(min)d und %(max)d liegen (angegeben: %(value)s)."
        ) % {"min": IMPORTANCE_MIN, "max": IMPORTANCE_MAX, "value": importance}
    if confidence is not None and confidence not in Confidence.values:
        errors["confidence"] = _(
            "Die Sicherheit muss 1 (unsicher), 2 (eher sicher) oder 3 (sicher) sein "
            "(angegeben: %(value)s)."
        ) % {"value": confidence}
    evidence = (evidence or "").strip()
    evidence_url = (evidence_url or "").strip()
    if len(evidence) > EVIDENCE_MAX:
        errors["evidence"] = _("Die Begründung darf höchstens %(max)d Zeichen lang sein.") % {
            "max": EVIDENCE_MAX
        }
    if evidence_url:
        try:
            if len(evidence_url) > URL_MAX:
                raise ValidationError("too long")
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            errors["evidence_url"] = _(
                "„%(url)s“ ist kein gültiger Link; er beginnt mit https:// oder http:// und ist "
                "höchstens %(max)d Zeichen lang."
            ) % {"url": evidence_url[:80], "max": URL_MAX}
    if errors:
        raise ValidationError(errors)
    invitation = RaterInvitation.objects.get(round=locked, user=actor)
    rating, _created = Rating.objects.update_or_create(
        invitation=invitation,
        field=field,
        defaults={
            "ist": ist,
            "soll": soll,
            "importance": importance,
            "confidence": confidence,
            "skipped": skipped,
            "evidence": evidence,
            "evidence_url": evidence_url,
        },
    )
    return rating


@dataclass
class RatingSaved:
    """A saved rating and where "Speichern und weiter" leads; ``message()`` is shown."""

    field: MatrixField
    state: RatingState  # the rater's progress after saving
    following: FieldStep | None  # the next field to rate; None: on to the summary

    def message(self) -> str:
        return _("„%(field)s“ ist gespeichert.") % {"field": self.field.name}


class RatingValues(TypedDict, total=False):
    """What a rater may give for one field: ``save_rating``'s keyword arguments after the field."""

    ist: int | None
    soll: int | None
    importance: int | None
    confidence: int | None
    skipped: bool
    evidence: str
    evidence_url: str
    soll_below_confirmed: bool


def save_rating_step(
    *,
    actor: User,
    assessment_round: AssessmentRound,
    field: MatrixField,
    **values: Unpack[RatingValues],
) -> RatingSaved:
    """``save_rating``, then the rater's progress and the field that comes next."""
    rating = save_rating(actor=actor, assessment_round=assessment_round, field=field, **values)
    state = rating_form_state(assessment_round, rating.invitation)
    return RatingSaved(field=field, state=state, following=state.after(field.key))


@transaction.atomic
def submit_ratings(*, actor: User, assessment_round: AssessmentRound) -> RaterInvitation:
    """Record that the rater has finished; they may still change ratings while the round is open."""
    locked = _lock(assessment_round)
    permissions.require(permissions.can_rate, actor, locked)
    invitation = RaterInvitation.objects.select_for_update().get(round=locked, user=actor)
    missing = missing_fields(locked, invitation)
    if missing:
        raise ValidationError(
            ngettext(
                "Ein Feld ist noch nicht bewertet: %(fields)s. Bewerten Sie es oder wählen Sie "
                "„kann ich nicht beurteilen“.",
                "%(n)d Felder sind noch nicht bewertet: %(fields)s. Bewerten Sie sie oder wählen "
                "Sie „kann ich nicht beurteilen“.",
                len(missing),
            )
            % {"n": len(missing), "fields": ", ".join(f.name for f in missing)}
        )
    invitation.submitted = timezone.now()
    invitation.save(update_fields=["submitted"])
    record_event(
        actor=actor, agenda=locked.agenda, action=AuditAction.RATING_SUBMITTED, detail=locked.title
    )
    return invitation


# Consensus -------------------------------------------------------------------------------------


@transaction.atomic
def set_consensus(
    *,
    actor: User,
    assessment_round: AssessmentRound,
    field: MatrixField,
    ist: int | None,
    soll: int | None,
    rationale: str,
    soll_below_confirmed: bool = False,
) -> Consensus:
    """The workshop's levels for one field, with the reason (the median is only a suggestion).

    A SOLL below the IST needs ``soll_below_confirmed`` (``check_target``).
    """
    permissions.require(permissions.can_set_consensus, actor, assessment_round.agenda)
    locked = _lock(assessment_round)
    if locked.status == RoundStatus.DRAFT:
        raise ValidationError(
            _("Die Bewertungsrunde ist noch nicht geöffnet; ein Konsens folgt auf die Bewertungen.")
        )
    _require_field_of_round(locked, field)
    errors: dict[str, str] = {}
    for name, label, value in (("ist", _("IST"), ist), ("soll", _("SOLL"), soll)):
        if value is None:
            errors[name] = _("Bitte wählen Sie die gemeinsame Stufe für %(label)s.") % {
                "label": label
            }
        else:
            _check_level(errors, name, label, value)
    check_target(errors, ist, soll, confirmed=soll_below_confirmed)
    rationale = (rationale or "").strip()
    if not rationale:
        errors["rationale"] = _(
            "Bitte begründen Sie den Konsens für „%(field)s“: Was gab den Ausschlag?"
        ) % {"field": field.name}
    elif len(rationale) > RATIONALE_MAX:
        errors["rationale"] = _("Die Begründung darf höchstens %(max)d Zeichen lang sein.") % {
            "max": RATIONALE_MAX
        }
    if errors:
        raise ValidationError(errors)
    assert ist is not None and soll is not None  # else an error above
    consensus, _created = Consensus.objects.update_or_create(
        round=locked,
        field=field,
        defaults={"ist": ist, "soll": soll, "rationale": rationale, "set_by": actor},
    )
    record_event(
        actor=actor,
        agenda=locked.agenda,
        action=AuditAction.CONSENSUS_SET,
        detail=f"{locked.title}: {field.key} {ist}/{soll}",
    )
    return consensus


@transaction.atomic
def start_follow_up_round(
    *,
    actor: User,
    assessment_round: AssessmentRound,
    fields: Iterable[MatrixField] | None = None,
    title: str = "",
    site_url: str = "",
) -> AssessmentRound:
    """A second round on the disputed fields only, open at once, with the same raters (who
    get their email after the commit)."""
    agenda = assessment_round.agenda
    permissions.require(permissions.can_manage_assessment, actor, agenda)
    locked = _lock(assessment_round)
    if locked.status == RoundStatus.DRAFT:
        raise ValidationError(
            _("Eine zweite Runde folgt auf eine Runde, in der schon bewertet wurde.")
        )
    running = locked.follow_ups.exclude(status=RoundStatus.CLOSED).first()
    if running is not None:
        raise ValidationError(
            _("Zu dieser Runde läuft bereits die zweite Runde „%(title)s“.")
            % {"title": running.title}
        )
    available = round_fields(locked)
    if fields is None:
        overview = consensus_overview(locked)
        fields = [row.field for row in overview.rows if row.disputed]
        if not fields:
            raise ValidationError(
                _(
                    "Kein Feld ist strittig (Spannweite von zwei Stufen oder mehr); eine zweite "
                    "Runde ist nicht nötig."
                )
            )
    fields = list({f.pk: f for f in fields}.values())
    if not fields:
        raise ValidationError(
            {"fields": _("Bitte wählen Sie mindestens ein Feld für die zweite Runde.")}
        )
    for matrix_field in fields:
        _require_field_of_round(locked, matrix_field, available)
    follow_up = AssessmentRound.objects.create(
        agenda=agenda,
        version_id=locked.version_id,
        kind=RoundKind.FOLLOW_UP,
        title=(title or "").strip()[:TITLE_MAX]
        or (_("Zweite Runde: %(title)s") % {"title": locked.title})[:TITLE_MAX],
        follows=locked,
        status=RoundStatus.OPEN,
        opened=timezone.now(),
        closes_on=None,
        created_by=actor,
        is_example=locked.is_example,
    )
    follow_up.fields.set(fields)
    RaterInvitation.objects.bulk_create(
        RaterInvitation(round=follow_up, user_id=user_id, perspective=perspective, invited_by=actor)
        for user_id, perspective in locked.invitations.values_list("user_id", "perspective")
    )
    notify_after_commit(
        invitation_ids=follow_up.invitations.values_list("pk", flat=True), site_url=site_url
    )
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.FOLLOW_UP_CREATED,
        detail=f"{follow_up.title}: {', '.join(f.key for f in fields)}",
    )
    return follow_up
