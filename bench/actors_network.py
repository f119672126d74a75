"""Benchmark of the actors' network page: 500 actors and 200 activities.

Run with `.venv/bin/python bench/actors_network.py`. Builds, in a fresh SQLite database in a
temporary folder (or the scratch database in DATABASE_URL):

- a public agenda with 250 organisations across all sectors and 250 people (each with an
  organisation; 60 % published with consent, the rest internal), 8 bodies with 90 current
  members, and 200 activities (each with a responsible organisation, 0–4 partners, a field or
  two, a body for a third of them), 20 of them recorded by a neighbour agenda and linked;
- a small agenda with 5 actors, to compare query counts.

Prints the time of each stage (loading the graph, betweenness and components, layout, SVG)
and the page through the Django test client, cold (drawing computed) and warm (drawing from
the cache), as ratios to the /healthz request measured in the same run, plus query counts.
"""

import random
import time

from common import active_framework, count_queries, healthz_baseline, median_seconds

# isort: split
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from regioagenda.accounts.models import Membership, Role, User
from regioagenda.actors.models import (
    Activity,
    ActivityField,
    ActivityKind,
    ActivityLink,
    ActivityScope,
    Body,
    BodyKind,
    BodyMember,
    ConsentPurpose,
    ConsentRecord,
    Organisation,
    OrganisationField,
    Person,
    PersonField,
    Sector,
)
from regioagenda.actors.network import analysis as network_analysis
from regioagenda.actors.network.layout import layout
from regioagenda.actors.network.render import render_svg
from regioagenda.actors.queries import network as network_queries
from regioagenda.regions.models import Agenda, Programme, Region

ORGANISATIONS = 250
PEOPLE = 250
ACTIVITIES = 200
LINKED = 20


def field_keys():
    version = active_framework()
    return list(version.fields.order_by("order").values_list("key", flat=True))


def region(name):
    return Region.objects.create(name=name, level="kreis", kind="landkreis", is_example=True)


def fill(agenda, rng, keys, *, organisations, people, activities, bodies, prefix):
    sectors = list(Sector.values)
    orgs = Organisation.objects.bulk_create(
        Organisation(
            agenda=agenda, name=f"{prefix} Organisation {n}", sector=sectors[n % len(sectors)]
        )
        for n in range(organisations)
    )
    OrganisationField.objects.bulk_create(
        OrganisationField(organisation=org, field_key=key)
        for org in orgs
        for key in rng.sample(keys, 2)
    )
    persons = Person.objects.bulk_create(
        Person(
            agenda=agenda,
            name=f"{prefix} Person {n}",
            organisation=rng.choice(orgs),
            visibility="public" if n % 5 < 3 else "internal",
            function="Leitung",
        )
        for n in range(people)
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            person=person,
            purpose=ConsentPurpose.PUBLISH,
            given_on="2025-01-01",
            source="Bench",
        )
        for person in persons
        if person.visibility == "public"
    )
    PersonField.objects.bulk_create(
        PersonField(person=person, field_key=rng.choice(keys)) for person in persons
    )
    kinds = list(BodyKind.values)
    groups = Body.objects.bulk_create(
        Body(agenda=agenda, name=f"{prefix} Gremium {n}", kind=kinds[n % len(kinds)])
        for n in range(bodies)
    )
    BodyMember.objects.bulk_create(
        BodyMember(body=groups[n % len(groups)], person=person)
        for n, person in enumerate(rng.sample(persons, min(len(persons), 90)))
    )
    scopes = list(ActivityScope.values)
    activity_kinds = list(ActivityKind.values)
    rows = Activity.objects.bulk_create(
        Activity(
            agenda=agenda,
            title=f"{prefix} Aktivität {n}",
            kind=activity_kinds[n % len(activity_kinds)],
            scope=scopes[n % len(scopes)],
            responsible=rng.choice(orgs),
        )
        for n in range(activities)
    )
    ActivityField.objects.bulk_create(
        ActivityField(activity=activity, field_key=key)
        for activity in rows
        for key in rng.sample(keys, rng.randint(1, 2))
    )
    through = Activity.organisations.through
    through.objects.bulk_create(
        through(activity_id=activity.pk, organisation_id=org.pk)
        for activity in rows
        for org in rng.sample(orgs, rng.randint(0, min(4, len(orgs))))
        if org.pk != activity.responsible_id
    )
    body_through = Activity.bodies.through
    body_through.objects.bulk_create(
        body_through(activity_id=activity.pk, body_id=rng.choice(groups).pk)
        for n, activity in enumerate(rows)
        if n % 3 == 0
    )
    return rows


def setup():
    rng = random.Random(42)
    start = time.perf_counter()
    keys = field_keys()
    programme = Programme.objects.create(name="Bench", slug="bench-network")
    big = Agenda.objects.create(
        region=region("Bench-Landkreis"), programme=programme, title="Bench 500",
        slug="bench-500", horizon_year=2030, is_public=True,
    )  # fmt: skip
    neighbour = Agenda.objects.create(
        region=region("Nachbar-Landkreis"), programme=programme, title="Nachbar",
        slug="bench-nachbar", horizon_year=2030, is_public=True,
    )  # fmt: skip
    small = Agenda.objects.create(
        region=region("Klein-Landkreis"), programme=programme, title="Bench 5",
        slug="bench-5", horizon_year=2030, is_public=True,
    )  # fmt: skip
    fill(
        big, rng, keys, organisations=ORGANISATIONS, people=PEOPLE,
        activities=ACTIVITIES - LINKED, bodies=8, prefix="B",
    )  # fmt: skip
    foreign = fill(
        neighbour, rng, keys, organisations=30, people=10, activities=LINKED, bodies=1, prefix="N"
    )
    ActivityLink.objects.bulk_create(ActivityLink(agenda=big, activity=a) for a in foreign)
    fill(small, rng, keys, organisations=2, people=3, activities=2, bodies=1, prefix="K")
    coordinator = User.objects.create(email="bench-network@example.org", name="Koordination")
    Membership.objects.create(user=coordinator, agenda=big, role=Role.COORDINATOR)
    Membership.objects.create(user=coordinator, agenda=small, role=Role.COORDINATOR)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"  {ORGANISATIONS} organisations, {PEOPLE} people, {ACTIVITIES} activities "
        f"({LINKED} linked), 8 bodies: {time.perf_counter() - start:.1f} s"
    )
    return big, small, coordinator


def bench_stages(agenda, user):
    print("\nStages for the large agenda (median of 5), as seen by the coordinator")
    graph, _hidden = network_queries.build_graph(agenda, user)
    print(f"  graph: {graph.size} nodes, {len(graph.edges)} edges")
    load = median_seconds(lambda: network_queries.build_graph(agenda, user), 5)
    measures = median_seconds(lambda: network_analysis.analyse(graph), 5)
    result = network_analysis.analyse(graph)
    components = [list(c) for c in result.components]
    placed = layout(graph.size, list(graph.edges), components)
    place = median_seconds(lambda: layout(graph.size, list(graph.edges), components), 5)
    svg = render_svg(graph, result, placed, chart_id="bench", title="Bench", description="Bench")
    draw = median_seconds(
        lambda: render_svg(graph, result, placed, chart_id="b", title="B", description="B"), 5
    )
    print(f"  load rows and build the graph      {load * 1000:8.1f} ms")
    print(f"  betweenness, degrees, components   {measures * 1000:8.1f} ms")
    print(f"  layout (force-directed, numpy)     {place * 1000:8.1f} ms")
    print(f"  SVG ({len(svg) / 1024:.0f} KiB)                      {draw * 1000:8.1f} ms")


def bench_pages(big, small, coordinator):
    settings.REGIOAGENDA_REQUIRE_STAFF_MFA = False
    anonymous = Client()
    staff = Client()
    staff.force_login(coordinator)
    base = healthz_baseline(anonymous)
    print("\nNetwork page (median), as a ratio to /healthz in this run")
    print(f"  baseline: /healthz                          {base * 1000:8.2f} ms    1.0×  queries")

    def line(name, seconds, queries):
        print(f"  {name:<43} {seconds * 1000:8.2f} ms {seconds / base:6.1f}×  {queries:5d}")

    for client, who in ((anonymous, "anonymous"), (staff, "coordinator")):
        for agenda, label in ((big, "500 actors"), (small, "5 actors")):
            url = f"/agenden/{agenda.slug}/akteure/netzwerk/"
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

            def cold(url=url, client=client):
                cache.clear()
                client.get(url)

            queries = count_queries(cold)
            line(f"{label}, {who}, drawing computed", median_seconds(cold, 5), queries)
            client.get(url)
            warm_queries = count_queries(lambda url=url, client=client: client.get(url))
            warm = median_seconds(lambda url=url, client=client: client.get(url), 10)
            line(f"{label}, {who}, drawing cached", warm, warm_queries)
    size = len(anonymous.get(f"/agenden/{big.slug}/akteure/netzwerk/").content)
    print(f"  page size (500 actors, anonymous): {size / 1024:.0f} KiB")


def bench_duplicates():
    """Duplicate detection across the programme: 500 titles of one agenda against 5,000."""
    import random

    from regioagenda.actors.queries.activities import find_duplicate_pairs

    rng = random.Random(7)
    words = ["Digitales", "Smartes", "Gigabit", "Rufbus", "Dorfladen", "Telemedizin", "Bürger"]
    places = ["Nordkreis", "Südkreis", "Altstadt", "Seenland", "Hügelland"]
    pool = [
        (n, f"{rng.choice(words)} {rng.choice(words)} {rng.choice(places)} {n}", "")
        for n in range(5000)
    ]
    baseline = median_seconds(lambda: [title.lower() for _pk, title, _url in pool], 5)
    seconds = median_seconds(lambda: find_duplicate_pairs(pool[-500:], pool), 3)
    print("\nDuplicate detection, 500 activities against 5,000 (median of 3)")
    print(f"  baseline: lower-casing the 5,000 titles {baseline * 1000:8.2f} ms")
    print(
        f"  find_duplicate_pairs                    {seconds * 1000:8.1f} ms "
        f"{seconds / baseline:8.0f}×"
    )


def main():
    print(f"Database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    print("Setup")
    big, small, coordinator = setup()
    bench_stages(big, coordinator)
    bench_pages(big, small, coordinator)
    bench_duplicates()


if __name__ == "__main__":
    main()
