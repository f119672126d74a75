"""The public process page: timeline, current step, plain language, modules, news, documents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regioagenda.participation.models import NewsPost, Phase
from regioagenda.regions import services as region_services
from tests.participation_factories import IdeaFactory, participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


def url(agenda):
    return reverse("participation:process", args=[agenda.slug])


def test_anonymous_sees_all_seven_steps_with_the_current_one_marked(client, team):
    Phase.objects.create(
        agenda=team.agenda,
        step="kickoff",
        plain_summary="Wir fangen an. Alle sind eingeladen.",
        description="<p>Die <strong>Lenkungsgruppe</strong> steuert.</p>",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 5, 15),
        modules=["events"],
    )
    response = client.get(url(team.agenda))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="process-step ') == 7
    assert html.count('aria-current="step"') == 1
    assert (
        'id="schritt-kickoff" class="process-step process-step--current" aria-current="step"'
        in html
    )
    assert "Wir fangen an. Alle sind eingeladen." in html
    assert "<strong>Lenkungsgruppe</strong>" in html
    assert "1. März 2026" in html and "15. Mai 2026" in html
    for question in ("Worum geht es?", "Wie mache ich mit?", "Was passiert mit meinen Ideen?"):
        assert question in html
    # One h1; the feed is announced for feed readers.
    assert html.count("<h1") == 1
    assert 'type="application/atom+xml"' in html
    # Staff links are not shown to the public.
    assert reverse("participation:phase_edit", args=[team.agenda.slug, "kickoff"]) not in html
    assert reverse("participation:poster", args=[team.agenda.slug]) not in html


def test_coordinator_sees_the_planning_links_and_the_posters(client, team):
    client.force_login(team.coordinator)
    html = client.get(url(team.agenda)).content.decode()
    assert reverse("participation:phase_edit", args=[team.agenda.slug, "vision"]) in html
    assert reverse("participation:poster", args=[team.agenda.slug]) in html
    assert reverse("participation:news_create", args=[team.agenda.slug]) in html


def test_step_current_marker_follows_the_agenda(client, team):
    region_services.update_step(
        actor=team.coordinator, agenda=team.agenda, key="vision", state="current", note=""
    )
    html = client.get(url(team.agenda)).content.decode()
    assert (
        'id="schritt-vision" class="process-step process-step--current" aria-current="step"' in html
    )
    assert "Jetzt läuft Schritt 3 von 7" in html


def test_published_news_only_and_newest_first(client, team):
    now = timezone.now()
    NewsPost.objects.create(
        agenda=team.agenda,
        title="Alt",
        body="<p>a</p>",
        published_at=now - datetime.timedelta(days=9),
    )
    NewsPost.objects.create(
        agenda=team.agenda,
        title="Neu",
        body="<p>b</p>",
        published_at=now - datetime.timedelta(days=1),
    )
    NewsPost.objects.create(
        agenda=team.agenda,
        title="Geplant",
        body="<p>c</p>",
        published_at=now + datetime.timedelta(days=3),
    )
    html = client.get(url(team.agenda)).content.decode()
    assert html.index(">Neu<") < html.index(">Alt<")
    assert "Geplant" not in html
    client.force_login(team.editor)
    assert "Geplant" in client.get(url(team.agenda)).content.decode()


def test_private_agenda_process_page_is_refused_to_outsiders(client, team):
    team.agenda.is_public = False
    team.agenda.save()
    assert client.get(url(team.agenda)).status_code == 403
    client.force_login(team.participant)
    assert client.get(url(team.agenda)).status_code == 200


def test_unknown_agenda_is_404(client, db):
    assert client.get(reverse("participation:process", args=["gibt-es-nicht"])).status_code == 404


def test_agenda_home_links_the_process_page_and_the_feed(client, team):
    html = client.get(team.agenda.get_absolute_url()).content.decode()
    assert url(team.agenda) in html
    feed = reverse("participation:news_feed", args=[team.agenda.slug])
    assert (
        f'type="application/atom+xml" title="Neuigkeiten: {team.agenda.title}" href="{feed}"'
        in html
    )


def test_step_block_on_agenda_home_shows_the_plan(client, team):
    Phase.objects.create(
        agenda=team.agenda, step="vision", plain_summary="Wie soll es 2030 sein?", modules=["ideas"]
    )
    html = client.get(team.agenda.get_absolute_url()).content.decode()
    assert "Wie soll es 2030 sein?" in html
    assert url(team.agenda) + "#schritt-vision" in html


def test_process_page_query_count_does_not_grow_with_contributions(
    team, django_assert_max_num_queries
):
    from tests.conftest import get_counting_queries

    # Five people already, so that the statistics show their figures on both sides (below five
    # they read "< 5" and skip the breakdown).
    for _ in range(5):
        IdeaFactory(agenda=team.agenda, author=participant(team.agenda))
    NewsPost.objects.create(agenda=team.agenda, title="N", body="<p>n</p>")
    get_counting_queries(team.coordinator, url(team.agenda))  # process-wide caches warm up
    _html, few = get_counting_queries(team.coordinator, url(team.agenda))
    for _ in range(12):
        IdeaFactory(agenda=team.agenda, author=participant(team.agenda))
    for number in range(4):
        NewsPost.objects.create(agenda=team.agenda, title=f"N{number}", body="<p>n</p>")
    _html, many = get_counting_queries(team.coordinator, url(team.agenda))
    assert many == few


def test_cached_process_page_is_fresh_after_a_change(
    client, team, page_cache_on, monkeypatch, django_capture_on_commit_callbacks
):
    """Anonymous visitors get the cached page; a news post or a phase change shows at once."""
    from regioagenda.participation.services import news as news_services
    from regioagenda.participation.services import phases as phase_services

    monkeypatch.setattr(news_services.community, "notify", lambda **kwargs: 0)
    first = client.get(url(team.agenda))
    assert client.get(url(team.agenda))["X-Page-Cache"] == "hit"
    assert "Werkstatt Nord" not in first.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        news_services.create_news(
            actor=team.editor, agenda=team.agenda, title="Werkstatt Nord", body="<p>x</p>"
        )
    assert "Werkstatt Nord" in client.get(url(team.agenda)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        phase_services.update_phase(
            actor=team.coordinator,
            agenda=team.agenda,
            step="vision",
            starts_on=None,
            ends_on=None,
            description="",
            plain_summary="Neu geplant.",
            modules=[],
            vote_points="10",
        )
    assert "Neu geplant." in client.get(url(team.agenda)).content.decode()
    # A signed-in coordinator never gets the anonymous copy.
    client.force_login(team.coordinator)
    response = client.get(url(team.agenda))
    assert "X-Page-Cache" not in response
    html = response.content.decode()
    assert reverse("participation:phase_edit", args=[team.agenda.slug, "vision"]) in html
