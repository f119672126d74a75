"""Import of the official register: the Destatis Gemeindeverzeichnis GV100AD.

The file has one fixed-width record per line (220 characters, positions 1-based and inclusive,
see ``data/register/SOURCES.md``). The import runs in three stages so that a bad file changes
nothing:

1. ``parse_register`` reads every line and checks its fields; it collects all errors.
2. ``_link`` checks the records against each other (duplicate keys, missing Kreis, …) and
   derives parents and the summed figures of Land, Bezirk, Kreis and Verband.
3. ``import_register`` compares with what is stored (one query), then writes level by level
   with bulk operations in one transaction, or only reports when ``dry_run`` is set.

Rows are matched by their official key (``Region.ags``). Nothing is ever deleted: a register
row that a newer file no longer contains is marked ``is_current=False`` (merged or dissolved).
Alliances and example data are never touched.
"""

from regioagenda.regions.register.load import ImportSummary, import_register
from regioagenda.regions.register.parse import (
    RegisterImportError,
    decode,
    format_errors,
    parse_register,
    source_line,
)

__all__ = [
    "ImportSummary",
    "RegisterImportError",
    "decode",
    "format_errors",
    "import_register",
    "parse_register",
    "source_line",
]
