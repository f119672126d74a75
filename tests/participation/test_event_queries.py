"""Read paths of events answer in a fixed number of queries, and the agenda home and "Mein
Bereich" show what is next."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from regioagenda.core import permissions
from regioagenda.core.registry import todo_providers
from regioagenda.participation.models import Event, EventAgendaItem, Registration
from regioagenda.participation.services import events as services
from tests.conftest import get_counting_queries
from tests.factories import AgendaFactory, MembershipFactory
from tests.participation.events_helpers import past_event, people, upcoming_event
from tests.participation_factories import IdeaFactory

pytestmark = pytest.mark.django_db


def grow(team, count):
    """``count`` more events, each with registrations, programme points and result ideas."""
    guests = people(team, 3)
    for n in range(count):
        event = upcoming_event(team, capacity=2) if n % 2 else past_event(team, capacity=2)
        for guest in guests:
            Registration.objects.create(
                event=event, user=guest, status="confirmed", queued_at=timezone.now()
            )
        for position in range(3):
            EventAgendaItem.objects.create(
                event=event, title=f"Punkt {position}", position=position
            )
        event.result_ideas.set([IdeaFactory(agenda=team.agenda) for _ in range(2)])
        Event.objects.filter(pk=event.pk).update(
            minutes="<p>x</p>", minutes_published=timezone.now()
        )
    return guests


@pytest.mark.parametrize("viewer", ["participant", "coordinator"])
def test_the_list_costs_the_same_for_2_and_12_events(team, viewer, no_staff_mfa):
    user = getattr(team, viewer)
    url = reverse("participation:events", args=[team.agenda.slug])
    grow(team, 2)
    permissions.forget_roles(user)
    _html, few = get_counting_queries(user, url)
    grow(team, 10)
    permissions.forget_roles(user)
    html, many = get_counting_queries(user, url)

    assert many == few
    assert html.count('class="event-card') == 12


@pytest.mark.parametrize("viewer", ["participant", "coordinator"])
def test_the_event_page_costs_the_same_however_much_it_holds(team, viewer, no_staff_mfa):
    user = getattr(team, viewer)
    event = past_event(team, capacity=100)
    url = reverse("participation:event", args=[team.agenda.slug, event.pk])
    Registration.objects.create(
        event=event, user=user, status="confirmed", queued_at=timezone.now(), attended=True
    )
    for guest in people(team, 5):  # enough people for the public chart by sector
        Registration.objects.create(
            event=event,
            user=guest,
            status="confirmed",
            queued_at=timezone.now(),
            attended=True,
            sector="economy",
        )
    EventAgendaItem.objects.create(event=event, title="Begrüßung", position=0)
    event.result_ideas.set([IdeaFactory(agenda=team.agenda)])
    Event.objects.filter(pk=event.pk).update(minutes="<p>x</p>", minutes_published=timezone.now())
    get_counting_queries(user, url)  # the chart is drawn once and then kept in the cache
    permissions.forget_roles(user)
    _html, few = get_counting_queries(user, url)
    for guest in people(team, 10):
        Registration.objects.create(
            event=event,
            user=guest,
            status="confirmed",
            queued_at=timezone.now(),
            attended=True,
            sector="economy",
        )
    for position in range(8):
        EventAgendaItem.objects.create(event=event, title=f"Punkt {position}", position=position)
    event.result_ideas.set([IdeaFactory(agenda=team.agenda) for _ in range(6)])
    get_counting_queries(user, url)
    permissions.forget_roles(user)
    html, many = get_counting_queries(user, url)

    assert many == few
    assert "Punkt 7" in html


def test_the_next_events_on_the_agenda_home_under_the_current_step(team, client):
    team.agenda.current_step = "projects"
    team.agenda.save()
    upcoming_event(team, title="Bürgerdialog im Bürgerhaus")
    upcoming_event(team, title="Abgesagter Termin", is_cancelled=True)
    past_event(team, title="Längst vorbei")

    html = client.get(team.agenda.get_absolute_url()).content.decode()

    assert "Nächste Termine" in html
    assert "Bürgerdialog im Bürgerhaus" in html
    assert "Abgesagter Termin" not in html and "Längst vorbei" not in html
    assert html.count("Nächste Termine") == 1


def test_todos_for_organisers_and_participants_in_fixed_queries(
    team, django_assert_max_num_queries
):
    from regioagenda.participation.queries.events import todos

    done = past_event(team, title="Mit Protokoll")
    Event.objects.filter(pk=done.pk).update(minutes="<p>x</p>", minutes_published=timezone.now())
    past_event(team, title="Werkstatt Mobilität")
    upcoming = upcoming_event(team, title="Bürgerdialog", capacity=5)
    services.register(actor=people(team, 1)[0], event=upcoming)
    agendas = [team.agenda]
    for _ in range(5):  # more agendas do not cost more queries
        other = AgendaFactory(is_public=True)
        MembershipFactory(user=team.coordinator, agenda=other, role="coordinator")
        past_event(SimpleNamespace(agenda=other), title="Anderswo")
        agendas.append(other)
    permissions.forget_roles(team.coordinator)

    with django_assert_max_num_queries(3):
        items = todos(team.coordinator, agendas)

    titles = [t.title for t in items]
    assert "Protokoll für „Werkstatt Mobilität“ schreiben" in titles
    assert "Protokoll für „Mit Protokoll“ schreiben" not in titles
    assert titles.count("Protokoll für „Anderswo“ schreiben") == 5
    assert todos(team.participant, [team.agenda]) == []


def test_a_participant_sees_their_registrations_on_mein_bereich(team):
    (person,) = people(team, 1)
    event = upcoming_event(team, title="Bürgerdialog", capacity=1)
    full = upcoming_event(team, title="Ausgebucht", capacity=1)
    services.register(actor=people(team, 1)[0], event=full)
    services.register(actor=person, event=event)
    services.register(actor=person, event=full)

    items = todo_providers.collect(person, [team.agenda])

    titles = [t.title for t in items]
    assert "Sie sind angemeldet: Bürgerdialog" in titles
    assert "Sie stehen auf der Warteliste: Ausgebucht" in titles
    assert all(not t.is_action for t in items if "Bürgerdialog" in t.title)


def test_the_list_filters_by_kind_and_step_with_htmx(team, client):
    upcoming_event(team, title="Werkstatt A", kind="workshop", step="projects")
    upcoming_event(team, title="Forum B", kind="expert_forum", step="vision")
    url = reverse("participation:events", args=[team.agenda.slug])

    partial = client.get(url, {"art": "workshop"}, HTTP_HX_REQUEST="true").content.decode()
    by_step = client.get(url, {"schritt": "vision"}).content.decode()
    garbage = client.get(url, {"art": "²", "schritt": "<x>"})

    assert "Werkstatt A" in partial and "Forum B" not in partial and "<html" not in partial
    assert "Forum B" in by_step and "Werkstatt A" not in by_step
    assert garbage.status_code == 200
    assert "webcal://testserver/" in client.get(url).content.decode()


def test_reminders_are_sent_once_for_tomorrows_events(team, django_capture_on_commit_callbacks):
    from django.core import mail
    from django.core.management import call_command

    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    soon = upcoming_event(team, title="Morgen", capacity=5)
    soon.starts_at = tomorrow.replace(hour=18, minute=0)
    soon.ends_at = soon.starts_at + datetime.timedelta(hours=2)
    soon.save()
    later = upcoming_event(team, title="Nächste Woche", capacity=5)
    holder, waiting_person, other = people(team, 3)
    services.register(actor=holder, event=soon)
    services.register(actor=other, event=later)
    Event.objects.filter(pk=soon.pk).update(capacity=1)
    soon.refresh_from_db()
    services.register(actor=waiting_person, event=soon)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        again = services.send_reminders()

    assert [m.to for m in mail.outbox] == [[holder.email]]
    assert mail.outbox[0].subject.endswith("Erinnerung: Morgen")
    assert again == 0
    assert Registration.objects.get(user=holder).reminder_sent is not None
