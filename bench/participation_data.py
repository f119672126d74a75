"""Participation at scale: an agenda with 10,000 ideas, 30,000 comments and 100,000 supports.

    DATABASE_URL=postgres://…/regioagenda_bench .venv/bin/python bench/participation_data.py \\
        [--ideas 10000] [--comments 30000] [--supports 100000] [--posters 40000] [--out FILE]

Builds, next to the demo (its programme and region, which must exist: ``load_demo`` first), a
public agenda ``ideen-bench`` in the step "Projekte" collecting ideas, with:

- 10,000 ideas of 5,000 participants over 90 days, 1–2 matrix fields each, statuses mixed, a
  municipality of the area for half of them; titles and texts from German building blocks,
  so the full-text search has real words to stem;
- 30,000 comments (a third of them replies) and 100,000 supports, popularity skewed like real
  lists (a few ideas gather most), with ``support_count`` and ``comment_count`` set from them;
- ``--posters`` more verified accounts with a session each, who have supported nothing yet:
  the support POSTs of ``bench/load.py`` use one (account, idea) pair per request, so every
  accepted request must add exactly one row;
- then ANALYZE, as autovacuum would.

Everything with ``bulk_create`` in batches and plain SQL for the counts: about a minute on the
2-core machine. Writes what the load benchmark needs (paths, the POST lines for wrk) as JSON.
"""

import argparse
import datetime
import json
import random
import secrets
import sys
import time
from pathlib import Path

from common import connection  # noqa: F401 - sets Django up on DATABASE_URL

# isort: split
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection as db
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from regioagenda.accounts.models import User
from regioagenda.participation.models import (
    Comment,
    Idea,
    IdeaField,
    IdeaStatus,
    Phase,
    Support,
)
from regioagenda.participation.services.ideas import area_places
from regioagenda.regions.models import Agenda, AgendaStatus, Region

SLUG = "ideen-bench"
BATCH = 5000
FIELDS = [
    "work", "building", "education", "services", "egovernment", "energy", "health", "retail",
    "it_infrastructure", "culture", "agriculture", "mobility", "security", "tourism",
    "environment", "housing",
]  # fmt: skip
SUBJECTS = [
    ("Radweg", "mobility"), ("Rufbus", "mobility"), ("Carsharing", "mobility"),
    ("Glasfaser", "it_infrastructure"), ("Mobilfunk", "it_infrastructure"),
    ("WLAN am Marktplatz", "it_infrastructure"), ("Coworking-Space", "work"),
    ("Telemedizin", "health"), ("Pflege-App", "health"), ("Schul-Tablets", "education"),
    ("Medienkompetenz", "education"), ("Online-Bürgerservice", "egovernment"),
    ("digitale Bauanträge", "building"), ("Bürgersolaranlage", "energy"),
    ("Nahwärmenetz", "energy"), ("Dorfladen mit Abholstation", "retail"),
    ("Hofladen online", "agriculture"), ("Wanderweg-App", "tourism"),
    ("Museum digital", "culture"), ("Hochwasser-Warnsystem", "security"),
    ("Mitfahrbank", "mobility"), ("Repair-Café", "environment"), ("Leerstandsbörse", "housing"),
    ("Seniorenwohnen mit Assistenz", "housing"), ("Vereinsplattform", "services"),
]  # fmt: skip
PLACES = [
    "im Ortskern", "für alle Ortsteile", "an der Grundschule", "am Bahnhof", "im Gewerbegebiet",
    "entlang der Kreisstraße", "für die Dörfer im Norden", "am Landratsamt", "im Jugendzentrum",
]  # fmt: skip
SENTENCES = [
    "Viele Menschen bei uns wünschen sich das schon lange.",
    "Gerade ältere Leute und Familien ohne zweites Auto würden profitieren.",
    "In der Nachbargemeinde läuft so etwas bereits seit zwei Jahren erfolgreich.",
    "Die Kosten ließen sich über ein Förderprogramm des Freistaats decken.",
    "Wichtig wäre, dass die Vereine und die Schulen von Anfang an mitmachen.",
    "Ohne schnelles Internet bleiben junge Betriebe nicht in der Region.",
    "Die Daten sollten offen und datenschutzfreundlich bereitgestellt werden.",
    "Man könnte mit einem Pilotprojekt in zwei Ortsteilen anfangen.",
    "Das spart Wege, Zeit und CO2.",
    "Bitte auch an Menschen mit Behinderung denken, barrierefrei von Anfang an.",
]
COMMENTS = [
    "Gute Idee, unterstütze ich!",
    "Das brauchen wir auch bei uns im Ortsteil.",
    "Wer soll das bezahlen? Bitte erst die Kosten klären.",
    "Gibt es dazu schon Erfahrungen aus anderen Landkreisen?",
    "Bitte die Radwege nicht vergessen, die sind wichtiger.",
    "Ich würde mich ehrenamtlich beteiligen.",
    "Datenschutz muss dabei mitgedacht werden.",
    "Super, das hilft vor allem den Älteren.",
]
STATUS_MIX = [
    (IdeaStatus.NEW, 70),
    (IdeaStatus.REVIEW, 14),
    (IdeaStatus.ACCEPTED, 9),
    (IdeaStatus.REJECTED, 5),
    (IdeaStatus.MERGED, 2),
]


def log(message, started):
    print(f"  {time.monotonic() - started:6.1f} s  {message}", flush=True)


def make_users(prefix, n, *, verified):
    """``n`` accounts without a usable password (never log in by form) in batches."""
    now = timezone.now()
    users = [
        User(
            email=f"{prefix}{i}@bench.regioagenda.invalid",
            name=f"{prefix.title()} {i}",
            password="!",
            is_active=True,
            date_joined=now,
        )
        for i in range(n)
    ]
    created = []
    for start in range(0, n, BATCH):
        created += User.objects.bulk_create(users[start : start + BATCH])
    if verified:
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in created],
            batch_size=BATCH,
        )
    return created


def sessions_for(users):
    """A logged-in session per user, written straight into the session table."""
    store = SessionStore()
    backend = settings.AUTHENTICATION_BACKENDS[0]
    expire = timezone.now() + datetime.timedelta(days=2)
    rows, keys = [], []
    for user in users:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=BATCH)
    return keys


def skewed(rng, n):
    """Weights with a long tail: a few ideas popular, most with few supports."""
    return [1.0 / (1 + rank) ** 0.8 for rank in rng.sample(range(n), n)]


def build(args):
    rng = random.Random(13)
    started = time.monotonic()
    demo = Agenda.objects.select_related("region", "programme").filter(slug="beispielland").first()
    if demo is None:
        sys.exit("The demo agenda is missing: run manage.py load_demo first.")
    Agenda.objects.filter(slug=SLUG).delete()
    agenda = Agenda.objects.create(
        region=demo.region,
        programme=demo.programme,
        title="Ideen-Benchmark Landkreis Beispielland",
        slug=SLUG,
        horizon_year=demo.horizon_year,
        status=AgendaStatus.ACTIVE,
        current_step="projects",
        is_public=True,
    )
    Phase.objects.create(agenda=agenda, step="projects", modules=["ideas", "events"])
    places = list(area_places(agenda)) or list(Region.objects.filter(parent=demo.region)[:1])
    log(f"agenda {SLUG}, {len(places)} places", started)

    authors = make_users("beteiligte", args.participants, verified=True)
    log(f"{len(authors)} participants", started)

    ideas = []
    statuses = [s for s, w in STATUS_MIX for _ in range(w)]
    for _n in range(args.ideas):
        subject, field = rng.choice(SUBJECTS)
        where = rng.choice(PLACES)
        title = f"{subject} {where}"
        if rng.random() < 0.05:
            title = title.upper()
        sentences = rng.sample(SENTENCES, rng.randint(1, 5))
        ideas.append(
            Idea(
                agenda=agenda,
                step="projects",
                title=title[:200],
                body="".join(f"<p>{s}</p>" for s in sentences),
                author=rng.choice(authors),
                status=rng.choice(statuses),
                place=rng.choice(places) if places and rng.random() < 0.5 else None,
            )
        )
    with transaction.atomic():
        ideas = Idea.objects.bulk_create(ideas, batch_size=BATCH)
        fields = []
        for idea in ideas:
            subject_field = next(f for s, f in SUBJECTS if idea.title.lower().startswith(s.lower()))
            keys = {subject_field}
            if rng.random() < 0.4:
                keys.add(rng.choice(FIELDS))
            fields += [IdeaField(idea=idea, field_key=k, proposed=rng.random() < 0.2) for k in keys]
        IdeaField.objects.bulk_create(fields, batch_size=BATCH)
    with db.cursor() as cursor:
        # Spread the ideas over 90 days in id order (bulk_create stamps them all "now").
        cursor.execute(
            "UPDATE participation_idea SET created = now() - (%s - id) * interval '1 second' * %s "
            "WHERE agenda_id = %s",
            [ideas[-1].pk, 90 * 24 * 3600 / len(ideas), agenda.pk],
        )
    log(f"{len(ideas)} ideas, {len(fields)} fields", started)

    weights = skewed(rng, len(ideas))
    idea_type = ContentType.objects.get_for_model(Idea)
    first_level = int(args.comments * 2 / 3)
    picks = rng.choices(ideas, weights=weights, k=first_level)
    roots = Comment.objects.bulk_create(
        [
            Comment(
                agenda=agenda,
                target_type=idea_type,
                target_id=idea.pk,
                author=rng.choice(authors),
                body=f"<p>{rng.choice(COMMENTS)}</p>",
            )
            for idea in picks
        ],
        batch_size=BATCH,
    )
    replies = [
        Comment(
            agenda=agenda,
            target_type=idea_type,
            target_id=parent.target_id,
            parent=parent,
            author=rng.choice(authors),
            body=f"<p>{rng.choice(COMMENTS)}</p>",
            is_official=rng.random() < 0.05,
        )
        for parent in rng.choices(roots, k=args.comments - first_level)
    ]
    Comment.objects.bulk_create(replies, batch_size=BATCH)
    log(f"{len(roots) + len(replies)} comments", started)

    per_user = max(1, args.supports // len(authors))
    supports = []
    for user in authors:
        chosen = set()
        while len(chosen) < per_user:
            chosen.update(p.pk for p in rng.choices(ideas, weights=weights, k=per_user))
        supports += [Support(idea_id=pk, user=user) for pk in list(chosen)[:per_user]]
        if len(supports) >= args.supports:
            break
    Support.objects.bulk_create(supports[: args.supports], batch_size=BATCH)
    log(f"{min(len(supports), args.supports)} supports", started)

    with db.cursor() as cursor:
        cursor.execute(
            """
            UPDATE participation_idea i SET
              support_count = COALESCE((SELECT count(*) FROM participation_support s
                                        WHERE s.idea_id = i.id), 0),
              comment_count = COALESCE((SELECT count(*) FROM participation_comment c
                                        WHERE c.target_type_id = %s AND c.target_id = i.id), 0)
            WHERE i.agenda_id = %s
            """,
            [idea_type.pk, agenda.pk],
        )
    log("counts set from the rows", started)

    posters = make_users("unterstuetzer", args.posters, verified=True)
    keys = sessions_for(posters)
    reader = make_users("leserin", 1, verified=True)
    reader_key = sessions_for(reader)[0]
    log(f"{len(posters)} accounts with sessions for the support POSTs", started)

    with db.cursor() as cursor:
        for table in (
            "participation_idea",
            "participation_ideafield",
            "participation_comment",
            "participation_support",
            "django_session",
            "accounts_user",
            "account_emailaddress",
        ):
            cursor.execute(f"ANALYZE {table}")
    log("ANALYZE", started)

    # What the load benchmark drives.
    open_ideas = [i for i in ideas if i.status in (IdeaStatus.NEW, IdeaStatus.REVIEW)]
    csrf = secrets.token_hex(16)  # a 32-character secret: the cookie and the form field
    lines = []
    for n, key in enumerate(keys):
        idea = open_ideas[n % len(open_ideas)]
        path = reverse("participation:idea_support", args=[SLUG, idea.pk])
        address = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
        lines.append(f"{key} {csrf} {path} {address}")
    popular = Idea.objects.filter(agenda=agenda).order_by("-comment_count").first()
    list_path = reverse("participation:ideas", args=[SLUG])
    from regioagenda.participation.queries.ideas import _encode

    middle = Idea.objects.filter(agenda=agenda).order_by("-created", "-pk")[len(ideas) // 2]
    return {
        "agenda": SLUG,
        "ideas": len(ideas),
        "comments": len(roots) + len(replies),
        "supports": Support.objects.filter(idea__agenda=agenda).count(),
        "paths": {
            "idea list": list_path,
            "idea list, page in the middle": f"{list_path}?nach={_encode(middle.created, middle.pk)}",
            "idea list filtered": f"{list_path}?feld=mobility&status=new",
            "idea list searched": f"{list_path}?q=Radwege",
            "idea list most supported": f"{list_path}?sortierung=supported",
            "idea page": reverse("participation:idea", args=[SLUG, middle.pk]),
            "idea page, most comments": reverse("participation:idea", args=[SLUG, popular.pk]),
        },
        "popular_idea_comments": popular.comment_count,
        "reader_session": reader_key,
        "post_lines": lines,
        "seconds": round(time.monotonic() - started, 1),
    }


def support_lines():
    """One line per pre-made account that has supported nothing yet: its session, the CSRF
    secret, the support path of an open idea, an address of its own. Built from the database,
    so a second run never repeats a pair the first one stored."""
    agenda = Agenda.objects.get(slug=SLUG)
    done = set(Support.objects.filter(user__email__startswith="unterstuetzer").values_list(
        "user_id", flat=True))  # fmt: skip
    posters = {
        str(pk): pk
        for pk in User.objects.filter(email__startswith="unterstuetzer")
        .exclude(pk__in=done)
        .values_list("pk", flat=True)
    }
    store = SessionStore()
    keys = []
    for key, data in Session.objects.filter(expire_date__gt=timezone.now()).values_list(
        "session_key", "session_data"
    ):
        user_id = store.decode(data).get(SESSION_KEY)
        if user_id in posters:
            keys.append((posters[user_id], key))
    keys.sort()
    open_ideas = list(
        Idea.objects.filter(agenda=agenda, status__in=[IdeaStatus.NEW, IdeaStatus.REVIEW])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    csrf = secrets.token_hex(16)  # a 32-character secret: the cookie and the form field
    lines = []
    for n, (user_id, key) in enumerate(keys):
        path = reverse("participation:idea_support", args=[SLUG, open_ideas[n % len(open_ideas)]])
        address = f"10.{(user_id >> 16) & 255}.{(user_id >> 8) & 255}.{user_id & 255}"
        lines.append(f"{key} {csrf} {path} {address}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=30_000)
    parser.add_argument("--supports", type=int, default=100_000)
    parser.add_argument("--participants", type=int, default=5_000)
    parser.add_argument("--posters", type=int, default=40_000)
    parser.add_argument("--out", default="")
    parser.add_argument(
        "--lines", default="", help="only write the support POST lines of unused accounts"
    )
    args = parser.parse_args()
    if args.lines:
        lines = support_lines()
        Path(args.lines).write_text("\n".join(lines) + "\n")
        print(f"{len(lines)} support POST lines")
        return
    if db.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database (its name containing 'bench').")
    if "bench" not in db.settings_dict["NAME"]:
        sys.exit("Refusing: the database's name must contain 'bench'.")
    print(f"Generating {args.ideas} ideas, {args.comments} comments, {args.supports} supports …")
    result = build(args)
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(
        f"Done in {result['seconds']} s: {result['ideas']} ideas, {result['comments']} comments, "
        f"{result['supports']} supports."
    )


if __name__ == "__main__":
    main()
