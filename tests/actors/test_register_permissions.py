"""Who may see and change the internal register."""

import pytest
from django.urls import reverse

from regioagenda.actors.models import Organisation, Person
from tests.actor_factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(actors_setup):
    organisation = OrganisationFactory(agenda=actors_setup.agenda, name="Geheime Kontakte GmbH")
    person = PersonFactory(
        agenda=actors_setup.agenda, organisation=organisation, email="vertraulich@example.org"
    )
    return organisation, person


def _internal_urls(team, organisation, person):
    slug = team.agenda.slug
    return [
        reverse("actors:organisations", args=[slug]),
        reverse("actors:organisation", args=[slug, organisation.pk]),
        reverse("actors:organisation_create", args=[slug]),
        reverse("actors:organisation_edit", args=[slug, organisation.pk]),
        reverse("actors:organisation_delete", args=[slug, organisation.pk]),
        reverse("actors:people", args=[slug]),
        reverse("actors:person", args=[slug, person.pk]),
        reverse("actors:person_create", args=[slug]),
        reverse("actors:person_edit", args=[slug, person.pk]),
        reverse("actors:person_anonymise", args=[slug, person.pk]),
    ]


@pytest.mark.parametrize("role", ["participant", "expert", "outsider"])
def test_non_staff_get_403(actors_setup, rows, login, role):
    team = actors_setup
    client = login(getattr(team, role))
    for url in _internal_urls(team, *rows):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "vertraulich@example.org" not in response.content.decode()


def test_anonymous_is_refused_or_sent_to_login(actors_setup, rows, client):
    """Reading pages refuse with the 403 page that links to the login; forms send to the login."""
    team = actors_setup
    login_url = reverse("account_login")
    urls = _internal_urls(team, *rows)
    readers = {urls[0], urls[1], urls[5], urls[6]}  # the two lists and the two detail pages
    for url in urls:
        response = client.get(url)
        if url in readers:
            assert response.status_code == 403, url
            assert f"{login_url}?next=" in response.content.decode(), url
        else:
            assert response.status_code == 302, url
            assert response.url.startswith(login_url), url
        assert "vertraulich@example.org" not in response.content.decode()


def test_posts_by_non_staff_change_nothing(actors_setup, rows, login):
    team = actors_setup
    organisation, person = rows
    client = login(team.participant)
    slug = team.agenda.slug
    client.post(
        reverse("actors:organisation_create", args=[slug]), {"name": "X", "sector": "economy"}
    )
    client.post(reverse("actors:organisation_delete", args=[slug, organisation.pk]))
    client.post(
        reverse("actors:person_edit", args=[slug, person.pk]),
        {"name": "Geändert", "visibility": "public"},
    )
    assert Organisation.objects.count() == 1
    person.refresh_from_db()
    assert person.name != "Geändert"
    assert Person.objects.count() == 1


@pytest.mark.parametrize("role", ["coordinator", "moderator", "editor", "programme_admin"])
def test_staff_may_see(actors_setup, rows, login, role):
    team = actors_setup
    client = login(getattr(team, role))
    for url in _internal_urls(team, *rows):
        assert client.get(url).status_code == 200, url
    html = client.get(reverse("actors:people", args=[team.agenda.slug])).content.decode()
    assert "vertraulich@example.org" in html


def test_nav_hides_internal_tabs_from_the_public(actors_setup, rows, client, login):
    team = actors_setup
    url = reverse("actors:public", args=[team.agenda.slug])
    people_url = reverse("actors:people", args=[team.agenda.slug])
    assert people_url not in client.get(url).content.decode()
    assert people_url in login(team.editor).get(url).content.decode()
