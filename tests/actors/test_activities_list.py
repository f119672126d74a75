"""The agenda's activity list: own and linked activities, search, filters, pages, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.actors.models import ActivityField, ActivityLink
from regioagenda.actors.queries import activities as queries
from tests.actor_factories import ActivityFactory, OrganisationFactory
from tests.factories import AgendaFactory

pytestmark = pytest.mark.django_db


def _titles(response):
    return [a.title for a in response.context["activities"]]


def test_own_and_linked_activities_are_listed_and_merged_ones_are_not(actors_setup, client):
    team = actors_setup
    own = ActivityFactory(agenda=team.agenda, title="Eigenes Projekt")
    elsewhere = ActivityFactory(
        agenda=AgendaFactory(title="Nachbarkreis"), title="Fremdes Netzwerk"
    )
    ActivityLink.objects.create(agenda=team.agenda, activity=elsewhere)
    ActivityFactory(agenda=team.agenda, title="Alte Doppelung", merged_into=own)
    ActivityFactory(agenda=AgendaFactory(), title="Nicht verknüpft")
    response = client.get(reverse("actors:activities", args=[team.agenda.slug]))
    assert response.status_code == 200
    assert _titles(response) == ["Eigenes Projekt", "Fremdes Netzwerk"]
    text = response.content.decode()
    assert "verknüpft" in text and "aus Nachbarkreis" in text


def test_own_activity_linked_by_others_appears_once(actors_setup):
    team = actors_setup
    own = ActivityFactory(agenda=team.agenda, title="Beliebt")
    for _ in range(3):
        ActivityLink.objects.create(agenda=AgendaFactory(), activity=own)
    result = queries.activity_list(team.agenda)
    assert [a.title for a in result["activities"]] == ["Beliebt"]
    assert result["page"].paginator.count == 1


@pytest.mark.parametrize(
    "query, expected",
    [
        ("rathaus", ["Digitales Rathaus"]),
        ("RATHAUS", ["Digitales Rathaus"]),
        ("über", ["Übergang Schule–Beruf"]),
        ("ÜBERGANG", ["Übergang Schule–Beruf"]),
        ("sensoren", ["Smarte Felder"]),  # in the description
    ],
)
def test_search_ignores_case_also_for_umlauts(actors_setup, client, query, expected):
    team = actors_setup
    ActivityFactory(agenda=team.agenda, title="Digitales Rathaus")
    ActivityFactory(agenda=team.agenda, title="Übergang Schule–Beruf")
    ActivityFactory(agenda=team.agenda, title="Smarte Felder", description="Mit Sensoren im Acker")
    response = client.get(reverse("actors:activities", args=[team.agenda.slug]), {"q": query})
    assert _titles(response) == expected


def test_filters_by_kind_scope_status_field_and_organisation(actors_setup, client):
    team = actors_setup
    stadtwerke = OrganisationFactory(agenda=team.agenda, name="Stadtwerke")
    a = ActivityFactory(
        agenda=team.agenda, title="A", kind="event", scope="national", status="planned"
    )
    b = ActivityFactory(agenda=team.agenda, title="B", kind="lab", responsible=stadtwerke)
    c = ActivityFactory(agenda=team.agenda, title="C", kind="lab")
    c.organisations.add(stadtwerke)
    ActivityField.objects.create(activity=a, field_key="health")
    ActivityField.objects.create(activity=b, field_key="health")
    url = reverse("actors:activities", args=[team.agenda.slug])
    assert _titles(client.get(url, {"kind": "lab"})) == ["B", "C"]
    assert _titles(client.get(url, {"scope": "national"})) == ["A"]
    assert _titles(client.get(url, {"status": "planned"})) == ["A"]
    assert _titles(client.get(url, {"field": "health"})) == ["A", "B"]
    assert _titles(client.get(url, {"organisation": stadtwerke.pk})) == ["B", "C"]
    assert _titles(client.get(url, {"field": "health", "kind": "lab"})) == ["B"]


def test_invalid_filter_is_reported_and_ignored(actors_setup, client):
    team = actors_setup
    ActivityFactory(agenda=team.agenda, title="A")
    foreign = OrganisationFactory(agenda=AgendaFactory())
    response = client.get(
        reverse("actors:activities", args=[team.agenda.slug]),
        {"kind": "party", "organisation": foreign.pk},
    )
    assert response.status_code == 200
    assert _titles(response) == ["A"]
    assert response.context["form"].errors.keys() == {"kind", "organisation"}


def test_pages_of_25(actors_setup, client):
    team = actors_setup
    for number in range(30):
        ActivityFactory(agenda=team.agenda, title=f"Aktivität {number:02d}")
    url = reverse("actors:activities", args=[team.agenda.slug])
    first = client.get(url)
    assert len(first.context["activities"]) == 25
    second = client.get(url, {"seite": 2})
    assert _titles(second) == [f"Aktivität {n}" for n in range(25, 30)]
    assert client.get(url, {"seite": "zwei"}).status_code == 200


def test_htmx_request_gets_only_the_results(actors_setup, client):
    team = actors_setup
    ActivityFactory(agenda=team.agenda, title="Nur Ergebnis")
    response = client.get(
        reverse("actors:activities", args=[team.agenda.slug]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="activity-results",
    )
    text = response.content.decode()
    assert "Nur Ergebnis" in text and "<html" not in text


def test_private_agenda_list_is_refused_to_outsiders(actors_setup, login):
    team = actors_setup
    hidden = AgendaFactory(is_public=False)
    ActivityFactory(agenda=hidden, title="Geheim")
    response = login(team.outsider).get(reverse("actors:activities", args=[hidden.slug]))
    assert response.status_code == 403
    assert "Geheim" not in response.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries_run:
        assert client.get(url).status_code == 200
    return len(queries_run)


def test_list_keeps_a_fixed_number_of_queries(actors_setup, login):
    team = actors_setup
    client = login(team.editor)
    url = reverse("actors:activities", args=[team.agenda.slug])

    def add(count, offset):
        other = AgendaFactory()
        for number in range(count):
            org = OrganisationFactory(agenda=team.agenda, name=f"Org {offset + number}")
            own = ActivityFactory(
                agenda=team.agenda, title=f"Eigen {offset + number}", responsible=org
            )
            ActivityField.objects.create(activity=own, field_key="health")
            linked = ActivityFactory(agenda=other, title=f"Verknüpft {offset + number}")
            ActivityLink.objects.create(agenda=team.agenda, activity=linked)

    add(2, 0)
    client.get(url)  # warm the framework's caches
    small = _count(client, url)
    add(10, 100)
    large = _count(client, url)
    assert small == large


def test_linked_activity_of_a_private_agenda_hides_that_agenda(actors_setup, client):
    team = actors_setup
    private = AgendaFactory(title="Geheimkreis", is_public=False)
    partner = OrganisationFactory(agenda=private, name="Geheime Partner GmbH")
    secret = ActivityFactory(agenda=private, title="Gemeinsames Projekt", responsible=partner)
    # published by the private agenda's staff (``link_activity`` sets the flag)
    ActivityLink.objects.create(agenda=team.agenda, activity=secret, published=True)
    listing = client.get(reverse("actors:activities", args=[team.agenda.slug]))
    text = listing.content.decode()
    assert "Gemeinsames Projekt" in text
    assert "Geheimkreis" not in text and "Geheime Partner GmbH" not in text
    assert "aus einer nicht öffentlichen Agenda" in text
    detail = client.get(reverse("actors:activity", args=[team.agenda.slug, secret.pk]))
    text = detail.content.decode()
    assert detail.status_code == 200
    assert "Geheimkreis" not in text and "Geheime Partner GmbH" not in text


def test_table_is_shared_per_visibility_class_and_never_leaks(actors_setup, page_cache_on):
    """With the page cache on, the table is rendered once per data version and viewer class
    (``queries.list_visibility``): the same class shares it without the list's queries, a viewer
    who may see the private agenda gets its own, and its names never reach the others."""
    from django.test import Client

    from tests.conftest import get_counting_queries
    from tests.factories import MembershipFactory, UserFactory

    team = actors_setup
    private = AgendaFactory(title="Geheimkreis", is_public=False)
    partner = OrganisationFactory(agenda=private, name="Geheime Partner GmbH")
    shared = ActivityFactory(agenda=private, title="Gemeinsames Projekt", responsible=partner)
    ActivityLink.objects.create(agenda=team.agenda, activity=shared, published=True)
    unpublished = ActivityFactory(agenda=private, title="Unveröffentlichtes Projekt")
    ActivityLink.objects.create(agenda=team.agenda, activity=unpublished)
    insider = UserFactory(name="Ina Insider")
    MembershipFactory(user=insider, agenda=team.agenda, role="editor")
    MembershipFactory(user=insider, agenda=private)
    url = reverse("actors:activities", args=[team.agenda.slug])

    def visit(user):
        return get_counting_queries(user, url)

    first, first_queries = visit(team.editor)
    assert "Gemeinsames Projekt" in first and "Unveröffentlichtes Projekt" not in first
    assert "Geheimkreis" not in first
    inside, _queries = visit(insider)
    assert "Unveröffentlichtes Projekt" in inside and "aus Geheimkreis" in inside
    again, again_queries = visit(team.coordinator)  # the editor's class
    assert "Unveröffentlichtes Projekt" not in again and "Geheimkreis" not in again
    assert again_queries < first_queries
    anonymous = Client().get(url).content.decode()
    assert "Unveröffentlichtes Projekt" not in anonymous and "Geheimkreis" not in anonymous
