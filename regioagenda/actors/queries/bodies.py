"""Read paths of the bodies pages and the invitations list: a fixed number of queries each."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, TypedDict

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from regioagenda.accounts.models import Role
from regioagenda.actors.fields import field_names
from regioagenda.actors.models import (
    Body,
    BodyKind,
    BodyMember,
    BodyRole,
    Invitation,
    Person,
)
from regioagenda.actors.queries.register import pool_people, visible_people_filter
from regioagenda.regions.models import Agenda

# Chair first, guests last, whatever the alphabet says.
ROLE_ORDER: dict[str, int] = {
    BodyRole.CHAIR: 0,
    BodyRole.DEPUTY: 1,
    BodyRole.OFFICE: 2,
    BodyRole.MEMBER: 3,
    BodyRole.GUEST: 4,
}

# Bodies in the order of responsibility: who steers, who advises, who works, who implements.
_KIND_ORDER = Case(
    *(When(kind=kind, then=Value(position)) for position, kind in enumerate(BodyKind)),
    default=Value(len(BodyKind)),
)


def _current(today: datetime.date) -> Q:
    return Q(end__isnull=True) | Q(end__gte=today)


def get_body(agenda: Agenda, pk: int) -> Body:
    body = Body.objects.filter(agenda=agenda, pk=pk).first()
    if body is None:
        raise Http404(_("Dieses Gremium gibt es in dieser Agenda nicht."))
    body.agenda = agenda
    return body


def member_count(body: Body) -> int:
    """All memberships of the body, ended ones too: deleting the body deletes them all."""
    return BodyMember.objects.filter(body=body).count()


def get_member(body: Body, pk: int) -> BodyMember:
    member = BodyMember.objects.select_related("person").filter(body=body, pk=pk).first()
    if member is None:
        raise Http404(_("Diese Mitgliedschaft gibt es in diesem Gremium nicht."))
    member.body = body
    return member


def get_invitation(agenda: Agenda, pk: int) -> Invitation:
    invitation = Invitation.objects.filter(agenda=agenda, pk=pk).first()
    if invitation is None:
        raise Http404(_("Diese Einladung gibt es in dieser Agenda nicht."))
    invitation.agenda = agenda
    return invitation


def _sorted(members: Iterable[BodyMember]) -> list[BodyMember]:
    return sorted(
        members,
        key=lambda m: (ROLE_ORDER.get(m.role, 9), m.person.display_name.lower(), m.pk),
    )


def _members_prefetch(today: datetime.date, *, internal: bool) -> Prefetch:
    """Current members with their person; the public view fetches only the people it may name."""
    queryset = BodyMember.objects.filter(_current(today)).select_related("person")
    if not internal:
        queryset = queryset.filter(visible_people_filter("person__"))
    return Prefetch("members", queryset=queryset, to_attr="shown_members")


def bodies_overview(agenda: Agenda, *, internal: bool) -> Sequence[Body]:
    """The agenda's bodies with kind, field, task and the number of current members; members by
    name: all of them when ``internal``, else only those who may be shown publicly.

    Three queries whatever the number of bodies and members (bodies, members, field names).
    """
    today = timezone.localdate()
    bodies = list(
        Body.objects.filter(agenda=agenda)
        .annotate(member_count=Count("members", filter=_current_members(today), distinct=True))
        .prefetch_related(_members_prefetch(today, internal=internal))
        .order_by(_KIND_ORDER, "name", "pk")
    )
    names = field_names()
    for body in bodies:
        body.field_name = names.get(body.field_key, body.field_key)
        body.shown_members = _sorted(body.shown_members)
        body.hidden_count = body.member_count - len(body.shown_members)
    return bodies


def _current_members(today: datetime.date) -> Q:
    return Q(members__end__isnull=True) | Q(members__end__gte=today)


def body_detail(agenda: Agenda, body: Body, *, internal: bool) -> dict[str, Any]:
    """One body: current and former members (all with role and period when ``internal``; only
    public people by name otherwise, the rest counted)."""
    today = timezone.localdate()
    rows = BodyMember.objects.filter(body=body).select_related("person", "person__organisation")
    if not internal:
        # django-stubs refuses an annotation named like an attribute the model declares.
        rows = rows.annotate(  # type: ignore[no-redef]
            is_public=Exists(
                Person.objects.filter(visible_people_filter(), pk=OuterRef("person_id"))
            )
        )
    members = list(rows)
    current = _sorted(m for m in members if m.end is None or m.end >= today)
    former = sorted(
        (m for m in members if m.end is not None and m.end < today),
        key=lambda m: (-_toordinal(m.end), m.person.display_name.lower(), m.pk),
    )
    for member in members:
        member.body = body
    body.field_name = field_names().get(body.field_key, body.field_key) if body.field_key else ""
    context: dict[str, Any] = {"body": body, "today": today}
    if internal:
        context.update(members=current, former_members=former)
    else:
        shown = [m for m in current if m.is_public]
        context.update(
            members=shown,
            hidden_count=len(current) - len(shown),
            former_members=[m for m in former if m.is_public],
            former_hidden_count=sum(1 for m in former if not m.is_public),
        )
    context["member_count"] = len(current)
    return context


def _toordinal(day: datetime.date | None) -> int:
    """A former membership's end as a number, for sorting (former ones always have one)."""
    return day.toordinal() if day is not None else 0


STATE_LABELS: dict[str, StrOrPromise] = {
    "pending": gettext_lazy("offen"),
    "accepted": gettext_lazy("angenommen"),
    "expired": gettext_lazy("abgelaufen"),
    "revoked": gettext_lazy("zurückgezogen"),
}


class InvitationGroup(TypedDict):
    key: str
    label: StrOrPromise
    invitations: list[Invitation]


class InvitationsOverview(TypedDict):
    groups: list[InvitationGroup]
    invitation_count: int


def invitations_overview(agenda: Agenda) -> InvitationsOverview:
    """The agenda's invitations grouped by state (pending, accepted, expired, revoked).

    Addresses of people found in the programme-wide pool are not shown: the inviter picked them
    from a suggestion and never saw them. Up to three queries.
    """
    now = timezone.now()
    invitations = list(
        Invitation.objects.filter(agenda=agenda)
        .select_related("body", "person", "created_by", "accepted_by")
        .order_by("-created", "-pk")
    )
    unlinked = {inv.email.lower() for inv in invitations if inv.person_id is None}
    pool_names: dict[str, str] = {}
    if unlinked:
        own = set(
            Person.objects.annotate(email_lower=Lower("email"))
            .filter(agenda=agenda, email_lower__in=unlinked)
            .values_list("email_lower", flat=True)
        )
        wanted = unlinked - own
        if wanted:
            for email, name in (
                pool_people(agenda)
                .annotate(email_lower=Lower("email"))
                .filter(email_lower__in=wanted)
                .order_by("pk")
                .values_list("email_lower", "name")
            ):
                pool_names.setdefault(email, name)
    groups: dict[str, list[Invitation]] = {key: [] for key in STATE_LABELS}
    for invitation in invitations:
        invitation.state = invitation.state_at(now)
        invitation.state_label = STATE_LABELS[invitation.state]
        invitation.role_label = Role(invitation.role).label
        invitation.pool_name = (
            pool_names.get(invitation.email.lower()) if invitation.person_id is None else None
        )
        groups[invitation.state].append(invitation)
    return {
        "groups": [
            {"key": key, "label": STATE_LABELS[key], "invitations": groups[key]}
            for key in STATE_LABELS
        ],
        "invitation_count": len(invitations),
    }
