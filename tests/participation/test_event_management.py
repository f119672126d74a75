"""Organisers plan, change and cancel events through the pages; nobody else may, and another
agenda's events are not found."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regioagenda.participation.models import Event, EventAgendaItem, Registration
from regioagenda.participation.services import events as services
from regioagenda.regions.models import AuditEvent
from tests.factories import AgendaFactory
from tests.participation.events_helpers import past_event, people, upcoming_event
from tests.participation_factories import EventFactory, IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(team, client, no_staff_mfa):
    client.force_login(team.coordinator)
    return client


def form_data(**changes):
    data = {
        "title": "Zukunftswerkstatt Mobilität",
        "kind": "workshop",
        "step": "projects",
        "starts_at": "2030-05-12T18:00",
        "ends_at": "2030-05-12T21:00",
        "place": "Mehrgenerationenhaus",
        "address": "",
        "online_url": "",
        "accessibility": "Stufenloser Zugang",
        "capacity": "30",
        "registration_required": "on",
        "registration_deadline": "",
        "moderator": "",
        "description": "<p>Wie kommen wir <script>alert(1)</script>ohne Auto zum Arzt?</p>",
    }
    data.update(changes)
    return data


def test_create_an_event_in_berlin_time_sanitised_and_once(team, organiser):
    url = reverse("participation:event_create", args=[team.agenda.slug])
    data = form_data(moderator=str(team.moderator.pk), once="x" * 32)

    response = organiser.post(url, data)
    again = organiser.post(url, data)

    assert response.status_code == 302 and again.status_code == 302
    event = Event.objects.get()
    assert timezone.localtime(event.starts_at).hour == 18
    assert event.starts_at == datetime.datetime(2030, 5, 12, 16, 0, tzinfo=datetime.UTC)
    assert "<script>" not in event.description and "ohne Auto" in event.description
    assert event.moderator == team.moderator
    assert AuditEvent.objects.filter(action="participation.event_created").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": "²"}, "starts_at"),
        ({"starts_at": "31.02.2030 18:00"}, "starts_at"),
        ({"capacity": "²"}, "capacity"),
        ({"capacity": "-3"}, "capacity"),
        ({"ends_at": "2030-05-12T17:00"}, "ends_at"),
        ({"registration_deadline": "2030-05-13T10:00"}, "registration_deadline"),
        ({"kind": "online", "place": ""}, "online_url"),
        ({"place": ""}, "place"),
        ({"kind": "party"}, "kind"),
        ({"title": "x" * 201}, "title"),
        ({"description": "<ul>" * 5000}, "description"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_stored(team, organiser, changes, field):
    url = reverse("participation:event_create", args=[team.agenda.slug])

    response = organiser.post(url, form_data(**changes))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Event.objects.exists()


def test_a_participant_as_moderator_is_refused(team, organiser):
    url = reverse("participation:event_create", args=[team.agenda.slug])

    response = organiser.post(url, form_data(moderator=str(team.participant.pk)))

    assert response.status_code == 400
    assert "moderator" in response.context["form"].errors


def test_moving_an_event_mails_the_registered(team, organiser, django_capture_on_commit_callbacks):
    event = upcoming_event(team, capacity=5)
    (person,) = people(team, 1)
    services.register(actor=person, event=event)
    mail.outbox.clear()
    url = reverse("participation:event_edit", args=[team.agenda.slug, event.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(url, form_data(title=event.title, capacity="5"))

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.sequence == 1
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "Geändert" in mail.outbox[0].subject


def test_cancelling_tells_everyone_registered_once(
    team, organiser, django_capture_on_commit_callbacks
):
    event = upcoming_event(team, capacity=1)
    holder, waiting = people(team, 2)
    services.register(actor=holder, event=event)
    services.register(actor=waiting, event=event)
    mail.outbox.clear()
    url = reverse("participation:event_cancel", args=[team.agenda.slug, event.pk])

    with django_capture_on_commit_callbacks(execute=True):
        assert organiser.post(url, {"reason": "Die Referentin ist erkrankt."}).status_code == 302
    second = organiser.post(url, {"reason": ""})

    assert sorted(m.to[0] for m in mail.outbox) == sorted([holder.email, waiting.email])
    assert "Die Referentin ist erkrankt." in mail.outbox[0].body
    assert second.status_code == 400
    event.refresh_from_db()
    assert event.is_cancelled and event.sequence == 1


def test_the_programme_with_htmx(team, organiser):
    event = upcoming_event(team)
    url = reverse("participation:event_programme", args=[team.agenda.slug, event.pk])
    htmx = {"HTTP_HX_REQUEST": "true"}

    for title in ("Begrüßung", "Impuls", "Gruppenarbeit"):
        response = organiser.post(url, {"action": "add", "title": title, "starts_at": ""}, **htmx)
        assert response.status_code == 200
    first, second, third = EventAgendaItem.objects.filter(event=event)
    organiser.post(url, {"action": "up", "item": third.pk}, **htmx)
    organiser.post(url, {"action": "remove", "item": first.pk}, **htmx)
    bad = organiser.post(url, {"action": "add", "title": "", "starts_at": "²"}, **htmx)

    assert list(event.items.values_list("title", "position")) == [
        ("Gruppenarbeit", 1),
        ("Impuls", 2),
    ]
    assert bad.status_code == 400 and "starts_at" in bad.context["form"].errors
    other = EventFactory()
    item = EventAgendaItem.objects.create(event=other, title="Fremd", position=1)
    assert organiser.post(url, {"action": "remove", "item": item.pk}).status_code == 404


def test_minutes_and_results_appear_when_published(team, organiser, client):
    event = past_event(team)
    own = IdeaFactory(agenda=team.agenda, title="Rufbus per App")
    foreign = IdeaFactory(title="Idee einer anderen Agenda")
    minutes_url = reverse("participation:event_minutes", args=[team.agenda.slug, event.pk])
    results_url = reverse("participation:event_results", args=[team.agenda.slug, event.pk])

    organiser.post(minutes_url, {"minutes": "<p>Ergebnisprotokoll der Werkstatt</p>"})
    assert organiser.post(results_url, {"ideas": [own.pk]}).status_code == 302
    assert organiser.post(results_url, {"ideas": [foreign.pk]}).status_code == 400
    page = reverse("participation:event", args=[team.agenda.slug, event.pk])
    client.logout()
    assert "Ergebnisprotokoll" not in client.get(page).content.decode()

    client.force_login(team.coordinator)
    client.post(minutes_url, {"minutes": "<p>Ergebnisprotokoll der Werkstatt</p>", "publish": "on"})
    client.logout()
    html = client.get(page).content.decode()
    assert "Ergebnisprotokoll" in html and "Rufbus per App" in html


def test_minutes_of_a_future_event_cannot_be_published(team, organiser):
    event = upcoming_event(team)
    url = reverse("participation:event_minutes", args=[team.agenda.slug, event.pk])

    response = organiser.post(url, {"minutes": "<p>Vorab</p>", "publish": "on"})

    assert response.status_code == 400
    event.refresh_from_db()
    assert event.minutes_published is None


def test_recording_attendance(team, organiser):
    event = past_event(team, capacity=10)
    came, absent = people(team, 2)
    for person in (came, absent):
        Registration.objects.create(
            event=event, user=person, status="confirmed", queued_at=timezone.now(), sector="economy"
        )
    Event.objects.filter(pk=event.pk).update(confirmed_count=2)
    url = reverse("participation:event_attendance", args=[team.agenda.slug, event.pk])
    came_reg = Registration.objects.get(user=came)

    response = organiser.post(
        url, {"attended": [came_reg.pk], "walk_ins_citizens": "7", "walk_ins_none": "2"}
    )
    bad = organiser.post(url, {"walk_ins_citizens": "²"})

    assert response.status_code == 302
    assert bad.status_code == 400
    assert Registration.objects.get(user=came).attended is True
    assert Registration.objects.get(user=absent).attended is False
    assert dict(event.walk_ins.values_list("sector", "count")) == {"citizens": 7, "": 2}


@pytest.mark.parametrize("name", ["expert", "participant", "outsider"])
def test_others_get_403_with_the_reason_and_no_links(team, client, name):
    event = upcoming_event(team)
    client.force_login(getattr(team, name))
    slug = team.agenda.slug

    for url in (
        reverse("participation:event_create", args=[slug]),
        reverse("participation:event_edit", args=[slug, event.pk]),
        reverse("participation:event_cancel", args=[slug, event.pk]),
        reverse("participation:event_programme", args=[slug, event.pk]),
        reverse("participation:event_minutes", args=[slug, event.pk]),
        reverse("participation:event_results", args=[slug, event.pk]),
        reverse("participation:event_attendance", args=[slug, event.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Koordination, Moderation und Redaktion" in response.content.decode()
    page = client.get(reverse("participation:event", args=[slug, event.pk])).content.decode()
    assert "/bearbeiten/" not in page and "/absagen/" not in page


def test_another_agendas_event_is_not_found(team, organiser, client):
    foreign = EventFactory(agenda=AgendaFactory(is_public=True))
    slug = team.agenda.slug

    for name in ("event", "event_ics", "event_edit", "event_attendance", "event_minutes"):
        assert (
            organiser.get(reverse(f"participation:{name}", args=[slug, foreign.pk])).status_code
            == 404
        )
    assert (
        organiser.post(reverse("participation:event_register", args=[slug, foreign.pk])).status_code
        == 404
    )


def test_drafts_are_for_organisers_only(team, organiser, client):
    draft = upcoming_event(team, is_draft=True, title="Geheimer Entwurf")
    page = reverse("participation:event", args=[team.agenda.slug, draft.pk])
    listing = reverse("participation:events", args=[team.agenda.slug])

    assert organiser.get(page).status_code == 200
    assert "Geheimer Entwurf" in organiser.get(listing).content.decode()
    client.logout()
    assert client.get(page).status_code == 404
    assert "Geheimer Entwurf" not in client.get(listing).content.decode()
