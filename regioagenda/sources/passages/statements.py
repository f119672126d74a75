"""Goals and planned measures: the sentences of the passages that state one, by a few rules.

A sentence is a goal when it says what shall be achieved ("Ziel ist …", "Bis 2030 sollen alle
Haushalte …"), a measure when someone does something concrete ("Die Gemeinde richtet … ein",
"wird … eingeführt", "Einführung eines digitalen Bauantrags", "Maßnahme M 3: …"). Items of a
list take the kind of its heading ("Maßnahmen:", "Ziele:"; "Schwächen:" gives none), and a
description of today or of a deficit is neither ("Die Umsetzung des OZG ist lückenhaft.").
`bench/eval_statements.py` measures the rules on the long development set (held out).
"""

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
    # "bis 2030" as a deadline, not as the end of a span of past years ("2018 bis 2023")
    r"(?<!\d{4} )\bbis (zum Jahr |Ende |spätestens )?20\d\d\b|\bsoll(en)?\b[^.]*\bwerden\b|\bsoll(en)? bis\b"
    r"|\bsoll(en)?\b[^.]*\b(haben|sein|verfügen|können|erreichen|bleiben|steigen|sinken)\b",
    re.I,
)
# Participles of doing something concrete: "wird … eingerichtet" is a measure, while "soll …
# gestärkt werden" stays a goal (what shall be achieved, not what someone does).
_ACTION_PARTICIPLE = (
    r"eingeführt|eingerichtet|aufgebaut|beschafft|angeschafft|errichtet|umgesetzt|gestartet|"
    r"ausgeschrieben|installiert|gegründet|durchgeführt|erstellt|erarbeitet|angeboten|"
    r"ausgestattet|umgerüstet|angeschlossen|beantragt|entwickelt|geschaffen|organisiert|"
    r"bereitgestellt|ausgebildet|geschult|fortgeführt|verstetigt|eröffnet|ausgewiesen|"
    r"veranstaltet|erprobt|getestet|pilotiert|angelegt|aufgestellt|montiert|digitalisiert"
)
_MEASURE_STRONG = re.compile(
    r"^Ma(ß|ss)nahmen?\b|\bMa(ß|ss)nahme\s*(M\s?)?[-\d]|\bMa(ß|ss)nahmen?\s*:|"
    r"\bals Ma(ß|ss)nahme\b|\bMa(ß|ss)nahmenpaket|\bgeplant(e[nmrs]?)?\b|\bplan(t|en)\b|"
    rf"\b(wird|werden|wurde|soll|sollen)\b[^.]*\b({_ACTION_PARTICIPLE})\b",
    re.I,
)
_MEASURE_CODE = re.compile(r"\b(M|HF\d{1,2}-M)\s?-?\d{1,3}(\.\d{1,2})?\b")
# A measure written as a noun phrase, the usual shape of list items and project sheets
# ("Einführung eines digitalen Bauantrags", "Aufbau einer Gemeinde-App").
_MEASURE_NOUN = re.compile(
    r"^(\W\s*)?(Einführung|Aufbau|Ausbau|Einrichtung|Errichtung|Schaffung|Entwicklung|Erstellung|"
    r"Erarbeitung|Beschaffung|Anschaffung|Durchführung|Installation|Ausweitung|Erweiterung|"
    r"Modernisierung|Umrüstung|Bereitstellung|Gründung|Initiierung|Etablierung|Ausstattung|"
    r"Fortführung|Verstetigung|Qualifizierung|Schulung(en)?|Digitalisierung|Vernetzung|"
    r"Anbindung|Anschluss|Ausschreibung|Umstellung|Start|Pilotprojekt|Erprobung|Förderung|"
    r"Unterstützung|Ausweisung|Sanierung|Neugestaltung|Aufstellung|Ausrollen|Anlage)\b",
    re.I,
)
# A municipality or "we" doing something now or next ("Die Gemeinde richtet … ein").
_MEASURE_ACTOR = re.compile(
    r"^(Die|Der|Das)\s+(Gemeinde|Stadt|Markt|Landkreis|Kreis|Verwaltung|Landratsamt|"
    r"Verwaltungsgemeinschaft|VG|Kommune|Region|LAG|ILE|Allianz|Wirtschaftsförderung|"
    r"Kreisverwaltung|Stadtverwaltung|Gemeindeverwaltung|Kommunalunternehmen|Stadtwerke)\b[^.]*"
    r"\b(richtet|führt|baut|schafft|stellt|startet|beschafft|errichtet|entwickelt|erstellt|"
    r"erarbeitet|beantragt|organisiert|bietet|installiert|rüstet|gründet|schreibt|"
    r"digitalisiert|prüft|fördert|unterstützt|lädt|initiiert|beteiligt|übernimmt)\b"
    r"|^Wir\s+(werden|richten|führen|bauen|schaffen|starten|entwickeln|bieten|rüsten|"
    r"unterstützen|fördern)\b",
    re.I,
)
# Descriptions of the situation: a deficit or the state of today is a finding, not a measure
# ("Die Umsetzung des OZG ist lückenhaft."), unless the sentence also plans or aims.
_FINDING = re.compile(
    r"\b(lückenhaft|unzureichend|mangel\w*|fehl(t|en|ende[nmrs]?)|defizit\w*|schwach|"
    r"bislang|bisher|derzeit|aktuell|gegenwärtig|noch nicht|noch kein\w*|gibt es (kein|kaum)\w*|"
    r"nicht ausreichend|hinkt|liegt unter|Rückstand)\b",
    re.I,
)

# Headings of lists inside a passage: what their items are.
_LIST_HEADING = [
    (
        "measure",
        re.compile(
            r"^(\W\s*)?((geplante|konkrete|erste|weitere|empfohlene|mögliche)\s+)?"
            r"(Ma(ß|ss)nahmen?|Projekte?|Schlüsselprojekte?|Leitprojekte?|Umsetzungsschritte|"
            r"Handlungsempfehlungen|Arbeitsschritte|Nächste Schritte|Vorgehen|Wir werden|"
            r"Aktivitäten|Bausteine)\b[^:\n]{0,60}:",
            re.I,
        ),
    ),
    (
        "goal",
        re.compile(
            r"^(\W\s*)?((strategische|operative|übergeordnete)\s+)?(Ziele?|Zielsetzungen?|Leitziele?|"
            r"Handlungsziele?|Entwicklungsziele?|Teilziele?|Zielbild|Wir wollen|"
            r"Was wir erreichen wollen|Angestrebte Wirkung|Wirkungsziele?)\b[^:\n]{0,60}:",
            re.I,
        ),
    ),
    (
        None,
        re.compile(
            r"^(\W\s*)?(Stärken|Schwächen|Chancen|Risiken|Ausgangslage|Ausgangssituation|"
            r"Herausforderungen|Bestand|Bestandsaufnahme|Handlungsbedarfe?|Ergebnisse|"
            r"Anregungen|Hinweise|Träger|Kosten|Zeitraum|Laufzeit|Partner|Finanzierung|"
            r"Förderung|Zuständigkeit|Status|Indikatoren?|Kennzahlen?)\b[^:\n]{0,40}:",
            re.I,
        ),
    ),
]
_ITEM = re.compile(r"^\s*([-–•*▪·]|\d{1,2}[.)]|[a-z][.)])\s+")


def _heading_kind(sentence: str) -> tuple[bool, str | None, str]:
    """Whether ``sentence`` opens a list (or a labelled line), the kind of its items, its rest."""
    for kind, pattern in _LIST_HEADING:
        match = pattern.match(sentence)
        if match:
            return True, kind, sentence[match.end() :].strip()
    return False, None, sentence


def statement_kind(sentence: str, *, context: str | None = None) -> str | None:
    """ "goal", "measure" or None for one sentence (a few rules, German).

    ``context`` is the kind of the list the sentence is an item of ("Maßnahmen:" → "measure"),
    which decides for items that state something at all.
    """
    if len(sentence) > 700:
        return None
    if context and len(sentence.split()) >= 3:
        return context  # list items are short: "- Rufbus für alle Ortsteile"
    if len(sentence) < 30 or len(sentence.split()) < 5:
        return None
    if _GOAL_STRONG.search(sentence):
        return "goal"
    if _MEASURE_CODE.search(sentence) or _MEASURE_STRONG.search(sentence):
        return "measure"
    if _MEASURE_NOUN.search(sentence) or _MEASURE_ACTOR.search(sentence):
        return "measure"
    if _GOAL_WEAK.search(sentence):
        return "goal"
    return None


def _is_finding(sentence: str) -> bool:
    """A description of today or of a deficit that neither aims nor plans anything."""
    return bool(
        _FINDING.search(sentence)
        and not _GOAL_STRONG.search(sentence)
        and not _MEASURE_STRONG.search(sentence)
        and not _MEASURE_CODE.search(sentence)
    )


def _kinds(text: str) -> list[tuple[int, str, str]]:
    """(offset, sentence, kind) of the statements of one passage, lists read with their heading."""
    found = []
    context: str | None = None
    for offset, sentence in split_sentences(text):
        is_heading, kind, rest = _heading_kind(sentence)
        item = bool(_ITEM.match(sentence))
        if is_heading:
            context = kind
            if rest and kind:  # "Ziel: Bis 2028 …" – the line itself is the statement
                found.append((offset, sentence, kind))
            continue
        if not item:
            context = None
        if context is None and _is_finding(sentence):
            continue
        statement = statement_kind(_ITEM.sub("", sentence) if item else sentence, context=context)
        if statement:
            found.append((offset, sentence, statement))
    return found


def extract_statements(passages: Iterable[Passage]) -> list[Statement]:
    """Goals and planned measures: every sentence the rules recognise, with page and passage."""
    statements = []
    seen = set()
    for passage in passages:
        for offset, sentence, kind in _kinds(passage.text):
            key = " ".join(sentence.lower().split())
            if key not in seen:
                seen.add(key)
                statements.append(Statement(kind, sentence, passage.page_at(offset), passage.index))
    return statements
