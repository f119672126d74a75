"""The demo: a fictional region with its agenda and one person per role, marked as example data."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from regioagenda.accounts.models import Membership, ProgrammeMembership, ProgrammeRole, Role, User
from regioagenda.core.registry import demo_loaders
from regioagenda.regions import process
from regioagenda.regions.models import (
    Agenda,
    AgendaStatus,
    AgendaStep,
    Programme,
    Region,
    RegionKind,
    RegionLevel,
    StepState,
)

DEMO_PASSWORD = "Demo-Regio-2026!"

# The demo's process runs relative to the day it is loaded: the first four steps are done, the
# consultation of the draft is running, adoption and implementation lie ahead. (start, end) in
# days from today; the steps' actual dates here and the phases' planned dates of the
# participation demo come from this one table.
STEP_WINDOWS = {
    "kickoff": (-300, -271),
    "assessment": (-270, -181),
    "vision": (-180, -91),
    "projects": (-90, -8),
    "consultation": (-7, 35),
    "adoption": (36, 80),
    "implementation": (81, 81 + 4 * 365),
}
DEMO_STEP = "consultation"
DEMO_DOMAIN = "demo.regioagenda.invalid"

# (email local part, display name, agenda role or None for programme office)
DEMO_USERS = [
    ("programmbuero", "Petra Programmbüro", None),
    ("koordination", "Konrad Koordination", Role.COORDINATOR),
    ("moderation", "Mona Moderation", Role.MODERATOR),
    ("redaktion", "Rudi Redaktion", Role.EDITOR),
    ("expertin", "Erika Expertin", Role.EXPERT),
    ("teilnahme", "Tom Teilnahme", Role.PARTICIPANT),
]


def demo_email(local):
    return f"{local}@{DEMO_DOMAIN}"


def _user(local, name, *, superuser=False):
    user, created = User.objects.get_or_create(
        email=demo_email(local),
        defaults={
            "name": name,
            "is_example": True,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@demo_loaders.register(10, "regions")
@transaction.atomic
def load(context):
    if not Region.objects.filter(level=RegionLevel.LAND, ags="09").exists():
        from regioagenda.regions.register import import_register

        import_register(settings.REGISTER_REFERENCE_FILE)
    oberfranken = Region.objects.filter(level=RegionLevel.BEZIRK, ags="094").first()

    programme, _created = Programme.objects.get_or_create(
        slug="pilot-digitale-agenda-bayern",
        defaults={
            "name": "Pilot Digitale Agenda Bayern",
            "coordinating_body": "Programmbüro Digitale Agenda (Beispiel)",
            "description": (
                "Bis zu zehn Pilotregionen erarbeiten ihre Digitale Agenda in einem moderierten, "
                "öffentlichen Prozess und lernen voneinander."
            ),
            "default_horizon_year": 2030,
            "is_example": True,
        },
    )
    region, _created = Region.objects.get_or_create(
        name="Landkreis Beispielland",
        kind=RegionKind.LANDKREIS,
        ags="",
        defaults={
            "level": RegionLevel.KREIS,
            "parent": oberfranken,
            "bezirk": oberfranken,
            "seat": "Beispielstadt",
            "population": 128_400,
            "area_km2": "1120.50",
            "is_example": True,
            "source": "Erfundene Beispielregion",
        },
    )
    town, _created = Region.objects.get_or_create(
        name="Markt Musterhausen",
        kind=RegionKind.MARKT,
        ags="",
        defaults={
            "level": RegionLevel.GEMEINDE,
            "parent": region,
            "bezirk": oberfranken,
            "population": 6_240,
            "area_km2": "48.20",
            "is_example": True,
            "source": "Erfundene Beispielregion",
        },
    )

    users = {"admin": _user("admin", "Ada Admin", superuser=True)}
    for local, name, role in DEMO_USERS:
        users[role or "programme_admin"] = _user(local, name)
    ProgrammeMembership.objects.get_or_create(
        user=users["programme_admin"], programme=programme, role=ProgrammeRole.ADMIN
    )

    agenda = _agenda(
        slug="beispielland",
        region=region,
        programme=programme,
        title="Digitale Agenda Landkreis Beispielland 2030",
        summary=(
            "Der Landkreis Beispielland erarbeitet mit seinen 24 Gemeinden, Unternehmen, "
            "Hochschule, Vereinen und Bürgerschaft seine Digitale Agenda bis 2030."
        ),
        is_public=True,
        status=AgendaStatus.ACTIVE,
        current=DEMO_STEP,
        notes={
            "kickoff": (
                "Lenkungsgruppe mit Landrat, Kreisentwicklung, IHK, Hochschule und Kreisjugendring "
                "eingesetzt. Auftaktveranstaltung im Landratsamt mit 140 Gästen; Zeitplan und "
                "Ansprechpersonen sind veröffentlicht."
            ),
            "assessment": (
                # names, not a count: the number of analysed documents is on the page beside it
                "Das Klimaschutzkonzept und die Mobilitäts- und Gigabitstrategie werden "
                "ausgewertet; die Bewertung der Smart-Region-Matrix läuft."
            ),
        },
    )
    for _local, _name, role in DEMO_USERS:
        if role:
            Membership.objects.get_or_create(user=users[role], agenda=agenda, role=role)

    private = _agenda(
        slug="musterhausen",
        region=town,
        programme=programme,
        title="Digitale Agenda Markt Musterhausen",
        summary="Eine Agenda in Vorbereitung, noch nicht öffentlich.",
        is_public=False,
        status=AgendaStatus.DRAFT,
        current="kickoff",
        notes={},
    )
    context.update(
        programme=programme, region=region, agenda=agenda, private_agenda=private, users=users
    )


def _step_day(key, end):
    return datetime.date.today() + datetime.timedelta(days=STEP_WINDOWS[key][end])


def _agenda(*, slug, region, programme, title, summary, is_public, status, current, notes):
    agenda, created = Agenda.objects.get_or_create(
        slug=slug,
        defaults={
            "region": region,
            "programme": programme,
            "title": title,
            "summary": summary,
            "horizon_year": 2030,
            "is_public": is_public,
            "status": status,
            "current_step": current,
            "is_example": True,
            "started_on": _step_day("kickoff", 0),
        },
    )
    if created:
        current_index = process.step_index(current)
        AgendaStep.objects.bulk_create(
            AgendaStep(
                agenda=agenda,
                key=key,
                state=(
                    StepState.DONE
                    if index < current_index
                    else StepState.CURRENT
                    if index == current_index
                    else StepState.UPCOMING
                ),
                started_on=_step_day(key, 0) if index <= current_index else None,
                completed_on=_step_day(key, 1) if index < current_index else None,
                note=notes.get(key, ""),
            )
            for index, key in enumerate(process.STEP_KEYS)
        )
    return agenda
