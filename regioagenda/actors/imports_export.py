"""The rows of an export of organisations or people, in the columns of the import template.

Read-only and query-bounded (two queries for organisations, three for people, whatever their
number). Values are German as in the template (English labels for a CSV exported from /en/,
which the import reads as well), so an export can be imported into another agenda unchanged.
Anonymised people appear as "Anonymisierte Person" and nothing else.
"""

import datetime

from django.db.models import Prefetch
from django.utils import translation

from regioagenda.actors.imports_format import CONSENT_COLUMNS, ORGANISATIONS
from regioagenda.actors.models import ConsentRecord, Organisation, Person, Sector, Visibility
from regioagenda.regions.models import Agenda

# One row of a file: text cells, and dates where a consent was given.
ExportRow = list[str | datetime.date]


def _sector(key: str) -> str:
    return str(Sector(key).label) if key in Sector.values else ""


def _fields(obj: Organisation | Person) -> str:
    return "; ".join(sorted(link.field_key for link in obj.field_links.all()))


def organisation_rows(agenda: Agenda, language: str = "de") -> list[ExportRow]:
    organisations = (
        Organisation.objects.filter(agenda=agenda)
        .select_related("region")
        .prefetch_related("field_links")
        .order_by("name", "pk")
    )
    with translation.override(language):
        return [
            [
                organisation.name,
                _sector(organisation.sector),
                organisation.region.ags if organisation.region is not None else "",
                organisation.website,
                organisation.description,
                _fields(organisation),
            ]
            for organisation in organisations
        ]


def people_rows(agenda: Agenda, language: str = "de") -> list[ExportRow]:
    active = ConsentRecord.objects.filter(withdrawn_on__isnull=True).order_by("-given_on", "-pk")
    people = (
        Person.objects.filter(agenda=agenda)
        .select_related("organisation", "region")
        .prefetch_related("field_links", Prefetch("consents", queryset=active))
        .order_by("is_anonymised", "name", "pk")
    )
    rows: list[ExportRow] = []
    with translation.override(language):
        placeholder = str(Person(is_anonymised=True).display_name)
        for person in people:
            if person.is_anonymised:
                rows.append([placeholder, *[""] * (8 + 2 * len(CONSENT_COLUMNS))])
                continue
            consents: dict[str, ConsentRecord] = {}
            for consent in person.consents.all():
                consents.setdefault(consent.purpose, consent)  # the newest active one
            row: ExportRow = [
                person.name,
                person.organisation.name if person.organisation is not None else "",
                _sector(person.sector),
                person.function,
                person.email,
                person.phone,
                person.region.ags if person.region is not None else "",
                str(Visibility(person.visibility).label),
                _fields(person),
            ]
            for purpose, _on, _source in CONSENT_COLUMNS:
                newest = consents.get(purpose)
                row += [newest.given_on, newest.source] if newest else ["", ""]
            rows.append(row)
    return rows


def rows_for(agenda: Agenda, what: str, language: str = "de") -> list[ExportRow]:
    if what == ORGANISATIONS:
        return organisation_rows(agenda, language)
    return people_rows(agenda, language)
