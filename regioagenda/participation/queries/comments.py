"""Read path of the one comments engine: a target's comments as threads, in a fixed number of
queries (the comments with their authors, and nothing per comment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from regioagenda.core import permissions
from regioagenda.core.permissions import Person
from regioagenda.core.permissions.roles import signed_in
from regioagenda.participation.models import Comment

# A page shows this many first-level comments; a longer discussion is very rare and still
# bounded (a later "ältere Kommentare" link can page by ``created``).
MAX_THREADS = 500


@dataclass
class CommentNode:
    comment: Comment
    replies: list[CommentNode] = field(default_factory=list)
    can_edit: bool = False
    # Hidden: the text is replaced by the reason for everyone but its author and the moderation.
    show_body: bool = True


@dataclass
class CommentThread:
    target: Any
    target_type_id: int
    nodes: list[CommentNode]
    count: int
    can_comment: Any  # True or a Denied with the reason
    can_answer_officially: bool


def comments_for(target: Model, user: Person) -> CommentThread:
    """The comments on ``target`` as first-level comments with their replies (two queries: the
    comments with authors, and the viewer's roles, cached per request)."""
    agenda = target.agenda  # type: ignore[attr-defined]
    target_type = ContentType.objects.get_for_model(target)  # cached by Django
    rows = list(
        Comment.objects.filter(target_type=target_type, target_id=target.pk)
        .select_related("author")
        .order_by("created", "pk")[: MAX_THREADS * 20]
    )
    person = signed_in(user)
    moderates = bool(permissions.can_moderate(user, agenda))
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for comment in rows:
        # Reuse the loaded agenda for the predicates (no query per comment).
        comment.agenda = agenda
        mine = person is not None and comment.author_id == person.pk
        node = CommentNode(
            comment=comment,
            can_edit=mine and bool(permissions.can_edit_comment(user, comment)),
            show_body=comment.hidden is None or mine or moderates,
        )
        nodes[comment.pk] = node
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        (parent.replies if parent is not None else roots).append(node)
    return CommentThread(
        target=target,
        target_type_id=target_type.pk,
        nodes=roots[:MAX_THREADS],
        count=len(rows),
        can_comment=permissions.can_contribute(user, agenda),
        can_answer_officially=bool(permissions.can_answer_officially(user, agenda)),
    )


def comment_of(target: Model, pk: Any) -> Comment | None:
    """A comment of ``target`` by its id (None for another target's or a malformed id)."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Comment.objects.filter(
            pk=number,
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
        )
        .select_related("agenda")
        .first()
    )
