"""Double submits (issue 10): the same "new round" POST sent twice creates one round."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from regioagenda.matrix.models import AssessmentRound
from tests.matrix_factories import build_framework
from tests.parallel import post_in_parallel

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

TOKEN = re.compile(r'name="once" value="([^"]+)"')


def _form(client, agenda):
    create = reverse("matrix:round_create", args=[agenda.slug])
    [token] = TOKEN.findall(client.get(create).content.decode())
    return create, {"title": "Erstbewertung", "kind": "baseline", "once": token}


@pytest.mark.django_db
def test_the_same_new_round_post_twice_creates_one_round(team, login):
    build_framework()
    client = login(team.coordinator)
    create, data = _form(client, team.agenda)
    first = client.post(create, data)
    second = client.post(create, data, follow=True)
    created = AssessmentRound.objects.get()
    detail = reverse("matrix:round_detail", args=[team.agenda.slug, created.pk])
    assert first.status_code == 302 and first["Location"] == detail
    assert second.redirect_chain[0] == (detail, 302)
    assert "Dieses Formular wurde bereits abgeschickt" in second.content.decode()
    # a new rendering of the form creates a new round
    create, data = _form(client, team.agenda)
    client.post(create, {**data, "title": "Neubewertung", "kind": "reassessment"})
    assert AssessmentRound.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_eight_parallel_identical_round_posts_create_one_round(team):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writes need PostgreSQL; SQLite serialises every write")
    build_framework()
    setup = Client()
    setup.force_login(team.coordinator)
    create, data = _form(setup, team.agenda)
    statuses = post_in_parallel(team.coordinator, create, data)
    assert statuses == [302] * 8
    assert AssessmentRound.objects.count() == 1
