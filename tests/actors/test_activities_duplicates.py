"""Duplicates across regions: found by link or similar title, merged with links moved."""

import pytest
from django.urls import reverse

from regioagenda.actors.models import Activity, ActivityField, ActivityLink
from regioagenda.actors.queries import activities as queries
from regioagenda.actors.services import activities as services
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import ActivityFactory, BodyFactory, OrganisationFactory
from tests.factories import AgendaFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_normalised_title_and_url():
    assert queries.normalise_title("Smart-City: Bürger-App!") == "smart city buerger app"
    assert queries.normalise_title("  Café  Straße ") == "cafe strasse"
    assert queries.normalise_url("https://www.Example.org/Projekt/#x") == "example.org/projekt"
    assert queries.normalise_url("http://example.org/projekt") == "example.org/projekt"
    assert queries.normalise_url("example.org:8080/a/") == "example.org:8080/a"
    assert queries.normalise_url("") == ""


def test_pairs_by_similar_title_or_same_link():
    pool = [
        (1, "Digitales Gründerzentrum Oberland", ""),
        (2, "Digitales Gruenderzentrum Oberland", ""),  # umlaut folded: same
        (3, "Gründerzentrum Oberland e.V.", ""),
        (4, "Ganz anderes Vorhaben", "https://www.vorhaben.de/"),
        (5, "Mobilitätsplattform", "http://vorhaben.de"),  # same link, different title
        (6, "Radwegenetz Oberland", ""),
    ]
    pairs = queries.find_duplicate_pairs(pool, pool)
    assert [p[0] for p in pairs[1]] == [2]
    assert pairs[4] == [(5, True, pairs[4][0][2])]
    assert 6 not in pairs and 3 not in pairs


WORDS = [
    "Breitband",
    "Glasfaser",
    "Rufbus",
    "Telemedizin",
    "Bürgerportal",
    "Dorfladen",
    "Coworking",
    "Energiemonitor",
    "Schulcloud",
    "Sensorik",
    "Klimadaten",
    "Bürgerbus",
    "Wärmeplan",
    "Pflegeplattform",
    "Radnetz",
    "Tourismus",
    "Kulturportal",
    "Feuerwehr",
    "Wasserzähler",
    "Ehrenamt",
    "Makerspace",
    "Innovationslabor",
    "Datenplattform",
]
PLACES = [
    "Oberland",
    "Unterland",
    "Nordkreis",
    "Südkreis",
    "Altstadt",
    "Seenland",
    "Hügelland",
    "Talgemeinden",
]


def _pool(size):
    import random

    rng = random.Random(7)
    return [
        (n, f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(PLACES)} {n}", "")
        for n in range(size)
    ]


def test_finds_twins_among_thousands():
    """Speed: bench/actors_network.py times this on the same 5,000 titles."""
    pool = _pool(5000)
    pool.append((9001, "Telemedizin im Seenland – Modellregion", ""))
    pool.append((9002, "Telemedizin im Seenland (Modellregion)", ""))
    targets = pool[-500:]  # an agenda's own activities against the programme's
    pairs = queries.find_duplicate_pairs(targets, pool)
    assert [p[0] for p in pairs[9001]][:1] == [9002]


def test_a_block_of_thousands_is_compared_by_neighbourhood_only():
    """All titles start with the same word and are near-identical: still bounded work."""
    pool = [(n, f"Dorfladen Nummer {n:05d} im Landkreis", "") for n in range(3000)]
    pairs = queries.find_duplicate_pairs(pool[:300], pool)
    assert pairs  # near-identical titles do find candidates…
    assert max(len(found) for found in pairs.values()) == queries.MAX_CANDIDATES  # …up to the cap


@pytest.fixture
def twins(actors_setup):
    """The same activity recorded by the team agenda and by a neighbour."""
    team = actors_setup
    neighbour = AgendaFactory(title="Nachbarkreis", programme=team.programme)
    original = ActivityFactory(
        agenda=neighbour, title="Gründerzentrum Oberland", url="https://gruender.example.org"
    )
    duplicate = ActivityFactory(agenda=team.agenda, title="Gruenderzentrum Oberland")
    return team, neighbour, original, duplicate


def test_duplicates_shown_on_detail_and_list(twins, login):
    team, _neighbour, original, duplicate = twins
    client = login(team.editor)
    detail = client.get(reverse("actors:activity", args=[team.agenda.slug, duplicate.pk]))
    pairs = detail.context["duplicates"]
    assert [p.candidate.activity for p in pairs] == [original]
    assert pairs[0].merge_into_other and not pairs[0].merge_other_into
    listing = client.get(reverse("actors:activities", args=[team.agenda.slug]))
    text = listing.content.decode()
    assert "Mögliche Doppelungen" in text
    assert "„Gruenderzentrum Oberland“ in „Gründerzentrum Oberland“ zusammenführen" in text


def test_duplicates_of_invisible_agendas_are_not_shown(actors_setup, login):
    team = actors_setup
    hidden = AgendaFactory(is_public=False)
    ActivityFactory(agenda=hidden, title="Gründerzentrum Oberland")
    mine = ActivityFactory(agenda=team.agenda, title="Gründerzentrum Oberland")
    detail = login(team.editor).get(reverse("actors:activity", args=[team.agenda.slug, mine.pk]))
    assert detail.context["duplicates"] == []


def test_merge_moves_links_and_redirects(twins, login):
    team, neighbour, original, duplicate = twins
    third = AgendaFactory(title="Drittkreis")
    fourth = AgendaFactory(title="Viertkreis")
    ActivityLink.objects.create(agenda=third, activity=duplicate)
    ActivityLink.objects.create(agenda=fourth, activity=duplicate)
    ActivityLink.objects.create(agenda=fourth, activity=original)  # would exist twice
    ActivityLink.objects.create(agenda=neighbour, activity=duplicate)  # original's own agenda
    earlier = ActivityFactory(
        agenda=third, title="Gründerzentrum Oberland alt", merged_into=duplicate
    )
    org = OrganisationFactory(agenda=team.agenda, name="IHK-Stelle")
    duplicate.organisations.add(org)
    duplicate.bodies.add(BodyFactory(agenda=team.agenda, name="AG Wirtschaft"))
    ActivityField.objects.create(activity=duplicate, field_key="work")
    client = login(team.editor)
    response = client.post(
        reverse("actors:activity_merge", args=[team.agenda.slug, duplicate.pk]),
        {"original": original.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("actors:activity", args=[team.agenda.slug, original.pk])
    duplicate.refresh_from_db()
    earlier.refresh_from_db()
    assert duplicate.merged_into == original
    assert earlier.merged_into == original  # no chain
    links = set(ActivityLink.objects.values_list("agenda__title", "activity_id"))
    assert links == {
        ("Digitale Agenda Teamhausen", original.pk),
        ("Drittkreis", original.pk),
        ("Viertkreis", original.pk),
    }
    # what belongs to the duplicate's agenda stays there
    assert list(duplicate.organisations.all()) == [org]
    assert not original.organisations.exists() and not original.bodies.exists()
    assert not original.field_links.exists()
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "wurde in „Gründerzentrum Oberland“ zusammengeführt" in text
    assert "IHK-Stelle" in text and "AG Wirtschaft" in text  # named as not moved
    # the old address redirects to the original
    old = client.get(reverse("actors:activity", args=[team.agenda.slug, duplicate.pk]))
    assert old.status_code == 302
    assert old["Location"] == response["Location"]
    # also under an agenda that had linked the duplicate
    via_third = client.get(reverse("actors:activity", args=[third.slug, duplicate.pk]))
    assert via_third["Location"] == reverse("actors:activity", args=[third.slug, original.pk])
    assert AuditEvent.objects.filter(agenda=team.agenda, action="actors.activity_merged").exists()
    assert AuditEvent.objects.filter(agenda=neighbour, action="actors.activity_merged_in").exists()
    # the agenda lists the original as linked, not the duplicate
    listed = client.get(reverse("actors:activities", args=[team.agenda.slug]))
    assert [a.pk for a in listed.context["activities"]] == [original.pk]


def test_merge_refusals(twins, login):
    team, neighbour, original, duplicate = twins
    client = login(team.editor)
    url = reverse("actors:activity_merge", args=[team.agenda.slug, duplicate.pk])
    response = client.post(url, {"original": duplicate.pk}, follow=True)
    assert "nicht mit sich selbst" in response.content.decode()
    chained = ActivityFactory(agenda=neighbour, title="Schon weg", merged_into=original)
    response = client.post(url, {"original": chained.pk}, follow=True)
    assert (
        "wurde selbst bereits in „Gründerzentrum Oberland“ zusammengeführt"
        in response.content.decode()
    )
    response = client.post(url, {"original": 999999}, follow=True)
    assert "gibt es nicht" in response.content.decode()
    response = client.post(url, {"original": "abc"}, follow=True)
    assert "ungültig" in response.content.decode()
    hidden = ActivityFactory(agenda=AgendaFactory(is_public=False), title="Versteckt")
    response = client.post(url, {"original": hidden.pk}, follow=True)
    assert "nicht sehen dürfen" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert not ActivityLink.objects.exists()
    # already merged duplicate
    services.merge_activities(actor=team.editor, duplicate=duplicate, original=original)
    other = ActivityFactory(agenda=neighbour, title="Noch eins")
    with pytest.raises(services.ValidationError, match="bereits in"):
        services.merge_activities(actor=team.editor, duplicate=duplicate, original=other)


def test_merge_needs_the_duplicates_agenda(twins, login):
    team, _neighbour, original, duplicate = twins
    # the participant of the duplicate's agenda may not merge
    response = login(team.participant).post(
        reverse("actors:activity_merge", args=[team.agenda.slug, duplicate.pk]),
        {"original": original.pk},
        follow=True,
    )
    assert "Zusammenführen darf" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    # an editor of another agenda cannot merge the team agenda's activity through their own
    stranger = AgendaFactory()
    MembershipFactory(user=team.outsider, agenda=stranger, role="editor")
    response = login(team.outsider).post(
        reverse("actors:activity_merge", args=[stranger.slug, duplicate.pk]),
        {"original": original.pk},
    )
    assert response.status_code == 404
    assert Activity.objects.get(pk=duplicate.pk).merged_into is None


def test_merge_within_one_agenda_needs_no_link(actors_setup):
    team = actors_setup
    first = ActivityFactory(agenda=team.agenda, title="Dorfladen digital")
    second = ActivityFactory(agenda=team.agenda, title="Dorfladen digital!")
    services.merge_activities(actor=team.editor, duplicate=second, original=first)
    assert not ActivityLink.objects.exists()
    assert (
        AuditEvent.objects.filter(agenda=team.agenda, action="actors.activity_merged").count() == 1
    )
