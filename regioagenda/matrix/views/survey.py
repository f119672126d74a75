"""Views: the public self-assessment (Bürgerumfrage) of a round."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regioagenda.core import permissions
from regioagenda.core.http import client_address, safe_next
from regioagenda.matrix.forms.survey import SurveyForm
from regioagenda.matrix.queries import survey as queries
from regioagenda.matrix.services import survey as services
from regioagenda.regions.queries import agenda_for


def _session_key(request):
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


@require_http_methods(["GET", "POST"])
def survey(request, slug, round_id):
    agenda = agenda_for(request.user, slug)
    assessment_round = queries.survey_round(agenda, round_id)
    permissions.require(permissions.can_take_survey, request.user, assessment_round)
    version = assessment_round.version
    fields = version.fields.order_by("order")
    session_key = _session_key(request)
    context = {
        "agenda": agenda,
        "round": assessment_round,
        "moderation": queries.survey_moderation(assessment_round)
        if permissions.can_moderate(request.user, agenda)
        else None,
    }
    if services.has_answered(
        assessment_round=assessment_round, user=request.user, session_key=session_key
    ):
        return render(request, "matrix/survey_thanks.html", context)
    form = SurveyForm(request.POST or None, fields=fields, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_survey(
                actor=request.user,
                assessment_round=assessment_round,
                answers=form.answers(),
                session_key=session_key,
                client=client_address(request),
            )
        except services.SurveyLimitReached as exc:
            form.add_error(None, exc)
            return render(request, "matrix/survey_form.html", {**context, "form": form}, status=429)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "matrix/survey_thanks.html", context)
    return render(request, "matrix/survey_form.html", {**context, "form": form})


@login_required
@require_POST
def survey_toggle(request, slug, round_id):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_assessment)
    assessment_round = queries.survey_round(agenda, round_id)
    is_open = request.POST.get("open") == "1"
    try:
        services.set_survey_open(
            actor=request.user, assessment_round=assessment_round, is_open=is_open
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Die öffentliche Selbsteinschätzung ist jetzt geöffnet.")
            if is_open
            else _("Die öffentliche Selbsteinschätzung ist jetzt geschlossen."),
        )
    return redirect(safe_next(request, agenda.get_absolute_url()))
