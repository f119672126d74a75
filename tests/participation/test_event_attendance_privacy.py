"""Attendance by sector: organisers see every figure, the public no figure below five people."""

import pytest
from django.urls import reverse
from django.utils import timezone

from regioagenda.participation.models import EventAttendance, Registration
from regioagenda.participation.queries.events import attendance, attendance_totals
from tests.participation.events_helpers import past_event, people

pytestmark = pytest.mark.django_db


def came(team, event, sector, count):
    for person in people(team, count):
        Registration.objects.create(
            event=event,
            user=person,
            status="confirmed",
            queued_at=timezone.now(),
            attended=True,
            sector=sector,
        )


def test_small_sectors_are_added_up_or_left_out(team):
    event = past_event(team)
    came(team, event, "economy", 3)
    EventAttendance.objects.create(event=event, sector="economy", count=4)  # 7 in all
    EventAttendance.objects.create(event=event, sector="education", count=2)
    EventAttendance.objects.create(event=event, sector="citizens", count=1)

    public = attendance(event, full=False)
    staff = attendance(event, full=True)

    assert [(r.label, r.count) for r in public.rows] == [("Wirtschaft", 7)]
    assert public.others == 0  # 3 people in small sectors: not shown at all
    assert public.total == 7  # the exact 10 would give the remainder of 3 away
    assert {r.label: r.count for r in staff.rows} == {
        "Wirtschaft": 7,
        "Bildung": 2,
        "Bürgerschaft": 1,
    }
    assert staff.total == 10

    EventAttendance.objects.filter(event=event, sector="citizens").update(count=3)
    again = attendance(event, full=False)
    assert again.others == 5 and again.total == 12
    assert [r.label for r in again.chart_rows] == ["Wirtschaft", "Weitere Bereiche (zusammen)"]


def test_the_public_page_shows_no_figure_below_five(team, client, no_staff_mfa):
    event = past_event(team)
    came(team, event, "science", 2)
    EventAttendance.objects.create(event=event, sector="citizens", count=2)
    url = reverse("participation:event", args=[team.agenda.slug, event.pk])

    public = client.get(url).content.decode()
    client.force_login(team.coordinator)
    staff = client.get(url).content.decode()

    assert "Wissenschaft" not in public and "Bürgerschaft" not in public
    assert "Personen haben teilgenommen" not in public
    assert "keine Zahl unter 5 Personen" in public
    assert "Wissenschaft" in staff and "4 Personen haben teilgenommen" in staff


def test_totals_by_sector_over_all_events_for_the_statistics(team):
    first, second = past_event(team), past_event(team)
    came(team, first, "economy", 2)
    came(team, second, "economy", 1)
    EventAttendance.objects.create(event=second, sector="economy", count=10)
    EventAttendance.objects.create(event=first, sector="", count=4)

    assert attendance_totals(team.agenda) == {"economy": 13, "": 4}
