"""Benchmark of the consensus page: a round with 200 raters × 16 fields, and one with 20.

Run with `.venv/bin/python bench/matrix_consensus.py`. Like bench/run.py it uses a fresh SQLite
database in a temporary folder, or the database in DATABASE_URL when set (a scratch database).
Times are medians of 10 requests, quoted as a ratio to the /healthz request measured in the same
run, because the machine is small and noisy. The query count must be the same for 20 and for 200
raters: the overview reads all ratings of a round in one query and aggregates in Python.

The framework is the real "Smart-Region-Matrix Bayern" file, published with
``regioagenda.matrix.framework.publish_framework`` when that exists; otherwise the test framework
of tests/matrix_factories.build_framework (the same 16 field keys and shape).
"""

import random

from common import count_queries, healthz_baseline, median_seconds

# isort: split
from django.conf import settings
from django.core.management import call_command
from django.test import Client

REQUESTS = 10
FIELDS = 16


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def build_round(agenda, coordinator, version, raters, tag):
    """A closed round with ``raters`` invited members, each rating every field (bulk inserts)."""
    from regioagenda.accounts.models import Membership, Role, User
    from regioagenda.matrix.models import RaterInvitation, Rating
    from regioagenda.matrix.services import rounds

    rng = random.Random(raters)
    users = User.objects.bulk_create(
        User(email=f"rater-{tag}-{n}@bench.example", name=f"Rater {tag} {n:03d}", password="!")
        for n in range(raters)
    )
    Membership.objects.bulk_create(
        Membership(user=user, agenda=agenda, role=Role.EXPERT) for user in users
    )
    assessment_round = rounds.create_round(
        actor=coordinator, agenda=agenda, title=f"Runde mit {raters} Bewertenden", version=version
    )
    rounds.open_round(actor=coordinator, assessment_round=assessment_round)
    perspectives = ["Verwaltung", "Wirtschaft", "Wissenschaft", "Zivilgesellschaft"]
    invitations = RaterInvitation.objects.bulk_create(
        RaterInvitation(round=assessment_round, user=user, perspective=rng.choice(perspectives))
        for user in users
    )
    fields = list(version.fields.order_by("order"))
    ratings = []
    for invitation in invitations:
        for matrix_field in fields:
            if rng.random() < 0.05:
                ratings.append(Rating(invitation=invitation, field=matrix_field, skipped=True))
                continue
            ist = rng.choice([1, 1, 2, 2, 2, 3])
            ratings.append(
                Rating(
                    invitation=invitation,
                    field=matrix_field,
                    ist=ist,
                    soll=min(4, ist + rng.choice([0, 1, 1, 2])),
                    importance=rng.randint(1, 5),
                    confidence=rng.randint(1, 3),
                    evidence="Einschätzung aus der Praxis." if rng.random() < 0.3 else "",
                )
            )
    Rating.objects.bulk_create(ratings, batch_size=1000)
    rounds.close_round(actor=coordinator, assessment_round=assessment_round)
    assert len(ratings) == raters * FIELDS
    return assessment_round


def framework():
    """The published real framework, or the test framework when publishing is not available."""
    try:
        from regioagenda.matrix.framework import framework_files, publish_framework
    except ImportError:
        framework_files = publish_framework = None
    files = framework_files() if framework_files else []
    if files:
        version, _status = publish_framework(files[0])
        print(f"Framework: {version} ({files[0].name})")
        return version
    from tests.matrix_factories import build_framework

    print("Framework: tests/matrix_factories.build_framework (16 fields)")
    return build_framework(slug="bench-matrix")


def main():
    call_command("migrate", verbosity=0)
    settings.REGIOAGENDA_REQUIRE_STAFF_MFA = False

    from django.urls import reverse

    from regioagenda.accounts.models import Membership, Role, User
    from regioagenda.regions.models import Agenda, Programme, Region

    version = framework()
    programme = Programme.objects.create(name="Bench-Programm", slug="bench-programm")
    region = Region.objects.create(name="Landkreis Bench", level="kreis", kind="landkreis")
    agenda = Agenda.objects.create(
        programme=programme, region=region, title="Bench-Agenda", slug="bench", horizon_year=2030
    )
    coordinator = User.objects.create_user("koordination@bench.example", name="Koordination")
    moderator = User.objects.create_user("moderation@bench.example", name="Moderation")
    Membership.objects.create(user=coordinator, agenda=agenda, role=Role.COORDINATOR)
    Membership.objects.create(user=moderator, agenda=agenda, role=Role.MODERATOR)

    small = build_round(agenda, coordinator, version, 20, "s")
    large = build_round(agenda, coordinator, version, 200, "l")

    client = Client()
    client.force_login(moderator)
    base = healthz_baseline(client)
    print(f"Consensus page (median of {REQUESTS} requests, logged in as moderator)")
    print(f"  baseline: /healthz                 {base * 1000:8.2f} ms     1.0×   queries")
    for assessment_round, raters in ((small, 20), (large, 200)):
        url = reverse("matrix:consensus", args=[agenda.slug, assessment_round.pk])
        queries = count_queries(lambda url=url: get_ok(client, url))
        took = median_seconds(lambda url=url: client.get(url), REQUESTS)
        label = f"{raters} raters × {FIELDS} fields ({raters * FIELDS} ratings)"
        print(f"  {label:<34} {took * 1000:8.2f} ms {took / base:6.1f}×   {queries:5d}")


if __name__ == "__main__":
    main()
