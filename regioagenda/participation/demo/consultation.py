"""Demo (order 65): the consultation of the draft of Landkreis Beispielland's Digitale Agenda.

Six sections and about twenty-five paragraphs of strategy text in two versions (the second
takes up comments on the first), some thirty comments of example participants on both
versions, official answers by the editorial team and a verdict on most comments. Written through
the services, so keys, diffs and counts are what real use produces; afterwards the dates are
spread over the comment period.

Idempotent: a draft of that title in the demo agenda is left as it is.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from regioagenda.accounts.models import Role, User
from regioagenda.matrix.demo import DEMO_RATERS
from regioagenda.participation.models import Comment, Draft, DraftParagraph, DraftStatus
from regioagenda.participation.services import consultation as services
from regioagenda.regions.demo import demo_email

VERSION_1 = """# Digitale Agenda Landkreis Beispielland – Entwurf

## 1. Warum eine Digitale Agenda?

Die Digitalisierung verändert, wie wir im Landkreis Beispielland arbeiten, lernen, uns versorgen und miteinander reden. Sie bietet gerade einem ländlichen Raum die Chance, Wege zu verkürzen und Angebote dorthin zu bringen, wo Menschen leben.

Mit der Digitalen Agenda legt der Landkreis gemeinsam mit seinen 24 Gemeinden fest, welche Ziele er bis 2030 verfolgt und welche Projekte er dafür in den ersten drei Jahren umsetzt.

Die Agenda ist in einem offenen Prozess entstanden: In sechs Werkstätten, einem Expertenforum und online haben mehr als 400 Menschen Ideen eingebracht und priorisiert.

## 2. Ausgangslage

Der Landkreis hat rund 128.000 Einwohnerinnen und Einwohner. Ein Viertel von ihnen ist älter als 65 Jahre; in einigen Gemeinden sinkt die Zahl der jungen Menschen.

Die Breitbandversorgung ist ungleich verteilt: Während die Kreisstadt fast vollständig mit Glasfaser erschlossen ist, haben in den Außenbereichen erst 38 Prozent der Haushalte einen gigabitfähigen Anschluss.

Die Bewertung mit der Smart-Region-Matrix zeigt Stärken in der Wirtschaft und bei der Bildung, aber deutlichen Nachholbedarf bei Verwaltung, Mobilität und Gesundheit.

Viele Vereine und Initiativen engagieren sich bereits digital, etwa mit Fahrdiensten per App oder Reparaturcafés, arbeiten aber oft unverbunden nebeneinander.

## 3. Leitbild 2030

Im Jahr 2030 ist der Landkreis Beispielland eine Region, in der digitale Angebote den Alltag spürbar erleichtern – für alle Generationen und in allen Orten.

Digitale Lösungen dienen den Menschen: Sie sind einfach zu bedienen, barrierefrei, datensparsam und werden gemeinsam mit den Nutzerinnen und Nutzern entwickelt.

Der Landkreis teilt Daten, Wissen und Software mit anderen Regionen und nutzt, was andere bereits entwickelt haben.

## 4. Handlungsfelder und Ziele

Infrastruktur: Bis 2030 sollen alle Haushalte, Betriebe und Schulen einen gigabitfähigen Anschluss nutzen können; entlang der Kreisstraßen schließt der Landkreis die Mobilfunklücken.

Verwaltung: Alle Leistungen des Landratsamts, die häufig nachgefragt werden, sind bis 2027 vollständig online möglich; in jeder Gemeinde gibt es eine Anlaufstelle, die beim Ausfüllen hilft.

Bildung: Jede Schule hat ein Medienkonzept, fachkundige Betreuung der Technik und Fortbildungen für Lehrkräfte.

Mobilität: Ein Rufbus, der per App und Telefon bestellt wird, ergänzt den Linienverkehr in den Außenorten.

Gesundheit und Pflege: Telemedizinische Sprechstunden und eine digitale Pflegeplattform entlasten Praxen und Angehörige.

Wirtschaft: Kleine und mittlere Betriebe erhalten Beratung zur Digitalisierung; ein Coworking-Netz in drei Gemeinden hält Fachkräfte in der Region.

## 5. Leitprojekte der ersten drei Jahre

Bürgerservice-Portal: Das Landratsamt und die Gemeinden bieten ihre Leistungen über ein gemeinsames Portal an, mit Terminvergabe und Statusanzeige.

Digitale Dorfzentren: In fünf Pilotorten entstehen Treffpunkte mit WLAN, Arbeitsplätzen und Sprechstunden für digitale Fragen.

Rufbus Beispielland: Ein flexibler Bus bedient zunächst den Süden des Landkreises und wird nach einem Jahr ausgewertet.

Schul-IT-Service: Ein gemeinsamer Service von Landkreis und Gemeinden betreut die Technik aller Schulen.

## 6. Umsetzung und Beteiligung

Eine Geschäftsstelle im Landratsamt steuert die Umsetzung; die Lenkungsgruppe trifft sich zweimal im Jahr.

Der Landkreis berichtet jährlich öffentlich über den Fortschritt und bewertet die Region nach drei Jahren erneut mit der Smart-Region-Matrix.

Die Beteiligung endet nicht mit dem Beschluss: Wer mitmachen möchte, kann sich in Projektgruppen einbringen.
"""

# Version 2: what the team took up from the first comments.
VERSION_2 = (
    VERSION_1.replace(
        "haben in den Außenbereichen erst 38 Prozent der Haushalte einen gigabitfähigen Anschluss.",
        "haben in den Außenbereichen erst 38 Prozent der Haushalte und 21 Prozent der Höfe einen "
        "gigabitfähigen Anschluss.",
    )
    .replace(
        "Ein Rufbus, der per App und Telefon bestellt wird, ergänzt den Linienverkehr in den "
        "Außenorten.",
        "Ein Rufbus, der per App, Telefon und in den Rathäusern bestellt wird, ergänzt den "
        "Linienverkehr in den Außenorten; Fahrten sind ohne Smartphone genauso möglich.",
    )
    .replace(
        "Viele Vereine und Initiativen engagieren sich bereits digital, etwa mit Fahrdiensten per "
        "App oder Reparaturcafés, arbeiten aber oft unverbunden nebeneinander.\n\n",
        "",
    )
    .replace(
        "Schul-IT-Service: Ein gemeinsamer Service von Landkreis und Gemeinden betreut die Technik "
        "aller Schulen.",
        "Schul-IT-Service: Ein gemeinsamer Service von Landkreis und Gemeinden betreut die Technik "
        "aller Schulen.\n\nDigitale Ehrenamtsbörse: Vereine und Initiativen finden Helferinnen "
        "und Helfer über eine gemeinsame Plattform und teilen Räume und Geräte.",
    )
)

# (paragraph number "section.paragraph" in version 1 or 2, comment, answer or "", verdict)
COMMENTS_V1 = [
    (
        "2.2",
        "Die 38 Prozent stimmen für die Höfe im Außenbereich nicht, dort ist es noch weniger. Bitte getrennt ausweisen.",
        "Danke, wir weisen die Höfe in der nächsten Fassung getrennt aus.",
        "adopted",
    ),
    (
        "2.2",
        "Gibt es einen Zeitplan, wann unsere Ortsteile angeschlossen werden?",
        "Der Ausbauplan ist beim Breitbandpaten des Landratsamts einsehbar; wir verlinken ihn in der Agenda.",
        "noted",
    ),
    (
        "2.4",
        "Die Vereine brauchen eine gemeinsame Plattform, um sich zu vernetzen.",
        "Wir haben eine Digitale Ehrenamtsbörse als Leitprojekt ergänzt.",
        "adopted",
    ),
    (
        "4.4",
        "Viele Ältere haben kein Smartphone. Der Rufbus muss auch ohne App bestellbar sein.",
        "Richtig – die Bestellung per Telefon und in den Rathäusern ist jetzt ausdrücklich aufgenommen.",
        "adopted",
    ),
    ("4.4", "Bitte auch Fahrräder im Rufbus mitnehmen können.", "", "noted"),
    (
        "4.2",
        "Bis 2027 alle Leistungen online ist sehr ehrgeizig. Ist das realistisch?",
        "Gemeint sind die 40 am häufigsten nachgefragten Leistungen; das ist mit dem Portal des Freistaats machbar.",
        "partly",
    ),
    (
        "3.2",
        "Datensparsam ist gut, aber bitte auch Open Source verwenden, wo es geht.",
        "Das nehmen wir in die Umsetzung auf; ins Leitbild schreiben wir es nicht, um Ausschreibungen nicht zu binden.",
        "partly",
    ),
    (
        "5.2",
        "Warum nur fünf Pilotorte? Wir in Musterhausen wären gern dabei.",
        "Die Orte werden im ersten Jahr ausgeschrieben; Musterhausen kann sich bewerben.",
        "noted",
    ),
    (
        "4.5",
        "Telemedizin hilft nur, wenn die Hausärzte mitmachen. Wurden die gefragt?",
        "Die Kreisärztevereinigung war im Expertenforum vertreten und unterstützt das Vorhaben.",
        "noted",
    ),
    ("1.3", "400 Menschen bei 128.000 Einwohnern ist nicht gerade viel.", "", ""),
    (
        "4.6",
        "Coworking in drei Gemeinden – welche? Das sollte transparent ausgeschrieben werden.",
        "Die Standorte werden öffentlich ausgeschrieben; wir ergänzen das in der Umsetzung.",
        "partly",
    ),
    (
        "6.2",
        "Ein jährlicher Bericht ist gut; bitte mit Zahlen, nicht nur Text.",
        "Der Bericht enthält die Kennzahlen des Monitorings.",
        "adopted",
    ),
]
COMMENTS_V2 = [
    ("4.4", "Super, dass der Rufbus jetzt auch telefonisch geht!", "", "noted"),
    (
        "5.5",
        "Die Ehrenamtsbörse sollte mit der bestehenden Plattform des Kreisjugendrings zusammenarbeiten.",
        "Guter Hinweis, der Kreisjugendring ist in die Projektgruppe eingeladen.",
        "adopted",
    ),
    (
        "4.3",
        "Fortbildungen für Lehrkräfte bitte in der Unterrichtszeit, nicht am Wochenende.",
        "Das liegt beim Schulamt; wir geben den Hinweis weiter.",
        "not_adopted",
    ),
    (
        "4.1",
        "Mobilfunklücken gibt es nicht nur an Kreisstraßen, sondern auch in den Tälern.",
        "Die Mobilfunkförderung des Freistaats deckt die Täler ab; der Landkreis konzentriert sich auf die Straßen.",
        "not_adopted",
    ),
    ("2.1", "Bitte die Altersstruktur nach Gemeinden aufschlüsseln.", "", ""),
    (
        "5.1",
        "Wird das Portal auch in leichter Sprache angeboten?",
        "Ja, die wichtigsten Leistungen werden in leichter Sprache beschrieben.",
        "adopted",
    ),
    ("3.1", "Das Leitbild klingt gut, ist aber sehr allgemein.", "", "noted"),
    (
        "5.3",
        "Nach einem Jahr auswerten ist zu kurz, ein Rufbus braucht Zeit, bis ihn die Leute kennen.",
        "Wir werten nach einem Jahr aus und entscheiden dann über die Verlängerung um zwei Jahre.",
        "partly",
    ),
    (
        "6.3",
        "Wo kann ich mich für eine Projektgruppe melden?",
        "Auf der Beteiligungsseite der Agenda; wir informieren alle, die einer Idee folgen.",
        "noted",
    ),
    ("4.2", "In jeder Gemeinde eine Anlaufstelle – wer bezahlt das?", "", ""),
    (
        "4.5",
        "Die Pflegeplattform muss auch für Angehörige ohne Computer nutzbar sein.",
        "Wir nehmen das in die Ausschreibung auf.",
        "adopted",
    ),
    (
        "5.4",
        "Auch die Berufsschulen einbeziehen!",
        "Die Berufsschulen sind Teil des Schul-IT-Service.",
        "adopted",
    ),
    ("1.1", "Schön geschrieben. Mir fehlt die Landwirtschaft.", "", ""),
    (
        "2.3",
        "Die Matrix-Bewertung bitte als Anhang beifügen.",
        "Die Bewertung ist auf der Agenda-Seite öffentlich; wir verlinken sie.",
        "adopted",
    ),
    ("4.6", "Beratung für Handwerksbetriebe bitte mit der Handwerkskammer gemeinsam.", "", "noted"),
    ("6.1", "Zweimal im Jahr ist für die Lenkungsgruppe zu selten.", "", ""),
]
TEAM_PARAGRAPH_ANSWERS = [
    (
        "2.2",
        "Die Zahlen stammen aus dem Breitbandatlas (Stand März). Wir aktualisieren sie vor dem Beschluss.",
    ),
    (
        "4.4",
        "Der Rufbus startet im Süden des Landkreises; die Ausweitung hängt von der Auswertung ab.",
    ),
]


def _by_number(draft, version):
    out = {}
    for paragraph in DraftParagraph.objects.filter(
        draft=draft, section__version__number=version
    ).select_related("section"):
        out[f"{paragraph.section.position}.{paragraph.position}"] = paragraph
    return out


def _write(draft, version, comments, people, editor, offset):
    paragraphs = _by_number(draft, version)
    written = []
    for number, (where, text, answer, verdict) in enumerate(comments):
        paragraph = paragraphs[where]
        author = people[(number + offset) % len(people)]
        comment = services.comment_on_paragraph(actor=author, paragraph=paragraph, body=text)
        written.append(comment)
        if answer:
            written.append(
                services.comment_on_paragraph(
                    actor=editor, paragraph=paragraph, body=answer, parent=comment, official=True
                )
            )
        if verdict:
            services.set_verdict(actor=editor, comment=comment, status=verdict)
    return written


@transaction.atomic
def load(context):
    agenda = context["agenda"]
    title = f"Digitale Agenda {context['region'].name} – Entwurf"
    if Draft.objects.filter(agenda=agenda, title=title).exists():
        return
    users = context["users"]
    coordinator, editor = users[Role.COORDINATOR], users[Role.EDITOR]
    # The demo's own people comment (no extra accounts): the participant, the expert and the
    # matrix's raters from university, chamber, farmers, youth, utilities and hospital.
    raters = User.objects.filter(
        email__in=[demo_email(local) for local, _name, _perspective in DEMO_RATERS]
    ).order_by("pk")
    people = [users[Role.PARTICIPANT], *raters]
    if Role.EXPERT in users:
        people.insert(1, users[Role.EXPERT])
    today = timezone.localdate()
    draft = services.create_draft(
        actor=coordinator,
        agenda=agenda,
        title=title,
        text=VERSION_1,
        opens_on=today - datetime.timedelta(days=21),
        closes_on=today + datetime.timedelta(days=21),
    )
    draft.status = DraftStatus.OPEN
    draft.is_example = True
    draft.save(update_fields=["status", "is_example"])
    first = _write(draft, 1, COMMENTS_V1, people, editor, 0)
    services.add_version(
        actor=coordinator,
        draft=draft,
        text=VERSION_2,
        note="Erste Hinweise aufgenommen: Höfe getrennt ausgewiesen, Rufbus ohne Smartphone, "
        "Ehrenamtsbörse als Leitprojekt.",
    )
    second = _write(draft, 2, COMMENTS_V2, people, editor, 5)
    latest = _by_number(draft, 2)
    for where, text in TEAM_PARAGRAPH_ANSWERS:
        second.append(
            services.comment_on_paragraph(
                actor=editor, paragraph=latest[where], body=text, official=True
            )
        )
    # Spread the dates: version 1's comments in its first two weeks, version 2's since.
    now = timezone.now()
    for index, comment in enumerate(first):
        stamp = now - datetime.timedelta(days=20, hours=-index * 26)
        Comment.objects.filter(pk=comment.pk).update(created=stamp, is_example=True)
    for index, comment in enumerate(second):
        stamp = now - datetime.timedelta(days=6, hours=-index * 5)
        Comment.objects.filter(pk=comment.pk).update(created=stamp, is_example=True)
    version_one = draft.versions.get(number=1)
    type(version_one).objects.filter(pk=version_one.pk).update(
        created=now - datetime.timedelta(days=21)
    )
