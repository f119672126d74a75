"""The actors' block on the agenda home."""

from typing import TypedDict

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count

from regioagenda.accounts.models import User
from regioagenda.actors.models import Body, Organisation, Person
from regioagenda.actors.queries.activities import agenda_activities
from regioagenda.actors.queries.register import visible_people_filter
from regioagenda.core import permissions
from regioagenda.regions.models import Agenda


class AgendaSection(TypedDict):
    agenda: Agenda
    organisations: int
    people: int
    public_people: int
    bodies: int
    activities: int
    can_view_register: bool
    can_enter_forum: bool


def agenda_section(agenda: Agenda, user: User | AnonymousUser | None) -> AgendaSection | None:
    """Counts and links for the agenda home, or None when there is nothing to show yet."""
    if not permissions.can_view_public_actors(user, agenda):
        return None
    organisations = Organisation.objects.filter(agenda=agenda).count()
    people = Person.objects.filter(agenda=agenda, is_anonymised=False).aggregate(
        total=Count("pk"), public=Count("pk", filter=visible_people_filter())
    )
    bodies = Body.objects.filter(agenda=agenda).count()
    activities = agenda_activities(agenda, user).count()
    if not (organisations or people["total"] or bodies or activities):
        return None
    return {
        "agenda": agenda,
        "organisations": organisations,
        "people": people["total"],
        "public_people": people["public"],
        "bodies": bodies,
        "activities": activities,
        "can_view_register": permissions.can_view_actors(user, agenda),
        "can_enter_forum": permissions.can_enter_expert_forum(user, agenda),
    }
