"""What goes on a poster or flyer: title, who invites, the short lines and the address."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from regioagenda.core import pagecache
from regioagenda.participation.models import Event
from regioagenda.participation.posters import poster_pdf
from regioagenda.participation.queries.phases import phase_views
from regioagenda.regions.models import Agenda

POSTER_SIZES = ("A4", "A5", "A6")


@dataclass(frozen=True)
class PosterContent:
    title: str
    subtitle: str
    lines: list[str]
    url: str
    filename: str


def process_url(request: HttpRequest, agenda: Agenda) -> str:
    return request.build_absolute_uri(reverse("participation:process", args=[agenda.slug]))


def event_url(request: HttpRequest, event: Event) -> str:
    try:
        path = event.get_absolute_url()
    except NoReverseMatch:  # the events part is not mounted (yet): the process page
        path = reverse("participation:process", args=[event.agenda.slug])
    return request.build_absolute_uri(path)


def agenda_poster(request: HttpRequest, agenda: Agenda) -> PosterContent:
    current = next((step for step in phase_views(agenda) if step.is_current), None)
    lines = [_("Gestalten Sie mit, wie unsere Region digital wird.")]
    if current is not None:
        lines.append(
            _("Jetzt: %(step)s") % {"step": current.definition.name}
            + (
                _(" – bis %(date)s") % {"date": formats.date_format(current.phase.ends_on)}
                if current.phase.ends_on
                else ""
            )
        )
        if current.phase.plain_summary:
            lines.append(current.phase.plain_summary)
    lines.append(_("Ideen einbringen, mitdiskutieren, zu Veranstaltungen kommen."))
    return PosterContent(
        title=agenda.title,
        subtitle=_("%(region)s lädt ein") % {"region": agenda.region.name},
        lines=lines,
        url=process_url(request, agenda),
        filename=f"mitmachen-{agenda.slug}",
    )


def get_event(agenda: Agenda, pk: int) -> Event:
    event = Event.objects.filter(agenda=agenda, pk=pk).first()
    if event is None:
        raise Http404(_("Diese Agenda hat keine Veranstaltung mit der Nummer %(pk)s.") % {"pk": pk})
    event.agenda = agenda
    return event


def event_poster(request: HttpRequest, agenda: Agenda, event: Event) -> PosterContent:
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    when = formats.date_format(starts, "l, j. F Y")
    if starts.date() == ends.date():
        when += ", " + _("%(start)s–%(end)s Uhr") % {
            "start": starts.strftime("%H:%M"),
            "end": ends.strftime("%H:%M"),
        }
    else:
        when += " – " + formats.date_format(ends, "l, j. F Y")
    where = ", ".join(part for part in (event.place, event.address) if part) or _("online")
    lines = [when, where]
    if event.is_cancelled:
        lines.insert(0, _("ABGESAGT"))
    if event.registration_required:
        lines.append(_("Bitte melden Sie sich an – online über den Code."))
    if event.accessibility:
        lines.append(event.accessibility[:160])
    return PosterContent(
        title=event.title,
        subtitle=f"{event.get_kind_display()} · {agenda.title}",
        lines=lines,
        url=event_url(request, event),
        filename=f"veranstaltung-{event.pk}",
    )


def generic_poster(
    *, title: str, subtitle: str, lines: list[str], url: str, filename: str
) -> PosterContent:
    """For parts that only know a title and an address (a survey until it has its own)."""
    return PosterContent(title=title, subtitle=subtitle, lines=lines, url=url, filename=filename)


def render_pdf(content: PosterContent, size: str, lang: str) -> bytes:
    """The PDF, drawn once per data version, content and size (WeasyPrint takes ~1 s)."""
    if size not in POSTER_SIZES:
        raise Http404(_("Dieses Format gibt es nicht."))
    return pagecache.per_version(
        "participation-poster",
        content.url,
        content.title,
        "|".join(content.lines),
        content.subtitle,
        size,
        lang,
        compute=lambda: poster_pdf(
            content.title, content.subtitle, content.lines, content.url, lang, size
        ),
    )
