"""Names for comparison: one folding for duplicate checks of people, organisations and
activities, so the register, the import and the landscape agree on what counts as the same.
"""

import re
import unicodedata

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
