"""Consent (GDPR): recording, withdrawal, the history, and anonymisation (right to erasure)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from regioagenda.actors.models import (
    BodyMember,
    ConsentPurpose,
    ConsentRecord,
    Invitation,
    Person,
    Visibility,
)
from regioagenda.actors.queries.register import is_publicly_visible, publicly_visible_people
from regioagenda.actors.services import register as services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import (
    BodyMemberFactory,
    ConsentFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(name, team, *args):
    return reverse(f"actors:{name}", args=[team.agenda.slug, *args])


@pytest.fixture
def person(actors_setup):
    organisation = OrganisationFactory(agenda=actors_setup.agenda, name="Hochschule")
    return PersonFactory(
        agenda=actors_setup.agenda,
        organisation=organisation,
        name="Petra Public",
        email="petra@example.org",
        phone="0911 1",
        function="Professorin",
        visibility=Visibility.PUBLIC,
        region=RegionFactory(),
        user=UserFactory(),
    )


def _consent_data(**overrides):
    data = {
        "consent-purpose": ConsentPurpose.PUBLISH,
        "consent-given_on": "2025-03-12",
        "consent-source": "Anmeldeformular Auftakt 12.03.",
    }
    data.update(overrides)
    return data


def test_record_consent_makes_public_person_visible(actors_setup, person, login):
    team = actors_setup
    assert not is_publicly_visible(person)
    client = login(team.editor)
    response = client.post(_url("consent_create", team, person.pk), _consent_data())
    assert response.status_code == 302
    consent = ConsentRecord.objects.get(person=person)
    assert consent.given_on == datetime.date(2025, 3, 12)
    assert consent.source == "Anmeldeformular Auftakt 12.03."
    assert consent.recorded_by == team.editor
    assert is_publicly_visible(person)
    assert list(publicly_visible_people()) == [person]
    assert AuditEvent.objects.filter(
        action="actors.consent_recorded", agenda=team.agenda, actor=team.editor
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent-source": "  "}, "Bitte geben Sie die Quelle an"),
        ({"consent-given_on": "kein Datum"}, "Bitte geben Sie ein Datum an"),
        ({"consent-purpose": "marketing"}, "Bitte wählen Sie einen der angebotenen Zwecke."),
    ],
)
def test_bad_consent_input(actors_setup, person, login, overrides, message):
    team = actors_setup
    response = login(team.editor).post(
        _url("consent_create", team, person.pk), _consent_data(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_consent_date_in_the_future_is_refused(actors_setup, person, login):
    team = actors_setup
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(team.editor).post(
        _url("consent_create", team, person.pk),
        _consent_data(**{"consent-given_on": tomorrow.isoformat()}),
    )
    assert response.status_code == 400
    assert "liegt in der Zukunft" in response.content.decode()
    assert not ConsentRecord.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="actors.").exists()


def test_second_active_consent_for_the_same_purpose_is_refused(actors_setup, person):
    team = actors_setup
    ConsentFactory(person=person, given_on=datetime.date(2025, 1, 2))
    with pytest.raises(ValidationError) as info:
        services.record_consent(
            actor=team.editor,
            person=person,
            purpose=ConsentPurpose.PUBLISH,
            given_on=datetime.date(2025, 2, 1),
            source="Mail",
        )
    assert (
        "liegt schon eine gültige Einwilligung vom"
        in info.value.error_dict["purpose"][0].messages[0]
    )
    # Another purpose is fine.
    services.record_consent(
        actor=team.editor,
        person=person,
        purpose=ConsentPurpose.CONTACT,
        given_on=datetime.date(2025, 2, 1),
        source="Mail",
    )
    assert person.consents.count() == 2


def test_withdrawal_hides_at_once_and_keeps_history(actors_setup, person, login):
    team = actors_setup
    consent = ConsentFactory(person=person, given_on=datetime.date(2025, 1, 2))
    client = login(team.editor)
    assert "Petra Public" in client.get(_url("public", team)).content.decode()
    today = timezone.localdate()
    response = client.post(
        _url("consent_withdraw", team, person.pk, consent.pk), {"on": today.isoformat()}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == today
    assert not is_publicly_visible(person)
    assert "Petra Public" not in client.get(_url("public", team)).content.decode()
    assert AuditEvent.objects.filter(action="actors.consent_withdrawn").count() == 1
    # A new consent is a new record; the withdrawn one stays.
    services.record_consent(
        actor=team.editor,
        person=person,
        purpose=ConsentPurpose.PUBLISH,
        given_on=today,
        source="Telefon",
    )
    assert person.consents.count() == 2
    page = client.get(_url("person", team, person.pk)).content.decode()
    assert "widerrufen am" in page and "Telefon" in page


def test_withdraw_twice_is_refused(actors_setup, person, login):
    team = actors_setup
    consent = ConsentFactory(person=person, given_on=datetime.date(2025, 1, 2))
    client = login(team.editor)
    url = _url("consent_withdraw", team, person.pk, consent.pk)
    client.post(url, {"on": "2025-02-01"})
    response = client.post(url, {"on": timezone.localdate().isoformat()})
    assert response.status_code == 400
    assert "Diese Einwilligung wurde bereits am" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2025, 2, 1)
    assert AuditEvent.objects.filter(action="actors.consent_withdrawn").count() == 1


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ("2024-12-31", "Der Widerruf kann nicht vor der Einwilligung"),
        ("future", "liegt in der Zukunft"),
        ("gestern", "Bitte geben Sie ein Datum an"),
    ],
)
def test_bad_withdrawal_dates(actors_setup, person, login, on, message):
    team = actors_setup
    consent = ConsentFactory(person=person, given_on=datetime.date(2025, 1, 2))
    if on == "future":
        on = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = login(team.editor).post(
        _url("consent_withdraw", team, person.pk, consent.pk), {"on": on}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_anonymise_erases_personal_data_and_keeps_the_row(actors_setup, person, login):
    team = actors_setup
    publish = ConsentFactory(person=person, given_on=datetime.date(2025, 1, 2))
    old = ConsentFactory(
        person=person,
        purpose=ConsentPurpose.CONTACT,
        given_on=datetime.date(2024, 1, 2),
        withdrawn_on=datetime.date(2024, 6, 1),
    )
    membership = BodyMemberFactory(body__agenda=team.agenda, person=person)
    invitation = Invitation.objects.create(
        agenda=team.agenda,
        person=person,
        email=person.email,
        role="participant",
        token_hash="a" * 64,
        expires=timezone.now() + datetime.timedelta(days=7),
    )
    client = login(team.editor)
    confirm = client.get(_url("person_anonymise", team, person.pk))
    assert confirm.status_code == 200
    # Without the confirmation nothing happens.
    response = client.post(_url("person_anonymise", team, person.pk), {})
    assert response.status_code == 400
    assert "Bitte bestätigen Sie" in response.content.decode()
    assert not Person.objects.get(pk=person.pk).is_anonymised

    response = client.post(_url("person_anonymise", team, person.pk), {"confirm": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_anonymised and person.anonymised_on is not None
    assert (person.name, person.function, person.email, person.phone) == ("", "", "", "")
    assert person.region is None and person.user is None
    assert person.visibility == Visibility.INTERNAL
    assert str(person.display_name) == "Anonymisierte Person"
    publish.refresh_from_db()
    old.refresh_from_db()
    assert publish.withdrawn_on == timezone.localdate()
    assert old.withdrawn_on == datetime.date(2024, 6, 1)  # history untouched
    assert ConsentRecord.objects.filter(person=person).count() == 2  # never deleted
    invitation.refresh_from_db()
    assert invitation.email == "" and invitation.revoked is not None
    # The membership still works and shows no name.
    member = BodyMember.objects.select_related("person").get(pk=membership.pk)
    assert str(member.person.display_name) == "Anonymisierte Person"
    assert AuditEvent.objects.filter(action="actors.person_anonymised").count() == 1
    assert not AuditEvent.objects.filter(detail__contains="Petra").exists()

    page = client.get(_url("person", team, person.pk)).content.decode()
    assert "Anonymisierte Person" in page and "petra@example.org" not in page
    public = client.get(_url("public", team)).content.decode()
    assert "Petra" not in public and "Anonymisierte Person" not in public


def test_anonymised_person_gets_no_new_consent_and_is_not_anonymised_twice(actors_setup, person):
    team = actors_setup
    services.anonymise_person(actor=team.editor, person=person)
    with pytest.raises(ValidationError, match="anonymisiert"):
        services.record_consent(
            actor=team.editor,
            person=person,
            purpose=ConsentPurpose.PUBLISH,
            given_on=datetime.date(2025, 1, 1),
            source="x",
        )
    with pytest.raises(ValidationError, match="bereits anonymisiert"):
        services.anonymise_person(actor=team.editor, person=person)
    assert not person.consents.exists()


def test_participant_cannot_record_or_withdraw(actors_setup, person, login):
    team = actors_setup
    consent = ConsentFactory(person=person)
    client = login(team.participant)
    assert client.post(_url("consent_create", team, person.pk), _consent_data()).status_code == 403
    assert (
        client.post(
            _url("consent_withdraw", team, person.pk, consent.pk), {"on": "2025-01-01"}
        ).status_code
        == 403
    )
    assert (
        client.post(_url("person_anonymise", team, person.pk), {"confirm": "on"}).status_code == 403
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert ConsentRecord.objects.count() == 1
    assert not Person.objects.get(pk=person.pk).is_anonymised
