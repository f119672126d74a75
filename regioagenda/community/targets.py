"""What people can follow and report, registered by the apps that own those things.

``community`` sits below ``actors`` and ``participation`` and never imports them: each app
registers its kinds here (in its ``sections.py`` or ``AppConfig.ready``) with a key, the model,
and small functions that say which agenda an object belongs to, who may see it, a text excerpt,
its address, and (for reportable kinds) how the moderation hides and shows it again::

    targets.register(Target(key="forum_post", model="actors.Post", label=_("Forumsbeitrag"),
                            queryset=…, agenda=…, can_view=…, excerpt=…, url=…, author=…,
                            hide=…, unhide=…, is_hidden=…))

The moderation queue asks for the open reports of each registered kind in one query per kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.html import strip_tags

EXCERPT_CHARS = 300


@dataclass(frozen=True)
class Target:
    key: str  # used in URLs: /melden/<key>/<id>/
    model: str  # "app_label.ModelName"
    label: Any  # what one of them is called ("Forumsbeitrag"), lazily translated
    queryset: Callable[[], QuerySet[Any]]  # with what ``agenda``/``url``/… read selected
    agenda: Callable[[Any], Any]
    can_view: Callable[[Any, Any], bool]  # (user, obj)
    url: Callable[[Any], str]
    excerpt: Callable[[Any], str] = lambda obj: str(obj)
    author: Callable[[Any], Any] = lambda obj: None
    # Reportable kinds: hide(actor=, obj=, reason=), unhide(actor=, obj=), is_hidden(obj)
    hide: Callable[..., Any] | None = None
    unhide: Callable[..., Any] | None = None
    is_hidden: Callable[[Any], bool] | None = None
    # The lookup from the model to its agenda, for lists of one agenda ("thread__agenda").
    agenda_lookup: str = "agenda"

    @property
    def reportable(self) -> bool:
        return self.hide is not None

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model_class())


class TargetRegistry:
    def __init__(self) -> None:
        self._targets: dict[str, Target] = {}

    def register(self, target: Target) -> Target:
        if target.key in self._targets and self._targets[target.key] != target:
            raise ValueError(f"Target kind {target.key!r} is registered twice.")
        self._targets[target.key] = target
        return target

    def get(self, key: str) -> Target:
        """The kind ``key``; an unknown one is a 404 (it comes from a URL)."""
        try:
            return self._targets[key]
        except KeyError:
            raise Http404(key) from None

    def for_object(self, obj: Model) -> Target | None:
        label = obj._meta.label
        return next((t for t in self._targets.values() if t.model == label), None)

    def reportable(self) -> list[Target]:
        return [t for key, t in sorted(self._targets.items()) if t.reportable]

    def all(self) -> list[Target]:
        return [t for _key, t in sorted(self._targets.items())]


targets = TargetRegistry()


def excerpt(html_or_text: str, limit: int = EXCERPT_CHARS) -> str:
    """A short plain-text excerpt of (sanitised) HTML, for queues, emails and report forms."""
    text = " ".join(strip_tags(re.sub(r"<br\s*/?>|</p>", " ", html_or_text or "")).split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return text


def load(key: str, pk: int) -> tuple[Target, Any]:
    """The registered kind ``key`` and its object ``pk``; unknown ones are a 404."""
    target = targets.get(key)
    obj = target.queryset().filter(pk=pk).first()
    if obj is None:
        raise Http404(key)
    return target, obj


def _agenda_target() -> None:
    """The agenda itself is followable (news, step starts) by whoever may see it."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from regioagenda.core import permissions

    def queryset() -> QuerySet[Any]:
        return apps.get_model("regions.Agenda").objects.all()

    targets.register(
        Target(
            key="agenda",
            model="regions.Agenda",
            label=_("Agenda"),
            queryset=queryset,
            agenda=lambda agenda: agenda,
            can_view=lambda user, agenda: bool(permissions.can_view_agenda(user, agenda)),
            url=lambda agenda: reverse("regions:agenda_home", args=[agenda.slug]),
            excerpt=lambda agenda: agenda.title,
        )
    )


_agenda_target()
