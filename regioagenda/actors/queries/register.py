"""Read paths of the register: organisations, people, their consents, and the public list.

The one rule for showing a person publicly lives here (``visible_people_filter``,
``publicly_visible_people``, ``is_publicly_visible``); every public page of the actors part
uses it instead of writing its own.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict, TypeVar

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from regioagenda.actors.fields import active_fields
from regioagenda.actors.models import (
    Activity,
    BodyMember,
    ConsentPurpose,
    ConsentRecord,
    Invitation,
    Organisation,
    OrganisationField,
    Person,
    PersonField,
    Sector,
    Visibility,
)
from regioagenda.actors.names import exact_person_key
from regioagenda.core.numbers import is_ascii_digits
from regioagenda.regions.models import Agenda, Region

PAGE_SIZE = 50

Row = TypeVar("Row", Organisation, Person)


# The public-visibility rule ---------------------------------------------------------------------


def _active_publish_consent(person_ref: int | OuterRef) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(
        person_id=person_ref, purpose=ConsentPurpose.PUBLISH, withdrawn_on__isnull=True
    )


def visible_people_filter(prefix: str = "") -> Q:
    """A ``Q`` for people shown publicly: visibility "public", not anonymised, and an active
    (not withdrawn) consent with purpose "publish".

    ``prefix`` reaches the person through a relation, e.g. ``visible_people_filter("person__")``
    on ``BodyMember`` rows. Uses a subquery, so it never duplicates rows.
    """
    return Q(**{f"{prefix}visibility": Visibility.PUBLIC, f"{prefix}is_anonymised": False}) & Q(
        Exists(_active_publish_consent(OuterRef(f"{prefix}pk")))
    )


def publicly_visible_people(queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """``queryset`` (default: all people) narrowed to those who may be shown publicly."""
    queryset = Person.objects.all() if queryset is None else queryset
    return queryset.filter(visible_people_filter())


def is_publicly_visible(person: Person, consents: Iterable[ConsentRecord] | None = None) -> bool:
    """The same rule for one person in Python. ``consents``: the person's consent records if
    already loaded (e.g. prefetched), else they are read (one query)."""
    if person.visibility != Visibility.PUBLIC or person.is_anonymised:
        return False
    if consents is None:
        return _active_publish_consent(person.pk).exists()
    return any(c.purpose == ConsentPurpose.PUBLISH and c.withdrawn_on is None for c in consents)


# Lookups used by forms and services -------------------------------------------------------------


def normalise_name(name: str) -> str:
    """A person's name for duplicate checks: case, accents, academic titles, punctuation and
    spacing do not count ("Prof. Dr. Jörg  Meier" and "jorg meier" are the same)."""
    return exact_person_key(name)


def person_with_email(
    agenda: Agenda, email: str, *, exclude: Person | None = None
) -> Person | None:
    """The agenda's (not anonymised) person with this email, case-insensitive, else None."""
    email = (email or "").strip()
    if not email:
        return None
    people = Person.objects.filter(agenda=agenda, is_anonymised=False, email__iexact=email)
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return people.order_by("pk").first()


def person_with_name_in_organisation(
    organisation: Organisation | None, name: str, *, exclude: Person | None = None
) -> Person | None:
    """A person of ``organisation`` whose normalised name equals ``name``'s, else None."""
    if organisation is None:
        return None
    wanted = normalise_name(name)
    people = Person.objects.filter(organisation=organisation, is_anonymised=False)
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    for person in people.order_by("pk").only("pk", "name"):
        if normalise_name(person.name) == wanted:
            return person
    return None


def find_region(text: str | None) -> Region | None:
    """The region a user typed: an official key (AGS) or an exact name; ``None`` for empty.

    Raises ``ValidationError`` naming the problem (unknown, or a name several regions share).
    """
    text = " ".join((text or "").split())
    if not text:
        return None
    if is_ascii_digits(text):
        region = Region.objects.filter(ags=text).order_by("pk").first()
        if region is None:
            raise ValidationError(
                _("Es gibt keine Region mit dem amtlichen Schlüssel %(ags)s.") % {"ags": text}
            )
        return region
    matches = list(Region.objects.filter(name__iexact=text).order_by("ags", "pk")[:6])
    if not matches:
        raise ValidationError(
            _(
                "Es gibt keine Region namens „%(name)s“. Bitte geben Sie den genauen Namen oder "
                "den amtlichen Schlüssel (AGS) an."
            )
            % {"name": text}
        )
    if len(matches) > 1:
        raise ValidationError(
            _(
                "Den Namen „%(name)s“ tragen mehrere Regionen. Bitte geben Sie den Schlüssel an: %(keys)s."
            )
            % {
                "name": text,
                "keys": ", ".join(f"{r.ags or '–'} ({r.get_kind_display()})" for r in matches),
            }
        )
    return matches[0]


def region_label(region: Region | None) -> str:
    """What the region field of a form shows for a stored region."""
    if region is None:
        return ""
    return region.ags or region.name


# Getting one row of the agenda (never another agenda's) ------------------------------------------


def get_organisation(agenda: Agenda, pk: int) -> Organisation:
    organisation = (
        Organisation.objects.filter(agenda=agenda, pk=pk).select_related("region").first()
    )
    if organisation is None:
        raise Http404(_("Diese Organisation gibt es in dieser Agenda nicht."))
    return organisation


def get_person(agenda: Agenda, pk: int) -> Person:
    person = (
        Person.objects.filter(agenda=agenda, pk=pk).select_related("organisation", "region").first()
    )
    if person is None:
        raise Http404(_("Diese Person gibt es in dieser Agenda nicht."))
    return person


def get_consent(person: Person, pk: int) -> ConsentRecord:
    consent = ConsentRecord.objects.filter(person=person, pk=pk).first()
    if consent is None:
        raise Http404(_("Diese Einwilligung gehört nicht zu dieser Person."))
    return consent


def organisation_choices(agenda: Agenda) -> QuerySet[Organisation]:
    """The agenda's organisations for a select (one query)."""
    return Organisation.objects.filter(agenda=agenda).order_by("name", "pk")


# Lists -----------------------------------------------------------------------------------------


def _field_keys(links: Iterable[OrganisationField | PersonField]) -> list[str]:
    return [link.field_key for link in links]


def _with_field_names(keys: Iterable[str], names: dict[str, str]) -> list[tuple[str, str]]:
    return [(key, names.get(key, key)) for key in keys]


def _page(rows: QuerySet[Row], page_number: int | str | None) -> Page[Row]:
    paginator = Paginator(rows, PAGE_SIZE)
    return paginator.get_page(page_number)


def region_filter_choices(agenda: Agenda) -> list[tuple[str, str]]:
    """The regions the agenda's organisations are in, for the filter (one query)."""
    regions = (
        Region.objects.filter(pk__in=Organisation.objects.filter(agenda=agenda).values("region"))
        .order_by("name", "pk")
        .only("pk", "name")
    )
    return [(str(region.pk), region.name) for region in regions]


class OrganisationList(TypedDict):
    page: Page[Organisation]
    organisations: list[Organisation]
    field_names: dict[str, str]


def organisation_list(
    agenda: Agenda,
    *,
    q: str = "",
    sector: str = "",
    field: str = "",
    region: int | str | None = None,
    page: int | str | None = 1,
) -> OrganisationList:
    """The agenda's organisations with their number of people and their fields, filtered.

    A fixed number of queries: count, rows (with region), field links, field names.
    """
    names = dict(active_fields())
    rows = (
        Organisation.objects.filter(agenda=agenda)
        .select_related("region")
        .annotate(
            people_count=Count("people", filter=Q(people__is_anonymised=False), distinct=True)
        )
        .prefetch_related(
            Prefetch("field_links", queryset=OrganisationField.objects.order_by("field_key"))
        )
        .order_by("name", "pk")
    )
    if q:
        rows = rows.filter(name__icontains=q)
    if sector:
        rows = rows.filter(sector=sector)
    if field:
        rows = rows.filter(
            Exists(OrganisationField.objects.filter(organisation=OuterRef("pk"), field_key=field))
        )
    if region:
        rows = rows.filter(region_id=region)
    page_obj = _page(rows, page)
    for organisation in page_obj.object_list:
        organisation.fields = _with_field_names(_field_keys(organisation.field_links.all()), names)
    return {"page": page_obj, "organisations": list(page_obj.object_list), "field_names": names}


CONSENT_STATES = [
    ("publish", gettext_lazy("mit Einwilligung zur Veröffentlichung")),
    ("active", gettext_lazy("mit gültiger Einwilligung")),
    ("none", gettext_lazy("ohne gültige Einwilligung")),
    ("withdrawn", gettext_lazy("mit widerrufener Einwilligung")),
    ("anonymised", gettext_lazy("anonymisiert")),
]


def _consent_filter(state: str) -> Q:
    active = ConsentRecord.objects.filter(person=OuterRef("pk"), withdrawn_on__isnull=True)
    if state == "publish":
        return Q(Exists(active.filter(purpose=ConsentPurpose.PUBLISH)))
    if state == "active":
        return Q(Exists(active))
    if state == "none":
        return ~Q(Exists(active)) & Q(is_anonymised=False)
    if state == "withdrawn":
        return Q(
            Exists(ConsentRecord.objects.filter(person=OuterRef("pk"), withdrawn_on__isnull=False))
        )
    if state == "anonymised":
        return Q(is_anonymised=True)
    return Q()


def effective_sector_filter(sector: str) -> Q:
    """People counting for ``sector``: their organisation's, or their own without one."""
    return Q(organisation__sector=sector) | Q(organisation__isnull=True, sector=sector)


@dataclass
class PersonRow:
    person: Person
    fields: list[tuple[str, str]]
    active_purposes: list[str]
    is_public: bool
    public_without_consent: bool


def _person_rows(people: Iterable[Person], names: dict[str, str]) -> list[PersonRow]:
    rows = []
    for person in people:
        consents = list(person.consents.all())
        public = is_publicly_visible(person, consents)
        rows.append(
            PersonRow(
                person=person,
                fields=_with_field_names(_field_keys(person.field_links.all()), names),
                active_purposes=[c.get_purpose_display() for c in consents if c.is_active],
                is_public=public,
                public_without_consent=person.visibility == Visibility.PUBLIC
                and not person.is_anonymised
                and not public,
            )
        )
    return rows


def _people_queryset() -> QuerySet[Person]:
    return Person.objects.select_related("organisation").prefetch_related(
        Prefetch("field_links", queryset=PersonField.objects.order_by("field_key")),
        Prefetch("consents", queryset=ConsentRecord.objects.order_by("-given_on", "-pk")),
    )


class PeopleList(TypedDict):
    page: Page[Person]
    rows: list[PersonRow]
    field_names: dict[str, str]


def people_list(
    agenda: Agenda,
    *,
    q: str = "",
    sector: str = "",
    field: str = "",
    organisation: int | str | None = None,
    visibility: str = "",
    consent: str = "",
    page: int | str | None = 1,
) -> PeopleList:
    """The agenda's people with organisation, fields and consent state, filtered.

    A fixed number of queries: count, rows (with organisation), field links, consents, names.
    """
    names = dict(active_fields())
    people = _people_queryset().filter(agenda=agenda).order_by("is_anonymised", "name", "pk")
    if q:
        people = people.filter(
            Q(name__icontains=q)
            | Q(email__icontains=q)
            | Q(function__icontains=q)
            | Q(organisation__name__icontains=q)
        )
    if sector:
        people = people.filter(effective_sector_filter(sector))
    if field:
        people = people.filter(
            Exists(PersonField.objects.filter(person=OuterRef("pk"), field_key=field))
        )
    if organisation:
        people = people.filter(organisation_id=organisation)
    if visibility:
        people = people.filter(visibility=visibility)
    if consent:
        people = people.filter(_consent_filter(consent))
    page_obj = _page(people, page)
    return {
        "page": page_obj,
        "rows": _person_rows(page_obj.object_list, names),
        "field_names": names,
    }


# Detail pages ----------------------------------------------------------------------------------


class OrganisationDetail(TypedDict):
    organisation: Organisation
    fields: list[tuple[str, str]]
    people: list[PersonRow]
    responsible_for: list[Activity]
    takes_part_in: list[Activity]


def organisation_detail(agenda: Agenda, organisation: Organisation) -> OrganisationDetail:
    """An organisation with its fields, its people and the activities it runs or joins."""
    names = dict(active_fields())
    keys = list(organisation.field_links.order_by("field_key").values_list("field_key", flat=True))
    people = (
        _people_queryset()
        .filter(agenda=agenda, organisation=organisation)
        .order_by("is_anonymised", "name", "pk")
    )
    active = Activity.objects.filter(merged_into__isnull=True).order_by("title", "pk")
    return {
        "organisation": organisation,
        "fields": _with_field_names(keys, names),
        "people": _person_rows(people, names),
        "responsible_for": list(active.filter(responsible=organisation)),
        "takes_part_in": list(
            active.filter(organisations=organisation).exclude(responsible=organisation)
        ),
    }


class PersonDetail(TypedDict):
    person: Person
    fields: list[tuple[str, str]]
    consents: list[ConsentRecord]
    active_consents: list[ConsentRecord]
    is_public: bool
    public_without_consent: bool
    memberships: list[BodyMember]
    invitations: list[Invitation]


def person_detail(agenda: Agenda, person: Person) -> PersonDetail:
    """A person with fields, full consent history, body memberships and invitations."""
    names = dict(active_fields())
    keys = list(person.field_links.order_by("field_key").values_list("field_key", flat=True))
    consents = list(person.consents.select_related("recorded_by").order_by("-given_on", "-pk"))
    public = is_publicly_visible(person, consents)
    return {
        "person": person,
        "fields": _with_field_names(keys, names),
        "consents": consents,
        "active_consents": [c for c in consents if c.is_active],
        "is_public": public,
        "public_without_consent": person.visibility == Visibility.PUBLIC
        and not person.is_anonymised
        and not public,
        "memberships": list(
            person.body_memberships.select_related("body").order_by("body__name", "start", "pk")
        ),
        "invitations": list(person.invitations.select_related("body").order_by("-created", "pk")),
    }


# The public page -------------------------------------------------------------------------------


@dataclass
class SectorGroup:
    key: str
    label: StrOrPromise
    organisations: list[Organisation]


class PublicRegister(TypedDict):
    sector_groups: list[SectorGroup]
    people: list[Person]
    other_people: int


def public_register(agenda: Agenda) -> PublicRegister:
    """Organisations by sector, the publicly visible people, and how many others take part.

    Nobody else's name reaches this page. A fixed number of queries whatever the rows.
    """
    names = dict(active_fields())
    organisations = list(
        Organisation.objects.filter(agenda=agenda)
        .prefetch_related(
            Prefetch("field_links", queryset=OrganisationField.objects.order_by("field_key"))
        )
        .order_by("name", "pk")
    )
    by_sector: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        organisation.fields = _with_field_names(_field_keys(organisation.field_links.all()), names)
        by_sector.setdefault(organisation.sector, []).append(organisation)
    groups = [
        SectorGroup(key=key, label=label, organisations=by_sector[key])
        for key, label in Sector.choices
        if key in by_sector
    ]
    people = list(
        publicly_visible_people(Person.objects.filter(agenda=agenda))
        .select_related("organisation")
        .prefetch_related(
            Prefetch("field_links", queryset=PersonField.objects.order_by("field_key"))
        )
        .order_by("name", "pk")
    )
    for person in people:
        person.fields = _with_field_names(_field_keys(person.field_links.all()), names)
    return {"sector_groups": groups, "people": people, "other_people": unshown_people(agenda)}


def unshown_people(agenda: Agenda) -> int:
    """How many people of ``agenda`` take part but are not shown publicly: the public register
    and the public network say the same number. Anonymised people are no longer people who take
    part (their record only keeps links), so they are not counted."""
    return (
        Person.objects.filter(agenda=agenda, is_anonymised=False)
        .exclude(visible_people_filter())
        .count()
    )


def pool_people(agenda: Agenda) -> QuerySet[Person]:
    """People other agendas of the same programme may find: they consented to the programme-wide
    pool, are not anonymised and can be written to. Empty without a programme."""
    if agenda.programme_id is None:
        return Person.objects.none()
    return (
        Person.objects.filter(agenda__programme_id=agenda.programme_id, is_anonymised=False)
        .exclude(agenda_id=agenda.pk)
        .exclude(email="")
        .filter(
            Exists(
                ConsentRecord.objects.filter(
                    person=OuterRef("pk"),
                    purpose=ConsentPurpose.POOL,
                    withdrawn_on__isnull=True,
                )
            )
        )
    )
