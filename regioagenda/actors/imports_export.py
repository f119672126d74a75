"""The rows of an export of organisations or people, in the columns of the import template.

Read-only and query-bounded (two queries for organisations, three for people, whatever their
number). Values are German as in the template, so an export can be imported into another agenda
unchanged. Anonymised people appear as "Anonymisierte Person" and nothing else.
"""

from django.db.models import Prefetch
from django.utils import translation

from regioagenda.actors.imports_format import CONSENT_COLUMNS, ORGANISATIONS
from regioagenda.actors.models import ConsentRecord, Organisation, Person, Sector, Visibility


def _sector(key):
    return str(Sector(key).label) if key in Sector.values else ""


def _fields(obj):
    return "; ".join(sorted(link.field_key for link in obj.field_links.all()))


def organisation_rows(agenda):
    organisations = (
        Organisation.objects.filter(agenda=agenda)
        .select_related("region")
        .prefetch_related("field_links")
        .order_by("name", "pk")
    )
    with translation.override("de"):
        return [
            [
                organisation.name,
                _sector(organisation.sector),
                organisation.region.ags if organisation.region_id else "",
                organisation.website,
                organisation.description,
                _fields(organisation),
            ]
            for organisation in organisations
        ]


def people_rows(agenda):
    active = ConsentRecord.objects.filter(withdrawn_on__isnull=True).order_by("-given_on", "-pk")
    people = (
        Person.objects.filter(agenda=agenda)
        .select_related("organisation", "region")
        .prefetch_related("field_links", Prefetch("consents", queryset=active))
        .order_by("is_anonymised", "name", "pk")
    )
    rows = []
    with translation.override("de"):
        placeholder = str(Person(is_anonymised=True).display_name)
        for person in people:
            if person.is_anonymised:
                rows.append([placeholder] + [""] * (8 + 2 * len(CONSENT_COLUMNS)))
                continue
            consents = {}
            for consent in person.consents.all():
                consents.setdefault(consent.purpose, consent)  # the newest active one
            row = [
                person.name,
                person.organisation.name if person.organisation_id else "",
                _sector(person.sector),
                person.function,
                person.email,
                person.phone,
                person.region.ags if person.region_id else "",
                str(Visibility(person.visibility).label),
                _fields(person),
            ]
            for purpose, _on, _source in CONSENT_COLUMNS:
                consent = consents.get(purpose)
                row += [consent.given_on, consent.source] if consent else ["", ""]
            rows.append(row)
    return rows


def rows_for(agenda, what):
    return organisation_rows(agenda) if what == ORGANISATIONS else people_rows(agenda)
