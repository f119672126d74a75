"""Where the labels of the most central nodes go: beside, above or below their node, never on
another label and never beyond the drawing.

Text is measured by an estimate (characters × a generous average width, as the charts do), so
the placement needs no font. The most central node chooses first; a label that finds no free
place in its full length tries a shorter form, and is left out when even that does not fit —
every node keeps its name in its tooltip (``<title>``) and in the table beside the drawing.
"""

from dataclasses import dataclass

from regioagenda.core.charts.svg import text_width

FONT_SIZE = 11
ASCENT = 9.0  # of an 11 px font above the baseline
DESCENT = 3.0
HALO = 1.5  # half the white stroke drawn behind each label
GAP = 3.0  # between a node's edge and its label
FULL_LENGTH = 32
SHORT_LENGTH = 18


@dataclass(frozen=True)
class Label:
    node: int
    text: str
    x: float  # the text's anchor point
    y: float  # the baseline
    anchor: str  # "start", "middle" or "end", as SVG's text-anchor
    box: tuple  # (left, top, right, bottom) in pixels, halo included


def shorten(label, length=FULL_LENGTH):
    label = str(label)
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def label_box(text, x, y, anchor):
    """The estimated box of ``text`` drawn at ``(x, y)`` with ``anchor``."""
    width = text_width(text, FONT_SIZE)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return (left - HALO, y - ASCENT - HALO, left + width + HALO, y + DESCENT + HALO)


def overlaps(first, second):
    return (
        first[0] < second[2]
        and second[0] < first[2]
        and first[1] < second[3]
        and second[1] < first[3]
    )


def _candidates(x, y, r):
    """Places around a node, best first: right, left, above, below, then diagonally."""
    side = r + GAP
    middle = y + (ASCENT - DESCENT) / 2  # vertically centred on the node
    return (
        (x + side, middle, "start"),
        (x - side, middle, "end"),
        (x, y - side - DESCENT, "middle"),
        (x, y + side + ASCENT, "middle"),
        (x + side, y - side, "start"),
        (x - side, y - side, "end"),
        (x + side, y + side + ASCENT, "start"),
        (x - side, y + side + ASCENT, "end"),
    )


def place_labels(nodes, *, width, height, obstacles=()):
    """Labels for ``nodes`` — ``(node, text, x, y, radius)`` in order of importance — inside
    ``width`` × ``height``, no two overlapping. ``obstacles`` are boxes (node shapes) a label
    avoids when it can; a label never gives way to an obstacle at the price of being left out."""
    placed: list[Label] = []
    for node, name, x, y, r in nodes:
        label = _place(node, name, x, y, r, width, height, placed, obstacles)
        if label is not None:
            placed.append(label)
    return placed


def _place(node, name, x, y, r, width, height, placed, obstacles):
    own = (x - r, y - r, x + r, y + r)
    others = [box for box in obstacles if box != own]
    texts = [shorten(name, FULL_LENGTH)]
    if len(str(name)) > SHORT_LENGTH:
        texts.append(shorten(name, SHORT_LENGTH))
    for avoid_nodes in (True, False):
        for text in texts:
            for lx, ly, anchor in _candidates(x, y, r):
                box = label_box(text, lx, ly, anchor)
                if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
                    continue
                if any(overlaps(box, label.box) for label in placed):
                    continue
                if avoid_nodes and any(overlaps(box, other) for other in others):
                    continue
                return Label(node, text, lx, ly, anchor, box)
    return None
