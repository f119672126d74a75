"""The programme-wide landscape: who sees what, linking with one's own agenda, unlinking."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.actors.models import ActivityField, ActivityLink
from regioagenda.actors.queries import activities as queries
from regioagenda.actors.services import activities as services
from regioagenda.core import permissions
from regioagenda.regions.models import Agenda, AuditEvent
from tests.actor_factories import ActivityFactory
from tests.factories import AgendaFactory, MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

LANDSCAPE = "/aktivitaeten/"


@pytest.fixture
def regions(actors_setup):
    """Besides the public team agenda: a public neighbour, a private agenda of the same
    programme, and a private agenda of another programme, each with one activity."""
    team = actors_setup
    neighbour = AgendaFactory(title="Nachbarkreis", programme=team.programme, is_public=True)
    private = AgendaFactory(title="Geheimkreis", programme=team.programme, is_public=False)
    elsewhere = AgendaFactory(title="Fernkreis", programme=team.other_programme, is_public=False)
    return {
        "team": team,
        "own": ActivityFactory(agenda=team.agenda, title="Teamhausen vernetzt"),
        "neighbour": ActivityFactory(agenda=neighbour, title="Nachbar-Netzwerk", scope="national"),
        "private": ActivityFactory(agenda=private, title="Geheimes Labor", kind="lab"),
        "elsewhere": ActivityFactory(agenda=elsewhere, title="Ferne Initiative"),
        "neighbour_agenda": neighbour,
        "private_agenda": private,
    }


def _titles(response):
    return sorted(a.title for a in response.context["activities"])


def test_url_name_and_path():
    assert reverse("actors_site:activities") == LANDSCAPE


def test_anonymous_sees_public_agendas_only(regions, client):
    assert _titles(client.get(LANDSCAPE)) == ["Nachbar-Netzwerk", "Teamhausen vernetzt"]


def test_member_of_private_agenda_sees_it(regions, client, login):
    MembershipFactory(user=regions["team"].outsider, agenda=regions["private_agenda"])
    response = login(regions["team"].outsider).get(LANDSCAPE)
    assert _titles(response) == ["Geheimes Labor", "Nachbar-Netzwerk", "Teamhausen vernetzt"]


def test_programme_office_sees_its_programme_only(regions, login):
    response = login(regions["team"].programme_admin).get(LANDSCAPE)
    assert "Geheimes Labor" in _titles(response)
    assert "Ferne Initiative" not in _titles(response)
    everything = login(regions["team"].superuser).get(LANDSCAPE)
    assert len(_titles(everything)) == 4


def test_filter_matches_the_predicate_for_every_agenda(regions):
    """The one-query filter and ``can_view_agenda`` agree for each user and agenda."""
    team = regions["team"]
    for user in (
        team.outsider,
        team.editor,
        team.programme_admin,
        team.other_programme_admin,
        team.superuser,
    ):
        permissions.forget_roles(user)
        by_filter = set(Agenda.objects.filter(queries.visible_agenda_filter(user, field="")))
        by_predicate = {a for a in Agenda.objects.all() if permissions.can_view_agenda(user, a)}
        assert by_filter == by_predicate, user


def test_search_and_filters(regions, client):
    team = regions["team"]
    ActivityField.objects.create(activity=regions["neighbour"], field_key="mobility")
    assert _titles(client.get(LANDSCAPE, {"q": "NETZWERK"})) == ["Nachbar-Netzwerk"]
    assert _titles(client.get(LANDSCAPE, {"scope": "national"})) == ["Nachbar-Netzwerk"]
    assert _titles(client.get(LANDSCAPE, {"field": "mobility"})) == ["Nachbar-Netzwerk"]
    assert _titles(client.get(LANDSCAPE, {"agenda": team.agenda.pk})) == ["Teamhausen vernetzt"]
    assert _titles(client.get(LANDSCAPE, {"programme": team.programme.pk})) == [
        "Nachbar-Netzwerk",
        "Teamhausen vernetzt",
    ]
    # a private agenda is no choice for who cannot see it: reported, not applied
    response = client.get(LANDSCAPE, {"agenda": regions["private_agenda"].pk})
    assert "agenda" in response.context["form"].errors
    assert "Geheimes Labor" not in response.content.decode()


def test_editor_links_an_activity_of_another_region(regions, login):
    team = regions["team"]
    client = login(team.editor)
    page = client.get(LANDSCAPE)
    assert "mit meiner Agenda verknüpfen" in page.content.decode()
    url = reverse("actors_site:activity_link", args=[regions["neighbour"].pk])
    response = client.post(url, {"agenda": team.agenda.pk, "next": LANDSCAPE})
    assert response.status_code == 302
    link = ActivityLink.objects.get()
    assert (link.agenda, link.activity) == (team.agenda, regions["neighbour"])
    assert AuditEvent.objects.filter(agenda=team.agenda, action="actors.activity_linked").exists()
    listed = client.get(reverse("actors:activities", args=[team.agenda.slug]))
    assert "Nachbar-Netzwerk" in [a.title for a in listed.context["activities"]]
    # the linked activity opens under the agenda's own address
    detail = client.get(
        reverse("actors:activity", args=[team.agenda.slug, regions["neighbour"].pk])
    )
    assert detail.status_code == 200
    assert "von der Agenda „Nachbarkreis“" in detail.content.decode()


def test_linking_an_activity_of_a_region_the_user_cannot_see_is_refused(regions, login):
    team = regions["team"]
    url = reverse("actors_site:activity_link", args=[regions["private"].pk])
    response = login(team.editor).post(url, {"agenda": team.agenda.pk})
    assert response.status_code == 404
    assert "gehört zu einer Agenda, die Sie nicht sehen dürfen" in response.content.decode()
    assert not ActivityLink.objects.exists()
    # the service refuses the same on its own
    permissions.forget_roles(team.editor)
    with pytest.raises(PermissionDenied, match="nicht sehen dürfen"):
        services.link_activity(actor=team.editor, agenda=team.agenda, activity=regions["private"])
    assert not ActivityLink.objects.exists()


def test_link_refusals_name_the_problem_and_change_nothing(regions, login):
    team = regions["team"]
    client = login(team.editor)
    own = reverse("actors_site:activity_link", args=[regions["own"].pk])
    response = client.post(own, {"agenda": team.agenda.pk}, follow=True)
    assert "ist eine eigene Aktivität der Agenda" in response.content.decode()
    assert not ActivityLink.objects.exists()
    neighbour = reverse("actors_site:activity_link", args=[regions["neighbour"].pk])
    client.post(neighbour, {"agenda": team.agenda.pk})
    response = client.post(neighbour, {"agenda": team.agenda.pk}, follow=True)
    assert "bereits verknüpft" in response.content.decode()
    assert ActivityLink.objects.count() == 1
    # an agenda the user does not manage is no choice
    response = client.post(neighbour, {"agenda": regions["neighbour_agenda"].pk}, follow=True)
    assert "Mit dieser Agenda können Sie keine Aktivitäten verknüpfen" in response.content.decode()
    assert ActivityLink.objects.count() == 1


def test_participant_cannot_link(regions, login):
    team = regions["team"]
    url = reverse("actors_site:activity_link", args=[regions["neighbour"].pk])
    response = login(team.participant).post(url, {"agenda": team.agenda.pk})
    assert response.status_code == 403
    assert not ActivityLink.objects.exists()


def test_unlink(regions, login):
    team = regions["team"]
    ActivityLink.objects.create(agenda=team.agenda, activity=regions["neighbour"])
    client = login(team.editor)
    url = reverse("actors:activity_unlink", args=[team.agenda.slug, regions["neighbour"].pk])
    assert client.post(url).status_code == 302
    assert not ActivityLink.objects.exists()
    assert client.post(url).status_code == 404  # no longer part of this agenda
    with pytest.raises(services.ValidationError, match="nicht verknüpft"):
        services.unlink_activity(
            actor=team.editor, agenda=team.agenda, activity=regions["neighbour"]
        )


def test_landscape_keeps_a_fixed_number_of_queries(regions, login):
    team = regions["team"]
    client = login(team.editor)

    def add(count):
        for number in range(count):
            agenda = AgendaFactory(programme=ProgrammeFactory())
            activity = ActivityFactory(agenda=agenda, title=f"Landschaft {agenda.pk}-{number}")
            ActivityField.objects.create(activity=activity, field_key="energy")
            ActivityLink.objects.create(agenda=team.agenda, activity=activity)

    def count():
        with CaptureQueriesContext(connection) as run:
            assert client.get(LANDSCAPE).status_code == 200
        return len(run)

    add(2)
    client.get(LANDSCAPE)
    small = count()
    add(12)
    assert count() == small


def test_htmx_request_gets_only_the_results(regions, client):
    response = client.get(
        LANDSCAPE, {"q": "netz"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="landscape-results"
    )
    text = response.content.decode()
    assert "Nachbar-Netzwerk" in text and "<html" not in text
