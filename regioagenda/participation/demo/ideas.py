"""Demo: about 150 ideas of Landkreis Beispielland in the step "Projekte", with comments,
official answers and supports.

Ideas from citizens, companies and associations across the 16 fields, some messy as real ones
are (typos, capitals, one-liners, long ones); places from the district's municipalities (a few
invented ones are added when the register has none below the demo region); about 400 comments
in threads with some official answers by the moderation, about 1,500 supports of 60 invented
citizens; statuses mixed (answered, in review, rejected with a reason). When the demo events
(order 61) exist, about 20 ideas are attributed to their workshops as quick-captured ones.

Idempotent: ideas are found again by their title, comments and supports only added to ideas
that have none yet, the invented accounts and places by their email address and name; a
seeded random generator makes every run choose the same.
"""

import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from regioagenda.accounts.models import Role, User
from regioagenda.participation.models import (
    Comment,
    Event,
    EventKind,
    Idea,
    IdeaField,
    IdeaStatus,
    Module,
    Phase,
    Support,
)
from regioagenda.participation.services.comments import clean_rich_text
from regioagenda.participation.services.ideas import area_places
from regioagenda.regions.models import Region, RegionKind, RegionLevel

STEP = "projects"
CITIZENS = 60
INVENTED_PLACES = [
    ("Beispielstadt", RegionKind.STADT),
    ("Obermühlbach", RegionKind.GEMEINDE),
    ("Kirchdorf am Wald", RegionKind.GEMEINDE),
    ("Markt Steinach", RegionKind.MARKT),
    ("Hohenfeld", RegionKind.GEMEINDE),
    ("Talheim", RegionKind.GEMEINDE),
    ("Unterrodach", RegionKind.GEMEINDE),
    ("Weidenberg", RegionKind.MARKT),
]
FIRST_NAMES = [
    "Anna", "Bernd", "Claudia", "Dieter", "Elif", "Franz", "Gabi", "Hans", "Ines", "Jonas",
    "Karin", "Lukas", "Maria", "Nils", "Olga", "Peter", "Quirin", "Resi", "Sepp", "Tanja",
]  # fmt: skip
LAST_NAMES = [
    "Bauer", "Huber", "Maier", "Schmid", "Wagner", "Fischer", "Weber", "Koch", "Yilmaz", "Lang",
]  # fmt: skip

# (title, text, fields). Texts as people write them: plain, some long, some sloppy.
IDEAS = [
    (
        "Glasfaser für die Ortsteile",
        "Bei uns in den kleinen Ortsteilen gibt es immer noch nur 16 MBit. Homeoffice geht so nicht, die Jungen ziehen weg. Der Landkreis sollte den Ausbau bündeln und Fördermittel abrufen.",
        ["it_infrastructure"],
    ),
    (
        "Rufbus am Abend und am Wochenende",
        "Nach 19 Uhr fährt kein Bus mehr. Ein Rufbus per App UND per Telefon würde Jugendlichen und Älteren helfen.",
        ["mobility"],
    ),
    (
        "Mitfahrbänke mit digitaler Anzeige",
        "Mitfahrbänke an den Ortsausgängen, mit einer kleinen Anzeige, wohin man will. Einfach und günstig.",
        ["mobility"],
    ),
    (
        "Online-Terminvergabe im Landratsamt",
        "Für die Kfz-Zulassung wartet man Stunden. Bitte Termine online buchbar machen, auch fürs Ausländeramt.",
        ["egovernment"],
    ),
    (
        "Telemedizin in der Hausarztpraxis",
        "Die Hausärzte gehen in Rente. Videosprechstunde mit Unterstützung durch eine Praxisassistentin vor Ort könnte die Versorgung auf dem Land sichern.",
        ["health"],
    ),
    (
        "Coworking im alten Bahnhof",
        "Der alte Bahnhof steht leer. Ein Coworking-Space mit gutem Internet würde Pendlern den Weg nach Nürnberg sparen.",
        ["work", "building"],
    ),
    (
        "Digitale Dorfläden",
        "Ein Dorfladen mit Abholstation, in dem man online bestellt und rund um die Uhr abholt. Regionale Produkte von den Höfen.",
        ["retail", "agriculture"],
    ),
    (
        "Tablets und WLAN für alle Grundschulen",
        "In manchen Schulen funktioniert das WLAN nur im Lehrerzimmer. Wir brauchen verlässliche Technik und jemanden, der sie wartet.",
        ["education", "it_infrastructure"],
    ),
    (
        "Medienkompetenz für Senioren",
        "Kurse in der VHS und in den Pfarrheimen, wo Jugendliche Älteren das Smartphone erklären. Generationen verbinden!",
        ["education", "services"],
    ),
    (
        "Hochwasser-Warnsystem mit Pegelsensoren",
        "Nach dem letzten Hochwasser: Sensoren an den Bächen und eine Warn-App für die Anlieger.",
        ["security", "environment"],
    ),
    (
        "Bürgersolarpark mit Beteiligung",
        "Eine Genossenschaft für Solarstrom auf Dächern der Gemeinden, mit digitaler Abrechnung und Anzeige, wieviel erzeugt wird.",
        ["energy"],
    ),
    (
        "Nahwärmenetz digital steuern",
        "Das Nahwärmenetz im Neubaugebiet sollte mit smarten Zählern gesteuert werden, damit nichts verschwendet wird.",
        ["energy", "housing"],
    ),
    (
        "Leerstandsbörse für Wohnungen und Läden",
        "Viele Häuser stehen leer, gleichzeitig suchen junge Familien. Eine Plattform, auf der Gemeinden Leerstand zeigen.",
        ["housing", "building"],
    ),
    (
        "Digitaler Bauantrag",
        "Den Bauantrag bitte komplett online, mit Statusanzeige. Das spart Papier und Nerven.",
        ["building", "egovernment"],
    ),
    (
        "Wander-App für die Region",
        "Eine App mit den Wanderwegen, Einkehrmöglichkeiten und Öffnungszeiten der Museen, auch offline nutzbar.",
        ["tourism", "culture"],
    ),
    (
        "Museum digital erleben",
        "Das Heimatmuseum könnte Exponate digitalisieren und online zeigen, mit Audioguide fürs Handy.",
        ["culture"],
    ),
    (
        "Hofläden auf einer Karte",
        "Alle Hofläden und Automaten auf einer Karte mit Angebot und Öffnungszeiten.",
        ["agriculture", "retail"],
    ),
    (
        "Vereinsplattform für Ehrenamt",
        "Eine gemeinsame Plattform für Vereine: Termine, Hallenbelegung, Ehrenamtsbörse. Jeder Verein macht das gerade anders.",
        ["services", "culture"],
    ),
    (
        "Smarte Straßenbeleuchtung",
        "LED-Laternen, die nur hell werden, wenn jemand kommt. Spart Strom und schützt Insekten.",
        ["energy", "environment", "security"],
    ),
    (
        "Pflegeplätze online finden",
        "Angehörige telefonieren tagelang herum. Eine Übersicht freier Pflege- und Kurzzeitpflegeplätze im Landkreis.",
        ["health", "services"],
    ),
    (
        "Carsharing mit E-Autos in jeder Gemeinde",
        "Zwei E-Autos pro Gemeinde am Rathaus, buchbar per App. Viele Familien könnten sich das Zweitauto sparen.",
        ["mobility", "energy"],
    ),
    (
        "Ausbildungsbörse der regionalen Betriebe",
        "Die Betriebe finden keine Azubis, die Schüler kennen die Betriebe nicht. Eine gemeinsame Börse mit Praktikumsplätzen.",
        ["work", "education"],
    ),
    (
        "Kreistag live streamen",
        "Die Sitzungen des Kreistags online übertragen und die Unterlagen vorher veröffentlichen.",
        ["egovernment"],
    ),
    (
        "Offene Daten des Landkreises",
        "Fahrpläne, Haushaltsdaten, Umweltdaten als offene Daten veröffentlichen, damit andere Apps bauen können.",
        ["egovernment", "it_infrastructure"],
    ),
    (
        "Mängelmelder für Straßen und Wege",
        "Schlaglöcher, kaputte Laternen, wilder Müll: per Foto melden und sehen, wann es erledigt ist.",
        ["egovernment", "environment"],
    ),
    (
        "Digitale Schulwegsicherung",
        "Gefährliche Stellen am Schulweg kartieren und Eltern informieren.",
        ["security", "education"],
    ),
    (
        "Bedarfsampel für Radfahrer",
        "An der Kreisstraße eine Ampel, die Radfahrer erkennt.",
        ["mobility", "security"],
    ),
    (
        "Radwegenetz lückenlos planen",
        "Die Radwege hören an der Gemeindegrenze einfach auf. Ein gemeinsames digitales Radwegekataster für den Landkreis.",
        ["mobility"],
    ),
    (
        "Bibliothek mit Onleihe und Makerspace",
        "Die Gemeindebücherei könnte E-Books verleihen und einen 3D-Drucker anbieten.",
        ["culture", "education"],
    ),
    (
        "Feuerwehr-Alarmierung per App",
        "Die Freiwilligen Feuerwehren brauchen eine moderne Alarmierung mit Rückmeldung, wer kommt.",
        ["security"],
    ),
    (
        "Landwirtschaft 4.0 Pilotbetriebe",
        "Drei Höfe als Pilot für Sensoren auf dem Feld, Drohnen und digitale Ackerschlagkartei, mit Führungen für andere Landwirte.",
        ["agriculture"],
    ),
    (
        "Gastronomie-Reservierung regional",
        "Ein gemeinsames Reservierungssystem für die Wirtshäuser, besonders für Gruppen und Radtouristen.",
        ["tourism", "retail"],
    ),
    (
        "Nachbarschaftshilfe-App",
        "Einkaufen für Kranke, Fahrdienste, Hilfe im Garten: eine App, die Hilfe und Helfer zusammenbringt.",
        ["services", "health"],
    ),
    (
        "WLAN in Bussen und an Haltestellen",
        "Freies WLAN in den Regionalbussen, damit Pendler die Fahrzeit nutzen können.",
        ["mobility", "it_infrastructure"],
    ),
    (
        "Energieberatung online",
        "Viele wissen nicht, welche Förderung es für Heizung und Dämmung gibt. Online-Beratung mit Terminbuchung.",
        ["energy", "housing"],
    ),
]
MESSY = [
    ("SCHNELLES INTERNET JETZT!!!", "WIR WARTEN SEIT JAHREN. ES REICHT.", ["it_infrastructure"]),
    ("bus", "busse fahren zu selten", ["mobility"]),
    ("Mehr Parkplätze am Bahnhof", "Parkplätze", ["mobility"]),
    (
        "Glasfaßer in Hohenfeld",
        "Wann kommt endlich die Glasfaßer nach Hohenfeld? Die Telekom sagt nix.",
        ["it_infrastructure"],
    ),
    ("Arztpraxis", "Wir brauchen einen Arzt.", ["health"]),
    (
        "App für alles",
        "Eine App für alles was die Gemeinde macht, Müllkalender, Termine, Nachrichten, Bürgerservice, Veranstaltungen, Vereine, Notdienste usw usw.",
        ["egovernment", "services"],
    ),
    (
        "Handyempfang an der B 303",
        "Zwischen Talheim und Unterrodach kein Netz. Bei einem Unfall kann man nicht mal den Notruf wählen!!",
        ["it_infrastructure", "security"],
    ),
    (
        "Kita-Anmeldung online",
        "kita platz anmeldung bitte online und nicht mehr mit zettel im rathaus",
        ["egovernment", "education"],
    ),
]
LONG = (
    "Ich möchte eine ausführlichere Idee einbringen, weil ich seit Jahren in der "
    "Jugendarbeit tätig bin. Die Jugendlichen bei uns sind digital unterwegs, aber es fehlt an "
    "Orten, wo sie selbst etwas gestalten können: programmieren, Videos schneiden, Musik "
    "produzieren, Roboter bauen.\n\nMein Vorschlag: In jedem Jugendzentrum des Landkreises ein "
    "kleines Medienlabor, betreut von einer Medienpädagogin, die zwischen den Standorten "
    "wechselt. Die Geräte könnten über ein Förderprogramm finanziert werden, die Räume gibt es "
    "schon.\n\nWichtig ist, dass die Jugendlichen mitplanen und dass die Angebote auch für "
    "Mädchen und für Jugendliche mit wenig Geld attraktiv sind. In der Nachbarregion gibt es so "
    "ein Projekt, das könnte man sich anschauen."
)
COMMENTS = [
    "Sehr gute Idee, das brauchen wir dringend.",
    "Unterstütze ich voll und ganz!",
    "Wer soll das bezahlen? Bitte zuerst die Kosten abschätzen.",
    "Gibt es dafür ein Förderprogramm des Freistaats?",
    "In unserer Gemeinde wäre das auch wichtig.",
    "Ich würde mich ehrenamtlich beteiligen, wenn es losgeht.",
    "Bitte dabei an die Älteren denken, nicht alles nur per App.",
    "Datenschutz muss von Anfang an mitgedacht werden.",
    "Das gab es schon mal als Pilotprojekt, was ist daraus geworden?",
    "Finde ich gut, aber die Straßen sind wichtiger.",
    "Könnte man das mit der Nachbargemeinde zusammen machen?",
    "Genau das hab ich mir auch schon gedacht!",
]
REPLIES = [
    "Da stimme ich zu.",
    "Das sehe ich anders, aber ein Versuch wäre es wert.",
    "Guter Punkt, das sollte in die Planung.",
    "Bei uns im Ort klappt das schon ganz gut.",
]
OFFICIAL = [
    "Danke für den Hinweis. Wir nehmen die Idee in den Workshop „Mobilität“ am nächsten Termin auf.",
    "Die Kreisentwicklung prüft gerade die Fördermöglichkeiten; wir melden uns hier mit dem Ergebnis.",
    "Das Thema ist bereits Teil der Gigabitstrategie des Landkreises; die Ausbaukarte wird im Herbst veröffentlicht.",
]
ACCEPTED = "Die Idee ist in den Projektentwurf der Digitalen Agenda übernommen worden und wird in der Priorisierung zur Abstimmung gestellt."
REJECTED = [
    "Der Landkreis ist dafür nicht zuständig; die Aufgabe liegt beim Freistaat. Wir haben die Idee an das zuständige Ministerium weitergegeben.",
    "Ein vergleichbares Angebot gibt es bereits (siehe Bürgerservice-Portal). Wir machen es bekannter, statt ein zweites aufzubauen.",
]
VARIANTS = ["", " in {place}", " für {place}", " – auch in {place}"]


def _places(agenda):
    places = list(area_places(agenda).order_by("name"))
    if len(places) >= 5:
        return places
    region = agenda.region
    for name, kind in INVENTED_PLACES:
        place, _created = Region.objects.get_or_create(
            name=name,
            parent=region,
            level=RegionLevel.GEMEINDE,
            defaults={
                "kind": kind,
                "ags": "",
                "bezirk": region.bezirk,
                "is_example": True,
                "source": "Erfundene Beispielregion",
            },
        )
        places.append(place)
    return list(area_places(agenda).order_by("name"))


def _citizens():
    people = []
    for n in range(CITIZENS):
        first = FIRST_NAMES[n % len(FIRST_NAMES)]
        last = LAST_NAMES[(n * 7) % len(LAST_NAMES)]
        email = f"buerger{n + 1:02d}@demo.regioagenda.invalid"
        user, created = User.objects.get_or_create(
            email=email, defaults={"name": f"{first} {last}", "is_example": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        people.append(user)
    return people


def _catalogue(rng, places):
    """About 150 (title, body, fields, place) built from the lists above."""
    rows = []
    for title, text, fields in IDEAS:
        for variant in VARIANTS:
            place = rng.choice(places) if "{place}" in variant else None
            name = place.name if place else ""
            rows.append((title + variant.format(place=name), text, fields, place))
    for title, text, fields in MESSY:
        rows.append((title, text, fields, None))
    rows.append(("Medienlabore in den Jugendzentren", LONG, ["education", "culture"], None))
    return rows[:150]


@transaction.atomic
def load(context):
    agenda = context["agenda"]
    users = context["users"]
    moderator = users.get(Role.MODERATOR) or users.get(Role.COORDINATOR)
    rng = random.Random(62)
    phase, _created = Phase.objects.get_or_create(agenda=agenda, step=STEP)
    if not phase.enables(Module.IDEAS):
        phase.modules = [*phase.modules, Module.IDEAS]
        phase.save(update_fields=["modules"])
    places = _places(agenda)
    citizens = _citizens()
    if users.get(Role.PARTICIPANT):
        citizens.append(users[Role.PARTICIPANT])
    workshops = list(
        Event.objects.filter(agenda=agenda, kind=EventKind.WORKSHOP).order_by("starts_at")
    )
    now = timezone.now()
    ideas = []
    for n, (title, text, fields, place) in enumerate(_catalogue(rng, places)):
        captured = workshops and n % 7 == 3 and sum(1 for i in ideas if i.event_id) < 20
        event = workshops[n % len(workshops)] if captured else None
        status = rng.choices(
            [IdeaStatus.NEW, IdeaStatus.REVIEW, IdeaStatus.ACCEPTED, IdeaStatus.REJECTED],
            weights=[55, 25, 12, 8],
        )[0]
        answer = ""
        if status == IdeaStatus.ACCEPTED:
            answer = ACCEPTED
        elif status == IdeaStatus.REJECTED:
            answer = rng.choice(REJECTED)
        idea, _created = Idea.objects.update_or_create(
            agenda=agenda,
            title=title,
            defaults={
                "step": STEP,
                "body": clean_rich_text(text, field="body", limit=10_000, what="demo"),
                "author": None if event else rng.choice(citizens),
                "event": event,
                "captured_by": moderator if event else None,
                "place": place or (rng.choice(places) if rng.random() < 0.3 else None),
                "status": status,
                "answer": f"<p>{answer}</p>" if answer else "",
                "answered_by": moderator if answer else None,
                "answered_at": now - datetime.timedelta(days=rng.randint(1, 10))
                if answer
                else None,
                "is_example": True,
            },
        )
        Idea.objects.filter(pk=idea.pk).update(
            created=now - datetime.timedelta(days=rng.randint(3, 60), minutes=rng.randint(0, 600))
        )
        for key in fields:
            IdeaField.objects.get_or_create(idea=idea, field_key=key, defaults={"proposed": False})
        ideas.append(idea)
    _comments(agenda, ideas, citizens, moderator, rng)
    _supports(ideas, citizens, rng)
    context["ideas"] = ideas


def _comments(agenda, ideas, citizens, moderator, rng):
    idea_type = ContentType.objects.get_for_model(Idea)
    ids = [i.pk for i in ideas]
    if Comment.objects.filter(target_type=idea_type, target_id__in=ids).exists():
        return  # loaded before: the threads stay as they are
    now = timezone.now()
    for idea in ideas:
        for _n in range(rng.choices([0, 1, 2, 3, 4, 6], weights=[15, 25, 25, 15, 12, 8])[0]):
            root = Comment.objects.create(
                agenda=agenda,
                target_type=idea_type,
                target_id=idea.pk,
                author=rng.choice(citizens),
                body=f"<p>{rng.choice(COMMENTS)}</p>",
                is_example=True,
            )
            if rng.random() < 0.35:
                Comment.objects.create(
                    agenda=agenda,
                    target_type=idea_type,
                    target_id=idea.pk,
                    parent=root,
                    author=rng.choice(citizens),
                    body=f"<p>{rng.choice(REPLIES)}</p>",
                    is_example=True,
                )
        if moderator is not None and rng.random() < 0.12:
            Comment.objects.create(
                agenda=agenda,
                target_type=idea_type,
                target_id=idea.pk,
                author=moderator,
                body=f"<p>{rng.choice(OFFICIAL)}</p>",
                is_official=True,
                is_example=True,
            )
    Comment.objects.filter(agenda=agenda, is_example=True, target_type=idea_type).update(
        created=now - datetime.timedelta(days=2)
    )
    counts = dict(
        Comment.objects.filter(target_type=idea_type, target_id__in=[i.pk for i in ideas])
        .values_list("target_id")
        .annotate(n=Count("pk"))
    )
    for idea in ideas:
        Idea.objects.filter(pk=idea.pk).update(comment_count=counts.get(idea.pk, 0))


def _supports(ideas, citizens, rng):
    if Support.objects.filter(idea__in=ideas).exists():
        return  # loaded before
    weights = [1.0 / (1 + rank) ** 0.7 for rank in rng.sample(range(len(ideas)), len(ideas))]
    rows = []
    for person in citizens:
        chosen = {i.pk for i in rng.choices(ideas, weights=weights, k=rng.randint(8, 40))}
        rows += [Support(idea_id=pk, user=person) for pk in chosen]
    Support.objects.bulk_create(rows, ignore_conflicts=True)
    counts = dict(
        Support.objects.filter(idea__in=ideas).values_list("idea_id").annotate(n=Count("pk"))
    )
    for idea in ideas:
        Idea.objects.filter(pk=idea.pk).update(support_count=counts.get(idea.pk, 0))
