"""Sanitising rich text that users write (field summaries, forum posts): one allowlist for all."""

import nh3

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https"}


def sanitize_html(html):
    """Keep paragraphs, lists, emphasis, line breaks and http(s) links; drop everything else."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()
