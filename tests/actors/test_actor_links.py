"""``{% actor_link %}`` links an organisation, person, body or activity only where the viewer may
open its page (the predicate the page's view checks), and shows the plain name otherwise."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.core import permissions
from tests.actor_factories import (
    ActivityFactory,
    BodyFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load actor_links %}{% actor_link obj %}")


def render(obj, user, template=TEMPLATE):
    request = RequestFactory().get("/")
    request.user = user
    return template.render(Context({"obj": obj, "request": request}))


def test_organisation_and_person_are_linked_only_for_the_internal_register(actors_setup):
    team = actors_setup
    organisation = OrganisationFactory(agenda=team.agenda, name="Stadtwerke <Teamhausen>")
    person = PersonFactory(agenda=team.agenda, name="Erna Muster")
    internal = reverse("actors:organisation", args=[team.agenda.slug, organisation.pk])

    for user in (AnonymousUser(), team.participant, team.expert):
        assert not permissions.can_view_actors(user, team.agenda)
        html = render(organisation, user)
        assert html == "Stadtwerke &lt;Teamhausen&gt;"
        assert "<a" not in render(person, user)

    html = render(organisation, team.coordinator)
    assert html == f'<a class="kern-link" href="{internal}">Stadtwerke &lt;Teamhausen&gt;</a>'
    assert reverse("actors:person", args=[team.agenda.slug, person.pk]) in render(
        person, team.editor
    )


def test_bodies_and_activities_follow_the_agenda_visibility(actors_setup):
    team = actors_setup
    body = BodyFactory(agenda=team.agenda, name="Lenkungskreis")
    activity = ActivityFactory(agenda=team.agenda, title="Glasfaser")
    assert reverse("actors:body", args=[team.agenda.slug, body.pk]) in render(body, AnonymousUser())
    assert reverse("actors:activity", args=[team.agenda.slug, activity.pk]) in render(
        activity, AnonymousUser()
    )

    hidden = ActivityFactory(title="Verborgen")  # another agenda, not public
    hidden.agenda.is_public = False
    hidden.agenda.save()
    assert render(hidden, AnonymousUser()) == "Verborgen"


def test_the_answer_is_asked_once_per_request_and_agenda(actors_setup):
    team = actors_setup
    organisations = [OrganisationFactory(agenda=team.agenda) for _ in range(5)]
    template = Template(
        "{% load actor_links %}{% for obj in objs %}{% actor_link obj text='x' %}{% endfor %}"
    )
    request = RequestFactory().get("/")
    request.user = team.coordinator
    render(organisations[0], team.coordinator)  # roles loaded for this user object
    with CaptureQueriesContext(connection) as one:
        template.render(Context({"objs": organisations[:1], "request": request}))
    request = RequestFactory().get("/")
    request.user = team.coordinator
    with CaptureQueriesContext(connection) as five:
        html = template.render(Context({"objs": organisations, "request": request}))
    assert html.count("<a ") == 5
    assert len(five) == len(one)
