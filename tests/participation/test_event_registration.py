"""Registering for an event: places, waiting list, moving up, and every refusal."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from regioagenda.accounts.models import AgendaBlock
from regioagenda.core import permissions
from regioagenda.participation.models import Event, Participant, Registration, RegistrationStatus
from regioagenda.participation.services import events as services
from tests.participation.events_helpers import people, upcoming_event

pytestmark = pytest.mark.django_db(transaction=False)


def fresh(event):
    return Event.objects.get(pk=event.pk)


def test_places_fill_then_the_waiting_list(team, django_capture_on_commit_callbacks):
    event = upcoming_event(team, capacity=2)
    first, second, third, fourth = people(team, 4)

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            services.register(actor=person, event=event).status
            for person in (first, second, third, fourth)
        ]

    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    event = fresh(event)
    assert (event.confirmed_count, event.waiting_count) == (2, 2)
    assert [m.to for m in mail.outbox] == [[p.email] for p in (first, second, third, fourth)]
    assert "Anmeldung bestätigt" in mail.outbox[0].subject
    assert "Warteliste" in mail.outbox[2].subject
    assert "kalender.ics" in mail.outbox[0].body  # the calendar file is linked


def test_cancelling_moves_the_first_in_the_queue_up_and_tells_them(
    team, django_capture_on_commit_callbacks
):
    event = upcoming_event(team, capacity=1)
    holder, later, earlier = people(team, 3)
    services.register(actor=holder, event=event)
    services.register(actor=later, event=event)
    services.register(actor=earlier, event=event)
    # The queue goes by queued_at, not by row id.
    Registration.objects.filter(user=earlier).update(
        queued_at=timezone.now() - datetime.timedelta(hours=1)
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(actor=holder, event=event)

    assert Registration.objects.get(user=holder).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(user=earlier).status == RegistrationStatus.CONFIRMED
    assert Registration.objects.get(user=later).status == RegistrationStatus.WAITING
    assert (fresh(event).confirmed_count, fresh(event).waiting_count) == (1, 1)
    assert [m.to for m in mail.outbox] == [[earlier.email]]
    assert "Platz ist frei" in mail.outbox[0].subject


def test_leaving_the_waiting_list_moves_nobody(team):
    event = upcoming_event(team, capacity=1)
    holder, waiting = people(team, 2)
    services.register(actor=holder, event=event)
    services.register(actor=waiting, event=event)

    services.cancel_registration(actor=waiting, event=event)

    assert (fresh(event).confirmed_count, fresh(event).waiting_count) == (1, 0)
    assert Registration.objects.get(user=holder).status == RegistrationStatus.CONFIRMED


def test_registering_twice_gives_the_same_registration(team):
    event = upcoming_event(team, capacity=5)
    (person,) = people(team, 1)

    first = services.register(actor=person, event=event)
    again = services.register(actor=person, event=event)

    assert first.pk == again.pk
    assert Registration.objects.filter(event=event).count() == 1
    assert fresh(event).confirmed_count == 1


def test_registering_again_after_cancelling_goes_to_the_end_of_the_queue(team):
    event = upcoming_event(team, capacity=1)
    first, second = people(team, 2)
    services.register(actor=first, event=event)
    services.cancel_registration(actor=first, event=event)
    services.register(actor=second, event=event)

    again = services.register(actor=first, event=event)

    assert again.status == RegistrationStatus.WAITING
    assert Registration.objects.filter(event=event, user=first).count() == 1
    assert (fresh(event).confirmed_count, fresh(event).waiting_count) == (1, 1)


def test_more_places_move_people_up(team, django_capture_on_commit_callbacks):
    event = upcoming_event(team, capacity=1)
    holder, waiting = people(team, 2)
    services.register(actor=holder, event=event)
    services.register(actor=waiting, event=event)
    data = services.EventData(
        title=event.title,
        kind=event.kind,
        step=event.step,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        place=event.place,
        capacity=3,
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.update_event(actor=team.coordinator, event=event, data=data)

    assert Registration.objects.get(user=waiting).status == RegistrationStatus.CONFIRMED
    assert (fresh(event).confirmed_count, fresh(event).waiting_count) == (2, 0)
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_fewer_places_than_registrations_are_refused(team):
    event = upcoming_event(team, capacity=3)
    for person in people(team, 2):
        services.register(actor=person, event=event)
    data = services.EventData(
        title=event.title,
        kind=event.kind,
        step=event.step,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        place=event.place,
        capacity=1,
    )

    with pytest.raises(ValidationError) as refused:
        services.update_event(actor=team.coordinator, event=event, data=data)

    assert "bereits 2 Personen" in refused.value.message_dict["capacity"][0]
    assert fresh(event).capacity == 3


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"registration_deadline": timezone.now() - datetime.timedelta(hours=1)}, "Anmeldeschluss"),
        ({"is_cancelled": True}, "abgesagt"),
        ({"registration_required": False}, "keine Anmeldung nötig"),
        ({"is_draft": True}, "noch nicht angekündigt"),
        (
            {
                "starts_at": timezone.now() - datetime.timedelta(hours=1),
                "ends_at": timezone.now() + datetime.timedelta(hours=1),
            },
            "bereits begonnen",
        ),
    ],
    ids=["deadline passed", "cancelled", "no registration", "draft", "started"],
)
def test_refusals_say_why_and_store_nothing(team, change, sentence):
    event = upcoming_event(team, **change)
    (person,) = people(team, 1)

    with pytest.raises(ValidationError) as refused:
        services.register(actor=person, event=event)

    assert sentence in " ".join(refused.value.messages)
    assert not Registration.objects.filter(event=event).exists()
    assert fresh(event).confirmed_count == 0
    assert not mail.outbox


def test_a_blocked_person_and_an_unconfirmed_email_are_refused(team):
    event = upcoming_event(team)
    (blocked,) = people(team, 1)
    AgendaBlock.objects.create(user=blocked, agenda=team.agenda, reason="Spam")
    permissions.forget_blocks(blocked)

    with pytest.raises(PermissionDenied, match="gesperrt"):
        services.register(actor=blocked, event=event)
    with pytest.raises(PermissionDenied, match="E-Mail-Adresse"):
        services.register(actor=team.outsider, event=event)
    assert not Registration.objects.exists()


def test_the_sector_is_stored_and_given_to_the_participant_once(team):
    event = upcoming_event(team)
    other = upcoming_event(team)
    (person,) = people(team, 1)

    registration = services.register(actor=person, event=event, sector="economy")
    services.register(actor=person, event=other, sector="education")

    assert registration.sector == "economy"
    assert Participant.objects.get(agenda=team.agenda, user=person).sector == "economy"
    with pytest.raises(ValidationError):
        services.register(actor=person, event=upcoming_event(team), sector="nonsense")


def test_the_register_page_flow_with_honeypot_and_state(team, client):
    event = upcoming_event(team, capacity=1)
    first, second = people(team, 2)
    url = reverse("participation:event_register", args=[team.agenda.slug, event.pk])
    page = reverse("participation:event", args=[team.agenda.slug, event.pk])

    client.force_login(first)
    bot = client.post(url, {"sector": "", "homepage": "http://spam.example"})
    assert bot.status_code == 400
    assert not Registration.objects.exists()
    assert client.post(url, {"sector": "citizens"}).status_code == 302
    assert "Sie sind angemeldet." in client.get(page).content.decode()

    client.force_login(second)
    client.post(url, {"sector": ""})
    html = client.get(page).content.decode()
    assert "Sie stehen auf der Warteliste, Platz 1." in html

    client.force_login(first)
    unregister = reverse("participation:event_unregister", args=[team.agenda.slug, event.pk])
    assert client.post(unregister).status_code == 302
    assert Registration.objects.get(user=second).status == RegistrationStatus.CONFIRMED


def test_many_registrations_hit_the_rate_limit(team, settings):
    settings.REGIOAGENDA_CONTRIBUTION_LIMITS = {"registration": (2, 100)}
    (person,) = people(team, 1)
    for _ in range(2):
        services.register(actor=person, event=upcoming_event(team), address="198.51.100.7")

    with pytest.raises(ValidationError, match="sehr viele"):
        services.register(actor=person, event=upcoming_event(team), address="198.51.100.7")
