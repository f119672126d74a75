"""Benchmark of the document analysis: a 100-page German PDF, budget 5 s on one core.

Run with `.venv/bin/python bench/analyze_pdf.py` (or `make bench`). It generates a 100-page
municipal-strategy-style PDF with WeasyPrint (numbered headings, running header and footer, a
table of contents, lists, German hyphenation) into a temporary folder, then times, each as the
median of several runs:

* extraction (pypdfium2 text with line layout) in pages per second,
* passage building (dehyphenation, headings, passages, goals and measures),
* classification of all passages in pages per second, when regioagenda.sources.classifier is
  importable,
* the per-field summaries,

and compares the total with the 5 s budget. `--pdf FILE` analyses an existing PDF instead,
`--keep DIR` keeps the generated one. Pin it to one core with `taskset -c 0` for the figure the
issue asks for.
"""

import argparse
import atexit
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="regioagenda-bench-")
    atexit.register(shutil.rmtree, os.environ["VAR_DIR"], ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regioagenda.settings")
os.environ.setdefault("GENERATE_SECRET_KEY", "true")  # a throwaway key, as `make bench` sets
os.environ.update(SECURE_SSL_REDIRECT="false", TASK_BACKEND="immediate", MANIFEST_STATIC="false")
os.environ.setdefault("STATIC_ROOT", os.environ.get("VAR_DIR", tempfile.gettempdir()))

import django  # noqa: E402

django.setup()

from regioagenda.sources import passages as passages_module  # noqa: E402
from regioagenda.sources.extract import extract  # noqa: E402

BUDGET_SECONDS = 5.0
PAGES = 100

# (chapter title, sentences) per field of action; paragraphs are drawn from these.
TOPICS = [
    (
        "Arbeiten und Wirtschaft",
        [
            "Im Landkreis entstehen zwei Coworking-Spaces in leerstehenden Ladenflächen der Ortskerne.",
            "Mobiles Arbeiten hält Fachkräfte in der Region und verkürzt die Pendelwege nach München.",
            "Die Wirtschaftsförderung berät kleine und mittlere Unternehmen zur Digitalisierung ihrer Geschäftsprozesse.",
            "Ziel ist es, bis 2028 in jeder Gemeinde einen gut erreichbaren Arbeitsplatz mit Glasfaseranschluss anzubieten.",
            "Gemeinsam mit der Industrie- und Handelskammer werden Qualifizierungsangebote für Beschäftigte entwickelt.",
        ],
    ),
    (
        "Bauen und Planen",
        [
            "Der digitale Bauantrag wird über das Portal des Freistaats eingereicht und medienbruchfrei bearbeitet.",
            "Bebauungspläne stehen im Standard XPlanung zur Verfügung und werden im Geoportal veröffentlicht.",
            "Die Bearbeitungsdauer der Baugenehmigungen soll durch digitale Beteiligung der Fachstellen deutlich sinken.",
            "Ein dreidimensionales Stadtmodell unterstützt die Planung von Nachverdichtung und Freiflächen.",
            "Maßnahme M 2.1: Einführung der elektronischen Bauakte im Landratsamt bis Ende 2026.",
        ],
    ),
    (
        "Bildung",
        [
            "Alle Schulen des Sachaufwandsträgers sind an das Glasfasernetz angeschlossen und verfügen über flächendeckendes WLAN.",
            "Die Ausstattung mit Tablets folgt dem Medienkonzept der jeweiligen Schule und wird zentral administriert.",
            "Die Volkshochschule bietet Kurse zur digitalen Grundbildung für alle Altersgruppen an.",
            "Die Gemeindebüchereien verleihen E-Books und Hörbücher über einen gemeinsamen Onleihe-Verbund.",
            "Wir wollen die Medienkompetenz von Lehrkräften durch regelmäßige Fortbildungen stärken.",
        ],
    ),
    (
        "Soziale Dienste und Teilhabe",
        [
            "Eine digitale Ehrenamtsbörse bringt Vereine und Freiwillige zusammen.",
            "Seniorinnen und Senioren lernen in offenen Sprechstunden den Umgang mit Smartphone und Tablet.",
            "Bürgerbeteiligung findet zusätzlich über eine Online-Plattform statt, auf der Vorhaben kommentiert werden können.",
            "Die Gemeinde-App informiert über Veranstaltungen, Abfalltermine und Angebote der Nachbarschaftshilfe.",
            "Ratsinformationen und Sitzungsunterlagen sind öffentlich und barrierefrei im Internet abrufbar.",
        ],
    ),
    (
        "Verwaltung und E-Government",
        [
            "Die wichtigsten Verwaltungsleistungen sind nach dem Onlinezugangsgesetz über das BayernPortal erreichbar.",
            "Mit der BayernID können sich Bürgerinnen und Bürger sicher ausweisen und Anträge digital unterschreiben.",
            "Die elektronische Akte wird schrittweise in allen Fachbereichen des Landratsamts eingeführt.",
            "Termine im Bürgerbüro lassen sich online buchen, Gebühren werden elektronisch bezahlt.",
            "Bis 2027 sollen alle häufig nachgefragten Leistungen vollständig digital abgewickelt werden.",
        ],
    ),
    (
        "Energie und Klimaschutz",
        [
            "Ein kommunales Energiemanagement erfasst die Verbräuche aller Liegenschaften in Echtzeit.",
            "Die Photovoltaikleistung auf öffentlichen Dächern hat sich in den letzten fünf Jahren verdreifacht.",
            "Intelligente Straßenbeleuchtung senkt den Stromverbrauch und wird nachts bedarfsgerecht gedimmt.",
            "Die Treibhausgasbilanz des Landkreises wird jährlich fortgeschrieben und veröffentlicht.",
            "Geplant ist ein regionales Energieportal, das Bürgerinnen und Bürger zu Sanierung und Solarenergie berät.",
        ],
    ),
    (
        "Gesundheit und Pflege",
        [
            "Hausärztinnen und Hausärzte bieten Videosprechstunden an, um lange Anfahrtswege zu vermeiden.",
            "Telemedizinische Konsile verbinden die Kreisklinik mit spezialisierten Zentren der Universitätsmedizin.",
            "Pflegedienste dokumentieren ihre Einsätze digital und stimmen sich über eine gemeinsame Plattform ab.",
            "Die Gesundheitsregion plus koordiniert Angebote der Prävention und der ärztlichen Versorgung.",
            "Ziel ist eine wohnortnahe Versorgung, die durch digitale Angebote ergänzt und nicht ersetzt wird.",
        ],
    ),
    (
        "Handel und Ortskerne",
        [
            "Ein regionaler Online-Marktplatz macht das Sortiment des örtlichen Einzelhandels im Internet sichtbar.",
            "Händlerinnen und Händler erhalten Unterstützung bei Webshop, Kartenzahlung und Social-Media-Auftritt.",
            "Digitale Schaufenster und ein Leerstandsmanagement beleben die Innenstädte.",
            "Die Umsetzung eines Lieferdienstes für Waren des täglichen Bedarfs wird in zwei Gemeinden erprobt.",
            "Regionale Produkte werden über Abholstationen mit Kühlfächern rund um die Uhr angeboten.",
        ],
    ),
    (
        "IT-Infrastruktur und Breitband",
        [
            "Der Glasfaserausbau erreicht bis 2030 alle Haushalte und Gewerbegebiete des Landkreises.",
            "Das bayerische Gigabitförderprogramm schließt die verbleibenden weißen Flecken.",
            "Öffentliches WLAN steht an Rathäusern, Bahnhöfen und touristischen Zielen kostenfrei zur Verfügung.",
            "Der Mobilfunkausbau schließt Funklöcher entlang der Kreisstraßen und in den Tälern.",
            "Die Informationssicherheit der Kommunen wird durch ein gemeinsames Rechenzentrum gestärkt.",
        ],
    ),
    (
        "Kultur",
        [
            "Museen und Archive digitalisieren ihre Bestände und stellen sie in einem gemeinsamen Portal bereit.",
            "Virtuelle Rundgänge öffnen historische Gebäude auch für Menschen mit eingeschränkter Mobilität.",
            "Ein digitaler Veranstaltungskalender bündelt die Angebote der Kulturvereine.",
            "Die Heimatpflege erfasst Bau- und Bodendenkmäler in einem öffentlich zugänglichen Kataster.",
            "Wir wollen die kulturelle Bildung durch digitale Vermittlungsformate für Schulen erweitern.",
        ],
    ),
    (
        "Landwirtschaft",
        [
            "Landwirtschaftliche Betriebe nutzen satellitengestützte Lenksysteme und Precision Farming.",
            "Ein Korrektursignal für die präzise Ortung steht im ganzen Landkreis zur Verfügung.",
            "Direktvermarkter verkaufen ihre Erzeugnisse über regionale Online-Hofläden.",
            "Sensoren im Stall überwachen das Tierwohl und melden Auffälligkeiten frühzeitig.",
            "Die Digitalisierung der Förderanträge entlastet die Betriebe von Bürokratie.",
        ],
    ),
    (
        "Mobilität",
        [
            "Rufbusse und On-Demand-Verkehre ergänzen den öffentlichen Personennahverkehr im ländlichen Raum.",
            "Eine Mitfahrplattform vermittelt Fahrten zwischen den Ortsteilen und zum nächsten Bahnhof.",
            "Echtzeitinformationen zu Abfahrten stehen an allen größeren Haltestellen zur Verfügung.",
            "Die Ladeinfrastruktur für Elektrofahrzeuge wird an Park-and-Ride-Plätzen ausgebaut.",
            "Maßnahme M 12: Einführung eines landkreisweiten Mobilitätsportals mit Buchung und Bezahlung.",
        ],
    ),
    (
        "Sicherheit und Katastrophenschutz",
        [
            "Warnmeldungen erreichen die Bevölkerung über Sirenen, Warn-Apps und Cell Broadcast.",
            "Die Feuerwehren sind mit digitalen Einsatzleitsystemen und Tablets in den Fahrzeugen ausgestattet.",
            "Pegelmessstellen und Starkregenkarten helfen, Hochwasser früh zu erkennen.",
            "Ein Krisenstab übt regelmäßig den Ausfall der Stromversorgung und der Kommunikationsnetze.",
            "Die Notfallvorsorge wird mit den Hilfsorganisationen auf einer gemeinsamen Plattform abgestimmt.",
        ],
    ),
    (
        "Tourismus",
        [
            "Gäste buchen Unterkünfte, Führungen und Eintrittskarten über die digitale Gästekarte.",
            "Wander- und Radwege sind mit aktuellen Informationen in einer Tourismus-App verzeichnet.",
            "Besucherlenkung mit Echtzeitdaten entlastet beliebte Ausflugsziele an Wochenenden.",
            "Die Tourismusverbände pflegen ihre Angebote gemeinsam in einer offenen Datenbank.",
            "Geplant ist eine mehrsprachige Audioführung durch die historischen Altstädte.",
        ],
    ),
    (
        "Umwelt und Natur",
        [
            "Messstationen erfassen Luftqualität, Lärm und Bodenfeuchte und veröffentlichen die Daten offen.",
            "Ein digitales Baumkataster unterstützt die Pflege der Straßenbäume und Grünflächen.",
            "Die Abfallwirtschaft optimiert Sammeltouren mit Füllstandssensoren an Wertstoffinseln.",
            "Die Renaturierung von Mooren wird mit Drohnenaufnahmen dokumentiert.",
            "Ziel ist es, die Biodiversität in der Kulturlandschaft messbar zu erhöhen.",
        ],
    ),
    (
        "Wohnen",
        [
            "Ein Flächen- und Leerstandsmanagement zeigt verfügbare Wohnungen und Bauplätze in den Gemeinden.",
            "Altersgerechte Assistenzsysteme ermöglichen älteren Menschen ein selbstständiges Leben zu Hause.",
            "Die Wohnraumbörse vermittelt Mietwohnungen an Auszubildende und Fachkräfte.",
            "Smarte Gebäudetechnik senkt Heizkosten in kommunalen Wohnanlagen.",
            "Bis 2030 soll in jedem Ortskern ein Mehrgenerationenwohnprojekt entstehen.",
        ],
    ),
]
LINKING = [
    "Die Erfahrungen der Nachbarlandkreise fließen in die Planung ein.",
    "Die Gemeinden stimmen sich dazu in der interkommunalen Steuerungsgruppe ab.",
    "Für die Finanzierung stehen Mittel aus Förderprogrammen des Bundes und des Freistaats bereit.",
    "Die Fortschritte werden jährlich im Kreistag berichtet.",
]
SUBSECTIONS = ["Ausgangslage", "Handlungsbedarf", "Ziele", "Maßnahmen", "Zuständigkeiten"]


def build_html(chapters=3, seed=7):
    """An HTML strategy with `chapters` rounds over the 16 topics (≈ 35 pages per round)."""
    rng = random.Random(seed)
    toc = []
    body = []
    number = 0
    for round_number in range(chapters):
        for title, sentences in TOPICS:
            number += 1
            toc.append(f"<li>{number} {title} <span>{number + 2}</span></li>")
            body.append(f"<h1>{number} {title}</h1>")
            for sub, subtitle in enumerate(SUBSECTIONS, 1):
                body.append(f"<h2>{number}.{sub} {subtitle}</h2>")
                for _paragraph in range(2):
                    chosen = rng.sample(sentences, 3) + rng.sample(LINKING, 1)
                    rng.shuffle(chosen)
                    body.append(f"<p>{' '.join(chosen)}</p>")
                if subtitle == "Maßnahmen":
                    items = rng.sample(sentences, 3)
                    body.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            if round_number == 0 and number % 4 == 0:
                body.append(
                    "<table><tr><th>Maßnahme</th><th>Zeitraum</th></tr>"
                    f"<tr><td>M {number}.1 Konzept</td><td>2025–2026</td></tr>"
                    f"<tr><td>M {number}.2 Umsetzung</td><td>2026–2028</td></tr></table>"
                )
    return f"""<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Digitalstrategie Landkreis Musterland</title><style>
@page {{ size: A4; margin: 2.2cm 2.4cm;
  @top-right {{ content: "Digitalstrategie Landkreis Musterland"; font: 8pt DejaVu Sans }}
  @bottom-center {{ content: "Seite " counter(page) " von " counter(pages); font: 8pt DejaVu Sans }} }}
body {{ font: 10pt/1.45 DejaVu Sans }}
p, li {{ hyphens: auto; text-align: justify }}
h1 {{ font-size: 18pt; break-before: page }} h2 {{ font-size: 13pt }}
.toc {{ break-after: page }}
</style></head><body>
<h1 style="break-before: auto">Digitalstrategie Landkreis Musterland 2030</h1>
<p>Diese Strategie beschreibt die Ziele und Maßnahmen des Landkreises für die digitale
Entwicklung in den sechzehn Handlungsfeldern der Smart-Region-Matrix.</p>
<div class="toc"><h2>Inhalt</h2><ol>{"".join(toc)}</ol></div>
{"".join(body)}
</body></html>"""


def build_pdf(path, pages=PAGES):
    from weasyprint import HTML

    chapters = 1
    while True:
        document = HTML(string=build_html(chapters)).render()
        if len(document.pages) >= pages:
            break
        chapters += 1
    document.copy(document.pages[:pages]).write_pdf(path)
    return path


def median_run(function, repeat):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pdf", help="analyse this PDF instead of generating one")
    parser.add_argument("--keep", help="write the generated PDF into this folder")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    if args.pdf:
        run(Path(args.pdf), args.repeat)
        return
    with tempfile.TemporaryDirectory(prefix="regioagenda-bench-pdf-") as temporary:
        folder = Path(args.keep or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "digitalstrategie-100-seiten.pdf"
        start = time.perf_counter()
        build_pdf(path)
        print(f"Generated {path.name} with WeasyPrint in {time.perf_counter() - start:.1f} s")
        run(path, args.repeat)


def run(path, repeat):
    data = path.read_bytes()

    extract_time, extraction = median_run(lambda: extract(data, path.name), repeat)
    pages = extraction.page_count
    split_time, passages = median_run(
        lambda: passages_module.document_passages(extraction, title="Benchmark"), repeat
    )
    statements_time, statements = median_run(
        lambda: passages_module.extract_statements(passages), repeat
    )
    texts = [passage.text for passage in passages]
    hyphen_left = sum(text.count("\u2010") for text in texts)

    print(
        f"\nDocument: {pages} pages, {len(data) / 1024:.0f} KB, {len(passages)} passages, "
        f"{sum(map(len, texts)):,} characters, {len(statements)} goals/measures, "
        f"{hyphen_left} U+2010 hyphens left"
    )
    print(
        f"  extraction (pypdfium2 + layout)  {extract_time * 1000:8.1f} ms  "
        f"{pages / extract_time:8.0f} pages/s"
    )
    print(
        f"  passages (dehyphenate, headings) {split_time * 1000:8.1f} ms  "
        f"{pages / split_time:8.0f} pages/s"
    )
    print(f"  goals and measures               {statements_time * 1000:8.1f} ms")
    total = extract_time + split_time + statements_time

    start = time.perf_counter()
    classifier = passages_module.default_classifier()
    load_time = time.perf_counter() - start
    if classifier is None:
        print("  classification: regioagenda.sources.classifier is not importable; skipped")
    else:
        classify_time, scores = median_run(lambda: classifier.classify(texts), repeat)
        fields = [
            sorted(((key, float(score)) for key, score in item), key=lambda p: -p[1])
            for item in scores
        ]
        predicted = [passages_module.predicted_for(classifier, item) for item in fields]
        keys = sorted({key for keys in predicted for key in keys})

        def summaries():
            for passage in passages:  # no cached word sets from the previous run
                passage.__dict__.pop("_words", None)
            return [
                passages_module.summarise(passages, fields, key, predicted=predicted)
                for key in keys
            ]

        summary_time, _summaries = median_run(summaries, repeat)
        whole_time, _analysis = median_run(
            lambda: passages_module.analyze(data, path.name, classifier=classifier), repeat
        )
        print(f"  classifier load (once)           {load_time * 1000:8.1f} ms")
        print(
            f"  classification                   {classify_time * 1000:8.1f} ms  "
            f"{pages / classify_time:8.0f} pages/s  ({len(texts) / classify_time:.0f} passages/s)"
        )
        print(f"  summaries ({len(keys):2d} fields)            {summary_time * 1000:8.1f} ms")
        print(
            f"  analyze() in one call            {whole_time * 1000:8.1f} ms  "
            f"{pages / whole_time:8.0f} pages/s  (classifier loaded)"
        )
        total += load_time + classify_time + summary_time
    verdict = "within" if total <= BUDGET_SECONDS else "OVER"
    print(
        f"  total                            {total * 1000:8.1f} ms  "
        f"({verdict} the {BUDGET_SECONDS:.0f} s budget for {pages} pages)"
    )


if __name__ == "__main__":
    main()
