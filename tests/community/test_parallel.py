"""Double clicks from parallel requests: one follow, one open report (PostgreSQL)."""

import pytest
from django.db import connection
from django.urls import reverse

from regioagenda.community.models import Follow, Report
from tests.parallel import post_in_parallel
from tests.participation_factories import IdeaFactory, participant


@pytest.mark.django_db(transaction=True)
def test_parallel_follows_and_reports_are_stored_once(team):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writes need PostgreSQL; SQLite serialises every write")
    idea = IdeaFactory(agenda=team.agenda)
    person = participant(team.agenda)
    follow = reverse("community:follow", args=["idea", idea.pk])
    assert post_in_parallel(person, follow, {"action": "follow"}) == [302] * 8
    assert Follow.objects.filter(user=person).count() == 1
    report = reverse("community:report", args=["idea", idea.pk])
    statuses = post_in_parallel(person, report, {"reason": "spam"})
    assert sorted(statuses) == [200] * 7 + [302]
    assert Report.objects.count() == 1
