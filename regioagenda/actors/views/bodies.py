"""Pages of the agenda's bodies: the list, one body with its members, and their management."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.actors.context import actors_nav
from regioagenda.actors.forms.bodies import BodyForm, InvitationForm, MemberEditForm, MemberForm
from regioagenda.actors.queries import bodies as queries
from regioagenda.actors.services import bodies as services
from regioagenda.core import permissions
from regioagenda.core.forms import apply_errors
from regioagenda.regions.queries import agenda_for


def _internal(user, agenda):
    """Staff of the agenda see every member with role and period; others only public people."""
    return permissions.can_view_actors(user, agenda) or permissions.can_manage_bodies(user, agenda)


def _base(request, agenda):
    return {
        "agenda": agenda,
        "actors_nav": actors_nav(request.user, agenda),
        "can_manage": permissions.can_manage_bodies(request.user, agenda),
    }


@require_GET
def body_list(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_public_actors)
    internal = _internal(request.user, agenda)
    context = {
        **_base(request, agenda),
        "bodies": queries.bodies_overview(agenda, internal=internal),
        "internal": internal,
    }
    return render(request, "actors/bodies/body_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_bodies)
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.create_body(actor=request.user, agenda=agenda, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Das Gremium „%(name)s“ wurde angelegt.") % {"name": body.name}
            )
            return redirect("actors:body", agenda.slug, body.pk)
    context = {**_base(request, agenda), "form": form, "body": None}
    return render(
        request, "actors/bodies/body_form.html", context, status=400 if form.errors else 200
    )


def render_body(request, agenda, body, *, member_form=None, invite_form=None, status=200):
    """The body page; the management views render it again with their form's errors."""
    internal = _internal(request.user, agenda)
    context = {
        **_base(request, agenda),
        **queries.body_detail(agenda, body, internal=internal),
        "internal": internal,
    }
    if context["can_manage"]:
        context["member_form"] = member_form or MemberForm(agenda=agenda)
        context["invite_form"] = invite_form or InvitationForm(agenda=agenda, body=body)
    return render(request, "actors/bodies/body_detail.html", context, status=status)


@require_GET
def body_detail(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_public_actors)
    body = queries.get_body(agenda, pk)
    return render_body(request, agenda, body)


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_bodies)
    body = queries.get_body(agenda, pk)
    initial = {
        "kind": body.kind,
        "name": body.name,
        "field_key": body.field_key,
        "description": body.description,
    }
    form = BodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_body(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Das Gremium wurde gespeichert."))
            return redirect("actors:body", agenda.slug, body.pk)
    context = {**_base(request, agenda), "form": form, "body": body}
    return render(
        request, "actors/bodies/body_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_delete(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_bodies)
    body = queries.get_body(agenda, pk)
    if request.method == "POST":
        name = body.name
        services.delete_body(actor=request.user, body=body)
        messages.success(request, _("Das Gremium „%(name)s“ wurde gelöscht.") % {"name": name})
        return redirect("actors:bodies", agenda.slug)
    context = {
        **_base(request, agenda),
        "body": body,
        "member_count": queries.member_count(body),
    }
    return render(request, "actors/bodies/body_delete.html", context)


@login_required
@require_POST
def member_add(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_bodies)
    body = queries.get_body(agenda, pk)
    form = MemberForm(request.POST, agenda=agenda)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = services.add_member(
                actor=request.user,
                body=body,
                person=data["person"],
                role=data["role"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s ist jetzt Mitglied von „%(body)s“.")
                % {"name": member.person.display_name, "body": body.name},
            )
            return redirect(f"{_body_url(agenda, body)}#mitglieder")
    return render_body(request, agenda, body, member_form=form, status=400)


def _body_url(agenda, body):
    from django.urls import reverse

    return reverse("actors:body", args=[agenda.slug, body.pk])


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, slug, pk, member_pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_bodies)
    body = queries.get_body(agenda, pk)
    member = queries.get_member(body, member_pk)
    initial = {"role": member.role, "start": member.start, "end": member.end}
    form = MemberEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Die Mitgliedschaft wurde gespeichert."))
            return redirect(f"{_body_url(agenda, body)}#mitglieder")
    context = {**_base(request, agenda), "body": body, "member": member, "form": form}
    return render(
        request, "actors/bodies/member_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def member_end(request, slug, pk, member_pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_bodies)
    body = queries.get_body(agenda, pk)
    member = queries.get_member(body, member_pk)
    try:
        services.end_membership(actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Die Mitgliedschaft von %(name)s endet heute.")
            % {"name": member.person.display_name},
        )
    return redirect(f"{_body_url(agenda, body)}#mitglieder")


@login_required
@require_POST
def member_remove(request, slug, pk, member_pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_bodies)
    body = queries.get_body(agenda, pk)
    member = queries.get_member(body, member_pk)
    name = member.person.display_name
    services.remove_member(actor=request.user, member=member)
    messages.success(
        request, _("%(name)s wurde aus „%(body)s“ entfernt.") % {"name": name, "body": body.name}
    )
    return redirect(f"{_body_url(agenda, body)}#mitglieder")
