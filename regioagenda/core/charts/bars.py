"""Horizontal grouped bar chart for comparisons (baseline vs. re-assessment, percentiles).

Each bar carries its value as text at its end; series differ in colour and, in the legend, by
name, and the bars of one category are always in the series' order.
"""

from regioagenda.core.charts.svg import (
    GRID_COLOUR,
    SERIES_COLOURS,
    ChartTable,
    attr,
    cached_chart,
    format_value,
    num,
    svg_open,
    text,
    text_width,
)

BAR_HEIGHT = 14
BAR_GAP = 3
GROUP_GAP = 12
PLOT_WIDTH = 360
PADDING = 8
LEGEND_HEIGHT = 26


def bar_chart(*, title, categories, series, row_header, max_value=None, description="", unit=""):
    """Draw grouped horizontal bars. ``series`` is ``[(name, values per category), …]``.

    ``max_value`` fixes the end of the scale (4 for levels, 100 for percentiles) so charts of
    different regions compare; without it the largest value sets the scale.
    """
    categories = [str(c) for c in categories]
    series = [
        (str(name), [None if v is None else float(v) for v in values]) for name, values in series
    ]
    if max_value is None:
        present = [v for _, values in series for v in values if v is not None]
        max_value = max(present + [1.0])
    payload = {
        "title": str(title),
        "description": str(description),
        "row_header": str(row_header),
        "categories": categories,
        "series": series,
        "max": float(max_value),
        "unit": str(unit),
    }
    return cached_chart("bars", payload, lambda chart_id: _draw(chart_id, payload))


def _draw(chart_id, payload):
    categories, series, top = payload["categories"], payload["series"], payload["max"] or 1
    unit = payload["unit"]
    label_width = max([text_width(c) for c in categories] + [60]) + 2 * PADDING
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP
    legend_top = PADDING + 4
    plot_top = legend_top + LEGEND_HEIGHT
    width = label_width + PLOT_WIDTH + 60
    height = plot_top + group_height * len(categories) + PADDING
    parts = [
        svg_open(
            chart_id, width, height, payload["title"], payload["description"], "chart chart--bars"
        )
    ]
    # Legend above the plot.
    x = PADDING
    for number, (name, _values) in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        parts.append(
            f'<rect x="{num(x)}" y="{num(legend_top)}" width="14" height="14" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{num(x + 20)}" y="{num(legend_top + 7)}" dy="0.35em" '
            f'fill="#000000">{text(name)}</text>'
        )
        x += 40 + text_width(name)
    # Axis line.
    parts.append(
        f'<line x1="{num(label_width)}" y1="{num(plot_top)}" x2="{num(label_width)}" '
        f'y2="{num(height - PADDING)}" stroke={attr(GRID_COLOUR)} stroke-width="1"/>'
    )
    rows = []
    for index, category in enumerate(categories):
        top_y = plot_top + group_height * index
        middle = top_y + (len(series) * (BAR_HEIGHT + BAR_GAP)) / 2
        parts.append(
            f'<text x="{num(label_width - PADDING)}" y="{num(middle)}" dy="0.35em" '
            f'text-anchor="end" fill="#000000">{text(category)}</text>'
        )
        cells = []
        for number, (_name, values) in enumerate(series):
            value = values[index] if index < len(values) else None
            colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
            y = top_y + number * (BAR_HEIGHT + BAR_GAP)
            length = 0 if value is None else max(0.0, min(value, top)) / top * PLOT_WIDTH
            shown = format_value(value) + (f" {unit}" if unit and value is not None else "")
            if length > 0:
                parts.append(
                    f'<rect x="{num(label_width)}" y="{num(y)}" width="{num(length)}" '
                    f'height="{BAR_HEIGHT}" fill="{colour}"/>'
                )
            parts.append(
                f'<text x="{num(label_width + length + 4)}" y="{num(y + BAR_HEIGHT / 2)}" '
                f'dy="0.35em" font-size="12" fill="#000000">{text(shown)}</text>'
            )
            cells.append(shown)
        rows.append((category, *cells))
    parts.append("</svg>")
    table = ChartTable(
        caption=payload["title"],
        columns=(payload["row_header"], *[name for name, _ in series]),
        rows=tuple(rows),
    )
    return "".join(parts), table
