"""Pages of events and workshops: the public list and event page, registering and cancelling,
the calendar files, and the organisers' pages (plan, programme, minutes, results, attendance).

Every view resolves the agenda with its permission first (403 with the reason) and looks the
event up within that agenda (another agenda's id: 404). Services decide; a refusal goes onto
the form or, for one-button actions, into a message on the event page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.core import once, permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.http import client_address
from regioagenda.participation import ical
from regioagenda.participation.forms.events import (
    AttendanceForm,
    CancelEventForm,
    EventForm,
    ItemForm,
    MinutesForm,
    RegisterForm,
    ResultsForm,
)
from regioagenda.participation.models import EventAgendaItem, RegistrationStatus
from regioagenda.participation.queries import events as queries
from regioagenda.participation.services import events as services
from regioagenda.regions.queries import agenda_for


def _manage_agenda(request, slug):
    return agenda_for(request.user, slug, check=permissions.can_manage_events)


def _event_url(event):
    return reverse("participation:event", args=[event.agenda.slug, event.pk])


def _messages_from(request, exc):
    for message in exc.messages:
        messages.error(request, message)


# Public ------------------------------------------------------------------------------------------


@require_GET
def event_list(request, slug):
    agenda = agenda_for(request.user, slug)
    listing = queries.event_list(
        agenda, request.user, kind=request.GET.get("art", ""), step=request.GET.get("schritt", "")
    )
    feed_path = reverse("participation:events_ics", args=[agenda.slug])
    feed_url = request.build_absolute_uri(feed_path)
    context = {
        "agenda": agenda,
        "listing": listing,
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
    }
    template = "participation/_event_results.html" if request.htmx else "participation/events.html"
    return render(request, template, context)


@require_GET
def event_detail(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    event = queries.get_event(agenda, pk, request.user)
    return render(request, "participation/event.html", _page_context(request, event))


def _page_context(request, event, register_form=None):
    page = queries.event_page(event, request.user)
    return {
        "agenda": event.agenda,
        "event": event,
        "page": page,
        "register_form": register_form or RegisterForm(),
        "RegistrationStatus": RegistrationStatus,
    }


@require_POST
def event_register(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    event = queries.get_event(agenda, pk, request.user)
    permissions.require(permissions.can_contribute, request.user, agenda)
    form = RegisterForm(request.POST)
    if form.is_valid():
        try:
            registration = services.register(
                actor=request.user,
                event=event,
                sector=form.cleaned_data["sector"],
                address=client_address(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(
                    request,
                    _("Sie sind angemeldet. Eine Bestätigung ist per E-Mail unterwegs."),
                )
            else:
                messages.info(
                    request,
                    _(
                        "Die Veranstaltung ist ausgebucht: Sie stehen auf der Warteliste und "
                        "bekommen eine Nachricht, wenn ein Platz frei wird."
                    ),
                )
            return redirect(_event_url(event))
    event.refresh_from_db()
    context = _page_context(request, event, register_form=form)
    return render(request, "participation/event.html", context, status=400)


@require_POST
def event_unregister(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    event = queries.get_event(agenda, pk, request.user)
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    try:
        services.cancel_registration(actor=request.user, event=event)
    except ValidationError as exc:
        _messages_from(request, exc)
    else:
        messages.success(
            request, _("Ihre Anmeldung ist zurückgezogen. Danke, dass Sie Bescheid gegeben haben.")
        )
    return redirect(_event_url(event))


def _ics_response(request, body, filename, *, download):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def _url_for(request):
    return lambda event: request.build_absolute_uri(_event_url(event))


@require_GET
def event_ics(request, slug, pk):
    agenda = agenda_for(request.user, slug)
    event = queries.get_event(agenda, pk, request.user)
    if event.is_draft:
        raise Http404
    body = ical.calendar([event], host=request.get_host().split(":")[0], url_for=_url_for(request))
    return _ics_response(request, body, f"veranstaltung-{event.pk}.ics", download=True)


@require_GET
def events_ics(request, slug):
    agenda = agenda_for(request.user, slug)
    body = ical.calendar(
        queries.feed_events(agenda),
        host=request.get_host().split(":")[0],
        url_for=_url_for(request),
        name=_("Termine: %(title)s") % {"title": agenda.title},
    )
    return _ics_response(request, body, f"{agenda.slug}-termine.ics", download=False)


# Organisers --------------------------------------------------------------------------------------


def _data(form):
    return services.EventData.from_mapping(form.cleaned_data)


@require_http_methods(["GET", "POST"])
def event_create(request, slug):
    agenda = _manage_agenda(request, slug)
    initial = {"step": agenda.current_step, "registration_required": True}
    form = EventForm(request.POST or None, agenda=agenda, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                event = services.create_event(
                    actor=request.user,
                    agenda=agenda,
                    data=_data(form),
                    form_token=once.token_from(request.POST),
                )
            except once.AlreadySubmitted as done:
                messages.info(request, done.message())
                return redirect(reverse("participation:events", args=[agenda.slug]))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("„%(title)s“ ist angelegt. Ergänzen Sie jetzt das Programm.")
                    % {"title": event.title},
                )
                return redirect(
                    reverse("participation:event_programme", args=[agenda.slug, event.pk])
                )
        status = 400
    context = {"agenda": agenda, "form": form, "event": None}
    return render(request, "participation/event_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def event_edit(request, slug, pk):
    agenda = _manage_agenda(request, slug)
    event = queries.get_event(agenda, pk, request.user)
    initial = {
        name: getattr(event, name) for name in EventForm.base_fields if name not in ("moderator",)
    }
    initial["moderator"] = event.moderator_id
    form = EventForm(request.POST or None, agenda=agenda, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_event(actor=request.user, event=event, data=_data(form))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Die Änderungen sind gespeichert."))
                return redirect(_event_url(event))
        status = 400
    context = {"agenda": agenda, "form": form, "event": event}
    return render(request, "participation/event_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def event_cancel(request, slug, pk):
    agenda = _manage_agenda(request, slug)
    event = queries.get_event(agenda, pk, request.user)
    form = CancelEventForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.cancel_event(
                    actor=request.user, event=event, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Die Veranstaltung ist abgesagt; alle Angemeldeten werden benachrichtigt."),
                )
                return redirect(_event_url(event))
        status = 400
    context = {"agenda": agenda, "form": form, "event": event}
    return render(request, "participation/event_cancel.html", context, status=status)


@require_http_methods(["GET", "POST"])
def event_programme(request, slug, pk):
    """The programme: add a point, move one up or down, remove one (htmx swaps the list)."""
    agenda = _manage_agenda(request, slug)
    event = queries.get_event(agenda, pk, request.user)
    form = ItemForm(request.POST if request.POST.get("action") == "add" else None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                if form.is_valid():
                    services.add_item(
                        actor=request.user,
                        event=event,
                        title=form.cleaned_data["title"],
                        starts_at=form.cleaned_data["starts_at"],
                        description=form.cleaned_data["description"],
                    )
                    form = ItemForm()
                else:
                    status = 400
            elif action in ("up", "down", "remove"):
                item = EventAgendaItem.objects.filter(
                    event=event, pk=_int(request.POST.get("item"))
                ).first()
                if item is None:
                    raise Http404
                if action == "remove":
                    services.remove_item(actor=request.user, item=item)
                else:
                    services.move_item(actor=request.user, item=item, up=action == "up")
            else:
                status = 400
        except ValidationError as exc:
            apply_errors(form, exc)
            status = 400
        if not request.htmx and status == 200:
            return redirect(request.path)
    context = {
        "agenda": agenda,
        "event": event,
        "form": form,
        "items": list(event.items.all()),
    }
    template = (
        "participation/_event_programme.html"
        if request.htmx
        else "participation/event_programme.html"
    )
    return render(request, template, context, status=status)


def _int(value):
    try:
        return int(str(value))
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def event_minutes(request, slug, pk):
    agenda = _manage_agenda(request, slug)
    event = queries.get_event(agenda, pk, request.user)
    initial = {"minutes": event.minutes, "publish": event.minutes_published is not None}
    form = MinutesForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_minutes(
                    actor=request.user,
                    event=event,
                    minutes=form.cleaned_data["minutes"],
                    publish=form.cleaned_data["publish"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Das Protokoll ist gespeichert."))
                return redirect(_event_url(event))
        status = 400
    context = {"agenda": agenda, "event": event, "form": form}
    return render(request, "participation/event_minutes.html", context, status=status)


@require_http_methods(["GET", "POST"])
def event_results(request, slug, pk):
    agenda = _manage_agenda(request, slug)
    event = queries.get_event(agenda, pk, request.user)
    candidates = queries.result_candidates(event)
    initial = {"ideas": list(event.result_ideas.values_list("pk", flat=True))}
    form = ResultsForm(request.POST or None, candidates=candidates, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.set_results(
                    actor=request.user, event=event, idea_ids=form.cleaned_data["ideas"]
                )
            except ValidationError as exc:
                apply_errors(form, exc, name_for={"ideas": "ideas"})
            else:
                messages.success(request, _("Die Ergebnisse sind verknüpft."))
                return redirect(_event_url(event))
        status = 400
    context = {"agenda": agenda, "event": event, "form": form, "candidates": candidates}
    return render(request, "participation/event_results.html", context, status=status)


@require_http_methods(["GET", "POST"])
def event_attendance(request, slug, pk):
    agenda = _manage_agenda(request, slug)
    event = queries.get_event(agenda, pk, request.user)
    sheet = queries.attendance_sheet(event)
    form = AttendanceForm(
        request.POST or None,
        registrations=sheet["registrations"],
        walk_in_rows=sheet["walk_in_rows"],
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_attendance(
                    actor=request.user,
                    event=event,
                    attended=form.cleaned_data["attended"],
                    walk_ins=form.walk_ins(),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Die Teilnahme ist erfasst."))
                return redirect(request.path)
        status = 400
    can_record = event.starts_at <= timezone.now() and not event.is_cancelled
    context = {"agenda": agenda, "event": event, "form": form, "can_record": can_record, **sheet}
    return render(request, "participation/event_attendance.html", context, status=status)
