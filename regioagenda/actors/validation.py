"""The register's rules for the values of one organisation, person or consent, in one place.

The form, the service, the model's ``clean`` and the import all call these functions, so a
value is accepted, normalised or refused alike whichever way it comes in. They check values
only; what needs the database (duplicates, the organisation's agenda, a consent already
given) stays with the service, and parsing what was typed (a region's key, a sector's label
in a file) with the path that reads it.

Each function returns ``(cleaned, errors)``: the values trimmed and normalised, and a German
sentence per field that is wrong (keyed like the model's fields).
"""

import datetime
import re
from collections.abc import Mapping
from typing import Any, TypeAlias

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regioagenda.actors.models import ConsentRecord, Organisation, Person, Sector, Visibility

# The description is a TextField; this bounds what one organisation may bring.
DESCRIPTION_MAX_LENGTH = 5000

# The messages a form field shows for a missing value, so it says what the service says.
ORGANISATION_NAME_MISSING = gettext_lazy("Bitte geben Sie den Namen der Organisation an.")
ORGANISATION_SECTOR_MISSING = gettext_lazy(
    "Bitte wählen Sie den Bereich, für den die Organisation steht."
)
PERSON_NAME_MISSING = gettext_lazy("Bitte geben Sie den Namen der Person an.")
PERSON_SECTOR_MISSING = gettext_lazy(
    "Bitte wählen Sie einen Bereich, wenn die Person für keine Organisation spricht."
)
CONSENT_SOURCE_MISSING = gettext_lazy(
    "Bitte geben Sie die Quelle an: wie die Einwilligung erteilt wurde, z. B. "
    "„Anmeldeformular Auftakt 12.03.“."
)
UNKNOWN_SECTOR = gettext_lazy("Bitte wählen Sie einen der angebotenen Bereiche.")

# What goes wrong, per form field: a sentence, several, or a ValidationError with a code and
# parameters (a duplicate the page links to). ``ValidationError(errors)`` takes any of them.
FieldErrors: TypeAlias = dict[str, str | list[str] | ValidationError]
# Values as they come in (a form's cleaned_data, an import row): of any type, checked here.
Values: TypeAlias = Mapping[str, Any]

# A host name with a dot, an optional port, then a path or nothing: "www.example.de/kontakt".
# "mailto:…", "javascript:…" or "name@example.de" do not look like this and are not completed.
_BARE_HOST = re.compile(r"[^\s/:@?#]+\.[^\s/:@?#]+(:\d+)?([/?#]|$)")


def max_length(model, name):
    """A column's length, read from the model so forms and checks never repeat the number."""
    return model._meta.get_field(name).max_length


def normalise_website(text):
    """A web address as people write it made complete: "www.example.de" →
    "https://www.example.de". Anything else is returned trimmed, for the check to judge."""
    text = str(text or "").strip()
    if text and "://" not in text and _BARE_HOST.match(text):
        text = "https://" + text
    return text


def _too_long(label, limit, length):
    return _("%(label)s darf höchstens %(max)s Zeichen lang sein (hier: %(length)s).") % {
        "label": label,
        "max": limit,
        "length": length,
    }


def _text(values, errors, name, *, label, limit, missing=None, multiline=False):
    """The value trimmed (spaces collapsed unless ``multiline``); a missing or too long value
    goes into ``errors``."""
    value = str(values.get(name) or "")
    value = value.strip() if multiline else " ".join(value.split())
    if missing and not value:
        errors[name] = str(missing)
    elif len(value) > limit:
        errors[name] = _too_long(label, limit, len(value))
    return value


def _website(values, errors):
    typed = str(values.get("website") or "").strip()
    website = normalise_website(typed)
    if not website:
        return ""
    limit = max_length(Organisation, "website")
    if len(website) > limit:
        errors["website"] = _too_long(_("Die Webadresse"), limit, len(website))
        return website
    try:
        URLValidator(schemes=["http", "https"])(website)
    except ValidationError:
        errors["website"] = _(
            "„%(value)s“ ist keine gültige Webadresse, z. B. https://www.example.de."
        ) % {"value": typed}
    return website


def _email(values, errors):
    email = str(values.get("email") or "").strip()
    if not email:
        return ""
    try:
        validate_email(email)
        if len(email) > max_length(Person, "email"):
            raise ValidationError("too long")
    except ValidationError:
        errors["email"] = _(
            "„%(value)s“ ist keine gültige E-Mail-Adresse. Bitte prüfen Sie die Schreibweise, "
            "z. B. name@example.de."
        ) % {"value": email}
    return email


def clean_organisation_values(values: Values) -> tuple[dict[str, Any], FieldErrors]:
    """``(cleaned, errors)`` for an organisation's ``name``, ``sector``, ``website`` and
    ``description`` (other keys are left alone and not returned)."""
    errors: FieldErrors = {}
    cleaned = {
        "name": _text(
            values,
            errors,
            "name",
            label=_("Der Name"),
            limit=max_length(Organisation, "name"),
            missing=ORGANISATION_NAME_MISSING,
        ),
        "sector": values.get("sector") or "",
        "website": _website(values, errors),
        "description": _text(
            values,
            errors,
            "description",
            label=_("Die Beschreibung"),
            limit=DESCRIPTION_MAX_LENGTH,
            multiline=True,
        ),
    }
    if not cleaned["sector"]:
        errors["sector"] = str(ORGANISATION_SECTOR_MISSING)
    elif cleaned["sector"] not in Sector.values:
        errors["sector"] = str(UNKNOWN_SECTOR)
    return cleaned, errors


def clean_person_values(
    values: Values, *, has_organisation: bool
) -> tuple[dict[str, Any], FieldErrors]:
    """``(cleaned, errors)`` for a person's ``name``, ``sector``, ``function``, ``email``,
    ``phone`` and ``visibility``. With an organisation the person's own sector is dropped
    (the organisation's counts); without one it is required."""
    errors: FieldErrors = {}
    cleaned = {
        "name": _text(
            values,
            errors,
            "name",
            label=_("Der Name"),
            limit=max_length(Person, "name"),
            missing=PERSON_NAME_MISSING,
        ),
        "sector": "" if has_organisation else values.get("sector") or "",
        "function": _text(
            values,
            errors,
            "function",
            label=_("Die Funktion"),
            limit=max_length(Person, "function"),
        ),
        "email": _email(values, errors),
        "phone": _text(
            values,
            errors,
            "phone",
            label=_("Die Telefonnummer"),
            limit=max_length(Person, "phone"),
        ),
        "visibility": values.get("visibility") or Visibility.INTERNAL,
    }
    if not has_organisation:
        if not cleaned["sector"]:
            errors["sector"] = str(PERSON_SECTOR_MISSING)
        elif cleaned["sector"] not in Sector.values:
            errors["sector"] = str(UNKNOWN_SECTOR)
    if cleaned["visibility"] not in Visibility.values:
        errors["visibility"] = _("Bitte wählen Sie „intern“ oder „öffentlich“.")
    return cleaned, errors


def clean_consent_values(values: Values) -> tuple[dict[str, Any], FieldErrors]:
    """``(cleaned, errors)`` for a consent's ``given_on`` (a date, today or earlier) and
    ``source`` (how it was given)."""
    errors: FieldErrors = {}
    given_on = values.get("given_on")
    if not isinstance(given_on, datetime.date):
        given_on = None
        errors["given_on"] = _("Bitte geben Sie an, wann die Einwilligung erteilt wurde.")
    elif given_on > timezone.localdate():
        errors["given_on"] = _(
            "Das Datum %(date)s liegt in der Zukunft. Eine Einwilligung kann nur für heute oder "
            "früher erfasst werden."
        ) % {"date": date_format(given_on, "SHORT_DATE_FORMAT")}
    source = _text(
        values,
        errors,
        "source",
        label=_("Die Quelle"),
        limit=max_length(ConsentRecord, "source"),
        missing=CONSENT_SOURCE_MISSING,
    )
    return {"given_on": given_on, "source": source}, errors
