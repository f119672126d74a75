"""Quick capture: a moderator types workshop ideas fast; each is stored once, attributed to its
event, with the classifier's fields as proposals, and bad input stores nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.core import once
from regioagenda.participation.models import Idea, IdeaField
from regioagenda.participation.services import curation as services
from regioagenda.regions.models import AuditAction, AuditEvent
from tests.conftest import get_counting_queries
from tests.curation_factories import setup_curation
from tests.participation_factories import EventFactory


@pytest.fixture
def curation(team, matrix_v1, no_staff_mfa):
    return setup_curation(team)


def test_a_captured_idea_belongs_to_its_event_with_proposed_fields(curation):
    idea = services.capture_idea(
        actor=curation.moderator,
        agenda=curation.agenda,
        event=curation.event,
        title="Glasfaser und 5G für alle Ortsteile",
        body="Schnelles Internet auch in den Dörfern",
    )

    idea.refresh_from_db()
    assert idea.author is None and idea.captured_by == curation.moderator
    assert idea.event == curation.event and idea.step == "vision"
    assert idea.body == "<p>Schnelles Internet auch in den Dörfern</p>"
    fields = list(IdeaField.objects.filter(idea=idea).values_list("field_key", "proposed"))
    assert ("it_infrastructure", True) in fields
    assert all(proposed for _key, proposed in fields)
    assert AuditEvent.objects.filter(action=AuditAction.IDEA_CAPTURED).count() == 1


def test_fields_chosen_by_the_moderator_are_not_proposals(curation):
    idea = services.capture_idea(
        actor=curation.editor,
        agenda=curation.agenda,
        event=None,
        title="Rufbus per App",
        field_keys=["mobility"],
    )

    assert idea.step == curation.agenda.current_step
    assert list(IdeaField.objects.filter(idea=idea).values_list("field_key", "proposed")) == [
        ("mobility", False)
    ]


def test_a_double_enter_creates_one_idea(curation):
    token = once.new_token()
    services.capture_idea(
        actor=curation.moderator, agenda=curation.agenda, event=None, title="A", token=token
    )

    with pytest.raises(once.AlreadySubmitted):
        services.capture_idea(
            actor=curation.moderator, agenda=curation.agenda, event=None, title="A", token=token
        )
    assert Idea.objects.count() == 1


@pytest.mark.parametrize(
    ("title", "body", "keys", "error_key"),
    [
        ("   ", "", [], "title"),
        ("x" * 1_000_000, "", [], "title"),
        ("Gute Idee", "x" * 1_000_000, [], "body"),
        ("Gute Idee", "", ["keinfeld"], "field_keys"),
    ],
)
def test_bad_input_is_answered_and_nothing_stored(curation, title, body, keys, error_key):
    with pytest.raises(ValidationError) as refused:
        services.capture_idea(
            actor=curation.moderator,
            agenda=curation.agenda,
            event=None,
            title=title,
            body=body,
            field_keys=keys,
        )

    assert error_key in refused.value.message_dict
    assert not Idea.objects.exists()


def test_another_agendas_event_is_refused(curation):
    foreign = EventFactory()

    with pytest.raises(ValidationError) as refused:
        services.capture_idea(
            actor=curation.moderator, agenda=curation.agenda, event=foreign, title="Idee"
        )
    assert "event" in refused.value.message_dict
    assert not Idea.objects.exists()


def test_participants_cannot_capture(curation):
    with pytest.raises(PermissionDenied):
        services.capture_idea(
            actor=curation.participant, agenda=curation.agenda, event=None, title="Idee"
        )


def test_correcting_fields_confirms_them(curation):
    idea = services.capture_idea(
        actor=curation.moderator, agenda=curation.agenda, event=None, title="Glasfaser"
    )

    services.correct_fields(actor=curation.moderator, idea=idea, field_keys=["mobility", "energy"])

    assert set(IdeaField.objects.filter(idea=idea).values_list("field_key", "proposed")) == {
        ("mobility", False),
        ("energy", False),
    }


# The page -------------------------------------------------------------------------------------


def _url(team, **query):
    url = reverse("participation:quick_capture", args=[team.agenda.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_page_saves_and_comes_back_empty_for_the_next(curation, client):
    client.force_login(curation.moderator)
    response = client.post(
        _url(curation),
        {
            "title": "Digitale Bürgersprechstunde",
            "event": curation.event.pk,
            "once": once.new_token(),
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"?event={curation.event.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "Digitale Bürgersprechstunde" in page
    assert "autofocus" in page
    assert Idea.objects.get().event == curation.event


def test_htmx_returns_the_form_and_the_new_row(curation, client):
    client.force_login(curation.moderator)
    response = client.post(
        _url(curation),
        {"title": "WLAN im Rathaus", "once": once.new_token()},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "WLAN im Rathaus" in html and "Gespeichert" in html


def test_an_empty_title_is_answered_on_the_form(curation, client):
    client.force_login(curation.moderator)
    response = client.post(_url(curation), {"title": "", "once": once.new_token()})

    assert response.status_code == 422
    assert "kern-error" in response.content.decode()
    assert not Idea.objects.exists()


def test_another_agendas_event_is_a_404_on_the_page(curation, client):
    client.force_login(curation.moderator)
    foreign = EventFactory()

    assert client.get(_url(curation, event=foreign.pk)).status_code == 404
    assert client.post(_url(curation), {"title": "X", "event": foreign.pk}).status_code == 404
    assert client.get(_url(curation, event="²")).status_code == 404
    assert not Idea.objects.exists()


def test_participants_get_403_with_the_reason(curation, client):
    client.force_login(curation.participant)
    response = client.get(_url(curation))

    assert response.status_code == 403
    assert "Team der Agenda" in response.content.decode()


def test_fields_are_corrected_in_the_row(curation, client):
    idea = services.capture_idea(
        actor=curation.moderator, agenda=curation.agenda, event=None, title="Glasfaser"
    )
    client.force_login(curation.moderator)
    url = reverse("participation:quick_capture_fields", args=[curation.agenda.slug, idea.pk])

    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    saved = client.post(url, {"field_keys": ["education"]}, headers={"HX-Request": "true"})

    assert "autofocus" in form and "Felder speichern" in form
    assert saved.status_code == 200 and "Felder ändern" in saved.content.decode()
    assert list(IdeaField.objects.filter(idea=idea).values_list("field_key", flat=True)) == [
        "education"
    ]
    without_js = client.post(url, {"field_keys": ["energy"]})
    assert without_js.status_code == 302


def test_the_page_costs_the_same_queries_for_5_or_25_captures(curation):
    def capture(n):
        for i in range(n):
            services.capture_idea(
                actor=curation.moderator,
                agenda=curation.agenda,
                event=curation.event,
                title=f"Idee {i}",
                field_keys=["energy"],
            )
        return get_counting_queries(curation.moderator, _url(curation, event=curation.event.pk))[1]

    few = capture(5)
    many = capture(20)
    assert many == few
