"""The demo: ~40 actors across all sectors, the bodies, ~20 activities at three scopes and a few
forum threads, loaded idempotently and respecting the privacy flags."""

import pytest

from regioagenda.actors.models import (
    Activity,
    ActivityField,
    ActivityScope,
    Body,
    BodyKind,
    BodyMember,
    ConsentPurpose,
    ConsentRecord,
    Organisation,
    OrganisationField,
    Person,
    PersonField,
    Post,
    Sector,
    Thread,
    Visibility,
)
from regioagenda.actors.queries.forum import forum_index
from regioagenda.community.models import Follow
from tests.conftest import shared_by_the_module

pytestmark = pytest.mark.django_db

MODELS = [
    Organisation,
    OrganisationField,
    Person,
    PersonField,
    ConsentRecord,
    Body,
    BodyMember,
    Activity,
    ActivityField,
    Thread,
    Post,
    Follow,
]


def _snapshot():
    return {
        model.__name__: sorted(tuple(str(v) for v in row) for row in model.objects.values_list())
        for model in MODELS
    } | {
        "activity_organisations": sorted(
            Activity.organisations.through.objects.values_list("activity_id", "organisation_id")
        ),
        "activity_bodies": sorted(
            Activity.bodies.through.objects.values_list("activity_id", "body_id")
        ),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (the tests only read it; each is rolled back)."""
    from regioagenda.actors import demo
    from regioagenda.regions import demo as regions_demo

    with shared_by_the_module(django_db_blocker):
        context = {}
        regions_demo.load(context)
        demo.load(context)
        yield context


def _publicly_shown(person):
    return (
        person.visibility == Visibility.PUBLIC
        and not person.is_anonymised
        and person.consents.filter(purpose=ConsentPurpose.PUBLISH, withdrawn_on=None).exists()
    )


def test_loading_twice_gives_the_same_data(demo):
    from regioagenda.actors import demo as actors_demo

    before = _snapshot()
    actors_demo.load(demo)
    assert _snapshot() == before


def test_counts_and_every_sector(demo):
    agenda = demo["agenda"]
    organisations = Organisation.objects.filter(agenda=agenda)
    people = Person.objects.filter(agenda=agenda).select_related("organisation")
    assert 16 <= organisations.count() <= 20
    assert 22 <= people.count() <= 28
    assert 36 <= organisations.count() + people.count() <= 46
    sectors = set(organisations.values_list("sector", flat=True)) | {
        p.effective_sector for p in people
    }
    assert sectors >= set(Sector.values)
    assert all(o.is_example for o in organisations) and all(p.is_example for p in people)
    assert all(".example.invalid" in o.website for o in organisations)
    assert all(p.email.endswith("@example.invalid") for p in people if p.email)
    regions = {demo["region"].pk, demo["private_agenda"].region.pk}
    assert set(organisations.values_list("region_id", flat=True)) <= regions
    # Every organisation and every person (but the anonymised one) has fields.
    assert not organisations.filter(field_links=None).exists()
    assert not people.filter(field_links=None, is_anonymised=False).exists()


def test_bodies_members_and_linked_users(demo):
    agenda, users = demo["agenda"], demo["users"]
    kinds = list(Body.objects.filter(agenda=agenda).values_list("kind", flat=True))
    assert kinds.count(BodyKind.STEERING) == 1
    assert kinds.count(BodyKind.EXPERT_FORUM) == 1
    assert kinds.count(BodyKind.WORKING_GROUP) == 3
    assert kinds.count(BodyKind.SPONSORS) == 1
    groups = Body.objects.filter(agenda=agenda, kind=BodyKind.WORKING_GROUP)
    assert all(g.field_key for g in groups)
    assert not Body.objects.filter(agenda=agenda, members=None).exists()
    forum = Body.objects.get(agenda=agenda, kind=BodyKind.EXPERT_FORUM)
    linked = set(
        BodyMember.objects.filter(body=forum)
        .exclude(person__user=None)
        .values_list("person__user_id", flat=True)
    )
    assert {users["expert"].pk, users["moderator"].pk} <= linked
    assert BodyMember.objects.filter(body__agenda=agenda).exclude(end=None).exists()


def test_activities_at_three_scopes(demo):
    agenda = demo["agenda"]
    activities = Activity.objects.filter(agenda=agenda)
    assert 18 <= activities.count() <= 24
    scopes = {scope: activities.filter(scope=scope).count() for scope in ActivityScope.values}
    assert all(count >= 3 for count in scopes.values())
    assert not activities.filter(field_links=None).exists()
    regional = activities.filter(scope=ActivityScope.REGIONAL)
    assert not regional.filter(responsible=None).exists()
    assert activities.exclude(bodies=None).exists()
    assert all(a.is_example for a in activities)
    # National and international entries are invented and say so.
    for activity in activities.exclude(scope=ActivityScope.REGIONAL):
        assert "(Beispiel)" in activity.title
        assert activity.organisations.exists()


def test_privacy_flags(demo):
    agenda = demo["agenda"]
    people = list(Person.objects.filter(agenda=agenda).prefetch_related("consents"))
    anonymised = [p for p in people if p.is_anonymised]
    assert len(anonymised) == 1
    person = anonymised[0]
    assert person.name == "" and person.email == "" and person.phone == ""
    assert str(person.display_name) == "Anonymisierte Person"
    assert person.consents.exists() and not person.consents.filter(withdrawn_on=None).exists()
    # …and the working group that had them keeps its membership row.
    assert person.body_memberships.exists()

    shown = [p for p in people if _publicly_shown(p)]
    internal = [p for p in people if p.visibility == Visibility.INTERNAL and not p.is_anonymised]
    assert len(shown) > len(people) / 2
    assert len(internal) >= 3
    withdrawn = ConsentRecord.objects.filter(
        person__agenda=agenda,
        person__is_anonymised=False,
        purpose=ConsentPurpose.PUBLISH,
        withdrawn_on__isnull=False,
    )
    assert withdrawn.count() == 1
    assert not _publicly_shown(withdrawn.get().person)
    assert all(p.consents.exists() for p in people)


def test_forum_threads_with_nested_replies_and_a_hidden_post(demo):
    agenda, users = demo["agenda"], demo["users"]
    threads = Thread.objects.filter(agenda=agenda)
    assert 3 <= threads.count() <= 4
    assert len(set(threads.values_list("field_key", flat=True))) == threads.count()
    assert all(t.is_example for t in threads)
    posts = Post.objects.filter(thread__agenda=agenda)
    assert posts.filter(parent__parent__isnull=False).exists()  # nested at least two deep
    assert posts.filter(hidden__isnull=False).count() == 1
    authors = set(posts.values_list("author_id", flat=True))
    assert {users["expert"].pk, users["moderator"].pk} <= authors
    index = forum_index(agenda)
    assert index["post_total"] == posts.filter(hidden=None).count()
    for thread in threads:
        assert thread.last_activity == max(p.created for p in thread.posts.all())
    assert threads.filter(is_pinned=True).count() == 1
    assert threads.filter(is_closed=True).count() == 1


def test_second_agenda_has_a_near_duplicate_activity(demo):
    from difflib import SequenceMatcher

    private = demo["private_agenda"]
    theirs = list(Activity.objects.filter(agenda=private).values_list("title", flat=True))
    assert 2 <= len(theirs) <= 5
    ours = list(Activity.objects.filter(agenda=demo["agenda"]).values_list("title", flat=True))
    best = max(SequenceMatcher(None, a.lower(), b.lower()).ratio() for a in theirs for b in ours)
    assert best > 0.8
    assert not set(theirs) & set(ours)  # near, not exactly the same


def test_agenda_home_block_renders(demo, client, no_staff_mfa):
    from django.urls import reverse

    client.force_login(demo["users"]["coordinator"])
    response = client.get(reverse("regions:agenda_home", args=[demo["agenda"].slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Akteure und Aktivitäten" in html
    assert reverse("actors:forum", args=[demo["agenda"].slug]) in html
