"""The demo: loads once, loads again without duplicates, and shows one person per role."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from regioagenda.accounts.models import Membership, ProgrammeMembership, Role, User
from regioagenda.matrix.demo import DEMO_RATERS
from regioagenda.participation.demo.events import GUESTS as EVENT_GUESTS
from regioagenda.regions.demo import DEMO_PASSWORD, demo_email
from regioagenda.regions.models import Agenda, AgendaStep, Programme, Region, StepState
from tests.conftest import shared_by_the_module


def counts():
    return {
        "users": User.objects.count(),
        "emails": EmailAddress.objects.count(),
        "agendas": Agenda.objects.count(),
        "steps": AgendaStep.objects.count(),
        "memberships": Membership.objects.count(),
        "programme_memberships": ProgrammeMembership.objects.count(),
        "programmes": Programme.objects.count(),
        "regions": Region.objects.count(),
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """``load_demo`` once for the module (the tests only read it; each is rolled back)."""
    with shared_by_the_module(django_db_blocker):
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue(), counts()


@pytest.fixture
def demo(loaded, db):
    return loaded[1]


def test_load_demo_twice_changes_nothing_the_second_time(loaded, demo):
    assert DEMO_PASSWORD in loaded[0]  # the logins are printed for the newcomer
    assert demo["agendas"] == 2
    # six roles, the admin, the expert forum's extra raters of the matrix demo, and the people of
    # the participation demo: the moderation's blocked spam account, the events' guests, the
    # citizens who write, comment on and support ideas, and the voters of the dot vote
    from regioagenda.participation.demo.ideas import CITIZENS
    from regioagenda.participation.demo.voting import VOTERS

    assert demo["users"] == 7 + len(DEMO_RATERS) + 1 + len(EVENT_GUESTS) + CITIZENS + VOTERS
    assert demo["regions"] > 2000  # the Bavarian register came along

    call_command("load_demo", stdout=io.StringIO())

    assert counts() == demo


def test_demo_agendas_roles_and_logins(demo, client):
    agenda = Agenda.objects.get(slug="beispielland")
    assert agenda.is_public
    assert agenda.is_example
    assert agenda.region.is_example
    roles = list(agenda.memberships.values_list("role", flat=True))
    assert set(roles) == set(Role.values)  # every role is represented
    assert roles.count(Role.EXPERT) == 1 + len(DEMO_RATERS)
    assert agenda.current_step == "consultation"
    states = dict(agenda.steps.values_list("key", "state"))
    assert [states[key] for key in ("kickoff", "assessment", "vision", "projects")] == [
        StepState.DONE
    ] * 4
    assert states["consultation"] == StepState.CURRENT
    assert states["adoption"] == states["implementation"] == StepState.UPCOMING
    assert agenda.steps.exclude(note="").count() == 2

    private = Agenda.objects.get(slug="musterhausen")
    assert not private.is_public
    assert private.is_example
    assert not private.memberships.exists()

    office = User.objects.get(email=demo_email("programmbuero"))
    assert office.is_example
    assert ProgrammeMembership.objects.filter(user=office, programme=agenda.programme).exists()
    assert User.objects.get(email=demo_email("admin")).is_superuser
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == User.objects.count()

    # The demo logins work with the printed password (participants need no second factor).
    assert client.login(email=demo_email("teilnahme"), password=DEMO_PASSWORD)
    page = client.get(agenda.get_absolute_url()).content.decode()
    assert "Beispieldaten" in page
    assert "Lenkungsgruppe mit Landrat" in page


def test_demo_step_note_counts_no_documents_the_page_does_not_show(demo, client):
    """The note beside "N Dokumente ausgewertet" names the demo's concepts instead of a count
    of its own ("Sechs … Konzepte" beside "2 Dokumente ausgewertet")."""
    import html
    import re

    from regioagenda.sources.demo import DOCUMENTS

    page = html.unescape(client.get("/agenden/beispielland/").content.decode())
    note = Agenda.objects.get(slug="beispielland").steps.get(key="assessment").note

    assert f"{len(DOCUMENTS)} Dokumente ausgewertet" in page
    assert note in page
    number_words = r"\b(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|\d+)\b"
    assert not re.search(number_words, note, flags=re.I), note
    assert "Klimaschutzkonzept" in note and "Mobilitäts- und Gigabitstrategie" in note
