"""The calendar files are valid RFC 5545 as the icalendar package reads them."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from regioagenda.participation.services import events as services
from tests.participation.events_helpers import upcoming_event
from tests.participation_factories import EventFactory

pytestmark = pytest.mark.django_db

TRICKY = "Workshop; Daten, Netze & Ämter\nzweite Zeile – Übergrößen: äöüß"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_one_event_as_ics(team, client):
    event = upcoming_event(
        team,
        title=TRICKY,
        description="<p>Bitte <strong>Laptop</strong> mitbringen; Kaffee, Tee.</p><ul><li>Punkt</li></ul>",
        address="Schlossplatz 1, 96001 Beispielstadt",
    )
    response = client.get(reverse("participation:event_ics", args=[team.agenda.slug, event.pk]))

    calendar = parse(response)
    assert "attachment" in response["Content-Disposition"]
    assert str(calendar["VERSION"]) == "2.0"
    assert "Regio Agenda" in str(calendar["PRODID"])
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"{event.uid}@testserver"
    assert str(vevent["SUMMARY"]) == TRICKY
    assert vevent["DTSTAMP"].dt.tzinfo is not None
    start = vevent["DTSTART"]
    assert start.params["TZID"] == "Europe/Berlin"
    assert start.dt == event.starts_at.replace(microsecond=0)
    assert vevent["DTEND"].dt == event.ends_at.replace(microsecond=0)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    description = str(vevent["DESCRIPTION"])
    assert "<" not in description and "Laptop" in description and "• Punkt" in description
    assert str(vevent["LOCATION"]) == f"{event.place}, Schlossplatz 1, 96001 Beispielstadt"
    assert str(vevent["URL"]).endswith(f"/termine/{event.pk}/")
    assert vevent["SEQUENCE"] == 0
    assert str(vevent["STATUS"]) == "CONFIRMED"
    # Lines are folded at 75 octets by the library.
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))


def test_a_cancelled_event_has_a_higher_sequence_and_is_cancelled(team, client):
    event = upcoming_event(team)
    services.cancel_event(actor=team.coordinator, event=event, reason="Krankheit der Referentin")

    (vevent,) = parse(
        client.get(reverse("participation:event_ics", args=[team.agenda.slug, event.pk]))
    ).walk("VEVENT")

    assert vevent["SEQUENCE"] == 1
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "Krankheit der Referentin" in str(vevent["DESCRIPTION"])


def test_a_change_of_time_raises_the_sequence_a_change_of_capacity_not(team):
    event = upcoming_event(team, capacity=10)

    def data(**changes):
        values = {
            "title": event.title,
            "kind": event.kind,
            "step": event.step,
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "place": event.place,
            "capacity": 10,
        }
        values.update(changes)
        return services.EventData(**values)

    services.update_event(actor=team.coordinator, event=event, data=data(capacity=20))
    event.refresh_from_db()
    assert event.sequence == 0
    later = event.starts_at + datetime.timedelta(hours=1)
    services.update_event(
        actor=team.coordinator,
        event=event,
        data=data(capacity=20, starts_at=later, ends_at=later + datetime.timedelta(hours=2)),
    )
    event.refresh_from_db()
    assert event.sequence == 1


def test_the_agenda_feed_has_every_announced_event_but_no_drafts(team, client):
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    summer = upcoming_event(team, title="Sommer")
    summer.starts_at = datetime.datetime(2027, 7, 1, 18, 0, tzinfo=berlin)
    summer.ends_at = summer.starts_at + datetime.timedelta(hours=2)
    summer.save()
    cancelled = upcoming_event(team, title="Abgesagt", is_cancelled=True)
    upcoming_event(team, title="Entwurf", is_draft=True)
    EventFactory(title="Andere Agenda")

    response = client.get(reverse("participation:events_ics", args=[team.agenda.slug]))
    calendar = parse(response)

    titles = {str(v["SUMMARY"]): v for v in calendar.walk("VEVENT")}
    assert set(titles) == {"Sommer", "Abgesagt"}
    assert str(titles["Abgesagt"]["STATUS"]) == "CANCELLED"
    assert titles["Sommer"]["DTSTART"].dt.hour == 18  # local time in summer (UTC+2)
    assert titles["Sommer"]["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=2)
    assert str(titles["Abgesagt"]["UID"]) == f"{cancelled.uid}@testserver"
    assert "Teamhausen" in str(calendar["X-WR-CALNAME"])


def test_a_draft_has_no_ics_for_the_public(team, client):
    event = upcoming_event(team, is_draft=True)
    url = reverse("participation:event_ics", args=[team.agenda.slug, event.pk])

    assert client.get(url).status_code == 404


def test_the_meeting_link_of_an_event_with_registration_stays_out_of_the_feed(team, client):
    closed = upcoming_event(
        team, kind="online", place="", online_url="https://meet.example/geheim", title="Mit"
    )
    open_ = upcoming_event(
        team,
        kind="online",
        place="",
        online_url="https://meet.example/offen",
        registration_required=False,
        title="Ohne",
    )

    body = client.get(reverse("participation:events_ics", args=[team.agenda.slug])).content
    events = {str(v["SUMMARY"]): v for v in icalendar.Calendar.from_ical(body).walk("VEVENT")}

    assert b"geheim" not in body
    assert str(events["Mit"]["LOCATION"]) == "Online"
    assert "https://meet.example/offen" in str(events["Ohne"]["DESCRIPTION"])
    assert closed.pk and open_.pk
