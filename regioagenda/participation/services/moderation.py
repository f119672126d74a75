"""Moderation of participation's contributions: ideas and comments join the platform's one
moderation queue (``community``) — reported there, hidden with a reason the author sees, shown
again. This module tells ``community.targets`` how; the queue's actions themselves live in
``community.moderation`` and are shared with the expert forum.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regioagenda.accounts.models import User
from regioagenda.community.targets import Target, excerpt, targets
from regioagenda.core import permissions
from regioagenda.participation.models import Comment, Event, Idea
from regioagenda.regions.audit import AuditAction, record_event

HideableModel = type[Idea] | type[Comment]


def _idea_url(idea: Idea) -> str:
    try:
        return reverse("participation:idea", args=[idea.agenda.slug, idea.pk])
    except NoReverseMatch:  # the idea pages are built on another branch
        return reverse("regions:agenda_home", args=[idea.agenda.slug])


def _comment_url(comment: Comment) -> str:
    """The comment on its target's page. Comments on ideas need no query (the idea's address
    is built from its id); other targets are loaded (fewer, and pages of their own helpers)."""
    url = ""
    model = ContentType.objects.get_for_id(comment.target_type_id).model_class()
    try:
        if model is Idea:
            url = reverse("participation:idea", args=[comment.agenda.slug, comment.target_id])
        else:
            target = comment.target
            if target is not None and hasattr(target, "get_absolute_url"):
                url = target.get_absolute_url()
    except NoReverseMatch:
        url = ""
    if not url:
        url = reverse("regions:agenda_home", args=[comment.agenda.slug])
    return f"{url}#kommentar-{comment.pk}"


def _can_view(user: Any, obj: Idea | Comment) -> bool:
    if not permissions.can_view_agenda(user, obj.agenda):
        return False
    return obj.hidden is None or bool(permissions.can_moderate(user, obj.agenda))


def _hide(model: HideableModel, action_label: str) -> Any:
    def hide(*, actor: User, obj: Idea | Comment, reason: str) -> None:
        permissions.require(permissions.can_moderate_reports, actor, obj.agenda)
        with transaction.atomic():
            changed = model.objects.filter(pk=obj.pk, hidden__isnull=True).update(
                hidden=timezone.now(), hidden_by=actor, hidden_reason=reason[:300]
            )
            if not changed:
                raise ValidationError(_("Dieser Beitrag ist bereits ausgeblendet."))
            record_event(
                actor=actor,
                agenda=obj.agenda,
                action=AuditAction.CONTRIBUTION_HIDDEN,
                detail=f"{action_label} #{obj.pk}: {reason}",
            )
        obj.refresh_from_db(fields=["hidden", "hidden_by", "hidden_reason"])

    return hide


def _unhide(model: HideableModel, action_label: str) -> Any:
    def unhide(*, actor: User, obj: Idea | Comment) -> None:
        permissions.require(permissions.can_moderate_reports, actor, obj.agenda)
        with transaction.atomic():
            changed = model.objects.filter(pk=obj.pk, hidden__isnull=False).update(
                hidden=None, hidden_by=None, hidden_reason=""
            )
            if not changed:
                raise ValidationError(_("Dieser Beitrag ist nicht ausgeblendet."))
            record_event(
                actor=actor,
                agenda=obj.agenda,
                action=AuditAction.CONTRIBUTION_SHOWN,
                detail=f"{action_label} #{obj.pk}",
            )
        obj.refresh_from_db(fields=["hidden", "hidden_by", "hidden_reason"])

    return unhide


def register_targets() -> None:
    """Ideas (followable, reportable), events (followable) and comments (reportable) in
    ``community.targets``."""
    targets.register(
        Target(
            key="idea",
            model="participation.Idea",
            label=gettext_lazy("Idee"),
            queryset=lambda: Idea.objects.select_related("agenda", "author"),
            agenda=lambda idea: idea.agenda,
            can_view=_can_view,
            url=_idea_url,
            excerpt=lambda idea: f"{idea.title}: {excerpt(idea.body, 240)}",
            author=lambda idea: idea.author,
            hide=_hide(Idea, "Idee"),
            unhide=_unhide(Idea, "Idee"),
            is_hidden=lambda idea: idea.hidden is not None,
        )
    )
    targets.register(
        Target(
            key="event",
            model="participation.Event",
            label=gettext_lazy("Veranstaltung"),
            queryset=lambda: Event.objects.select_related("agenda"),
            agenda=lambda event: event.agenda,
            can_view=lambda user, event: (
                bool(permissions.can_view_agenda(user, event.agenda))
                and (not event.is_draft or bool(permissions.can_edit_content(user, event.agenda)))
            ),
            url=lambda event: event.get_absolute_url(),
            excerpt=lambda event: event.title,
        )
    )
    targets.register(
        Target(
            key="comment",
            model="participation.Comment",
            label=gettext_lazy("Kommentar"),
            queryset=lambda: Comment.objects.select_related("agenda", "author"),
            agenda=lambda comment: comment.agenda,
            can_view=_can_view,
            url=_comment_url,
            excerpt=lambda comment: excerpt(comment.body),
            author=lambda comment: comment.author,
            hide=_hide(Comment, "Kommentar"),
            unhide=_unhide(Comment, "Kommentar"),
            is_hidden=lambda comment: comment.hidden is not None,
        )
    )
