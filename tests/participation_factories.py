"""factory_boy factories of the participation app, and a participant who may contribute."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from regioagenda.accounts.models import Membership, Role
from regioagenda.participation.models import (
    Comment,
    Event,
    EventKind,
    Idea,
    IdeaField,
    Phase,
    Registration,
    RegistrationStatus,
    Support,
)
from tests.factories import AgendaFactory, UserFactory


def verified(user):
    """``user`` with a confirmed email address (a first contribution needs one)."""
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def participant(agenda, **kwargs):
    """A verified account with the participant role in ``agenda``."""
    user = verified(UserFactory(**kwargs))
    Membership.objects.get_or_create(user=user, agenda=agenda, role=Role.PARTICIPANT)
    return user


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase
        django_get_or_create = ("agenda", "step")

    agenda = factory.SubFactory(AgendaFactory)
    step = "projects"
    modules = factory.LazyFunction(lambda: ["ideas", "prioritisation", "events"])


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    agenda = factory.SubFactory(AgendaFactory)
    step = "projects"
    title = factory.Sequence(lambda n: f"Idee {n}: Glasfaser für das Gewerbegebiet")
    body = "<p>Ein schnelles Netz für die Betriebe am Ortsrand.</p>"
    author = factory.SubFactory(UserFactory)


class IdeaFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdeaField

    idea = factory.SubFactory(IdeaFactory)
    field_key = "work"


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    agenda = factory.SubFactory(AgendaFactory)
    step = "projects"
    kind = EventKind.WORKSHOP
    title = factory.Sequence(lambda n: f"Zukunftswerkstatt {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=3))
    place = "Landratsamt, Großer Sitzungssaal"
    capacity = 30


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.CONFIRMED
    queued_at = factory.LazyFunction(timezone.now)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment
        exclude = ("on",)

    on = factory.SubFactory(IdeaFactory)
    agenda = factory.LazyAttribute(lambda c: c.on.agenda)
    target_type = factory.LazyAttribute(lambda c: ContentType.objects.get_for_model(c.on))
    target_id = factory.LazyAttribute(lambda c: c.on.pk)
    author = factory.SubFactory(UserFactory)
    body = "<p>Gute Idee, das brauchen wir auch in unserem Ortsteil.</p>"
