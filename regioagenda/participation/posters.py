"""Printable posters (A4) and flyers (A5, A6) with a QR code: reach for people who never visit a
website. One function draws them all — the agenda's, an event's, a survey's: ``poster_pdf``.

The PDF is drawn by WeasyPrint from a small HTML page with the KERN fonts (Fira Sans) embedded;
the QR code is ``segno``'s SVG of the exact URL, inline, so it prints sharp at any size.
"""

from __future__ import annotations

import re
from pathlib import Path

import segno
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

SIZES = {"A4": "A4", "A5": "A5", "A6": "A6"}
MAX_LINES = 6
MAX_LINE_CHARS = 160
MAX_TITLE_CHARS = 160


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as an inline SVG element (no XML declaration), scalable."""
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_inline(scale=1, border=2, dark="#000000", light="#ffffff", omitsize=True)


def short_url(url: str) -> str:
    """The URL as people type it from paper: without scheme and trailing slash."""
    return re.sub(r"^https?://", "", url).rstrip("/")


def _font(path: str) -> str:
    found = finders.find(path)
    return Path(found).as_uri() if found else ""


def poster_pdf(
    title: str,
    subtitle: str,
    lines: list[str],
    url: str,
    lang: str = "de",
    size: str = "A4",
) -> bytes:
    """A print-ready PDF: big ``title``, ``subtitle`` (who invites), up to six short ``lines``
    (date, place, what to do), the QR code and the short form of ``url``."""
    from weasyprint import HTML

    if size not in SIZES:
        raise ValueError(f"Unknown poster size {size!r}.")
    with translation.override(lang):
        html = render_to_string(
            "participation/poster.html",
            {
                "title": title[:MAX_TITLE_CHARS],
                "subtitle": subtitle[:MAX_TITLE_CHARS],
                "lines": [line[:MAX_LINE_CHARS] for line in lines if line][:MAX_LINES],
                "url": url,
                "short_url": short_url(url),
                "qr": mark_safe(
                    qr_svg(url)
                ),  # segno's own markup, no user input inside but the URL
                "size": size,
                "lang": lang,
                "font_book": _font("vendor/kern/fonts/fira-sans/FiraSans-Book.woff2"),
                "font_bold": _font("vendor/kern/fonts/fira-sans/FiraSans-Bold.woff2"),
            },
        )
    return HTML(string=html).write_pdf()
