"""Posters and flyers as PDF for the agenda and its events."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regioagenda.core import permissions
from regioagenda.participation.queries import reach as queries
from regioagenda.regions.queries import agenda_for

FORMATS = {"plakat": "A4", "a4": "A4", "a5": "A5", "a6": "A6", "handzettel": "A6"}


def _size(request, default):
    value = request.GET.get("format", "").lower()
    if not value:
        return default
    if value not in FORMATS:
        raise Http404(_("Dieses Format gibt es nicht; möglich sind A4, A5 und A6."))
    return FORMATS[value]


def _pdf(content, size):
    pdf = queries.render_pdf(content, size, get_language() or "de")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{content.filename}-{size.lower()}.pdf"'
    return response


@login_required
def poster(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_print_posters)
    return _pdf(queries.agenda_poster(request, agenda), _size(request, "A4"))


@login_required
def flyer(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_print_posters)
    return _pdf(queries.agenda_poster(request, agenda), _size(request, "A6"))


@login_required
def event_poster(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_print_posters)
    event = queries.get_event(agenda, pk)
    return _pdf(queries.event_poster(request, agenda, event), _size(request, "A4"))


def poster_response(request, *, title, subtitle, lines, path, filename, size="A4"):
    """A poster for anything with a title and a page (a survey): for views of other topics,
    after their own permission check (``can_print_posters``). ``path`` is site-relative."""
    content = queries.generic_poster(
        title=title,
        subtitle=subtitle,
        lines=lines,
        url=request.build_absolute_uri(path),
        filename=filename,
    )
    return _pdf(content, _size(request, size))


def survey_poster(request, slug, pk):
    """A poster or flyer inviting to one survey, with a QR code to its page."""
    from regioagenda.participation.queries.surveys import survey_of

    agenda = agenda_for(request.user, slug, check=permissions.can_print_posters)
    survey = survey_of(agenda, pk)
    return poster_response(
        request,
        title=survey.title,
        subtitle=agenda.title,
        lines=[_("Machen Sie mit: Die Umfrage dauert nur wenige Minuten.")],
        path=survey.get_absolute_url(),
        filename=f"umfrage-{survey.pk}",
    )
