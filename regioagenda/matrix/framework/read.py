"""Reading a framework file: find it, read its YAML, and keep where each entry stands.

Every value is known by its JSON-pointer path (``/fields/3/indicators/0/target``); the map from
path to line number lets every problem be reported as ``<file>:<line>: <path>: <reason>``.
"""

import re
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

FILE_VERSION = re.compile(r"v([0-9]+)\.ya?ml")


class FrameworkError(Exception):
    """A framework file cannot be published; ``errors`` holds every problem, one line each."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


# Finding files ----------------------------------------------------------------------------------


def frameworks_dir():
    return Path(getattr(settings, "MATRIX_FRAMEWORKS_DIR", Path(settings.BASE_DIR) / "frameworks"))


def framework_files(directory=None):
    """Every ``<slug>/v<N>.yaml`` below ``directory``, by slug and then by version number."""
    found = []
    for path in Path(directory or frameworks_dir()).glob("*/v*.y*ml"):
        match = FILE_VERSION.fullmatch(path.name)
        if match and path.is_file():
            found.append((path.parent.name, int(match[1]), path))
    return [path for _slug, _number, path in sorted(found)]


def shown_path(path):
    """The path as messages show it: relative to the project when it lies inside."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


# Reading ----------------------------------------------------------------------------------------


def read_text(path, shown):
    """The text of a framework file; ``FrameworkError`` when it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FrameworkError([_("%(file)s: Die Datei gibt es nicht.") % {"file": shown}]) from exc
    except UnicodeDecodeError as exc:
        raise FrameworkError(
            [_("%(file)s: Die Datei ist nicht UTF-8-kodiert.") % {"file": shown}]
        ) from exc
    except OSError as exc:
        raise FrameworkError(
            [
                _("%(file)s: Die Datei lässt sich nicht lesen (%(reason)s).")
                % {"file": shown, "reason": exc.strerror or exc}
            ]
        ) from exc


def read_yaml(text, shown):
    """The data, a map of JSON-pointer paths to 1-based line numbers, and duplicate-key problems."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise FrameworkError(
            [
                _("%(file)s:%(line)d: YAML-Syntaxfehler: %(problem)s")
                % {"file": shown, "line": mark.line + 1 if mark else 1, "problem": problem}
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise FrameworkError(
            [_("%(file)s:1: YAML-Syntaxfehler: %(problem)s") % {"file": shown, "problem": exc}]
        ) from exc
    finally:
        loader.dispose()
    lines: dict[str, int] = {"": 1}
    problems: list[str] = []
    if node is not None:
        _map_lines(node, "", lines, problems)
    return data, lines, problems


def _map_lines(node, path, lines, problems, depth=0):
    lines.setdefault(path, node.start_mark.line + 1)
    if depth > 20:  # framework files are 5 levels deep; deeper means aliases going in circles
        return
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}/{key}"
            if key in seen:
                problems.append(
                    (
                        child,
                        _(
                            "Der Schlüssel „%(key)s“ steht doppelt; der zweite Wert würde den "
                            "ersten stillschweigend ersetzen."
                        )
                        % {"key": key},
                    )
                )
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            _map_lines(value_node, child, lines, problems, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, f"{path}/{index}", lines, problems, depth + 1)


def line_of(lines, path):
    """The line of ``path``, or of its nearest parent in the file (a missing key has none)."""
    while path not in lines and path:
        path = path.rsplit("/", 1)[0]
    return lines.get(path, 1)


def format_problems(shown, lines, problems):
    """``(path, reason)`` pairs as ``<file>:<line>: <path>: <reason>`` lines, in file order."""
    ordered = sorted(enumerate(problems), key=lambda p: (line_of(lines, p[1][0]), p[0]))
    return [
        f"{shown}:{line_of(lines, path)}: {path or '/'}: {reason}"
        for _index, (path, reason) in ordered
    ]
