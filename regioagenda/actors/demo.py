"""Demo: the actors of Landkreis Beispielland, its bodies, activities and expert forum.

About forty invented organisations and people from all ten sectors, the agenda's bodies with
members and periods, some twenty activities at regional, national and international scope, and
four forum threads with nested replies and one hidden post; the private second demo agenda gets
a few activities, one of them nearly a duplicate of Beispielland's. Everything is marked as
example data; the data itself lives in ``demo_data/beispielland.yaml``.

Idempotent: rows are found again by their natural keys (names, emails, titles) and brought to
the state in the file, so running ``load_demo`` twice gives the same data.
"""

import datetime
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from regioagenda.accounts.models import Role
from regioagenda.actors.models import (
    Activity,
    ActivityField,
    Body,
    BodyMember,
    ConsentRecord,
    Organisation,
    OrganisationField,
    Person,
    PersonField,
    Post,
    Thread,
)
from regioagenda.core.registry import demo_loaders

DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "beispielland.yaml"
ANONYMISED_ON = datetime.datetime(2026, 5, 2, 9, 0, tzinfo=datetime.UTC)


def demo_data():
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


@demo_loaders.register(30, "actors")
@transaction.atomic
def load(context):
    _ensure_framework()
    data = demo_data()
    users = context["users"]
    private = context.get("private_agenda")
    regions = {
        "kreis": context["region"],
        "musterhausen": private.region if private is not None else context["region"],
    }
    recorder = users.get(Role.COORDINATOR)
    source = data["consent_source"]
    _load_agenda(context["agenda"], data["beispielland"], regions, users, recorder, source)
    if private is not None:
        _load_agenda(private, data["musterhausen"], regions, users, recorder, source)
    _load_forum(context["agenda"], data["forum"], users)


def _ensure_framework():
    from regioagenda.actors.fields import active_fields

    if not active_fields():
        # The matrix loader publishes the framework; do it here if it has not run yet.
        from regioagenda.matrix.demo import FRAMEWORK_FILE
        from regioagenda.matrix.framework import publish_framework

        publish_framework(FRAMEWORK_FILE)


def _load_agenda(agenda, data, regions, users, recorder, source):
    organisations = {}
    for row in data["organisations"]:
        organisation = _upsert(
            Organisation,
            {"agenda": agenda, "name": row["name"]},
            {
                "sector": row["sector"],
                "region": regions[row["region"]],
                "website": row.get("website", ""),
                "description": row.get("description", ""),
                "is_example": True,
            },
        )
        for key in row.get("fields", []):
            OrganisationField.objects.get_or_create(organisation=organisation, field_key=key)
        organisations[organisation.name] = organisation

    people = {}
    for row in data["people"]:
        people[row["key"]] = _person(agenda, row, organisations, regions, users, recorder, source)

    bodies = {}
    for row in data.get("bodies", []):
        body = _upsert(
            Body,
            {"agenda": agenda, "name": row["name"]},
            {
                "kind": row["kind"],
                "field_key": row.get("field", ""),
                "description": row.get("description", ""),
                "is_example": True,
            },
        )
        for key, role, start, end in row["members"]:
            _upsert(
                BodyMember,
                {"body": body, "person": people[key], "start": start},
                {"role": role, "end": end},
            )
        bodies[body.name] = body

    for row in data["activities"]:
        activity = _upsert(
            Activity,
            {"agenda": agenda, "title": row["title"]},
            {
                "kind": row["kind"],
                "scope": row["scope"],
                "status": row["status"],
                "description": row.get("description", ""),
                "responsible": organisations.get(row.get("responsible")),
                "start": row.get("start"),
                "end": row.get("end"),
                "url": row.get("url", ""),
                "is_example": True,
            },
        )
        activity.organisations.set(organisations[name] for name in row.get("organisations", []))
        activity.bodies.set(bodies[name] for name in row.get("bodies", []))
        for key in row["fields"]:
            ActivityField.objects.get_or_create(activity=activity, field_key=key)


def _upsert(model, lookup, values):
    """The row found by ``lookup`` with ``values``; saved only when something differs, so a
    second run leaves every row (and its ``updated`` time) as it was."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def _person(agenda, row, organisations, regions, users, recorder, source):
    organisation = organisations.get(row.get("organisation"))
    region = regions[row["region"]] if row.get("region") else None
    if region is None and organisation is not None:
        region = organisation.region
    if row.get("anonymised"):
        # Anonymised for good: no name, no contact; the row stays for what refers to it.
        person = Person.objects.filter(agenda=agenda, is_anonymised=True, is_example=True).first()
        values = {
            "organisation": organisation,
            "sector": "",
            "name": "",
            "function": "",
            "email": "",
            "phone": "",
            "region": region,
            "visibility": "internal",
            "user": None,
            "is_anonymised": True,
            "anonymised_on": ANONYMISED_ON,
            "is_example": True,
        }
        if person is None:
            person = Person.objects.create(agenda=agenda, **values)
        else:
            person = _upsert(Person, {"pk": person.pk}, values)
    else:
        person = _upsert(
            Person,
            {"agenda": agenda, "email": row["email"]},
            {
                "organisation": organisation,
                "sector": row.get("sector", "") if organisation is None else "",
                "name": row["name"],
                "function": row.get("function", ""),
                "phone": row.get("phone", ""),
                "region": region,
                "visibility": row["visibility"],
                "user": users.get(row["user"]) if row.get("user") else None,
                "is_anonymised": False,
                "is_example": True,
            },
        )
    for key in row.get("fields", []):
        PersonField.objects.get_or_create(person=person, field_key=key)
    for purpose, (given_on, withdrawn_on) in row.get("consents", {}).items():
        _upsert(
            ConsentRecord,
            {"person": person, "purpose": purpose, "given_on": given_on},
            {"source": source, "withdrawn_on": withdrawn_on, "recorded_by": recorder},
        )
    return person


# Forum ------------------------------------------------------------------------------------------


def _load_forum(agenda, threads, users):
    from regioagenda.actors.services import forum

    moderator = users[Role.MODERATOR]
    for row in threads:
        if Thread.objects.filter(agenda=agenda, title=row["title"], is_example=True).exists():
            continue
        clock = _Clock(datetime.datetime.fromisoformat(row["start"]))
        thread = forum.start_thread(
            actor=users[row["author"]],
            agenda=agenda,
            field_key=row["field"],
            title=row["title"],
            body=row["body"],
        )
        Thread.objects.filter(pk=thread.pk).update(is_example=True)
        first = thread.posts.get()
        clock.stamp(first)
        _replies(forum, thread, first, row.get("replies", []), users, moderator, clock)
        if row.get("pinned"):
            forum.pin_thread(actor=moderator, thread=thread)
        if row.get("closed"):
            forum.close_thread(actor=moderator, thread=thread)
        # Created and last activity follow the posts' invented times, not the moment of loading.
        Thread.objects.filter(pk=thread.pk).update(created=clock.first, last_activity=clock.last)


def _replies(forum, thread, parent, rows, users, moderator, clock):
    for row in rows:
        post = forum.add_post(
            actor=users[row["author"]], thread=thread, body=row["body"], parent=parent, notify=False
        )
        clock.stamp(post)
        if row.get("hidden"):
            forum.hide_post(actor=moderator, post=post, reason=row["hidden"])
            Post.objects.filter(pk=post.pk).update(hidden=clock.last)
        _replies(forum, thread, post, row.get("replies", []), users, moderator, clock)


class _Clock:
    """Hands out the invented times of a thread's posts: a few hours apart, in order."""

    def __init__(self, start):
        self.first = timezone.make_aware(start) if timezone.is_naive(start) else start
        self.last = self.first
        self.count = 0

    def stamp(self, post):
        moment = self.first + datetime.timedelta(hours=5 * self.count, minutes=7 * self.count)
        self.count += 1
        self.last = moment
        Post.objects.filter(pk=post.pk).update(created=moment)
