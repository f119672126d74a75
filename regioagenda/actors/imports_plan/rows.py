"""What a checked import is made of: its rows with their values, status and changes, the
tables and the plan, and the words for the user's decision per duplicate. No checks here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from regioagenda.actors.imports_format import ORGANISATIONS, column_header

if TYPE_CHECKING:
    from regioagenda.actors.models import Organisation, Person

NEW, DUPLICATE, ERROR, SKIPPED = "new", "duplicate", "error", "skipped"
CERTAIN, PROBABLE = "certain", "probable"
SKIP, MERGE, CREATE = "skip", "merge", "create"


def decision_labels() -> dict[str, str]:
    return {
        SKIP: _("überspringen"),
        MERGE: _("zusammenführen"),
        CREATE: _("trotzdem neu anlegen"),
    }


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
    # What the file brings; its type depends on ``attribute`` (a Region, an Organisation or an
    # earlier Row, field keys, a consent's date and source, text).
    value: Any = None
    old: object = None  # what the record has

    def signature(self) -> list[Any]:
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
    raw: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)  # checked values, by column key
    errors: list[tuple[str | None, str]] = field(default_factory=list)  # (column key, message)
    status: str = NEW
    certainty: str = ""
    reason: str = ""
    target: Organisation | Person | None = None  # the register's record this row duplicates
    target_row: Row | None = None  # or an earlier row of the file that will be created
    changes: list[Change] = field(default_factory=list)
    result: Organisation | Person | None = None  # the record after applying (set by the service)
    chosen: str = SKIP  # the user's choice for a duplicate, as the preview page shows it

    @property
    def ref(self) -> str:
        """The row's name in the confirmation form, e.g. "p12" for line 12 of the people."""
        return f"{'o' if self.kind == ORGANISATIONS else 'p'}{self.line}"

    @property
    def name(self) -> str:
        return self.values.get("name") or self.raw.get("name", "")

    @property
    def options(self) -> list[tuple[str, str]]:
        if self.status != DUPLICATE:
            return []
        labels = decision_labels()
        keys = [SKIP, MERGE] + ([CREATE] if self.certainty == PROBABLE else [])
        return [(key, labels[key]) for key in keys]

    def error(self, column: str | None, message: str) -> None:
        self.errors.append((column, message))

    @property
    def messages(self) -> list[str]:
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
    def target_label(self) -> str:
        if self.target is not None:
            return self.target.name
        if self.target_row is not None:
            return self.target_row.name
        return ""

    def fingerprint(self) -> list[Any]:
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
    rows: list[Row]

    @property
    def title(self) -> str:
        return _("Organisationen") if self.kind == ORGANISATIONS else _("Personen")

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new(self) -> int:
        return self.count(NEW)

    @property
    def duplicates(self) -> int:
        return self.count(DUPLICATE)

    @property
    def skipped(self) -> int:
        return self.count(SKIPPED)

    @property
    def failed(self) -> int:
        return self.count(ERROR)


@dataclass
class ImportPlan:
    kind: str
    filename: str
    tables: list[PlanTable]

    @property
    def rows(self) -> list[Row]:
        return [row for table in self.tables for row in table.rows]

    @property
    def errors(self) -> list[str]:
        return [message for row in self.rows for message in row.messages]

    @property
    def is_valid(self) -> bool:
        return not any(row.errors for row in self.rows)

    @property
    def has_duplicates(self) -> bool:
        return any(row.status == DUPLICATE for row in self.rows)

    def fingerprint(self) -> list[Any]:
        return [row.fingerprint() for row in self.rows]
