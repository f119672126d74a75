"""Heatmap: one row per item (e.g. Handlungsfeld), one column per measure (IST, SOLL, gap).

Each cell is coloured by its value on the 0–4 scale and always carries the value as text, so the
colour is an aid, never the only carrier of meaning.
"""

from dataclasses import dataclass

from regioagenda.core.charts.svg import (
    GAP_PALETTE,
    GRID_COLOUR,
    LEVEL_PALETTE,
    ChartTable,
    attr,
    cached_chart,
    format_value,
    num,
    palette_colour,
    svg_open,
    text,
    text_colour_on,
    text_width,
)

SCALES = {"level": LEVEL_PALETTE, "gap": GAP_PALETTE}

CELL_WIDTH = 76
ROW_HEIGHT = 28
HEADER_HEIGHT = 34
PADDING = 8


@dataclass(frozen=True)
class HeatColumn:
    label: str
    scale: str = "level"  # "level" (0–4) or "gap" (0–4, negative shown as the lightest step)
    signed: bool = False  # show "+1" for positive values (gaps)


def heatmap(*, title, columns, rows, row_header, description=""):
    """Draw a heatmap. ``rows`` is ``[(label, (value per column, …)), …]``; values may be None."""
    columns = [c if isinstance(c, HeatColumn) else HeatColumn(*c) for c in columns]
    rows = [(str(label), tuple(values)) for label, values in rows]
    payload = {
        "title": str(title),
        "description": str(description),
        "row_header": str(row_header),
        "columns": [[str(c.label), c.scale, c.signed] for c in columns],
        "rows": [
            [label, [None if v is None else float(v) for v in values]] for label, values in rows
        ],
    }

    def draw(chart_id):
        return _draw(chart_id, payload, columns, rows)

    return cached_chart("heatmap", payload, draw)


def _draw(chart_id, payload, columns, rows):
    label_width = max([text_width(label) for label, _ in rows] + [60]) + 2 * PADDING
    width = label_width + CELL_WIDTH * len(columns) + PADDING
    height = HEADER_HEIGHT + ROW_HEIGHT * len(rows) + PADDING
    parts = [
        svg_open(
            chart_id,
            width,
            height,
            payload["title"],
            payload["description"],
            "chart chart--heatmap",
        )
    ]
    # Column headers.
    for index, column in enumerate(columns):
        x = label_width + CELL_WIDTH * index + CELL_WIDTH / 2
        parts.append(
            f'<text x="{num(x)}" y="{num(HEADER_HEIGHT - 12)}" text-anchor="middle" '
            f'font-weight="bold" fill="#000000">{text(column.label)}</text>'
        )
    table_rows = []
    for row_index, (label, values) in enumerate(rows):
        y = HEADER_HEIGHT + ROW_HEIGHT * row_index
        parts.append(
            f'<text x="{num(label_width - PADDING)}" y="{num(y + ROW_HEIGHT / 2)}" dy="0.35em" '
            f'text-anchor="end" fill="#000000">{text(label)}</text>'
        )
        cells = []
        for col_index, column in enumerate(columns):
            value = values[col_index] if col_index < len(values) else None
            fill = palette_colour(SCALES[column.scale], value)
            shown = format_value(value, signed=column.signed)
            x = label_width + CELL_WIDTH * col_index
            parts.append(
                f'<rect x="{num(x)}" y="{num(y)}" width="{CELL_WIDTH}" height="{ROW_HEIGHT}" '
                f'fill="{fill}" stroke="#ffffff" stroke-width="2"/>'
            )
            parts.append(
                f'<text x="{num(x + CELL_WIDTH / 2)}" y="{num(y + ROW_HEIGHT / 2)}" dy="0.35em" '
                f'text-anchor="middle" fill="{text_colour_on(fill)}">{text(shown)}</text>'
            )
            cells.append(shown)
        table_rows.append((label, *cells))
    grid_height = ROW_HEIGHT * len(rows)
    parts.append(
        f'<rect x="{num(label_width)}" y="{HEADER_HEIGHT}" '
        f'width="{CELL_WIDTH * len(columns)}" height="{grid_height}" fill="none" '
        f'stroke={attr(GRID_COLOUR)} stroke-width="1"/>'
    )
    parts.append("</svg>")
    table = ChartTable(
        caption=payload["title"],
        columns=(payload["row_header"], *[c.label for c in columns]),
        rows=tuple(table_rows),
    )
    return "".join(parts), table
