"""Themes: grouping by text and field is deterministic, finds hand-made themes, and leaves
ideas without a neighbour as single ones."""

import random

from regioagenda.participation import themes
from regioagenda.participation.themes import Item

TINY = [
    ("bus", Item(1, "Rufbus per App", fields=("mobility",))),
    (
        "bus",
        Item(2, "On-Demand-Rufbus für die Dörfer", "Rufbus per Handy bestellen", ("mobility",)),
    ),
    ("bus", Item(3, "Rufbus auch abends", fields=("mobility",))),
    ("net", Item(4, "Glasfaser für alle Ortsteile", fields=("it_infrastructure",))),
    (
        "net",
        Item(5, "Glasfaserausbau im Gewerbegebiet", "Schnelles Internet", ("it_infrastructure",)),
    ),
    ("net", Item(6, "Schnelles Internet und Glasfaser in Oberdorf", fields=("it_infrastructure",))),
    ("school", Item(7, "Tablets für die Grundschule", fields=("education",))),
    ("school", Item(8, "WLAN und Tablets in allen Klassenzimmern", fields=("education",))),
    ("alone", Item(9, "Audioguide für die Burgruine", fields=("tourism",))),
]


def _partition(grouping):
    return {frozenset(group.keys) for group in grouping.groups}


def test_the_hand_made_themes_are_found():
    grouping = themes.group([item for _label, item in TINY])

    assert _partition(grouping) == {frozenset({1, 2, 3}), frozenset({4, 5, 6}), frozenset({7, 8})}
    assert grouping.singles == (9,)


def test_grouping_is_deterministic():
    items = [item for _label, item in TINY]
    first = themes.group(items)

    assert all(themes.group(items) == first for _ in range(3))
    shuffled = items[:]
    random.Random(3).shuffle(shuffled)
    assert _partition(themes.group(sorted(shuffled, key=lambda i: i.key))) == _partition(first)


def test_each_theme_has_a_label_central_idea_and_dominant_field():
    grouping = themes.group([item for _label, item in TINY])
    bus = next(group for group in grouping.groups if 1 in group.keys)

    assert "Rufbus" in bus.label
    assert bus.central in bus.keys and bus.keys[0] == bus.central
    assert bus.fields == ("mobility",)


def test_a_shared_field_helps_but_alone_makes_no_theme():
    weak = [Item(1, "Rufbus am Abend"), Item(2, "Rufbus mit Handy-Buchung und Echtzeit-Anzeige")]
    same_field = [Item(i.key, i.title, fields=("mobility",)) for i in weak]
    unrelated = [
        Item(1, "Solarkataster", fields=("energy",)),
        Item(2, "Smart Meter", fields=("energy",)),
    ]

    assert themes.group(weak).groups == ()
    assert _partition(themes.group(same_field)) == {frozenset({1, 2})}
    assert themes.group(unrelated).singles == (1, 2)


def test_no_ideas_and_empty_texts_are_fine():
    assert themes.group([]) == themes.Grouping(groups=(), singles=())
    assert themes.group([Item(1, ""), Item(2, "²")]).singles == (1, 2)
