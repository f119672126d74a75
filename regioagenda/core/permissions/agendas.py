"""The agenda level: seeing an agenda, its roles, taking part; with the query twins that answer
the same decisions for lists over many agendas."""

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import (
    STAFF_ROLES,
    Membership,
    ProgrammeMembership,
    ProgrammeRole,
    Role,
    User,
)
from regioagenda.core.permissions.reasons import Answer, Denied, says
from regioagenda.core.permissions.roles import (
    AgendaLike,
    Person,
    administers_agenda,
    agenda_roles,
    authenticated,
    signed_in,
)

# The same decisions as query filters, for lists over many agendas -----------------------------


def _agenda_lookups(field: str) -> tuple[str, str]:
    """Lookup prefix and id column of the agenda reached through ``field`` ("" = Agenda)."""
    return (f"{field}__" if field else ""), (f"{field}_id" if field else "pk")


def _programme_office_q(user: User, prefix: str) -> Q:
    return Q(
        **{
            f"{prefix}programme_id__in": ProgrammeMembership.objects.filter(
                user=user, role=ProgrammeRole.ADMIN
            ).values("programme_id")
        }
    )


def viewable_agendas_filter(user: Person, field: str = "agenda") -> Q:
    """``can_view_agenda`` as one ``Q`` over rows whose agenda is reached through ``field``."""
    prefix, own_id = _agenda_lookups(field)
    public = Q(**{f"{prefix}is_public": True})
    person = signed_in(user)
    if person is None:
        return public
    if person.is_superuser:
        return Q()
    member = Q(**{f"{own_id}__in": Membership.objects.filter(user=person).values("agenda_id")})
    return public | member | _programme_office_q(person, prefix)


def content_editable_agendas_filter(user: Person, field: str = "") -> Q:
    """``can_edit_content`` as one ``Q`` (staff roles of the agenda, its programme office)."""
    prefix, own_id = _agenda_lookups(field)
    person = signed_in(user)
    if person is None:
        return Q(pk__in=[])
    if person.is_superuser:
        return Q()
    staff = Q(
        **{
            f"{own_id}__in": Membership.objects.filter(user=person, role__in=STAFF_ROLES).values(
                "agenda_id"
            )
        }
    )
    return staff | _programme_office_q(person, prefix)


# Agenda level ----------------------------------------------------------------------------------


def can_view_agenda(user: Person, agenda: AgendaLike) -> bool:
    return agenda.is_public or bool(agenda_roles(user, agenda)) or administers_agenda(user, agenda)


def is_member(user: Person, agenda: AgendaLike) -> bool:
    return bool(agenda_roles(user, agenda))


@says(_("Nur die Koordination kann die Einstellungen und Prozessschritte der Agenda ändern."))
def can_manage_agenda(user: Person, agenda: AgendaLike) -> bool:
    """Change the agenda's settings and the state of its process steps."""
    return Role.COORDINATOR in agenda_roles(user, agenda) or administers_agenda(user, agenda)


@says(_("Nur die Koordination kann Mitglieder verwalten."))
def can_manage_members(user: Person, agenda: AgendaLike) -> bool:
    return can_manage_agenda(user, agenda)


@says(_("Die Mitgliederliste sehen nur Koordination, Moderation und Redaktion."))
def can_view_members(user: Person, agenda: AgendaLike) -> bool:
    return bool(agenda_roles(user, agenda) & STAFF_ROLES) or administers_agenda(user, agenda)


def can_moderate(user: Person, agenda: AgendaLike) -> bool:
    roles = agenda_roles(user, agenda)
    return bool(roles & {Role.COORDINATOR, Role.MODERATOR}) or administers_agenda(user, agenda)


def can_edit_content(user: Person, agenda: AgendaLike) -> bool:
    return bool(agenda_roles(user, agenda) & STAFF_ROLES) or administers_agenda(user, agenda)


def can_take_part(user: Person, agenda: AgendaLike) -> bool:
    """Contribute as a registered participant: any member, or anyone logged in on a public agenda."""
    if not authenticated(user):
        return False
    return agenda.is_public or is_member(user, agenda) or administers_agenda(user, agenda)


@says(_("Selbst beitreten kann man nur öffentlichen Agenden, in denen man noch keine Rolle hat."))
def can_join(user: Person, agenda: AgendaLike) -> Answer:
    """Sign up as participant of a public agenda one is not yet a member of."""
    if not authenticated(user):
        return Denied(gettext("Bitte melden Sie sich an, um der Agenda beizutreten."))
    if not agenda.is_public:
        return Denied(
            gettext("Diese Agenda ist nicht öffentlich; Mitglieder lädt ihre Koordination ein.")
        )
    if is_member(user, agenda):
        return Denied(gettext("Sie haben in dieser Agenda bereits eine Rolle."))
    return True
