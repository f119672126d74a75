"""Issue 10: pages and exports with personal data were sent without Cache-Control, so a shared
proxy or the browser's disk cache could keep them. Every response to a signed-in user and every
download now says ``private, no-store``; public pages for anonymous visitors stay cacheable."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_pages_for_a_signed_in_user_are_not_stored(login, team, no_staff_mfa):
    client = login(team.coordinator)

    for url in ["/", reverse("regions:dashboard"), team.agenda.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _directives(response), url


def test_public_pages_for_anonymous_visitors_are_left_alone(client, team):
    response = client.get(team.agenda.get_absolute_url())

    assert response.status_code == 200
    assert "no-store" not in _directives(response)


def test_a_views_own_cache_control_wins(login, team, no_staff_mfa):
    response = login(team.coordinator).get("/healthz")

    assert {"no-cache", "no-store", "must-revalidate", "private"} <= _directives(response)


def test_the_actors_export_is_not_stored(login, team, no_staff_mfa, matrix_v1):
    response = login(team.coordinator).get(
        reverse("actors:export", args=[team.agenda.slug]), {"what": "people", "format": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert {"private", "no-store"} <= _directives(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_matrix_exports_are_not_stored_even_for_anonymous_visitors(client, assessed, fmt):
    response = client.get(f"/agenden/{assessed.agenda.slug}/matrix/export.{fmt}")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert {"private", "no-store"} <= _directives(response)
