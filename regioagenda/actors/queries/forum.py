"""Read paths of the expert forum: the fields with their activity, a field's threads, a thread's
posts as a tree. Each returns what the template needs in a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors.fields import active_fields
from regioagenda.actors.models import Post, Thread
from regioagenda.community import queries as community_queries
from regioagenda.core import permissions
from regioagenda.core.numbers import parse_id
from regioagenda.regions.models import Agenda

# Replies nest visually up to this many levels; deeper replies stay on the last level, in
# reading order right after the post they answer, and name that post's author.
MAX_DEPTH = 4

# Posts members can read: hidden ones are shown as hidden, and do not count.
_READABLE = Q(posts__hidden__isnull=True)


@dataclass
class FieldRow:
    key: str
    name: str
    threads: int = 0
    posts: int = 0
    last_activity: datetime.datetime | None = None


class ForumIndex(TypedDict):
    fields: list[FieldRow]
    thread_total: int
    post_total: int


def forum_index(agenda: Agenda) -> ForumIndex:
    """The active framework's fields with their number of threads and posts and the last
    activity (two queries: the fields, one aggregate over the agenda's threads)."""
    stats = {
        row["field_key"]: row
        for row in Thread.objects.filter(agenda=agenda)
        .values("field_key")
        .annotate(
            threads=Count("pk", distinct=True),
            readable_posts=Count("posts", filter=_READABLE, distinct=True),
            last=Max("last_activity"),
        )
        .order_by("field_key")
    }
    rows = []
    for key, name in active_fields():
        row = stats.get(key)
        rows.append(
            FieldRow(
                key=key,
                name=name,
                threads=row["threads"] if row else 0,
                posts=(row["readable_posts"] if row else None) or 0,
                last_activity=row["last"] if row else None,
            )
        )
    return {
        "fields": rows,
        "thread_total": sum(r.threads for r in rows),
        "post_total": sum(r.posts for r in rows),
    }


def get_field(key: str) -> tuple[str, str]:
    """``(key, name)`` of an active field, else 404 with the key in the sentence."""
    names = dict(active_fields())
    if key not in names:
        raise Http404(_("Das Expertenforum hat kein Handlungsfeld „%(key)s“.") % {"key": key})
    return key, names[key]


def with_post_counts(threads: QuerySet[Thread]) -> QuerySet[Thread]:
    """``threads`` with ``post_count``: the posts members can read (hidden ones do not count)."""
    # django-stubs refuses an annotation named like an attribute the model declares.
    return threads.annotate(post_count=Count("posts", filter=_READABLE))  # type: ignore[no-redef]


def field_threads(agenda: Agenda, key: str) -> list[Thread]:
    """A field's threads: pinned first, then by last activity (one query)."""
    return list(
        with_post_counts(Thread.objects.filter(agenda=agenda, field_key=key))
        .select_related("author")
        .order_by("-is_pinned", "-last_activity", "-pk")
    )


def get_thread(agenda: Agenda, pk: int) -> Thread:
    """A thread of this agenda; a thread of another agenda is simply not found here."""
    thread = Thread.objects.select_related("agenda", "author").filter(agenda=agenda, pk=pk).first()
    if thread is None:
        raise Http404(_("Diese Diskussion gibt es im Expertenforum dieser Agenda nicht."))
    return thread


def get_post(agenda: Agenda, pk: int) -> Post:
    post = (
        Post.objects.select_related("thread", "thread__agenda")
        .filter(thread__agenda=agenda, pk=pk)
        .first()
    )
    if post is None:
        raise Http404(_("Diesen Beitrag gibt es im Expertenforum dieser Agenda nicht."))
    return post


def submitted_thread(agenda: Agenda, object_id: str | None) -> Thread | None:
    """The thread an earlier submission of the same form opened (``core.once``), if known."""
    pk = parse_id(object_id or "")
    return (
        None
        if pk is None
        else Thread.objects.select_related("agenda").filter(agenda=agenda, pk=pk).first()
    )


def submitted_post(thread: Thread, object_id: str | None) -> Post | None:
    """The post an earlier submission of the same form wrote in ``thread``, if known."""
    pk = parse_id(object_id or "")
    return None if pk is None else Post.objects.filter(thread=thread, pk=pk).first()


def reply_parent(raw_id: str) -> Post | None:
    """The post a reply form names (``parent``), or None for a missing post or anything that is
    not an id. Not limited to the thread: ``services.forum.add_post`` refuses a post of
    another thread with its own sentence."""
    post_id = parse_id(raw_id)
    if post_id is None:
        return None
    return Post.objects.select_related("thread").filter(pk=post_id).first()


@dataclass
class PostNode:
    post: Post
    depth: int
    author_name: str
    children: list["PostNode"] = field(default_factory=list)
    # Set when the post is shown on the last level below a post other than its parent.
    reply_to: Post | None = None
    reply_to_name: str = ""


def _author_name(user: User | None) -> str:
    if user is None:
        return _("Ehemaliges Mitglied")
    return user.name or _("Mitglied ohne Namen")


def post_tree(posts: list[Post]) -> list[PostNode]:
    """Posts (in creation order) as nested ``PostNode`` lists, at most ``MAX_DEPTH`` levels.

    Iterative, so a very long chain of replies cannot exhaust the recursion limit.
    """
    by_id = {p.pk: p for p in posts}
    children: defaultdict[int, list[Post]] = defaultdict(list)
    roots = []
    for post in posts:
        if post.parent_id is None or post.parent_id not in by_id:
            roots.append(post)
        else:
            children[post.parent_id].append(post)

    top: list[PostNode] = []
    # Stack of (posts still to place, the list they go into, their display depth).
    stack = [(list(reversed(roots)), top, 0)]
    while stack:
        pending, target, depth = stack[-1]
        if not pending:
            stack.pop()
            continue
        post = pending.pop()
        node = PostNode(post=post, depth=depth, author_name=_author_name(post.author))
        target.append(node)
        kids = children.get(post.pk, [])
        if not kids:
            continue
        if depth < MAX_DEPTH - 1:
            stack.append((list(reversed(kids)), node.children, depth + 1))
        else:
            # The last level: replies go into the same list, right after this post.
            stack.append((list(reversed(kids)), target, depth))
    _mark_flattened(top, by_id)
    return top


def _mark_flattened(nodes: list[PostNode], by_id: dict[int, Post]) -> None:
    """Name the answered post where the nesting no longer shows it (the last level)."""
    stack: list[tuple[list[PostNode], Post | None]] = [(nodes, None)]
    while stack:
        siblings, parent_post = stack.pop()
        for node in siblings:
            post = node.post
            if post.parent_id is not None and (
                parent_post is None or post.parent_id != parent_post.pk
            ):
                answered = by_id.get(post.parent_id)
                if answered is not None:
                    node.reply_to = answered
                    node.reply_to_name = _author_name(answered.author)
            if node.children:
                stack.append((node.children, post))


def thread_page(thread: Thread, user: User | AnonymousUser) -> dict[str, Any]:
    """Everything the thread page shows, in three queries besides the thread itself."""
    agenda = thread.agenda
    posts = list(
        Post.objects.filter(thread=thread)
        .select_related("author", "hidden_by")
        .order_by("created", "pk")
    )
    # Counted from the posts at hand, whichever way the thread was loaded.
    thread.post_count = sum(1 for post in posts if post.hidden is None)
    names = dict(active_fields())
    is_following = community_queries.is_following(user, thread)
    return {
        "thread": thread,
        "field_key": thread.field_key,
        "field_name": names.get(thread.field_key, thread.field_key),
        "nodes": post_tree(posts),
        "is_following": is_following,
        "can_post": permissions.can_post_in_forum(user, thread),
        "can_moderate": permissions.can_moderate_forum(user, agenda),
    }
