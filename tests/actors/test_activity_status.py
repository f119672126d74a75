"""A new activity's status follows its dates unless somebody chose one: starting in the future
is "geplant", ended is "abgeschlossen", otherwise "laufend"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regioagenda.actors.forms.activities import ActivityForm
from regioagenda.actors.models import Activity, ActivityStatus, status_for_dates
from regioagenda.actors.services import activities as services

TODAY = datetime.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (datetime.date(2027, 1, 1), None, ActivityStatus.PLANNED),
        (datetime.date(2027, 1, 1), datetime.date(2028, 1, 1), ActivityStatus.PLANNED),
        (datetime.date(2024, 1, 1), datetime.date(2025, 6, 30), ActivityStatus.COMPLETED),
        (None, datetime.date(2026, 12, 6), ActivityStatus.COMPLETED),
        (datetime.date(2024, 1, 1), datetime.date(2030, 12, 31), ActivityStatus.RUNNING),
        (TODAY, TODAY, ActivityStatus.RUNNING),
        (None, None, ActivityStatus.RUNNING),
    ],
)
def test_status_for_dates(start, end, expected):
    assert status_for_dates(start, end, today=TODAY) == expected


def _next_year():
    return datetime.date(timezone.localdate().year + 1, 3, 1)


def test_the_form_offers_automatic_as_the_default(actors_setup):
    form = ActivityForm(agenda=actors_setup.agenda)
    assert form.fields["status"].initial == ""
    assert form.fields["status"].choices[0][0] == ""


@pytest.mark.django_db
def test_new_activity_starting_next_year_is_planned(actors_setup, login):
    team = actors_setup
    client = login(team.editor)
    response = client.post(
        reverse("actors:activity_create", args=[team.agenda.slug]),
        {
            "title": "Smarte Straßenbeleuchtung",
            "kind": "project",
            "scope": "regional",
            "status": "",
            "start": _next_year().isoformat(),
            "end": "",
            "url": "",
        },
    )

    assert response.status_code == 302
    assert Activity.objects.get().status == ActivityStatus.PLANNED


@pytest.mark.django_db
def test_service_derives_the_status_and_keeps_a_chosen_one(actors_setup):
    team = actors_setup
    ended = services.create_activity(
        actor=team.editor,
        agenda=team.agenda,
        title="Breitbandberatung 2023",
        kind="project",
        scope="regional",
        start=datetime.date(2023, 1, 1),
        end=datetime.date(2023, 12, 31),
    )
    chosen = services.create_activity(
        actor=team.editor,
        agenda=team.agenda,
        title="Dorf-App",
        kind="project",
        scope="regional",
        status=ActivityStatus.RUNNING,
        start=_next_year(),
    )

    assert ended.status == ActivityStatus.COMPLETED
    assert chosen.status == ActivityStatus.RUNNING
