"""Read paths of assessment rounds, the rating form and the workshop's consensus page.

Every function here costs a fixed number of queries, however many raters a round has: the
consensus overview reads all ratings of a round in one ``values()`` query and aggregates in
Python (200 raters × 16 fields are 3,200 small rows).

Statistics of the consensus overview, per field and for IST and SOLL separately:

- ``n``: raters who gave levels; raters who chose "kann ich nicht beurteilen" count as ``skipped``
  and are left out of every statistic.
- ``median``: the middle value (the mean of the two middle values for an even count, so it may
  be x.5); the suggestion for the consensus form rounds it half up to a whole level.
- ``spread``: max − min. A field is ``disputed`` ("Diskussion nötig") when the IST or the SOLL
  spread is two levels or more.
- ``iqr``: interquartile range (inclusive quartiles), robust against a single outlier.
- ``outliers``: ratings more than 1.5 levels away from the median; with whole levels that is two
  levels or more (e.g. 0 or 4 when the median is 2).

Draft ratings count as soon as they are saved: the workshop often starts before every rater has
pressed "abschließen"; the page shows how many have finished.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from regioagenda.accounts.models import Membership, Role, User
from regioagenda.core import permissions
from regioagenda.core.permissions import Answer, Person
from regioagenda.core.registry import RaterCandidate, rater_candidates
from regioagenda.matrix.models import (
    LEVEL_MAX,
    LEVEL_MIN,
    AssessmentRound,
    Consensus,
    MatrixField,
    PendingRaterInvitation,
    RaterInvitation,
    Rating,
    RoundStatus,
)
from regioagenda.regions.models import Agenda
from regioagenda.regions.queries import agenda_for

LEVELS = range(LEVEL_MIN, LEVEL_MAX + 1)
DISPUTE_SPREAD = 2
OUTLIER_DISTANCE = 1.5


def round_for(
    user: Person,
    slug: str,
    round_id: int,
    *,
    check: Callable[[Person, Agenda], Answer] = permissions.can_view_agenda,
) -> AssessmentRound:
    """The round ``round_id`` of the agenda ``slug``; 404 when it belongs to another agenda."""
    agenda = agenda_for(user, slug, check=check)
    assessment_round = (
        AssessmentRound.objects.select_related("version", "follows")
        .filter(agenda=agenda, pk=round_id)
        .first()
    )
    if assessment_round is None:
        raise Http404(_("Diese Bewertungsrunde gibt es in dieser Agenda nicht."))
    assessment_round.agenda = agenda
    return assessment_round


def round_fields(assessment_round: AssessmentRound) -> list[MatrixField]:
    """The fields a round asks for, in framework order (two queries)."""
    fields = MatrixField.objects.filter(version_id=assessment_round.version_id)
    subset = list(assessment_round.fields.values_list("pk", flat=True))
    if subset:
        fields = fields.filter(pk__in=subset)
    return list(fields.order_by("order"))


_complete = Q(ratings__skipped=True) | Q(ratings__ist__isnull=False, ratings__soll__isnull=False)


def round_list(agenda: Agenda, user: User) -> list[AssessmentRound]:
    mine = RaterInvitation.objects.filter(round=OuterRef("pk"), user=user)
    return list(
        AssessmentRound.objects.filter(agenda=agenda)
        .select_related("version", "follows")
        .annotate(
            invited=Count("invitations", distinct=True),
            submitted=Count(
                "invitations", filter=Q(invitations__submitted__isnull=False), distinct=True
            ),
            field_count=Count("fields", distinct=True),
            is_mine=Exists(mine),
        )
        .order_by("-created")
    )


def agenda_members(agenda_id: int) -> QuerySet[User]:
    """Everyone with a role in the agenda, once each: who may be invited to rate."""
    return User.objects.filter(memberships__agenda_id=agenda_id).distinct()


def member_ids(agenda_id: int, users: Iterable[User]) -> set[int]:
    """The ids of those ``users`` who hold a role in the agenda (one query)."""
    return set(
        Membership.objects.filter(agenda_id=agenda_id, user__in=list(users)).values_list(
            "user_id", flat=True
        )
    )


def members_by_email(agenda_id: int, emails: Iterable[str]) -> dict[str, User]:
    """The agenda's members whose account has one of ``emails``, by lower-cased address."""
    wanted = {email.strip().lower() for email in emails if email.strip()}
    if not wanted:
        return {}
    found = User.objects.filter(memberships__agenda_id=agenda_id).distinct()
    query = Q()
    for email in wanted:
        query |= Q(email__iexact=email)
    return {user.email.lower(): user for user in found.filter(query)}


def invite_candidates(members: Iterable[MemberChoice], agenda: Agenda) -> list[RaterCandidate]:
    """The people other parts offer for rating (``core.registry.rater_candidates``: the actor
    register) who are not members already (by email address)."""
    taken = {(m.user.email or "").strip().lower() for m in members}
    return [c for c in rater_candidates.for_agenda(agenda) if c.email.strip().lower() not in taken]


def invited_ids(assessment_round: AssessmentRound, users: Iterable[User]) -> set[int]:
    """The ids of those ``users`` already invited to the round (one query)."""
    return set(
        RaterInvitation.objects.filter(round=assessment_round, user__in=list(users)).values_list(
            "user_id", flat=True
        )
    )


def get_invitation(assessment_round: AssessmentRound, invitation_id: int) -> RaterInvitation:
    """An invitation of this round with its user; 404 for another round's invitation."""
    invitation = (
        RaterInvitation.objects.select_related("user")
        .filter(round=assessment_round, pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404(_("Diese Einladung gibt es in dieser Bewertungsrunde nicht."))
    invitation.round = assessment_round
    return invitation


def version_field(assessment_round: AssessmentRound, key: str) -> MatrixField | None:
    """The field ``key`` of the round's framework version, else None."""
    return MatrixField.objects.filter(version_id=assessment_round.version_id, key=key).first()


def field_choices(fields: Iterable[MatrixField]) -> QuerySet[MatrixField]:
    """``fields`` as a queryset, for the form that picks the fields of a second round."""
    return MatrixField.objects.filter(pk__in=[f.pk for f in fields])


@dataclass
class MemberChoice:
    user: User
    roles: list[StrOrPromise]
    invited: bool


class RoundDetail(TypedDict):
    fields: list[MatrixField]
    invitations: Sequence[RaterInvitation]  # each annotated with ``done``
    pending: list[PendingRaterInvitation]  # not members yet, waiting until they join
    submitted: int
    members: list[MemberChoice]
    my_invitation: RaterInvitation | None
    follow_ups: list[AssessmentRound]


def round_detail(assessment_round: AssessmentRound, user: User) -> RoundDetail:
    """Invitations with each rater's progress, the fields, follow-ups, and who can be invited."""
    fields = round_fields(assessment_round)
    invitations = list(
        assessment_round.invitations.select_related("user")
        .annotate(done=Count("ratings", filter=_complete))
        .order_by("user__name", "user__email")
    )
    invited_ids = {inv.user_id for inv in invitations}
    members: dict[int, MemberChoice] = {}
    roles: dict[int, list[str]] = {}
    for membership in (
        Membership.objects.filter(agenda_id=assessment_round.agenda_id)
        .select_related("user")
        .order_by("user__name", "user__email")
    ):
        members.setdefault(
            membership.user_id,
            MemberChoice(user=membership.user, roles=[], invited=membership.user_id in invited_ids),
        )
        roles.setdefault(membership.user_id, []).append(membership.role)
    for user_id, entry in members.items():
        entry.roles = [Role(r).label for r in sorted(roles[user_id], key=Role.values.index)]
    mine = next((inv for inv in invitations if inv.user_id == user.pk), None)
    return {
        "fields": fields,
        "invitations": invitations,
        "pending": list(assessment_round.pending_invitations.order_by("name", "email")),
        "submitted": sum(1 for inv in invitations if inv.submitted),
        "members": list(members.values()),
        "my_invitation": mine,
        "follow_ups": list(assessment_round.follow_ups.order_by("created")),
    }


# The rating form -------------------------------------------------------------------------------


@dataclass
class FieldStep:
    field: MatrixField
    rating: Rating | None

    @property
    def done(self) -> bool:
        return self.rating is not None and self.rating.is_complete


@dataclass
class RatingState:
    steps: list[FieldStep]
    invitation: RaterInvitation

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def done(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    def get(self, key: str) -> FieldStep | None:
        return next((step for step in self.steps if step.field.key == key), None)

    def first_open(self) -> FieldStep | None:
        return next((step for step in self.steps if not step.done), None)

    def position(self, key: str) -> int:
        return next(i for i, step in enumerate(self.steps, start=1) if step.field.key == key)

    def after(self, key: str) -> FieldStep | None:
        """Where "Speichern und weiter" leads: the next open field, else the next in order."""
        index = self.position(key)
        rest = self.steps[index:] + self.steps[: index - 1]
        open_step = next((step for step in rest if not step.done), None)
        if open_step is not None:
            return open_step
        return self.steps[index] if index < len(self.steps) else None


def invitation_of(assessment_round: AssessmentRound, user: User) -> RaterInvitation | None:
    return RaterInvitation.objects.filter(round=assessment_round, user=user).first()


def missing_fields(
    assessment_round: AssessmentRound, invitation: RaterInvitation
) -> list[MatrixField]:
    """The fields of the round the rater has neither rated (IST and SOLL) nor skipped."""
    done = {
        rating.field_id
        for rating in Rating.objects.filter(invitation=invitation).only(
            "field_id", "ist", "soll", "skipped"
        )
        if rating.is_complete
    }
    return [f for f in round_fields(assessment_round) if f.pk not in done]


def rating_form_state(
    assessment_round: AssessmentRound, invitation: RaterInvitation
) -> RatingState:
    """The round's fields in order, each with the rater's saved rating (three queries)."""
    ratings = {rating.field_id: rating for rating in Rating.objects.filter(invitation=invitation)}
    steps = [FieldStep(f, ratings.get(f.pk)) for f in round_fields(assessment_round)]
    return RatingState(steps=steps, invitation=invitation)


def rating_step(state: RatingState, key: str = "", *, summary: bool = False) -> FieldStep | None:
    """The step the rating page shows, or None for the summary ("abschließen").

    A named field wins (404 when the round does not ask for it); without one the summary when
    it is asked for or every field is done, else the first field still open.
    """
    if key:
        step = state.get(key)
        if step is None:
            raise Http404(
                _("Das Handlungsfeld „%(key)s“ gehört nicht zu dieser Bewertungsrunde.")
                % {"key": key}
            )
        return step
    if summary or state.complete:
        return None
    return state.first_open()


# The consensus overview ------------------------------------------------------------------------


def round_half_up(value: float | None) -> int | None:
    return None if value is None else int(math.floor(value + 0.5))


@dataclass
class Bar:
    level: int
    count: int
    height: int
    y: int
    x: int


@dataclass
class LevelStats:
    """IST or SOLL of one field: the values of every rater who gave levels."""

    values: list[int]
    labels: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def suggestion(self) -> int | None:
        return round_half_up(self.median)

    @property
    def spread(self) -> int | None:
        return max(self.values) - min(self.values) if self.values else None

    @property
    def iqr(self) -> float | None:
        if len(self.values) < 2:
            return 0 if self.values else None
        q1, _q2, q3 = statistics.quantiles(self.values, n=4, method="inclusive")
        return q3 - q1

    @property
    def distribution(self) -> list[int]:
        counts = dict.fromkeys(LEVELS, 0)
        for value in self.values:
            counts[value] += 1
        return [counts[level] for level in LEVELS]

    @property
    def outliers(self) -> list[tuple[int, str]]:
        """(value, rater) for each rating more than 1.5 levels from the median."""
        median = self.median
        if median is None:
            return []
        return sorted(
            (
                (value, label)
                for value, label in zip(self.values, self.labels, strict=False)
                if abs(value - median) > OUTLIER_DISTANCE
            ),
            key=lambda pair: (pair[0], str(pair[1])),
        )

    def bars(self, height: int = 24, width: int = 10, gap: int = 2) -> list[Bar]:
        """Bar geometry for the small SVG histogram (presentation attributes, no inline CSS)."""
        top = max(self.distribution) or 1
        result = []
        for index, count in enumerate(self.distribution):
            bar_height = round(height * count / top) if count else 0
            result.append(
                Bar(
                    level=LEVEL_MIN + index,
                    count=count,
                    height=bar_height,
                    y=height - bar_height,
                    x=index * (width + gap),
                )
            )
        return result


@dataclass
class RaterEntry:
    name: str
    perspective: str
    ist: int | None
    soll: int | None
    importance: int | None
    confidence: int | None
    skipped: bool
    evidence: str
    evidence_url: str
    submitted: bool

    @property
    def summary(self) -> str:
        """One line per rater; built here because 3,200 of them are too slow as template tags."""
        if self.skipped:
            parts = [_("kann ich nicht beurteilen")]
        else:
            parts = [_("IST %(ist)s, SOLL %(soll)s") % {"ist": self.ist, "soll": self.soll}]
        if self.importance:
            parts.append(_("Wichtigkeit %(n)s") % {"n": self.importance})
        if self.confidence:
            parts.append(_("Sicherheit %(n)s/3") % {"n": self.confidence})
        text = ", ".join(parts)
        return text if self.submitted else _("%(rating)s – Entwurf") % {"rating": text}


@dataclass
class ConsensusRow:
    field: MatrixField
    ist: LevelStats
    soll: LevelStats
    skipped: int = 0
    # ``dataclasses.field``: the name ``field`` is this class's matrix field.
    importances: list[int] = dataclasses.field(default_factory=list)
    raters: list[RaterEntry] = dataclasses.field(default_factory=list)
    consensus: Consensus | None = None

    @property
    def n(self) -> int:
        """Raters who gave levels (IST and SOLL are given together)."""
        return self.ist.n

    @property
    def mean_importance(self) -> float | None:
        return statistics.fmean(self.importances) if self.importances else None

    @property
    def disputed(self) -> bool:
        return any(
            stats.spread is not None and stats.spread >= DISPUTE_SPREAD
            for stats in (self.ist, self.soll)
        )

    @property
    def suggested_ist(self) -> int | None:
        return self.consensus.ist if self.consensus else self.ist.suggestion

    @property
    def suggested_soll(self) -> int | None:
        return self.consensus.soll if self.consensus else self.soll.suggestion


@dataclass
class ConsensusOverview:
    round: AssessmentRound
    rows: list[ConsensusRow]
    invited: int
    submitted: int

    @property
    def disputed(self) -> list[ConsensusRow]:
        return [row for row in self.rows if row.disputed]

    @property
    def agreed(self) -> int:
        return sum(1 for row in self.rows if row.consensus is not None)

    def row(self, key: str) -> ConsensusRow | None:
        return next((row for row in self.rows if row.field.key == key), None)


def consensus_overview(assessment_round: AssessmentRound) -> ConsensusOverview:
    """Per field: raters, median, spread, IQR, distribution, outliers, importance, consensus.

    Five queries whatever the number of raters: the field subset, the fields, the ratings (one
    ``values()`` query), the invitation counts and the consensus rows.
    """
    rows = {
        f.pk: ConsensusRow(field=f, ist=LevelStats([]), soll=LevelStats([]))
        for f in round_fields(assessment_round)
    }
    ratings = (
        Rating.objects.filter(invitation__round=assessment_round, field_id__in=list(rows))
        .order_by("invitation__user__name", "invitation__user__email", "invitation_id")
        .values_list(
            "field_id",
            "ist",
            "soll",
            "importance",
            "confidence",
            "skipped",
            "evidence",
            "evidence_url",
            "invitation__perspective",
            "invitation__submitted",
            "invitation__user__name",
            "invitation__user__email",
        )
    )
    for (
        field_id,
        ist,
        soll,
        importance,
        confidence,
        skipped,
        evidence,
        evidence_url,
        perspective,
        submitted,
        name,
        email,
    ) in ratings:
        row = rows[field_id]
        label = name or email
        row.raters.append(
            RaterEntry(
                name=label,
                perspective=perspective,
                ist=ist,
                soll=soll,
                importance=importance,
                confidence=confidence,
                skipped=skipped,
                evidence=evidence,
                evidence_url=evidence_url,
                submitted=submitted is not None,
            )
        )
        if skipped:
            row.skipped += 1
        if ist is not None:
            row.ist.values.append(ist)
            row.ist.labels.append(label)
        if soll is not None:
            row.soll.values.append(soll)
            row.soll.labels.append(label)
        if importance is not None:
            row.importances.append(importance)
    counts = assessment_round.invitations.aggregate(
        invited=Count("id"), submitted=Count("id", filter=Q(submitted__isnull=False))
    )
    agreed = Consensus.objects.filter(round=assessment_round, field_id__in=list(rows))
    for consensus in agreed.select_related("set_by"):
        rows[consensus.field_id].consensus = consensus
    return ConsensusOverview(
        round=assessment_round,
        rows=list(rows.values()),
        invited=counts["invited"],
        submitted=counts["submitted"],
    )


def running_follow_up(assessment_round: AssessmentRound) -> AssessmentRound | None:
    return assessment_round.follow_ups.exclude(status=RoundStatus.CLOSED).first()
