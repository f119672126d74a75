"""Read paths of the consultation: the list of drafts, a draft with its paragraphs and comment
counts, one paragraph's comments, the versions with their differences, and the summary.

Comments are read by paragraph key over all versions of a draft (``participation.diff``), so a
comment written on version 1 still shows on the same paragraph of version 3, marked with the
version it was written on. Every page costs a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.core import permissions
from regioagenda.core.permissions import Person
from regioagenda.participation import diff
from regioagenda.participation.models import (
    Comment,
    CommentVerdict,
    Draft,
    DraftParagraph,
    DraftSection,
    DraftStatus,
    DraftVersion,
    Verdict,
)
from regioagenda.regions.models import Agenda


def draft_is_open(draft: Draft, *, today: datetime.date | None = None) -> bool:
    """Open for comments: published as open and within its dates."""
    today = today or timezone.localdate()
    return (
        draft.status == DraftStatus.OPEN
        and (draft.opens_on is None or today >= draft.opens_on)
        and (draft.closes_on is None or today <= draft.closes_on)
    )


def closed_reason(draft: Draft) -> str:
    today = timezone.localdate()
    if draft.status == DraftStatus.CLOSED or (draft.closes_on and today > draft.closes_on):
        return _("Die Konsultation ist beendet; Kommentare sind nicht mehr möglich.")
    if draft.status == DraftStatus.PREPARATION:
        return _("Der Entwurf ist noch in Vorbereitung.")
    if draft.opens_on and today < draft.opens_on:
        return _("Kommentare sind ab dem %(date)s möglich.") % {
            "date": draft.opens_on.strftime("%d.%m.%Y")
        }
    return ""


def latest_version(draft: Draft) -> DraftVersion | None:
    return DraftVersion.objects.filter(draft=draft).order_by("-number").first()


def is_team(user: Person, agenda: Agenda) -> bool:
    return bool(permissions.can_answer_consultation(user, agenda))


def visible_drafts(agenda: Agenda, user: Person) -> QuerySet[Draft]:
    drafts = Draft.objects.filter(agenda=agenda)
    if not is_team(user, agenda):
        drafts = drafts.exclude(status=DraftStatus.PREPARATION)
    return drafts.order_by("-created", "-pk")


def get_draft(agenda: Agenda, pk: int, user: Person) -> Draft:
    """The draft of ``agenda``; 404 for another agenda's and for one in preparation that the
    user may not see."""
    draft = visible_drafts(agenda, user).select_related("agenda").filter(pk=pk).first()
    if draft is None:
        raise Http404(_("Diesen Entwurf gibt es hier nicht."))
    return draft


def _paragraph_type() -> ContentType:
    return ContentType.objects.get_for_model(DraftParagraph)


def _key_of_paragraphs(draft: Draft) -> dict[int, tuple[str, int]]:
    """``{paragraph pk: (key, version number)}`` over all versions of the draft."""
    return {
        pk: (key, number)
        for pk, key, number in DraftParagraph.objects.filter(draft=draft).values_list(
            "pk", "key", "section__version__number"
        )
    }


def _comments(draft: Draft, keys: dict[int, tuple[str, int]]) -> list[Comment]:
    return list(
        Comment.objects.filter(
            target_type=_paragraph_type(), target_id__in=list(keys), hidden__isnull=True
        )
        .select_related("author", "verdict")
        .order_by("created", "pk")
    )


@dataclass
class ParagraphView:
    paragraph: DraftParagraph
    number: str  # "2.3": section 2, paragraph 3
    comments: int = 0
    answered: bool = False  # a "Antwort der Verwaltung" or an official reply exists


@dataclass
class SectionView:
    section: DraftSection
    number: int
    paragraphs: list[ParagraphView] = field(default_factory=list)


def _sections(version: DraftVersion) -> list[SectionView]:
    sections = {
        s.pk: SectionView(s, number)
        for number, s in enumerate(version.sections.order_by("position"), start=1)
    }
    for paragraph in DraftParagraph.objects.filter(section__version=version).order_by(
        "section__position", "position"
    ):
        view = sections[paragraph.section_id]
        view.paragraphs.append(
            ParagraphView(paragraph, f"{view.number}.{len(view.paragraphs) + 1}")
        )
    return list(sections.values())


@dataclass
class DraftPage:
    draft: Draft
    version: DraftVersion | None
    sections: list[SectionView]
    versions: int
    comments: int
    is_open: bool
    reason: str
    can_comment: bool
    refusal: str
    is_team: bool
    can_manage: bool


def draft_page(draft: Draft, user: Person) -> DraftPage:
    version = latest_version(draft)
    sections = _sections(version) if version else []
    keys = _key_of_paragraphs(draft)
    counts: Counter[str] = Counter()
    answered: set[str] = set()
    for comment in _comments(draft, keys):
        key = keys[comment.target_id][0]
        if comment.is_official:
            answered.add(key)
        else:
            counts[key] += 1
    for section in sections:
        for view in section.paragraphs:
            view.comments = counts[view.paragraph.key]
            view.answered = view.paragraph.key in answered
    answer = permissions.can_contribute(user, draft.agenda)
    is_open = draft_is_open(draft)
    return DraftPage(
        draft=draft,
        version=version,
        sections=sections,
        versions=version.number if version else 0,
        comments=sum(counts.values()),
        is_open=is_open,
        reason=closed_reason(draft),
        can_comment=is_open and bool(answer),
        refusal="" if answer else str(permissions.reason(permissions.can_contribute, answer)),
        is_team=is_team(user, draft.agenda),
        can_manage=bool(permissions.can_manage_drafts(user, draft.agenda)),
    )


@dataclass
class Thread:
    comment: Comment
    version: int  # the version the comment was written on
    replies: list[Comment] = field(default_factory=list)


@dataclass
class ParagraphPage:
    draft: Draft
    paragraph: DraftParagraph  # the newest text of this key
    number: str
    is_current: bool  # the paragraph is in the newest version
    current_version: int
    official: list[Comment]  # "Antwort der Verwaltung" on the paragraph
    threads: list[Thread]


def _threads(
    comments: list[Comment], keys: dict[int, tuple[str, int]]
) -> tuple[list[Comment], list[Thread]]:
    official: list[Comment] = []
    threads: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id is None and comment.is_official:
            official.append(comment)
        elif comment.parent_id is None:
            threads[comment.pk] = Thread(comment, keys[comment.target_id][1])
    for comment in comments:
        if comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    return official, list(threads.values())


def paragraph_page(draft: Draft, key: str) -> ParagraphPage:
    paragraphs = list(
        DraftParagraph.objects.filter(draft=draft, key=key)
        .select_related("section__version")
        .order_by("-section__version__number")
    )
    if not paragraphs:
        raise Http404(_("Diesen Absatz gibt es in diesem Entwurf nicht."))
    newest = paragraphs[0]
    version = latest_version(draft)
    keys = {p.pk: (p.key, p.section.version.number) for p in paragraphs}
    official, threads = _threads(_comments(draft, keys), keys)
    return ParagraphPage(
        draft=draft,
        paragraph=newest,
        number=f"{newest.section.position}.{newest.position}",
        is_current=version is not None and newest.section.version_id == version.pk,
        current_version=version.number if version else 0,
        official=official,
        threads=threads,
    )


# Versions ---------------------------------------------------------------------------------------


def versions(draft: Draft) -> list[DraftVersion]:
    return list(draft.versions.select_related("created_by").order_by("-number"))


def _as_diff_input(version: DraftVersion) -> list[tuple[str, str, diff.Paragraphs]]:
    return [
        (
            view.section.heading,
            view.section.anchor,
            [(p.paragraph.key, view.section.heading, p.paragraph.text) for p in view.paragraphs],
        )
        for view in _sections(version)
    ]


def version_diff(old: DraftVersion, new: DraftVersion) -> diff.VersionDiff:
    return diff.version_diff(_as_diff_input(old), _as_diff_input(new))


# Summary for the decision step -------------------------------------------------------------------


@dataclass
class SummaryParagraph:
    number: str
    paragraph: DraftParagraph
    official: list[Comment]
    threads: list[Thread]


@dataclass
class SummarySection:
    heading: str
    anchor: str
    paragraphs: list[SummaryParagraph]


@dataclass
class Summary:
    draft: Draft
    version: DraftVersion | None
    sections: list[SummarySection]
    earlier: list[SummaryParagraph]  # paragraphs of earlier versions no longer in the draft
    counts: list[tuple[str, str, int]]  # (verdict value or "", label, number)
    comments: int
    answered: int


def summary_visible(draft: Draft, user: Person) -> bool:
    """The team always; everyone who sees the draft once the consultation is closed."""
    return is_team(user, draft.agenda) or draft.status == DraftStatus.CLOSED


def summary(draft: Draft) -> Summary:
    version = latest_version(draft)
    keys = _key_of_paragraphs(draft)
    comments = _comments(draft, keys)
    by_key: dict[str, list[Comment]] = {}
    for comment in comments:
        by_key.setdefault(keys[comment.target_id][0], []).append(comment)
    sections: list[SummarySection] = []
    current_keys: set[str] = set()
    for view in _sections(version) if version else []:
        items = []
        for p in view.paragraphs:
            current_keys.add(p.paragraph.key)
            official, threads = _threads(by_key.get(p.paragraph.key, []), keys)
            items.append(SummaryParagraph(p.number, p.paragraph, official, threads))
        sections.append(SummarySection(view.section.heading, view.section.anchor, items))
    earlier: list[SummaryParagraph] = []
    gone = [key for key in by_key if key not in current_keys]
    if gone:
        newest: dict[str, DraftParagraph] = {}
        for paragraph in (
            DraftParagraph.objects.filter(draft=draft, key__in=gone)
            .select_related("section__version")
            .order_by("section__version__number")
        ):
            newest[paragraph.key] = paragraph
        for key in gone:
            official, threads = _threads(by_key[key], keys)
            paragraph = newest[key]
            earlier.append(
                SummaryParagraph(
                    _("Fassung %(number)s") % {"number": paragraph.section.version.number},
                    paragraph,
                    official,
                    threads,
                )
            )
    threads = [t for s in sections for p in s.paragraphs for t in p.threads] + [
        t for p in earlier for t in p.threads
    ]
    tally: Counter[str] = Counter()
    for thread in threads:
        verdict = getattr(thread.comment, "verdict", None)
        tally[verdict.status if verdict else ""] += 1
    counts = [(value, str(label), tally[value]) for value, label in Verdict.choices]
    counts.append(("", _("noch offen"), tally[""]))
    return Summary(
        draft=draft,
        version=version,
        sections=sections,
        earlier=earlier,
        counts=counts,
        comments=len(threads),
        answered=sum(1 for t in threads if any(r.is_official for r in t.replies)),
    )


def verdict_of(comment: Comment) -> CommentVerdict | None:
    try:
        return comment.verdict
    except CommentVerdict.DoesNotExist:
        return None


def summary_csv(result: Summary) -> tuple[list[str], list[list[object]]]:
    from regioagenda.actors.services.forum import plain_text

    header = [
        _("Abschnitt"),
        _("Absatz"),
        _("Kommentar Nr."),
        _("Datum"),
        _("Fassung"),
        _("Kommentar"),
        _("Antwort der Verwaltung"),
        _("Ergebnis"),
    ]
    rows: list[list[object]] = []
    groups = [(s.heading, p) for s in result.sections for p in s.paragraphs] + [
        (_("Absätze früherer Fassungen"), p) for p in result.earlier
    ]
    for heading, item in groups:
        for thread in item.threads:
            verdict = verdict_of(thread.comment)
            answers = " | ".join(
                plain_text(body=reply.body) for reply in thread.replies if reply.is_official
            )
            rows.append(
                [
                    heading,
                    item.number,
                    thread.comment.pk,
                    timezone.localtime(thread.comment.created).date(),
                    thread.version,
                    plain_text(body=thread.comment.body),
                    answers,
                    verdict.get_status_display() if verdict else _("noch offen"),
                ]
            )
    return header, rows


# The block on the agenda home, under the decision step -------------------------------------------


@dataclass
class AgendaSectionDraft:
    draft: Draft
    comments: int
    decided: int


def agenda_section(agenda: Agenda, user: Person) -> dict[str, object] | None:
    """Consultations for the decision step: each visible draft with its number of comments and
    of comments with a verdict (two queries); None when there is none."""
    drafts = list(visible_drafts(agenda, user))
    if not drafts:
        return None
    paragraph_ids = dict(
        DraftParagraph.objects.filter(draft__in=drafts).values_list("pk", "draft_id")
    )
    comments: Counter[int] = Counter()
    decided: Counter[int] = Counter()
    for target_id, verdict in Comment.objects.filter(
        target_type=_paragraph_type(),
        target_id__in=list(paragraph_ids),
        hidden__isnull=True,
        is_official=False,
        parent__isnull=True,
    ).values_list("target_id", "verdict__status"):
        comments[paragraph_ids[target_id]] += 1
        if verdict:
            decided[paragraph_ids[target_id]] += 1
    team = is_team(user, agenda)
    return {
        "agenda": agenda,
        "drafts": [AgendaSectionDraft(d, comments[d.pk], decided[d.pk]) for d in drafts],
        "is_team": team,
    }
