"""Write paths of dot voting: giving points, releasing results early, moving points at a merge.

A person's ballot for a step is one row; giving points locks it (``select_for_update``) and
replaces the whole allocation in one transaction, so parallel requests of one person are
serialised and never together exceed the step's points. ``Ballot.points_used`` is the sum of
its ``BallotPoint`` rows, always.

Targets are ideas today. A later "project" target gets its own nullable foreign key on
``BallotPoint`` (with a check constraint "exactly one target") and its own branch in
``eligible_targets``/``cast_ballot``; ballots, limits, locking and results stay as they are.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.core import permissions
from regioagenda.participation.guards import check_rate
from regioagenda.participation.models import Ballot, BallotPoint, Idea, Module, Phase, VoteRelease
from regioagenda.participation.queries.voting import eligible_ideas, voting_window
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda


def _ballot_for_update(agenda: Agenda, step: str, user: User) -> Ballot:
    """The person's ballot, locked; created on first use. Two first requests racing: the loser
    of the insert reads the winner's row and waits for its lock."""
    try:
        with transaction.atomic():
            ballot, _created = Ballot.objects.get_or_create(agenda=agenda, step=step, user=user)
    except IntegrityError:
        pass
    return Ballot.objects.select_for_update().get(agenda=agenda, step=step, user=user)


def cast_ballot(
    *,
    actor: User,
    agenda: Agenda,
    step: str,
    allocation: Mapping[int, int],
    address: str = "",
) -> Ballot:
    """Replace the actor's points in ``step`` with ``allocation`` (``{idea id: points}``; zero
    removes an idea). Refuses — storing nothing — a person who may not contribute, a closed
    vote, negative points, ideas that are not open for points in this step and agenda, and a
    total above the step's points. Returns the ballot."""
    permissions.require(permissions.can_contribute, actor, agenda)
    window = voting_window(agenda, step)
    if not window.is_open or window.phase is None:
        raise ValidationError(window.reason)
    limit = window.phase.vote_points
    wanted: dict[int, int] = {}
    for idea_id, points in allocation.items():
        if not isinstance(points, int) or isinstance(points, bool) or points < 0:
            raise ValidationError(_("Punkte sind ganze Zahlen ab 0."))
        if points:
            wanted[int(idea_id)] = points
    total = sum(wanted.values())
    if total > limit:
        raise ValidationError(
            _(
                "Sie haben %(total)s Punkte verteilt, zur Verfügung stehen %(limit)s. Bitte "
                "nehmen Sie %(over)s Punkte zurück."
            )
            % {"total": total, "limit": limit, "over": total - limit}
        )
    if wanted:
        valid = set(eligible_ideas(agenda, step).filter(pk__in=wanted).values_list("pk", flat=True))
        if valid != set(wanted):
            raise ValidationError(
                _(
                    "Einige Ideen stehen in diesem Schritt nicht (mehr) zur Wahl. Bitte laden Sie "
                    "die Seite neu."
                )
            )
    check_rate(kind="vote", user_id=actor.pk, address=address)
    with transaction.atomic():
        ballot = _ballot_for_update(agenda, step, actor)
        BallotPoint.objects.filter(ballot=ballot).delete()
        BallotPoint.objects.bulk_create(
            BallotPoint(ballot=ballot, idea_id=idea_id, points=points)
            for idea_id, points in sorted(wanted.items())
        )
        ballot.points_used = total
        ballot.save(update_fields=["points_used", "updated"])
        record_event(
            actor=actor,
            agenda=agenda,
            action=AuditAction.BALLOT_CAST,
            detail=_("%(points)s von %(limit)s Punkten im Schritt %(step)s")
            % {"points": total, "limit": limit, "step": window.phase.get_step_display()},
        )
    return ballot


def publish_results(*, actor: User, agenda: Agenda, step: str, publish: bool = True) -> bool:
    """Release a step's results before the vote ends (``publish=False`` withdraws the early
    release). Returns whether they are released early now."""
    permissions.require(permissions.can_publish_vote_results, actor, agenda)
    phase = Phase.objects.filter(agenda=agenda, step=step).first()
    if phase is None or not phase.enables(Module.PRIORITISATION):
        raise ValidationError(_("In diesem Schritt gibt es keine Priorisierung."))
    with transaction.atomic():
        if publish:
            _release, created = VoteRelease.objects.get_or_create(
                agenda=agenda, step=step, defaults={"published_by": actor}
            )
        else:
            created = bool(VoteRelease.objects.filter(agenda=agenda, step=step).delete()[0])
        if created:
            record_event(
                actor=actor,
                agenda=agenda,
                action=AuditAction.VOTE_RESULTS_PUBLISHED,
                detail=(
                    _("Ergebnis veröffentlicht: %(step)s")
                    if publish
                    else _("Vorzeitige Veröffentlichung zurückgenommen: %(step)s")
                )
                % {"step": phase.get_step_display()},
            )
    return publish


def move_points(source_idea: Idea, target_idea: Idea) -> int:
    """Move the points given to ``source_idea`` onto ``target_idea`` (the merge of duplicates
    calls this inside its own transaction, permission check and audit).

    A person who gave points to both keeps the sum on the target; nobody's ``points_used``
    changes, so nothing is counted twice. Returns how many points moved."""
    if source_idea.pk == target_idea.pk:
        return 0
    if source_idea.agenda_id != target_idea.agenda_id:
        raise ValidationError(_("Ideen verschiedener Agenden lassen sich nicht zusammenführen."))
    moved = 0
    with transaction.atomic():
        rows = list(
            BallotPoint.objects.select_for_update()
            .filter(idea=source_idea)
            .values_list("pk", "ballot_id", "points")
        )
        on_target = dict(
            BallotPoint.objects.select_for_update()
            .filter(idea=target_idea, ballot_id__in=[ballot for _pk, ballot, _p in rows])
            .values_list("ballot_id", "pk")
        )
        for pk, ballot_id, points in rows:
            moved += points
            if ballot_id in on_target:
                BallotPoint.objects.filter(pk=on_target[ballot_id]).update(
                    points=F("points") + points
                )
                BallotPoint.objects.filter(pk=pk).delete()
            else:
                BallotPoint.objects.filter(pk=pk).update(idea=target_idea)
    return moved
