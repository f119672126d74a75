"""factory_boy factories shared by all test modules."""

import factory

from regioagenda.accounts.models import Membership, ProgrammeMembership, Role, User
from regioagenda.regions.models import Agenda, Programme, Region, RegionKind, RegionLevel


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="de_DE")
    password = factory.django.Password("correct horse battery staple")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Landkreis Test {n}")
    level = RegionLevel.KREIS
    kind = RegionKind.LANDKREIS
    ags = factory.Sequence(lambda n: f"09{(n % 900) + 100:03d}")
    population = 100_000


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Programm {n}")
    slug = factory.Sequence(lambda n: f"programm-{n}")


class AgendaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agenda

    region = factory.SubFactory(RegionFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Digitale Agenda {n}")
    slug = factory.Sequence(lambda n: f"agenda-{n}")
    horizon_year = 2030
    is_public = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agenda = factory.SubFactory(AgendaFactory)
    role = Role.PARTICIPANT


class ProgrammeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeMembership

    user = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)
