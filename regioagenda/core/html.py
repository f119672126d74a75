"""Sanitising rich text that users write (field summaries, forum posts): one allowlist for all."""

import re

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https"}

# An opening or closing tag; comments, doctypes and a lone "<" do not match.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(/?)>")
# Elements that never hold content, and those a new sibling closes (<li>…<li>, <p>…<p>).
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_SELF_CLOSING_SIBLINGS = frozenset({"li", "p", "dt", "dd", "tr", "td", "th", "option"})


def nesting_depth(html: str, *, stop_above: int | None = None) -> int:
    """How deeply the tags of ``html`` nest, by one linear scan (no parse tree).

    Closing tags close up to their opening tag; a <li> or <p> next to an open one of its kind
    closes it, as browsers do. Stops counting once the depth passes ``stop_above``.
    """
    open_tags: list[str] = []
    deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if name in open_tags:
                while open_tags.pop() != name:
                    pass
            continue
        if name in _VOID or self_closing:
            continue
        if name in _SELF_CLOSING_SIBLINGS and open_tags and open_tags[-1] == name:
            open_tags.pop()
        open_tags.append(name)
        deepest = max(deepest, len(open_tags))
        if stop_above is not None and deepest > stop_above:
            break
    return deepest


def check_rich_text(html: str) -> None:
    """Refuse text the sanitiser would take too long over: too long, or nested too deeply.

    nh3's time grows sharply with the nesting depth (20,000 levels: 3 s; 40,000: 13 s), so both
    limits are checked before sanitising, in time linear in the length (``RICH_TEXT_MAX_CHARS``,
    ``RICH_TEXT_MAX_DEPTH``). Raises ``ValidationError`` with a sentence for the form.
    """
    max_chars = settings.RICH_TEXT_MAX_CHARS
    if len(html) > max_chars:
        raise ValidationError(
            _("Der Text ist zu lang (höchstens %(limit)s Zeichen)."),
            code="rich_text_too_long",
            params={"limit": number_format(max_chars, force_grouping=True)},
        )
    max_depth = settings.RICH_TEXT_MAX_DEPTH
    if nesting_depth(html, stop_above=max_depth) > max_depth:
        raise ValidationError(
            _(
                "Der Text ist zu tief verschachtelt (höchstens %(limit)s Ebenen von Listen und "
                "Absätzen ineinander)."
            ),
            code="rich_text_too_deep",
            params={"limit": max_depth},
        )


def sanitize_html(html: str | None) -> str:
    """Keep paragraphs, lists, emphasis, line breaks and http(s) links; drop everything else.

    Raises ``ValidationError`` for text that is too long or nested too deeply (``check_rich_text``).
    """
    html = html or ""
    check_rich_text(html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()
