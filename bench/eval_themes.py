"""Figures of the idea themes (``participation.themes``) and duplicate search
(``participation.similarity``) on a hand-labelled dev set, and their speed.

    .venv/bin/python bench/eval_themes.py            # quality at the defaults + a small sweep
    .venv/bin/python bench/eval_themes.py --speed    # + 1,000 ideas grouped, 10,000 indexed

The dev set ``data/participation/themes_dev.tsv`` holds 79 ideas in the style of Bavarian
municipalities' workshops and online forms (typos, one-liners, long ones, mixed topics), each
with the theme a moderator would give it. Quality:

- *purity*: share of ideas in a group whose label is the group's majority label (singles count
  as their own group, so purity alone rewards splitting: read it with the next two);
- *adjusted Rand index* against the hand labels (1 = the same partition; 0 = chance);
- *grouped*: share of ideas that landed in a theme at all (not "Einzelne Ideen").

Needs no database: the functions are pure.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.metrics import adjusted_rand_score  # noqa: E402

from regioagenda.participation import similarity, themes  # noqa: E402

DEV_SET = ROOT / "data" / "participation" / "themes_dev.tsv"


def load(path: Path = DEV_SET) -> list[tuple[str, themes.Item]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        label, fields, title, body = (line.split("\t") + ["", "", "", ""])[:4]
        rows.append(
            (
                label,
                themes.Item(
                    key=number,
                    title=title,
                    body=body,
                    fields=tuple(key for key in fields.split(",") if key),
                ),
            )
        )
    return rows


def score(rows, grouping: themes.Grouping) -> dict[str, float]:
    label_of = {item.key: label for label, item in rows}
    assigned: dict[int, int] = {}
    for number, group in enumerate(grouping.groups):
        for key in group.keys:
            assigned[key] = number
    next_id = len(grouping.groups)
    for key in grouping.singles:
        assigned[key] = next_id
        next_id += 1
    keys = [item.key for _label, item in rows]
    majority = 0
    for group in grouping.groups:
        majority += Counter(label_of[key] for key in group.keys).most_common(1)[0][1]
    majority += len(grouping.singles)
    return {
        "purity": majority / len(keys),
        "ari": adjusted_rand_score([label_of[k] for k in keys], [assigned[k] for k in keys]),
        "grouped": 1 - len(grouping.singles) / len(keys),
        "themes": len(grouping.groups),
    }


def quality(threshold: float, bonus: float, rows=None) -> dict[str, float]:
    rows = rows or load()
    grouping = themes.group([item for _l, item in rows], threshold=threshold, field_bonus=bonus)
    return score(rows, grouping)


def _noisy(items: list[themes.Item], n: int, seed: int = 7) -> list[themes.Item]:
    """``n`` ideas made from the dev set by dropping and swapping words (realistic length mix)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        base = items[rng.randrange(len(items))]
        words = (base.title + " " + base.body).split()
        kept = [w for w in words if rng.random() > 0.25] or words[:1]
        rng.shuffle(kept)
        out.append(
            themes.Item(
                key=i + 1,
                title=" ".join(kept[:6]),
                body=" ".join(kept[6:]),
                fields=base.fields,
            )
        )
    return out


def speed() -> None:
    items = [item for _l, item in load()]
    for n in (1_000, 2_000):
        many = _noisy(items, n)
        themes.group(many[:50])  # warm the stemmer's cache like a running server
        started = time.perf_counter()
        grouping = themes.group(many)
        took = time.perf_counter() - started
        print(f"themes.group({n} ideas): {took * 1000:.0f} ms, {len(grouping.groups)} themes")

    many = _noisy(items, 10_000, seed=11)
    started = time.perf_counter()
    documents = [similarity.tokens(item.title, item.body) for item in many]
    vectors = similarity.vectorise(documents)
    built = time.perf_counter() - started
    queries = [_noisy(items, 50, seed=s)[0] for s in range(50)]
    started = time.perf_counter()
    for query in queries:
        similarity.top_matches(
            vectors, similarity.tokens(query.title, query.body), limit=5, threshold=0.3
        )
    per_query = (time.perf_counter() - started) / len(queries)
    started = time.perf_counter()
    pairs = similarity.similar_pairs(vectors.matrix, 0.5)
    pair_time = time.perf_counter() - started
    print(
        f"similar_ideas over 10,000 ideas: index built in {built * 1000:.0f} ms (once per idea "
        f"change, kept per process), {per_query * 1000:.1f} ms per query; all pairs >= 0.5 in "
        f"{pair_time * 1000:.0f} ms ({len(pairs)} pairs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true")
    args = parser.parse_args()
    rows = load()
    print(f"dev set: {len(rows)} ideas, {len({label for label, _i in rows})} hand-made themes")
    defaults = quality(themes.THRESHOLD, themes.FIELD_BONUS, rows)
    print(
        f"defaults (threshold {themes.THRESHOLD}, field bonus {themes.FIELD_BONUS}): "
        + ", ".join(
            f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in defaults.items()
        )
    )
    print("threshold  bonus  purity  ARI    grouped  themes")
    for threshold in (0.15, 0.18, 0.2, 0.22, 0.26):
        for bonus in (0.0, 0.12, 0.18, 0.2):
            q = quality(threshold, bonus, rows)
            print(
                f"{threshold:9.2f}  {bonus:5.2f}  {q['purity']:.3f}   {q['ari']:.3f}  "
                f"{q['grouped']:.3f}    {q['themes']}"
            )
    if args.speed:
        speed()


if __name__ == "__main__":
    main()
