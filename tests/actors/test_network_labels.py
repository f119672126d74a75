"""The labels of the network drawing never overlap: in the demo's network and in a network of
40 organisations with long names. Boxes are estimated as characters × an average width."""

import io
import itertools

import pytest
from django.core.management import call_command

from regioagenda.actors.network import draw
from regioagenda.actors.network.analysis import analyse
from regioagenda.actors.network.graph import EDGE_TAKES_PART, GraphBuilder, Node, key
from regioagenda.actors.network.labels import label_box, place_labels
from regioagenda.actors.network.layout import layout
from regioagenda.actors.network.render import node_labels
from tests.conftest import shared_by_the_module

AVERAGE_CHAR = 6.2  # pixels per character of the 11 px label font, a fair average


def estimated_box(label):
    width = len(label.text) * AVERAGE_CHAR
    left = {"start": label.x, "middle": label.x - width / 2, "end": label.x - width}[label.anchor]
    return (left, label.y - 9, left + width, label.y + 3)


def assert_no_overlap(labels):
    for first, second in itertools.combinations(labels, 2):
        a, b = estimated_box(first), estimated_box(second)
        apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, (first.text, second.text)


def labels_of(graph):
    analysis = analyse(graph)
    placed = layout(graph.size, list(graph.edges), [list(c) for c in analysis.components])
    labels = node_labels(graph, analysis, placed)
    for label in labels:
        left, top, right, bottom = label.box
        assert left >= 0 and right <= placed.width and top >= 0 and bottom <= placed.height
    return analysis, labels


def forty_organisations():
    builder = GraphBuilder()
    for pk in range(40):
        name = f"Zweckverband für Digitalisierung und Breitband Nummer {pk}"
        builder.add(Node(key("organisation", pk), "organisation", pk, name))
    for pk in range(8):  # eight shared projects, each with a handful of partners
        builder.add(Node(key("activity", pk), "activity", pk, f"Gemeinsames Projekt {pk}"))
        for partner in range(pk * 5, pk * 5 + 7):
            builder.connect(key("activity", pk), key("organisation", partner % 40), EDGE_TAKES_PART)
    return builder.build()


def test_labels_of_forty_organisations_do_not_overlap():
    analysis, labels = labels_of(forty_organisations())

    assert_no_overlap(labels)
    assert len(labels) >= len(analysis.labelled) // 2  # most central nodes are still named


def test_place_labels_moves_a_label_that_would_cover_another():
    # two nodes side by side: the second label cannot go to the right, where the first one is
    nodes = [(0, "Landratsamt Beispielland", 100, 100, 6), (1, "Hochschule", 110, 100, 6)]
    first, second = place_labels(nodes, width=400, height=200)

    assert first.anchor == "start"
    assert not (
        first.box[0] < second.box[2]
        and second.box[0] < first.box[2]
        and first.box[1] < second.box[3]
        and second.box[1] < first.box[3]
    )
    assert label_box(second.text, second.x, second.y, second.anchor) == second.box


def test_long_names_are_shortened_and_the_drawing_keeps_the_full_name():
    svg = draw(forty_organisations(), chart_id="n", title="t", description="d").svg
    assert "Zweckverband für Digitalisierung und Breitband Nummer 1 · Organisation" in svg


@pytest.fixture(scope="module")
def demo_agenda(django_db_setup, django_db_blocker):
    with shared_by_the_module(django_db_blocker):
        call_command("load_demo", stdout=io.StringIO())
        yield


@pytest.mark.parametrize("internal", [True, False])
def test_labels_of_the_demo_network_do_not_overlap(demo_agenda, db, internal):
    from django.contrib.auth.models import AnonymousUser

    from regioagenda.accounts.models import User
    from regioagenda.actors.queries.network import build_graph
    from regioagenda.regions.demo import demo_email
    from regioagenda.regions.models import Agenda

    agenda = Agenda.objects.get(slug="beispielland")
    viewer = User.objects.get(email=demo_email("koordination")) if internal else AnonymousUser()
    graph, _hidden = build_graph(agenda, viewer)
    analysis, labels = labels_of(graph)

    assert graph.size > 20
    assert_no_overlap(labels)
    assert len(labels) == len(analysis.labelled)  # in the demo every central node is named
