"""Parallel requests against PostgreSQL: eight identical Enters capture one idea; eight
parallel merges of the same pair merge once and count every support exactly once."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from regioagenda.participation.models import Idea, IdeaStatus, Support
from tests.curation_factories import idea, setup_curation
from tests.factories import UserFactory
from tests.parallel import post_in_parallel
from tests.participation_factories import SupportFactory

TOKEN = re.compile(r'name="once" value="([^"]+)"')

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def curation(team, matrix_v1, no_staff_mfa):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writes need PostgreSQL; SQLite serialises every write")
    return setup_curation(team)


def test_eight_parallel_enters_capture_one_idea(curation):
    url = reverse("participation:quick_capture", args=[curation.agenda.slug])
    browser = Client()
    browser.force_login(curation.moderator)
    [token] = TOKEN.findall(browser.get(url).content.decode())

    statuses = post_in_parallel(curation.moderator, url, {"title": "Rufbus", "once": token})

    assert sorted(statuses) == [200] * 7 + [302]  # the others: "bereits abgeschickt"
    assert Idea.objects.filter(title="Rufbus").count() == 1


def test_eight_parallel_merges_merge_once_and_count_supports_exactly(curation):
    source = idea(curation.agenda, "Rufbus per App")
    target = idea(curation.agenda, "Rufbus für die Dörfer")
    people = [UserFactory() for _ in range(5)]
    for person in people[:3]:
        SupportFactory(idea=source, user=person)
    for person in people[2:]:
        SupportFactory(idea=target, user=person)
    url = reverse("participation:merge", args=[curation.agenda.slug, source.pk])

    statuses = post_in_parallel(curation.moderator, url, {"ziel": target.pk})

    assert statuses.count(302) == 1 and statuses.count(422) == 7
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.status == IdeaStatus.MERGED
    assert target.support_count == 5 == Support.objects.filter(idea=target).count()
