"""News posts of the process: written by coordination and editors, announced to followers."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import User
from regioagenda.community import services as community
from regioagenda.community.models import NotificationKind
from regioagenda.core import once, permissions
from regioagenda.core.html import sanitize_html
from regioagenda.participation.models import NewsPost
from regioagenda.participation.models.news import (
    NEWS_TEASER_MAX_LENGTH,
    NEWS_TITLE_MAX_LENGTH,
)
from regioagenda.regions import process
from regioagenda.regions.audit import record_event
from regioagenda.regions.models import Agenda, AuditAction


def _checked(
    *, title: str, teaser: str, body: str, step: str, published_at: datetime.datetime | None
) -> dict[str, object]:
    errors: dict[str, object] = {}
    title = " ".join((title or "").split())
    teaser = " ".join((teaser or "").split())
    if not title:
        errors["title"] = _("Bitte geben Sie einen Titel an.")
    elif len(title) > NEWS_TITLE_MAX_LENGTH:
        errors["title"] = _("Der Titel hat höchstens %(limit)s Zeichen.") % {
            "limit": NEWS_TITLE_MAX_LENGTH
        }
    if len(teaser) > NEWS_TEASER_MAX_LENGTH:
        errors["teaser"] = _("Die Kurzfassung hat höchstens %(limit)s Zeichen.") % {
            "limit": NEWS_TEASER_MAX_LENGTH
        }
    if step and step not in process.STEPS:
        errors["step"] = _("Unbekannter Prozessschritt „%(key)s“.") % {"key": step}
    clean_body = ""
    try:
        clean_body = sanitize_html(body)
    except ValidationError as exc:
        errors["body"] = exc.messages
    if not errors.get("body") and not strip_tags(clean_body).strip():
        errors["body"] = _("Bitte schreiben Sie einen Text.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "teaser": teaser,
        "body": clean_body,
        "step": step or "",
        "published_at": published_at or timezone.now(),
    }


def _announce(*, actor: User | None, post: NewsPost) -> bool:
    """Tell the agenda's followers about a published post, once (its ``announced_at``)."""
    if post.announced_at is not None or post.published_at > timezone.now():
        return False
    post.announced_at = timezone.now()
    post.save(update_fields=["announced_at"])
    community.notify(
        actor=actor,
        agenda=post.agenda,
        kind=NotificationKind.NEWS,
        subject=gettext("%(agenda)s: %(title)s")
        % {"agenda": post.agenda.title, "title": post.title},
        text=post.teaser or strip_tags(post.body)[:600],
        url=post.get_absolute_url(),
        target=post.agenda,
    )
    return True


@transaction.atomic
def create_news(
    *,
    actor: User,
    agenda: Agenda,
    title: str,
    body: str,
    teaser: str = "",
    step: str = "",
    published_at: datetime.datetime | None = None,
    token: str = "",
) -> NewsPost:
    """Write a news post; published now (or at ``published_at``), followers are told once."""
    permissions.require(permissions.can_manage_news, actor, agenda)
    values = _checked(title=title, teaser=teaser, body=body, step=step, published_at=published_at)
    claimed = once.claim(token, user=actor, kind="participation.news")
    post = NewsPost.objects.create(agenda=agenda, author=actor, **values)
    claimed.done(post)
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.NEWS_CREATED,
        detail=f"{post.pk}: {post.title}",
    )
    _announce(actor=actor, post=post)
    return post


@transaction.atomic
def update_news(
    *,
    actor: User,
    post: NewsPost,
    title: str,
    body: str,
    teaser: str = "",
    step: str = "",
    published_at: datetime.datetime | None = None,
) -> NewsPost:
    permissions.require(permissions.can_manage_news, actor, post.agenda)
    values = _checked(title=title, teaser=teaser, body=body, step=step, published_at=published_at)
    post = NewsPost.objects.select_for_update().select_related("agenda").get(pk=post.pk)
    for name, value in values.items():
        setattr(post, name, value)
    post.save()
    record_event(
        actor=actor,
        agenda=post.agenda,
        action=AuditAction.NEWS_UPDATED,
        detail=f"{post.pk}: {post.title}",
    )
    _announce(actor=actor, post=post)
    return post


@transaction.atomic
def delete_news(*, actor: User, post: NewsPost) -> None:
    agenda = post.agenda
    permissions.require(permissions.can_manage_news, actor, agenda)
    detail = f"{post.pk}: {post.title}"
    NewsPost.objects.filter(pk=post.pk).delete()
    record_event(actor=actor, agenda=agenda, action=AuditAction.NEWS_DELETED, detail=detail)


def announce_due_news() -> int:
    """Announce scheduled posts whose publication date has come (run periodically, e.g. with
    the daily digest); each post once. Returns how many were announced."""
    count = 0
    due = NewsPost.objects.filter(announced_at__isnull=True, published_at__lte=timezone.now())
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            post = (
                NewsPost.objects.select_for_update()
                .select_related("agenda")
                .filter(pk=pk, announced_at__isnull=True)
                .first()
            )
            if post is not None and _announce(actor=None, post=post):
                count += 1
    return count
