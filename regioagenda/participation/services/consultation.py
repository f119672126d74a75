"""Write paths of the consultation: drafts and their versions, comments on paragraphs, official
answers and the verdict on each comment.

A version is made from pasted text (rich text or Markdown) or an uploaded DOCX/ODT/PDF/Markdown
file (read by ``sources.extract`` with its size and zip-bomb guards, paragraphs and headings by
``sources.passages``) and split into sections and paragraphs (``participation.diff``); a new
version's paragraphs keep the keys of the previous version's equal or similar paragraphs, so
comments stay with them.
"""

from __future__ import annotations

import datetime
from typing import BinaryIO, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors.services.forum import plain_text
from regioagenda.community.models import NotificationKind
from regioagenda.community.services import notify
from regioagenda.core import once, permissions
from regioagenda.core.html import sanitize_html
from regioagenda.participation import diff
from regioagenda.participation.guards import check_rate
from regioagenda.participation.models import (
    Comment,
    CommentVerdict,
    Draft,
    DraftParagraph,
    DraftSection,
    DraftStatus,
    DraftVersion,
    Verdict,
    VersionSource,
)
from regioagenda.participation.models.comments import COMMENT_MAX_LENGTH
from regioagenda.participation.models.consultation import NOTE_MAX_LENGTH, TITLE_MAX_LENGTH
from regioagenda.participation.queries.consultation import draft_is_open, latest_version
from regioagenda.participation.services.comments import clean_rich_text
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda
from regioagenda.sources.extract import ExtractionError, extract
from regioagenda.sources.passages import paragraphs as document_paragraphs

# A strategy draft of 100 pages is ~300,000 characters; far more is not a draft but a mistake.
MAX_TEXT_CHARS = 600_000
MAX_PARAGRAPHS = 3_000


# Reading the text --------------------------------------------------------------------------------


def _parse(text: str, upload: UploadedFile | None) -> tuple[list[diff.ParsedSection], str, str]:
    """Sections of the pasted text or the uploaded file, the source and the file name."""
    if upload is not None:
        try:
            # The extractor reads the file object itself, refusing it above the size limit.
            extraction = extract(cast(BinaryIO, upload.file), upload.name)
        except ExtractionError as exc:
            raise ValidationError({"upload": exc.message}) from None
        blocks = [(max(p.level, 0), p.text) for p in document_paragraphs(extraction)]
        if sum(len(t) for _l, t in blocks) > MAX_TEXT_CHARS:
            raise ValidationError({"upload": _too_long()})
        sections = diff.split_blocks(blocks)
        source, filename = VersionSource.UPLOAD, (upload.name or "")[:255]
    else:
        if len(text or "") > MAX_TEXT_CHARS:
            raise ValidationError({"text": _too_long()})
        sections = diff.split_text(text or "")
        source, filename = VersionSource.PASTED, ""
    field = "upload" if upload is not None else "text"
    if not any(section.paragraphs for section in sections):
        raise ValidationError(
            {
                field: _(
                    "Der Entwurf enthält keinen Text. Bitte fügen Sie den Text ein oder laden Sie eine Datei hoch."
                )
            }
        )
    if sum(len(section.paragraphs) for section in sections) > MAX_PARAGRAPHS:
        raise ValidationError(
            {field: _("Der Entwurf hat mehr als %(limit)s Absätze.") % {"limit": MAX_PARAGRAPHS}}
        )
    return sections, source, filename


def _too_long() -> str:
    return _(
        "Der Text ist zu lang für einen Entwurf (höchstens %(limit)s Zeichen). Bitte teilen Sie "
        "ihn auf mehrere Entwürfe auf."
    ) % {"limit": f"{MAX_TEXT_CHARS:,}".replace(",", ".")}


def _store_version(
    *,
    actor: User,
    draft: Draft,
    sections: list[diff.ParsedSection],
    source: str,
    filename: str,
    note: str,
) -> DraftVersion:
    previous = latest_version(draft)
    old: list[tuple[str, str]] = []
    if previous is not None:
        old = [
            (key, diff.plain(text))
            for key, text in DraftParagraph.objects.filter(section__version=previous)
            .order_by("section__position", "position")
            .values_list("key", "text")
        ]
    flat = [p for section in sections for p in section.paragraphs]
    keys = iter(diff.match_keys(old, [p.text for p in flat]))
    number = (draft.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = DraftVersion.objects.create(
        draft=draft, number=number, note=note, source=source, filename=filename, created_by=actor
    )
    rows = DraftSection.objects.bulk_create(
        DraftSection(version=version, position=position, heading=section.heading, anchor=anchor)
        for position, (section, anchor) in enumerate(
            zip(sections, diff.anchors([s.heading for s in sections]), strict=True), start=1
        )
    )
    DraftParagraph.objects.bulk_create(
        DraftParagraph(
            section=row,
            draft=draft,
            position=position,
            text=sanitize_html(paragraph.html),
            key=next(keys),
        )
        for row, section in zip(rows, sections, strict=True)
        for position, paragraph in enumerate(section.paragraphs, start=1)
    )
    return version


# Drafts and versions ---------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie dem Entwurf einen Titel.")})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {
                "title": _("Der Titel darf höchstens %(limit)s Zeichen lang sein.")
                % {"limit": TITLE_MAX_LENGTH}
            }
        )
    return title


def _check_dates(opens_on: datetime.date | None, closes_on: datetime.date | None) -> None:
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("Das Ende liegt vor dem Beginn.")})


def create_draft(
    *,
    actor: User,
    agenda: Agenda,
    title: str,
    text: str = "",
    upload: UploadedFile | None = None,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    form_token: str = "",
) -> Draft:
    """A new draft "in Vorbereitung" with its first version from ``text`` or ``upload``."""
    permissions.require(permissions.can_manage_drafts, actor, agenda)
    title = _clean_title(title)
    _check_dates(opens_on, closes_on)
    sections, source, filename = _parse(text, upload)
    with transaction.atomic():
        claimed = once.claim(form_token, user=actor, kind="participation.draft")
        draft = Draft.objects.create(
            agenda=agenda, title=title, opens_on=opens_on, closes_on=closes_on, created_by=actor
        )
        _store_version(
            actor=actor, draft=draft, sections=sections, source=source, filename=filename, note=""
        )
        claimed.done(draft)
        record_event(
            actor=actor, agenda=agenda, action=AuditAction.DRAFT_CREATED, detail=draft.title
        )
    return draft


def add_version(
    *,
    actor: User,
    draft: Draft,
    text: str = "",
    upload: UploadedFile | None = None,
    note: str = "",
    form_token: str = "",
) -> DraftVersion:
    """A new version of ``draft``; comments stay with paragraphs that are equal or similar."""
    permissions.require(permissions.can_manage_drafts, actor, draft.agenda)
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("Die Notiz ist zu lang.")})
    sections, source, filename = _parse(text, upload)
    with transaction.atomic():
        # One version at a time per draft: the number is taken under the draft's lock.
        Draft.objects.select_for_update().get(pk=draft.pk)
        claimed = once.claim(form_token, user=actor, kind="participation.draft_version")
        version = _store_version(
            actor=actor, draft=draft, sections=sections, source=source, filename=filename, note=note
        )
        claimed.done(version)
        record_event(
            actor=actor,
            agenda=draft.agenda,
            action=AuditAction.DRAFT_VERSION_ADDED,
            detail=_("%(title)s: Fassung %(number)s")
            % {"title": draft.title, "number": version.number},
        )
    return version


def update_draft(
    *,
    actor: User,
    draft: Draft,
    title: str,
    status: str,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
) -> Draft:
    permissions.require(permissions.can_manage_drafts, actor, draft.agenda)
    title = _clean_title(title)
    if status not in DraftStatus.values:
        raise ValidationError({"status": _("Unbekannter Stand.")})
    _check_dates(opens_on, closes_on)
    with transaction.atomic():
        changed = status != draft.status
        draft.title, draft.status, draft.opens_on, draft.closes_on = (
            title,
            status,
            opens_on,
            closes_on,
        )
        draft.save(update_fields=["title", "status", "opens_on", "closes_on"])
        record_event(
            actor=actor,
            agenda=draft.agenda,
            action=AuditAction.DRAFT_STATUS_CHANGED,
            detail=_("%(title)s: %(status)s")
            % {"title": draft.title, "status": draft.get_status_display()}
            if changed
            else draft.title,
        )
    return draft


# Comments, answers, verdicts -------------------------------------------------------------------
# Paragraph comments are rows of the one ``Comment`` model, their text checked by the comments
# engine's ``clean_rich_text``; the draft's own rules (open, latest version, official answers
# by staff, threads that follow a paragraph's key across versions) are checked here.


def comment_on_paragraph(
    *,
    actor: User,
    paragraph: DraftParagraph,
    body: str,
    parent: Comment | None = None,
    official: bool = False,
    address: str = "",
    form_token: str = "",
) -> Comment:
    """A comment on a paragraph of the draft's current version, or a reply to one of its
    comments. Participants write while the draft is open; ``official`` answers (staff) may
    also come after it closed."""
    draft = paragraph.draft
    agenda = draft.agenda
    if official:
        permissions.require(permissions.can_answer_consultation, actor, agenda)
        if draft.status == DraftStatus.PREPARATION:
            raise ValidationError(_("Der Entwurf ist noch nicht veröffentlicht."))
    else:
        permissions.require(permissions.can_contribute, actor, agenda)
        if not draft_is_open(draft):
            raise ValidationError(_("Zu diesem Entwurf kann man (nicht mehr) kommentieren."))
        if paragraph.section.version_id != getattr(latest_version(draft), "pk", None):
            raise ValidationError(
                _("Es gibt eine neuere Fassung des Entwurfs. Bitte laden Sie die Seite neu.")
            )
    paragraph_type = ContentType.objects.get_for_model(DraftParagraph)
    if parent is not None:
        same_paragraph = parent.target_type_id == paragraph_type.pk and (
            DraftParagraph.objects.filter(
                pk=parent.target_id, draft=draft, key=paragraph.key
            ).exists()
        )
        if not same_paragraph or parent.hidden is not None:
            raise ValidationError(
                _("Den Kommentar, auf den Sie antworten wollen, gibt es nicht (mehr).")
            )
        if parent.parent_id is not None:
            parent = parent.parent  # one level of replies: answer the thread's first comment
    # The one rule for comment text (length, markup, nesting, empty) of the comments engine.
    cleaned = clean_rich_text(body, field="body", limit=COMMENT_MAX_LENGTH, what=_("Der Kommentar"))
    staff = permissions.can_answer_consultation(actor, agenda)
    if not staff:
        check_rate(kind="comment", user_id=actor.pk, address=address)
    with transaction.atomic():
        claimed = once.claim(form_token, user=actor, kind="participation.draft_comment")
        comment = Comment.objects.create(
            agenda=agenda,
            target_type=paragraph_type,
            target_id=paragraph.pk,
            parent=parent,
            author=actor,
            body=cleaned,
            is_official=official,
            is_example=draft.is_example,
        )
        claimed.done(comment)
        if official:
            record_event(
                actor=actor,
                agenda=agenda,
                action=AuditAction.DRAFT_COMMENT_ANSWERED,
                detail=_("%(title)s, Absatz %(key)s")
                % {"title": draft.title, "key": paragraph.key},
            )
    if parent is not None and parent.author is not None:
        url = reverse("participation:draft_paragraph", args=[agenda.slug, draft.pk, paragraph.key])
        transaction.on_commit(
            lambda: notify(
                actor=actor,
                agenda=agenda,
                kind=NotificationKind.ANSWER,
                subject=_("Antwort auf Ihren Kommentar zu „%(title)s“") % {"title": draft.title},
                text=plain_text(body=cleaned)[:500],
                url=f"{url}#kommentar-{comment.pk}",
                target=draft,
                recipients=[parent.author] if parent.author else [],
            )
        )
    return comment


def set_verdict(*, actor: User, comment: Comment, status: str) -> CommentVerdict | None:
    """What became of a comment (``""`` removes the verdict)."""
    permissions.require(permissions.can_answer_consultation, actor, comment.agenda)
    if status and status not in Verdict.values:
        raise ValidationError({"status": _("Unbekanntes Ergebnis.")})
    if comment.is_official or comment.parent_id is not None:
        raise ValidationError(_("Ein Ergebnis gibt es nur für Kommentare, nicht für Antworten."))
    with transaction.atomic():
        if not status:
            CommentVerdict.objects.filter(comment=comment).delete()
            verdict = None
        else:
            verdict, _created = CommentVerdict.objects.update_or_create(
                comment=comment, defaults={"status": status, "decided_by": actor}
            )
        record_event(
            actor=actor,
            agenda=comment.agenda,
            action=AuditAction.DRAFT_VERDICT_SET,
            detail=_("Kommentar %(pk)s: %(status)s")
            % {"pk": comment.pk, "status": Verdict(status).label if status else _("offen")},
        )
    return verdict
