"""Server-side SVG charts with an accessible data table, shared by every page and document.

Each chart function is pure (data in, ``Chart`` out: ``.svg`` safe markup and ``.table`` with
caption, columns and rows) and renders once per distinct data in Django's cache.
"""

from regioagenda.core.charts.bars import bar_chart
from regioagenda.core.charts.heatmap import HeatColumn, heatmap
from regioagenda.core.charts.radar import radar
from regioagenda.core.charts.svg import (
    GAP_PALETTE,
    LEVEL_PALETTE,
    Chart,
    ChartTable,
    contrast_ratio,
    text_colour_on,
)

__all__ = [
    "GAP_PALETTE",
    "LEVEL_PALETTE",
    "Chart",
    "ChartTable",
    "HeatColumn",
    "bar_chart",
    "contrast_ratio",
    "heatmap",
    "radar",
    "text_colour_on",
]
