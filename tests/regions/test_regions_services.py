"""Regions entered by hand (mostly alliances), and the register pages: list, search, detail."""

import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.regions import services
from regioagenda.regions.models import AuditEvent, Region, RegionKind, RegionLevel
from tests.factories import ProgrammeMembershipFactory, RegionFactory, UserFactory


@pytest.fixture
def office(db):
    user = UserFactory(name="Petra Programmbüro")
    ProgrammeMembershipFactory(user=user)
    return user


@pytest.fixture
def towns(db):
    return [
        RegionFactory(
            name="Markt Erlbach",
            level=RegionLevel.GEMEINDE,
            kind=RegionKind.MARKT,
            ags="09575121",
        ),
        RegionFactory(
            name="Stadt Ebern",
            level=RegionLevel.GEMEINDE,
            kind=RegionKind.STADT,
            ags="09674124",
        ),
        RegionFactory(
            name="Gemeinde Pfarrweisach",
            level=RegionLevel.GEMEINDE,
            kind=RegionKind.GEMEINDE,
            ags="09674180",
        ),
    ]


def create(actor, **overrides):
    arguments = {
        "actor": actor,
        "name": "Landkreis Handgemacht",
        "level": RegionLevel.KREIS,
        "kind": RegionKind.LANDKREIS,
        "ags": "09199",
    }
    arguments.update(overrides)
    return services.create_region(**arguments)


def refused(actor, field=None, **overrides):
    """Create a region that must be refused; return its messages (of ``field`` if given)."""
    before = Region.objects.count()
    with pytest.raises(ValidationError) as exc_info:
        create(actor, **overrides)
    assert Region.objects.count() == before, "a refused region must leave nothing behind"
    if field:
        return " ".join(exc_info.value.message_dict[field])
    return " ".join(exc_info.value.messages)


# create_region ---------------------------------------------------------------------------------


def test_create_a_kreis_with_its_key(office):
    region = create(office, population=120_000)

    region = Region.objects.get(pk=region.pk)
    assert region.name == "Landkreis Handgemacht"
    assert region.ags == "09199"
    assert region.population == 120_000
    assert AuditEvent.objects.filter(action="regions.region_created", actor=office).exists()


def test_create_an_alliance_with_its_members(office, towns):
    alliance = create(
        office,
        name=" ILE Baunach-Allianz ",
        level=RegionLevel.ALLIANCE,
        kind=RegionKind.ALLIANCE,
        ags="",
        members=towns[1:],
    )

    alliance = Region.objects.get(pk=alliance.pk)
    assert alliance.name == "ILE Baunach-Allianz"
    assert set(alliance.members.all()) == set(towns[1:])
    assert alliance in towns[1].alliances.all()


def test_key_with_letters_is_refused(office):
    message = refused(office, "ags", ags="09A62")

    assert "Der Schlüssel „09A62“ darf nur Ziffern enthalten." in message


def test_key_of_the_wrong_length_is_refused(office):
    message = refused(office, "ags", ags="0916")

    assert "Der Schlüssel „0916“ hat 4 Stellen; erwartet werden 5." in message


def test_gemeinde_key_needs_eight_digits(office):
    message = refused(
        office, "ags", level=RegionLevel.GEMEINDE, kind=RegionKind.GEMEINDE, ags="09162"
    )

    assert "erwartet werden 8" in message


def test_land_17_is_refused(office):
    message = refused(office, "ags", ags="17162")

    assert "„17“ ist kein Länderschlüssel (01 bis 16)." in message


def test_missing_key_is_refused(office):
    message = refused(office, "ags", ags="")

    assert "Der amtliche Schlüssel fehlt." in message


def test_duplicate_key_is_refused_with_a_specific_message(office):
    RegionFactory(name="Landkreis Erstbesitz", ags="09199")

    message = refused(office, ags="09199")

    assert "Es gibt bereits eine Region mit diesem Schlüssel." in message
    assert Region.objects.filter(ags="09199").count() == 1


def test_duplicate_alliance_name_is_refused(office, towns):
    alliance = {
        "name": "ILE Doppelt",
        "level": RegionLevel.ALLIANCE,
        "kind": RegionKind.ALLIANCE,
        "ags": "",
        "members": towns[:2],
    }
    create(office, **alliance)

    message = refused(office, **alliance)

    assert "Es gibt bereits einen Zusammenschluss dieser Art mit diesem Namen." in message


@pytest.mark.parametrize("count", [0, 1])
def test_alliance_needs_two_members(office, towns, count):
    message = refused(
        office,
        "members",
        name="ILE Einsam",
        level=RegionLevel.ALLIANCE,
        kind=RegionKind.ALLIANCE,
        ags="",
        members=towns[:count],
    )

    assert "Ein Zusammenschluss braucht mindestens zwei Mitglieder." in message


def test_only_alliances_have_members(office, towns):
    """Members of a Kreis would be silently stored data without meaning; say so instead."""
    message = refused(office, "members", members=towns[:2])

    assert "Nur Zusammenschlüsse haben Mitglieder." in message


def test_alliance_with_a_key_is_refused(office, towns):
    message = refused(
        office,
        "ags",
        name="ILE Verschlüsselt",
        level=RegionLevel.ALLIANCE,
        kind=RegionKind.ALLIANCE,
        ags="09199",
        members=towns[:2],
    )

    assert "Zusammenschlüsse haben keinen amtlichen Schlüssel." in message


def test_kind_must_match_the_level(office):
    message = refused(office, "kind", kind=RegionKind.MARKT)

    assert "Die Art „Markt“ passt nicht zur Ebene „Kreis“." in message


def test_key_must_lie_in_the_parent(office):
    parent = RegionFactory(
        name="Oberfranken", level=RegionLevel.BEZIRK, kind=RegionKind.BEZIRK, ags="094"
    )

    message = refused(office, "parent", ags="09199", parent=parent)

    assert "Der Schlüssel 09199 liegt nicht in Oberfranken (094)." in message


@pytest.mark.parametrize("who", ["coordinator", "outsider"])
def test_only_the_programme_office_creates_regions(team, who):
    before = Region.objects.count()

    with pytest.raises(PermissionDenied):
        create(getattr(team, who))

    assert Region.objects.count() == before


# The form at /regionen/neu/ --------------------------------------------------------------------


@pytest.fixture
def office_client(login, office, give_totp, settings):
    """The programme office with its authenticator app, under the real MFA enforcement."""
    assert settings.REGIOAGENDA_REQUIRE_STAFF_MFA
    give_totp(office)
    return login(office)


def test_create_form_is_shown_to_the_programme_office(office_client):
    response = office_client.get(reverse("regions:region_create"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Region oder Zusammenschluss anlegen" in page
    assert 'name="members"' in page


def test_create_form_creates_an_alliance(office_client, towns):
    response = office_client.post(
        reverse("regions:region_create"),
        {
            "name": "ILE Itz-Baunach",
            "level": RegionLevel.ALLIANCE,
            "kind": RegionKind.ALLIANCE,
            "ags": "",
            "members": [towns[0].pk, towns[2].pk],
            "population": "",
        },
    )

    alliance = Region.objects.get(name="ILE Itz-Baunach")
    assert response.status_code == 302
    assert response["Location"] == alliance.get_absolute_url()
    assert set(alliance.members.all()) == {towns[0], towns[2]}


def test_create_form_shows_the_duplicate_key(office_client):
    RegionFactory(name="Landkreis Erstbesitz", ags="09199")

    response = office_client.post(
        reverse("regions:region_create"),
        {
            "name": "Landkreis Zweitbesitz",
            "level": RegionLevel.KREIS,
            "kind": RegionKind.LANDKREIS,
            "ags": "09199",
        },
    )

    assert response.status_code == 200
    assert "Es gibt bereits eine Region mit diesem Schlüssel." in response.content.decode()
    assert not Region.objects.filter(name="Landkreis Zweitbesitz").exists()


def test_create_form_shows_the_missing_members(office_client, towns):
    response = office_client.post(
        reverse("regions:region_create"),
        {
            "name": "ILE Einsam",
            "level": RegionLevel.ALLIANCE,
            "kind": RegionKind.ALLIANCE,
            "members": [towns[0].pk],
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_members_error"' in page
    assert "mindestens zwei Mitglieder" in page
    assert not Region.objects.filter(name="ILE Einsam").exists()


def test_create_form_shows_kind_and_key_errors(office_client):
    response = office_client.post(
        reverse("regions:region_create"),
        {
            "name": "Landkreis Falsch",
            "level": RegionLevel.KREIS,
            "kind": RegionKind.MARKT,
            "ags": "17A",
        },
    )

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert 'id="id_kind_error"' in page
    assert "Diese Art passt nicht zur gewählten Ebene." in page
    assert 'id="id_ags_error"' in page
    assert "darf nur Ziffern enthalten" in page
    assert not Region.objects.filter(name="Landkreis Falsch").exists()


@pytest.mark.usefixtures("no_staff_mfa")
@pytest.mark.parametrize("who", ["coordinator", "participant", "outsider"])
def test_create_form_is_403_for_everyone_else(login, team, who):
    client = login(getattr(team, who))

    get = client.get(reverse("regions:region_create"))
    post = client.post(
        reverse("regions:region_create"),
        {"name": "Landkreis Heimlich", "level": "kreis", "kind": "landkreis", "ags": "09198"},
    )

    assert get.status_code == 403
    assert post.status_code == 403
    assert "Nur das Programmbüro kann Regionen anlegen" in get.content.decode()
    assert not Region.objects.filter(name="Landkreis Heimlich").exists()


def test_create_form_sends_anonymous_to_the_login(client, db):
    response = client.get(reverse("regions:region_create"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# List, search and detail -----------------------------------------------------------------------


@pytest.fixture
def register(towns):
    bezirk = RegionFactory(
        name="Oberfranken", level=RegionLevel.BEZIRK, kind=RegionKind.BEZIRK, ags="094"
    )
    kreis = RegionFactory(
        name="Landkreis Haßberge",
        level=RegionLevel.KREIS,
        kind=RegionKind.LANDKREIS,
        ags="09674",
        parent=bezirk,
    )
    Region.objects.filter(ags__startswith="09674", level=RegionLevel.GEMEINDE).update(parent=kreis)
    old = RegionFactory(
        name="Stadt Ebernalt",
        level=RegionLevel.GEMEINDE,
        kind=RegionKind.STADT,
        ags="09674999",
        is_current=False,
    )
    return {"bezirk": bezirk, "kreis": kreis, "towns": towns, "old": old}


def result_names(response):
    return [region.name for region in response.context["regions"]]


def test_list_without_query_shows_bezirke_and_alliances(client, register):
    response = client.get(reverse("regions:region_list"))

    assert response.status_code == 200
    assert result_names(response) == ["Oberfranken"]
    assert "1 Region gefunden" in response.content.decode()


def test_search_by_name(client, register):
    response = client.get(reverse("regions:region_list"), {"q": "ebern"})

    assert result_names(response) == ["Stadt Ebern"]  # not the one that is no longer current
    page = response.content.decode()
    assert "Stadt Ebern" in page
    assert "Landkreis Haßberge" in page  # the column "Gehört zu"
    assert "Markt Erlbach" not in page


def test_search_by_key_prefix(client, register):
    response = client.get(reverse("regions:region_list"), {"q": "09674"})

    assert result_names(response) == ["Landkreis Haßberge", "Stadt Ebern", "Gemeinde Pfarrweisach"]
    assert "3 Regionen gefunden" in response.content.decode()


def test_search_by_key_prefix_and_level(client, register):
    response = client.get(reverse("regions:region_list"), {"q": "09674", "level": "kreis"})

    assert result_names(response) == ["Landkreis Haßberge"]


def test_htmx_search_returns_only_the_results(client, register):
    response = client.get(
        reverse("regions:region_list"), {"q": "0957"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "<form" not in page
    assert "Markt Erlbach" in page
    assert "Stadt Ebern" not in page
    assert "1 Region gefunden" in page


def test_invalid_level_finds_nothing_and_says_so(client, register):
    response = client.get(reverse("regions:region_list"), {"q": "Ebern", "level": "planet"})

    assert response.status_code == 200
    assert result_names(response) == []
    assert 'id="id_level_error"' in response.content.decode()


def test_region_detail_shows_key_parent_and_children(client, register):
    response = client.get(register["kreis"].get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Landkreis Haßberge" in page
    assert "09674" in page
    assert register["bezirk"].get_absolute_url() in page
    assert "2 untergeordnete Regionen" in page
    assert "Stadt Ebern" in page
    assert "Stadt Ebernalt" not in page


def test_region_detail_lists_only_public_agendas(client, team):
    from tests.factories import AgendaFactory

    region = team.agenda.region
    hidden = AgendaFactory(region=region, title="Verborgene Agenda", is_public=False)

    page = client.get(region.get_absolute_url()).content.decode()

    assert team.agenda.title in page
    assert hidden.title not in page


def test_unknown_region_is_404(client, db):
    response = client.get(reverse("regions:region_detail", args=[987654]))

    assert response.status_code == 404
    assert "Diese Region gibt es nicht (mehr)." in response.content.decode()
