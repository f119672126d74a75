"""Pages of the landing, the register, programmes, agendas and the personal dashboard."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regioagenda.accounts.models import Membership, Role
from regioagenda.core import permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.pagecache import public_page
from regioagenda.regions import forms, queries, services
from regioagenda.regions.models import Programme


@public_page
def landing(request):
    return render(request, "regions/landing.html", {"agendas": queries.public_agendas()})


def about_data(request):
    return render(request, "regions/about_data.html", {"register": queries.register_overview()})


@login_required
def dashboard(request):
    return render(request, "regions/dashboard.html", queries.dashboard(request.user))


# Register --------------------------------------------------------------------------------------


def region_list(request):
    form = forms.RegionSearchForm(request.GET or None)
    result = {"regions": [], "total": 0}
    if form.is_valid():
        result = queries.search_regions(form.cleaned_data["q"], form.cleaned_data["level"])
    elif not request.GET:
        result = queries.search_regions()
    context = {"form": form, **result, "can_manage": permissions.can_manage_register(request.user)}
    template = "regions/region_list.html#results" if request.htmx else "regions/region_list.html"
    return render(request, template, context)


def region_detail(request, pk):
    return render(request, "regions/region_detail.html", queries.region_detail(pk))


@login_required
@require_http_methods(["GET", "POST"])
def region_create(request):
    permissions.require(permissions.can_manage_register, request.user)
    form = forms.RegionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            region = services.create_region(
                actor=request.user,
                name=data["name"],
                level=data["level"],
                kind=data["kind"],
                ags=data["ags"],
                parent=data["parent"],
                members=list(data["members"]),
                population=data["population"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Die Region „%(name)s“ wurde angelegt.") % {"name": region.name}
            )
            return redirect(region)
    return render(request, "regions/region_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request):
    permissions.require(permissions.can_manage_register, request.user)
    form = forms.RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_register_import(
                actor=request.user,
                uploaded_file=form.cleaned_data["file"],
                land=form.cleaned_data["land"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("core:job_status", job_id=job.pk)
    return render(request, "regions/register_import.html", {"form": form})


# Programmes ------------------------------------------------------------------------------------


def programme_detail(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    overview = queries.programme_overview(programme)
    agendas = [a for a in overview["agendas"] if permissions.can_view_agenda(request.user, a)]
    return render(
        request,
        "regions/programme_detail.html",
        {
            "programme": programme,
            "agendas": agendas,
            "admins": overview["admins"],
            "can_manage": permissions.can_manage_programme(request.user, programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_create(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    permissions.require(permissions.can_create_agenda, request.user, programme)
    form = forms.AgendaCreateForm(
        request.POST or None, initial={"horizon_year": programme.default_horizon_year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agenda = services.create_agenda(
                actor=request.user,
                programme=programme,
                region=data["region"],
                title=data["title"],
                slug=data["slug"],
                horizon_year=data["horizon_year"],
                is_public=data["is_public"],
                summary=data["summary"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Die Agenda wurde angelegt."))
            return redirect(agenda)
    return render(request, "regions/agenda_create.html", {"form": form, "programme": programme})


# Agendas ---------------------------------------------------------------------------------------


@public_page
def agenda_home(request, slug):
    agenda = queries.agenda_for(request.user, slug)
    user = request.user
    context = {
        "agenda": agenda,
        "steps": queries.agenda_steps(agenda, user),
        "team": queries.team_counts(agenda),
        "my_roles": sorted(permissions.agenda_roles(user, agenda), key=Role.values.index),
        "can_manage": permissions.can_manage_agenda(user, agenda),
        "can_view_members": permissions.can_view_members(user, agenda),
        "can_join": permissions.can_join(user, agenda),
    }
    return render(request, "regions/agenda_home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_step(request, slug, key):
    agenda = queries.agenda_for(
        request.user,
        slug,
        check=permissions.can_manage_agenda,
    )
    step = next((s for s in queries.agenda_steps(agenda, request.user) if s.key == key), None)
    if step is None:
        raise_unknown_step(key)
    form = forms.StepForm(request.POST or None, initial={"state": step.state, "note": step.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_step(
                actor=request.user,
                agenda=agenda,
                key=key,
                state=form.cleaned_data["state"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Der Schritt „%(name)s“ wurde aktualisiert.") % {"name": step.definition.name},
            )
            return redirect(agenda)
    return render(
        request, "regions/agenda_step.html", {"agenda": agenda, "step": step, "form": form}
    )


def raise_unknown_step(key):
    raise Http404(_("Den Prozessschritt „%(key)s“ gibt es nicht.") % {"key": key})


@login_required
@require_http_methods(["GET", "POST"])
def agenda_settings(request, slug):
    agenda = queries.agenda_for(
        request.user,
        slug,
        check=permissions.can_manage_agenda,
    )
    # The form writes what was posted onto its instance; on an error the page must still show
    # the saved agenda (title, breadcrumbs), so the form gets a copy.
    form = forms.AgendaSettingsForm(request.POST or None, instance=copy.copy(agenda))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            agenda = services.update_agenda(actor=request.user, agenda=agenda, **changes)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Die Einstellungen wurden gespeichert."))
            return redirect(agenda)
    return render(request, "regions/agenda_settings.html", {"agenda": agenda, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def agenda_members(request, slug):
    agenda = queries.agenda_for(
        request.user,
        slug,
        check=permissions.can_view_members,
    )
    can_manage = permissions.can_manage_members(request.user, agenda)
    form = forms.MemberForm(request.POST or None)
    if request.method == "POST":
        permissions.require(permissions.can_manage_members, request.user, agenda)
        if form.is_valid():
            try:
                membership = services.add_member(
                    actor=request.user,
                    agenda=agenda,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(user)s hat jetzt die Rolle „%(role)s“.")
                    % {"user": membership.user, "role": membership.get_role_display()},
                )
                return redirect("regions:agenda_members", slug=agenda.slug)
    return render(
        request,
        "regions/agenda_members.html",
        {
            "agenda": agenda,
            "members": queries.members(agenda),
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def agenda_member_remove(request, slug, pk):
    agenda = queries.agenda_for(
        request.user,
        slug,
        check=permissions.can_manage_members,
    )
    membership = get_object_or_404(
        Membership.objects.select_related("user", "agenda"), pk=pk, agenda=agenda
    )
    try:
        services.remove_member(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(user)s hat die Rolle „%(role)s“ nicht mehr.")
            % {"user": membership.user, "role": membership.get_role_display()},
        )
    return redirect("regions:agenda_members", slug=agenda.slug)


@login_required
@require_POST
def agenda_join(request, slug):
    agenda = queries.agenda_for(request.user, slug)
    services.join_agenda(actor=request.user, agenda=agenda)
    messages.success(request, _("Sie nehmen jetzt an „%(title)s“ teil.") % {"title": agenda.title})
    return redirect(agenda)
