"""Participation statistics: the numbers, the "< 5" rule everywhere, the registry, the page."""

import datetime

import pytest
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from regioagenda.participation.models import Idea, Participant
from regioagenda.participation.queries import statistics as queries
from regioagenda.participation.statistics import (
    MIN_PEOPLE,
    ContributionSource,
    Figure,
    contribution_sources,
    protect,
)
from tests.factories import AgendaFactory, UserFactory
from tests.participation_factories import (
    CommentFactory,
    EventFactory,
    IdeaFactory,
    RegistrationFactory,
    SupportFactory,
)

pytestmark = pytest.mark.django_db


def test_protect_is_the_one_rule():
    assert protect(0, 0) == "0"
    assert protect(3, 3) == "< 5"
    assert protect(40, 4) == "< 5"  # many contributions of few people: still hidden
    assert protect(5, 5) == "5"
    assert protect(12345, 900) == "12.345"
    assert Figure(7, 4).chart_value is None and Figure(7, 5).chart_value == 7
    assert MIN_PEOPLE == 5


def people(n):
    return [UserFactory() for _ in range(n)]


def test_counts_per_step_source_and_sector(team):
    agenda = team.agenda
    vision = people(6)
    for user in vision:
        IdeaFactory(agenda=agenda, step="vision", author=user)
    idea = Idea.objects.filter(agenda=agenda).first()
    few = people(3)
    for user in few:
        SupportFactory(idea=idea, user=user)
    for user in vision:
        CommentFactory(on=idea, author=user)
    hidden = IdeaFactory(agenda=agenda, step="vision", author=few[0], hidden=timezone.now())
    assert hidden.pk
    # Sectors: five say "economy"; one registers for an event as "science".
    for user in vision[:5]:
        Participant.objects.create(agenda=agenda, user=user, sector="economy")
    event = EventFactory(agenda=agenda, step="vision")
    RegistrationFactory(event=event, user=vision[5], sector="science")

    stats = queries.compute(agenda)
    assert stats.people.value == 9  # 6 authors + 3 supporters; the hidden idea does not count
    assert stats.people.display == "9"
    row = stats.for_step("vision")
    keys = [key for key, _label in stats.sources]
    cells = dict(zip(keys, row.cells, strict=True))
    assert cells["ideas"].display == "6"
    assert cells["supports"].display == "< 5"
    assert cells["comments"].display == "6"
    assert cells["registrations"].display == "< 5"
    assert row.total.value == 6 + 3 + 6 + 1 and row.total.people == 9
    assert row.people.display == "9"
    assert stats.for_step("projects").total.display == "0"
    sectors = {r.key: r for r in stats.by_sector}
    assert sectors["economy"].total.people == 5 and sectors["economy"].total.display == "10"
    assert sectors["science"].total.display == "< 5"
    assert sectors[""].total.display == "< 5"  # the three supporters said nothing


def test_other_agendas_do_not_count(team):
    other = AgendaFactory()
    for user in people(6):
        IdeaFactory(agenda=other, author=user)
    assert queries.compute(team.agenda).is_empty


def test_weeks_are_counted_and_small_weeks_hidden(team):
    agenda = team.agenda
    for user in people(5):
        IdeaFactory(agenda=agenda, author=user)
    old = IdeaFactory(agenda=agenda, author=UserFactory())
    Idea.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=21))
    stats = queries.compute(agenda)
    assert len(stats.by_week) == 2
    assert stats.by_week[0].total.display == "< 5"
    assert stats.by_week[1].total.display == "5"
    chart = queries.weekly_chart(stats)
    assert "<svg" in chart.svg


def test_registered_sources_are_counted_without_import(team):
    """A later part (surveys) registers its own source; the statistics count it."""

    def survey_rows(agenda) -> QuerySet:
        # Stand-in rows: ideas as if they were survey responses, under other lookups.
        return Idea.objects.filter(agenda=agenda, title__startswith="Umfrage")

    source = ContributionSource(
        "test-survey", "Umfrageantworten", "survey", survey_rows, order=200, user="author_id"
    )
    contribution_sources.register(source)
    try:
        with pytest.raises(ValueError):
            contribution_sources.register(source)
        for user in people(5):
            IdeaFactory(agenda=team.agenda, title="Umfrage 1", author=user)
        stats = queries.compute(team.agenda)
        assert ("test-survey", "Umfrageantworten") in stats.sources
        assert (
            dict(zip([k for k, _ in stats.sources], stats.totals, strict=True))["test-survey"].value
            == 5
        )
    finally:
        contribution_sources.unregister("test-survey")


def test_query_count_is_fixed(team, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as run:
            queries.compute(team.agenda)
        return len(run)

    for user in people(2):
        IdeaFactory(agenda=team.agenda, author=user)
    few = count()
    for user in people(15):
        idea = IdeaFactory(agenda=team.agenda, author=user, step="vision")
        SupportFactory(idea=idea, user=UserFactory())
        CommentFactory(on=idea, author=user)
        RegistrationFactory(event=EventFactory(agenda=team.agenda), user=user, sector="economy")
    assert count() == few
    assert few <= 2 * len(contribution_sources.all()) + 3


def test_page_shows_tables_and_the_rule(client, team):
    for user in people(5):
        IdeaFactory(agenda=team.agenda, author=user, step="vision")
    IdeaFactory(agenda=team.agenda, author=UserFactory(), step="projects")
    response = client.get(reverse("participation:statistics", args=[team.agenda.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "<caption" in html and "<svg" in html
    assert "&lt; 5" in html
    assert "Beteiligung in Zahlen" in html


def test_agenda_home_and_process_page_show_the_summary(client, team):
    for user in people(6):
        IdeaFactory(agenda=team.agenda, author=user)
    home = client.get(team.agenda.get_absolute_url()).content.decode()
    assert "Bisher 6 Personen mit 6 Beiträgen." in home
    process = client.get(reverse("participation:process", args=[team.agenda.slug])).content.decode()
    assert "Personen haben mitgemacht" in process
