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

# A page shows the newest threads (a first-level comment with its replies); older ones page
# by the oldest shown thread's id, so a discussion of thousands costs what one of ten costs.
THREADS_PER_PAGE = 30


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
    can_comment: Any
    # Id of the oldest thread shown when older ones exist ("Frühere Kommentare"), else None.
    older_than: int | None  # True or a Denied with the reason
    can_answer_officially: bool


def comments_for(target: Model, user: Person, *, before: Any = None) -> CommentThread:
    """The newest ``THREADS_PER_PAGE`` threads on ``target`` (or those before the thread id
    ``before``), oldest first, with their replies. Two queries (threads, replies, each with the
    authors) plus the viewer's roles, cached per request; the total comes from the idea's
    ``comment_count`` where there is one, else it is counted (one more query)."""
    agenda = target.agenda  # type: ignore[attr-defined]
    target_type = ContentType.objects.get_for_model(target)  # cached by Django
    comments = Comment.objects.filter(target_type=target_type, target_id=target.pk)
    threads = comments.filter(parent__isnull=True)
    try:
        before_id = int(before) if before not in (None, "") else None
    except (TypeError, ValueError):
        before_id = None
    if before_id is not None:
        threads = threads.filter(pk__lt=before_id)
    newest = list(threads.select_related("author").order_by("-pk")[: THREADS_PER_PAGE + 1])
    older = len(newest) > THREADS_PER_PAGE
    roots_rows = list(reversed(newest[:THREADS_PER_PAGE]))
    replies = (
        list(
            comments.filter(parent_id__in=[c.pk for c in roots_rows])
            .select_related("author")
            .order_by("created", "pk")
        )
        if roots_rows
        else []
    )
    person = signed_in(user)
    moderates = bool(permissions.can_moderate(user, agenda))
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for comment in [*roots_rows, *replies]:
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
    count = getattr(target, "comment_count", None)
    return CommentThread(
        target=target,
        target_type_id=target_type.pk,
        nodes=roots,
        count=count if isinstance(count, int) else comments.count(),
        can_comment=permissions.can_contribute(user, agenda),
        can_answer_officially=bool(permissions.can_answer_officially(user, agenda)),
        older_than=roots_rows[0].pk if older and roots_rows else None,
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
