"""Pages of assessment rounds: list, create, invite, rate field by field, workshop consensus."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regioagenda.core import once, permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.registry import field_evidence, field_perceptions
from regioagenda.matrix.forms.rounds import (
    ConsensusForm,
    FollowUpForm,
    RatingForm,
    RoundCreateForm,
    invite_people_form,
)
from regioagenda.matrix.models import RoundStatus
from regioagenda.matrix.queries import rounds as queries
from regioagenda.matrix.services import rounds as services
from regioagenda.regions.queries import agenda_for


def _round_url(assessment_round, name="round_detail", **query):
    url = reverse(f"matrix:{name}", args=[assessment_round.agenda.slug, assessment_round.pk])
    return f"{url}?{urlencode(query)}" if query else url


# Rounds ----------------------------------------------------------------------------------------


@login_required
def round_list(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_rounds)
    return render(
        request,
        "matrix/rounds_list.html",
        {
            "agenda": agenda,
            "rounds": queries.round_list(agenda, request.user),
            "can_manage": permissions.can_manage_assessment(request.user, agenda),
            "can_consensus": permissions.can_set_consensus(request.user, agenda),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_assessment)
    form = RoundCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_round = services.create_round(
                actor=request.user,
                agenda=agenda,
                form_token=once.token_from(request.POST),
                **form.cleaned_data,
            )
        except once.AlreadySubmitted as done:
            messages.info(request, done.message())
            if done.object_id:
                return redirect("matrix:round_detail", agenda.slug, done.object_id)
            return redirect("matrix:round_list", agenda.slug)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Die Bewertungsrunde „%(title)s“ ist angelegt. Laden Sie jetzt die Bewertenden ein."
                )
                % {"title": assessment_round.title},
            )
            return redirect(_round_url(assessment_round))
    return render(request, "matrix/rounds_create.html", {"agenda": agenda, "form": form})


def _invite_form(assessment_round, detail, data=None):
    """The invite form: the agenda's members and the actor register's other people."""
    members = detail["members"]
    return invite_people_form(
        members,
        queries.invite_candidates(members, assessment_round.agenda),
        queries.agenda_members(assessment_round.agenda_id),
        data,
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request, slug, round_id):
    assessment_round = queries.round_for(
        request.user, slug, round_id, check=permissions.can_view_rounds
    )
    agenda = assessment_round.agenda
    can_manage = permissions.can_manage_assessment(request.user, agenda)
    if request.method == "POST":
        permissions.require(permissions.can_manage_assessment, request.user, agenda)
    detail = queries.round_detail(assessment_round, request.user)
    form = _invite_form(assessment_round, detail) if can_manage else None
    if request.method == "POST":
        form = _invite_form(assessment_round, detail, request.POST)
        if form.is_valid():
            try:
                result = services.invite_people(
                    actor=request.user,
                    assessment_round=assessment_round,
                    choices=form.choices(),
                    site_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, result.message())
                return redirect(_round_url(assessment_round))
    return render(
        request,
        "matrix/rounds_detail.html",
        {
            "agenda": agenda,
            "round": assessment_round,
            "form": form,
            "can_manage": can_manage,
            "can_consensus": permissions.can_set_consensus(request.user, agenda),
            "sees_raters": can_manage or permissions.can_set_consensus(request.user, agenda),
            # The public self-assessment is a survey of the participation engine: its links come
            # through the registry, so the matrix does not import participation.
            "survey_links": field_perceptions.round_links(agenda, assessment_round, request.user),
            **detail,
        },
    )


@login_required
@require_POST
def invitation_remove(request, slug, round_id, invitation_id):
    assessment_round = queries.round_for(
        request.user, slug, round_id, check=permissions.can_manage_assessment
    )
    invitation = queries.get_invitation(assessment_round, invitation_id)
    try:
        removed = services.remove_invitation(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Die Einladung von %(name)s ist zurückgenommen (%(n)d gespeicherte Bewertungen entfernt)."
            )
            % {"name": invitation.user, "n": removed},
        )
    return redirect(_round_url(assessment_round))


def _change_status(request, slug, round_id, service, done_message, **extra):
    assessment_round = queries.round_for(
        request.user, slug, round_id, check=permissions.can_manage_assessment
    )
    try:
        service(actor=request.user, assessment_round=assessment_round, **extra)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done_message % {"title": assessment_round.title})
    return redirect(_round_url(assessment_round))


@login_required
@require_POST
def round_open(request, slug, round_id):
    return _change_status(
        request,
        slug,
        round_id,
        services.open_round,
        _(
            "Die Bewertungsrunde „%(title)s“ ist offen; die Eingeladenen bekommen eine E-Mail mit "
            "dem Link zur Bewertung."
        ),
        site_url=request.build_absolute_uri("/"),
    )


@login_required
@require_POST
def round_close(request, slug, round_id):
    return _change_status(
        request,
        slug,
        round_id,
        services.close_round,
        _("Die Bewertungsrunde „%(title)s“ ist abgeschlossen; die Bewertungen sind jetzt fest."),
    )


# Rating, field by field ------------------------------------------------------------------------


def _rating_context(assessment_round, state, step, form, *, user=None, **extra):
    agenda = assessment_round.agenda
    return {
        "agenda": agenda,
        "round": assessment_round,
        "state": state,
        "step": step,
        "position": state.position(step.field.key) if step else None,
        "form": form,
        # What later parts know about this field (the existing concepts' curated summary).
        "evidence": field_evidence.for_field(agenda, step.field.key, user) if step else [],
        **extra,
    }


def _render_rating(request, context):
    # Errors come back with 200: htmx swaps only successful responses.
    template = "matrix/rating_form.html#rating-step" if request.htmx else "matrix/rating_form.html"
    return render(request, template, context)


def _rating_form(step, version):
    """The form of a step, prefilled with the rater's saved rating (None for the summary)."""
    if step is None:
        return None
    return RatingForm(
        initial=RatingForm.initial_for(step.rating), matrix_field=step.field, version=version
    )


def _after_save(request, assessment_round, saved):
    """On to the next field: a redirect, or for htmx the next step in place with its URL."""
    following = saved.following
    url = (
        _round_url(assessment_round, "rate", feld=following.field.key)
        if following
        else _round_url(assessment_round, "rate", abschluss=1)
    )
    if not request.htmx:
        messages.success(request, saved.message())
        return redirect(url)
    next_form = _rating_form(following, assessment_round.version)
    context = _rating_context(
        assessment_round,
        saved.state,
        following,
        next_form,
        user=request.user,
        saved=saved.message(),
    )
    response = _render_rating(request, context)
    response["HX-Push-Url"] = url
    return response


@login_required
@require_http_methods(["GET", "POST"])
def rate(request, slug, round_id):
    """One field per page; "Speichern und weiter" saves a draft and moves to the next field."""
    assessment_round = queries.round_for(request.user, slug, round_id)
    permissions.require(permissions.can_rate, request.user, assessment_round)
    invitation = queries.invitation_of(assessment_round, request.user)
    state = queries.rating_form_state(assessment_round, invitation)
    key = (request.POST.get("feld") if request.method == "POST" else None) or request.GET.get(
        "feld", ""
    )
    step = queries.rating_step(state, key, summary=bool(request.GET.get("abschluss")))
    form = _rating_form(step, assessment_round.version)
    if request.method == "POST" and step is not None:
        form = RatingForm(request.POST, matrix_field=step.field, version=assessment_round.version)
        if form.is_valid():
            try:
                saved = services.save_rating_step(
                    actor=request.user,
                    assessment_round=assessment_round,
                    field=step.field,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return _after_save(request, assessment_round, saved)
    return _render_rating(
        request, _rating_context(assessment_round, state, step, form, user=request.user)
    )


@login_required
@require_POST
def rating_submit(request, slug, round_id):
    assessment_round = queries.round_for(request.user, slug, round_id)
    try:
        services.submit_ratings(actor=request.user, assessment_round=assessment_round)
    except ValidationError as exc:
        invitation = queries.invitation_of(assessment_round, request.user)
        state = queries.rating_form_state(assessment_round, invitation)
        context = _rating_context(
            assessment_round, state, None, None, user=request.user, errors=exc.messages
        )
        return _render_rating(request, context)
    messages.success(
        request,
        _(
            "Vielen Dank! Ihre Bewertung ist abgeschlossen. Solange die Runde offen ist, können Sie "
            "sie noch ändern."
        ),
    )
    return redirect(_round_url(assessment_round))


# Consensus -------------------------------------------------------------------------------------


def _consensus_forms(overview, version, bound=None):
    """A form per row, prefilled with the consensus or else the rounded median."""
    for row in overview.rows:
        key = row.field.key
        if bound is not None and bound.prefix == key:
            row.form = bound
            continue
        initial = {"ist": row.suggested_ist, "soll": row.suggested_soll}
        if row.consensus:
            initial["rationale"] = row.consensus.rationale
        row.form = ConsensusForm(prefix=key, initial=initial, version=version)


@login_required
@require_http_methods(["GET", "POST"])
def consensus(request, slug, round_id):
    assessment_round = queries.round_for(
        request.user, slug, round_id, check=permissions.can_set_consensus
    )
    version = assessment_round.version
    bound, saved_key = None, None
    if request.method == "POST":
        key = request.POST.get("field", "")
        matrix_field = queries.version_field(assessment_round, key)
        if matrix_field is None:
            raise Http404(
                _("Das Handlungsfeld „%(key)s“ gehört nicht zu dieser Bewertungsrunde.")
                % {"key": key}
            )
        bound = ConsensusForm(request.POST, prefix=key, version=version)
        if bound.is_valid():
            try:
                services.set_consensus(
                    actor=request.user,
                    assessment_round=assessment_round,
                    field=matrix_field,
                    **bound.cleaned_data,
                )
            except ValidationError as exc:
                apply_errors(bound, exc)
            else:
                saved_key = key
                if not request.htmx:
                    messages.success(
                        request,
                        _("Der Konsens für „%(field)s“ ist gespeichert.")
                        % {"field": matrix_field.name},
                    )
                    return redirect(f"{_round_url(assessment_round, 'consensus')}#konsens-{key}")
                bound = None
    overview = queries.consensus_overview(assessment_round)
    _consensus_forms(overview, version, bound)
    can_manage = permissions.can_manage_assessment(request.user, assessment_round.agenda)
    context = {
        "agenda": assessment_round.agenda,
        "round": assessment_round,
        "overview": overview,
        "can_manage": can_manage,
        "saved_key": saved_key,
    }
    if request.htmx and request.method == "POST":
        row = overview.row(request.POST.get("field", ""))
        if row is None:
            raise Http404(_("Dieses Handlungsfeld gehört nicht zu dieser Bewertungsrunde."))
        return render(request, "matrix/consensus.html#consensus-row", {**context, "row": row})
    if can_manage and assessment_round.status != RoundStatus.DRAFT:
        context["follow_up"] = queries.running_follow_up(assessment_round)
        context["follow_up_form"] = FollowUpForm(
            initial={"selected": [row.field.key for row in overview.disputed]},
            fields=queries.field_choices(row.field for row in overview.rows),
        )
    return render(request, "matrix/consensus.html", context)


@login_required
@require_POST
def follow_up(request, slug, round_id):
    assessment_round = queries.round_for(
        request.user, slug, round_id, check=permissions.can_manage_assessment
    )
    form = FollowUpForm(
        request.POST, fields=queries.field_choices(queries.round_fields(assessment_round))
    )
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["selected"]))
        return redirect(_round_url(assessment_round, "consensus"))
    try:
        second = services.start_follow_up_round(
            actor=request.user,
            assessment_round=assessment_round,
            fields=list(form.cleaned_data["selected"]),
            site_url=request.build_absolute_uri("/"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_round_url(assessment_round, "consensus"))
    second.agenda = assessment_round.agenda
    messages.success(
        request,
        _(
            "Die zweite Runde „%(title)s“ ist offen; die Bewertenden der ersten Runde sind eingeladen."
        )
        % {"title": second.title},
    )
    return redirect(_round_url(second))
