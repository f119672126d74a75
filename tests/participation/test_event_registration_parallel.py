"""Parallel registrations never exceed the capacity and never count twice (PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from regioagenda.participation.models import Event, Registration, RegistrationStatus
from tests.parallel import post_in_parallel
from tests.participation.events_helpers import people, upcoming_event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("parallel writes need PostgreSQL; SQLite serialises every write")


def register_all_at_once(users, url):
    """Each of ``users`` POSTs ``url`` from its own client, released together by a barrier."""
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    statuses, errors = [], []

    def send(client):
        try:
            barrier.wait()
            statuses.append(client.post(url, {"sector": "citizens"}).status_code)
        except BaseException as exc:  # noqa: BLE001 - raised below in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return statuses


def test_twelve_people_for_five_places(team):
    event = upcoming_event(team, capacity=5)
    users = people(team, 12)
    url = reverse("participation:event_register", args=[team.agenda.slug, event.pk])

    statuses = register_all_at_once(users, url)

    assert statuses == [302] * 12
    event = Event.objects.get(pk=event.pk)
    rows = Registration.objects.filter(event=event)
    assert rows.filter(status=RegistrationStatus.CONFIRMED).count() == 5
    assert rows.filter(status=RegistrationStatus.WAITING).count() == 7
    assert (event.confirmed_count, event.waiting_count) == (5, 7)


def test_eight_identical_clicks_register_once(team):
    event = upcoming_event(team, capacity=5)
    (person,) = people(team, 1)
    url = reverse("participation:event_register", args=[team.agenda.slug, event.pk])

    statuses = post_in_parallel(person, url, {"sector": ""})

    assert statuses == [302] * 8
    assert Registration.objects.filter(event=event).count() == 1
    assert Event.objects.get(pk=event.pk).confirmed_count == 1


def test_cancellations_and_registrations_at_once_keep_the_counts_exact(team):
    from regioagenda.participation.services import events as services

    event = upcoming_event(team, capacity=3)
    holders = people(team, 3)
    for holder in holders:
        services.register(actor=holder, event=event)
    newcomers = people(team, 5)
    register_url = reverse("participation:event_register", args=[team.agenda.slug, event.pk])
    cancel_url = reverse("participation:event_unregister", args=[team.agenda.slug, event.pk])
    clients = []
    for user, url in [(h, cancel_url) for h in holders] + [(n, register_url) for n in newcomers]:
        client = Client()
        client.force_login(user)
        clients.append((client, url))
    barrier = threading.Barrier(len(clients))

    def send(client, url):
        try:
            barrier.wait()
            client.post(url, {"sector": ""})
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    event = Event.objects.get(pk=event.pk)
    rows = Registration.objects.filter(event=event)
    confirmed = rows.filter(status=RegistrationStatus.CONFIRMED).count()
    waiting = rows.filter(status=RegistrationStatus.WAITING).count()
    assert confirmed == 3 and waiting == 2
    assert (event.confirmed_count, event.waiting_count) == (confirmed, waiting)
