"""Reading an import's cells: every value parsed from what a file holds (a sector's label, a
region's official key, fields by key or name, consent dates) and checked by the register's
own rules (``actors/validation.py``), so a row is accepted or refused like an entry by hand.
Problems are recorded on the row with their column; nothing is written.
"""

import re

from django.utils import translation
from django.utils.translation import gettext as _

from regioagenda.actors.imports_format import COLUMNS, CONSENT_COLUMNS
from regioagenda.actors.imports_plan.matching import best_match
from regioagenda.actors.models import Sector, Visibility
from regioagenda.actors.names import exact, organisation_key
from regioagenda.actors.validation import (
    clean_consent_values,
    clean_organisation_values,
    clean_person_values,
)
from regioagenda.core.numbers import is_ascii_digits
from regioagenda.core.tabular import parse_date


def ags_candidates(text):
    """An official key as typed, and with the leading zero a spreadsheet drops from numbers
    ("9162000" for Munich's "09162000")."""
    text = "".join(str(text or "").split())
    if not is_ascii_digits(text):
        return []
    candidates = [text]
    if len(text) in (1, 4, 7, 8):
        candidates.append("0" + text)
    return candidates


def _sector(row, register):
    """The sector's key for a key or label (German or English); "" when empty or unknown."""
    text = " ".join(str(row.raw.get("sector", "")).split())
    if not text:
        return ""
    key = register.sectors.get(exact(text))
    if key is None:
        row.error(
            "sector",
            _("Den Bereich „%(value)s“ gibt es nicht. Erlaubt sind: %(allowed)s.")
            % {"value": text, "allowed": ", ".join(f"{k} ({v})" for k, v in _sector_labels())},
        )
        return ""
    return key


def _sector_labels():
    with translation.override("de"):
        return [(key, str(label)) for key, label in Sector.choices]


def _region(row, register):
    text = "".join(str(row.raw.get("region", "")).split())
    if not text:
        return None
    if not is_ascii_digits(text):
        row.error(
            "region",
            _("„%(value)s“ ist kein amtlicher Schlüssel (AGS); er besteht nur aus Ziffern.")
            % {"value": text},
        )
        return None
    for candidate in ags_candidates(text):
        if candidate in register.regions:
            return register.regions[candidate]
    row.error(
        "region",
        _("Eine Region mit dem amtlichen Schlüssel %(ags)s gibt es im Verzeichnis nicht.")
        % {"ags": text},
    )
    return None


def _fields(row, register):
    text = str(row.raw.get("fields", "") or "")
    wanted, unknown = [], []
    for part in re.split(r"[;,\n]", text):
        part = " ".join(part.split())
        if not part:
            continue
        key = part if part in register.fields else register.field_by_name.get(exact(part))
        if key is None and part.casefold() in register.fields:
            key = part.casefold()
        if key is None:
            unknown.append(part)
        elif key not in wanted:
            wanted.append(key)
    if unknown:
        row.error(
            "fields",
            _("Unbekanntes Handlungsfeld: %(keys)s. Erlaubt sind: %(allowed)s.")
            % {"keys": ", ".join(unknown), "allowed": ", ".join(register.fields)},
        )
    order = list(register.fields)
    return sorted(wanted, key=order.index)


def _visibility(row):
    text = exact(row.raw.get("visibility", ""))
    if not text:
        return Visibility.INTERNAL
    accepted = {}
    for language in ("de", "en"):
        with translation.override(language):
            for key, label in Visibility.choices:
                accepted[exact(label)] = key
    accepted.update({"internal": Visibility.INTERNAL, "public": Visibility.PUBLIC})
    if text not in accepted:
        row.error(
            "visibility",
            _("„%(value)s“ ist keine Sichtbarkeit; erlaubt sind „intern“ und „öffentlich“.")
            % {"value": row.raw.get("visibility", "")},
        )
        return Visibility.INTERNAL
    return accepted[text]


def _consents(row):
    consents = {}
    for purpose, on_key, source_key in CONSENT_COLUMNS:
        raw_date = str(row.raw.get(on_key, "") or "").strip()
        source = str(row.raw.get(source_key, "") or "")
        if not raw_date and not source.strip():
            continue
        if not raw_date:
            row.error(on_key, _("Zur Quelle der Einwilligung fehlt das Datum."))
            continue
        try:
            given_on = parse_date(raw_date)
        except ValueError:
            row.error(
                on_key,
                _("„%(value)s“ ist kein gültiges Datum (erwartet: TT.MM.JJJJ oder JJJJ-MM-TT).")
                % {"value": raw_date},
            )
            continue
        cleaned, errors = clean_consent_values({"given_on": given_on, "source": source})
        _report(row, errors, {"given_on": on_key, "source": source_key})
        if not errors:
            consents[purpose] = (cleaned["given_on"], cleaned["source"])
    return consents


def _extra(row):
    if row.raw.get("__extra__"):
        row.error(
            None,
            _(
                "Die Zeile hat Einträge in Spalten ohne Überschrift. Steht ein Trennzeichen "
                "(; oder ,) ohne Anführungszeichen in einer Zelle?"
            ),
        )


def is_anonymised_placeholder(row):
    names = {"anonymisierte person", "anonymised person", exact(_("Anonymisierte Person"))}
    others = ("email", "phone", "function", "organisation")
    return exact(row.raw.get("name", "")) in names and not any(
        str(row.raw.get(key, "") or "").strip() for key in others
    )


def _report(row, errors, columns=None):
    """Record the register rules' ``errors`` on the row, under the file's column keys; a
    column that already has a problem (e.g. an unknown sector label) keeps only that one."""
    columns = columns or {}
    taken = {column for column, _message in row.errors}
    for key, message in errors.items():
        column = columns.get(key, key)
        if column not in taken:
            row.error(column, message)
            taken.add(column)


def _in_column_order(row):
    order = {column.key: index for index, column in enumerate(COLUMNS[row.kind])}
    row.errors.sort(key=lambda error: order.get(error[0], -1))


# Organisations ---------------------------------------------------------------------------------


def check_organisation(row, register):
    """Parse and check an organisation row into ``row.values`` (errors onto the row)."""
    _extra(row)
    raw = row.raw
    cleaned, errors = clean_organisation_values(
        {
            "name": raw.get("name"),
            "sector": _sector(row, register),
            "website": raw.get("website"),
            "description": raw.get("description"),
        }
    )
    _report(row, errors)
    row.values = {
        **cleaned,
        "region": _region(row, register),
        "fields": _fields(row, register),
    }
    _in_column_order(row)


# People ----------------------------------------------------------------------------------------


def check_person(row, register, organisation_rows):
    """Parse and check a person row into ``row.values`` (errors onto the row);
    ``organisation_rows``: the file's organisation rows by their exact name."""
    _extra(row)
    raw = row.raw
    values = row.values = {
        "organisation": None,
        "organisation_row": None,
        "organisation_name": " ".join(str(raw.get("organisation", "") or "").split()),
    }
    name = values["organisation_name"]
    if name:
        values["organisation"] = register.organisation_by_name.get(exact(name))
        if values["organisation"] is None:
            values["organisation_row"] = organisation_rows.get(exact(name))
        if values["organisation"] is None and values["organisation_row"] is None:
            message = _(
                "Die Organisation „%(name)s“ gibt es in dieser Agenda nicht, und sie steht auch "
                "nicht im Blatt „Organisationen“ dieser Datei. Legen Sie sie zuerst an."
            ) % {"name": name}
            near = best_match(
                organisation_key(name),
                [(organisation_key(o.name), o) for o in register.organisations],
            )
            if near is not None:
                message += " " + _("Meinten Sie „%(name)s“?") % {"name": near[0].name}
            row.error("organisation", message)
    has_organisation = bool(name)
    cleaned, errors = clean_person_values(
        {
            "name": raw.get("name"),
            "sector": "" if has_organisation else _sector(row, register),
            "function": raw.get("function"),
            "email": raw.get("email"),
            "phone": raw.get("phone"),
            "visibility": _visibility(row),
        },
        has_organisation=has_organisation,
    )
    _report(row, errors)
    values.update(cleaned)
    values["region"] = _region(row, register)
    values["fields"] = _fields(row, register)
    values["consents"] = _consents(row)
    _in_column_order(row)
