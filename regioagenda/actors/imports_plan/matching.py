"""Duplicate detection of an import: each row compared with the agenda's register and with
the rows above it in the same file.

- *certain duplicate*: the same email address (people), the same name (organisations, where the
  register allows a name only once), or the same name in the same organisation (people);
- *probable duplicate*: a similar name (``names.similarity`` of at least 0.88 on names without
  case, umlauts, titles and legal forms); for people only when both belong to the same
  organisation or one of them to none.

For a duplicate the row lists what merging would change (empty values filled, fields and
consents added) and what it keeps although the file says otherwise.
"""

from difflib import SequenceMatcher

from django.utils import translation
from django.utils.translation import gettext as _

from regioagenda.actors.imports_plan.rows import CERTAIN, DUPLICATE, NEW, PROBABLE, Change, Row
from regioagenda.actors.models import ConsentPurpose, Person, Sector, Visibility
from regioagenda.actors.names import (
    exact,
    exact_person_key,
    organisation_key,
    person_key,
    similarity,
)

THRESHOLD = 0.88


def best_match(key, candidates):
    """``(item, ratio)`` of the most similar candidate (``(key, item)`` pairs) at or above the
    threshold, else None (the first of equally similar ones)."""
    if not key:
        return None
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(key)
    best, best_ratio = None, 0.0
    for other, item in candidates:
        ratio = similarity(key, other, at_least=THRESHOLD, matcher=matcher)
        if ratio >= THRESHOLD and ratio > best_ratio:
            best, best_ratio = item, ratio
    return (best, best_ratio) if best is not None else None


def _organisation_snapshot(organisation):
    return {
        "name": organisation.name,
        "sector": organisation.sector,
        "region": organisation.region,
        "website": organisation.website,
        "description": organisation.description,
        "fields": [link.field_key for link in organisation.field_links.all()],
    }


def _snapshot_of_row(row):
    return dict(row.values)


def _sector_label(key):
    with translation.override("de"):
        return str(Sector(key).label) if key in Sector.values else ""


def _region_label(region):
    if region is None:
        return ""
    return f"{region.name} ({region.ags})" if region.ags else region.name


def _field_label(keys, register):
    return ", ".join(register.fields.get(key, key) for key in keys)


def _scalar_changes(changes, current, values, specs):
    """Fill empty attributes, keep (and say so) where both have different values."""
    for attribute, label, show in specs:
        old, new = current.get(attribute), values.get(attribute)
        if new in (None, "") or old == new:
            continue
        if isinstance(old, str) and isinstance(new, str) and exact(old) == exact(new):
            continue
        if old in (None, ""):
            changes.append(Change(attribute, label, "fill", show(new), value=new))
        else:
            changes.append(
                Change(attribute, label, "keep", show(new), current=show(old), value=new, old=old)
            )


def _organisation_changes(row, register):
    current = (
        _organisation_snapshot(row.target)
        if row.target is not None
        else _snapshot_of_row(row.target_row)
    )
    changes: list[Change] = []
    _scalar_changes(
        changes,
        current,
        row.values,
        [
            ("name", _("Name"), str),
            ("sector", _("Bereich"), _sector_label),
            ("region", _("Region"), _region_label),
            ("website", _("Website"), str),
            ("description", _("Beschreibung"), str),
        ],
    )
    added = [key for key in row.values["fields"] if key not in current["fields"]]
    if added:
        changes.append(
            Change(
                "fields", _("Handlungsfelder"), "add", _field_label(added, register), value=added
            )
        )
    return changes


def organisation_duplicates(table, register):
    exact_in_file: dict[str, Row] = {}
    similar_in_file: list[tuple[str, Row]] = []
    existing = [(organisation_key(o.name), o) for o in register.organisations]
    for row in table.rows:
        if row.status != NEW:
            continue
        name = row.values["name"]
        twin = register.organisation_by_name.get(exact(name))
        if twin is not None:
            _mark(row, CERTAIN, _("gleicher Name"), target=twin)
        elif exact(name) in exact_in_file:
            _mark(row, CERTAIN, _("gleicher Name"), target_row=exact_in_file[exact(name)])
        else:
            key = organisation_key(name)
            found = best_match(key, existing)
            if found is not None:
                _mark(row, PROBABLE, _similar(found[1]), target=found[0])
            else:
                found = best_match(key, similar_in_file)
                if found is not None:
                    _mark(row, PROBABLE, _similar(found[1]), target_row=found[0])
        # Any earlier row counts for the same name (the register allows a name once); only
        # rows that will be created count for similar names.
        exact_in_file.setdefault(exact(name), row)
        if row.status == NEW:
            similar_in_file.append((organisation_key(name), row))
        else:
            row.changes = _organisation_changes(row, register)


def _similar(ratio):
    return _("ähnlicher Name, %(percent)d %% Übereinstimmung") % {"percent": int(ratio * 100)}


def _mark(row, certainty, reason, *, target=None, target_row=None):
    row.status, row.certainty, row.target, row.target_row = DUPLICATE, certainty, target, target_row
    row.reason = reason
    if target_row is not None:
        row.reason = _("%(reason)s wie Zeile %(line)d dieser Datei") % {
            "reason": reason,
            "line": target_row.line,
        }


def _person_snapshot(person):
    return {
        "name": person.name,
        "organisation_name": person.organisation.name if person.organisation_id else "",
        "sector": person.sector,
        "function": person.function,
        "email": person.email,
        "phone": person.phone,
        "region": person.region,
        "visibility": person.visibility,
        "fields": [link.field_key for link in person.field_links.all()],
        "consents": {consent.purpose for consent in person.consents.all()},
    }


def _person_row_snapshot(row):
    snapshot = dict(row.values)
    snapshot["consents"] = set(row.values["consents"])
    return snapshot


def _visibility_label(key):
    with translation.override("de"):
        return str(Visibility(key).label) if key in Visibility.values else key


def _consent_label(purpose):
    labels = {
        ConsentPurpose.CONTACT: _("Einwilligung Kontakt"),
        ConsentPurpose.PUBLISH: _("Einwilligung Veröffentlichung"),
        ConsentPurpose.POOL: _("Einwilligung Expertenpool"),
    }
    return labels[purpose]


def _person_changes(row, register):
    current = (
        _person_snapshot(row.target)
        if row.target is not None
        else _person_row_snapshot(row.target_row)
    )
    values = row.values
    changes: list[Change] = []
    _scalar_changes(
        changes,
        current,
        values,
        [
            ("name", _("Name"), str),
            ("organisation_name", _("Organisation"), str),
        ],
    )
    for change in changes:
        if change.attribute == "organisation_name" and change.kind == "fill":
            change.attribute = "organisation"
            change.value = values["organisation"] or values["organisation_row"]
            if current["sector"]:
                change.shown = _(
                    "%(name)s (der eigene Bereich „%(sector)s“ entfällt; es zählt der Bereich "
                    "der Organisation)"
                ) % {"name": change.shown, "sector": _sector_label(current["sector"])}
    if not current["organisation_name"] and not values["organisation_name"]:
        _scalar_changes(changes, current, values, [("sector", _("Bereich"), _sector_label)])
    _scalar_changes(
        changes,
        current,
        values,
        [
            ("function", _("Funktion"), str),
            ("email", _("E-Mail"), str),
            ("phone", _("Telefon"), str),
            ("region", _("Region"), _region_label),
        ],
    )
    if values["visibility"] != current["visibility"] and row.raw.get("visibility", "").strip():
        # Merging never publishes anyone or takes anyone back: that is a decision per person.
        changes.append(
            Change(
                "visibility",
                _("Sichtbarkeit"),
                "keep",
                _visibility_label(values["visibility"]),
                current=_visibility_label(current["visibility"]),
                value=values["visibility"],
                old=current["visibility"],
            )
        )
    added = [key for key in values["fields"] if key not in current["fields"]]
    if added:
        changes.append(
            Change(
                "fields", _("Handlungsfelder"), "add", _field_label(added, register), value=added
            )
        )
    for purpose, (given_on, source) in values["consents"].items():
        if purpose in current["consents"]:
            continue
        changes.append(
            Change(
                f"consent:{purpose}",
                _consent_label(purpose),
                "add",
                f"{given_on:%d.%m.%Y}, {source}",
                value=(given_on, source),
            )
        )
    return changes


def _organisation_compared(name):
    """The key an organisation compares by, for a row's or a record's organisation name."""
    return organisation_key(name) if name else ""


def people_duplicates(table, register):
    by_email: dict[str, Person] = {}
    by_name_in_org: dict[tuple[str, str], Person] = {}
    existing = []
    for person in register.people:
        org = _organisation_compared(person.organisation.name if person.organisation_id else "")
        if person.email:
            by_email.setdefault(person.email.casefold(), person)
        if org:
            by_name_in_org.setdefault((exact_person_key(person.name), org), person)
        existing.append((person_key(person.name), (person, org)))
    email_in_file: dict[str, Row] = {}
    name_in_file: dict[tuple[str, str], Row] = {}
    similar_in_file: list[tuple[str, tuple[Row, str]]] = []
    for row in table.rows:
        if row.status != NEW:
            continue
        values = row.values
        email = values["email"].casefold()
        key = person_key(values["name"])
        same = exact_person_key(values["name"])
        org = _organisation_compared(values["organisation_name"])
        if email and email in by_email:
            _mark(row, CERTAIN, _("gleiche E-Mail-Adresse"), target=by_email[email])
        elif email and email in email_in_file:
            _mark(row, CERTAIN, _("gleiche E-Mail-Adresse"), target_row=email_in_file[email])
        elif org and (same, org) in by_name_in_org:
            _mark(
                row,
                CERTAIN,
                _("gleicher Name bei derselben Organisation"),
                target=by_name_in_org[(same, org)],
            )
        elif org and (same, org) in name_in_file:
            _mark(
                row,
                CERTAIN,
                _("gleicher Name bei derselben Organisation"),
                target_row=name_in_file[(same, org)],
            )
        else:
            found = best_match(
                key, [(k, item) for k, item in existing if _compatible(org, item[1])]
            )
            if found is not None:
                (person, other_org), ratio = found
                _mark(row, PROBABLE, _similar(ratio), target=person)
            else:
                found = best_match(
                    key, [(k, item) for k, item in similar_in_file if _compatible(org, item[1])]
                )
                if found is not None:
                    (earlier, _other), ratio = found
                    _mark(row, PROBABLE, _similar(ratio), target_row=earlier)
        if email:
            email_in_file.setdefault(email, row)
        if org:
            name_in_file.setdefault((same, org), row)
        if row.status == NEW:
            similar_in_file.append((key, (row, org)))
        else:
            row.changes = _person_changes(row, register)


def _compatible(org, other_org):
    """Similar names count as the same person only within one organisation, or where one of
    the two belongs to none."""
    return not org or not other_org or org == other_org
