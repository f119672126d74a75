"""Peer benchmark: percentiles among regions of the same kind and size class, in one query."""

import datetime

import pytest
from django.db.models import Q

from regioagenda.matrix import scoring
from regioagenda.matrix.models import Indicator, IndicatorValue, RoundKind
from regioagenda.regions.models import Region, RegionKind, RegionLevel
from tests.factories import AgendaFactory
from tests.matrix_factories import build_framework

OLD = datetime.date(2023, 12, 31)
NEW = datetime.date(2024, 12, 31)


def gemeinde(ags, population, kind=RegionKind.GEMEINDE, **extra):
    return Region(
        name=f"Gemeinde {ags}",
        level=RegionLevel.GEMEINDE,
        kind=kind,
        ags=ags,
        population=population,
        **extra,
    )


@pytest.fixture
def peers(db):
    """A Gemeinde (7,000 inhabitants) and 30 peers of 5,000–9,999 with values 0, 5, …, 145.

    Each peer also has an older value of 1,000 that must not count. Around them: regions that
    are not peers (other size class, a Landkreis, another Land, no longer current), whose values
    would change every count if they leaked in.
    """
    version = build_framework()
    share = Indicator.objects.get(field__version=version, key="mobility_share")  # up
    cost = Indicator.objects.get(field__version=version, key="mobility_cost")  # down
    region = gemeinde("09100001", 7_000)
    group = [
        gemeinde(
            f"09200{i:03d}", 5_000 + i * 150, kind=[RegionKind.GEMEINDE, RegionKind.MARKT][i % 2]
        )
        for i in range(30)
    ]
    outsiders = [
        gemeinde("09300001", 12_000),  # 10–20k
        gemeinde("09300002", 4_999),  # < 5k
        gemeinde("08300003", 7_000),  # Baden-Württemberg
        gemeinde("09300004", 7_000, is_current=False),  # merged away
        gemeinde("09300005", 7_000, kind=RegionKind.KREISFREIE_STADT),
        Region(
            name="Landkreis X",
            level=RegionLevel.KREIS,
            kind=RegionKind.LANDKREIS,
            ags="09399",
            population=7_000,
        ),
    ]
    Region.objects.bulk_create([region, *group, *outsiders])
    region = Region.objects.get(ags="09100001")
    stored = {r.ags: r for r in Region.objects.all()}
    values = [
        IndicatorValue(region=region, indicator=share, value=50, date=NEW, source="t"),
        IndicatorValue(region=region, indicator=share, value=0, date=OLD, source="t"),
        IndicatorValue(region=region, indicator=cost, value=50, date=NEW, source="t"),
    ]
    for i, peer in enumerate(group):
        for indicator in (share, cost):
            values += [
                IndicatorValue(
                    region=stored[peer.ags], indicator=indicator, value=i * 5, date=NEW, source="t"
                ),
                IndicatorValue(
                    region=stored[peer.ags], indicator=indicator, value=1000, date=OLD, source="t"
                ),
            ]
    for outsider in outsiders:
        for indicator in (share, cost):
            values.append(
                IndicatorValue(
                    region=stored[outsider.ags], indicator=indicator, value=0, date=NEW, source="t"
                )
            )
    IndicatorValue.objects.bulk_create(values)
    return {"region": region, "version": version, "share": share, "cost": cost}


def test_percentiles_against_the_peer_group(peers):
    stats = scoring.peer_benchmark(peers["region"], [peers["share"], peers["cost"]])
    share = stats[peers["share"].pk]
    # 50 among 0, 5, …, 145: 10 below, 1 equal, 19 above → (10 + 0.5) / 30 = 35 %
    assert (share.peers, share.worse, share.equal, share.better) == (30, 10, 1, 19)
    assert share.percentile == 35.0
    assert float(share.peer_mean) == pytest.approx(72.5)
    # "lower is better": the 19 higher costs are worse → (19 + 0.5) / 30 = 65 %
    cost = stats[peers["cost"].pk]
    assert (cost.worse, cost.better) == (19, 10)
    assert cost.percentile == 65.0


def test_the_benchmark_is_one_query_for_all_indicators(peers, django_assert_num_queries):
    indicators = list(Indicator.objects.filter(field__version=peers["version"]))
    assert len(indicators) == 32
    with django_assert_num_queries(1):
        stats = scoring.peer_benchmark(peers["region"], indicators)
    assert set(stats) == {peers["share"].pk, peers["cost"].pk}


def test_example_values_and_a_region_without_own_value(peers):
    peer = Region.objects.get(ags="09200000")
    IndicatorValue.objects.filter(region=peer, indicator=peers["share"], date=NEW).update(
        is_example=True
    )
    stats = scoring.peer_benchmark(peers["region"], [peers["share"]])
    assert stats[peers["share"].pk].peers == 29  # the example value is left out …
    stats = scoring.peer_benchmark(peers["region"], [peers["share"]], include_examples=True)
    assert stats[peers["share"].pk].peers == 30  # … unless the agenda is an example itself
    IndicatorValue.objects.filter(region=peers["region"]).delete()
    stats = scoring.peer_benchmark(peers["region"], [peers["share"]])
    assert stats[peers["share"].pk].peers == 29
    assert stats[peers["share"].pk].percentile is None  # nothing of its own to place


def test_no_population_no_peer_group(peers, django_assert_num_queries):
    region = peers["region"]
    region.population = None
    with django_assert_num_queries(0):
        assert scoring.peer_benchmark(region, [peers["share"]]) == {}


def test_peer_median_of_consensus_ist(peers, make_assessment, django_assert_num_queries):
    version = peers["version"]
    regions = list(Region.objects.filter(ags__startswith="09200").order_by("ags")[:4])
    own = AgendaFactory(region=peers["region"])
    make_assessment(own, version, consensus={"mobility": (4, 4)})
    for region, ist in zip(regions, [1, 2, 3], strict=False):
        agenda = AgendaFactory(region=region)
        # an older assessment that must not count, then the latest one
        make_assessment(agenda, version, consensus={"mobility": (0, 4)}, title="alt")
        make_assessment(agenda, version, consensus={"mobility": (ist, 4), "energy": (2, 3)})
        # a follow-up round is not an assessment of its own
        make_assessment(agenda, version, consensus={"mobility": (4, 4)}, kind=RoundKind.FOLLOW_UP)
    outsider = AgendaFactory(region=Region.objects.get(ags="09300001"))
    make_assessment(outsider, version, consensus={"mobility": (4, 4)})

    with django_assert_num_queries(1):
        medians = scoring.peer_median_ist(own)
    assert medians["mobility"] == (2.0, 3)
    assert medians["energy"] == (2.0, 3)

    # With only two peer agendas the median would give another agenda's rating away.
    Region.objects.filter(Q(pk=regions[0].pk)).update(population=60_000)
    assert scoring.peer_median_ist(own) == {}


def test_all_bavarian_bodies_in_one_query(bavaria, django_assert_num_queries):
    """2,152 Gemeinden and Kreise with values: one query, and the same answer as by hand."""
    import random

    version = build_framework()
    share = Indicator.objects.get(field__version=version, key="energy_share")
    bodies = list(
        Region.objects.filter(
            level__in=[RegionLevel.GEMEINDE, RegionLevel.KREIS], is_current=True
        ).exclude(kind=RegionKind.GEMEINDEFREI)
    )
    assert len(bodies) == 2152
    rng = random.Random(7)
    values = {r.pk: rng.randint(0, 100) for r in bodies}
    IndicatorValue.objects.bulk_create(
        IndicatorValue(region=r, indicator=share, value=values[r.pk], date=NEW, source="t")
        for r in bodies
    )
    region = next(r for r in bodies if r.kind == RegionKind.GEMEINDE and r.population < 5_000)
    with django_assert_num_queries(1):
        stats = scoring.peer_benchmark(region, [share])
    group = [
        r
        for r in bodies
        if r.pk != region.pk
        and r.level == RegionLevel.GEMEINDE
        and r.kind in scoring.peer_kinds(RegionKind.GEMEINDE)
        and r.population is not None
        and r.population < 5_000
    ]
    own = values[region.pk]
    worse = sum(1 for r in group if values[r.pk] < own)
    equal = sum(1 for r in group if values[r.pk] == own)
    stat = stats[share.pk]
    assert stat.peers == len(group) > 1000
    assert stat.percentile == scoring.percentile(worse, equal, len(group))
