"""The network as server-rendered SVG: shape and colour per type, a legend in words and shapes
(so colour is never the only cue), a tooltip (``<title>``) per node, labels on the most
central nodes (placed so that none overlaps another: ``labels.py``), dashed frames around
isolated groups. Presentation attributes only (CSP)."""

import math

from django.utils.translation import gettext as _

from regioagenda.actors.models import Sector
from regioagenda.actors.network.graph import ACTIVITY, BODY, ORGANISATION, PERSON
from regioagenda.actors.network.labels import place_labels
from regioagenda.core.charts.svg import FONT, attr, num, text

LEGEND_HEIGHT = 44.0
EDGE_COLOUR = "#8c8c8c"
# Okabe–Ito colours, distinguishable with common colour-vision deficiencies; each type also
# has its own shape.
STYLE = {
    ORGANISATION: ("#0072b2", "circle"),
    PERSON: ("#d55e00", "diamond"),
    ACTIVITY: ("#009e73", "square"),
    BODY: ("#cc79a7", "triangle"),
}
EXTERNAL_FILL = "#ffffff"


def kind_labels():
    """Names of the node types in the active language, looked up once per drawing or page."""
    return {
        (ORGANISATION, False): _("Organisation"),
        (ORGANISATION, True): _("Organisation einer anderen Agenda"),
        (PERSON, False): _("Person"),
        (ACTIVITY, False): _("Aktivität"),
        (BODY, False): _("Gremium"),
    }


def _type(node):
    return (node.kind, node.kind == ORGANISATION and bool(node.external))


def kind_label(node, labels=None):
    return (labels or kind_labels())[_type(node)]


def sector_labels():
    return {value: str(label) for value, label in Sector.choices}


def sector_label(value, labels=None):
    return (labels or sector_labels()).get(value, "")


def radius(degree):
    return 4.0 + min(8.0, 1.5 * math.sqrt(degree))


def shape(kind, x, y, r, *, external=False, extra=""):
    """One node's shape as an opening tag without its end (the caller adds the tooltip)."""
    colour, form = STYLE[kind]
    fill = EXTERNAL_FILL if external else colour
    stroke = f'stroke="{colour}" stroke-width="2"' if external else 'stroke="#ffffff"'
    if form == "circle":
        return (
            f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" fill="{fill}" {stroke}{extra}>',
            "circle",
        )
    if form == "square":
        side = r * 1.7
        return (
            f'<rect x="{num(x - side / 2)}" y="{num(y - side / 2)}" width="{num(side)}" '
            f'height="{num(side)}" fill="{fill}" {stroke}{extra}>',
            "rect",
        )
    if form == "diamond":
        d = r * 1.25
        points = f"{num(x)},{num(y - d)} {num(x + d)},{num(y)} {num(x)},{num(y + d)} {num(x - d)},{num(y)}"
    else:  # triangle
        d = r * 1.35
        points = (
            f"{num(x)},{num(y - d)} {num(x + d * 0.95)},{num(y + d * 0.7)} "
            f"{num(x - d * 0.95)},{num(y + d * 0.7)}"
        )
    return f'<polygon points="{points}" fill="{fill}" {stroke}{extra}>', "polygon"


def tooltip(node, degree, rank, group, kinds=None, sectors=None):
    parts = [node.label, kind_label(node, kinds)]
    if node.external:
        parts.append(node.external)
    if node.detail:
        parts.append(node.detail)
    if node.sector:
        parts.append(sector_label(node.sector, sectors))
    parts.append(_("%(count)d Verbindungen") % {"count": degree})
    parts.append(_("Zentralität Rang %(rank)d") % {"rank": rank})
    if group == 0:
        parts.append(_("ohne Verbindung"))
    elif group > 1:
        parts.append(_("isolierte Gruppe %(number)d") % {"number": group})
    return " · ".join(str(p) for p in parts if p)


def node_labels(graph, analysis, layout):
    """The visible labels of the drawing: the most central nodes first, none overlapping."""
    positions = layout.positions
    shapes = [
        (x - r, y - r, x + r, y + r)
        for (x, y), r in ((positions[i], radius(analysis.degrees[i])) for i in range(graph.size))
    ]
    wanted = [
        (i, graph.nodes[i].label, *positions[i], radius(analysis.degrees[i]))
        for i in sorted(analysis.labelled, key=lambda i: (analysis.ranks[i], i))
    ]
    return place_labels(wanted, width=layout.width, height=layout.height, obstacles=shapes)


def render_svg(graph, analysis, layout, *, chart_id, title, description):
    width = layout.width
    height = layout.height + LEGEND_HEIGHT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
        f'width="{num(width)}" height="{num(height)}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart network-graph" '
        f'font-family={attr(FONT)} font-size="12" id="{chart_id}">',
        f'<title id="{chart_id}-title">{text(title)}</title>',
        f'<desc id="{chart_id}-desc">{text(description)}</desc>',
    ]
    out.append(_legend(graph, width))
    out.append(f'<g transform="translate(0 {num(LEGEND_HEIGHT)})">')
    out.append(_frames(analysis, layout))
    positions = layout.positions
    out.append(
        f'<g stroke="{EDGE_COLOUR}" stroke-width="0.8" stroke-opacity="0.7" aria-hidden="true">'
    )
    for i, j in graph.edges:
        (x1, y1), (x2, y2) = positions[i], positions[j]
        out.append(f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"/>')
    out.append("</g><g>")
    kinds, sectors = kind_labels(), sector_labels()
    for i, node in enumerate(graph.nodes):
        x, y = positions[i]
        tag, name = shape(
            node.kind, x, y, radius(analysis.degrees[i]), external=bool(node.external)
        )
        hover = tooltip(
            node, analysis.degrees[i], analysis.ranks[i], analysis.groups[i], kinds, sectors
        )
        out.append(f"{tag}<title>{text(hover)}</title></{name}>")
    out.append('</g><g font-size="11" fill="#000000" aria-hidden="true">')
    for placed in node_labels(graph, analysis, layout):
        label = text(placed.text)
        where = f'x="{num(placed.x)}" y="{num(placed.y)}" text-anchor="{placed.anchor}"'
        # a white halo drawn first keeps the label readable over edges
        out.append(
            f'<text {where} stroke="#ffffff" stroke-width="3" stroke-linejoin="round">'
            f"{label}</text><text {where}>{label}</text>"
        )
    out.append("</g></g></svg>")
    return "".join(out)


def _legend(graph, width):
    labels = kind_labels()
    present = {_type(node) for node in graph.nodes} or set(labels)
    out = ['<g font-size="12" fill="#000000">']
    x = 24.0
    for kind, external in labels:  # in the fixed order of kind_labels()
        if (kind, external) not in present:
            continue
        tag, name = shape(kind, x + 6, 16, 6, external=external, extra=' aria-hidden="true"')
        out.append(f"{tag}</{name}>")
        label = labels[(kind, external)]
        out.append(f'<text x="{num(x + 18)}" y="{num(20)}">{text(label)}</text>')
        x += 30 + len(str(label)) * 7.2
    note = _("Größere Form: mehr Verbindungen. Beschriftet: die zentralsten Knoten.")
    out.append(f'<text x="24" y="38" font-size="11">{text(note)}</text>')
    out.append("</g>")
    return "".join(out)


def _frames(analysis, layout):
    out = ['<g fill="none" stroke="#767676" stroke-dasharray="4 3" font-size="11">']
    groups = {members: number for number, members in enumerate(analysis.isolated_groups, 2)}
    for box in layout.boxes:
        if box.isolated:
            caption = _("Ohne Verbindung (%(count)d)") % {"count": len(box.members)}
        elif box.members in groups:
            caption = _("Isolierte Gruppe %(number)d") % {"number": groups[box.members]}
        else:
            continue  # the largest group needs no frame
        # the grid of unconnected nodes keeps room for its caption; groups get it above
        caption_y = box.y + 10 if box.isolated else box.y - 8
        out.append(
            f'<rect x="{num(box.x - 4)}" y="{num(box.y - 4)}" width="{num(box.width + 8)}" '
            f'height="{num(box.height + 8)}" rx="6"/>'
            f'<text x="{num(box.x)}" y="{num(caption_y)}" stroke="none" '
            f'fill="#000000">{text(caption)}</text>'
        )
    out.append("</g>")
    return "".join(out)
