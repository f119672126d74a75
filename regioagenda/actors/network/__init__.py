"""The actors' network: graph building (graph.py), measures (metrics.py, analysis.py),
a deterministic layout (layout.py) and the SVG (render.py). No database access here; the
read path in ``actors.queries.network`` loads the rows and builds the graph."""

from dataclasses import dataclass

from regioagenda.actors.network.analysis import Analysis, analyse
from regioagenda.actors.network.layout import layout
from regioagenda.actors.network.render import render_svg


@dataclass(frozen=True)
class Drawing:
    svg: str
    analysis: Analysis


def draw(graph, *, chart_id, title, description, analysis=None):
    """Measures, layout and SVG of ``graph``; the same graph always yields the same bytes.
    ``analysis``: the graph's ``analyse()`` result when the caller already has it."""
    analysis = analysis if analysis is not None else analyse(graph)
    placed = layout(graph.size, list(graph.edges), [list(c) for c in analysis.components])
    svg = render_svg(
        graph, analysis, placed, chart_id=chart_id, title=title, description=description
    )
    return Drawing(svg=svg, analysis=analysis)
