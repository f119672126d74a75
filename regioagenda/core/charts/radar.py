"""Radar chart: one axis per item (the 16 Handlungsfelder), one closed line per series.

Series differ in colour (Okabe–Ito), dash pattern and marker shape, so they stay apart in
greyscale print and for people with a colour-vision deficiency. A series with gaps is drawn as
markers only: joining the points around a missing value would invent a number.
"""

import math

from regioagenda.core.charts.svg import (
    GRID_COLOUR,
    SERIES_COLOURS,
    SERIES_DASHES,
    ChartTable,
    attr,
    cached_chart,
    format_value,
    num,
    svg_open,
    text,
    text_width,
)

RADIUS = 170
LABEL_GAP = 14
SIDE_MARGIN = 80  # at least; widened to the longest axis label
TOP_MARGIN = 40
LEGEND_HEIGHT = 34


def radar(*, title, axes, series, row_header, max_value=4, description=""):
    """Draw a radar chart. ``axes`` are the labels; ``series`` is ``[(name, values), …]``."""
    axes = [str(a) for a in axes]
    series = [
        (str(name), [None if v is None else float(v) for v in values]) for name, values in series
    ]
    payload = {
        "title": str(title),
        "description": str(description),
        "row_header": str(row_header),
        "axes": axes,
        "series": series,
        "max": float(max_value),
    }
    return cached_chart("radar", payload, lambda chart_id: _draw(chart_id, payload))


def _point(cx, cy, index, count, fraction):
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return cx + RADIUS * fraction * math.cos(angle), cy + RADIUS * fraction * math.sin(angle)


def _marker(shape, x, y, colour):
    if shape == 1:
        return f'<rect x="{num(x - 3.5)}" y="{num(y - 3.5)}" width="7" height="7" fill="{colour}"/>'
    if shape == 2:
        return (
            f'<path d="M{num(x)} {num(y - 4.5)}L{num(x + 4.5)} {num(y)}L{num(x)} {num(y + 4.5)}'
            f'L{num(x - 4.5)} {num(y)}Z" fill="{colour}"/>'
        )
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="3.5" fill="{colour}"/>'


def _draw(chart_id, payload):
    axes, series, top = payload["axes"], payload["series"], payload["max"] or 1
    count = max(len(axes), 1)
    side = max([SIDE_MARGIN] + [text_width(label) + LABEL_GAP + 8 for label in axes])
    width = 2 * (RADIUS + side)
    cx, cy = width / 2, TOP_MARGIN + RADIUS + LABEL_GAP
    height = cy + RADIUS + LABEL_GAP + 30 + LEGEND_HEIGHT * math.ceil(len(series) / 3)
    parts = [
        svg_open(
            chart_id, width, height, payload["title"], payload["description"], "chart chart--radar"
        )
    ]
    # Rings for each whole step of the scale, labelled along the first axis.
    steps = int(top)
    for step in range(1, steps + 1):
        ring = [_point(cx, cy, i, count, step / top) for i in range(count)]
        ring_points = " ".join(f"{num(x)},{num(y)}" for x, y in ring)
        parts.append(
            f'<polygon points="{ring_points}" fill="none" stroke={attr(GRID_COLOUR)} '
            f'stroke-width="0.75"/>'
        )
        # Between the first two spokes, where no series marker sits.
        x, y = _point(cx, cy, 0.5, count, step / top)
        parts.append(
            f'<text x="{num(x)}" y="{num(y)}" dy="0.35em" font-size="11" text-anchor="middle" '
            f"fill={attr(GRID_COLOUR)}>{step}</text>"
        )
    # Spokes and axis labels.
    for index, label in enumerate(axes):
        x, y = _point(cx, cy, index, count, 1)
        parts.append(
            f'<line x1="{num(cx)}" y1="{num(cy)}" x2="{num(x)}" y2="{num(y)}" '
            f'stroke={attr(GRID_COLOUR)} stroke-width="0.75"/>'
        )
        angle = -math.pi / 2 + 2 * math.pi * index / count
        lx = cx + (RADIUS + LABEL_GAP) * math.cos(angle)
        ly = cy + (RADIUS + LABEL_GAP) * math.sin(angle)
        cos = math.cos(angle)
        anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
        parts.append(
            f'<text x="{num(lx)}" y="{num(ly)}" dy="0.35em" text-anchor="{anchor}" '
            f'fill="#000000">{text(label)}</text>'
        )
    # Series.
    for number, (_name, values) in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        dash = SERIES_DASHES[number % len(SERIES_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = [
            None if value is None else _point(cx, cy, i, count, max(0.0, min(value, top)) / top)
            for i, value in enumerate(values[:count])
        ]
        present = [p for p in points if p is not None]
        if len(points) == count and len(present) == count:
            joined = " ".join(f"{num(x)},{num(y)}" for x, y in present)
            parts.append(
                f'<polygon points="{joined}" fill="{colour}" fill-opacity="0.08" '
                f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
        for point in points:
            if point is not None:
                parts.append(_marker(number % 3, point[0], point[1], colour))
    # Legend, up to three entries per line.
    legend_top = cy + RADIUS + LABEL_GAP + 30
    column_width = width / 3
    for number, (name, _values) in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        dash = SERIES_DASHES[number % len(SERIES_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        x = 20 + column_width * (number % 3)
        y = legend_top + LEGEND_HEIGHT * (number // 3)
        parts.append(
            f'<line x1="{num(x)}" y1="{num(y)}" x2="{num(x + 36)}" y2="{num(y)}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(_marker(number % 3, x + 18, y, colour))
        parts.append(
            f'<text x="{num(x + 44)}" y="{num(y)}" dy="0.35em" fill="#000000">{text(name)}</text>'
        )
    parts.append("</svg>")
    table = ChartTable(
        caption=payload["title"],
        columns=(payload["row_header"], *[name for name, _ in series]),
        rows=tuple(
            (label, *[format_value(values[i] if i < len(values) else None) for _, values in series])
            for i, label in enumerate(axes)
        ),
    )
    return "".join(parts), table
