"""Who asks and what about: a person's roles, loaded once per user object, and the shapes of the
objects the predicates look at.

``core`` sits below the apps that own agendas, rounds and threads, so the predicates know those
objects only by the attributes they read (the protocols below), never by import.
"""

from typing import Any, Protocol, TypeAlias

from django.contrib.auth.models import AnonymousUser

from regioagenda.accounts.models import Membership, ProgrammeMembership, ProgrammeRole, User

Person: TypeAlias = User | AnonymousUser | None

_AGENDA_ROLES_CACHE = "_regioagenda_agenda_roles"
_PROGRAMME_ROLES_CACHE = "_regioagenda_programme_roles"


class ProgrammeLike(Protocol):
    @property
    def pk(self) -> Any: ...


class AgendaLike(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def is_public(self) -> bool: ...
    @property
    def programme_id(self) -> Any: ...


class RoundLike(Protocol):
    @property
    def agenda(self) -> AgendaLike: ...
    @property
    def title(self) -> str: ...
    @property
    def is_open(self) -> bool: ...
    @property
    def is_closed(self) -> bool: ...
    @property
    def invitations(self) -> Any: ...  # the round's RaterInvitation manager


class ThreadLike(Protocol):
    @property
    def agenda(self) -> AgendaLike: ...
    @property
    def is_closed(self) -> bool: ...


class ActivityLike(Protocol):
    @property
    def agenda(self) -> AgendaLike: ...


class JobLike(Protocol):
    @property
    def created_by_id(self) -> Any: ...


def signed_in(user: Person) -> User | None:
    """``user`` when logged in with an active account; None for everyone else (anonymous)."""
    if user is not None and user.is_authenticated and user.is_active:
        return user
    return None


def authenticated(user: Person) -> bool:
    return signed_in(user) is not None


def _agenda_roles_by_id(user: User) -> dict[Any, set[str]]:
    cache: dict[Any, set[str]] | None = getattr(user, _AGENDA_ROLES_CACHE, None)
    if cache is None:
        cache = {}
        for agenda_id, role in Membership.objects.filter(user=user).values_list(
            "agenda_id", "role"
        ):
            cache.setdefault(agenda_id, set()).add(role)
        setattr(user, _AGENDA_ROLES_CACHE, cache)
    return cache


def agenda_roles(user: Person, agenda: AgendaLike) -> frozenset[str]:
    """The set of roles ``user`` holds in ``agenda`` (empty for anonymous users)."""
    person = signed_in(user)
    if person is None:
        return frozenset()
    return frozenset(_agenda_roles_by_id(person).get(agenda.pk, ()))


def all_agenda_roles(user: Person) -> list[set[str]]:
    """The role sets of every agenda ``user`` belongs to (the same one query)."""
    person = signed_in(user)
    if person is None:
        return []
    return list(_agenda_roles_by_id(person).values())


def programme_roles(user: User) -> dict[Any, set[str]]:
    """``{programme_id: {role, …}}`` of ``user``, loaded once per user object."""
    cache: dict[Any, set[str]] | None = getattr(user, _PROGRAMME_ROLES_CACHE, None)
    if cache is None:
        cache = {}
        for programme_id, role in ProgrammeMembership.objects.filter(user=user).values_list(
            "programme_id", "role"
        ):
            cache.setdefault(programme_id, set()).add(role)
        setattr(user, _PROGRAMME_ROLES_CACHE, cache)
    return cache


def forget_roles(user: Person) -> None:
    """Drop the cached roles, after a service changed them within the same request."""
    for attr in (_AGENDA_ROLES_CACHE, _PROGRAMME_ROLES_CACHE):
        if hasattr(user, attr):
            delattr(user, attr)


def administers_agenda(user: Person, agenda: AgendaLike) -> bool:
    """The programme office of the agenda's programme, or a superuser."""
    person = signed_in(user)
    if person is None:
        return False
    if person.is_superuser:
        return True
    return agenda.programme_id is not None and ProgrammeRole.ADMIN in programme_roles(person).get(
        agenda.programme_id, ()
    )
