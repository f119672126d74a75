"""Duplicate suggestions: similar ideas while typing, pairs for the moderation, "kein Duplikat",
and the to-do on "Mein Bereich"."""

import pytest
from django.urls import reverse

from regioagenda.participation.models import DismissedDuplicate, IdeaStatus
from regioagenda.participation.queries import curation as queries
from regioagenda.participation.services import curation as services
from tests.conftest import get_counting_queries
from tests.curation_factories import idea, setup_curation
from tests.participation_factories import IdeaFactory


@pytest.fixture
def curation(team, matrix_v1, no_staff_mfa):
    team = setup_curation(team)
    agenda = team.agenda
    team.rufbus = idea(
        agenda, "Rufbus per App buchen", "<p>Ein Rufbus, den man per App bestellt.</p>"
    )
    team.rufbus2 = idea(
        agenda, "Rufbus mit App-Buchung", "<p>Rufbus per App bestellen, auch abends.</p>"
    )
    team.wlan = idea(agenda, "Freies WLAN im Freibad")
    team.schule = idea(
        agenda, "Tablets für die Grundschule", "<p>Digitale Endgeräte für Kinder</p>"
    )
    return team


def test_similar_ideas_finds_the_near_duplicate_first(curation):
    found = queries.similar_ideas(curation.agenda, "Rufbus App", "bestellen")

    assert [item.idea for item in found][:2] in (
        [curation.rufbus, curation.rufbus2],
        [curation.rufbus2, curation.rufbus],
    )
    assert curation.wlan not in [item.idea for item in found]
    assert queries.similar_ideas(curation.agenda, "", "") == []


def test_similar_ideas_never_shows_other_agendas_merged_or_hidden_ones(curation):
    IdeaFactory(title="Rufbus per App buchen")  # another agenda
    curation.rufbus2.status = IdeaStatus.MERGED
    curation.rufbus2.save()

    found = [item.idea for item in queries.similar_ideas(curation.agenda, "Rufbus per App")]

    assert found == [curation.rufbus]


def test_the_index_follows_new_ideas(curation):
    assert queries.similar_ideas(curation.agenda, "Glasfaser Gewerbegebiet") == []
    new = idea(curation.agenda, "Glasfaser für das Gewerbegebiet")

    assert [
        item.idea for item in queries.similar_ideas(curation.agenda, "Glasfaser Gewerbegebiet")
    ] == [new]


def test_pairs_are_suggested_and_a_dismissed_pair_never_again(curation):
    pairs, total = queries.duplicate_pairs(curation.agenda)
    assert total == 1
    assert {pairs[0].first, pairs[0].second} == {curation.rufbus, curation.rufbus2}

    services.dismiss_duplicate(
        actor=curation.moderator, first=curation.rufbus2, second=curation.rufbus
    )
    services.dismiss_duplicate(
        actor=curation.moderator, first=curation.rufbus, second=curation.rufbus2
    )

    assert DismissedDuplicate.objects.count() == 1
    assert queries.duplicate_pairs(curation.agenda) == ([], 0)


def test_the_todo_counts_open_pairs_for_those_who_merge(curation):
    todos = queries.todos(curation.moderator, [curation.agenda])

    assert [todo.title for todo in todos] == ["1 mögliche Doppelung prüfen"]
    assert todos[0].url == reverse("participation:duplicates", args=[curation.agenda.slug])
    assert queries.todos(curation.editor, [curation.agenda]) == []
    assert queries.todos(curation.participant, [curation.agenda]) == []


def test_the_todo_reads_kept_pairs_not_a_new_search(curation, django_assert_max_num_queries):
    queries.todos(curation.moderator, [curation.agenda])  # computes and keeps the pairs

    with django_assert_max_num_queries(3):  # roles, fingerprint, dismissed pairs
        queries.todos(curation.moderator, [curation.agenda])


def test_the_page_shows_pairs_and_dismiss_works(curation, client):
    client.force_login(curation.moderator)
    url = reverse("participation:duplicates", args=[curation.agenda.slug])

    page = client.get(url).content.decode()
    assert "Rufbus mit App-Buchung" in page and "kein Duplikat" in page
    response = client.post(
        reverse("participation:duplicate_dismiss", args=[curation.agenda.slug]),
        {"first": curation.rufbus.pk, "second": curation.rufbus2.pk},
    )
    assert response.status_code == 302
    assert "Keine möglichen Doppelungen" in client.get(url).content.decode()


def test_dismissing_another_agendas_idea_is_a_404(curation, client):
    client.force_login(curation.moderator)
    response = client.post(
        reverse("participation:duplicate_dismiss", args=[curation.agenda.slug]),
        {"first": curation.rufbus.pk, "second": IdeaFactory().pk},
    )
    assert response.status_code == 404
    assert not DismissedDuplicate.objects.exists()


def test_editors_see_pairs_but_no_merge_buttons(curation, client):
    client.force_login(curation.editor)
    page = client.get(reverse("participation:duplicates", args=[curation.agenda.slug]))

    assert page.status_code == 200 and "kein Duplikat" not in page.content.decode()


def test_the_page_costs_the_same_queries_for_few_or_many_pairs(curation):
    url = reverse("participation:duplicates", args=[curation.agenda.slug])
    few = get_counting_queries(curation.moderator, url)[1]
    for n in range(6):
        idea(curation.agenda, f"Glasfaser Ortsteil {n}", "<p>Glasfaser Ausbau Ortsteil</p>")
    many_html, many = get_counting_queries(curation.moderator, url)

    assert "Glasfaser Ortsteil 5" in many_html
    assert many <= few + 1  # the kept pairs: one cache read more on a miss at most


def test_the_similar_hint_renders_for_the_idea_form(curation, client):
    response = client.get(
        reverse("participation:similar_ideas", args=[curation.agenda.slug]),
        {"title": "Rufbus App"},
    )
    assert response.status_code == 200
    assert "Ähnliche Ideen gibt es schon" in response.content.decode()


def test_similar_ideas_over_10000_ideas_is_fast_once_indexed(
    curation, django_assert_max_num_queries
):
    import time

    from regioagenda.participation.models import Idea

    words = ["Glasfaser", "Rufbus", "Tablets", "Bürgerbüro", "Photovoltaik", "Coworking",
             "Telemedizin", "Dorfladen", "Radweg", "WLAN", "Drohne", "Mängelmelder"]  # fmt: skip
    places = ["Oberdorf", "Unterbach", "Hofstetten", "Au", "Kirchberg", "Moos", "Reith"]
    Idea.objects.bulk_create(
        Idea(
            agenda=curation.agenda,
            step="projects",
            title=f"{words[i % 12]} für {places[i % 7]} {i}",
            body=f"<p>{words[(i * 5) % 12]} und {words[(i * 7) % 12]} in {places[i % 7]}</p>",
        )
        for i in range(10_000)
    )
    queries.similar_ideas(curation.agenda, "Rufbus", "")  # builds the index once

    started = time.perf_counter()
    with django_assert_max_num_queries(2):  # the fingerprint and the found ideas
        found = queries.similar_ideas(curation.agenda, "Rufbus per App für Oberdorf", "")
    took = time.perf_counter() - started

    assert found and "Rufbus" in found[0].idea.title
    print(f"\nsimilar_ideas over 10,000 ideas (warm): {took * 1000:.1f} ms")
    assert took < 0.5, f"{took * 1000:.0f} ms"


def test_the_todo_costs_the_same_for_one_or_three_agendas(curation, django_assert_max_num_queries):
    from regioagenda.accounts.models import Membership, Role
    from tests.factories import AgendaFactory

    others = [AgendaFactory() for _ in range(2)]
    for agenda in others:
        Membership.objects.create(user=curation.moderator, agenda=agenda, role=Role.MODERATOR)
        idea(agenda, "Rufbus per App buchen")
        idea(agenda, "Rufbus per App bestellen")
    agendas = [curation.agenda, *others]
    from regioagenda.core.permissions import forget_roles

    forget_roles(curation.moderator)
    assert len(queries.todos(curation.moderator, agendas)) == 3  # computes and keeps

    forget_roles(curation.moderator)
    with django_assert_max_num_queries(4):  # roles, fingerprints, dismissed, kept pairs
        queries.todos(curation.moderator, agendas)


def test_the_similar_hint_takes_a_megabyte_without_trouble(curation, client):
    response = client.get(
        reverse("participation:similar_ideas", args=[curation.agenda.slug]),
        {"title": "Rufbus " * 150_000, "body": "²" * 100_000},
    )
    assert response.status_code == 200
