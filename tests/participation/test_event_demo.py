"""The events demo: six events over the steps, past ones with minutes and attendance, a future
one booked out with a waiting list; loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from regioagenda.participation.models import (
    Event,
    EventAgendaItem,
    EventAttendance,
    Registration,
)
from regioagenda.regions.models import Agenda
from tests.conftest import shared_by_the_module


def snapshot():
    return {
        "events": Event.objects.count(),
        "items": EventAgendaItem.objects.count(),
        "registrations": Registration.objects.count(),
        "walk_ins": EventAttendance.objects.count(),
        "counts": list(
            Event.objects.order_by("title").values_list("title", "confirmed_count", "waiting_count")
        ),
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with shared_by_the_module(django_db_blocker):
        call_command("load_demo", stdout=io.StringIO())
        yield snapshot()


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_the_demo_events(demo, client):
    agenda = Agenda.objects.get(slug="beispielland")
    events = Event.objects.filter(agenda=agenda)
    assert events.count() == 6
    assert set(events.values_list("kind", flat=True)) == {
        "kickoff",
        "workshop",
        "expert_forum",
        "citizen_dialogue",
        "online",
    }
    past = [e for e in events if e.minutes_published]
    assert len(past) == 3
    assert all(EventAttendance.objects.filter(event=e).exists() for e in past)
    booked = events.get(kind="citizen_dialogue")
    assert booked.confirmed_count == booked.capacity and booked.waiting_count > 0
    for event in events:  # the counts agree with the rows
        rows = Registration.objects.filter(event=event)
        assert event.confirmed_count == rows.filter(status="confirmed").count()
        assert event.waiting_count == rows.filter(status="waiting").count()
    response = client.get(reverse("participation:events", args=[agenda.slug]))
    assert response.status_code == 200
    assert "Zukunftswerkstatt Mobilität" in response.content.decode()


def test_loading_again_changes_nothing(demo):
    call_command("load_demo", stdout=io.StringIO())

    assert snapshot() == demo
