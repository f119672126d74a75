"""The small toolkit every chart is drawn with: the result type, escaping, numbers, colours,
and the cache that renders each chart once per data version.

Charts are pure: data in, SVG and a data table out, so the matrix page, the concept document and
the programme's benchmarking draw the same chart from the same numbers. The SVG uses presentation
attributes only (the CSP forbids inline styles), names itself with ``<title>``/``<desc>`` and
``role="img"``, and comes with the same numbers as a table for people who cannot see it.
"""

import hashlib
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.core.cache import cache
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

FONT = "Fira Sans, Arial, sans-serif"
TEXT_COLOUR = "#000000"
TEXT_COLOUR_ON_DARK = "#ffffff"
GRID_COLOUR = "#767676"  # 4.5:1 on white: lines and axis text stay visible (WCAG 1.4.11)
MISSING_COLOUR = "#f0f0f0"

# ColorBrewer YlGnBu (5 classes), colour-blind safe and ordered light → dark, for levels 0–4.
LEVEL_PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
# ColorBrewer YlOrBr (5 classes) for gaps 0–4: a second hue so a gap is not read as a level.
GAP_PALETTE = ("#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404")
# Okabe–Ito: distinguishable with every common colour-vision deficiency.
SERIES_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
SERIES_DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "1 2")

CACHE_SECONDS = 24 * 60 * 60
CACHE_VERSION = 1


@dataclass(frozen=True)
class ChartTable:
    """The chart's numbers as a table: ``columns`` includes the row-header column."""

    caption: str
    columns: tuple
    rows: tuple  # each row: (row header, cell, cell, …), all strings


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    table: ChartTable
    title: str

    def __str__(self):
        return self.svg


def text(value):
    return escape(str(value))


def attr(value):
    return quoteattr(str(value))


def num(value):
    """A coordinate with at most two decimals and no trailing zeros: stable, compact output."""
    rounded = round(float(value), 2)
    if rounded == 0:
        return "0"
    out = f"{rounded:.2f}".rstrip("0").rstrip(".")
    return out


def format_value(value, *, signed=False, decimals=1):
    """A value for people: whole numbers without decimals, others with ``decimals`` in the
    active language ("2,5" in German); "–" when missing."""
    if value is None:
        return "–"
    value = float(value)
    if value == int(value):
        out = str(int(value))
    else:
        out = formats.number_format(round(value, decimals), decimal_pos=decimals)
    if signed and value > 0:
        out = "+" + out
    return out


def relative_luminance(colour):
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first, second):
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_colour_on(background):
    """Black or white, whichever reads better on ``background`` (every palette colour ≥ 4.5:1)."""
    dark = contrast_ratio(background, TEXT_COLOUR)
    light = contrast_ratio(background, TEXT_COLOUR_ON_DARK)
    return TEXT_COLOUR if dark >= light else TEXT_COLOUR_ON_DARK


def palette_colour(palette, value):
    """The palette entry for a value on the 0–4 scale, rounded to the nearest step."""
    if value is None:
        return MISSING_COLOUR
    index = int(float(value) + 0.5) if float(value) >= 0 else 0
    return palette[max(0, min(len(palette) - 1, index))]


def text_width(label, size=13):
    """A generous width of a label in pixels (about 0.62 em per character, enough for the
    fallback fonts too), so labels are not clipped at the edge."""
    return len(str(label)) * size * 0.62


def svg_open(chart_id, width, height, title, description, css_class):
    """The root element, labelled by its title and description for assistive technology."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
        f'width="{num(width)}" height="{num(height)}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class={attr(css_class)} '
        f'font-family={attr(FONT)} font-size="13" id="{chart_id}">'
        f'<title id="{chart_id}-title">{text(title)}</title>'
        f'<desc id="{chart_id}-desc">{text(description)}</desc>'
    )


def cached_chart(kind, payload, draw):
    """Render ``draw(chart_id)`` once per distinct ``payload`` (and language), then from the cache.

    ``payload`` must be JSON-serialisable and hold everything the drawing depends on; its hash is
    the cache key and gives the chart a stable id, so the same data always yields the same SVG.
    ``draw`` returns ``(svg_markup, ChartTable)``.
    """
    raw = json.dumps(
        [CACHE_VERSION, kind, get_language() or "", payload],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()
    key = f"regioagenda:chart:{digest}"
    hit = cache.get(key)
    if hit is None:
        svg, table = draw(f"chart-{kind}-{digest[:10]}")
        hit = (svg, table.caption, list(table.columns), [list(row) for row in table.rows])
        cache.set(key, hit, CACHE_SECONDS)
    svg, caption, columns, rows = hit
    table = ChartTable(caption=caption, columns=tuple(columns), rows=tuple(tuple(r) for r in rows))
    return Chart(
        svg=mark_safe(svg), table=table, title=payload.get("title", "")
    )  # built from escaped parts
