"""Names for comparison: one folding for duplicate checks of people, organisations and
activities, and one fuzzy comparison, so the register, the import and the landscape agree on
what counts as the same.
"""

import re
import unicodedata
from difflib import SequenceMatcher

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe"})
_NOT_WORD = re.compile(r"[\W_]+")
# Academic titles and forms of address; "ma"/"ba" are left out on purpose (surnames such as Ma).
_TITLES = re.compile(
    r"\b(prof|dr|dipl|ing|med|rer|nat|phil|jur|habil|mag|msc|bsc|mba|llm|herr|frau|h\s*c)\b\.?"
)


def fold(text, *, umlauts=True):
    """Lower case with umlauts written out and other accents dropped ("Müller" → "mueller";
    with ``umlauts=False`` → "muller")."""
    text = unicodedata.normalize("NFC", str(text or "")).casefold()
    if umlauts:
        text = text.translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def comparable(text, *, umlauts=True):
    """Folded, punctuation as spaces, spaces collapsed: "Smart-City: Bürger-App!" →
    "smart city buerger app"."""
    return " ".join(_NOT_WORD.sub(" ", fold(text, umlauts=umlauts)).split())


def person_key(name, *, umlauts=True):
    """A person's name without case, accents, titles and punctuation ("Prof. Dr. Jörg Meier"
    → "joerg meier")."""
    return comparable(_TITLES.sub(" ", fold(name, umlauts=umlauts)), umlauts=umlauts)


def exact_person_key(name):
    """A person's name as the register refuses it twice in one organisation: like
    ``person_key`` but with accents dropped rather than written out ("Jörg" and "Jorg" match)."""
    return person_key(name, umlauts=False)


def exact(text):
    """Spaces collapsed and case folded: how organisation names (the register's unique name)
    and typed labels are compared ("  Stadtwerke  GmbH" → "stadtwerke gmbh")."""
    return " ".join(str(text or "").split()).casefold()


_EV = re.compile(r"\be\s*\.\s*v\b\.?")
_LEGAL_FORMS = frozenset(
    [
        "gmbh",
        "ggmbh",
        "mbh",
        "ag",
        "kg",
        "ohg",
        "gbr",
        "ug",
        "haftungsbeschraenkt",
        "co",
        "kgaa",
        "eg",
        "ev",
        "se",
        "aoer",
        "kdoer",
        "ltd",
        "inc",
        "gemeinnuetzige",
    ]
)


def organisation_key(name):
    """An organisation's name for comparison: folded, also without legal forms
    ("Muster GmbH & Co. KG" → "muster")."""
    text = _EV.sub(" ", fold(name))
    return " ".join(word for word in _NOT_WORD.sub(" ", text).split() if word not in _LEGAL_FORMS)


def similarity(probe, other, *, at_least=0.0, matcher=None):
    """How alike two folded names or titles are, 0…1 (difflib's ratio).

    The one fuzzy comparison of the actors part (import duplicates, activity duplicates). When
    a cheap upper bound already stays below ``at_least``, that bound is returned instead of the
    exact ratio, so callers compare with ``>= at_least``. ``matcher``: a ``SequenceMatcher``
    whose second sequence is already ``probe`` — difflib indexes the second sequence, so
    comparing one probe with many candidates reuses that work.
    """
    if not probe or not other:
        return 0.0
    # difflib's real_quick_ratio, without building anything.
    bound = 2 * min(len(probe), len(other)) / (len(probe) + len(other))
    if bound < at_least:
        return bound
    if matcher is None:
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(probe)
    matcher.set_seq1(other)
    bound = matcher.quick_ratio()
    if bound < at_least:
        return bound
    return matcher.ratio()
