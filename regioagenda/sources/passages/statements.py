"""Goals and planned measures: the sentences of the passages that state one, by a few rules."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .splitting import Passage, split_sentences


@dataclass
class Statement:
    kind: str  # "goal" or "measure"
    text: str
    page: int
    passage: int  # index of the passage


# "Ziel"/"Maßnahme" only count where the sentence states one ("Ziel ist …", "Maßnahme M 3:"),
# not where it merely names them ("Die Strategie beschreibt Ziele und Maßnahmen.").
_GOAL_STRONG = re.compile(
    r"\bZiele?\s+(ist|sind|war|bleibt|bleiben|des|der|dieser|unserer|aller|für)\b"
    r"|\b(das|unser|ein|übergeordnete[sn]?|zentrale[sn]?|wichtigste[sn]?)\s+Ziel\b"
    r"|\b(Leit|Ober|Teil|Handlungs|Entwicklungs|Haupt|Qualitäts)ziele?\b"
    r"|\bZielsetzung|\bZielbild|\bZielvorstellung|\bzum Ziel\b|\bmit dem Ziel\b"
    r"|\bwir wollen\b|\bwollen wir\b|\bangestrebt\b|\bstreb(en|t)\b[^.]*\ban\b",
    re.I,
)
_GOAL_WEAK = re.compile(
    r"\bbis (zum Jahr |Ende |spätestens )?20\d\d\b|\bsoll(en)?\b[^.]*\bwerden\b|\bsoll(en)? bis\b",
    re.I,
)
_MEASURE_STRONG = re.compile(
    r"^Ma(ß|ss)nahmen?\b|\bMa(ß|ss)nahme\s*(M\s?)?[-\d]|\bMa(ß|ss)nahmen?\s*:|"
    r"\bals Ma(ß|ss)nahme\b|\bMa(ß|ss)nahmenpaket|\bgeplant(e[nmrs]?)?\b|\bplan(t|en)\b|"
    r"\b(wird|werden)\b[^.]*\b(eingeführt|eingerichtet|aufgebaut|beschafft|errichtet|"
    r"umgesetzt|gestartet|ausgeschrieben)\b",
    re.I,
)
_MEASURE_CODE = re.compile(r"\b(M|HF\d{1,2}-M)\s?-?\d{1,3}(\.\d{1,2})?\b")
_MEASURE_WEAK = re.compile(r"\bUmsetzung\b|\bumgesetzt\b|\bPilotprojekt|\bAusschreibung\b", re.I)


def statement_kind(sentence: str) -> str | None:
    """ "goal", "measure" or None for one sentence (a few rules, German)."""
    if len(sentence) < 30 or len(sentence.split()) < 5 or len(sentence) > 700:
        return None
    if _GOAL_STRONG.search(sentence):
        return "goal"
    if _MEASURE_CODE.search(sentence) or _MEASURE_STRONG.search(sentence):
        return "measure"
    if _MEASURE_WEAK.search(sentence):
        return "measure"
    if _GOAL_WEAK.search(sentence):
        return "goal"
    return None


def extract_statements(passages: Iterable[Passage]) -> list[Statement]:
    """Goals and planned measures: every sentence the rules recognise, with page and passage."""
    statements = []
    seen = set()
    for passage in passages:
        for offset, sentence in split_sentences(passage.text):
            kind = statement_kind(sentence)
            key = " ".join(sentence.lower().split())
            if kind and key not in seen:
                seen.add(key)
                statements.append(Statement(kind, sentence, passage.page_at(offset), passage.index))
    return statements
