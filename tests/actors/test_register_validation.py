"""One rule per value of the register: the form, the service, the model and the import accept,
complete or refuse the same value alike, with the same sentence."""

import pytest
from django.core.exceptions import ValidationError

from regioagenda.actors import validation
from regioagenda.actors.forms.register import OrganisationForm, PersonForm
from regioagenda.actors.imports_format import ORGANISATIONS, PEOPLE
from regioagenda.actors.models import Organisation, Person, Sector
from regioagenda.actors.services import register as services
from tests.actors.test_import_helpers import (
    ORG_HEADER,
    PEOPLE_HEADER,
    csv_bytes,
    org_row,
    person_row,
    preview,
)

pytestmark = pytest.mark.django_db

LONG_NAME = "x" * (Organisation._meta.get_field("name").max_length + 1)
LONG_PERSON_NAME = "x" * (Person._meta.get_field("name").max_length + 1)


# What each path answers: ("ok", {value}) or ("refused", message) for one field.


def _by_form(form, key):
    if form.is_valid():
        return "ok", form.cleaned_data[key]
    return "refused", form.errors[key][0]


def _by_service(create, key):
    try:
        obj = create()
    except ValidationError as exc:
        return "refused", exc.message_dict[key][0]
    return "ok", getattr(obj, key)


def _by_import(team, kind, row, header, key):
    plan = preview(team, kind, csv_bytes([row], header))
    (checked,) = plan.rows
    if checked.errors:
        return "refused", dict(checked.errors)[key]
    return "ok", checked.values[key]


def _organisation_answers(team, key, **values):
    data = {"name": "Stadtwerke Teamhausen", "sector": Sector.ECONOMY, "website": ""}
    data.update(values)
    form = OrganisationForm(data=data)
    row = org_row(data["name"], "Wirtschaft", website=data["website"])
    return {
        "form": _by_form(form, key),
        "service": _by_service(
            lambda: services.create_organisation(actor=team.editor, agenda=team.agenda, **data), key
        ),
        "import": _by_import(team, ORGANISATIONS, row, ORG_HEADER, key),
    }


@pytest.mark.parametrize(
    ("website", "answer"),
    [
        ("www.example.de", ("ok", "https://www.example.de")),
        ("  example.de/kontakt ", ("ok", "https://example.de/kontakt")),
        ("http://example.de", ("ok", "http://example.de")),
        (
            "javascript:alert(1)",
            ("refused", "„javascript:alert(1)“ ist keine gültige Webadresse, z. B. "),
        ),
        ("mailto:info@example.de", ("refused", "„mailto:info@example.de“ ist keine gültige")),
        ("stadtwerke", ("refused", "„stadtwerke“ ist keine gültige Webadresse")),
        ("ftp://example.de", ("refused", "„ftp://example.de“ ist keine gültige Webadresse")),
    ],
)
def test_website_is_completed_or_refused_alike(actors_setup, website, answer):
    answers = _organisation_answers(actors_setup, "website", website=website)
    verdict, value = answer
    for path, (got_verdict, got) in answers.items():
        assert got_verdict == verdict, (path, got)
        if verdict == "ok":
            assert got == value, path
        else:
            assert got.startswith(value), (path, got)
    assert len(set(answers.values())) == 1, answers


def test_too_long_website_after_completion(actors_setup):
    limit = Organisation._meta.get_field("website").max_length
    website = "www." + "a" * (limit - len("www..de") - 1) + ".de"  # fits only as typed
    answers = _organisation_answers(actors_setup, "website", website=website)
    assert set(answers.values()) == {
        (
            "refused",
            f"Die Webadresse darf höchstens {limit} Zeichen lang sein (hier: {limit + 7}).",
        )
    }


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("  Stadtwerke   Teamhausen ", ("ok", "Stadtwerke Teamhausen")),
        (LONG_NAME, ("refused", "Der Name darf höchstens 300 Zeichen lang sein (hier: 301).")),
        ("   ", ("refused", "Bitte geben Sie den Namen der Organisation an.")),
    ],
)
def test_organisation_name_alike(actors_setup, name, answer):
    answers = _organisation_answers(actors_setup, "name", name=name)
    assert set(answers.values()) == {answer}, answers


def _person_answers(team, key, **values):
    data = {"name": "Anna Beispiel", "sector": Sector.EDUCATION, "email": "", "phone": ""}
    data.update(values)
    form = PersonForm(data={**data, "visibility": "internal"}, agenda=team.agenda)
    row = person_row(data["name"], sector="Bildung", email=data["email"], phone=data["phone"])
    return {
        "form": _by_form(form, key),
        "service": _by_service(
            lambda: services.create_person(actor=team.editor, agenda=team.agenda, **data), key
        ),
        "import": _by_import(team, PEOPLE, row, PEOPLE_HEADER, key),
    }


@pytest.mark.parametrize(
    ("key", "value", "answer"),
    [
        ("email", " anna@example.de ", ("ok", "anna@example.de")),
        (
            "email",
            "anna@",
            (
                "refused",
                "„anna@“ ist keine gültige E-Mail-Adresse. Bitte prüfen Sie die Schreibweise, "
                "z. B. name@example.de.",
            ),
        ),
        ("name", LONG_PERSON_NAME, ("refused", "Der Name darf höchstens 200 Zeichen lang sein")),
        ("name", "", ("refused", "Bitte geben Sie den Namen der Person an.")),
        ("phone", "0" * 51, ("refused", "Die Telefonnummer darf höchstens 50 Zeichen lang sein")),
        ("phone", " 089  123 ", ("ok", "089 123")),
    ],
)
def test_person_values_alike(actors_setup, key, value, answer):
    answers = _person_answers(actors_setup, key, **{key: value})
    verdict, expected = answer
    for path, (got_verdict, got) in answers.items():
        assert got_verdict == verdict, (path, got)
        assert got.startswith(expected), (path, got)
    assert len(set(answers.values())) == 1, answers


def test_model_clean_applies_the_same_rules():
    organisation = Organisation(name="  Stadtwerke  ", sector=Sector.ECONOMY, website="www.sw.de")
    organisation.clean()
    assert (organisation.name, organisation.website) == ("Stadtwerke", "https://www.sw.de")
    with pytest.raises(ValidationError) as exc:
        Organisation(name=LONG_NAME, sector="space", website="javascript:x").clean()
    assert set(exc.value.message_dict) == {"name", "sector", "website"}

    person = Person(name="Anna", sector="", email="anna@")
    with pytest.raises(ValidationError) as exc:
        person.clean()
    assert exc.value.message_dict["sector"] == [str(validation.PERSON_SECTOR_MISSING)]
    assert exc.value.message_dict["email"][0].startswith("„anna@“ ist keine gültige")


def test_form_lengths_come_from_the_model():
    form = OrganisationForm()
    assert form.fields["name"].max_length == Organisation._meta.get_field("name").max_length
    assert form.fields["website"].widget.attrs["maxlength"] == str(
        Organisation._meta.get_field("website").max_length
    )
