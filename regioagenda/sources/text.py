"""German text normalisation for the passage classifier: tokens, stop words, stems, compounds.

Everything here works offline: the stop words come from the ``stop-words`` package, the stems
from PyStemmer's Snowball German stemmer. Text is lowercased *before* stemming (capitalised
nouns stem oddly otherwise). The stemmer folds umlauts and ß (``straße`` → ``strass``), so
``fold`` applies the same folding to whole words, which lets a stem be found inside a compound:
``glasfas`` (the stem of "Glasfaser") is a substring of ``glasfasernetz``.
"""

import hashlib
import re
from functools import lru_cache

import Stemmer
from stop_words import get_stop_words

# A word: letters and digits, optionally joined by hyphens ("On-Demand-Verkehr", "E-Akte").
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
STOP_WORDS = frozenset(
    word for entry in get_stop_words("de") for word in (entry, entry.translate(FOLD))
)

_stemmer = Stemmer.Stemmer("german")


def fold(word):
    """Lowercase ``word`` and fold umlauts and ß the way the Snowball stemmer does."""
    return word.lower().translate(FOLD)


@lru_cache(maxsize=200_000)
def stem(word):
    """The Snowball German stem of one word (lowercased first)."""
    return _stemmer.stemWord(word.lower())


def words(text):
    """The lowercase words of ``text``, hyphenated compounds split *and* kept joined.

    "On-Demand-Verkehr" gives ``on``, ``demand``, ``verkehr`` and ``ondemandverkehr``; a
    trailing hyphen ("Sprach- und Computerkurse") is dropped.
    """
    result: list[str] = []
    for match in WORD.finditer(text.lower()):
        token = match.group()
        if "-" in token:
            result.extend(part for part in token.split("-") if part)
            result.append(token.replace("-", ""))
        else:
            result.append(token)
    return result


def content_words(text):
    """``words`` without stop words and without one-character tokens."""
    return [word for word in words(text) if len(word) > 1 and word not in STOP_WORDS]


def stems(text):
    """The stems of the content words of ``text``, in order."""
    return [stem(word) for word in content_words(text)]


def substrings(word, shortest):
    """Every substring of ``word`` with at least ``shortest`` characters, with its start."""
    size = len(word)
    for start in range(size - shortest + 1):
        for end in range(start + shortest, size + 1):
            yield start, word[start:end]


_NOT_A_LETTER = re.compile(r"[\W_]+")


def content_key(text: str) -> str:
    """A hash of what ``text`` says, blind to whitespace, line-end hyphenation, soft hyphens,
    case and punctuation: two extractions of the same paragraph get the same key."""
    letters = _NOT_A_LETTER.sub("", text.replace("\u00ad", "").lower())
    return hashlib.sha256(letters.encode()).hexdigest()
