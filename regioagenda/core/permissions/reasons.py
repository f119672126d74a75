"""Why a decision says no, in words for the person who was refused.

A predicate answers ``True``, ``False`` or ``Denied(reason)``. ``Denied`` is falsy, so
``if permissions.can_rate(user, round):`` and ``{% if can_rate %}`` read it as "no", while
``require`` shows its specific reason ("Diese Runde ist abgeschlossen.") instead of the
predicate's general sentence. A plain ``False`` is explained by the sentence the predicate
registered with ``@says``, or by ``DEFAULT_REASON``.
"""

from collections.abc import Callable
from typing import Any, Final, Literal, TypeAlias, TypeVar

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Sentence: TypeAlias = str | Promise


class Denied:
    """A refusal that knows its reason; falsy, like ``False``."""

    __slots__ = ("reason",)

    def __init__(self, reason: Sentence) -> None:
        self.reason = reason

    def __bool__(self) -> Literal[False]:
        return False

    def __str__(self) -> str:
        return str(self.reason)

    def __repr__(self) -> str:
        return f"Denied({str(self.reason)!r})"


Answer: TypeAlias = bool | Denied
Predicate: TypeAlias = Callable[..., Answer]
P = TypeVar("P", bound=Predicate)

REASONS: dict[Callable[..., Any], Sentence] = {}
DEFAULT_REASON: Final = _("Dafür fehlt Ihnen die nötige Rolle in dieser Agenda.")


def says(sentence: Sentence) -> Callable[[P], P]:
    """Register the sentence that explains a plain ``False`` of the decorated predicate."""

    def register(predicate: P) -> P:
        REASONS[predicate] = sentence
        return predicate

    return register


def reason(predicate: Callable[..., Any], answer: object = None) -> Sentence:
    """The reason of ``answer`` when it is a ``Denied``, else the predicate's sentence."""
    if isinstance(answer, Denied):
        return answer.reason
    return REASONS.get(predicate, DEFAULT_REASON)


def require(predicate: Callable[..., Any], user: Any, *objects: Any) -> None:
    """Do nothing when ``predicate(user, *objects)`` allows, else refuse with its reason."""
    answer = predicate(user, *objects)
    if not answer:
        raise PermissionDenied(reason(predicate, answer))
