"""Measure the goal and measure sentences found in passages against a labelled set.

Run with `.venv/bin/python bench/eval_statements.py [FILE]` (default: the long development set
data/sources/devset_long.jsonl, whose passages list every goal and measure sentence under
"statements"). The passages go through the analysis's own sentence splitting and rules
(``regioagenda.sources.passages.statements.extract_statements``). A found sentence counts as
right when it is one of the labelled sentences (or contains one, or lies inside one: bullet
items and the splitter may cut slightly differently) *and* has the same kind. Prints precision,
recall and F1 per kind, and the same for "any statement" (kind ignored).

The set is held out: the rules are not tuned on it (see data/sources/README.md). Plain Python,
no database.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from regioagenda.sources.passages.splitting import Passage  # noqa: E402
from regioagenda.sources.passages.statements import extract_statements  # noqa: E402

DEVSET = ROOT / "data" / "sources" / "devset_long.jsonl"
KINDS = ("goal", "measure")


def normal(text: str) -> str:
    return " ".join(text.lower().replace("- ", " ").split()).strip(" .;:-•")


def same_sentence(found: str, labelled: str) -> bool:
    found, labelled = normal(found), normal(labelled)
    return bool(found and labelled) and (found in labelled or labelled in found)


def evaluate(rows: list[dict]) -> dict[str, dict[str, float]]:
    counts = {kind: {"found": 0, "labelled": 0, "right": 0} for kind in (*KINDS, "any")}
    for index, row in enumerate(rows):
        passage = Passage(index=index, text=row["text"], page_start=1, page_end=1, headings=[])
        found = [(s.kind, s.text) for s in extract_statements([passage])]
        labelled = [(s["kind"], s["text"]) for s in row.get("statements", [])]
        for kind in KINDS:
            mine = [text for k, text in found if k == kind]
            gold = [text for k, text in labelled if k == kind]
            counts[kind]["found"] += len(mine)
            counts[kind]["labelled"] += len(gold)
            counts[kind]["right"] += sum(any(same_sentence(m, g) for g in gold) for m in mine)
        counts["any"]["found"] += len(found)
        counts["any"]["labelled"] += len(labelled)
        counts["any"]["right"] += sum(
            any(same_sentence(text, g) for _k, g in labelled) for _kind, text in found
        )
    result = {}
    for kind, c in counts.items():
        precision = c["right"] / c["found"] if c["found"] else 0.0
        # Recall counts labelled sentences that some right finding covers.
        recall = min(1.0, c["right"] / c["labelled"]) if c["labelled"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[kind] = {**c, "precision": precision, "recall": recall, "f1": f1}
    return result


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEVSET
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    result = evaluate(rows)
    print(f"{path.name}: {len(rows)} passages")
    print(
        f"{'kind':<8} {'labelled':>8} {'found':>6} {'right':>6} {'prec.':>6} {'recall':>6} {'F1':>6}"
    )
    for kind, r in result.items():
        print(
            f"{kind:<8} {r['labelled']:>8} {r['found']:>6} {r['right']:>6} "
            f"{r['precision']:>6.2f} {r['recall']:>6.2f} {r['f1']:>6.2f}"
        )


if __name__ == "__main__":
    main()
