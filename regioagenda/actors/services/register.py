"""Write paths of the register: organisations, people, consents (GDPR) and anonymisation.

Every service takes the acting user, the object it works on, and keyword-only data; it checks
the permission, validates (values by the register's rules in ``actors/validation.py``, shared
with the forms and the import), raises ``ValidationError`` with German sentences keyed by form
field, changes the database in one transaction and writes an ``AuditEvent`` ("actors.…").

Audit details name people by number only, so the trail keeps no personal data after a person
is anonymised.
"""

import datetime
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors.fields import clean_field_keys
from regioagenda.actors.models import (
    ConsentPurpose,
    ConsentRecord,
    Organisation,
    OrganisationField,
    Person,
    PersonField,
    Visibility,
)
from regioagenda.actors.queries.register import (
    person_with_email,
    person_with_name_in_organisation,
)
from regioagenda.actors.validation import (
    FieldErrors,
    Values,
    clean_consent_values,
    clean_organisation_values,
    clean_person_values,
)
from regioagenda.core import permissions
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda, Region

# Codes of the duplicate errors; the person page links to ``params["pk"]``.
DUPLICATE_EMAIL = "duplicate_email"
DUPLICATE_NAME = "duplicate_name"

# The expertise of an organisation or a person: one row per field key.
FieldLink = TypeVar("FieldLink", OrganisationField, PersonField)


def _fields(keys: Iterable[str] | None, errors: FieldErrors) -> list[str]:
    try:
        return clean_field_keys(list(keys or []))
    except ValidationError as exc:
        errors["fields"] = exc.messages
        return []


def _region(region: object, errors: FieldErrors) -> Region | None:
    if region is not None and not isinstance(region, Region):
        errors["region"] = _("Bitte wählen Sie eine Region aus dem Verzeichnis.")
        return None
    return region


def _add_field_links(
    model: type[FieldLink], owner_name: str, owner: Organisation | Person, keys: Iterable[str]
) -> None:
    """The field links of a new owner (nothing to compare with yet)."""
    model.objects.bulk_create([model(**{owner_name: owner, "field_key": key}) for key in keys])


def _set_field_links(
    model: type[FieldLink], owner_name: str, owner: Organisation | Person, keys: list[str]
) -> None:
    """Replace the owner's field links by ``keys`` (deletes only what is gone)."""
    existing = set(model.objects.filter(**{owner_name: owner}).values_list("field_key", flat=True))
    model.objects.filter(**{owner_name: owner}).exclude(field_key__in=keys).delete()
    model.objects.bulk_create(
        [model(**{owner_name: owner, "field_key": key}) for key in keys if key not in existing]
    )


# Organisations ---------------------------------------------------------------------------------


def _clean_organisation(
    agenda: Agenda, data: Values, *, exclude: Organisation | None = None
) -> tuple[dict[str, Any], list[str]]:
    cleaned, errors = clean_organisation_values(data)
    cleaned["region"] = _region(data.get("region"), errors)
    keys = _fields(data.get("fields"), errors)
    if cleaned["name"] and "name" not in errors:
        twins = Organisation.objects.filter(agenda=agenda, name__iexact=cleaned["name"])
        if exclude is not None:
            twins = twins.exclude(pk=exclude.pk)
        twin = twins.first()
        if twin is not None:
            errors["name"] = ValidationError(
                _("Die Organisation „%(name)s“ gibt es in dieser Agenda schon."),
                code="duplicate_organisation",
                params={"name": twin.name, "pk": twin.pk},
            )
    if errors:
        raise ValidationError(errors)
    return cleaned, keys


def _twin_refusal(name: object) -> ValidationError:
    return ValidationError(
        {
            "name": _("Die Organisation „%(name)s“ gibt es in dieser Agenda schon.")
            % {"name": " ".join(str(name or "").split())}
        }
    )


def _save_refusing_twins(obj: Organisation) -> None:
    # The unique constraint is the last word when two people save the same name at once.
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise _twin_refusal(obj.name) from exc


def create_organisation(
    *,
    actor: User,
    agenda: Agenda,
    name: str,
    sector: str,
    region: Region | None = None,
    website: str = "",
    description: str = "",
    fields: Iterable[str] = (),
) -> Organisation:
    """Add an organisation to the agenda's register; returns it. An import calls this inside
    its own transaction (the inner atomic block is then a savepoint)."""
    try:
        with transaction.atomic():
            permissions.require(permissions.can_manage_actors, actor, agenda)
            cleaned, keys = _clean_organisation(
                agenda,
                {
                    "name": name,
                    "sector": sector,
                    "region": region,
                    "website": website,
                    "description": description,
                    "fields": fields,
                },
            )
            organisation = Organisation.objects.create(agenda=agenda, **cleaned)
            _add_field_links(OrganisationField, "organisation", organisation, keys)
            record_event(
                actor=actor,
                agenda=agenda,
                action=AuditAction.ORGANISATION_CREATED,
                detail=_("Organisation „%(name)s“ angelegt.") % {"name": organisation.name},
            )
            return organisation
    except IntegrityError as exc:
        # The unique constraint is the last word when two people save the same name at once.
        raise _twin_refusal(name) from exc


@transaction.atomic
def update_organisation(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    sector: str,
    region: Region | None = None,
    website: str = "",
    description: str = "",
    fields: Iterable[str] = (),
) -> Organisation:
    """Change an organisation's data and fields; returns it."""
    agenda = organisation.agenda
    permissions.require(permissions.can_manage_actors, actor, agenda)
    cleaned, keys = _clean_organisation(
        agenda,
        {
            "name": name,
            "sector": sector,
            "region": region,
            "website": website,
            "description": description,
            "fields": fields,
        },
        exclude=organisation,
    )
    for attribute, value in cleaned.items():
        setattr(organisation, attribute, value)
    _save_refusing_twins(organisation)
    _set_field_links(OrganisationField, "organisation", organisation, keys)
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.ORGANISATION_UPDATED,
        detail=_("Organisation „%(name)s“ geändert.") % {"name": organisation.name},
    )
    return organisation


@transaction.atomic
def delete_organisation(*, actor: User, organisation: Organisation) -> None:
    """Remove an organisation. Its people stay (without organisation, keeping its sector), and
    its activities stay without a responsible organisation."""
    agenda = organisation.agenda
    permissions.require(permissions.can_manage_actors, actor, agenda)
    # Keep the people in the coverage grid: they now count for the sector they had.
    organisation.people.filter(sector="").update(sector=organisation.sector)
    name = organisation.name
    organisation.delete()
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.ORGANISATION_DELETED,
        detail=_("Organisation „%(name)s“ gelöscht.") % {"name": name},
    )


# People ----------------------------------------------------------------------------------------


def _clean_person(
    agenda: Agenda, data: Values, *, exclude: Person | None = None
) -> tuple[dict[str, Any], list[str]]:
    errors: FieldErrors = {}
    organisation = data.get("organisation")
    if organisation is not None and (
        not isinstance(organisation, Organisation) or organisation.agenda_id != agenda.pk
    ):
        errors["organisation"] = _(
            "Diese Organisation gehört nicht zu dieser Agenda. Bitte wählen Sie eine aus der Liste."
        )
        organisation = None
    # A foreign organisation is reported as such, not once more as a missing sector.
    cleaned, value_errors = clean_person_values(
        data, has_organisation=organisation is not None or "organisation" in errors
    )
    errors.update(value_errors)
    cleaned["organisation"] = organisation
    cleaned["region"] = _region(data.get("region"), errors)
    keys = _fields(data.get("fields"), errors)

    if cleaned["email"] and "email" not in errors:
        twin = person_with_email(agenda, cleaned["email"], exclude=exclude)
        if twin is not None:
            errors["email"] = ValidationError(
                _("Die E-Mail-Adresse %(email)s ist schon bei %(name)s eingetragen."),
                code=DUPLICATE_EMAIL,
                params={"email": cleaned["email"], "name": twin.name, "pk": twin.pk},
            )
    if cleaned["name"] and "name" not in errors and organisation is not None:
        twin = person_with_name_in_organisation(organisation, cleaned["name"], exclude=exclude)
        if twin is not None:
            errors["name"] = ValidationError(
                _("%(name)s ist bei „%(organisation)s“ schon eingetragen."),
                code=DUPLICATE_NAME,
                params={"name": twin.name, "organisation": organisation.name, "pk": twin.pk},
            )
    if errors:
        raise ValidationError(errors)
    return cleaned, keys


def _refuse_anonymised(person: Person) -> None:
    if person.is_anonymised:
        raise ValidationError(
            _("Diese Person wurde anonymisiert; ihre Daten können nicht mehr geändert werden.")
        )


@transaction.atomic
def create_person(
    *,
    actor: User,
    agenda: Agenda,
    name: str,
    organisation: Organisation | None = None,
    sector: str = "",
    function: str = "",
    email: str = "",
    phone: str = "",
    region: Region | None = None,
    visibility: str = Visibility.INTERNAL,
    fields: Iterable[str] = (),
) -> Person:
    """Add a person to the agenda's register; refuses duplicates (same email in the agenda,
    same name in the same organisation). Returns the person."""
    permissions.require(permissions.can_manage_actors, actor, agenda)
    cleaned, keys = _clean_person(
        agenda,
        {
            "name": name,
            "organisation": organisation,
            "sector": sector,
            "function": function,
            "email": email,
            "phone": phone,
            "region": region,
            "visibility": visibility,
            "fields": fields,
        },
    )
    person = Person.objects.create(agenda=agenda, **cleaned)
    _add_field_links(PersonField, "person", person, keys)
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.PERSON_CREATED,
        detail=_("Person #%(pk)s angelegt.") % {"pk": person.pk},
    )
    return person


@transaction.atomic
def update_person(
    *,
    actor: User,
    person: Person,
    name: str,
    organisation: Organisation | None = None,
    sector: str = "",
    function: str = "",
    email: str = "",
    phone: str = "",
    region: Region | None = None,
    visibility: str = Visibility.INTERNAL,
    fields: Iterable[str] = (),
) -> Person:
    """Change a person's data and expertise; returns the person."""
    agenda = person.agenda
    permissions.require(permissions.can_manage_actors, actor, agenda)
    _refuse_anonymised(person)
    cleaned, keys = _clean_person(
        agenda,
        {
            "name": name,
            "organisation": organisation,
            "sector": sector,
            "function": function,
            "email": email,
            "phone": phone,
            "region": region,
            "visibility": visibility,
            "fields": fields,
        },
        exclude=person,
    )
    for attribute, value in cleaned.items():
        setattr(person, attribute, value)
    person.save()
    _set_field_links(PersonField, "person", person, keys)
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.PERSON_UPDATED,
        detail=_("Person #%(pk)s geändert.") % {"pk": person.pk},
    )
    return person


# Consent (GDPR) --------------------------------------------------------------------------------


def _date(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


@transaction.atomic
def record_consent(
    *, actor: User, person: Person, purpose: str, given_on: datetime.date | None, source: str
) -> ConsentRecord:
    """Record a consent the person gave; returns the new ``ConsentRecord``.

    A consent for a purpose that already has an active one is refused: the history would no
    longer say which one a withdrawal ends.
    """
    agenda = person.agenda
    permissions.require(permissions.can_manage_actors, actor, agenda)
    _refuse_anonymised(person)
    values, errors = clean_consent_values({"given_on": given_on, "source": source})
    given_on, source = values["given_on"], values["source"]
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = _("Bitte wählen Sie einen der angebotenen Zwecke.")
    if "purpose" not in errors:
        # Lock the person so two simultaneous recordings cannot both pass this check.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        active = ConsentRecord.objects.filter(
            person=person, purpose=purpose, withdrawn_on__isnull=True
        ).first()
        if active is not None:
            errors["purpose"] = _(
                "Für „%(purpose)s“ liegt schon eine gültige Einwilligung vom %(date)s vor."
            ) % {"purpose": ConsentPurpose(purpose).label, "date": _date(active.given_on)}
    if errors:
        raise ValidationError(errors)
    consent = ConsentRecord.objects.create(
        person=person, purpose=purpose, given_on=given_on, source=source, recorded_by=actor
    )
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.CONSENT_RECORDED,
        detail=_("Einwilligung „%(purpose)s“ für Person #%(pk)s erfasst.")
        % {"purpose": consent.get_purpose_display(), "pk": person.pk},
    )
    return consent


@transaction.atomic
def withdraw_consent(
    *, actor: User, consent: ConsentRecord, on: datetime.date | None = None
) -> ConsentRecord:
    """Mark a consent withdrawn on ``on`` (default today). The record stays for the history;
    a withdrawn "publish" consent takes the person off every public page at once."""
    person = consent.person
    agenda = person.agenda
    permissions.require(permissions.can_manage_actors, actor, agenda)
    on = timezone.localdate() if on is None else on
    # Re-read under a lock: a second click must see the first withdrawal.
    current = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
    if current.withdrawn_on is not None:
        raise ValidationError(
            {
                "on": _("Diese Einwilligung wurde bereits am %(date)s widerrufen.")
                % {"date": _date(current.withdrawn_on)}
            }
        )
    if not isinstance(on, datetime.date):
        raise ValidationError({"on": _("Bitte geben Sie das Datum des Widerrufs an.")})
    if on > timezone.localdate():
        raise ValidationError(
            {
                "on": _(
                    "Das Datum %(date)s liegt in der Zukunft. Ein Widerruf gilt ab heute oder früher."
                )
                % {"date": _date(on)}
            }
        )
    if on < current.given_on:
        raise ValidationError(
            {
                "on": _("Der Widerruf kann nicht vor der Einwilligung vom %(date)s liegen.")
                % {"date": _date(current.given_on)}
            }
        )
    current.withdrawn_on = on
    current.save(update_fields=["withdrawn_on"])
    consent.withdrawn_on = on
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.CONSENT_WITHDRAWN,
        detail=_("Einwilligung „%(purpose)s“ von Person #%(pk)s zum %(date)s widerrufen.")
        % {"purpose": current.get_purpose_display(), "pk": person.pk, "date": _date(on)},
    )
    return current


@transaction.atomic
def anonymise_person(*, actor: User, person: Person) -> Person:
    """Erase a person's personal data for good (right to erasure) and keep the row.

    Clears name, function, email, phone, region and the account link, makes the person internal,
    withdraws every active consent today, and removes the email from their invitations (pending
    ones are revoked). Body memberships, activities and forum posts keep working and show
    "Anonymisierte Person".
    """
    agenda = person.agenda
    permissions.require(permissions.can_manage_actors, actor, agenda)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.is_anonymised:
        raise ValidationError(_("Diese Person wurde bereits anonymisiert."))
    now = timezone.now()
    today = timezone.localdate()
    withdrawn = ConsentRecord.objects.filter(person=locked, withdrawn_on__isnull=True).update(
        withdrawn_on=today
    )
    locked.invitations.filter(accepted__isnull=True, revoked__isnull=True).update(revoked=now)
    locked.invitations.update(email="")
    for attribute in ("name", "function", "email", "phone"):
        setattr(locked, attribute, "")
    locked.region = None
    locked.user = None
    locked.visibility = Visibility.INTERNAL
    locked.is_anonymised = True
    locked.anonymised_on = now
    locked.save()
    # The caller's object shows the new state too.
    for attribute in (
        "name",
        "function",
        "email",
        "phone",
        "region",
        "user",
        "visibility",
        "is_anonymised",
        "anonymised_on",
    ):
        setattr(person, attribute, getattr(locked, attribute))
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.PERSON_ANONYMISED,
        detail=_("Person #%(pk)s anonymisiert; %(count)s Einwilligung(en) widerrufen.")
        % {"pk": person.pk, "count": withdrawn},
    )
    return person
