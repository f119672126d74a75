"""Importing actors: duplicates by email and by similar name; merge, skip, create anyway."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from regioagenda.actors.imports_format import ORGANISATIONS, PEOPLE
from regioagenda.actors.imports_plan import CERTAIN, DUPLICATE, NEW, PROBABLE
from regioagenda.actors.models import ConsentRecord, Organisation, Person, PersonField
from regioagenda.actors.names import organisation_key, person_key
from regioagenda.actors.services import imports as services
from tests.actor_factories import ConsentFactory, OrganisationFactory, PersonFactory
from tests.actors.test_import_helpers import (
    ORG_HEADER,
    PEOPLE_HEADER,
    csv_bytes,
    org_row,
    person_row,
    preview,
    run_import,
)


def people_csv(*rows):
    return csv_bytes(list(rows), PEOPLE_HEADER)


@pytest.fixture
def anna(actors_setup):
    """Anna in the register: function and email set, phone and fields empty."""
    team = actors_setup
    school = OrganisationFactory(agenda=team.agenda, name="Volkshochschule", sector="education")
    return PersonFactory(
        agenda=team.agenda,
        organisation=school,
        name="Anna Müller",
        email="Anna.Mueller@vhs.example",
        function="Leitung",
        phone="",
    )


def test_names_are_normalised_for_comparison():
    assert person_key("Dr. Anna Müller") == person_key("anna mueller") == "anna mueller"
    assert person_key("Prof. Dr.-Ing. Jörg  Meier") == "joerg meier"
    assert organisation_key("Sportverein Teamhausen e. V.") == "sportverein teamhausen"
    assert organisation_key("Muster GmbH & Co. KG") == organisation_key("Muster AG") == "muster"


def test_same_email_is_a_certain_duplicate(anna):
    plan = preview_for(
        anna, person_row("Annette Anders", sector="Bildung", email="anna.mueller@VHS.example")
    )
    (row,) = plan.rows
    assert (row.status, row.certainty, row.target) == (DUPLICATE, CERTAIN, anna)
    assert row.reason == "gleiche E-Mail-Adresse"
    assert [value for value, _label in row.options] == ["skip", "merge"]


def preview_for(anna, *rows, what=PEOPLE):
    from types import SimpleNamespace

    team = SimpleNamespace(agenda=anna.agenda, coordinator=coordinator_of(anna))
    data = csv_bytes(list(rows), PEOPLE_HEADER if what == PEOPLE else ORG_HEADER)
    return preview(team, what, data)


def coordinator_of(person):
    from regioagenda.accounts.models import Membership

    return Membership.objects.get(agenda=person.agenda, role="coordinator").user


def test_similar_name_is_a_probable_duplicate(anna):
    plan = preview_for(anna, person_row("Dr. Anna Mueller", organisation="Volkshochschule"))
    (row,) = plan.rows
    assert (row.status, row.certainty, row.target) == (DUPLICATE, PROBABLE, anna)
    assert row.reason == "ähnlicher Name, 100 % Übereinstimmung"
    assert [value for value, _label in row.options] == ["skip", "merge", "create"]


def test_typo_in_the_name_is_still_similar(anna):
    (row,) = preview_for(anna, person_row("Ana Müler", sector="Bildung")).rows
    assert (row.status, row.certainty) == (DUPLICATE, PROBABLE)


def test_similar_name_in_another_organisation_is_not_a_duplicate(anna):
    OrganisationFactory(agenda=anna.agenda, name="Klinikum")
    (row,) = preview_for(anna, person_row("Anna Müller", organisation="Klinikum")).rows
    assert row.status == NEW


def test_different_names_are_new(anna):
    (row,) = preview_for(anna, person_row("Berta Schmidt", organisation="Volkshochschule")).rows
    assert row.status == NEW


def test_same_name_in_the_same_organisation_is_certain(anna):
    (row,) = preview_for(anna, person_row("anna müller", organisation="Volkshochschule")).rows
    assert (row.status, row.certainty) == (DUPLICATE, CERTAIN)
    assert row.reason == "gleicher Name bei derselben Organisation"


def test_anonymised_people_are_no_duplicates(anna):
    anna.is_anonymised, anna.name, anna.email = True, "", ""
    anna.save()
    (row,) = preview_for(anna, person_row("Anna Müller", organisation="Volkshochschule")).rows
    assert row.status == NEW


def test_merge_fills_empty_values_adds_fields_and_consents_and_keeps_the_rest(anna):
    team = anna.agenda
    PersonField.objects.create(person=anna, field_key="education")
    row = person_row(
        "Dr. Anna Müller",
        organisation="Volkshochschule",
        function="Fachbereichsleitung",
        email="anna@other.example",
        phone="08031 555",
        visibility="öffentlich",
        fields="education; mobility",
        consent_publish_on="01.02.2025",
        consent_publish_source="E-Mail vom 01.02.2025",
    )
    plan = preview_for(anna, row)
    (planned,) = plan.rows
    shown = {(c.attribute, c.kind): (c.shown, c.current) for c in planned.changes}
    assert shown == {
        ("name", "keep"): ("Dr. Anna Müller", "Anna Müller"),
        ("function", "keep"): ("Fachbereichsleitung", "Leitung"),
        ("email", "keep"): ("anna@other.example", "Anna.Mueller@vhs.example"),
        ("phone", "fill"): ("08031 555", ""),
        ("visibility", "keep"): ("öffentlich", "intern"),
        ("fields", "add"): ("Mobilität", ""),
        ("consent:publish", "add"): ("01.02.2025, E-Mail vom 01.02.2025", ""),
    }

    pending = services.stage_import(actor=coordinator_of(anna), agenda=team, plan=plan)
    outcome = services.confirm_import(
        actor=coordinator_of(anna), agenda=team, token=pending, decisions={planned.ref: "merge"}
    )

    assert outcome.counts[PEOPLE] == {"created": 0, "merged": 1, "skipped": 0}
    anna.refresh_from_db()
    assert (anna.name, anna.function, anna.email, anna.phone, anna.visibility) == (
        "Anna Müller",
        "Leitung",
        "Anna.Mueller@vhs.example",
        "08031 555",
        "internal",
    )
    assert sorted(anna.field_links.values_list("field_key", flat=True)) == ["education", "mobility"]
    consent = anna.consents.get()
    assert (consent.purpose, consent.given_on) == ("publish", datetime.date(2025, 2, 1))
    assert Person.objects.count() == 1


def test_merge_does_not_add_a_consent_that_is_active_already(anna):
    ConsentFactory(person=anna, purpose="publish", given_on=datetime.date(2024, 1, 1))
    row = person_row(
        "Anna Müller",
        organisation="Volkshochschule",
        consent_publish_on="01.02.2025",
        consent_publish_source="Neu",
    )
    plan = preview_for(anna, row)
    assert plan.rows[0].changes == []
    pending = services.stage_import(actor=coordinator_of(anna), agenda=anna.agenda, plan=plan)
    services.confirm_import(
        actor=coordinator_of(anna), agenda=anna.agenda, token=pending, decisions={"p2": "merge"}
    )
    assert ConsentRecord.objects.get().given_on == datetime.date(2024, 1, 1)


def test_skip_is_the_default_and_leaves_the_record_alone(anna):
    before = Person.objects.values().get()
    team = anna.agenda
    row = person_row("Anna Müller", organisation="Volkshochschule", phone="0800", fields="health")
    plan = preview_for(anna, row, person_row("Neue Person", sector="Bildung"))
    pending = services.stage_import(actor=coordinator_of(anna), agenda=team, plan=plan)

    outcome = services.confirm_import(
        actor=coordinator_of(anna), agenda=team, token=pending, decisions={}
    )

    assert outcome.counts[PEOPLE] == {"created": 1, "merged": 0, "skipped": 1}
    assert Person.objects.values().get(pk=anna.pk) == before
    assert not anna.field_links.exists()


def test_create_anyway_is_refused_for_the_same_email(anna):
    team = anna.agenda
    plan = preview_for(
        anna, person_row("Annette", sector="Bildung", email="anna.mueller@vhs.example")
    )
    pending = services.stage_import(actor=coordinator_of(anna), agenda=team, plan=plan)

    with pytest.raises(ValidationError) as exc:
        services.confirm_import(
            actor=coordinator_of(anna), agenda=team, token=pending, decisions={"p2": "create"}
        )

    assert exc.value.messages == [
        "Zeile 2: „trotzdem neu anlegen“ ist nicht möglich, weil es ein sicheres Duplikat von "
        "„Anna Müller“ ist (gleiche E-Mail-Adresse). Wählen Sie „zusammenführen“ oder "
        "„überspringen“."
    ]
    assert Person.objects.count() == 1


def test_create_anyway_for_a_probable_duplicate(anna):
    team = anna.agenda
    plan = preview_for(
        anna, person_row("Anna Mueller", sector="Bildung", email="a.m@other.example")
    )
    pending = services.stage_import(actor=coordinator_of(anna), agenda=team, plan=plan)
    outcome = services.confirm_import(
        actor=coordinator_of(anna), agenda=team, token=pending, decisions={"p2": "create"}
    )
    assert outcome.counts[PEOPLE]["created"] == 1
    assert Person.objects.filter(name="Anna Mueller", sector="education").exists()


def test_unknown_choice_is_refused(anna):
    plan = preview_for(anna, person_row("Anna Müller", organisation="Volkshochschule"))
    pending = services.stage_import(actor=coordinator_of(anna), agenda=anna.agenda, plan=plan)
    with pytest.raises(ValidationError) as exc:
        services.confirm_import(
            actor=coordinator_of(anna),
            agenda=anna.agenda,
            token=pending,
            decisions={"p2": "delete"},
        )
    assert exc.value.messages == ["Zeile 2: Die Auswahl „delete“ gibt es nicht."]


def test_duplicates_within_the_file(actors_setup):
    team = actors_setup
    rows = [
        person_row("Carla Neu", sector="Bildung", email="carla@example.org"),
        person_row("C. Neu", sector="Bildung", email="CARLA@example.org", phone="0171 1"),
        person_row("Dr. Carla Neu", sector="Bildung", fields="energy"),
    ]
    plan = preview(team, PEOPLE, people_csv(*rows))

    first, second, third = plan.rows
    assert first.status == NEW
    assert (second.status, second.certainty, second.target_row) == (DUPLICATE, CERTAIN, first)
    assert second.reason == "gleiche E-Mail-Adresse wie Zeile 2 dieser Datei"
    assert (third.status, third.certainty, third.target_row) == (DUPLICATE, PROBABLE, first)

    pending = services.stage_import(actor=team.coordinator, agenda=team.agenda, plan=plan)
    outcome = services.confirm_import(
        actor=team.coordinator,
        agenda=team.agenda,
        token=pending,
        decisions={"p3": "merge", "p4": "merge"},
    )
    assert outcome.counts[PEOPLE] == {"created": 1, "merged": 2, "skipped": 0}
    carla = Person.objects.get()
    assert (carla.name, carla.phone) == ("Carla Neu", "0171 1")
    assert list(carla.field_links.values_list("field_key", flat=True)) == ["energy"]


def test_organisation_same_name_is_certain_and_legal_form_is_probable(actors_setup):
    team = actors_setup
    works = OrganisationFactory(agenda=team.agenda, name="Stadtwerke Teamhausen GmbH", website="")
    OrganisationFactory(agenda=team.agenda, name="Sportverein Teamhausen e.V.")
    rows = [
        org_row(
            "stadtwerke teamhausen gmbh", "Infrastruktur & Versorger", website="https://sw.example"
        ),
        org_row("Sportverein Teamhausen", "Zivilgesellschaft & Vereine"),
        org_row("Kreisjugendring", "Bildung"),
    ]
    plan = preview(team, ORGANISATIONS, csv_bytes(rows, ORG_HEADER))

    same, similar, new = plan.rows
    assert (same.status, same.certainty, same.target) == (DUPLICATE, CERTAIN, works)
    assert same.reason == "gleicher Name"
    assert (similar.status, similar.certainty) == (DUPLICATE, PROBABLE)
    assert new.status == NEW
    changes = {(c.attribute, c.kind) for c in same.changes}
    assert changes == {("website", "fill"), ("sector", "keep")}

    pending = services.stage_import(actor=team.coordinator, agenda=team.agenda, plan=plan)
    with pytest.raises(ValidationError):
        services.confirm_import(
            actor=team.coordinator, agenda=team.agenda, token=pending, decisions={"o2": "create"}
        )
    services.confirm_import(
        actor=team.coordinator,
        agenda=team.agenda,
        token=pending,
        decisions={"o2": "merge", "o3": "create"},
    )

    works.refresh_from_db()
    assert (works.website, works.sector) == ("https://sw.example", "economy")
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Kreisjugendring",
        "Sportverein Teamhausen",
        "Sportverein Teamhausen e.V.",
        "Stadtwerke Teamhausen GmbH",
    ]


def test_merge_gives_an_organisation_to_a_person_without_one(actors_setup):
    team = actors_setup
    OrganisationFactory(agenda=team.agenda, name="Klinikum", sector="health_social")
    person = PersonFactory(agenda=team.agenda, name="Paul Pflege", sector="citizens", email="")
    plan = preview(team, PEOPLE, people_csv(person_row("Paul Pflege", organisation="Klinikum")))
    (row,) = plan.rows
    assert row.status == DUPLICATE
    (change,) = row.changes
    assert change.kind == "fill"
    assert "der eigene Bereich „Bürgerschaft“ entfällt" in change.shown

    pending = services.stage_import(actor=team.coordinator, agenda=team.agenda, plan=plan)
    services.confirm_import(
        actor=team.coordinator, agenda=team.agenda, token=pending, decisions={"p2": "merge"}
    )
    person.refresh_from_db()
    assert (person.organisation.name, person.sector) == ("Klinikum", "")


def test_people_referring_to_a_skipped_duplicate_organisation_get_the_existing_one(actors_setup):
    from tests.actors.test_import_helpers import xlsx_bytes

    team = actors_setup
    existing = OrganisationFactory(agenda=team.agenda, name="Sparkasse Teamhausen")
    data = xlsx_bytes(
        {
            "Organisationen": (ORG_HEADER, [org_row("Sparkasse Teamhausen AG", "Wirtschaft")]),
            "Personen": (
                PEOPLE_HEADER,
                [person_row("Olga", organisation="Sparkasse Teamhausen AG")],
            ),
        }
    )
    run_import(team, PEOPLE, data, "a.xlsx")  # the organisation row is skipped (default)
    olga = Person.objects.get()
    assert Organisation.objects.count() == 1
    assert olga.organisation == existing


def test_the_same_name_twice_in_a_file_never_overwrites(actors_setup):
    """Row 3 repeats row 2's name; row 2 is merged into an existing organisation. Row 3 then
    targets what row 2 became, and merging it fills only what is still empty."""
    team = actors_setup
    works = OrganisationFactory(agenda=team.agenda, name="Stadtwerke", website="")
    rows = [
        org_row("Stadtwerke GmbH", "Wirtschaft", website="https://eins.example"),
        org_row("Stadtwerke GmbH", "Wirtschaft", website="https://zwei.example", description="B"),
    ]
    plan = preview(team, ORGANISATIONS, csv_bytes(rows, ORG_HEADER))
    first, second = plan.rows
    assert (first.certainty, first.target) == (PROBABLE, works)
    assert (second.certainty, second.target_row) == (CERTAIN, first)

    pending = services.stage_import(actor=team.coordinator, agenda=team.agenda, plan=plan)
    services.confirm_import(
        actor=team.coordinator,
        agenda=team.agenda,
        token=pending,
        decisions={"o2": "merge", "o3": "merge"},
    )

    works.refresh_from_db()
    assert (works.website, works.description) == ("https://eins.example", "B")
    assert Organisation.objects.count() == 1
