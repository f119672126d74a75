"""Checking an import of organisations or people row by row, writing nothing.

Every row is checked like an entry by hand (required name, sector by key or label, email, web
address, field keys or names, the organisation of a person, the region by its official key,
consents with date and source) and compared with the agenda's register and with the rows above
it in the same file:

- *certain duplicate*: the same email address (people), the same name (organisations, where the
  register allows a name only once), or the same name in the same organisation (people);
- *probable duplicate*: a similar name (``difflib`` ratio of at least 0.88 on names without case,
  umlauts, titles and legal forms); for people only when both belong to the same organisation or
  one of them to none.

For a duplicate the plan lists what merging would change (empty values filled, fields and
consents added) and what it keeps although the file says otherwise. The database is read with a
fixed number of queries whatever the number of rows.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regioagenda.actors.fields import active_fields
from regioagenda.actors.imports_format import (
    CONSENT_COLUMNS,
    ORGANISATIONS,
    PEOPLE,
    column_header,
)
from regioagenda.actors.models import (
    ConsentPurpose,
    ConsentRecord,
    Organisation,
    Person,
    Sector,
    Visibility,
)
from regioagenda.actors.names import fold, person_key
from regioagenda.actors.queries.register import normalise_name
from regioagenda.core.tabular import parse_date
from regioagenda.regions.models import Region

THRESHOLD = 0.88

NEW, DUPLICATE, ERROR, SKIPPED = "new", "duplicate", "error", "skipped"
CERTAIN, PROBABLE = "certain", "probable"
SKIP, MERGE, CREATE = "skip", "merge", "create"


def decision_labels():
    return {
        SKIP: _("überspringen"),
        MERGE: _("zusammenführen"),
        CREATE: _("trotzdem neu anlegen"),
    }


# Names for comparison ----------------------------------------------------------------------------

_EV = re.compile(r"\be\s*\.\s*v\b\.?")
_LEGAL_FORMS = frozenset(
    [
        "gmbh",
        "ggmbh",
        "mbh",
        "ag",
        "kg",
        "ohg",
        "gbr",
        "ug",
        "haftungsbeschraenkt",
        "co",
        "kgaa",
        "eg",
        "ev",
        "se",
        "aoer",
        "kdoer",
        "ltd",
        "inc",
        "gemeinnuetzige",
    ]
)


def _same_person_key(name):
    """The name as the register compares people of one organisation (accents dropped, titles
    removed): what it refuses to enter twice is a certain duplicate here too."""
    return normalise_name(name)


def organisation_key(name):
    """An organisation's name for comparison: folded, also without legal forms
    (GmbH, e.V., AG, …)."""
    text = _EV.sub(" ", fold(name))
    words = re.sub(r"[\W_]+", " ", text).split()
    return " ".join(word for word in words if word not in _LEGAL_FORMS)


def _exact(name):
    return " ".join(str(name or "").split()).casefold()


def best_match(key, candidates):
    """``(item, ratio)`` of the most similar candidate (``(key, item)`` pairs) at or above the
    threshold, else None. Cheap upper bounds skip most pairs before the full comparison."""
    if not key:
        return None
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(key)
    best, best_ratio = None, 0.0
    for other, item in candidates:
        if not other:
            continue
        if 2 * min(len(key), len(other)) / (len(key) + len(other)) < THRESHOLD:
            continue
        matcher.set_seq1(other)
        if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
            continue
        ratio = matcher.ratio()
        if ratio >= THRESHOLD and ratio > best_ratio:
            best, best_ratio = item, ratio
    return (best, best_ratio) if best is not None else None


# The plan ----------------------------------------------------------------------------------------


@dataclass
class Change:
    """What merging a row into its duplicate does to one attribute.

    ``kind`` is "fill" (the record's empty value gets the file's), "add" (fields or a consent
    are added) or "keep" (the record keeps its value although the file differs)."""

    attribute: str
    label: str
    kind: str
    shown: str
    current: str = ""
    value: object = None  # what the file brings (a Region, an Organisation, keys, …)
    old: object = None  # what the record has

    def signature(self):
        """The change in plain values, the same whatever language the page is shown in."""
        return [self.attribute, self.kind, _plain(self.value), _plain(self.old)]


def _plain(value):
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return f"pk:{value.pk}"
    if hasattr(value, "ref"):
        return f"row:{value.ref}"
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@dataclass
class Row:
    kind: str
    sheet: str | None
    line: int
    raw: dict
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (column key or None, message)
    status: str = NEW
    certainty: str = ""
    reason: str = ""
    target: object = None  # the register's record this row duplicates
    target_row: object = None  # or an earlier row of the file that will be created
    changes: list = field(default_factory=list)
    result: object = None  # the record after applying (set by the service)
    chosen: str = SKIP  # the user's choice for a duplicate, as the preview page shows it

    @property
    def ref(self):
        """The row's name in the confirmation form, e.g. "p12" for line 12 of the people."""
        return f"{'o' if self.kind == ORGANISATIONS else 'p'}{self.line}"

    @property
    def name(self):
        return self.values.get("name") or self.raw.get("name", "")

    @property
    def options(self):
        if self.status != DUPLICATE:
            return []
        labels = decision_labels()
        keys = [SKIP, MERGE] + ([CREATE] if self.certainty == PROBABLE else [])
        return [(key, labels[key]) for key in keys]

    def error(self, column, message):
        self.errors.append((column, message))

    @property
    def messages(self):
        out = []
        for column, message in self.errors:
            where = (
                _("Blatt „%(sheet)s“, Zeile %(line)d") % {"sheet": self.sheet, "line": self.line}
                if self.sheet
                else _("Zeile %(line)d") % {"line": self.line}
            )
            if column:
                where = _("%(where)s, Spalte „%(column)s“") % {
                    "where": where,
                    "column": column_header(self.kind, column),
                }
            out.append(f"{where}: {message}")
        return out

    @property
    def target_label(self):
        if self.target is not None:
            return self.target.name
        if self.target_row is not None:
            return self.target_row.name
        return ""

    def fingerprint(self):
        if self.target is not None:
            target = f"db:{self.target.pk}"
        elif self.target_row is not None:
            target = f"row:{self.target_row.ref}"
        else:
            target = ""
        return [self.ref, self.status, self.certainty, target] + [
            change.signature() for change in self.changes
        ]


@dataclass
class PlanTable:
    kind: str
    sheet: str | None
    rows: list

    @property
    def title(self):
        return _("Organisationen") if self.kind == ORGANISATIONS else _("Personen")

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new(self):
        return self.count(NEW)

    @property
    def duplicates(self):
        return self.count(DUPLICATE)

    @property
    def skipped(self):
        return self.count(SKIPPED)

    @property
    def failed(self):
        return self.count(ERROR)


@dataclass
class ImportPlan:
    kind: str
    filename: str
    tables: list

    @property
    def rows(self):
        return [row for table in self.tables for row in table.rows]

    @property
    def errors(self):
        return [message for row in self.rows for message in row.messages]

    @property
    def is_valid(self):
        return not any(row.errors for row in self.rows)

    @property
    def has_duplicates(self):
        return any(row.status == DUPLICATE for row in self.rows)

    def fingerprint(self):
        return [row.fingerprint() for row in self.rows]


# Reading the register once -------------------------------------------------------------------------


class _Register:
    """What the checks need from the database, each read with one query."""

    def __init__(self, agenda, tables):
        with translation.override("de"):
            self.fields = dict(active_fields())
        self.field_by_name = {_exact(name): key for key, name in self.fields.items()}
        self.sectors = {}
        for language in ("de", "en"):
            with translation.override(language):
                for key, label in Sector.choices:
                    self.sectors.setdefault(_exact(label), key)
        self.sectors.update({key: key for key in Sector.values})
        self.regions = self._regions(tables)
        self.organisations = list(
            Organisation.objects.filter(agenda=agenda)
            .select_related("region")
            .prefetch_related("field_links")
            .order_by("name", "pk")
        )
        self.organisation_by_name = {}
        for organisation in self.organisations:
            self.organisation_by_name.setdefault(_exact(organisation.name), organisation)
        self.people = []
        if any(table.kind == PEOPLE for table in tables):
            active = ConsentRecord.objects.filter(withdrawn_on__isnull=True).order_by("pk")
            self.people = list(
                Person.objects.filter(agenda=agenda, is_anonymised=False)
                .select_related("organisation", "region")
                .prefetch_related("field_links", Prefetch("consents", queryset=active))
                .order_by("name", "pk")
            )

    @staticmethod
    def _regions(tables):
        wanted = set()
        for table in tables:
            for _line, raw in table.rows:
                for candidate in _ags_candidates(raw.get("region", "")):
                    wanted.add(candidate)
        if not wanted:
            return {}
        return {region.ags: region for region in Region.objects.filter(ags__in=wanted)}


def _ags_candidates(text):
    """An official key as typed, and with the leading zero a spreadsheet drops from numbers
    ("9162000" for Munich's "09162000")."""
    text = "".join(str(text or "").split())
    if not text.isdigit():
        return []
    candidates = [text]
    if len(text) in (1, 4, 7, 8):
        candidates.append("0" + text)
    return candidates


# Checking cells ------------------------------------------------------------------------------------


def _text(row, key, *, max_length, label, required=None, multiline=False):
    value = str(row.raw.get(key, "") or "")
    value = value.strip() if multiline else " ".join(value.split())
    if required and not value:
        row.error(key, required)
    elif len(value) > max_length:
        row.error(
            key,
            _("%(label)s darf höchstens %(max)s Zeichen lang sein (hier: %(length)s).")
            % {"label": label, "max": max_length, "length": len(value)},
        )
    return value


def _sector(row, register, *, required):
    text = " ".join(str(row.raw.get("sector", "")).split())
    if not text:
        if required:
            row.error("sector", required)
        return ""
    key = register.sectors.get(_exact(text))
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
    if not text.isdigit():
        row.error(
            "region",
            _("„%(value)s“ ist kein amtlicher Schlüssel (AGS); er besteht nur aus Ziffern.")
            % {"value": text},
        )
        return None
    for candidate in _ags_candidates(text):
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
        key = part if part in register.fields else register.field_by_name.get(_exact(part))
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


def _website(row):
    text = str(row.raw.get("website", "") or "").strip()
    if not text:
        return ""
    # "www.example.de" is how people write web addresses; the register stores full ones.
    if "://" not in text and "." in text and " " not in text:
        text = "https://" + text
    if len(text) > 500:
        row.error("website", _("Die Webadresse darf höchstens 500 Zeichen lang sein."))
        return ""
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        row.error(
            "website",
            _("„%(value)s“ ist keine gültige Webadresse, z. B. https://www.example.de.")
            % {"value": row.raw.get("website", "")},
        )
        return ""
    return text


def _email(row):
    text = str(row.raw.get("email", "") or "").strip()
    if not text:
        return ""
    try:
        validate_email(text)
        if len(text) > 254:
            raise ValidationError("too long")
    except ValidationError:
        row.error(
            "email",
            _("„%(value)s“ ist keine gültige E-Mail-Adresse, z. B. name@example.de.")
            % {"value": text},
        )
        return ""
    return text


def _visibility(row):
    text = _exact(row.raw.get("visibility", ""))
    if not text:
        return Visibility.INTERNAL
    accepted = {}
    for language in ("de", "en"):
        with translation.override(language):
            for key, label in Visibility.choices:
                accepted[_exact(label)] = key
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
    today = timezone.localdate()
    for purpose, on_key, source_key in CONSENT_COLUMNS:
        raw_date = str(row.raw.get(on_key, "") or "").strip()
        source = " ".join(str(row.raw.get(source_key, "") or "").split())
        if not raw_date and not source:
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
        if given_on > today:
            row.error(on_key, _("Das Datum der Einwilligung liegt in der Zukunft."))
            continue
        if not source:
            row.error(
                source_key,
                _("Bitte nennen Sie, wie die Einwilligung erteilt wurde (z. B. Anmeldeformular)."),
            )
            continue
        if len(source) > 300:
            row.error(source_key, _("Die Quelle darf höchstens 300 Zeichen lang sein."))
            continue
        consents[purpose] = (given_on, source)
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


def _is_anonymised_placeholder(row):
    names = {"anonymisierte person", "anonymised person", _exact(_("Anonymisierte Person"))}
    others = ("email", "phone", "function", "organisation")
    return _exact(row.raw.get("name", "")) in names and not any(
        str(row.raw.get(key, "") or "").strip() for key in others
    )


# Organisations ---------------------------------------------------------------------------------------


def _check_organisation(row, register):
    _extra(row)
    row.values = {
        "name": _text(
            row,
            "name",
            max_length=300,
            label=_("Der Name"),
            required=_("Der Name der Organisation fehlt."),
        ),
        "sector": _sector(row, register, required=_("Der Bereich fehlt.")),
        "region": _region(row, register),
        "website": _website(row),
        "description": _text(
            row, "description", max_length=5000, label=_("Die Beschreibung"), multiline=True
        ),
        "fields": _fields(row, register),
    }


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
        if isinstance(old, str) and isinstance(new, str) and _exact(old) == _exact(new):
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
    changes = []
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


def _organisation_duplicates(table, register):
    exact_in_file, similar_in_file = {}, []
    existing = [(organisation_key(o.name), o) for o in register.organisations]
    for row in table.rows:
        if row.status != NEW:
            continue
        name = row.values["name"]
        twin = register.organisation_by_name.get(_exact(name))
        if twin is not None:
            _mark(row, CERTAIN, _("gleicher Name"), target=twin)
        elif _exact(name) in exact_in_file:
            _mark(row, CERTAIN, _("gleicher Name"), target_row=exact_in_file[_exact(name)])
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
        exact_in_file.setdefault(_exact(name), row)
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


# People ----------------------------------------------------------------------------------------


def _check_person(row, register, organisation_rows):
    _extra(row)
    values = row.values = {
        "name": _text(
            row, "name", max_length=200, label=_("Der Name"), required=_("Der Name fehlt.")
        ),
        "organisation": None,
        "organisation_row": None,
        "organisation_name": " ".join(str(row.raw.get("organisation", "") or "").split()),
    }
    name = values["organisation_name"]
    if name:
        values["organisation"] = register.organisation_by_name.get(_exact(name))
        if values["organisation"] is None:
            values["organisation_row"] = organisation_rows.get(_exact(name))
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
    values["sector"] = (
        ""
        if has_organisation
        else _sector(
            row,
            register,
            required=_(
                "Der Bereich fehlt; er ist Pflicht, wenn die Person für keine Organisation spricht."
            ),
        )
    )
    values["function"] = _text(row, "function", max_length=200, label=_("Die Funktion"))
    values["email"] = _email(row)
    values["phone"] = _text(row, "phone", max_length=50, label=_("Die Telefonnummer"))
    values["region"] = _region(row, register)
    values["visibility"] = _visibility(row)
    values["fields"] = _fields(row, register)
    values["consents"] = _consents(row)


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
    changes = []
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


def _organisation_of(values):
    """The key an organisation compares by, for a row's or a record's organisation name."""
    return organisation_key(values) if values else ""


def _people_duplicates(table, register):
    by_email, by_name_in_org = {}, {}
    existing = []
    for person in register.people:
        org = _organisation_of(person.organisation.name if person.organisation_id else "")
        if person.email:
            by_email.setdefault(person.email.casefold(), person)
        if org:
            by_name_in_org.setdefault((_same_person_key(person.name), org), person)
        existing.append((person_key(person.name), (person, org)))
    email_in_file, name_in_file, similar_in_file = {}, {}, []
    for row in table.rows:
        if row.status != NEW:
            continue
        values = row.values
        email = values["email"].casefold()
        key = person_key(values["name"])
        same = _same_person_key(values["name"])
        org = _organisation_of(values["organisation_name"])
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


# Building the plan -----------------------------------------------------------------------------------


def build_plan(agenda, kind, tables, filename):
    """Check every row of ``tables`` (from ``imports_format.read_tables``) against the agenda.

    Queries: the framework's fields, the regions named, the organisations with their fields,
    and for people the people with fields and active consents — a fixed number in all.
    """
    register = _Register(agenda, tables)
    plan_tables = []
    organisation_rows = {}
    for table in tables:
        rows = [Row(table.kind, table.sheet, line, raw) for line, raw in table.rows]
        plan_table = PlanTable(table.kind, table.sheet, rows)
        plan_tables.append(plan_table)
        if table.kind == ORGANISATIONS:
            for row in rows:
                _check_organisation(row, register)
                if row.values["name"]:
                    organisation_rows.setdefault(_exact(row.values["name"]), row)
        else:
            for row in rows:
                if _is_anonymised_placeholder(row):
                    row.status = SKIPPED
                    row.reason = _("anonymisierte Person – wird nicht übernommen")
                    continue
                _check_person(row, register, organisation_rows)
        for row in rows:
            if row.errors:
                row.status = ERROR
        if table.kind == ORGANISATIONS:
            _organisation_duplicates(plan_table, register)
        else:
            _people_duplicates(plan_table, register)
    return ImportPlan(kind=kind, filename=filename, tables=plan_tables)
