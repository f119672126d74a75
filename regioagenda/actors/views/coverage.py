"""The coverage page: sectors × fields, the gaps in words, and whom to invite to close them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regioagenda.actors.context import actors_nav
from regioagenda.actors.models import Sector
from regioagenda.actors.queries import coverage as queries
from regioagenda.actors.services import invitations as invitation_services
from regioagenda.actors.views.invitations import base_url
from regioagenda.core import permissions
from regioagenda.regions.queries import agenda_for


@require_GET
def coverage(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_actors)
    context = {
        "agenda": agenda,
        "actors_nav": actors_nav(request.user, agenda),
        "can_invite": permissions.can_manage_bodies(request.user, agenda),
        **queries.cached_coverage_grid(agenda),
    }
    field_key = request.GET.get("field", "").strip()
    status = 200
    if field_key:
        sector = request.GET.get("sector", "").strip()
        context["suggestion"] = queries.suggestion_context(agenda, field_key, sector)
        if "error" in context["suggestion"]:
            status = 400
    return render(request, "actors/coverage/coverage.html", context, status=status)


@login_required
@require_POST
def coverage_invite(request, slug):
    """Invite a suggested pool person; back to the suggestions the button was on."""
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_bodies)
    field_key = request.POST.get("field", "").strip()
    sector = request.POST.get("sector", "").strip()
    try:
        invitation_services.invite_from_pool(
            actor=request.user,
            agenda=agenda,
            person_id=request.POST.get("person", ""),
            field_key=field_key,
            base_url=base_url(request),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Die Einladung ist verschickt; sie gilt %(days)s Tage.")
            % {"days": invitation_services.VALID_DAYS},
        )
    params = {"field": field_key}
    if sector in Sector.values:
        params["sector"] = sector
    return redirect(
        f"{reverse('actors:coverage', args=[agenda.slug])}?{urlencode(params)}#vorschlaege"
    )
