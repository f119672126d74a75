"""What the actors part offers the matrix's invite form (``core.registry.rater_candidates``):
the register's people with an email address, and the email invitation into the agenda for
someone who is not a member yet (as an expert, like an invitation from the pool)."""

from django.core.exceptions import ValidationError

from regioagenda.core.registry import RaterCandidate, rater_candidates


def candidates(agenda):
    from regioagenda.actors.models import Person

    people = (
        Person.objects.filter(agenda=agenda, is_anonymised=False)
        .exclude(email="")
        .select_related("organisation")
        .order_by("name", "pk")
    )
    out = []
    for person in people:
        if person.sector:
            label = str(person.get_sector_display())
        elif person.organisation is not None:
            label = str(person.organisation.get_sector_display())
        else:
            label = ""
        out.append(RaterCandidate(name=person.name, email=person.email, sector=label))
    return out


def invite_member(*, actor, agenda, email, base_url=""):
    """Invite ``email`` into the agenda as an expert; False when an invitation is already open."""
    from regioagenda.accounts.models import Role
    from regioagenda.actors.queries.register import person_with_email
    from regioagenda.actors.services import invitations

    try:
        invitations.invite(
            actor=actor,
            agenda=agenda,
            email=email,
            role=Role.EXPERT,
            person=person_with_email(agenda, email),
            base_url=base_url,
        )
    except ValidationError:
        return False  # already invited and still open, or not a valid address
    return True


rater_candidates.register("actors", candidates)
rater_candidates.set_inviter(invite_member)
