"""Norwegian-to-English glossing: glossary, compounds, cognates, and what is left alone."""

from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.analysis.language import gloss_word, translate_norm
from extractors.text.normalise import fold, normalise


def _gloss(text: str) -> str:
    """Gloss Norwegian text as the pipeline does: normalise, then word by word."""
    return translate_norm(normalise(text))


# Head-final compounds of known parts, with a linking s or e, inflected heads, three parts.
COMPOUNDS = [
    ("navigasjonsgyroskop", "navigation gyroscope"),
    ("biasstabilitet", "bias stability"),
    ("fiberspolen", "fiber coil"),
    ("kretsdybden", "circuit depth"),
    ("kvanteprosessor", "quantum processor"),
    ("pulslengde", "pulse length"),
    ("satellittposisjonering", "satellite positioning"),
    ("temperaturfølsomheten", "temperature sensitivity"),
    ("laseravbildningssystem", "laser imaging system"),
    ("skalafaktorstabilitet", "scale factor stability"),
]


@pytest.mark.parametrize(("norwegian", "english"), COMPOUNDS)
def test_compounds_are_split_into_known_parts(norwegian: str, english: str) -> None:
    assert _gloss(norwegian) == normalise(english)


# Latin/Greek-derived words by regular spelling correspondence, checked against wordfreq.
COGNATES = [
    ("posisjon", "position"),
    ("presisjon", "precision"),
    ("polarisasjon", "polarisation"),
    ("akselerasjon", "acceleration"),
    ("inspeksjon", "inspection"),
    ("konsentrasjon", "concentration"),  # one English word, not "consent" + "ration"
    ("stabilitet", "stability"),
    ("kapasitet", "capacity"),
    ("kvalitet", "quality"),
    ("interferometrisk", "interferometric"),
    ("elektronisk", "electronic"),
    ("mekaniske", "mechanical"),
    ("konvensjonelle", "conventional"),
    ("kalibrering", "calibration"),
    ("integrert", "integrated"),
    ("spesifisert", "specified"),
    ("redusert", "reduced"),
    ("fysikk", "physics"),
    ("kapasitiv", "capacitive"),
    ("lineær", "linear"),
    ("struktur", "structure"),
    ("mikrofon", "microphone"),
    ("spektroskopi", "spectroscopy"),
    ("aktuator", "actuator"),
    ("elektronene", "electron"),
    ("magnetometre", "magnetometer"),
]


@pytest.mark.parametrize(("norwegian", "english"), COGNATES)
def test_cognates_follow_spelling_correspondences(norwegian: str, english: str) -> None:
    assert _gloss(norwegian) == normalise(english)


# Glossary words, also inflected, and glossary entries that override a misleading cognate.
GLOSSARY = [
    ("fiberoptisk gyroskop", "fiber optic gyroscope"),
    ("supraledende kvantebiter", "superconducting qubit"),
    ("ubemannet luftfartøy", "unmanned aerial vehicle"),
    ("satellitten", "satellite"),
    ("vinkler", "angle"),
    ("fabrikken", "factory"),  # not "fabric"
    ("polert", "polished"),  # not "poled"
    ("en laser", "laser"),  # articles are dropped
]


@pytest.mark.parametrize(("norwegian", "english"), GLOSSARY)
def test_glossary_words_and_inflections(norwegian: str, english: str) -> None:
    assert _gloss(norwegian) == normalise(english)


# Words with no technical gloss stay as they are: no split into chance parts, no cognate
# that happens to be an English word ("armert" is reinforced, "turnering" a tournament).
UNCHANGED = [
    "barnehage",
    "fotball",
    "kommune",
    "tilbake",
    "fritidskort",
    "lakselus",
    "sykehus",
    "armert",
    "turnering",
    "kvittering",
    "formålet",
    "mosjon",
    "format",
]


@pytest.mark.parametrize("word", UNCHANGED)
def test_unknown_non_technical_words_are_left_unchanged(word: str) -> None:
    assert gloss_word(normalise(word)) == normalise(word)


# English words in Norwegian text ("range-gated imaging") are not rewritten or split.
ENGLISH = ["imaging", "range", "gated", "binning", "transmon", "superluminescent", "software", "expert", "system"]


@pytest.mark.parametrize("word", ENGLISH)
def test_english_words_are_left_unchanged(word: str) -> None:
    assert gloss_word(word) == word


def test_glossary_file_has_one_entry_per_key() -> None:
    text = resources.files("extractors.text").joinpath("data/glossary_nb_en.tsv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert all("\t" in row for row in rows)
    keys = [fold(row.partition("\t")[0].strip()) for row in rows]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", max_size=30))
def test_gloss_word_never_raises_and_returns_lower_case_words(word: str) -> None:
    result = gloss_word(word)
    assert result == result.lower()
    assert all(part.isalpha() for part in result.split())
    assert result == " ".join(result.split())
