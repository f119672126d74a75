"""Demo: a finished baseline assessment of Landkreis Beispielland, all marked as example data.

Eleven raters from all parts of society disagree plausibly (two fields end up disputed), the
moderator sets the consensus, the district has indicator values for most indicators, the real
Bavarian Landkreise of the same size class get *example* values so that the peer benchmark has
something to compare with, the coordinator confirms the suggested priority fields, and the
public self-assessment has a few dozen answers. Everything goes through the services, so the
demo also exercises their rules.
"""

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from regioagenda.accounts.models import Membership, Role
from regioagenda.core.registry import demo_loaders
from regioagenda.matrix import scoring
from regioagenda.matrix.framework import DEFAULT_SLUG, publish_framework
from regioagenda.matrix.models import (
    AssessmentRound,
    IndicatorValue,
    RoundKind,
)
from regioagenda.matrix.queries.overview import matrix_overview
from regioagenda.matrix.services import priorities, rounds
from regioagenda.regions.models import Region, RegionKind, RegionLevel

FRAMEWORK_FILE = settings.BASE_DIR / "frameworks" / DEFAULT_SLUG / "v1.yaml"
ROUND_TITLE = "Erstbewertung 2026"
VALUES_DATE = datetime.date(2025, 12, 31)

# Extra experts of the demo forum: (email local part, name, perspective)
DEMO_RATERS = [
    ("hochschule", "Prof. Hanna Hochschule", "Wissenschaft"),
    ("ihk", "Ines Industrie", "Wirtschaft"),
    ("bauernverband", "Bernd Bauer", "Landwirtschaft"),
    ("kreisjugendring", "Klara Jugend", "Zivilgesellschaft"),
    ("stadtwerke", "Stefan Stadtwerk", "Infrastruktur & Versorger"),
    ("klinikum", "Dr. Karl Klinik", "Gesundheit & Soziales"),
]

# The district's profile: (IST, SOLL) around which the raters' answers scatter.
PROFILE = {
    "work": (2, 3),
    "building": (1, 3),
    "education": (2, 4),
    "services": (1, 3),
    "egovernment": (1, 4),
    "energy": (2, 3),
    "health": (1, 3),
    "retail": (1, 2),
    "it_infrastructure": (2, 4),
    "culture": (1, 2),
    "agriculture": (2, 3),
    "mobility": (1, 4),
    "security": (2, 3),
    "tourism": (2, 3),
    "environment": (2, 3),
    "housing": (1, 2),
}
IMPORTANCE = {
    "egovernment": 5,
    "mobility": 5,
    "it_infrastructure": 5,
    "health": 4,
    "education": 4,
    "services": 4,
    "energy": 3,
    "building": 3,
}
# Fields a rater cannot judge, and the fields where one rater sees things very differently.
SKIPS = {("ihk", "agriculture"), ("klinikum", "tourism"), ("bauernverband", "health")}
DISSENT = {("hochschule", "mobility"): (3, 4), ("klinikum", "health"): (3, 3)}
EVIDENCE = {
    "egovernment": "Nur 9 Online-Dienste im BayernPortal; Terminvereinbarung fehlt.",
    "mobility": "Rufbus in zwei Gemeinden erprobt, keine Echtzeitinformation.",
    "it_infrastructure": "Gigabitplan 2024: 61 % der Haushalte mit Gigabit erreichbar.",
}


def _noise(*parts):
    """A deterministic offset of -1, 0 or +1 so the demo looks the same on every machine."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return (digest[0] % 3) - 1


def _lean(local, key, which):
    """A rater's deviation from the profile: raters of a field err to the same side, so most
    fields have a spread of one level and only the ``DISSENT`` fields are disputed."""
    side = 1 if _noise(key, which, "side") >= 0 else -1
    return side if _noise(local, key, which) > 0 else 0


def _clamp(level):
    return max(0, min(4, level))


def _raters(context):
    from regioagenda.regions.demo import _user

    agenda = context["agenda"]
    users = context["users"]
    raters = [
        (users[Role.COORDINATOR], "Verwaltung"),
        (users[Role.MODERATOR], "Moderation"),
        (users[Role.EDITOR], "Verwaltung"),
        (users[Role.EXPERT], "Wissenschaft"),
        (users[Role.PARTICIPANT], "Bürgerschaft"),
    ]
    for local, name, perspective in DEMO_RATERS:
        user = _user(local, name)
        Membership.objects.get_or_create(user=user, agenda=agenda, role=Role.EXPERT)
        raters.append((user, perspective))
    return raters


def _rate(assessment_round, user, fields):
    local = user.email.split("@")[0]
    for field in fields:
        if (local, field.key) in SKIPS:
            rounds.save_rating(
                actor=user, assessment_round=assessment_round, field=field, skipped=True
            )
            continue
        ist, soll = DISSENT.get((local, field.key)) or (
            _clamp(PROFILE[field.key][0] + _lean(local, field.key, "ist")),
            _clamp(PROFILE[field.key][1] + _lean(local, field.key, "soll")),
        )
        rounds.save_rating(
            actor=user,
            assessment_round=assessment_round,
            field=field,
            ist=ist,
            soll=max(ist, soll),
            importance=_clamp(IMPORTANCE.get(field.key, 3) + _noise(local, field.key, "imp")) or 1,
            confidence=2 + (_noise(local, field.key, "conf") > 0),
            evidence=EVIDENCE.get(field.key, "") if local == "koordination" else "",
        )
    rounds.submit_ratings(actor=user, assessment_round=assessment_round)


def _indicator_values(version, region, coordinator, agenda):
    from regioagenda.matrix.services import indicators

    for field in version.fields.prefetch_related("indicators"):
        for index, indicator in enumerate(field.indicators.all()):
            if index == 2:  # leave gaps, so that data confidence differs between fields
                continue
            value = _example_value(indicator, "Landkreis Beispielland", PROFILE[field.key][0])
            indicators.record_value(
                actor=coordinator,
                agenda=agenda,
                indicator=indicator,
                value=value,
                date=VALUES_DATE,
                source=f"{indicator.source} (Beispieldaten)",
            )
    IndicatorValue.objects.filter(region=region).update(is_example=True)


def _example_value(indicator, seed, level):
    """A value between worst and target that roughly matches ``level`` (0–4), deterministic."""
    share = Decimal(min(100, max(0, level * 22 + _noise(seed, indicator.key) * 9 + 6))) / 100
    if indicator.unit == "ja/nein":
        return Decimal(1 if share >= Decimal("0.5") else 0)
    value = indicator.worst + (indicator.target - indicator.worst) * share
    if indicator.min_value is not None:
        value = max(value, indicator.min_value)
    if indicator.max_value is not None:
        value = min(value, indicator.max_value)
    return value.quantize(Decimal("0.01"))


def _peer_values(version, region):
    """Example values for the real Landkreise of the demo region's size class (marked as such)."""
    peers = Region.objects.filter(scoring.peer_filter(region)).exclude(pk=region.pk)
    peers = peers.filter(level=RegionLevel.KREIS, kind=RegionKind.LANDKREIS, is_example=False)
    indicators = [
        i for f in version.fields.prefetch_related("indicators") for i in f.indicators.all()
    ]
    existing = set(
        IndicatorValue.objects.filter(region__in=peers, date=VALUES_DATE).values_list(
            "region_id", "indicator_id"
        )
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            region=peer,
            indicator=indicator,
            value=_example_value(indicator, peer.ags, 2 + _noise(peer.ags, indicator.key)),
            date=VALUES_DATE,
            source="Beispieldaten für den Vergleich (keine echten Werte)",
            is_example=True,
        )
        for peer in peers
        for indicator in indicators
        if (peer.pk, indicator.pk) not in existing
    )


@demo_loaders.register(20, "matrix")
@transaction.atomic
def load(context):
    version, _status = publish_framework(FRAMEWORK_FILE)
    agenda = context["agenda"]
    users = context["users"]
    coordinator, moderator = users[Role.COORDINATOR], users[Role.MODERATOR]
    raters = _raters(context)
    if AssessmentRound.objects.filter(agenda=agenda, title=ROUND_TITLE).exists():
        return
    fields = list(version.fields.order_by("order"))
    assessment_round = rounds.create_round(
        actor=coordinator,
        agenda=agenda,
        title=ROUND_TITLE,
        kind=RoundKind.BASELINE,
        version=version,
        is_example=True,
    )
    for user, perspective in raters:
        rounds.invite_raters(
            actor=coordinator,
            assessment_round=assessment_round,
            users=[user],
            perspective=perspective,
        )
    rounds.open_round(actor=coordinator, assessment_round=assessment_round)
    for user, _perspective in raters:
        _rate(assessment_round, user, fields)

    from regioagenda.matrix.queries.rounds import consensus_overview

    for row in consensus_overview(assessment_round).rows:
        rounds.set_consensus(
            actor=moderator,
            assessment_round=assessment_round,
            field=row.field,
            ist=row.suggested_ist,
            soll=row.suggested_soll,
            rationale=(
                "Im Workshop am 12.05.2026 nach Diskussion der abweichenden Einschätzungen "
                "festgelegt."
                if row.disputed
                else "Median der Bewertungen, im Workshop am 12.05.2026 bestätigt."
            ),
        )
    rounds.close_round(actor=coordinator, assessment_round=assessment_round)

    _indicator_values(version, agenda.region, coordinator, agenda)
    _peer_values(version, agenda.region)

    overview = matrix_overview(agenda, assessment_round)
    priorities.confirm_priorities(
        actor=coordinator,
        assessment_round=assessment_round,
        choices=[
            (
                row.field,
                f"Große Lücke zwischen IST ({row.ist:.0f}) und SOLL ({row.soll:.0f}) bei hoher "
                "Bedeutung für die Region.",
            )
            for row in overview.suggestion
        ],
    )
    context["assessment_round"] = assessment_round
