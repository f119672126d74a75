"""Links to the pages of organisations, people, bodies and activities, shown only where the
viewer may follow them.

``{% actor_link obj %}`` renders ``<a class="kern-link" href="…">name</a>`` when the viewer may
open the object's page, and the plain (escaped) name otherwise; ``{% actor_url obj as url %}``
gives the address or ``""``. Which predicate guards which page is decided once, here, from the
view's own check (``actors/views``); the answer is kept per request and agenda, so a long table
asks each question once.
"""

from collections.abc import Callable
from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from regioagenda.actors.models import Activity, Body, Organisation, Person
from regioagenda.core import permissions

register = template.Library()

Predicate = Callable[[Any, Any], object]

# The page of each kind of object, and the predicate its view checks (keep in step with views).
PAGES: dict[type, tuple[str, Predicate]] = {
    Organisation: ("actors:organisation", permissions.can_view_actors),
    Person: ("actors:person", permissions.can_view_actors),
    Body: ("actors:body", permissions.can_view_public_actors),
    Activity: ("actors:activity", permissions.can_view_activities),
}

_CACHE_ATTRIBUTE = "_actor_link_answers"
_SLUGS_ATTRIBUTE = "_actor_link_slugs"


def may_open(request: HttpRequest | None, obj: Any) -> bool:
    """Whether the viewer of ``request`` may open ``obj``'s page (anonymous without request)."""
    page = PAGES.get(type(obj))
    if page is None or obj.pk is None:
        return False
    _name, predicate = page
    answers: dict[tuple[str, int], bool] = (
        getattr(request, _CACHE_ATTRIBUTE, None) if request is not None else None
    ) or {}
    key = (predicate.__name__, obj.agenda_id)
    if key not in answers:
        user = getattr(request, "user", None) or AnonymousUser()
        answers[key] = bool(predicate(user, obj.agenda))
        if request is not None:
            setattr(request, _CACHE_ATTRIBUTE, answers)
    return answers[key]


def object_url(request: HttpRequest | None, obj: Any) -> str:
    """The address of ``obj``'s page if the viewer may open it, else ``""``."""
    if obj is None or not may_open(request, obj):
        return ""
    name, _predicate = PAGES[type(obj)]
    slugs: dict[int, str] = getattr(request, _SLUGS_ATTRIBUTE, None) or {}
    if obj.agenda_id not in slugs:
        slugs[obj.agenda_id] = obj.agenda.slug
        if request is not None:
            setattr(request, _SLUGS_ATTRIBUTE, slugs)
    return reverse(name, args=[slugs[obj.agenda_id], obj.pk])


def _label(obj: Any) -> str:
    if isinstance(obj, Person):
        return str(obj.display_name)
    if isinstance(obj, Activity):
        return obj.title
    return str(getattr(obj, "name", obj))


@register.simple_tag(takes_context=True)
def actor_url(context: template.Context, obj: Any) -> str:
    return object_url(context.get("request"), obj)


@register.simple_tag(takes_context=True)
def actor_link(
    context: template.Context, obj: Any, text: Any = None, css_class: str = "kern-link"
) -> SafeString:
    label = _label(obj) if text is None else text
    url = object_url(context.get("request"), obj)
    if not url:
        return conditional_escape(label)
    return format_html('<a class="{}" href="{}">{}</a>', css_class, url, label)
