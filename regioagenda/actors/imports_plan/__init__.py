"""Checking an import of organisations or people, writing nothing, by topic:

- ``rows``: what a plan is made of (rows, tables, changes, the decisions per duplicate);
- ``cells``: each cell parsed and checked by the register's rules (``actors/validation.py``);
- ``matching``: duplicates against the register and earlier rows, and what merging changes;
- ``plan``: the register read once and ``build_plan``.

The names below are what the import service and its views use.
"""

from regioagenda.actors.imports_plan.plan import build_plan
from regioagenda.actors.imports_plan.rows import (
    CERTAIN,
    CREATE,
    DUPLICATE,
    ERROR,
    MERGE,
    NEW,
    PROBABLE,
    SKIP,
    SKIPPED,
    Change,
    ImportPlan,
    PlanTable,
    Row,
    decision_labels,
)

__all__ = [
    "CERTAIN",
    "CREATE",
    "DUPLICATE",
    "ERROR",
    "MERGE",
    "NEW",
    "PROBABLE",
    "SKIP",
    "SKIPPED",
    "Change",
    "ImportPlan",
    "PlanTable",
    "Row",
    "build_plan",
    "decision_labels",
]
