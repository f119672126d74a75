"""The moderation queue of an agenda (``participation:moderation``): reports across the expert
forum, ideas and comments, hidden contributions and blocked people, and the actions on them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regioagenda.accounts.models import AgendaBlock
from regioagenda.community import moderation as services
from regioagenda.community.targets import load
from regioagenda.core import permissions
from regioagenda.participation.queries import moderation as queries
from regioagenda.regions.queries import agenda_for

ACTIONS = {"hide", "unhide", "dismiss", "block", "unblock"}


def _item(agenda, request):
    """The contribution an action names; one of another agenda is not found here."""
    try:
        pk = int(request.POST.get("id", ""))
    except ValueError:
        raise Http404("id") from None
    target, obj = load(request.POST.get("kind", ""), pk)
    if not target.reportable or target.agenda(obj).pk != agenda.pk:
        raise Http404("other agenda")
    return target, obj


@login_required
@require_http_methods(["GET", "POST"])
def moderation(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_moderate_reports)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404(action)
        reason = request.POST.get("reason", "")
        try:
            if action == "unblock":
                block = (
                    AgendaBlock.objects.filter(agenda=agenda, pk=request.POST.get("block", "") or 0)
                    .select_related("user")
                    .first()
                )
                if block is None:
                    raise Http404("block")
                services.unblock(actor=request.user, agenda=agenda, user=block.user)
                messages.success(request, _("Die Sperre ist aufgehoben."))
            else:
                target, obj = _item(agenda, request)
                if action == "hide":
                    services.hide(actor=request.user, target=target, obj=obj, reason=reason)
                    messages.success(
                        request, _("Der Beitrag ist ausgeblendet; der Verfasser wurde informiert.")
                    )
                elif action == "unhide":
                    services.unhide(actor=request.user, target=target, obj=obj)
                    messages.success(request, _("Der Beitrag ist wieder sichtbar."))
                elif action == "dismiss":
                    services.dismiss(actor=request.user, target=target, obj=obj)
                    messages.success(request, _("Die Meldungen sind zurückgewiesen."))
                else:
                    author = target.author(obj)
                    if author is None:
                        raise ValidationError(_("Zu diesem Beitrag gibt es kein Konto mehr."))
                    services.block(actor=request.user, agenda=agenda, user=author, reason=reason)
                    messages.success(request, _("Die Person ist in dieser Agenda gesperrt."))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(reverse("participation:moderation", args=[agenda.slug]))
    context = {
        "agenda": agenda,
        "items": queries.queue(agenda),
        "hidden": queries.hidden_items(agenda),
        "blocks": queries.blocks(agenda),
        "error": error,
        "failed": request.POST if error else {},
    }
    return render(request, "participation/moderation.html", context, status=400 if error else 200)
