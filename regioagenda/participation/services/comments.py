"""The one comments engine of the process: ideas, draft paragraphs, events and (later) projects.

A target is any model instance with an ``agenda`` (and an ``agenda_id``); comments point at it
through its content type. An idea's ``comment_count`` is kept here, with ``F()`` in the same
transaction as the comment, for the list's "most discussed" order; other targets count when
read. Hiding and reports belong to the shared moderation (another module); this one writes,
answers, replies and corrects.
"""

from __future__ import annotations

import html
import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.community import services as community
from regioagenda.community.models import NotificationKind
from regioagenda.core import once, permissions
from regioagenda.core.html import sanitize_html
from regioagenda.participation.guards import check_rate
from regioagenda.participation.models import Comment, Idea
from regioagenda.participation.models.comments import COMMENT_MAX_LENGTH

# Replies indent one level: a reply to a reply answers the same first-level comment.
_BLOCK_TAG = re.compile(r"<(p|ul|ol)[\s>]", re.IGNORECASE)


# Rich text shared by ideas and comments --------------------------------------------------------


def clean_rich_text(text: str | None, *, field: str, limit: int, what: str) -> str:
    """Sanitised HTML of what someone typed (plain text keeps its paragraphs); refuses empty,
    too long or too deeply nested input with a sentence under ``field``."""
    raw = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(raw) > limit:
        raise ValidationError(
            {
                field: _(
                    "%(what)s ist %(length)s Zeichen lang; erlaubt sind höchstens %(limit)s "
                    "Zeichen. Bitte kürzen Sie ihn."
                )
                % {
                    "what": what,
                    "length": f"{len(raw):,}".replace(",", "."),
                    "limit": f"{limit:,}".replace(",", "."),
                }
            }
        )
    try:
        cleaned = sanitize_html(raw)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    if cleaned and not _BLOCK_TAG.search(cleaned):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", cleaned) if p.strip()]
        cleaned = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    if not plain_text(cleaned):
        raise ValidationError(
            {field: _("Der Text ist leer (oder enthielt nur nicht erlaubte Auszeichnung).")}
        )
    return cleaned


def plain_text(body: str | None) -> str:
    """The readable text of sanitised HTML, for emails, excerpts and the classifier."""
    text = re.sub(r"<br\s*/?>", "\n", body or "")
    text = re.sub(r"</(p|li)>", "\n\n", text)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(strip_tags(text))).strip()


def excerpt(body: str | None, length: int = 200) -> str:
    text = " ".join(plain_text(body).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# Targets ---------------------------------------------------------------------------------------

# Models people may comment on, as "app_label.model"; a later app adds its own (a draft
# paragraph, a project) with ``register_target`` in its AppConfig.ready.
COMMENT_TARGETS: set[str] = {"participation.idea", "participation.event"}


def register_target(label: str) -> None:
    COMMENT_TARGETS.add(label.lower())


def target_key(target: Model) -> tuple[ContentType, int]:
    return ContentType.objects.get_for_model(target), int(target.pk)


def target_url(target: Model) -> str:
    """The target's page, "" when it has none (yet): a later topic's page may be missing."""
    get_url = getattr(target, "get_absolute_url", None)
    if not callable(get_url):
        return ""
    try:
        return str(get_url())
    except NoReverseMatch:
        return ""


def _bump_count(target: Model, delta: int) -> None:
    if isinstance(target, Idea):
        Idea.objects.filter(pk=target.pk).update(comment_count=F("comment_count") + delta)


def _comment_closed(target: Model) -> str:
    """Why ``target`` takes no new comments, or "" when it does."""
    if getattr(target, "hidden", None) is not None:
        return _(
            "Dieser Beitrag wurde von der Moderation ausgeblendet; Kommentare sind geschlossen."
        )
    if isinstance(target, Idea) and target.status == "merged":
        return _("Diese Idee wurde mit einer anderen zusammengeführt; bitte kommentieren Sie dort.")
    return ""


# Writing ---------------------------------------------------------------------------------------


def add_comment(
    *,
    actor: User,
    target: Model,
    body: str,
    parent: Comment | None = None,
    official: bool = False,
    address: str = "",
    form_token: str = "",
) -> Comment:
    """Comment on ``target`` (anything with an ``agenda``), optionally as a reply to one of its
    comments, optionally as the agenda's official answer (staff only). Returns the comment.

    Refuses people who may not contribute (their reason), hidden or merged targets, replies to
    another target's or a hidden comment, empty, too long or too deeply nested text, and more
    comments an hour than the limit. Tells the answered comment's author and the target's
    followers; the writer follows the target."""
    agenda: Any = target.agenda  # type: ignore[attr-defined]
    permissions.require(permissions.can_contribute, actor, agenda)
    if official:
        permissions.require(permissions.can_answer_officially, actor, agenda)
    closed = _comment_closed(target)
    if closed:
        raise ValidationError(closed)
    target_type, target_id = target_key(target)
    if parent is not None:
        # Read again: the moderation may have hidden it since the page was rendered.
        parent = Comment.objects.filter(pk=parent.pk).first() or parent
        if parent.target_type_id != target_type.pk or parent.target_id != target_id:
            raise ValidationError(
                {"parent": _("Der Kommentar, auf den Sie antworten wollen, gehört nicht hierher.")}
            )
        if parent.hidden is not None:
            raise ValidationError(
                {"parent": _("Auf einen ausgeblendeten Kommentar kann nicht geantwortet werden.")}
            )
        # One level of replies: answering a reply answers its thread.
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)
    cleaned = clean_rich_text(body, field="body", limit=COMMENT_MAX_LENGTH, what=_("Der Kommentar"))
    is_staff = bool(permissions.can_moderate(actor, agenda))
    if not is_staff:
        check_rate(kind="comment", user_id=actor.pk, address=address)
    with transaction.atomic():
        claimed = once.claim(form_token, user=actor, kind="participation.comment")
        comment = Comment.objects.create(
            agenda=agenda,
            target_type=target_type,
            target_id=target_id,
            parent=parent,
            author=actor,
            body=cleaned,
            is_official=official,
        )
        _bump_count(target, +1)
        claimed.done(comment)
        community.follow(actor=actor, target=target)
        url = f"{target_url(target)}#kommentar-{comment.pk}"
        title = str(target)
        text = excerpt(cleaned, 500)
        answered = parent.author if parent is not None and parent.author_id else None
        if answered is not None:
            community.notify(
                actor=actor,
                agenda=agenda,
                kind=NotificationKind.ANSWER,
                subject=_("Antwort auf Ihren Kommentar zu „%(title)s“") % {"title": title},
                text=text,
                url=url,
                target=None,
                recipients=[answered],
                to_followers=False,
            )
        community.notify(
            actor=actor,
            agenda=agenda,
            kind=NotificationKind.COMMENT,
            subject=(
                _("Offizielle Antwort zu „%(title)s“")
                if official
                else _("Neuer Kommentar zu „%(title)s“")
            )
            % {"title": title},
            text=text,
            url=url,
            target=target,
            recipients=[],
        )
    return comment


def edit_comment(*, actor: User, comment: Comment, body: str) -> Comment:
    """Correct one's own comment within the first 15 minutes (``can_edit_comment``)."""
    permissions.require(permissions.can_edit_comment, actor, comment)
    cleaned = clean_rich_text(body, field="body", limit=COMMENT_MAX_LENGTH, what=_("Der Kommentar"))
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        # Re-checked on the locked row: a moderator may have hidden it meanwhile.
        permissions.require(permissions.can_edit_comment, actor, locked)
        locked.body = cleaned
        locked.edited = timezone.now()
        locked.save(update_fields=["body", "edited"])
    return locked


def comment_removed(*, target: Model, count: int = 1) -> None:
    """Keep an idea's ``comment_count`` exact when the moderation deletes comments for good
    (hiding keeps them counted: the thread shows them as hidden). Call inside its transaction."""
    _bump_count(target, -count)
