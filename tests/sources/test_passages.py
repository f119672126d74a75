"""Dehyphenation, headings, passages, goals and measures, extractive summaries."""

import math

import pytest

from regioagenda.sources.extract import Block, Extraction, Line, PageText
from regioagenda.sources.passages import (
    MAX_CHARS,
    Paragraph,
    Passage,
    dehyphenate,
    document_passages,
    extract_statements,
    looks_like_heading,
    numbered_heading,
    paragraphs,
    predicted_fields,
    split_passages,
    split_sentences,
    statement_kind,
    summarise,
)

# Dehyphenation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("Digitali-\nsierung", "Digitalisierung"),
        ("Digitali\u2010\nsierung", "Digitalisierung"),  # WeasyPrint's hyphen
        ("Digitali\u00ad\nsierung", "Digitalisierung"),  # soft hyphen
        ("Digitali\ufffesierung", "Digitalisierung"),  # PDFium joined the lines itself
        ("E-\nGovernment", "E-Government"),
        ("E\ufffeGovernment", "E-Government"),
        ("Bürger-\nund Unternehmensservices", "Bürger- und Unternehmensservices"),
        ("Bürger\u2010\noder Vereinsarbeit", "Bürger- oder Vereinsarbeit"),
        ("Bürger\ufffeund Unternehmen", "Bürger- und Unternehmen"),
        ("Zeitraum 2025-\n2030", "Zeitraum 2025-2030"),
        ("Ausbau -\nund zwar schnell", "Ausbau - und zwar schnell"),
        ("Ein Satz\nüber zwei Zeilen", "Ein Satz über zwei Zeilen"),
        ("Be\u00adreits  getrennt", "Bereits getrennt"),
        ("Glasfaser-Ausbau und E-Government", "Glasfaser-Ausbau und E-Government"),
    ],
)
def test_dehyphenate(text, joined):
    assert dehyphenate(text) == joined


# Headings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("2 Handlungsfelder", 1),
        ("2.3 Mobilität", 2),
        ("2.3.1 Rufbus und Mitfahrbank", 3),
        ("4. Maßnahmen", 1),
        ("Kapitel 3 Bildung", 1),
        ("IV. Umsetzung", 1),
        ("A. Ausgangslage", 1),
        ("A Bürgerportal", 0),
        ("3 Gemeinden haben bereits ein Portal.", 0),
        ("2030 Ziele", 0),
        ("1 000 Einwohner", 0),
        ("2.3 Mobilität im ländlichen Raum ist ein wichtiges Thema für die Menschen im Landkreis"
         " und wird deshalb ausführlich behandelt", 0),
    ],
)  # fmt: skip
def test_numbered_heading(text, depth):
    assert numbered_heading(text) == depth


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Digitale Bildung in Schulen", True),
        ("Ausgangslage", True),
        ("Ziele und Maßnahmen", True),
        ("Der Landkreis baut das Glasfasernetz aus.", False),
        ("Weitere Informationen unter www.example.de", False),
        ("• Ausbau der Glasfaser", False),
        ("und wird von den Gemeinden getragen", False),
        ("Rufbusse und Mitfahrgelegenheiten ergänzen den öffentlichen Nahverkehr im Raum", False),
    ],
)
def test_looks_like_heading(text, heading):
    assert looks_like_heading(text) is heading


# Sentences --------------------------------------------------------------------------------------


def test_split_sentences_keeps_abbreviations_and_ordinals_together():
    text = (
        "Der Landkreis plant z. B. einen Rufbus, d. h. Fahrten nach Bedarf. Am 1. Januar 2026 "
        "beginnt der Betrieb bzw. die Testphase. Ziel ist es, bis 2030 alle Orte anzubinden. "
        "Ist das realistisch? Ja!\nEine neue Zeile."
    )
    sentences = [sentence for _offset, sentence in split_sentences(text)]
    assert sentences == [
        "Der Landkreis plant z. B. einen Rufbus, d. h. Fahrten nach Bedarf.",
        "Am 1. Januar 2026 beginnt der Betrieb bzw. die Testphase.",
        "Ziel ist es, bis 2030 alle Orte anzubinden.",
        "Ist das realistisch?",
        "Ja!",
        "Eine neue Zeile.",
    ]
    for offset, sentence in split_sentences(text):
        assert text[offset : offset + len(sentence)] == sentence


# Passages ---------------------------------------------------------------------------------------


def sentence(number):
    return f"Satz {number} beschreibt eine Maßnahme der Digitalisierung im Landkreis Musterland."


def test_passages_carry_the_heading_path():
    items = [
        Paragraph("1 Einleitung", 1, 1, 1),
        Paragraph("Ein Absatz der Einleitung mit genug Text. " * 8, 1, 1),
        Paragraph("2 Handlungsfelder", 1, 1, 1),
        Paragraph("2.1 Breitband", 2, 2, 2),
        Paragraph("Ein Absatz über Breitband und Glasfaser. " * 8, 2, 2),
        Paragraph("2.2 Mobilität", 2, 2, 2),
        Paragraph("Ein Absatz über Rufbusse. " * 12, 3, 3),
        Paragraph("3 Umsetzung", 3, 3, 1),
        Paragraph("Ein Absatz über die Umsetzung. " * 10, 3, 3),
    ]
    passages = split_passages(items, title="Konzept")
    assert [(p.headings, p.page_start) for p in passages] == [
        (["1 Einleitung"], 1),
        (["2 Handlungsfelder", "2.1 Breitband"], 2),
        (["2 Handlungsfelder", "2.2 Mobilität"], 3),
        (["3 Umsetzung"], 3),
    ]
    assert [p.index for p in passages] == [0, 1, 2, 3]
    assert all(p.title == "Konzept" for p in passages)


def test_heading_levels_may_skip():
    items = [
        Paragraph("Teil A", 1, 1, 2),
        Paragraph("Abschnitt", 1, 1, 4),
        Paragraph("Text eins. " * 30, 1, 1),
        Paragraph("Teil B", 1, 1, 2),
        Paragraph("Text zwei. " * 30, 1, 1),
    ]
    assert [p.headings for p in split_passages(items)] == [["Teil A", "Abschnitt"], ["Teil B"]]


def test_tiny_paragraphs_are_merged_within_a_section_only():
    items = [
        Paragraph("Kurz eins.", 1, 1),
        Paragraph("Kurz zwei.", 1, 1),
        Paragraph("Kurz drei.", 2, 2),
        Paragraph("Neuer Abschnitt", 2, 2, 1),
        Paragraph("Kurz vier.", 2, 2),
    ]
    passages = split_passages(items)
    assert [(p.text, p.page_start, p.page_end) for p in passages] == [
        ("Kurz eins.\nKurz zwei.\nKurz drei.", 1, 2),
        ("Kurz vier.", 2, 2),
    ]
    assert passages[0].page_at(0) == 1
    assert passages[0].page_at(passages[0].text.index("drei")) == 2


def test_long_paragraphs_are_split_at_sentence_boundaries():
    text = " ".join(sentence(number) for number in range(1, 61))  # about 4,800 characters
    passages = split_passages([Paragraph(text, 4, 4)])
    assert len(passages) == math.ceil(len(text) / MAX_CHARS) == 4
    assert all(len(p.text) <= MAX_CHARS for p in passages)
    assert all(p.text.startswith("Satz ") and p.text.endswith("Musterland.") for p in passages)
    assert " ".join(p.text for p in passages) == text
    sizes = [len(p.text) for p in passages]
    assert max(sizes) - min(sizes) < 200  # nearly equal parts


def test_a_sentence_longer_than_the_limit_is_cut_at_spaces():
    text = "Wort " * 600
    passages = split_passages([Paragraph(text.strip(), 1, 1)])
    assert all(len(p.text) <= MAX_CHARS * 1.5 for p in passages)
    assert " ".join(p.text for p in passages) == text.strip()


def test_page_of_each_part_of_a_long_paragraph_across_pages():
    first = " ".join(sentence(number) for number in range(1, 16))
    second = " ".join(sentence(number) for number in range(16, 31))
    paragraph = Paragraph(first + " " + second, 5, 6, 0, [(0, 5), (len(first) + 1, 6)])
    passages = split_passages([paragraph])
    assert passages[0].page_start == 5
    assert passages[-1].page_end == 6
    for passage in passages:
        for offset, text in split_sentences(passage.text):
            number = int(text.split()[1])
            assert passage.page_at(offset) == (5 if number <= 15 else 6), text


def test_structured_blocks_are_dehyphenated_and_table_of_contents_left_out():
    pages = [
        PageText(
            1,
            "",
            blocks=[
                Block("Inhalt", 1),
                Block("1 Einleitung\t3"),
                Block("2 Ziele\t4"),
                Block("1 Einleitung", 1),
                Block("Die Digitali\u00adsierung be-\ntrifft alle."),
            ],
        )
    ]
    found = paragraphs(Extraction(pages, "docx"))
    assert [(p.level, p.text) for p in found] == [
        (1, "1 Einleitung"),
        (0, "Die Digitalisierung betrifft alle."),
    ]


def pdf_page(number, body):
    """A PDF page as Line objects: a running header, body lines, a page number footer."""
    lines = [Line("Digitalstrategie Musterland", 300, 500, 800, 8)]
    y = 760
    for text, size, bold in body:
        lines.append(Line(text, 70, 70 + 6 * len(text), y, size, bold))
        y -= 14 if size <= 10 else 24
    lines.append(Line(f"Seite {number} von 3", 260, 330, 30, 8))
    return PageText(number, "\n".join(line.text for line in lines), lines=lines)


def test_pdf_layout_headings_by_size_running_lines_and_paragraph_gaps():
    pages = [
        pdf_page(
            1,
            [
                ("Ausgangslage", 14, True),
                ("Der Landkreis hat in den letzten Jahren viel er\u2010", 10, False),
                ("reicht und den Ausbau vorangetrieben.", 10, False),
            ],
        ),
        pdf_page(
            2,
            [
                ("Zweiter Absatz mit einer ersten Zeile und", 10, False),
                ("einer zweiten Zeile.", 10, False),
                ("Ziele und Maßnahmen", 12, True),
                ("Bis 2030 soll jede Gemeinde angeschlossen sein.", 10, False),
            ],
        ),
        pdf_page(3, [("Ein dritter Absatz auf der letzten Seite.", 10, False)]),
    ]
    found = paragraphs(Extraction(pages, "pdf"))
    assert [(p.level, p.text, p.page_start) for p in found] == [
        (1, "Ausgangslage", 1),
        (
            0,
            "Der Landkreis hat in den letzten Jahren viel erreicht und den Ausbau vorangetrieben.",
            1,
        ),
        (0, "Zweiter Absatz mit einer ersten Zeile und einer zweiten Zeile.", 2),
        (2, "Ziele und Maßnahmen", 2),
        (0, "Bis 2030 soll jede Gemeinde angeschlossen sein.", 2),
        (0, "Ein dritter Absatz auf der letzten Seite.", 3),
    ]


def test_pdf_paragraph_cut_by_a_page_break_is_joined():
    pages = [
        pdf_page(1, [("Die Gemeinden bauen gemeinsam ein digitales Bürger\u2010", 10, False)]),
        pdf_page(2, [("portal auf, das alle Leistungen bündelt.", 10, False)]),
        pdf_page(3, [("Ein weiterer Absatz steht hier.", 10, False)]),
    ]
    found = paragraphs(Extraction(pages, "pdf"))
    assert (
        found[0].text
        == "Die Gemeinden bauen gemeinsam ein digitales Bürgerportal auf, das alle Leistungen bündelt."
    )
    assert (found[0].page_start, found[0].page_end) == (1, 2)
    passage = split_passages(found)[0]
    assert passage.page_at(passage.text.index("portal auf")) == 2
    assert passage.page_at(passage.text.index("Gemeinden")) == 1


def test_document_passages_use_the_extraction_title():
    extraction = Extraction([PageText(1, "Ein kurzer Text über Glasfaser.")], "text", "Plan")
    assert document_passages(extraction)[0].title == "Plan"
    assert document_passages(extraction, title="Anderer Titel")[0].title == "Anderer Titel"


# Goals and measures -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ziel ist es, bis 2030 alle Haushalte an das Glasfasernetz anzuschließen.", "goal"),
        ("Bis 2030 sollen alle Schulen über gigabitfähige Anschlüsse verfügen.", "goal"),
        ("Die Glasfaserinfrastruktur soll flächendeckend ausgebaut werden.", "goal"),
        ("Wir wollen die Verwaltung für alle Bürgerinnen und Bürger öffnen.", "goal"),
        ("Angestrebt wird eine vollständig digitale Antragstellung im Landratsamt.", "goal"),
        ("Maßnahme M 2.1: Aufbau eines landkreisweiten Mobilitätsportals.", "measure"),
        ("M3 Einrichtung eines Coworking-Space im Bahnhofsgebäude der Kreisstadt.", "measure"),
        ("Geplant ist ein regionales Energieportal für Bürgerinnen und Bürger.", "measure"),
        ("Im Jahr 2026 wird die elektronische Akte im Bauamt eingeführt.", "measure"),
        # How something is done, and the state of today, are no measures.
        ("Die Umsetzung erfolgt gemeinsam mit den kreisangehörigen Gemeinden.", None),
        ("Die Gemeinde richtet im Rathaus einen Bürgerterminal für Online-Anträge ein.", "measure"),
        (
            "Einführung eines digitalen Bauantrags für alle Gemeinden der Verwaltungsgemeinschaft",
            "measure",
        ),
        ("Im Bauhof soll bis Herbst eine Ladesäule für E-Fahrzeuge errichtet werden.", "measure"),
        ("Bis 2030 sollen alle Haushalte einen Glasfaseranschluss haben.", "goal"),
        ("Die Sommer 2018 bis 2023 haben gezeigt, dass Starkregen häufiger wird.", None),
        ("Der Landkreis hat 120.000 Einwohnerinnen und Einwohner in 30 Gemeinden.", None),
        ("Diese Strategie beschreibt die Ziele und Maßnahmen des Landkreises.", None),
        ("Die Zielgruppe sind ältere Menschen in den kleinen Ortsteilen.", None),
        ("Die Strategie verfolgt das Ziel, Wege zum Amt überflüssig zu machen.", "goal"),
        ("Als Maßnahme richtet der Landkreis eine digitale Sprechstunde ein.", "measure"),
        ("Ziel erreicht.", None),  # too short to be a statement
    ],
)
def test_statement_kind(text, kind):
    assert statement_kind(text) == kind


def test_a_finding_is_no_measure():
    passage = Passage(
        0, "Die Umsetzung des OZG ist in vielen Rathäusern bislang lückenhaft.", 1, 1, []
    )
    assert extract_statements([passage]) == []


def test_list_items_take_the_kind_of_their_heading():
    text = (
        "Handlungsfeld Mobilität\n"
        "Ziele:\n"
        "- Jeder Ortsteil ist stündlich erreichbar\n"
        "- Mehr Wege mit dem Rad im Alltag\n"
        "Maßnahmen:\n"
        "- Rufbus für alle Ortsteile\n"
        "- Fahrradabstellanlagen an den Haltestellen\n"
        "Schwächen:\n"
        "- Kein Busverkehr am Wochenende\n"
        "Der Rufbus fährt heute nur werktags."
    )
    kinds = [(s.kind, s.text) for s in extract_statements([Passage(0, text, 1, 1, [])])]
    assert kinds == [
        ("goal", "- Jeder Ortsteil ist stündlich erreichbar"),
        ("goal", "- Mehr Wege mit dem Rad im Alltag"),
        ("measure", "- Rufbus für alle Ortsteile"),
        ("measure", "- Fahrradabstellanlagen an den Haltestellen"),
    ]


def test_a_labelled_line_is_a_statement_of_its_label():
    text = "Projekt: Digitales Rathaus. Ziel: Alle Anträge sind bis 2028 online möglich. Kosten: 40.000 Euro."
    kinds = [(s.kind, s.text) for s in extract_statements([Passage(0, text, 1, 1, [])])]
    # A project is a measure; its costs are neither.
    assert kinds == [
        ("measure", "Projekt: Digitales Rathaus."),
        ("goal", "Ziel: Alle Anträge sind bis 2028 online möglich."),
    ]


def test_extract_statements_with_page_and_passage():
    passages = [
        Passage(
            0,
            "Einleitender Text ohne Aussage. Ziel ist es, bis 2030 alle Orte anzubinden.",
            1,
            1,
            [],
        ),
        Passage(
            1,
            "Der Rufbus fährt heute schon. Maßnahme M 4: Ausbau des Rufbusses in allen Gemeinden.",
            2,
            3,
            [],
            [(0, 2), (30, 3)],
        ),
        Passage(2, "Ziel ist es, bis 2030 alle Orte anzubinden.", 4, 4, []),  # a repetition
    ]
    statements = extract_statements(passages)
    assert [(s.kind, s.text, s.page, s.passage) for s in statements] == [
        ("goal", "Ziel ist es, bis 2030 alle Orte anzubinden.", 1, 0),
        ("measure", "Maßnahme M 4: Ausbau des Rufbusses in allen Gemeinden.", 3, 1),
    ]


# Summaries -------------------------------------------------------------------------------------

MOBILITY = [
    "Rufbusse ergänzen den öffentlichen Personennahverkehr in den ländlichen Ortsteilen.",
    "Der Rufbus wird über eine App gebucht und fährt ohne festen Fahrplan.",
    "Eine Mitfahrplattform verbindet die Ortsteile mit dem Bahnhof der Kreisstadt.",
    "Der öffentliche Personennahverkehr wird durch Rufbusse und Mitfahrbänke gestärkt.",
]


def test_summarise_picks_central_sentences_of_the_best_passages_with_citations():
    passages = [
        Passage(0, " ".join(MOBILITY[:2]), 3, 3, ["Mobilität"], title="Mobilitätskonzept"),
        Passage(1, "Der Glasfaserausbau erreicht bis 2030 alle Haushalte im Landkreis.", 4, 4, []),
        Passage(2, " ".join(MOBILITY[2:]), 7, 8, [], [(0, 7), (len(MOBILITY[2]) + 1, 8)]),
        Passage(3, "Der Rufbus fährt auch am Wochenende bis in die späten Abendstunden.", 9, 9, []),
    ]
    scores = [
        {"mobility": 0.9, "it_infrastructure": 0.1},
        {"it_infrastructure": 0.95, "mobility": 0.05},
        [("mobility", 0.6), ("egovernment", 0.4)],
        {"egovernment": 0.8, "mobility": 0.2},  # mobility too weak for this passage
    ]
    summary = summarise(passages, scores, "mobility", max_sentences=3, title="Konzept")
    assert len(summary) == 3
    assert {item.passage for item in summary} <= {0, 2}
    assert [item.passage for item in summary] == sorted(item.passage for item in summary)
    for item in summary:
        assert item.sentence in MOBILITY
        assert item.title == "Konzept"
        assert item.page == (3 if item.passage == 0 else 7 if item.sentence == MOBILITY[2] else 8)
    # Without a title the passage's own title is cited.
    assert summarise(passages, scores, "mobility")[0].title == "Mobilitätskonzept"
    # An absolute threshold instead of the predicted set.
    with_threshold = summarise(passages, scores, "mobility", min_score=0.15)
    assert 3 in {item.passage for item in with_threshold}
    assert summarise(passages, scores, "housing") == []


def test_summarise_drops_near_duplicates():
    repeated = "Der Rufbus wird über eine App gebucht und fährt ohne festen Fahrplan im Landkreis."
    passages = [
        Passage(0, repeated, 1, 1, []),
        Passage(1, repeated.replace("im Landkreis", "in der Region"), 2, 2, []),
        Passage(2, MOBILITY[0], 3, 3, []),
    ]
    scores = [{"mobility": 1.0}] * 3
    summary = summarise(passages, scores, "mobility")
    assert len(summary) == 2
    assert summary[-1].sentence == MOBILITY[0]


def test_summarise_leaves_out_boilerplate_that_stands_in_every_chapter():
    boilerplate = "Die Fortschritte werden jedes Jahr im Kreistag berichtet und diskutiert."
    topics = {
        "mobility": MOBILITY[:2],
        "energy": [
            "Ein kommunales Energiemanagement erfasst die Verbräuche aller Liegenschaften.",
            "Photovoltaikanlagen entstehen auf allen geeigneten Dächern der Schulen.",
        ],
        "health": [
            "Hausärzte bieten Videosprechstunden für Patientinnen auf dem Land an.",
            "Telemedizin verbindet die Kreisklinik mit spezialisierten Zentren.",
        ],
    }
    passages, scores = [], []
    for key, sentences in topics.items():
        for sentence in sentences:
            passages.append(Passage(len(passages), f"{sentence} {boilerplate}", 1, 1, []))
            scores.append({key: 1.0})
    summary = summarise(passages, scores, "mobility")
    assert [item.sentence for item in summary] == MOBILITY[:2]


def test_summarise_respects_a_given_predicted_set():
    passages = [Passage(0, MOBILITY[0], 1, 1, []), Passage(1, MOBILITY[1], 2, 2, [])]
    scores = [{"mobility": 0.9}, {"mobility": 0.9}]
    summary = summarise(passages, scores, "mobility", predicted=[["mobility"], ["energy"]])
    assert [item.passage for item in summary] == [0]


@pytest.mark.parametrize(
    ("scores", "fields"),
    [
        ([("a", 0.6), ("b", 0.3), ("c", 0.1)], ["a", "b"]),
        ([("a", 0.7), ("b", 0.2)], ["a"]),
        ({"b": 0.2, "a": 0.5}, ["a"]),
        ([("a", 0.0)], []),
        ([], []),
    ],
)
def test_predicted_fields(scores, fields):
    assert predicted_fields(scores) == fields


def test_plain_text_heading_directly_above_its_text_but_not_a_wrapped_number():
    text = (
        "2.3 Mobilität\n"
        "Der Rufbus fährt nach Bedarf und wird über eine App gebucht, auch am Abend.\n"
        "\n"
        "3 Gemeinden bieten bereits einen digitalen Bürgerservice über das\n"
        "Portal an, weitere folgen im nächsten Jahr nach dem Ende der Testphase.\n"
    )
    found = paragraphs(Extraction([PageText(1, text)], "text"))
    assert [(p.level, p.text) for p in found] == [
        (2, "2.3 Mobilität"),
        (0, "Der Rufbus fährt nach Bedarf und wird über eine App gebucht, auch am Abend."),
        (
            0,
            "3 Gemeinden bieten bereits einen digitalen Bürgerservice über das Portal an, "
            "weitere folgen im nächsten Jahr nach dem Ende der Testphase.",
        ),
    ]
