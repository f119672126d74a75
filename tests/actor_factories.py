"""factory_boy factories of the actors part (organisations, people, bodies, activities, forum)."""

import datetime

import factory
from django.utils import timezone

from regioagenda.actors.models import (
    Activity,
    ActivityKind,
    ActivityScope,
    Body,
    BodyKind,
    BodyMember,
    ConsentPurpose,
    ConsentRecord,
    Organisation,
    Person,
    Post,
    Sector,
    Thread,
)
from tests.factories import AgendaFactory, UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    agenda = factory.SubFactory(AgendaFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.ECONOMY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    agenda = factory.SubFactory(AgendaFactory)
    name = factory.Sequence(lambda n: f"Person Nummer {n}")
    email = factory.Sequence(lambda n: f"akteur{n}@example.org")
    function = "Leitung"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    person = factory.SubFactory(PersonFactory)
    purpose = ConsentPurpose.PUBLISH
    given_on = factory.LazyFunction(datetime.date.today)
    source = "Anmeldeformular"


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    agenda = factory.SubFactory(AgendaFactory)
    kind = BodyKind.STEERING
    name = factory.Sequence(lambda n: f"Gremium {n}")


class BodyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMember

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory, agenda=factory.SelfAttribute("..body.agenda"))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    agenda = factory.SubFactory(AgendaFactory)
    title = factory.Sequence(lambda n: f"Aktivität {n}")
    kind = ActivityKind.PROJECT
    scope = ActivityScope.REGIONAL


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    agenda = factory.SubFactory(AgendaFactory)
    field_key = "mobility"
    title = factory.Sequence(lambda n: f"Diskussion {n}")
    author = factory.SubFactory(UserFactory)
    last_activity = factory.LazyFunction(timezone.now)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "<p>Ein Beitrag.</p>"


def readable_post_count(thread):
    """How many posts of ``thread`` members can read, counted as every forum page counts them."""
    from regioagenda.actors.queries.forum import with_post_counts

    return with_post_counts(Thread.objects.filter(pk=thread.pk)).get().post_count
