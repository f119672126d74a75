"""The matrix framework as versioned data: read and check a framework file, then publish it.

A framework file (``frameworks/<slug>/v<N>.yaml``) is checked in two passes: the JSON Schema
(``frameworks/schema.json``) for shape, types and lengths, then the checks that span several
entries (each level once, unique keys, target against worst, ranges). Every problem is reported
as ``<file>:<line>: <path>: <reason>``, all of them at once, so an author fixes the file in one go.

Publishing copies a file into ``FrameworkVersion``, ``MatrixField`` and ``Indicator`` rows. A
version that an assessment round, a rating or an indicator value uses is never changed in place:
the change must be published as a new version, and old assessments keep theirs.

By topic: ``read`` (finding files, YAML with a line per path, ``FrameworkError``), ``check``
(schema and cross-entry checks), ``load`` (the checked file as ``FrameworkData`` with its
checksum) and ``publish`` (rows in the database, the guard for versions in use).
"""

from regioagenda.matrix.framework.load import (
    FieldData,
    FrameworkData,
    IndicatorData,
    load_framework_file,
    parse_framework,
)
from regioagenda.matrix.framework.publish import (
    CREATED,
    UNCHANGED,
    UPDATED,
    publish,
    publish_framework,
)
from regioagenda.matrix.framework.read import (
    FrameworkError,
    framework_files,
    frameworks_dir,
    shown_path,
)

# The framework an agenda uses until its first assessment round fixes a version.
DEFAULT_SLUG = "smart-region-matrix-bayern"

__all__ = [
    "CREATED",
    "DEFAULT_SLUG",
    "UNCHANGED",
    "UPDATED",
    "FieldData",
    "FrameworkData",
    "FrameworkError",
    "IndicatorData",
    "framework_files",
    "frameworks_dir",
    "load_framework_file",
    "parse_framework",
    "publish",
    "publish_framework",
    "shown_path",
]
