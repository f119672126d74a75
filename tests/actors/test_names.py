"""One folding of names: the register, the import and the landscape compare alike."""

from regioagenda.actors.names import comparable, exact_person_key, fold, person_key, similarity
from regioagenda.actors.queries.activities import normalise_title
from regioagenda.actors.queries.register import normalise_name


def test_fold_writes_umlauts_out_or_drops_them():
    assert fold("Jörg Müßig") == "joerg muessig"
    assert fold("Jörg Müßig", umlauts=False) == "jorg mussig"


def test_titles_and_forms_of_address_do_not_count_but_surnames_stay():
    assert person_key("Frau Prof. Dr. Anna  Müller") == "anna mueller"
    assert person_key("Yo-Yo Ma") == "yo yo ma"


def test_register_and_import_agree_on_the_same_person():
    for name in ["Frau Dr. Anna Berg", "Prof. Dr.-Ing. Jörg Meier", "Anna-Lena Berg"]:
        assert exact_person_key(name) == normalise_name(name)
    assert normalise_name("Frau Anna Berg") == normalise_name("anna berg")


def test_activity_titles_fold_like_names():
    assert normalise_title("Smart-City: Bürger-App!") == comparable("smart city buerger app")


def test_one_similarity_for_the_import_and_the_landscape():
    assert similarity("stadtwerke teamhausen", "stadtwerke teamhausen") == 1.0
    close = similarity("anna mueller", "anna muller", at_least=0.88)
    assert 0.88 <= close < 1.0
    # Below the threshold only a bound is computed, and it stays below.
    assert similarity("anna", "anna maria mueller", at_least=0.88) < 0.88
    assert similarity("", "anna") == similarity("anna", "") == 0.0
