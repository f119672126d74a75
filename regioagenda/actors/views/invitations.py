"""Invitations: the agenda's list with the invitation form, resend and revoke, the form on a
body page, and the accept page reached from the email link (outside any agenda)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from regioagenda.accounts.models import Role
from regioagenda.actors.context import actors_nav
from regioagenda.actors.forms.bodies import InvitationForm
from regioagenda.actors.queries import bodies as queries
from regioagenda.actors.services import invitations as services
from regioagenda.actors.views.bodies import render_body
from regioagenda.core import permissions
from regioagenda.core.forms import apply_errors
from regioagenda.regions.queries import agenda_for


def base_url(request):
    """The site address for links in emails when no SITE_URL is configured."""
    return request.build_absolute_uri("/")


def _invite(request, agenda, form, body=None):
    """Run the invitation service for a valid form; returns the invitation or None (errors on
    the form)."""
    data = form.cleaned_data
    try:
        invitation = services.invite(
            actor=request.user,
            agenda=agenda,
            email=data["email"],
            role=data.get("role") or None,
            body=body if body is not None else data.get("body"),
            person=data.get("person"),
            message=data.get("message", ""),
            base_url=base_url(request),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    messages.success(
        request,
        _("Die Einladung an %(email)s ist verschickt; sie gilt %(days)s Tage.")
        % {"email": invitation.email, "days": services.VALID_DAYS},
    )
    return invitation


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_bodies)
    form = InvitationForm(request.POST or None, agenda=agenda)
    if request.method == "POST" and form.is_valid() and _invite(request, agenda, form):
        return redirect("actors:invitations", agenda.slug)
    context = {
        "agenda": agenda,
        "actors_nav": actors_nav(request.user, agenda),
        "form": form,
        **queries.invitations_overview(agenda),
    }
    return render(
        request,
        "actors/invitations/invitation_list.html",
        context,
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def body_invite(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_bodies)
    body = queries.get_body(agenda, pk)
    form = InvitationForm(request.POST, agenda=agenda, body=body)
    if form.is_valid() and _invite(request, agenda, form, body=body):
        return redirect(reverse("actors:body", args=[agenda.slug, body.pk]) + "#einladen")
    return render_body(request, agenda, body, invite_form=form, status=400)


def _invitation_action(request, slug, pk, action):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_bodies)
    invitation = queries.get_invitation(agenda, pk)
    try:
        if action == "resend":
            services.resend(actor=request.user, invitation=invitation, base_url=base_url(request))
            messages.success(
                request,
                _("Die Einladung wurde erneut verschickt; der alte Link gilt nicht mehr."),
            )
        else:
            services.revoke(actor=request.user, invitation=invitation)
            messages.success(request, _("Die Einladung wurde zurückgezogen."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("actors:invitations", agenda.slug)


@login_required
@require_POST
def invitation_resend(request, slug, pk):
    return _invitation_action(request, slug, pk, "resend")


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    return _invitation_action(request, slug, pk, "revoke")


@never_cache
@require_http_methods(["GET", "POST"])
def accept(request, token):
    """The page behind the email link. Anonymous visitors see what they are invited to and how
    to log in or register; logged-in users accept with a POST. Unusable links get a page that
    says why (404 unknown, 410 expired, revoked or used)."""
    try:
        invitation = services.usable(token=token)
    except services.InvitationUnusable as exc:
        return _unusable(request, exc)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
        try:
            invitation = services.accept(actor=request.user, token=token)
        except services.InvitationUnusable as exc:  # used or revoked in the meantime
            return _unusable(request, exc)
        messages.success(
            request,
            _("Willkommen! Sie sind jetzt in „%(agenda)s“ mit der Rolle %(role)s dabei.")
            % {"agenda": invitation.agenda.title, "role": Role(invitation.role).label},
        )
        return redirect(invitation.agenda.get_absolute_url())
    context = {
        "invitation": invitation,
        "agenda": invitation.agenda,
        "role_label": Role(invitation.role).label,
        "login_url": reverse("account_login"),
        "signup_url": reverse("account_signup"),
        "already_member": request.user.is_authenticated
        and invitation.role in permissions.agenda_roles(request.user, invitation.agenda),
    }
    return render(request, "actors/invitations/accept.html", context)


def _unusable(request, exc):
    context = {
        "message": exc.message,
        "invitation": exc.invitation,
        "agenda": exc.invitation.agenda if exc.invitation else None,
        "status": exc.status,
    }
    return render(request, "actors/invitations/unusable.html", context, status=exc.status)
