import pytest
from django.conf import settings


@pytest.fixture
def bavaria(db):
    """The official Bavarian register (7 Bezirke, 96 Kreise, 2,221 Gemeinde records).

    Function-scoped on purpose: transactional tests flush the database, so a register loaded
    once per session would be gone for the tests after them. The import service takes about a
    second; the management command would only add overhead. Returns the ImportSummary.
    """
    from regioagenda.regions.register import import_register

    return import_register(settings.REGISTER_REFERENCE_FILE)


# Shared fixtures of the foundation tests ------------------------------------------------------


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
