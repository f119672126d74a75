"""Submitting an idea: in the current step whose phase collects ideas, with fields proposed by
the classifier, a place from the agenda's area, once per form, and refusals with a reason."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.accounts.models import AgendaBlock
from regioagenda.participation.models import Idea, IdeaField
from regioagenda.participation.services import ideas as services
from regioagenda.regions.models import AuditEvent
from tests.factories import RegionFactory
from tests.idea_fixtures import gemeinde
from tests.participation_factories import PhaseFactory

TOKEN = re.compile(r'name="once" value="([^"]+)"')
TEXT = "<p>Glasfaser und Mobilfunk für alle Ortsteile, damit Betriebe bleiben.</p>"


def url(name, *args):
    return reverse(f"participation:{name}", args=["teamhausen", *args])


@pytest.mark.django_db
def test_a_participant_submits_an_idea_with_chosen_fields_and_place(ideas_setup, login):
    client = login(ideas_setup.participant)
    page = client.get(url("idea_create"))
    [token] = TOKEN.findall(page.content.decode())
    place = ideas_setup.places[1]

    response = client.post(
        url("idea_create"),
        {
            "title": "  Glasfaser   fürs Gewerbegebiet ",
            "body": TEXT + "<script>alert(1)</script>",
            "fields": ["it_infrastructure", "work"],
            "place": str(place.pk),
            "once": token,
        },
    )

    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert idea.title == "Glasfaser fürs Gewerbegebiet"
    assert "script" not in idea.body and idea.author == ideas_setup.participant
    assert idea.step == "projects" and idea.place == place and idea.status == "new"
    assert set(
        IdeaField.objects.filter(idea=idea, proposed=False).values_list("field_key", flat=True)
    ) == {
        "it_infrastructure",
        "work",
    }
    assert AuditEvent.objects.filter(action="participation.idea_created").count() == 1
    # the same form again creates nothing and leads to the first idea
    again = client.post(url("idea_create"), {"title": "x", "body": "y", "once": token})
    assert again.status_code == 302 and Idea.objects.count() == 1


@pytest.mark.django_db
def test_without_chosen_fields_the_classifier_proposal_is_stored_unconfirmed(ideas_setup):
    idea = services.create_idea(
        actor=ideas_setup.participant,
        agenda=ideas_setup.agenda,
        title="Glasfaser und Mobilfunk für alle Ortsteile",
        body="Schnelles Internet und 5G auch in den Dörfern.",
    )

    fields = list(IdeaField.objects.filter(idea=idea).values_list("field_key", "proposed"))
    assert ("it_infrastructure", True) in fields
    assert all(proposed for _key, proposed in fields)
    assert idea.body.startswith("<p>")  # plain text keeps its paragraph


@pytest.mark.django_db
def test_vorschlag_holen_checks_the_proposed_fields_without_saving(ideas_setup, login):
    client = login(ideas_setup.participant)

    response = client.post(
        url("idea_create"),
        {"title": "Glasfaser und Mobilfunk für alle Ortsteile", "body": TEXT, "vorschlag": "1"},
    )

    html = response.content.decode()
    assert response.status_code == 200 and Idea.objects.count() == 0
    assert re.search(r'value="it_infrastructure" checked', html)
    partial = client.post(
        url("idea_create"),
        {"title": "Glasfaser", "body": TEXT, "vorschlag": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert partial.content.decode().lstrip().startswith("<fieldset")


@pytest.mark.django_db
def test_ideas_are_refused_outside_a_step_that_collects_them(ideas_setup):
    agenda = ideas_setup.agenda
    agenda.current_step = "vision"
    agenda.save()

    with pytest.raises(ValidationError, match="werden gerade keine Ideen gesammelt"):
        services.create_idea(actor=ideas_setup.participant, agenda=agenda, title="A", body="B")

    PhaseFactory(agenda=agenda, step="vision", modules=["survey"])
    with pytest.raises(ValidationError):
        services.create_idea(actor=ideas_setup.participant, agenda=agenda, title="A", body="B")
    assert Idea.objects.count() == 0


@pytest.mark.django_db
def test_bad_input_is_answered_per_field_and_nothing_is_stored(ideas_setup, login):
    foreign = gemeinde(RegionFactory(ags="09999"), 1, "Fremdort")
    client = login(ideas_setup.participant)

    response = client.post(
        url("idea_create"),
        {
            "title": "T" * 201,
            "body": "<ul>" * 200 + "tief",
            "place": str(foreign.pk),
            "latitude": "²",
            "longitude": "11",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400 and Idea.objects.count() == 0
    assert "Bitte wählen Sie eine Gemeinde aus dem Gebiet dieser Agenda." in html
    assert "Breite und Länge" in html and "höchstens 200 Zeichen" in html
    huge = client.post(url("idea_create"), {"title": "Groß", "body": "x" * 1_000_000})
    assert huge.status_code == 400 and "höchstens" in huge.content.decode()
    deep = client.post(url("idea_create"), {"title": "Tief", "body": "<ul><li>" * 100})
    assert "verschachtelt" in deep.content.decode()
    assert deep.status_code == 400 and Idea.objects.count() == 0


@pytest.mark.django_db
def test_honeypot_unverified_and_blocked_people_are_refused(ideas_setup, login):
    client = login(ideas_setup.participant)
    bot = client.post(url("idea_create"), {"title": "Spam", "body": "Spam", "homepage": "x"})
    assert bot.status_code == 400 and "automatisch ausgefüllt" in bot.content.decode()

    AgendaBlock.objects.create(
        user=ideas_setup.participant, agenda=ideas_setup.agenda, reason="Spam"
    )
    blocked = login(ideas_setup.participant).get(url("idea_create"))
    assert blocked.status_code == 403 and "Grund: Spam" in blocked.content.decode()

    from tests.factories import UserFactory

    unverified = UserFactory()
    with pytest.raises(PermissionDenied, match="E-Mail-Adresse"):
        services.create_idea(actor=unverified, agenda=ideas_setup.agenda, title="A", body="B")
    assert Idea.objects.count() == 0


@pytest.mark.django_db
def test_the_author_edits_while_new_and_not_afterwards(ideas_setup, login):
    idea = services.create_idea(
        actor=ideas_setup.participant, agenda=ideas_setup.agenda, title="Alt", body="Text"
    )
    client = login(ideas_setup.participant)

    response = client.post(
        url("idea_edit", idea.pk), {"title": "Neu", "body": "Besser", "fields": ["mobility"]}
    )

    idea.refresh_from_db()
    assert response.status_code == 302 and idea.title == "Neu"
    assert list(idea.fields.values_list("field_key", "proposed")) == [("mobility", False)]
    services.answer_idea(actor=ideas_setup.moderator, idea=idea, status="review")
    assert login(ideas_setup.participant).get(url("idea_edit", idea.pk)).status_code == 403
    other = login(ideas_setup.others[0]).get(url("idea_edit", idea.pk))
    assert other.status_code == 403
