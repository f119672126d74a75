"""Demo: six events of Landkreis Beispielland over its process steps.

The Auftaktveranstaltung in the Landratsamt, the two Zukunftswerkstätten (Mobilität, Digitale
Verwaltung), an Expertenforum on Gigabit networks and a Bürgerdialog have taken place; an online
consultation hour lies ahead and the next Bürgerdialog is booked out with a waiting list. Past
events have minutes (all but the Expertenforum, whose minutes are still to be written – a to-do
on "Mein Bereich"), attendance by sector and walk-ins. Dates are relative to today, so the demo
always has a past and a future.

Idempotent: events are found again by agenda and title and brought to the state described here;
registrations by event and person; the counts are recomputed from the rows.
"""

import datetime
import zoneinfo

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from regioagenda.accounts.models import Membership, Role, User
from regioagenda.participation.models import (
    Event,
    EventAgendaItem,
    EventAttendance,
    EventKind,
    Idea,
    Participant,
    Registration,
    RegistrationStatus,
)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DOMAIN = "demo.regioagenda.invalid"
LANDRATSAMT = "Landratsamt Beispielland, Großer Sitzungssaal"
LANDRATSAMT_ADDRESS = "Schlossplatz 1, 96001 Beispielstadt"
BARRIER_FREE = (
    "Stufenloser Zugang über den Seiteneingang, Aufzug, barrierefreies WC. "
    "Induktionsschleife im Saal. Gebärdensprachdolmetschung bitte bis eine Woche vorher anfragen."
)

# Invented people of the region who register for events (example accounts).
GUESTS = [
    ("anna.becker", "Anna Becker", "economy"),
    ("bernd.schuster", "Bernd Schuster", "administration"),
    ("carla.yilmaz", "Carla Yılmaz", "education"),
    ("dieter.hofmann", "Dieter Hofmann", "agriculture"),
    ("elif.kaya", "Elif Kaya", "civil_society"),
    ("franz.meier", "Franz Meier", "citizens"),
    ("gabi.wolf", "Gabi Wolf", "health_social"),
    ("hans.krueger", "Hans Krüger", "infrastructure"),
    ("ines.fischer", "Ines Fischer", "science"),
    ("jonas.weber", "Jonas Weber", "citizens"),
    ("katrin.lang", "Katrin Lang", "culture_media"),
    ("lukas.brandt", "Lukas Brandt", "economy"),
    ("maria.seidl", "Maria Seidl", "citizens"),
    ("nils.hartmann", "Nils Hartmann", "education"),
    ("olga.petrova", "Olga Petrova", "civil_society"),
    ("paul.zimmer", "Paul Zimmer", "citizens"),
    ("rita.engel", "Rita Engel", "administration"),
    ("stefan.huber", "Stefan Huber", "agriculture"),
]


def _at(days, hour, minute=0):
    """A time ``days`` from today at ``hour:minute`` in Beispielland."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


EVENTS = [
    {
        "title": "Auftaktveranstaltung: Digitale Agenda Beispielland 2030",
        "kind": EventKind.KICKOFF,
        "step": "kickoff",
        "starts": (-150, 18),
        "hours": 3,
        "place": LANDRATSAMT,
        "address": LANDRATSAMT_ADDRESS,
        "capacity": 160,
        "description": (
            "<p>Landrat und Kreisentwicklung stellen vor, wie der Landkreis bis 2030 seine "
            "Digitale Agenda erarbeitet: wer mitwirkt, welche Schritte anstehen und wo Sie "
            "mitreden können.</p><p>Im Anschluss Marktplatz mit Stationen zu Mobilität, "
            "Verwaltung, Bildung, Gesundheit und Breitband.</p>"
        ),
        "items": [
            ("18:00", "Begrüßung durch den Landrat", ""),
            ("18:15", "Warum eine Digitale Agenda?", "Impuls der Kreisentwicklung"),
            ("18:45", "Der Prozess und wie Sie mitmachen", "Zeitplan, Gremien, Beteiligung"),
            ("19:15", "Marktplatz der Handlungsfelder", "Fünf Stationen, Ideen auf Karten"),
            ("20:30", "Ausblick und Ausklang", ""),
        ],
        "minutes": (
            "<p><strong>Knapp 150 Gäste</strong> aus Verwaltung, Wirtschaft, Schulen, Vereinen und "
            "Bürgerschaft kamen in den Großen Sitzungssaal.</p>"
            "<p>Der Landrat stellte die Lenkungsgruppe vor und betonte, dass die Agenda kein "
            "Papier der Verwaltung werden soll, sondern ein gemeinsamer Fahrplan.</p>"
            "<p>Am Marktplatz wurden 86 Ideenkarten geschrieben. Die häufigsten Themen:</p>"
            "<ul><li>Mobilfunklücken an den Kreisstraßen und im Ostteil des Landkreises</li>"
            "<li>Rufbus per App buchen und mit dem ÖPNV verknüpfen</li>"
            "<li>Behördengänge online erledigen, vor allem Kfz-Zulassung und Bauantrag</li>"
            "<li>Digitale Ausstattung und IT-Betreuung der Schulen</li></ul>"
            "<p>Nächste Schritte: Bestandsaufnahme mit der Smart-Region-Matrix und zwei "
            "Zukunftswerkstätten im Frühjahr.</p>"
        ),
        "attendance": {
            "administration": 24,
            "economy": 19,
            "education": 14,
            "civil_society": 22,
            "citizens": 38,
            "health_social": 7,
            "agriculture": 6,
            "culture_media": 3,
            "science": 4,
            "": 3,
        },
        "registered_guests": 10,
    },
    {
        "title": "Zukunftswerkstatt Mobilität",
        "kind": EventKind.WORKSHOP,
        "step": "assessment",
        "starts": (-63, 17),
        "hours": 4,
        "place": "Mehrgenerationenhaus Beispielstadt",
        "address": "Bahnhofstraße 12, 96001 Beispielstadt",
        "capacity": 40,
        "description": (
            "<p>Wie kommen Menschen ohne eigenes Auto zur Arbeit, zum Arzt und zum Verein? In "
            "der Zukunftswerkstatt sammeln wir Erfahrungen und entwickeln Ideen für Rufbus, "
            "Mitfahrbänke, Carsharing und Echtzeit-Auskunft.</p>"
        ),
        "items": [
            ("17:00", "Ankommen und Kennenlernen", ""),
            ("17:20", "Kritikphase: Was nervt heute?", "Kleingruppen nach Gemeinden"),
            ("18:15", "Fantasiephase: Mobil im Jahr 2030", ""),
            ("19:15", "Verwirklichungsphase: Was packen wir an?", "Punkte kleben"),
            ("20:45", "Ergebnisse und Abschluss", ""),
        ],
        "minutes": (
            "<p>33 Teilnehmende, davon 21 ohne Anmeldung. Moderation: Mona Moderation.</p>"
            "<p><strong>Kritik:</strong> Der Rufbus ist nur telefonisch zu den Bürozeiten buchbar; "
            "Fahrpläne von Bus und Bahn passen in den Randzeiten nicht zusammen; Pendlerinnen "
            "und Pendler wissen nicht, ob der Anschluss wartet.</p>"
            "<p><strong>Ideen mit den meisten Punkten:</strong></p>"
            "<ol><li>Rufbus per App und Telefon buchen, rund um die Uhr (17 Punkte)</li>"
            "<li>Echtzeit-Abfahrtsanzeigen an den zehn wichtigsten Haltestellen (12 Punkte)</li>"
            "<li>Mitfahrbänke mit digitaler Mitfahrbörse für die Ortsteile (9 Punkte)</li></ol>"
            "<p>Die Ideen sind in die Ideensammlung übernommen; die Kreisentwicklung prüft sie "
            "mit dem Verkehrsverbund.</p>"
        ),
        "attendance": {"citizens": 9, "civil_society": 5, "administration": 4, "economy": 3},
        "registered_guests": 14,
        "ideas": [
            (
                "Rufbus per App rund um die Uhr buchen",
                "<p>Den Rufbus nicht nur telefonisch zu Bürozeiten, sondern jederzeit per App "
                "und Telefonautomat buchen können.</p>",
            ),
            (
                "Echtzeit-Abfahrtsanzeigen an wichtigen Haltestellen",
                "<p>An den zehn meistgenutzten Haltestellen anzeigen, wann der Bus wirklich "
                "kommt und ob der Anschluss wartet.</p>",
            ),
            (
                "Mitfahrbänke mit digitaler Mitfahrbörse",
                "<p>Mitfahrbänke in den Ortsteilen, ergänzt um eine einfache Mitfahrbörse für "
                "regelmäßige Fahrten.</p>",
            ),
        ],
    },
    {
        "title": "Zukunftswerkstatt Digitale Verwaltung",
        "kind": EventKind.WORKSHOP,
        "step": "assessment",
        "starts": (-42, 16),
        "hours": 3,
        "place": "Landratsamt Beispielland, Raum 104",
        "address": LANDRATSAMT_ADDRESS,
        "capacity": 30,
        "description": (
            "<p>Welche Behördengänge sollen zuerst online gehen? Mitarbeitende aus Landratsamt "
            "und Gemeinden, Unternehmen und Bürgerinnen und Bürger arbeiten gemeinsam an "
            "Prioritäten für das Onlinezugangsgesetz im Landkreis.</p>"
        ),
        "items": [
            ("16:00", "Wo stehen wir beim Onlinezugang?", "Kurzbericht der IT-Leitung"),
            ("16:30", "Nutzerreisen: Umzug, Bauantrag, Gewerbe anmelden", "Drei Gruppen"),
            ("18:00", "Prioritäten und nächste Schritte", ""),
        ],
        "minutes": (
            "<p>27 Teilnehmende aus Landratsamt, sieben Gemeinden, Wirtschaft und Bürgerschaft.</p>"
            "<p>Die drei Gruppen spielten Umzug, Bauantrag und Gewerbeanmeldung Schritt für "
            "Schritt durch. Größte Hürden: Nachweise müssen mehrfach eingereicht werden, "
            "Bearbeitungsstände sind nicht einsehbar, Terminvergabe nur telefonisch.</p>"
            "<ul><li>Digitaler Bauantrag mit Statusanzeige hat oberste Priorität.</li>"
            "<li>Online-Terminvergabe für Kfz-Zulassung und Ausländerbehörde.</li>"
            "<li>Gemeinsames Servicekonto der Gemeinden statt eigener Portale.</li></ul>"
        ),
        "attendance": {"administration": 9, "economy": 5, "citizens": 3},
        "registered_guests": 12,
        "ideas": [
            (
                "Digitaler Bauantrag mit Statusanzeige",
                "<p>Bauanträge vollständig online stellen und jederzeit sehen, in welchem "
                "Bearbeitungsschritt der Antrag ist.</p>",
            ),
            (
                "Online-Terminvergabe für Zulassungsstelle und Ausländerbehörde",
                "<p>Termine rund um die Uhr online buchen, mit Erinnerung per E-Mail oder SMS.</p>",
            ),
        ],
    },
    {
        "title": "Expertenforum Gigabit und Mobilfunk",
        "kind": EventKind.EXPERT_FORUM,
        "step": "assessment",
        "starts": (-9, 14),
        "hours": 3,
        "place": "Technologie- und Gründerzentrum Beispielstadt",
        "address": "Innovationsring 4, 96003 Beispielstadt",
        "capacity": 25,
        "description": (
            "<p>Netzbetreiber, Breitbandpaten der Gemeinden und Wirtschaftsförderung bewerten "
            "den Ausbaustand und die Förderlücken. Fachpublikum, Gäste willkommen.</p>"
        ),
        "items": [
            ("14:00", "Ausbaustand Glasfaser und Mobilfunk im Landkreis", ""),
            ("14:45", "Förderprogramme: Gigabitrichtlinie und Mobilfunkförderung", ""),
            ("15:30", "Diskussion: weiße Flecken im Ostteil", ""),
        ],
        "minutes": "",
        "attendance": {"infrastructure": 6, "administration": 4, "economy": 3},
        "registered_guests": 8,
    },
    {
        "title": "Online-Sprechstunde: Ihre Idee für die Digitale Agenda",
        "kind": EventKind.ONLINE,
        "step": "projects",
        "starts": (5, 19),
        "hours": 1,
        "place": "",
        "address": "",
        "online_url": "https://meet.beispielland.invalid/digitale-agenda",
        "capacity": None,
        "description": (
            "<p>Sie haben eine Idee, wissen aber nicht, wie Sie sie formulieren oder einreichen? "
            "Das Team der Kreisentwicklung hilft in einer offenen Videosprechstunde – ohne "
            "Kamera möglich, auch per Telefon einwählbar.</p>"
        ),
        "accessibility": "Live-Untertitel; Einwahl per Telefon möglich.",
        "items": [
            ("19:00", "Kurze Einführung: So funktioniert die Ideensammlung", ""),
            ("19:15", "Offene Fragerunde", ""),
        ],
        "registered_guests": 5,
        "with_demo_participant": False,
    },
    {
        "title": "Bürgerdialog: Wie digital soll unser Landkreis werden?",
        "kind": EventKind.CITIZEN_DIALOGUE,
        "step": "projects",
        "starts": (12, 18, 30),
        "hours": 2,
        "place": "Bürgerhaus Musterhausen",
        "address": "Marktplatz 3, 96010 Musterhausen",
        "capacity": 12,
        "deadline_days": 10,
        "description": (
            "<p>Im kleinen Kreis an Thementischen: Was soll die Digitale Agenda für Familien, "
            "Ältere und Vereine leisten? Die Ergebnisse fließen in die Priorisierung der "
            "Projekte ein. Für Getränke und Kinderbetreuung ist gesorgt.</p>"
        ),
        "accessibility": BARRIER_FREE + " Kinderbetreuung im Nebenraum.",
        "items": [
            ("18:30", "Begrüßung durch die Bürgermeisterin", ""),
            ("18:40", "Thementische: Familie, Älterwerden, Ehrenamt", ""),
            ("19:50", "Was nehmen wir mit?", ""),
        ],
        "registered_guests": 14,  # 12 places: the rest waits
        "with_demo_participant": True,
    },
]


def _guest(local, name):
    user, created = User.objects.get_or_create(
        email=f"{local}@{DOMAIN}", defaults={"name": name, "is_example": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    # Registering needs a confirmed address, as for everyone.
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def load(context):
    agenda = context["agenda"]
    users = context["users"]
    moderator = users.get(Role.MODERATOR)
    guests = []
    for local, name, sector in GUESTS:
        user = _guest(local, name)
        Membership.objects.get_or_create(user=user, agenda=agenda, role=Role.PARTICIPANT)
        Participant.objects.get_or_create(agenda=agenda, user=user, defaults={"sector": sector})
        guests.append((user, sector))
    now = timezone.now()
    for spec in EVENTS:
        starts = _at(*spec["starts"])
        ends = starts + datetime.timedelta(hours=spec["hours"])
        past = ends <= now
        deadline = None
        if spec.get("deadline_days"):
            deadline = starts - datetime.timedelta(days=2)
        event, _created = Event.objects.update_or_create(
            agenda=agenda,
            title=spec["title"],
            defaults={
                "kind": spec["kind"],
                "step": spec["step"],
                "starts_at": starts,
                "ends_at": ends,
                "place": spec["place"],
                "address": spec["address"],
                "online_url": spec.get("online_url", ""),
                "accessibility": spec.get("accessibility", BARRIER_FREE if spec["place"] else ""),
                "capacity": spec["capacity"],
                "registration_required": True,
                "registration_deadline": deadline,
                "moderator": moderator,
                "description": spec["description"],
                "minutes": spec.get("minutes", ""),
                "minutes_published": ends + datetime.timedelta(days=3)
                if past and spec.get("minutes")
                else None,
                "is_cancelled": False,
                "is_draft": False,
                "is_example": True,
            },
        )
        EventAgendaItem.objects.filter(event=event).delete()
        EventAgendaItem.objects.bulk_create(
            EventAgendaItem(
                event=event,
                position=position,
                starts_at=datetime.time.fromisoformat(time),
                title=title,
                description=description,
            )
            for position, (time, title, description) in enumerate(spec["items"], start=1)
        )
        _registrations(event, spec, guests, users, past, now)
        if past:
            for sector, count in spec.get("attendance", {}).items():
                EventAttendance.objects.update_or_create(
                    event=event, sector=sector, defaults={"count": count}
                )
        ideas = []
        for title, body in spec.get("ideas", []):
            idea, _created = Idea.objects.get_or_create(
                agenda=agenda,
                title=title,
                defaults={
                    "step": spec["step"],
                    "body": body,
                    "event": event,
                    "captured_by": moderator,
                    "author": None,
                    "is_example": True,
                },
            )
            ideas.append(idea)
        ideas += list(Idea.objects.filter(event=event).exclude(pk__in=[i.pk for i in ideas]))
        if ideas:
            event.result_ideas.set(ideas)
    _recount(agenda)


def _registrations(event, spec, guests, users, past, now):
    wanted = [user for user, _sector in guests[: spec.get("registered_guests", 0)]]
    sectors = {user.pk: sector for user, sector in guests}
    if spec.get("with_demo_participant") and users.get(Role.PARTICIPANT):
        wanted.insert(3, users[Role.PARTICIPANT])
    capacity = spec["capacity"]
    for index, user in enumerate(wanted):
        confirmed = capacity is None or index < capacity
        queued = event.starts_at - datetime.timedelta(days=20) + datetime.timedelta(hours=index)
        queued = min(queued, now - datetime.timedelta(minutes=len(wanted) - index))
        Registration.objects.update_or_create(
            event=event,
            user=user,
            defaults={
                "status": RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITING,
                "sector": sectors.get(user.pk, ""),
                "queued_at": queued,
                "cancelled_at": None,
                # Most came; every fifth did not.
                "attended": (index % 5 != 4) if past and confirmed else None,
                "reminder_sent": queued if past else None,
            },
        )


def _recount(agenda):
    for event in Event.objects.filter(agenda=agenda):
        counts = dict(
            Registration.objects.filter(event=event)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        Event.objects.filter(pk=event.pk).update(
            confirmed_count=counts.get(RegistrationStatus.CONFIRMED, 0),
            waiting_count=counts.get(RegistrationStatus.WAITING, 0),
        )
