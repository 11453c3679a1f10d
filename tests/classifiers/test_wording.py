"""When a document's word is a provision's word (classifiers.documents.wording): forms of one word, not lookalikes."""

import doctest

import pytest

from classifiers.documents import wording
from classifiers.documents.wording import same_word, stated_words
from extractors.text import keys
from extractors.text.keys import text_words


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("pulse", "pulsed"),
        ("laser", "lasers"),
        ("cryptography", "cryptographic"),
        ("confidentiality", "confidential"),
        ("perform", "performance"),
        ("military", "militarily"),
        ("gas", "gases"),
        ("bus", "buses"),
        ("uav", "uavs"),
        ("spacecraft", "spacecraft"),
    ],
)
def test_forms_of_one_word(a: str, b: str) -> None:
    assert same_word(a, b) and same_word(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("configuration", "confidentiality"),  # the first five letters alone matched these (issue 14)
        ("quantity", "quantum"),
        ("nucleus", "nuclear"),
        ("technology", "technique"),
        ("microstrip", "microwave"),
        ("gas", "gasket"),
        ("ion", "ionisation"),
    ],
)
def test_lookalikes_are_other_words(a: str, b: str) -> None:
    assert not same_word(a, b) and not same_word(b, a)


def test_stated_words_looks_at_every_form_in_the_document() -> None:
    document = text_words(["The ions and gases of the configuration; pulse energy above 2 J."])
    assert stated_words(["ion", "gas", "confidentiality", "pulsed", "quantum"], document) == {
        "ion": True,
        "gas": True,
        "confidentiality": False,
        "pulsed": True,
        "quantum": False,
    }


def test_non_joins_a_negated_qualifier() -> None:
    assert "nontunable" in text_words(["A non-tunable laser."])


def test_doctests() -> None:
    assert doctest.testmod(wording).failed == 0


def test_keys_are_as_long_as_the_item_lists_tables_keep_them() -> None:
    assert wording.KEY_CHARS == keys.KEY_CHARS
