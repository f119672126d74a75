"""Staff roles must set up a second factor; logging in with email and password."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"  # the UserFactory's password


@pytest.fixture
def enforced(settings):
    settings.REGIOAGENDA_REQUIRE_STAFF_MFA = True


def dashboard(client):
    return client.get(reverse("regions:dashboard"))


# Enforcement -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("enforced")
@pytest.mark.parametrize(
    "who", ["coordinator", "moderator", "editor", "programme_admin", "superuser"]
)
def test_staff_without_authenticator_is_sent_to_set_one_up(login, team, who):
    response = dashboard(login(getattr(team, who)))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.usefixtures("enforced")
def test_the_redirect_explains_why(login, team):
    client = login(team.coordinator)

    response = client.get(team.agenda.get_absolute_url(), follow=True)

    assert "verlangt eine Zwei-Faktor-Anmeldung" in response.content.decode()


@pytest.mark.usefixtures("enforced")
def test_after_a_password_login_staff_reach_the_setup_page(client, team):
    verified(team.coordinator)
    login = client.post(
        reverse("account_login"), {"login": team.coordinator.email, "password": PASSWORD}
    )
    assert client.session[SESSION_KEY] == str(team.coordinator.pk)

    response = client.get(login["Location"], follow=True)

    # The dashboard sends them to the setup page; allauth asks for the password once more
    # before a new authenticator; neither page is sent back to the setup page.
    activate = reverse("mfa_activate_totp")
    reauthenticate = reverse("account_reauthenticate")
    assert [url.split("?")[0] for url, _status in response.redirect_chain] == [
        activate,
        reauthenticate,
    ]
    assert response.status_code == 200

    confirmed = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)

    assert confirmed.redirect_chain[-1][0] == activate
    assert confirmed.status_code == 200
    assert 'name="code"' in confirmed.content.decode()


@pytest.mark.usefixtures("enforced")
def test_staff_actions_are_blocked_too_not_only_pages(login, team):
    response = login(team.coordinator).post(
        reverse("regions:agenda_settings", args=[team.agenda.slug]),
        {"title": "Ohne zweiten Faktor", "horizon_year": team.agenda.horizon_year},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    team.agenda.refresh_from_db()
    assert team.agenda.title == "Digitale Agenda Teamhausen"


@pytest.mark.usefixtures("enforced")
def test_with_an_authenticator_staff_get_through(login, team, give_totp):
    authenticator = give_totp(team.coordinator)
    assert authenticator.type == Authenticator.Type.TOTP

    response = dashboard(login(team.coordinator))

    assert response.status_code == 200
    assert "Meine Agenden und Rollen" in response.content.decode()


@pytest.mark.usefixtures("enforced")
def test_recovery_codes_alone_are_not_a_second_factor(login, team):
    Authenticator.objects.create(
        user=team.coordinator, type=Authenticator.Type.RECOVERY_CODES, data={}
    )

    response = dashboard(login(team.coordinator))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.usefixtures("enforced")
@pytest.mark.parametrize("who", ["participant", "expert", "outsider"])
def test_participants_and_experts_are_never_redirected(login, team, who):
    client = login(getattr(team, who))

    assert dashboard(client).status_code == 200
    assert client.get(team.agenda.get_absolute_url()).status_code == 200


@pytest.mark.usefixtures("enforced")
def test_anonymous_visitors_are_not_redirected(client, team):
    assert client.get(team.agenda.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "who", ["coordinator", "moderator", "editor", "programme_admin", "superuser", "expert"]
)
def test_without_enforcement_nobody_is_redirected(login, team, who, settings):
    settings.REGIOAGENDA_REQUIRE_STAFF_MFA = False

    response = dashboard(login(getattr(team, who)))

    assert response.status_code == 200


# Login -----------------------------------------------------------------------------------------


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_login_with_email_and_password(client, db):
    user = verified(UserFactory(email="lena@example.org"))

    response = client.post(
        reverse("account_login"), {"login": "Lena@Example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("regions:dashboard")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.get(reverse("regions:dashboard")).status_code == 200


def test_wrong_password_shows_an_error_and_does_not_log_in(client, db):
    verified(UserFactory(email="lena@example.org"))

    response = client.post(
        reverse("account_login"), {"login": "lena@example.org", "password": "falsch-falsch"}
    )

    assert response.status_code == 200
    assert "Die E-Mail-Adresse und/oder das Passwort sind leider falsch." in (
        response.content.decode()
    )
    assert SESSION_KEY not in client.session
    assert client.get(reverse("regions:dashboard")).status_code == 302


def test_staff_with_authenticator_must_enter_a_code_after_the_password(client, team, give_totp):
    verified(team.coordinator)
    give_totp(team.coordinator)

    response = client.post(
        reverse("account_login"), {"login": team.coordinator.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
