"""The programme level: the programme office and the register above all agendas."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import ProgrammeMembership, ProgrammeRole
from regioagenda.core.permissions.reasons import says
from regioagenda.core.permissions.roles import Person, ProgrammeLike, programme_roles, signed_in


def is_programme_admin(user: Person, programme: ProgrammeLike | None = None) -> bool:
    """Programme office of ``programme`` (of any programme when None); superusers count too."""
    person = signed_in(user)
    if person is None:
        return False
    if person.is_superuser:
        return True
    roles = programme_roles(person)
    if programme is None:
        return any(ProgrammeRole.ADMIN in r for r in roles.values())
    return ProgrammeRole.ADMIN in roles.get(programme.pk, ())


def programme_office_filter(user: Person) -> Q:
    """``is_programme_admin(user, programme)`` as one ``Q`` over programmes (the dashboard's
    list of programmes one runs)."""
    person = signed_in(user)
    if person is None:
        return Q(pk__in=[])
    if person.is_superuser:
        return Q()
    return Q(
        pk__in=ProgrammeMembership.objects.filter(user=person, role=ProgrammeRole.ADMIN).values(
            "programme_id"
        )
    )


@says(_("Nur das Programmbüro dieses Programms kann es verwalten."))
def can_manage_programme(user: Person, programme: ProgrammeLike) -> bool:
    return is_programme_admin(user, programme)


@says(_("Nur das Programmbüro dieses Programms kann Agenden anlegen."))
def can_create_agenda(user: Person, programme: ProgrammeLike) -> bool:
    return is_programme_admin(user, programme)


@says(_("Nur das Programmbüro kann Regionen anlegen und das Gemeindeverzeichnis einlesen."))
def can_manage_register(user: Person) -> bool:
    """Import the official register and add alliances: the programme office's business."""
    return is_programme_admin(user)
