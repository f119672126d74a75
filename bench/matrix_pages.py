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
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="regioagenda-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regioagenda.settings")
os.environ.update(SECURE_SSL_REDIRECT="false", TASK_BACKEND="immediate", MANIFEST_STATIC="false")
os.environ.setdefault("STATIC_ROOT", os.environ.get("VAR_DIR", tempfile.gettempdir()))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from regioagenda.accounts.models import User  # noqa: E402
from regioagenda.matrix import scoring  # noqa: E402
from regioagenda.matrix.models import (  # noqa: E402
    AssessmentRound,
    Consensus,
    FrameworkVersion,
    Indicator,
    IndicatorValue,
    RaterInvitation,
    Rating,
    RoundStatus,
)
from regioagenda.regions.models import (  # noqa: E402
    Agenda,
    Programme,
    Region,
    RegionKind,
    RegionLevel,
)
from regioagenda.regions.register import import_register  # noqa: E402

RATERS = 200
NEW = datetime.date(2025, 6, 30)
OLD = datetime.date(2024, 6, 30)


def median_seconds(func, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_queries(func):
    queries = []

    def count(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        func()
    return len(queries)


def framework():
    try:
        call_command("load_framework", verbosity=0)
    except Exception as exc:  # the framework file is someone else's work in progress
        print(f"  (framework files did not load: {exc}; using the 16-field test framework)")
    version = FrameworkVersion.objects.filter(is_active=True).order_by("-published").first()
    if version is None or version.fields.count() == 0:
        from tests.matrix_factories import build_framework

        version = build_framework()
    return version


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
    version = framework()
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
    client.get("/healthz")
    base = median_seconds(lambda: client.get("/healthz"), 30)
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
