"""The themes page for the team: grouped ideas, filters, CSV (one row per idea), kept per data
version, refused to participants."""

import pytest
from django.urls import reverse

from regioagenda.participation.models import IdeaField
from regioagenda.participation.services import curation as services
from tests.conftest import get_counting_queries
from tests.curation_factories import idea, setup_curation


@pytest.fixture
def curation(team, matrix_v1, no_staff_mfa):
    team = setup_curation(team)
    for title in ("Rufbus per App", "Rufbus auch abends", "Rufbus für die Dörfer"):
        IdeaField.objects.create(idea=idea(team.agenda, title), field_key="mobility")
    idea(team.agenda, "Audioguide für die Burg", step="vision", event=team.event)
    return team


def _url(team):
    return reverse("participation:themes", args=[team.agenda.slug])


def test_the_page_shows_themes_and_single_ideas(curation, client):
    client.force_login(curation.editor)
    html = client.get(_url(curation)).content.decode()

    assert "Thema 1: Rufbus" in html and "Einzelne Ideen" in html
    assert "Audioguide für die Burg" in html and "Mobilität" in html


def test_filters_and_bad_filter_values(curation, client):
    client.force_login(curation.editor)

    by_event = client.get(_url(curation), {"event": curation.event.pk}).content.decode()
    bad = client.get(_url(curation), {"step": "²", "event": "999999", "status": "x"})

    assert "Audioguide" in by_event and "Rufbus per App" not in by_event
    assert bad.status_code == 200 and "Rufbus per App" in bad.content.decode()


def test_csv_has_one_row_per_idea_with_its_theme(curation, client):
    client.force_login(curation.editor)
    response = client.get(_url(curation), {"format": "csv"})

    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert len(lines) == 1 + 4
    assert sum(1 for line in lines if line.startswith("1;")) == 3


def test_participants_are_refused(curation, client):
    client.force_login(curation.participant)
    assert client.get(_url(curation)).status_code == 403


def test_kept_per_data_version_and_fresh_after_a_change(
    curation, page_cache_on, django_capture_on_commit_callbacks
):
    first_html, first = get_counting_queries(curation.editor, _url(curation))
    _html, second = get_counting_queries(curation.editor, _url(curation))
    with django_capture_on_commit_callbacks(execute=True):
        services.capture_idea(
            actor=curation.moderator, agenda=curation.agenda, event=None, title="Rufbus am Sonntag"
        )
    third_html, _third = get_counting_queries(curation.editor, _url(curation))

    assert second < first
    assert "Rufbus am Sonntag" not in first_html and "Rufbus am Sonntag" in third_html
