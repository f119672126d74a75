"""Pages of the register: organisations, people, consents, anonymisation, and the public list.

Thin: resolve the agenda (``agenda_for`` refuses), parse the form, call a service, show its
errors where the user acted.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.actors.context import actors_nav
from regioagenda.actors.forms import register as forms
from regioagenda.actors.queries import register as queries
from regioagenda.actors.services import register as services
from regioagenda.core import permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.numbers import parse_id
from regioagenda.core.pagecache import public_page
from regioagenda.regions.queries import agenda_for

DUPLICATE_CODES = (services.DUPLICATE_EMAIL, services.DUPLICATE_NAME)


def _duplicate(exc):
    """The person a duplicate error points to, as ``{"pk", "name"}``, else None."""
    for errors in getattr(exc, "error_dict", {}).values():
        for error in errors:
            if error.code in DUPLICATE_CODES and error.params:
                return {"pk": error.params["pk"], "name": error.params["name"]}
    return None


def _posted(request):
    """The posted data, also when empty (an empty POST must show "required" errors)."""
    return request.POST if request.method == "POST" else None


def _page_context(request, agenda, **extra):
    return {
        "agenda": agenda,
        "actors_nav": actors_nav(request.user, agenda),
        "can_manage": permissions.can_manage_actors(request.user, agenda),
        **extra,
    }


def _filters(form, names):
    """The valid filter values (an invalid one is shown on the form and not applied)."""
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return {name: data.get(name) or "" for name in names}


# Public page -----------------------------------------------------------------------------------


@require_GET
@public_page
def public(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_public_actors)
    context = _page_context(
        request,
        agenda,
        can_view_register=permissions.can_view_actors(request.user, agenda),
        **queries.public_register(agenda),
    )
    return render(request, "actors/register/public.html", context)


# Organisations ---------------------------------------------------------------------------------


@require_GET
def organisation_list(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_actors)
    form = forms.OrganisationFilterForm(
        request.GET, region_choices=queries.region_filter_choices(agenda)
    )
    filters = _filters(form, ("q", "sector", "field", "region"))
    context = _page_context(
        request,
        agenda,
        form=form,
        querystring=_without_page(request),
        **queries.organisation_list(agenda, page=request.GET.get("seite"), **filters),
    )
    template = "actors/register/organisation_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _without_page(request):
    params = request.GET.copy()
    params.pop("seite", None)
    return params.urlencode()


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_actors)
    form = forms.OrganisationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(
                actor=request.user, agenda=agenda, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("„%(name)s“ wurde angelegt.") % {"name": organisation.name})
            return redirect("actors:organisation", agenda.slug, organisation.pk)
    context = _page_context(request, agenda, form=form, organisation=None)
    return render(
        request,
        "actors/register/organisation_form.html",
        context,
        status=400 if form.errors else 200,
    )


@require_GET
def organisation_detail(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_actors)
    organisation = queries.get_organisation(agenda, pk)
    context = _page_context(request, agenda, **queries.organisation_detail(agenda, organisation))
    return render(request, "actors/register/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_actors)
    organisation = queries.get_organisation(agenda, pk)
    form = forms.OrganisationForm(
        _posted(request), initial=forms.OrganisationForm.initial_for(organisation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            organisation.refresh_from_db()
        else:
            messages.success(
                request, _("„%(name)s“ wurde gespeichert.") % {"name": organisation.name}
            )
            return redirect("actors:organisation", agenda.slug, organisation.pk)
    context = _page_context(request, agenda, form=form, organisation=organisation)
    return render(
        request,
        "actors/register/organisation_form.html",
        context,
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_delete(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_actors)
    organisation = queries.get_organisation(agenda, pk)
    if request.method == "POST":
        name = organisation.name
        services.delete_organisation(actor=request.user, organisation=organisation)
        messages.success(request, _("„%(name)s“ wurde gelöscht.") % {"name": name})
        return redirect("actors:organisations", agenda.slug)
    context = _page_context(
        request,
        agenda,
        organisation=organisation,
        people_count=organisation.people.count(),
        activity_count=organisation.responsible_for.count(),
    )
    return render(request, "actors/register/organisation_delete.html", context)


# People ----------------------------------------------------------------------------------------


@require_GET
def person_list(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_actors)
    form = forms.PersonFilterForm(request.GET, agenda=agenda)
    filters = _filters(form, ("q", "sector", "field", "organisation", "visibility", "consent"))
    context = _page_context(
        request,
        agenda,
        form=form,
        querystring=_without_page(request),
        **queries.people_list(agenda, page=request.GET.get("seite"), **filters),
    )
    template = "actors/register/person_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _person_form_page(request, agenda, form, person, duplicate):
    context = _page_context(request, agenda, form=form, person=person, duplicate=duplicate)
    return render(
        request,
        "actors/register/person_form.html",
        context,
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_actors)
    initial = {}
    organisation_id = parse_id(request.GET.get("organisation"))
    if organisation_id is not None:
        initial["organisation"] = organisation_id
    form = forms.PersonForm(_posted(request), agenda=agenda, initial=initial)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(actor=request.user, agenda=agenda, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            duplicate = _duplicate(exc)
        else:
            messages.success(request, _("„%(name)s“ wurde angelegt.") % {"name": person.name})
            return redirect("actors:person", agenda.slug, person.pk)
    return _person_form_page(request, agenda, form, None, duplicate)


def _person_page(request, agenda, person, *, consent_form=None, withdraw_errors=None, status=200):
    detail = queries.person_detail(agenda, person)
    withdraw_errors = withdraw_errors or {}
    for consent in detail["consents"]:
        # Shown in the row of the consent the user tried to withdraw.
        consent.withdraw_errors = withdraw_errors.get(consent.pk, [])
    context = _page_context(
        request, agenda, consent_form=consent_form or forms.ConsentForm(), **detail
    )
    return render(request, "actors/register/person_detail.html", context, status=status)


@require_GET
def person_detail(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_actors)
    return _person_page(request, agenda, queries.get_person(agenda, pk))


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_actors)
    person = queries.get_person(agenda, pk)
    if person.is_anonymised:
        messages.error(
            request,
            _("Diese Person wurde anonymisiert; ihre Daten können nicht mehr geändert werden."),
        )
        return redirect("actors:person", agenda.slug, person.pk)
    form = forms.PersonForm(
        _posted(request), agenda=agenda, initial=forms.PersonForm.initial_for(person)
    )
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            duplicate = _duplicate(exc)
            person.refresh_from_db()
        else:
            messages.success(request, _("„%(name)s“ wurde gespeichert.") % {"name": person.name})
            return redirect("actors:person", agenda.slug, person.pk)
    return _person_form_page(request, agenda, form, person, duplicate)


@login_required
@require_POST
def consent_create(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_actors)
    person = queries.get_person(agenda, pk)
    form = forms.ConsentForm(request.POST)
    if form.is_valid():
        try:
            consent = services.record_consent(
                actor=request.user, person=person, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Die Einwilligung „%(purpose)s“ wurde erfasst.")
                % {"purpose": consent.get_purpose_display()},
            )
            return redirect("actors:person", agenda.slug, person.pk)
    return _person_page(request, agenda, person, consent_form=form, status=400)


@login_required
@require_POST
def consent_withdraw(request, slug, pk, consent_pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_actors)
    person = queries.get_person(agenda, pk)
    consent = queries.get_consent(person, consent_pk)
    form = forms.WithdrawForm(request.POST)
    errors = []
    if form.is_valid():
        try:
            services.withdraw_consent(
                actor=request.user, consent=consent, on=form.cleaned_data["on"]
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("Die Einwilligung „%(purpose)s“ wurde widerrufen.")
                % {"purpose": consent.get_purpose_display()},
            )
            return redirect("actors:person", agenda.slug, person.pk)
    else:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
    if consent.withdrawn_on is not None:
        # Already withdrawn: the row shows no form any more, so say it at the top of the page.
        for error in errors:
            messages.error(request, error)
    return _person_page(request, agenda, person, withdraw_errors={consent.pk: errors}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def person_anonymise(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_actors)
    person = queries.get_person(agenda, pk)
    if person.is_anonymised:
        messages.info(request, _("Diese Person wurde bereits anonymisiert."))
        return redirect("actors:person", agenda.slug, person.pk)
    form = forms.AnonymiseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.anonymise_person(actor=request.user, person=person)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Die personenbezogenen Daten wurden gelöscht. Mitgliedschaften und "
                    "Beiträge zeigen jetzt „Anonymisierte Person“."
                ),
            )
            return redirect("actors:person", agenda.slug, person.pk)
    context = _page_context(request, agenda, form=form, **queries.person_detail(agenda, person))
    return render(
        request,
        "actors/register/person_anonymise.html",
        context,
        status=400 if form.errors else 200,
    )
