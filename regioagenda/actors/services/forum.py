"""Write paths of the expert forum: threads, posts, following, moderation, notifications.

Every service takes the acting user and plain arguments, checks the permission, validates and
raises ``ValidationError`` with a German sentence the page shows where the user acted; nothing is
stored when it refuses. ``Thread.last_activity`` is the time of the newest post, kept here for
ordering; how many posts a thread has is counted when read (``queries.forum``).

Following and emails go through the platform's one notification service (``community``):
followers are told about a new post by a background task queued after the transaction commits
(it hands them to ``community.services.notify``), so a slow or failing mail server neither
delays nor loses the post. Forum posts are registered with ``community.targets`` so the shared
moderation queue can take reports of them and hide them.
"""

import html
import logging
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors.fields import active_fields
from regioagenda.actors.models import Post, Thread
from regioagenda.actors.validation import FieldErrors
from regioagenda.community import services as community
from regioagenda.community.models import Follow
from regioagenda.core import once, permissions
from regioagenda.core.html import sanitize_html  # the platform's one allowlist for user HTML
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda

logger = logging.getLogger(__name__)

MAX_BODY_CHARS = 10_000
MAX_TITLE_CHARS = 200
MAX_REASON_CHARS = 300
_BLOCK_TAG = re.compile(r"<(p|ul|ol)[\s>]", re.IGNORECASE)


# Body text -------------------------------------------------------------------------------------


def sanitize_post(*, text: str | None) -> str:
    """Turn what a member typed into safe HTML.

    Plain text keeps its paragraphs (blank lines) and line breaks; limited markup (paragraphs,
    lists, bold, italics, http(s) links) is kept as written; everything else — scripts, styles,
    event handlers, other tags — is removed.
    """
    cleaned = sanitize_html((text or "").replace("\r\n", "\n").replace("\r", "\n"))
    if cleaned and not _BLOCK_TAG.search(cleaned):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", cleaned) if p.strip()]
        cleaned = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return cleaned


def plain_text(*, body: str | None) -> str:
    """The readable text of a sanitised body, for emails and excerpts."""
    text = re.sub(r"<br\s*/?>", "\n", body or "")
    text = re.sub(r"</(p|li)>", "\n\n", text)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(strip_tags(text))).strip()


def _clean_body(text: str | None, field: str = "body") -> str:
    raw = (text or "").strip()
    if len(raw) > MAX_BODY_CHARS:
        raise ValidationError(
            {
                field: _(
                    "Der Beitrag ist %(length)s Zeichen lang; erlaubt sind höchstens "
                    "%(limit)s Zeichen. Bitte kürzen Sie ihn."
                )
                % {"length": f"{len(raw):,}".replace(",", "."), "limit": "10.000"}
            }
        )
    body = sanitize_post(text=raw)
    if not plain_text(body=body):
        raise ValidationError(
            {
                field: _(
                    "Der Beitrag ist leer (oder enthielt nur nicht erlaubte Auszeichnung). "
                    "Bitte schreiben Sie einen Text."
                )
            }
        )
    return body


# Threads and posts -----------------------------------------------------------------------------


def start_thread(
    *, actor: User, agenda: Agenda, field_key: str, title: str, body: str, form_token: str = ""
) -> Thread:
    """Open a discussion in a field with its first post; the author follows it. Returns it.

    ``form_token`` is the form's one-time token: a second submission of the same form raises
    ``once.AlreadySubmitted`` naming the thread the first one opened."""
    permissions.require(permissions.can_enter_expert_forum, actor, agenda)
    errors: FieldErrors = {}
    if field_key not in dict(active_fields()):
        errors["field_key"] = _("Unbekanntes Handlungsfeld „%(key)s“.") % {"key": field_key}
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = _("Bitte geben Sie der Diskussion einen Titel.")
    elif len(title) > MAX_TITLE_CHARS:
        errors["title"] = _("Der Titel darf höchstens %(limit)s Zeichen lang sein.") % {
            "limit": MAX_TITLE_CHARS
        }
    try:
        cleaned = _clean_body(body)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claimed = once.claim(form_token, user=actor, kind="actors.thread")
        thread = Thread.objects.create(
            agenda=agenda,
            field_key=field_key,
            title=title,
            author=actor,
            last_activity=timezone.now(),
        )
        # Nobody but the author follows a new thread yet, so there is nobody to notify.
        _create_post(actor, thread, None, cleaned, site_url="", notify=False)
        claimed.done(thread)
    thread.refresh_from_db()
    return thread


def add_post(
    *,
    actor: User,
    thread: Thread,
    body: str,
    parent: Post | None = None,
    site_url: str = "",
    notify: bool = True,
    form_token: str = "",
) -> Post:
    """Write in a thread, optionally as a reply to one of its posts. Returns the post.

    ``form_token`` is the form's one-time token: a second submission of the same form raises
    ``once.AlreadySubmitted`` naming the post the first one wrote.

    Non-members are refused with the forum's reason (``PermissionDenied``); a closed thread, a
    parent from another thread or a hidden parent, and an empty or too long text are refused
    with a sentence (``ValidationError``). The author follows the thread afterwards.
    """
    permissions.require(permissions.can_enter_expert_forum, actor, thread.agenda)
    if thread.is_closed:
        raise ValidationError(
            _("Diese Diskussion ist geschlossen; neue Beiträge sind nicht mehr möglich.")
        )
    permissions.require(permissions.can_post_in_forum, actor, thread)
    if parent is not None:
        if parent.thread_id != thread.pk:
            raise ValidationError(
                {
                    "parent": _(
                        "Der Beitrag, auf den Sie antworten wollen, gehört nicht zu dieser "
                        "Diskussion. Bitte antworten Sie direkt unter dem Beitrag."
                    )
                }
            )
        if parent.hidden is not None:
            raise ValidationError(
                {
                    "parent": _(
                        "Auf einen von der Moderation ausgeblendeten Beitrag kann nicht "
                        "geantwortet werden."
                    )
                }
            )
    cleaned = _clean_body(body)
    with transaction.atomic():
        # Lock the thread row: a moderator closing it at the same moment wins cleanly.
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.is_closed:
            raise ValidationError(
                _("Diese Diskussion ist geschlossen; neue Beiträge sind nicht mehr möglich.")
            )
        claimed = once.claim(form_token, user=actor, kind="actors.post")
        post = _create_post(actor, thread, parent, cleaned, site_url=site_url, notify=notify)
        claimed.done(post)
    thread.refresh_from_db(fields=["last_activity"])
    return post


def _create_post(
    actor: User, thread: Thread, parent: Post | None, body: str, *, site_url: str, notify: bool
) -> Post:
    post = Post.objects.create(thread=thread, parent=parent, author=actor, body=body)
    Thread.objects.filter(pk=thread.pk).update(last_activity=post.created)
    community.follow(actor=actor, target=thread)
    if notify:
        post_id = post.pk
        transaction.on_commit(lambda: queue_notifications(post_id=post_id, site_url=site_url))
    return post


# Following -------------------------------------------------------------------------------------


def follow_thread(*, actor: User, thread: Thread) -> None:
    """Get an email for each new post by someone else in ``thread``."""
    permissions.require(permissions.can_enter_expert_forum, actor, thread.agenda)
    community.follow(actor=actor, target=thread)


def unfollow_thread(*, actor: User, thread: Thread) -> None:
    """No more emails about ``thread`` (also for threads one started or wrote in)."""
    permissions.require(permissions.can_enter_expert_forum, actor, thread.agenda)
    community.unfollow(actor=actor, target=thread)


# Moderation ------------------------------------------------------------------------------------


@transaction.atomic
def hide_post(*, actor: User, post: Post, reason: str) -> Post:
    """Hide a post's text from members, with the reason they see instead."""
    agenda = post.thread.agenda
    permissions.require(permissions.can_moderate_forum, actor, agenda)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            {"reason": _("Bitte geben Sie an, warum der Beitrag ausgeblendet wird.")}
        )
    if len(reason) > MAX_REASON_CHARS:
        raise ValidationError(
            {
                "reason": _("Der Grund darf höchstens %(limit)s Zeichen lang sein.")
                % {"limit": MAX_REASON_CHARS}
            }
        )
    if Post.objects.filter(pk=post.pk, hidden__isnull=False).exists():
        raise ValidationError(_("Dieser Beitrag ist bereits ausgeblendet."))
    post.hidden = timezone.now()
    post.hidden_by = actor
    post.hidden_reason = reason
    post.save(update_fields=["hidden", "hidden_by", "hidden_reason"])
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.FORUM_POST_HIDDEN,
        detail=f"{post.thread.title} #{post.pk}: {reason}",
    )
    return post


@transaction.atomic
def unhide_post(*, actor: User, post: Post) -> Post:
    """Show a hidden post again."""
    agenda = post.thread.agenda
    permissions.require(permissions.can_moderate_forum, actor, agenda)
    if not Post.objects.filter(pk=post.pk, hidden__isnull=False).exists():
        raise ValidationError(_("Dieser Beitrag ist nicht ausgeblendet."))
    post.hidden = None
    post.hidden_by = None
    post.hidden_reason = ""
    post.save(update_fields=["hidden", "hidden_by", "hidden_reason"])
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.FORUM_POST_SHOWN,
        detail=f"{post.thread.title} #{post.pk}",
    )
    return post


def _set_flag(actor: User, thread: Thread, flag: str, value: bool, action: AuditAction) -> Thread:
    permissions.require(permissions.can_moderate_forum, actor, thread.agenda)
    with transaction.atomic():
        changed = (
            Thread.objects.filter(pk=thread.pk).exclude(**{flag: value}).update(**{flag: value})
        )
        setattr(thread, flag, value)
        if changed:
            record_event(actor=actor, agenda=thread.agenda, action=action, detail=thread.title)
    return thread


def close_thread(*, actor: User, thread: Thread) -> Thread:
    """No new posts until a moderator reopens the thread."""
    return _set_flag(actor, thread, "is_closed", True, AuditAction.FORUM_THREAD_CLOSED)


def reopen_thread(*, actor: User, thread: Thread) -> Thread:
    return _set_flag(actor, thread, "is_closed", False, AuditAction.FORUM_THREAD_REOPENED)


def pin_thread(*, actor: User, thread: Thread) -> Thread:
    """Show the thread above the others of its field."""
    return _set_flag(actor, thread, "is_pinned", True, AuditAction.FORUM_THREAD_PINNED)


def unpin_thread(*, actor: User, thread: Thread) -> Thread:
    return _set_flag(actor, thread, "is_pinned", False, AuditAction.FORUM_THREAD_UNPINNED)


# Notifications ---------------------------------------------------------------------------------


def queue_notifications(*, post_id: int, site_url: str = "") -> None:
    """Queue the emails about a new post; a queue that is down is logged, the post stays."""
    from regioagenda.actors.tasks import notify_followers

    try:
        notify_followers.enqueue(post_id, site_url)
    except Exception:
        logger.exception("Could not queue the forum notifications of post %s", post_id)


def notification_recipients(*, post: Post) -> list[User]:
    """Followers of the post's thread except its author who may still enter the forum."""
    agenda = post.thread.agenda
    follower_ids = Follow.objects.filter(
        target_type=ContentType.objects.get_for_model(Thread), target_id=post.thread_id
    ).values("user_id")
    people = User.objects.filter(pk__in=follower_ids, is_active=True).order_by("email")
    if post.author_id is not None:  # the author's account may be gone
        people = people.exclude(pk=post.author_id)
    return [user for user in people if permissions.can_enter_expert_forum(user, agenda)]


# What community knows of the forum: threads to follow, posts to report --------------------------


def register_targets() -> None:
    """Tell ``community`` how to follow threads and how reports of posts are handled (called
    once from ``actors.sections`` at start-up)."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from regioagenda.community.targets import Target, excerpt, targets

    def thread_url(thread: Thread) -> str:
        return reverse("actors:thread", args=[thread.agenda.slug, thread.pk])

    targets.register(
        Target(
            key="forum_thread",
            model="actors.Thread",
            label=gettext_lazy("Diskussion im Expertenforum"),
            queryset=lambda: Thread.objects.select_related("agenda"),
            agenda=lambda thread: thread.agenda,
            can_view=lambda user, thread: bool(
                permissions.can_enter_expert_forum(user, thread.agenda)
            ),
            url=thread_url,
            excerpt=lambda thread: thread.title,
            author=lambda thread: thread.author,
            agenda_lookup="agenda",
        )
    )
    targets.register(
        Target(
            key="forum_post",
            model="actors.Post",
            label=gettext_lazy("Forumsbeitrag"),
            queryset=lambda: Post.objects.select_related("thread__agenda", "author"),
            agenda=lambda post: post.thread.agenda,
            can_view=lambda user, post: bool(
                permissions.can_enter_expert_forum(user, post.thread.agenda)
            ),
            url=lambda post: f"{thread_url(post.thread)}#beitrag-{post.pk}",
            excerpt=lambda post: excerpt(post.body),
            author=lambda post: post.author,
            hide=lambda *, actor, obj, reason: hide_post(actor=actor, post=obj, reason=reason),
            unhide=lambda *, actor, obj: unhide_post(actor=actor, post=obj),
            is_hidden=lambda post: post.hidden is not None,
            agenda_lookup="thread__agenda",
        )
    )
