"""Text similarity of ideas: German stems, compounds, the title counting twice, pairs."""

from regioagenda.participation import similarity


def _cosine(first, second):
    vectors = similarity.vectorise([similarity.tokens(*first), similarity.tokens(*second)])
    return float((vectors.matrix @ vectors.matrix.T).toarray()[0, 1])


def test_a_compound_shares_its_parts():
    assert _cosine(("Glasfaser", ""), ("Glasfaserausbau im Ort", "")) > 0.3
    assert _cosine(("Rufbus buchen", ""), ("Rufbus mit Buchung", "")) > 0.5


def test_idea_filler_words_say_nothing():
    assert _cosine(("Idee: bitte endlich WLAN", ""), ("Idee: bitte endlich Tablets", "")) == 0


def test_markup_is_not_text():
    assert similarity.tokens("", "<p class='x'>Glasfaser</p>") == ["glasfas"]


def test_pairs_are_ordered_best_first_and_only_above_the_threshold():
    texts = [("Rufbus per App", ""), ("Rufbus per App buchen", ""), ("Freibad WLAN", ""),
             ("WLAN im Freibad und am See", "")]  # fmt: skip
    vectors = similarity.vectorise([similarity.tokens(*text) for text in texts])

    pairs = similarity.similar_pairs(vectors.matrix, 0.5, chunk=1)

    assert [(i, j) for i, j, _s in pairs] in ([(0, 1), (2, 3)], [(2, 3), (0, 1)])
    assert pairs[0][2] >= pairs[1][2]
    assert similarity.top_matches(vectors, similarity.tokens("Rufbus", ""), limit=1, threshold=0.1)[
        0
    ][0] in (0, 1)
