"""Shared set-up of the event tests: an event of the team agenda and verified participants."""

import datetime

from django.utils import timezone

from tests.participation_factories import EventFactory, participant, verified


def upcoming_event(team, **kwargs):
    kwargs.setdefault("capacity", 2)
    return EventFactory(agenda=team.agenda, **kwargs)


def past_event(team, **kwargs):
    start = timezone.now() - datetime.timedelta(days=3)
    return EventFactory(
        agenda=team.agenda,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        **kwargs,
    )


def people(team, count):
    return [participant(team.agenda) for _ in range(count)]


def staff(team, name="coordinator"):
    return verified(getattr(team, name))
