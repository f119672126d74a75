"""Error pages say what went wrong in words people understand, and never change anything."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from regioagenda.accounts.models import Membership
from regioagenda.regions.models import Agenda

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


def test_unknown_agenda_slug_names_the_slug(client, db):
    response = client.get(reverse("regions:agenda_home", args=["gibt-es-nicht"]))

    assert response.status_code == 404
    html = response.content.decode()
    assert "Es gibt keine Agenda mit dem Kurznamen" in html
    assert "gibt-es-nicht" in html
    assert "Diese Seite gibt es nicht" in html
    assert "<html" in html  # the full friendly page, not Django's plain one


def test_unknown_url_gets_the_friendly_404(client, db):
    response = client.get("/das/gibt/es/wirklich/nicht/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Diese Seite gibt es nicht" in html
    assert "Zur Startseite" in html
    # Django's resolver details are not for people.
    assert "Tried" not in html
    assert "urlpatterns" not in html


def test_django_404_messages_are_not_shown(client, db):
    response = client.get(reverse("regions:programme_detail", args=["kein-programm"]))

    assert response.status_code == 404
    html = response.content.decode()
    assert "Diese Seite gibt es nicht" in html
    assert "No Programme matches" not in html


def test_unknown_agenda_in_english_is_404_with_the_slug(client, db):
    # Only the status and the slug: the English wording comes with the translations.
    with translation.override("en"):
        url = reverse("regions:agenda_home", args=["missing-agenda"])
    assert url.startswith("/en/")

    response = client.get(url)

    assert response.status_code == 404
    assert "missing-agenda" in response.content.decode()


@pytest.fixture
def private_agenda(team):
    team.agenda.is_public = False
    team.agenda.save()
    return team.agenda


def test_private_agenda_is_403_for_anonymous(client, private_agenda):
    response = client.get(private_agenda.get_absolute_url())

    assert response.status_code == 403
    html = response.content.decode()
    assert "ist nicht öffentlich" in html
    assert private_agenda.title in html
    assert "Anmelden" in html
    assert private_agenda.summary not in html


def test_private_agenda_is_403_for_a_logged_in_non_member(login, team, private_agenda):
    response = login(team.outsider).get(private_agenda.get_absolute_url())

    assert response.status_code == 403
    html = response.content.decode()
    assert "ist nicht öffentlich" in html
    assert "bitten Sie die Koordination" in html
    assert private_agenda.summary not in html


# CSRF ------------------------------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_settings_post_without_token_is_refused_and_changes_nothing(csrf_client, team):
    csrf_client.force_login(team.coordinator)
    url = reverse("regions:agenda_settings", args=[team.agenda.slug])

    response = csrf_client.post(
        url,
        {
            "title": "Gekapert",
            "summary": "",
            "horizon_year": team.agenda.horizon_year,
            "status": "active",
            "is_public": "",
        },
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "Sicherheitsmerkmal" in html
    assert "Es wurde nichts gespeichert" in html
    agenda = Agenda.objects.get(pk=team.agenda.pk)
    assert agenda.title == "Digitale Agenda Teamhausen"
    assert agenda.is_public


def test_join_without_token_is_refused_and_changes_nothing(csrf_client, team):
    csrf_client.force_login(team.outsider)

    response = csrf_client.post(reverse("regions:agenda_join", args=[team.agenda.slug]))

    assert response.status_code == 403
    assert "Sicherheitsmerkmal" in response.content.decode()
    assert not Membership.objects.filter(user=team.outsider).exists()


def test_post_with_token_from_the_page_works(csrf_client, team):
    """The counterpart: the token the page hands out is accepted."""
    csrf_client.force_login(team.outsider)
    page = csrf_client.get(team.agenda.get_absolute_url())
    token = page.context["csrf_token"]

    response = csrf_client.post(
        reverse("regions:agenda_join", args=[team.agenda.slug]), {"csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert Membership.objects.filter(user=team.outsider, agenda=team.agenda).exists()
