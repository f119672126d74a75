"""The actors' models in the Django admin: every list and change page opens for a superuser."""

import pytest
from django.urls import reverse

from regioagenda.actors.services import register
from tests.actor_factories import (
    ActivityFactory,
    BodyMemberFactory,
    ConsentFactory,
    OrganisationFactory,
    PersonFactory,
    PostFactory,
)


@pytest.mark.parametrize(
    "model",
    [
        "organisation",
        "person",
        "body",
        "bodymember",
        "invitation",
        "activity",
        "activitylink",
        "thread",
        "post",
    ],
)
def test_admin_lists_open(actors_setup, login, model):
    agenda = actors_setup.agenda
    person = PersonFactory(agenda=agenda, organisation=OrganisationFactory(agenda=agenda))
    ConsentFactory(person=person)
    BodyMemberFactory(body__agenda=agenda, person=person)
    ActivityFactory(agenda=agenda)
    PostFactory(thread__agenda=agenda)
    register.anonymise_person(actor=actors_setup.coordinator, person=PersonFactory(agenda=agenda))
    client = login(actors_setup.superuser)
    assert client.get(reverse(f"admin:actors_{model}_changelist")).status_code == 200


def test_person_change_page_shows_consents_read_only(actors_setup, login):
    person = PersonFactory(agenda=actors_setup.agenda)
    ConsentFactory(person=person, source="Formular Auftakt")
    client = login(actors_setup.superuser)
    page = client.get(reverse("admin:actors_person_change", args=[person.pk])).content.decode()
    assert "Formular Auftakt" in page
    assert 'name="consents-0-source"' not in page
