"""Accounts and jobs: the second factor, and whose background job one may watch."""

from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import STAFF_ROLES
from regioagenda.core.permissions.programmes import is_programme_admin
from regioagenda.core.permissions.reasons import says
from regioagenda.core.permissions.roles import JobLike, Person, all_agenda_roles, signed_in


def requires_mfa(user: Person) -> bool:
    """Staff roles act on behalf of a region or the programme, so they need a second factor."""
    person = signed_in(user)
    if person is None:
        return False
    if person.is_superuser or person.is_staff or is_programme_admin(person):
        return True
    return any(roles & STAFF_ROLES for roles in all_agenda_roles(person))


@says(_("Diese Aufgabe wurde von einer anderen Person gestartet."))
def can_view_job(user: Person, job: JobLike) -> bool:
    person = signed_in(user)
    if person is None:
        return False
    return job.created_by_id == person.pk or person.is_superuser
