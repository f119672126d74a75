"""The docs name files, modules and functions that exist: a newcomer copies from them.

Every backticked path (`regioagenda/core/staging.py`, `matrix/queries/framework.py`,
`bench/common.py`) must exist, every dotted name (`core.http.safe_next`,
`regions.models.AuditAction`) must import, and every `file.py: name` must define that name.
"""

import ast
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
APPS = ("core", "accounts", "regions", "matrix", "sources", "actors")
TOP = ("regioagenda", "bench", "tests", "frameworks", "data", "docs", ".ci")
CODE = re.compile(r"`([^`\n]+)`")
DOTTED = re.compile(rf"^(?:regioagenda\.)?(?:{'|'.join(APPS)})(?:\.[A-Za-z_]\w*)+$")
PATH_WITH_NAME = re.compile(r"^(?P<path>[\w./-]+\.py): (?P<name>[A-Za-z_]\w*)$")


def references():
    for doc in DOCS:
        for match in CODE.finditer(doc.read_text(encoding="utf-8")):
            yield doc.name, match.group(1).strip()


def resolve_path(text):
    """The file a doc path means: from the project root, or inside an app, or None if unsure."""
    text = text.rstrip("/")
    if text.endswith(".html"):  # a template name
        return [ROOT / "regioagenda" / "templates" / text] + [
            ROOT / "regioagenda" / app / "templates" / text for app in APPS
        ]
    if text.split("/")[0] in TOP:
        return [ROOT / text]
    if text.split("/")[0] in APPS:
        return [ROOT / "regioagenda" / text]
    if text.endswith(".py"):  # a path inside the app the sentence is about
        return [ROOT / "regioagenda" / app / text for app in APPS]
    return None


def test_paths_in_the_docs_exist():
    missing = []
    for doc, text in references():
        text = text.split(": ")[0]
        if any(c in text for c in "…*<> ") or "/" not in text or text.startswith(("/", "http")):
            continue
        candidates = resolve_path(text)
        if candidates is not None and not any(path.exists() for path in candidates):
            missing.append(f"{doc}: {text}")
    assert not missing, missing


def test_dotted_names_in_the_docs_import():
    broken = []
    for doc, text in references():
        text = text.split("(")[0]
        if not DOTTED.match(text):
            continue
        app_label, _, model = text.partition(".")
        if model[:1].isupper() and "." not in model:  # a model label such as `regions.Agenda`
            try:
                apps.get_model(app_label, model)
            except LookupError:
                broken.append(f"{doc}: {text}")
            continue
        dotted = text if text.startswith("regioagenda.") else f"regioagenda.{text}"
        parts = dotted.split(".")
        for cut in range(len(parts), 1, -1):
            try:
                obj = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            try:
                for attribute in parts[cut:]:
                    obj = getattr(obj, attribute)
            except AttributeError:
                broken.append(f"{doc}: {text}")
            break
        else:
            broken.append(f"{doc}: {text}")
    assert not broken, broken


def test_file_colon_name_references_are_defined():
    broken = []
    for doc, text in references():
        match = PATH_WITH_NAME.match(text)
        if not match:
            continue
        candidates = [p for p in (resolve_path(match["path"]) or []) if p.exists()]
        if not candidates:
            broken.append(f"{doc}: {text} (no such file)")
            continue
        names = set()
        for path in candidates:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.ClassDef):
                    names.add(node.name)
                elif isinstance(node, ast.Assign):
                    names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        if match["name"] not in names:
            broken.append(f"{doc}: {text}")
    assert not broken, broken


@pytest.mark.django_db
def test_the_page_recipe_runs_as_written(team):
    """docs/architecture.md, "How to add a page", step 2, called exactly as shown."""
    from regioagenda.core import permissions
    from regioagenda.regions.queries import agenda_for

    agenda = agenda_for(team.coordinator, team.agenda.slug, check=permissions.can_manage_agenda)
    assert agenda == team.agenda
