"""Check data/sources/devset_long.jsonl, the held-out set of long, multi-label passages.

Plain Python, no Django: ``python3 bench/check_devset_long.py [FILE]``.

Prints the passage count, word counts, labels per passage, per-field label and main-label
counts, the number of boilerplate passages and the statements by kind. Exits with status 1 if a
line is not valid JSON, an id repeats, a label is not one of the 16 field keys, a shape or
statement kind is unknown, or a statement's text is not a verbatim substring of its passage.
"""

import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The field keys of the default framework, read from its newest file (the top-level field
# entries are the only lines "  - key: …" there), so that the check follows the framework.
FRAMEWORK = sorted((ROOT / "frameworks" / "smart-region-matrix-bayern").glob("v*.yaml"))[-1]
FIELDS = re.findall(r"^  - key: (\w+)$", FRAMEWORK.read_text(encoding="utf-8"), re.MULTILINE)
SHAPES = {
    "ausgangslage",
    "handlungsfeld",
    "ziele",
    "massnahmen",
    "swot",
    "projektsteckbrief",
    "leitbild",
    "beteiligung",
    "boilerplate",
}
KINDS = {"goal", "measure"}
DEFAULT = Path(__file__).resolve().parent.parent / "data" / "sources" / "devset_long.jsonl"


def words(text):
    return len(text.split())


def describe(values):
    if not values:
        return "n/a"
    return (
        f"median {statistics.median(values):g}, min {min(values)}, max {max(values)}, "
        f"mean {statistics.mean(values):.1f}"
    )


def main(path):
    errors = []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            errors.append(f"line {number}: invalid JSON ({error})")

    ids = Counter(row.get("id") for _, row in rows)
    errors += [f"id {key!r} occurs {n} times" for key, n in ids.items() if n > 1]

    label_counts, main_counts, shapes, styles, kinds = (
        Counter(),
        Counter(),
        Counter(),
        Counter(),
        Counter(),
    )
    topical_words, boiler_words, label_sizes = [], [], []
    for number, row in rows:
        where = f"line {number} ({row.get('id')})"
        text, labels = row.get("text", ""), row.get("labels")
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: empty text")
        if not isinstance(labels, list):
            errors.append(f"{where}: labels is not a list")
            labels = []
        for label in labels:
            if label not in FIELDS:
                errors.append(f"{where}: unknown label {label!r}")
        if len(set(labels)) != len(labels):
            errors.append(f"{where}: repeated label")
        shape = row.get("shape")
        if shape not in SHAPES:
            errors.append(f"{where}: unknown shape {shape!r}")
        if (shape == "boilerplate") != (not labels):
            errors.append(f"{where}: boilerplate passages, and only they, must have no labels")
        shapes[shape] += 1
        styles[row.get("source_style")] += 1
        for statement in row.get("statements", []):
            kind, sentence = statement.get("kind"), statement.get("text", "")
            if kind not in KINDS:
                errors.append(f"{where}: unknown statement kind {kind!r}")
            if not sentence or sentence not in text:
                errors.append(f"{where}: statement not in text: {sentence[:60]!r}")
            kinds[kind] += 1
        if labels:
            topical_words.append(words(text))
            label_sizes.append(len(labels))
            label_counts.update(labels)
            main_counts[labels[0]] += 1
        else:
            boiler_words.append(words(text))

    print(f"file: {path}")
    print(f"passages: {len(rows)} ({len(topical_words)} topical, {len(boiler_words)} boilerplate)")
    print(f"words, all passages:      {describe(topical_words + boiler_words)}")
    print(f"words, topical passages:  {describe(topical_words)}")
    print(f"words, boilerplate:       {describe(boiler_words)}")
    if label_sizes:
        print(
            f"labels per topical passage: mean {statistics.mean(label_sizes):.2f}; "
            + ", ".join(f"{k} labels: {v}" for k, v in sorted(Counter(label_sizes).items()))
        )
        print(f"labels per passage incl. boilerplate: mean {sum(label_sizes) / len(rows):.2f}")
    print(f"{'field':<18}{'labelled':>9}{'main':>6}")
    for field in FIELDS:
        print(f"{field:<18}{label_counts[field]:>9}{main_counts[field]:>6}")
    print("shapes: " + ", ".join(f"{k} {v}" for k, v in shapes.most_common()))
    print("source styles: " + ", ".join(f"{k} {v}" for k, v in styles.most_common()))
    print(f"statements: {sum(kinds.values())} (goal {kinds['goal']}, measure {kinds['measure']})")

    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for error in errors:
            print("  " + error, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
