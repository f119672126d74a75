"""Sample documents for the extraction and passage tests, generated at test time.

PDFs come from WeasyPrint (HTML → PDF; German hyphenation in a narrow column, running header
and footer), DOCX from python-docx (Title, Heading 1/2, a page break, a table), ODT is a minimal
zip with content.xml, and TXT, Markdown and HTML are written as text. PDFs are built once per
session because WeasyPrint needs about half a second each.
"""

import io
import zipfile

import pytest

# Long compounds, so that a narrow hyphenated column must break some of them.
HYPHENATED_WORDS = [
    "Digitalisierungsstrategie",
    "Breitbandinfrastruktur",
    "Verwaltungsdigitalisierung",
    "Telekommunikationsunternehmen",
    "Glasfaserinfrastruktur",
    "Mobilitätsangebote",
]
INTRO = (
    "Die Digitalisierungsstrategie des Landkreises beschreibt, wie Breitbandinfrastruktur, "
    "Verwaltungsdigitalisierung und neue Mobilitätsangebote zusammenwirken. Bürger- und "
    "Unternehmensservices werden über das E-Government-Portal angeboten, und die "
    "Telekommunikationsunternehmen bauen die Glasfaserinfrastruktur gemeinsam mit den "
    "Gemeinden aus."
)
SITUATION = (
    "Heute sind erst 45 Prozent der Haushalte an das Glasfasernetz angeschlossen. In den "
    "Gewerbegebieten fehlen gigabitfähige Anschlüsse, z. B. im Ortsteil Oberdorf, und der "
    "Mobilfunkempfang ist entlang der Kreisstraßen lückenhaft."
)
BROADBAND = (
    "Ziel ist es, bis 2030 alle Haushalte und Gewerbegebiete mit Glasfaser zu versorgen. Die "
    "Breitbandinfrastruktur wird mit Mitteln des bayerischen Gigabitförderprogramms ausgebaut."
)
MOBILITY = (
    "Rufbusse und eine Mitfahrplattform ergänzen den öffentlichen Personennahverkehr im "
    "ländlichen Raum. Maßnahme M 2.1: Ein landkreisweites Mobilitätsportal mit Buchung und "
    "Bezahlung wird 2026 eingeführt."
)


def _page_css(width="5.5cm"):
    return f"""
@page {{ size: A5; margin: 1.8cm 1.5cm;
  @top-right {{ content: "Digitalstrategie Musterland"; font: 7pt DejaVu Sans }}
  @bottom-center {{ content: "Seite " counter(page) " von " counter(pages);
                    font: 7pt DejaVu Sans }} }}
body {{ font: 10pt/1.4 DejaVu Sans }}
p {{ hyphens: auto; width: {width}; text-align: justify }}
h1 {{ font-size: 16pt }} h2 {{ font-size: 12.5pt }}
.next {{ break-before: page }}
"""


def html_to_pdf(html, path):
    from weasyprint import HTML

    HTML(string=html).write_pdf(path)
    return path


def sample_pdf_html():
    return f"""<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Digitalstrategie Musterland</title><style>{_page_css()}</style></head><body>
<h1>1 Einleitung</h1>
<p>{INTRO}</p>
<h2>1.1 Ausgangslage</h2>
<p>{SITUATION}</p>
<h1 class="next">2 Handlungsfelder</h1>
<h2>2.1 Breitband und Glasfaser</h2>
<p>{BROADBAND}</p>
<h2 class="next">2.2 Mobilität</h2>
<p>{MOBILITY}</p>
</body></html>"""


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory):
    """Three A5 pages: "1 Einleitung"/"1.1 Ausgangslage" on page 1, "2 Handlungsfelder"/
    "2.1 Breitband und Glasfaser" on page 2, "2.2 Mobilität" on page 3; hyphenated text in a
    5.5 cm column; "Seite X von 3" in the footer and the title in the header."""
    path = tmp_path_factory.mktemp("pdf") / "digitalstrategie.pdf"
    return html_to_pdf(sample_pdf_html(), path)


@pytest.fixture(scope="session")
def spanning_pdf(tmp_path_factory):
    """One long hyphenated paragraph that runs from page 1 onto page 2 (small pages)."""
    body = " ".join([INTRO, SITUATION, BROADBAND, MOBILITY] * 3)
    html = f"""<!doctype html><html lang="de"><head><meta charset="utf-8"><style>
@page {{ size: 10cm 12cm; margin: 1.5cm }} body {{ font: 10pt/1.4 DejaVu Sans }}
p {{ hyphens: auto; text-align: justify }}</style></head><body>
<h1>Bericht</h1><p>{body}</p></body></html>"""
    path = tmp_path_factory.mktemp("pdf") / "bericht.pdf"
    return html_to_pdf(html, path)


@pytest.fixture(scope="session")
def scanned_pdf(tmp_path_factory):
    """Two pages with nothing but a picture each, as a scanner makes them."""
    import base64

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 420), (235, 235, 225)).save(buffer, "PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    image = f'<img src="data:image/png;base64,{data}" style="width: 12cm">'
    html = f"""<!doctype html><html><head><style>@page {{ size: A5; margin: 1cm }}
.next {{ break-before: page }}</style></head><body>
<div>{image}</div><div class="next">{image}</div></body></html>"""
    path = tmp_path_factory.mktemp("pdf") / "scan.pdf"
    return html_to_pdf(html, path)


@pytest.fixture(scope="session")
def blank_pdf(tmp_path_factory):
    """One blank page: no text, no picture."""
    path = tmp_path_factory.mktemp("pdf") / "leer.pdf"
    return html_to_pdf("<!doctype html><html><body></body></html>", path)


@pytest.fixture(scope="session")
def encrypted_pdf(tmp_path_factory, sample_pdf):
    """The sample PDF with a user password (it cannot be opened without it)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(sample_pdf).pages:
        writer.add_page(page)
    writer.encrypt(user_password="geheim", owner_password="noch-geheimer")
    path = tmp_path_factory.mktemp("pdf") / "verschluesselt.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


# DOCX ------------------------------------------------------------------------------------------


def build_docx(path, *, empty=False):
    import docx

    document = docx.Document()
    document.core_properties.title = "" if empty else "Digitalstrategie Musterhausen"
    if not empty:
        document.add_heading("Digitalstrategie Musterhausen", 0)
        document.add_heading("1 Einleitung", 1)
        document.add_paragraph(INTRO)
        document.add_heading("1.1 Ausgangslage", 2)
        document.add_paragraph(SITUATION)
        document.add_page_break()
        document.add_heading("2 Handlungsfelder", 1)
        document.add_heading("2.1 Mobilität", 2)
        document.add_paragraph(MOBILITY)
        document.add_paragraph("Rufbus in allen Gemeinden", style="List Bullet")
        document.add_paragraph("Mitfahrbänke an den Ortsausgängen", style="List Bullet")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "M 2.2 Ladesäulen"
        table.cell(0, 1).text = "2027"
        table.cell(1, 0).text = "M 2.3 Echtzeitanzeigen"
        table.cell(1, 1).text = "2028"
    document.save(path)
    return path


@pytest.fixture
def sample_docx(tmp_path):
    """Title, "1 Einleitung" (H1) and "1.1 Ausgangslage" (H2) on page 1; after a page break
    "2 Handlungsfelder" (H1) and "2.1 Mobilität" (H2) with a bulleted list and a table."""
    return build_docx(tmp_path / "strategie.docx")


# ODT -------------------------------------------------------------------------------------------

ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
  xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">
 <office:body><office:text>
  <text:table-of-content><text:index-body>
   <text:p>1 Klimaschutz<text:tab/>1</text:p>
  </text:index-body></text:table-of-content>
  <text:h text:outline-level="1">1 Klimaschutz</text:h>
  <text:p>Der Landkreis senkt seine Treibhausgasemissionen.<text:s text:c="2"/>Ein kommunales
   Energiemanagement erfasst die Verbräuche aller Liegenschaften.</text:p>
  <text:h text:outline-level="2">1.1 Photovoltaik</text:h>
  <text:list><text:list-item><text:p>Solaranlagen auf allen Schuldächern</text:p>
  </text:list-item></text:list>
  <text:soft-page-break/>
  <text:h text:outline-level="2">1.2 Straßenbeleuchtung</text:h>
  <text:p>Bis 2028 soll die gesamte Straßenbeleuchtung auf LED umgestellt werden.</text:p>
 </office:text></office:body>
</office:document-content>"""
ODT_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>
  <dc:title>Klimaschutzkonzept</dc:title></office:meta></office:document-meta>"""


def build_odt(content=ODT_CONTENT, *, mimetype=ODT_MIMETYPE, extra=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, first
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("meta.xml", ODT_META, zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
        for name, data in extra:
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@pytest.fixture
def sample_odt(tmp_path):
    path = tmp_path / "klimaschutz.odt"
    path.write_bytes(build_odt())
    return path


# Text formats ----------------------------------------------------------------------------------

SAMPLE_TEXT = """Breitbandplan Musterland

1 Ausgangslage

Der Ausbau der Breitbandinfrastruktur ist für die Digitali-
sierung der Region entscheidend. Bürger- und Unternehmens-
kunden profitieren gleichermaßen.

2 Ziele

Bis 2030 sollen alle Haushalte einen Glasfaseranschluss erhalten.
\f3 Maßnahmen

Das Förderverfahren für die weißen Flecken wird 2025 gestartet.
"""

SAMPLE_MARKDOWN = """---
title: Mobilitätskonzept Musterland
---
# Mobilitätskonzept

Einleitung mit **fett** und einem [Link](https://example.org).

## Rufbus

Der Rufbus fährt nach Bedarf. Er wird über eine App gebucht.

- Haltestellen in allen Ortsteilen
- Buchung bis 30 Minuten vorher

```
code wird übersprungen
```

Radverkehr
----------

Ein Radschnellweg verbindet die Kreisstadt mit dem Bahnhof.
"""

SAMPLE_HTML = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Tourismuskonzept</title>
<style>p { color: red }</style><script>var x = "nicht lesen";</script></head>
<body>
<h1>Tourismus</h1>
<p>Gäste buchen Unterkünfte über die digitale Gästekarte.</p>
<h2>Wandern</h2>
<p>Wanderwege sind in einer App<br>mit aktuellen Informationen verzeichnet.</p>
<ul><li>Audioführungen</li><li>Besucherlenkung mit Echtzeitdaten</li></ul>
<table><tr><td>Maßnahme</td><td>Jahr</td></tr></table>
</body></html>"""


@pytest.fixture
def write_file(tmp_path):
    """``write_file(name, data)`` writes text (UTF-8) or bytes into tmp_path; returns the path."""

    def write(name, data):
        path = tmp_path / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path

    return write


# A classifier for tests that do not want the real one -------------------------------------------


class FakeClassifier:
    """Scores by a few words per field; ``classify`` has the API of the real classifier."""

    WORDS = {
        "it_infrastructure": ("glasfaser", "breitband", "gigabit", "mobilfunk"),
        "egovernment": ("verwaltung", "portal", "e-government", "bürgerservice"),
        "mobility": ("rufbus", "mobilität", "mitfahr", "personennahverkehr", "radweg"),
        "energy": ("energie", "photovoltaik", "solar", "treibhausgas", "led"),
    }

    def __init__(self):
        self.calls = 0

    def classify(self, texts):
        self.calls += 1
        result = []
        for text in texts:
            lower = text.lower()
            counts = {key: sum(lower.count(w) for w in words) for key, words in self.WORDS.items()}
            total = sum(counts.values()) or 1
            pairs = [(key, count / total) for key, count in counts.items()]
            result.append(sorted(pairs, key=lambda pair: -pair[1]))
        return result


@pytest.fixture
def fake_classifier():
    return FakeClassifier()
