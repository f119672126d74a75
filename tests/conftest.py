import contextlib

import pytest
from django.conf import settings

# Fixtures of one topic kept in their own module (ideas, supports, comments).
pytest_plugins = ["tests.idea_fixtures"]


@pytest.fixture
def bavaria(db):
    """The official Bavarian register (7 Bezirke, 96 Kreise, 2,221 Gemeinde records).

    Function-scoped on purpose: transactional tests flush the database, so a register loaded
    once per session would be gone for the tests after them. The import service takes about a
    second; the management command would only add overhead. Returns the ImportSummary.
    """
    from regioagenda.regions.register import import_register

    return import_register(settings.REGISTER_REFERENCE_FILE)


@contextlib.contextmanager
def shared_by_the_module(django_db_blocker):
    """Data that the tests of one module only read, built once and rolled back afterwards.

    For a module-scoped fixture: ``with shared_by_the_module(django_db_blocker): yield load()``.
    Everything happens inside one transaction that is rolled back when the module is done, so
    the next module starts from the same clean database, on SQLite and PostgreSQL alike. Each
    test (``django_db`` as usual) runs in a savepoint inside it and is rolled back on its own,
    so a test that changes the data does not change it for the next one. Not for
    ``transactional_db`` tests: they would flush the shared data.
    """
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


# Shared fixtures of the foundation tests ------------------------------------------------------


@pytest.fixture
def page_cache_on(settings):
    """The page cache and the results kept per data version, on (the test settings turn them
    off: a test's transaction never commits, so the data version would never change)."""
    from django.core.cache import cache, caches

    from regioagenda.core import pagecache

    settings.REGIOAGENDA_PAGE_CACHE = True
    cache.delete(pagecache.VERSION_KEY)
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def get_counting_queries(user, url):
    """``user``'s view of ``url`` through a fresh client: (HTML, number of queries)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    browser = Client()
    browser.force_login(user)
    with CaptureQueriesContext(connection) as run:
        response = browser.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(run)


@pytest.fixture
def no_staff_mfa(settings):
    """Tests that are not about the second factor let staff roles through without one."""
    settings.REGIOAGENDA_REQUIRE_STAFF_MFA = False


@pytest.fixture
def login(client):
    """``login(user)`` logs ``user`` into the test client and returns the client."""

    def do_login(user):
        client.force_login(user)
        return client

    return do_login


@pytest.fixture
def give_totp():
    """``give_totp(user)`` sets up an authenticator app for ``user``, as allauth does."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def activate(user):
        return TOTP.activate(user, generate_totp_secret()).instance

    return activate


@pytest.fixture
def team(db):
    """A public agenda created by its programme office, with one person per role around it.

    Also: the office of another programme, a superuser and a registered outsider. Every user
    object comes without cached roles, so predicates and query counts start from scratch.
    """
    import datetime
    from types import SimpleNamespace

    from regioagenda.accounts.models import Role
    from regioagenda.core import permissions
    from regioagenda.regions import services
    from tests.factories import (
        MembershipFactory,
        ProgrammeFactory,
        ProgrammeMembershipFactory,
        RegionFactory,
        UserFactory,
    )

    programme = ProgrammeFactory(name="Pilot Digitale Agenda")
    other_programme = ProgrammeFactory(name="Anderes Programm")
    programme_admin = UserFactory(name="Paula Programmbüro")
    ProgrammeMembershipFactory(user=programme_admin, programme=programme)
    other_programme_admin = UserFactory(name="Otto Anderes-Programm")
    ProgrammeMembershipFactory(user=other_programme_admin, programme=other_programme)
    agenda = services.create_agenda(
        actor=programme_admin,
        programme=programme,
        region=RegionFactory(name="Landkreis Teamhausen"),
        title="Digitale Agenda Teamhausen",
        slug="teamhausen",
        horizon_year=datetime.date.today().year + 4,
        is_public=True,
        summary="Der Landkreis Teamhausen macht sich digital auf den Weg.",
    )
    people = {}
    for role in Role:
        people[role.value] = UserFactory(name=f"{role.label} Person")
        MembershipFactory(user=people[role.value], agenda=agenda, role=role)
    everyone = SimpleNamespace(
        programme=programme,
        other_programme=other_programme,
        agenda=agenda,
        programme_admin=programme_admin,
        other_programme_admin=other_programme_admin,
        superuser=UserFactory(name="Susi Superuser", is_superuser=True, is_staff=True),
        outsider=UserFactory(name="Olaf Outsider"),
        **people,
    )
    for user in vars(everyone).values():
        if hasattr(user, "is_authenticated"):
            permissions.forget_roles(user)
    return everyone


@pytest.fixture(autouse=True)
def _reset_language():
    """LocaleMiddleware leaves the request's language active; later tests expect German."""
    yield
    from django.utils import translation

    translation.deactivate()


# Matrix: assessment rounds ----------------------------------------------------------------------


@pytest.fixture
def rating_round(team):
    """An open baseline round of the team agenda on the test framework (16 fields).

    Invited: the expert, the editor and the participant (perspective "Fachleute"). The round has
    ``fields_by_key`` for convenience; every team member starts without cached roles.
    """
    from regioagenda.core import permissions
    from regioagenda.matrix.services import rounds
    from tests.matrix_factories import build_framework

    version = build_framework()
    assessment_round = rounds.create_round(
        actor=team.coordinator, agenda=team.agenda, title="Erstbewertung 2025", version=version
    )
    rounds.invite_raters(
        actor=team.coordinator,
        assessment_round=assessment_round,
        users=[team.expert, team.editor, team.participant],
        perspective="Fachleute",
    )
    rounds.open_round(actor=team.coordinator, assessment_round=assessment_round)
    assessment_round.fields_by_key = {f.key: f for f in version.fields.all()}
    for user in vars(team).values():
        if hasattr(user, "is_authenticated"):
            permissions.forget_roles(user)
    return assessment_round


# Matrix: closed assessments for the outputs (matrix page, priorities, exports, benchmark) ------


@pytest.fixture
def make_assessment(db):
    """``make_assessment(agenda, version, consensus=…, ratings=…)`` builds a closed round with the ORM.

    ``consensus`` maps a field key to ``(ist, soll)``; ``ratings`` is a list of dicts, one per
    rater, mapping a field key to ``(ist, soll, importance)`` (a rater is created per dict, with
    bulk inserts so that 200 raters stay fast). Optional: ``title``, ``kind``, ``closed`` (a
    datetime), ``follows``, ``status``. Independent of the round services on purpose.
    """
    import datetime
    import itertools

    from django.utils import timezone

    from regioagenda.accounts.models import User
    from regioagenda.matrix.models import (
        AssessmentRound,
        Consensus,
        RaterInvitation,
        Rating,
        RoundKind,
        RoundStatus,
    )

    counter = itertools.count(1)

    def build(
        agenda,
        version,
        *,
        consensus=None,
        ratings=(),
        title="Erstbewertung",
        kind=RoundKind.BASELINE,
        closed=None,
        follows=None,
        status=RoundStatus.CLOSED,
    ):
        number = next(counter)
        closed = closed or timezone.now() - datetime.timedelta(days=400 - number)
        assessment_round = AssessmentRound.objects.create(
            agenda=agenda,
            version=version,
            title=title,
            kind=kind,
            status=status,
            follows=follows,
            opened=closed - datetime.timedelta(days=14),
            closed=closed if status == RoundStatus.CLOSED else None,
        )
        fields = {f.key: f for f in version.fields.all()}
        Consensus.objects.bulk_create(
            Consensus(
                round=assessment_round,
                field=fields[key],
                ist=ist,
                soll=soll,
                rationale=f"Workshop: {key}",
            )
            for key, (ist, soll) in (consensus or {}).items()
        )
        if ratings:
            users = User.objects.bulk_create(
                User(email=f"rater-{assessment_round.pk}-{i}@example.org", name=f"Rater {i}")
                for i in range(len(ratings))
            )
            invitations = RaterInvitation.objects.bulk_create(
                RaterInvitation(round=assessment_round, user=user, submitted=closed)
                for user in users
            )
            Rating.objects.bulk_create(
                Rating(
                    invitation=invitation,
                    field=fields[key],
                    ist=ist,
                    soll=soll,
                    importance=importance,
                    skipped=ist is None and soll is None,
                )
                for invitation, answers in zip(invitations, ratings, strict=True)
                for key, (ist, soll, importance) in answers.items()
            )
        return assessment_round

    return build


# The consensus of the ``assessed`` agenda: gaps of 3 (egovernment), 2 (energy, health, mobility),
# 0 (retail, culture, tourism) and 1 elsewhere; raters call egovernment and energy 5, health and
# mobility 4, everything else 3 → suggestion egovernment (15), energy (10), health (8).
ASSESSED_CONSENSUS = {
    "work": (2, 3),
    "building": (1, 2),
    "education": (3, 4),
    "services": (2, 3),
    "egovernment": (1, 4),
    "energy": (2, 4),
    "health": (1, 3),
    "retail": (2, 2),
    "it_infrastructure": (3, 4),
    "culture": (2, 2),
    "agriculture": (1, 2),
    "mobility": (1, 3),
    "security": (2, 3),
    "tourism": (3, 3),
    "environment": (2, 3),
    "housing": (1, 2),
}
ASSESSED_IMPORTANCE = {"egovernment": 5, "energy": 5, "health": 4, "mobility": 4}


@pytest.fixture
def assessed(team, make_assessment):
    """The team agenda with a closed baseline (consensus on all 16 fields, 3 raters) and the
    region's values for the two mobility indicators (share 80 → 80, cost 60 → 50)."""
    import datetime
    from types import SimpleNamespace

    from regioagenda.matrix.models import Indicator, IndicatorValue
    from tests.matrix_factories import build_framework

    version = build_framework()
    answers = {
        key: (ist, soll, ASSESSED_IMPORTANCE.get(key, 3))
        for key, (ist, soll) in ASSESSED_CONSENSUS.items()
    }
    assessment = make_assessment(
        team.agenda,
        version,
        consensus=ASSESSED_CONSENSUS,
        ratings=[answers, answers, answers],
        title="Erstbewertung 2025",
    )
    for key, value in [("mobility_share", 80), ("mobility_cost", 60)]:
        IndicatorValue.objects.create(
            region=team.agenda.region,
            indicator=Indicator.objects.get(field__version=version, key=key),
            value=value,
            date=datetime.date(2024, 12, 31),
            source="Test",
        )
    return SimpleNamespace(
        agenda=team.agenda,
        version=version,
        round=assessment,
        fields={f.key: f for f in version.fields.all()},
        team=team,
    )


# Matrix framework ---------------------------------------------------------------------------------


@pytest.fixture
def matrix_v1(db):
    """The real "Smart-Region-Matrix Bayern" v1 from frameworks/, published; the FrameworkVersion.

    Only for tests about the real framework (its keys, texts, indicators); tests of behaviour use
    ``tests.matrix_factories.build_framework()``, which does not depend on the file.
    """
    from regioagenda.matrix.framework import publish_framework

    version, _status = publish_framework(
        settings.BASE_DIR / "frameworks" / "smart-region-matrix-bayern" / "v1.yaml"
    )
    return version


# Sources: existing concepts ---------------------------------------------------------------------

SOURCES_SAMPLE_MD = """# Klimaschutz- und Mobilitätskonzept Teamhausen

## 1 Mobilität

Der Landkreis will den öffentlichen Nahverkehr, den Radverkehr und die Mobilität im ländlichen
Raum stärken. Ziel ist, bis 2030 jede Gemeinde stündlich mit Bus oder Rufbus anzubinden.
Geplant ist die Einführung eines On-Demand-Rufbusses mit App-Buchung in allen Gemeinden.

## 2 Energie

Der Landkreis will bis 2035 klimaneutral sein und den Anteil erneuerbarer Energie steigern.
Wir werden Photovoltaik auf allen kreiseigenen Dächern installieren und ein Energiemonitoring
für die Liegenschaften einführen.

## 3 Bildung

Alle Schulen sollen bis 2027 mit WLAN und digitalen Endgeräten ausgestattet sein. Die
Volkshochschule baut Kurse zur digitalen Bildung für Seniorinnen und Senioren auf.
"""


@pytest.fixture
def sources_setup(team, no_staff_mfa):
    """The test framework as the active version and an ``upload(name, content)`` helper.

    ``upload`` runs the whole path: the service stores the file and starts the job, which the
    immediate task backend runs when the transaction commits. Returns the document, reloaded.
    """
    from types import SimpleNamespace

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import TestCase

    from regioagenda.sources import services
    from tests.matrix_factories import build_framework

    version = build_framework()

    def upload(name, content, *, title=None, actor=None, agenda=None):
        if isinstance(content, str):
            content = content.encode()
        with TestCase.captureOnCommitCallbacks(execute=True):
            document = services.upload_document(
                actor=actor or team.coordinator,
                agenda=agenda or team.agenda,
                uploaded_file=SimpleUploadedFile(name, content),
                title=title or name,
                doc_type="climate",
                year=2024,
                publisher="Landratsamt",
            )
        document.refresh_from_db()
        return document

    return SimpleNamespace(
        team=team,
        version=version,
        fields={f.key: f for f in version.fields.all()},
        upload=upload,
        sample=SOURCES_SAMPLE_MD,
    )
