"""Views of surveys: list, answer, results, editor, exports. Thin: the services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.core import once, permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.http import client_address
from regioagenda.matrix.models import AssessmentRound
from regioagenda.participation.forms.surveys import QuestionForm, ResponseForm, SurveySettingsForm
from regioagenda.participation.models.surveys import Answer, QuestionKind, Survey
from regioagenda.participation.queries import surveys as queries
from regioagenda.participation.services import surveys as services
from regioagenda.regions.models import Agenda
from regioagenda.regions.queries import agenda_for


def _session_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or ""


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_GET
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = agenda_for(request.user, slug)
    staff = bool(permissions.can_manage_surveys(request.user, agenda))
    return render(
        request,
        "participation/survey_list.html",
        {"agenda": agenda, "surveys": queries.surveys_of(agenda, staff=staff), "staff": staff},
    )


@require_http_methods(["GET", "POST"])
def survey_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The survey form; anyone when it allows answers without an account."""
    agenda = agenda_for(request.user, slug)
    survey = queries.survey_of(agenda, pk)
    staff = bool(permissions.can_manage_surveys(request.user, agenda))
    allowed = permissions.can_answer_survey(request.user, survey)
    context = {
        "agenda": agenda,
        "survey": survey,
        "staff": staff,
        "moderation": permissions.can_moderate(request.user, agenda),
        "refused_reason": "" if allowed else getattr(allowed, "reason", ""),
    }
    if not allowed:
        if request.method == "POST":
            raise PermissionDenied(getattr(allowed, "reason", "") or _("Nicht erlaubt."))
        return render(request, "participation/survey_closed.html", context)
    session_key = _session_key(request)
    if services.has_answered(survey=survey, user=request.user, session_key=session_key):
        return render(request, "participation/survey_thanks.html", context)
    form = ResponseForm(
        request.POST or None, survey=survey, matrix_fields=services.matrix_fields(survey)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_response(
                    actor=request.user,
                    survey=survey,
                    answers=form.answers(),
                    sector=form.cleaned_data.get("sector") or "",
                    session_key=session_key,
                    client=client_address(request),
                )
            except services.SurveyLimitReached as exc:
                form.add_error(None, exc)
                status = 429
            except ValidationError as exc:
                if getattr(exc, "code", None) == "already_answered":
                    return render(request, "participation/survey_thanks.html", context)
                form.apply_service_errors(exc)
                status = 400
            else:
                return render(request, "participation/survey_thanks.html", context)
        else:
            status = 400
    return render(
        request, "participation/survey_form.html", {**context, "form": form}, status=status
    )


@require_GET
def survey_results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agenda = agenda_for(request.user, slug)
    survey = queries.survey_of(agenda, pk)
    staff = bool(permissions.can_manage_surveys(request.user, agenda))
    moderation = bool(permissions.can_moderate(request.user, agenda))
    results = queries.survey_results(survey, staff=staff or moderation)
    return render(
        request,
        "participation/survey_results.html",
        {
            "agenda": agenda,
            "survey": survey,
            "results": results,
            "staff": staff,
            "moderation": moderation,
            "minimum": queries.PUBLIC_MINIMUM,
        },
    )


# Editor --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_surveys)
    form = SurveySettingsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(
                actor=request.user,  # type: ignore[arg-type]
                agenda=agenda,
                form_token=once.token_from(request.POST),
                **form.cleaned_data,
            )
        except once.AlreadySubmitted as exc:
            messages.info(request, exc.message())
            if exc.object_id:
                return redirect("participation:survey_manage", agenda.slug, exc.object_id)
            return redirect("participation:surveys", agenda.slug)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Die Umfrage ist angelegt. Fügen Sie jetzt Fragen hinzu."))
            return redirect("participation:survey_manage", agenda.slug, survey.pk)
    return render(request, "participation/survey_create.html", {"agenda": agenda, "form": form})


def _manage_context(
    request: HttpRequest, agenda: Agenda, survey: Survey, **extra: object
) -> dict[str, object]:
    return {
        "agenda": agenda,
        "survey": survey,
        "questions": list(survey.questions.all()),
        "question_form": extra.pop("question_form", None) or QuestionForm(),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def survey_manage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Settings and questions of one survey: the editor."""
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_surveys)
    survey = queries.survey_of(agenda, pk)
    initial = {
        "title": survey.title,
        "step": survey.step,
        "intro": survey.intro,
        "anonymous_allowed": survey.anonymous_allowed,
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
    }
    form = SurveySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(
                actor=request.user,  # type: ignore[arg-type]
                survey=survey,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Die Einstellungen sind gespeichert."))
            return redirect("participation:survey_manage", agenda.slug, survey.pk)
    return render(
        request,
        "participation/survey_manage.html",
        _manage_context(request, agenda, survey, form=form),
    )


def _questions_response(
    request: HttpRequest, agenda: Agenda, survey_pk: int, *, error: str = ""
) -> HttpResponse:
    """htmx: the question list again (fresh: order and choices changed); else the editor."""
    if _is_htmx(request):
        survey = queries.survey_of(agenda, survey_pk)
        return render(
            request,
            "participation/survey_questions.html",
            _manage_context(request, agenda, survey, error=error),
        )
    if error:
        messages.error(request, error)
    return redirect("participation:survey_manage", agenda.slug, survey_pk)


@login_required
@require_POST
def question_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_surveys)
    survey = queries.survey_of(agenda, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(
                actor=request.user,  # type: ignore[arg-type]
                survey=survey,
                data=form.to_input(),
                form_token=once.token_from(request.POST),
            )
        except once.AlreadySubmitted:
            return _questions_response(request, agenda, survey.pk)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not _is_htmx(request):
                messages.success(request, _("Die Frage ist hinzugefügt."))
            return _questions_response(request, agenda, survey.pk)
    if _is_htmx(request):
        return render(
            request,
            "participation/survey_questions.html",
            _manage_context(request, agenda, survey, question_form=form),
            status=400,
        )
    return render(
        request,
        "participation/survey_manage.html",
        _manage_context(
            request, agenda, survey, question_form=form, form=SurveySettingsForm(initial={})
        ),
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, slug: str, pk: int, question_id: int) -> HttpResponse:
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_surveys)
    survey = queries.survey_of(agenda, pk)
    question = queries.question_of(survey, question_id)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(
                actor=request.user,  # type: ignore[arg-type]
                question=question,
                data=form.to_input(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Die Frage ist gespeichert."))
            return redirect("participation:survey_manage", agenda.slug, survey.pk)
    return render(
        request,
        "participation/survey_question_edit.html",
        {"agenda": agenda, "survey": survey, "question": question, "form": form},
    )


@login_required
@require_POST
def question_move(request: HttpRequest, slug: str, pk: int, question_id: int) -> HttpResponse:
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_surveys)
    survey = queries.survey_of(agenda, pk)
    question = queries.question_of(survey, question_id)
    services.move_question(
        actor=request.user,  # type: ignore[arg-type]
        question=question,
        up=request.POST.get("direction") == "up",
    )
    return _questions_response(request, agenda, survey.pk)


@login_required
@require_POST
def question_remove(request: HttpRequest, slug: str, pk: int, question_id: int) -> HttpResponse:
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_surveys)
    survey = queries.survey_of(agenda, pk)
    question = queries.question_of(survey, question_id)
    try:
        services.remove_question(actor=request.user, question=question)  # type: ignore[arg-type]
    except ValidationError as exc:
        return _questions_response(request, agenda, survey.pk, error=" ".join(exc.messages))
    return _questions_response(request, agenda, survey.pk)


@login_required
@require_POST
def survey_toggle(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_surveys)
    survey = queries.survey_of(agenda, pk)
    is_open = request.POST.get("open") == "1"
    try:
        services.set_survey_open(actor=request.user, survey=survey, is_open=is_open)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Die Umfrage ist jetzt geöffnet.")
            if is_open
            else _("Die Umfrage ist jetzt geschlossen."),
        )
    return redirect("participation:survey_manage", agenda.slug, survey.pk)


@login_required
@require_POST
def survey_for_round(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """The matrix round page's "Selbsteinschätzung": the round's survey, created on first use."""
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_surveys)
    assessment_round = AssessmentRound.objects.filter(agenda=agenda, pk=round_id).first()
    if assessment_round is None:
        raise Http404(_("Diese Bewertungsrunde gibt es in dieser Agenda nicht."))
    assessment_round.agenda = agenda
    survey = services.self_assessment_for_round(
        actor=request.user,  # type: ignore[arg-type]
        assessment_round=assessment_round,
    )
    return redirect("participation:survey_manage", agenda.slug, survey.pk)


@login_required
@require_GET
def survey_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_surveys)
    survey = queries.survey_of(agenda, pk)
    name = f"umfrage-{survey.pk}-antworten"
    if fmt == "csv":
        response = HttpResponse(queries.export_csv(survey), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            queries.export_xlsx(survey),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    raise Http404(_("Dieses Format gibt es nicht."))


@login_required
@require_POST
def answer_hide(request: HttpRequest, slug: str, pk: int, answer_id: int) -> HttpResponse:
    agenda = agenda_for(request.user, slug, check=permissions.can_moderate)
    survey = queries.survey_of(agenda, pk)
    answer = (
        Answer.objects.select_related("question__survey")
        .filter(pk=answer_id, response__survey=survey, question__kind=QuestionKind.TEXT)
        .first()
    )
    if answer is None:
        raise Http404(_("Diese Antwort gibt es in dieser Umfrage nicht."))
    answer.question.survey = survey
    hide = request.POST.get("hidden") == "1"
    services.hide_text_answer(actor=request.user, answer=answer, hidden=hide)  # type: ignore[arg-type]
    messages.success(
        request,
        _("Die Antwort ist ausgeblendet.") if hide else _("Die Antwort ist wieder sichtbar."),
    )
    return redirect(reverse("participation:survey_results", args=[agenda.slug, survey.pk]))
