"""Benchmark of the matrix outputs at Bavarian scale: the matrix page and the peer benchmark.

Run with `.venv/bin/python bench/matrix_pages.py`. Builds, in a fresh SQLite database in a
temporary folder (or the scratch database in DATABASE_URL):

- the official Bavarian register (2,152 Gemeinden and Kreise),
- the matrix framework (the files under frameworks/, or the 16-field test framework when they do
  not load),
- a public agenda of a real Landkreis with a closed round of 200 raters × 16 fields and the
  workshop consensus, plus a small agenda with 3 raters for comparing query counts,
- values of four indicators for every one of the 2,152 bodies (an older and a newer value for
  half of them, so the "latest value" logic has work to do), and closed assessments of five
  peer Landkreise for the peer median; then ANALYZE, as autovacuum would.

Figures are medians, quoted as ratios to the /healthz request measured in the same run, because
the machine is small and noisy; query counts are counted per request.
"""

import datetime
import random
import time

from common import active_framework, count_queries, healthz_baseline, median_seconds

# isort: split
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from regioagenda.accounts.models import User
from regioagenda.matrix import scoring
from regioagenda.matrix.models import (
    AssessmentRound,
    Consensus,
    Indicator,
    IndicatorValue,
    RaterInvitation,
    Rating,
    RoundStatus,
)
from regioagenda.regions.models import (
    Agenda,
    Programme,
    Region,
    RegionKind,
    RegionLevel,
)
from regioagenda.regions.register import import_register

RATERS = 200
NEW = datetime.date(2025, 6, 30)
OLD = datetime.date(2024, 6, 30)


def bodies():
    """The 2,152 Bavarian Gemeinden and Kreise of the register."""
    return list(
        Region.objects.filter(
            level__in=[RegionLevel.GEMEINDE, RegionLevel.KREIS], is_current=True, is_example=False
        ).exclude(kind=RegionKind.GEMEINDEFREI)
    )


def assessment(agenda, version, raters, rng, *, title, closed):
    assessment_round = AssessmentRound.objects.create(
        agenda=agenda,
        version=version,
        title=title,
        status=RoundStatus.CLOSED,
        opened=closed - datetime.timedelta(days=14),
        closed=closed,
    )
    fields = list(version.fields.order_by("order"))
    Consensus.objects.bulk_create(
        Consensus(round=assessment_round, field=f, ist=rng.randint(0, 3), soll=4, rationale="x")
        for f in fields
    )
    users = User.objects.bulk_create(
        User(email=f"bench-{assessment_round.pk}-{i}@example.org", name=f"Rater {i}")
        for i in range(raters)
    )
    invitations = RaterInvitation.objects.bulk_create(
        RaterInvitation(round=assessment_round, user=u, submitted=closed) for u in users
    )
    Rating.objects.bulk_create(
        Rating(
            invitation=invitation,
            field=f,
            ist=rng.randint(0, 4),
            soll=rng.randint(2, 4),
            importance=rng.randint(1, 5),
        )
        for invitation in invitations
        for f in fields
    )
    return assessment_round


def setup():
    rng = random.Random(42)
    start = time.perf_counter()
    import_register(settings.REGISTER_REFERENCE_FILE)
    version = active_framework()
    regions = bodies()
    print(f"  register: {len(regions)} Gemeinden and Kreise")
    programme = Programme.objects.create(name="Bench", slug="bench")
    landkreise = sorted((r for r in regions if r.kind == RegionKind.LANDKREIS), key=lambda r: r.ags)
    home = landkreise[0]
    big = Agenda.objects.create(
        region=home, programme=programme, title="Bench 200", slug="bench-200", horizon_year=2030,
        is_public=True,
    )  # fmt: skip
    small = Agenda.objects.create(
        region=home, programme=programme, title="Bench 3", slug="bench-3", horizon_year=2030,
        is_public=True,
    )  # fmt: skip
    now = timezone.now()
    assessment(big, version, RATERS, rng, title="Erstbewertung", closed=now)
    assessment(small, version, 3, rng, title="Erstbewertung", closed=now)
    peers = [
        r
        for r in landkreise[1:]
        if scoring.size_class(r.population) == scoring.size_class(home.population)
    ][:5]
    for number, region in enumerate(peers):
        agenda = Agenda.objects.create(
            region=region, programme=programme, title=f"Peer {number}", slug=f"peer-{number}",
            horizon_year=2030,
        )  # fmt: skip
        assessment(agenda, version, 5, rng, title="Erstbewertung", closed=now)
    indicators = list(
        Indicator.objects.filter(field__version=version, order=1).order_by("field__order")[:4]
    )
    values = []
    for region in regions:
        for indicator in indicators:
            low, high = float(indicator.worst), float(indicator.target)
            lo, hi = min(low, high), max(low, high)
            value = round(rng.uniform(lo, hi), 2)
            values.append(
                IndicatorValue(
                    region=region, indicator=indicator, value=value, date=NEW, source="b"
                )
            )
            if region.pk % 2:
                values.append(
                    IndicatorValue(
                        region=region, indicator=indicator, value=lo, date=OLD, source="b"
                    )
                )
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    # Fresh statistics, as autovacuum (PostgreSQL) would have them after a bulk import; without
    # them PostgreSQL plans the latest-value check for an empty table (seconds instead of ms).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"  {RATERS} raters × {version.fields.count()} fields, {len(values):,} indicator values "
        f"({len(indicators)} indicators), {len(peers)} peer agendas: "
        f"{time.perf_counter() - start:.1f} s"
    )
    small_gemeinde = min(
        (r for r in regions if r.kind == RegionKind.GEMEINDE and r.population),
        key=lambda r: r.population,
    )
    return big, small, home, small_gemeinde, version


def bench(big, small, home, gemeinde, version):
    client = Client()
    base = healthz_baseline(client)
    print("\nRequests and calls (median), as a ratio to /healthz in this run")
    print(
        f"  baseline: /healthz                                 {base * 1000:8.2f} ms    1.0×  queries"
    )

    def line(name, seconds, queries):
        print(f"  {name:<50} {seconds * 1000:8.2f} ms {seconds / base:6.1f}×  {queries:5d}")

    for agenda, label in ((big, f"{RATERS} raters"), (small, "3 raters")):
        url = f"/agenden/{agenda.slug}/matrix/"
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries = count_queries(lambda url=url: client.get(url))
        warm = median_seconds(lambda url=url: client.get(url), 20)
        line(f"matrix page, {label} (charts cached)", warm, queries)

        def cold(url=url):
            cache.clear()
            client.get(url)

        line(f"matrix page, {label} (charts rendered)", median_seconds(cold, 10), queries)

    indicators = list(Indicator.objects.filter(field__version=version))
    for region, label in ((home, "Landkreis"), (gemeinde, "Gemeinde < 5,000")):
        peers = Region.objects.filter(scoring.peer_filter(region)).count()
        stats = scoring.peer_benchmark(region, indicators)
        queries = count_queries(lambda region=region: scoring.peer_benchmark(region, indicators))
        took = median_seconds(lambda region=region: scoring.peer_benchmark(region, indicators), 20)
        line(f"peer benchmark, {label} ({peers} in group)", took, queries)
        shown = ", ".join(f"{s.percentile}" for s in stats.values() if s.percentile is not None)
        print(f"      percentiles of the {len(stats)} indicators with data: {shown}")
    queries = count_queries(lambda: scoring.peer_median_ist(big))
    took = median_seconds(lambda: scoring.peer_median_ist(big), 20)
    line("peer median of consensus IST", took, queries)


def main():
    print(f"Database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    print("Setup")
    data = setup()
    bench(*data)


if __name__ == "__main__":
    main()
