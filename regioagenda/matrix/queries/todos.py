"""The matrix's to-dos on "Mein Bereich" (registered in ``matrix.sections``).

For raters: the open rounds they are invited to and have not finished ("Bewerten"). For the
coordination: rounds in preparation and running rounds (to close), the public self-assessment's
state; for whoever sets the consensus: closed rounds with fields still without consensus.

Four queries whatever the number of agendas and rounds: the rater's invitations, the staff
agendas' rounds with their counts, and the number of fields per round (subsets, versions); the
last three are agenda-wide and kept per data version (``core.pagecache.per_version``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regioagenda.accounts.models import User
from regioagenda.core import pagecache, permissions
from regioagenda.core.permissions import Person
from regioagenda.core.permissions.roles import signed_in
from regioagenda.core.registry import Todo
from regioagenda.matrix.models import (
    AssessmentRound,
    Consensus,
    MatrixField,
    RaterInvitation,
)
from regioagenda.matrix.queries import rounds as rounds_queries
from regioagenda.regions.models import Agenda

# A field counts as done when rated or marked "kann ich nicht beurteilen" (Rating.is_complete).
_COMPLETE = rounds_queries._complete


def _count(queryset: QuerySet, column: str = "round") -> Subquery:
    """``COUNT(*)`` of ``queryset``'s rows per ``column`` = the outer round, as a subquery."""
    return Subquery(
        queryset.filter(**{column: OuterRef("pk")})
        .values(column)
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def _field_totals(rounds: Iterable[AssessmentRound]) -> dict[int, int]:
    """How many fields each round asks for: its subset, else all of its version (two queries)."""
    rounds = list(rounds)
    if not rounds:
        return {}
    subsets: dict[int, int] = {
        row["assessmentround_id"]: row["n"]
        for row in AssessmentRound.fields.through.objects.filter(
            assessmentround_id__in=[r.pk for r in rounds]
        )
        .values("assessmentround_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    versions: dict[int, int] = {
        row["version_id"]: row["n"]
        for row in MatrixField.objects.filter(version_id__in={r.version_id for r in rounds})
        .values("version_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return {r.pk: subsets.get(r.pk) or versions.get(r.version_id, 0) for r in rounds}


def _round_url(name: str, agenda: Agenda, assessment_round: AssessmentRound) -> str:
    return reverse(f"matrix:{name}", args=[agenda.slug, assessment_round.pk])


def _until(assessment_round: AssessmentRound) -> str:
    if assessment_round.closes_on is None:
        return ""
    return _("bis %(date)s") % {
        "date": formats.date_format(assessment_round.closes_on, "SHORT_DATE_FORMAT")
    }


def _rater_todos(
    user: User, agendas: dict[int, Agenda], totals_for: list[AssessmentRound]
) -> list[tuple[RaterInvitation, AssessmentRound]]:
    """The user's unfinished invitations to open rounds of ``agendas`` (one query).

    ``permissions.rating_invitations_filter`` is ``can_rate`` for many rounds at once; the
    rating page also asks ``can_view_agenda``, which members of the agenda pass.
    """
    invitations = (
        RaterInvitation.objects.filter(
            permissions.rating_invitations_filter(user),
            submitted__isnull=True,
            round__agenda_id__in=list(agendas),
        )
        .select_related("round")
        .annotate(done=Count("ratings", filter=_COMPLETE))
        .order_by("round__closes_on", "round__title", "pk")
    )
    pairs: list[tuple[RaterInvitation, AssessmentRound]] = []
    for invitation in invitations:
        assessment_round = invitation.round
        assessment_round.agenda = agendas[assessment_round.agenda_id]
        totals_for.append(assessment_round)
        pairs.append((invitation, assessment_round))
    return pairs


def _staff_rounds(agendas: dict[int, Agenda]) -> list[AssessmentRound]:
    """The rounds of ``agendas`` with their counts of raters and consensus (one query)."""
    if not agendas:
        return []
    rounds: list[AssessmentRound] = list(
        AssessmentRound.objects.filter(agenda_id__in=list(agendas))
        .annotate(
            invited=Coalesce(_count(RaterInvitation.objects.all()), 0),
            finished=Coalesce(_count(RaterInvitation.objects.filter(submitted__isnull=False)), 0),
            agreed=Coalesce(_count(Consensus.objects.all()), 0),
        )
        .order_by("agenda_id", "-created", "-pk")
    )
    for assessment_round in rounds:
        assessment_round.agenda = agendas[assessment_round.agenda_id]
    return rounds


def _staff_summary(
    managed: dict[int, Agenda], counted: list[AssessmentRound]
) -> tuple[list[AssessmentRound], dict[int, int]]:
    """The staff agendas' rounds with their counts, and the number of fields of those rounds and
    of ``counted`` (the rater's rounds): three queries, or none once per data version.

    Both depend on the rounds' data only, never on who asks — the key names what decides the
    content (the staff agendas and the rater's rounds); who may see which to-do is decided by
    the caller's permission checks.
    """

    def compute() -> tuple[list[AssessmentRound], dict[int, int]]:
        rounds = _staff_rounds(managed)
        for assessment_round in rounds:  # kept without the agenda; attached again below
            assessment_round._state.fields_cache.pop("agenda", None)
        return rounds, _field_totals([*counted, *(r for r in rounds if r.is_closed)])

    rounds, totals = pagecache.per_version(
        "matrix-todos-staff",
        ",".join(map(str, sorted(managed))),
        ",".join(map(str, sorted(r.pk for r in counted))),
        compute=compute,
    )
    for assessment_round in rounds:
        assessment_round.agenda = managed[assessment_round.agenda_id]
    return rounds, totals


def _manager_todos(assessment_round: AssessmentRound, today: datetime.date) -> list[Todo]:
    agenda = assessment_round.agenda
    title = {"title": assessment_round.title}
    url = _round_url("round_detail", agenda, assessment_round)
    invited: int = getattr(assessment_round, "invited", 0)
    finished: int = getattr(assessment_round, "finished", 0)
    todos = []
    if assessment_round.is_draft:
        todos.append(
            Todo(
                agenda=agenda,
                title=_("Bewertungsrunde vorbereiten und öffnen: „%(title)s“") % title,
                detail=ngettext(
                    "%(n)d Person eingeladen; die Runde ist noch nicht geöffnet.",
                    "%(n)d Personen eingeladen; die Runde ist noch nicht geöffnet.",
                    invited,
                )
                % {"n": invited},
                url=url,
                priority=40,
                count=invited,
            )
        )
    elif assessment_round.is_open:
        overdue = assessment_round.closes_on is not None and assessment_round.closes_on < today
        complete = invited > 0 and finished == invited
        detail = ngettext(
            "%(done)d von %(n)d Bewertung abgeschlossen.",
            "%(done)d von %(n)d Bewertungen abgeschlossen.",
            invited,
        ) % {"done": finished, "n": invited}
        if until := _until(assessment_round):
            detail = f"{detail} {_('Bewertung %(until)s.') % {'until': until}}"
        todos.append(
            Todo(
                agenda=agenda,
                title=(
                    _("Bewertungsrunde abschließen: „%(title)s“")
                    if overdue or complete
                    else _("Bewertungsrunde läuft: „%(title)s“")
                )
                % title,
                detail=detail,
                url=url,
                kind=Todo.ACTION if overdue or complete else Todo.INFO,
                priority=20,
                count=invited - finished,
            )
        )
    return todos


def _consensus_todo(assessment_round: AssessmentRound, total: int) -> Todo | None:
    agreed: int = getattr(assessment_round, "agreed", 0)
    missing = total - agreed
    if not assessment_round.is_closed or missing <= 0:
        return None
    agenda = assessment_round.agenda
    return Todo(
        agenda=agenda,
        title=_("Konsens festlegen: „%(title)s“") % {"title": assessment_round.title},
        detail=ngettext(
            "%(n)d von %(total)d Handlungsfeld noch ohne Konsens.",
            "%(n)d von %(total)d Handlungsfeldern noch ohne Konsens.",
            total,
        )
        % {"n": missing, "total": total},
        url=_round_url("consensus", agenda, assessment_round),
        priority=30,
        count=missing,
    )


def todos(user: Person, agendas: Sequence[Agenda]) -> list[Todo]:
    """The matrix's to-dos of ``user`` in ``agendas`` (at most four queries)."""
    person = signed_in(user)
    if person is None or not agendas:
        return []
    by_id = {agenda.pk: agenda for agenda in agendas}
    managed = {
        pk: agenda
        for pk, agenda in by_id.items()
        if permissions.can_manage_assessment(person, agenda)
        or permissions.can_set_consensus(person, agenda)
    }
    counted: list[AssessmentRound] = []
    pairs = _rater_todos(person, by_id, counted)
    rounds, totals = _staff_summary(managed, counted)

    out: list[Todo] = []
    for invitation, assessment_round in pairs:
        agenda = assessment_round.agenda
        done: int = getattr(invitation, "done", 0)
        total = totals.get(assessment_round.pk, 0)
        detail = ngettext(
            "%(done)d von %(total)d Handlungsfeld bewertet.",
            "%(done)d von %(total)d Handlungsfeldern bewertet.",
            total,
        ) % {"done": done, "total": total}
        if until := _until(assessment_round):
            detail = f"{detail} {_('Bewertung %(until)s.') % {'until': until}}"
        out.append(
            Todo(
                agenda=agenda,
                title=_("Bewerten: „%(title)s“") % {"title": assessment_round.title},
                detail=detail,
                url=_round_url("rate", agenda, assessment_round),
                priority=10,
                count=total - done,
            )
        )
    today = timezone.localdate()
    for assessment_round in rounds:
        agenda = assessment_round.agenda
        if permissions.can_manage_assessment(person, agenda):
            out.extend(_manager_todos(assessment_round, today))
        if permissions.can_set_consensus(person, agenda):
            consensus = _consensus_todo(assessment_round, totals.get(assessment_round.pk, 0))
            if consensus is not None:
                out.append(consensus)
    return out
