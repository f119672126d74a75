"""The moderation's tools on the agenda home and the duplicates to-do on "Mein Bereich"."""

import pytest
from django.urls import reverse

from tests.curation_factories import idea, setup_curation


@pytest.fixture
def curation(team, matrix_v1, no_staff_mfa):
    return setup_curation(team)


def test_staff_see_the_tools_on_the_agenda_home(curation, client):
    client.force_login(curation.editor)
    html = client.get(curation.agenda.get_absolute_url()).content.decode()

    assert "Werkzeuge der Moderation" in html
    assert reverse("participation:quick_capture", args=[curation.agenda.slug]) in html
    assert reverse("participation:themes", args=[curation.agenda.slug]) in html


@pytest.mark.parametrize("who", ["participant", "outsider", None])
def test_others_do_not_see_them(curation, client, who):
    if who:
        client.force_login(getattr(curation, who))
    html = client.get(curation.agenda.get_absolute_url()).content.decode()

    assert "Werkzeuge der Moderation" not in html


def test_the_dashboard_asks_moderators_to_check_duplicates(curation, client):
    idea(curation.agenda, "Rufbus per App buchen")
    idea(curation.agenda, "Rufbus per App bestellen")
    client.force_login(curation.moderator)

    html = client.get(reverse("regions:dashboard")).content.decode()

    assert "1 mögliche Doppelung prüfen" in html
    assert reverse("participation:duplicates", args=[curation.agenda.slug]) in html
