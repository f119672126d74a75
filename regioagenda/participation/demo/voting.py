"""Demo (order 64): a finished dot vote of the projects step of Landkreis Beispielland.

About forty example voters from all sectors distribute their ten points over the demo ideas of
the projects step, with a few clear favourites; the coordinator has published the result. Does
nothing when there are no ideas in that step (the ideas loader runs before this one).

Idempotent: the voters are found by their example email addresses and their ballots replaced by
the same (seeded) allocation on every run.
"""

import random

from django.db import transaction

from regioagenda.accounts.models import Role, User
from regioagenda.actors.models import Sector
from regioagenda.participation.models import (
    Ballot,
    BallotPoint,
    Module,
    Participant,
    Phase,
    VoteRelease,
)
from regioagenda.participation.queries.voting import eligible_ideas

STEP = "projects"
VOTERS = 40
FIRST_NAMES = [
    "Anna", "Bernd", "Claudia", "Dieter", "Elif", "Franz", "Gabi", "Hans", "Ines", "Jonas",
    "Katrin", "Lukas", "Maria", "Niklas", "Olga", "Paul", "Quirin", "Rosa", "Sepp", "Theresa",
]  # fmt: skip
LAST_NAMES = ["Bauer", "Huber", "Maier", "Schmid", "Wagner", "Hofmann", "Yilmaz", "Schneider"]
# Sectors weighted roughly as a district's participation turns out: many citizens, few farmers.
SECTOR_WEIGHTS = {
    Sector.CITIZENS: 10,
    Sector.ECONOMY: 7,
    Sector.ADMINISTRATION: 6,
    Sector.EDUCATION: 6,
    Sector.CIVIL_SOCIETY: 5,
    Sector.HEALTH_SOCIAL: 3,
    Sector.SCIENCE: 1,
    Sector.AGRICULTURE: 1,
    Sector.CULTURE_MEDIA: 1,
}


def voters(agenda, count=VOTERS):
    """The example voters of the demo agenda (created once), each with a sector."""
    from regioagenda.regions.demo import _user

    rng = random.Random(6401)
    sectors = list(SECTOR_WEIGHTS)
    weights = list(SECTOR_WEIGHTS.values())
    people = []
    for number in range(1, count + 1):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        sector = rng.choices(sectors, weights)[0]
        user = _user(f"stimme-{number:02d}", name)
        Participant.objects.get_or_create(agenda=agenda, user=user, defaults={"sector": sector})
        people.append(user)
    return people


@transaction.atomic
def load(context):
    agenda = context["agenda"]
    ideas = list(eligible_ideas(agenda, STEP).order_by("pk"))
    if not ideas:
        return
    phase, _created = Phase.objects.get_or_create(agenda=agenda, step=STEP)
    if not phase.enables(Module.PRIORITISATION):
        phase.modules = [*(phase.modules or []), Module.PRIORITISATION.value]
        phase.save(update_fields=["modules", "updated"])
    limit = phase.vote_points
    rng = random.Random(6402)
    # A few favourites: an idea's appeal falls off with its rank in a shuffled order.
    order = ideas[:]
    rng.shuffle(order)
    appeal = [1 / (rank + 1) ** 0.9 for rank in range(len(order))]
    people = voters(agenda)
    Ballot.objects.filter(agenda=agenda, step=STEP, user__in=people).delete()
    for user in people:
        chosen: dict[int, int] = {}
        for _point in range(limit):
            idea = rng.choices(order, appeal)[0]
            chosen[idea.pk] = chosen.get(idea.pk, 0) + 1
        ballot = Ballot.objects.create(agenda=agenda, step=STEP, user=user, points_used=limit)
        BallotPoint.objects.bulk_create(
            BallotPoint(ballot=ballot, idea_id=idea_id, points=points)
            for idea_id, points in sorted(chosen.items())
        )
    coordinator = context.get("users", {}).get(Role.COORDINATOR)
    VoteRelease.objects.get_or_create(
        agenda=agenda,
        step=STEP,
        defaults={"published_by": coordinator if isinstance(coordinator, User) else None},
    )
    context["demo_voters"] = people
