"""Derivational keys: which word forms meet ("jammer" ~ "jamming equipment") and which do not."""

import pytest

from classifiers.match import match_candidates
from extractors.analysis.analyse import analyse
from extractors.text.stems import gerund_key, has_gerund, stem_key
from extractors.types import Document, Page
from flows.pipeline import make_context

MEET = [
    ("radar jammer", "radar jamming"),
    ("jammer", "jamming equipment"),
    ("neutron detector", "neutron detection equipment"),
]
APART = [
    ("project", "projector"),  # a bare word is no agent noun
    ("power", "powered"),
    ("counter", "count"),
]


@pytest.mark.parametrize(("a", "b"), MEET)
def test_stem_keys_meet(a: str, b: str) -> None:
    assert stem_key(a) and stem_key(a) == stem_key(b)


@pytest.mark.parametrize(("a", "b"), APART)
def test_stem_keys_stay_apart(a: str, b: str) -> None:
    assert stem_key(a) != stem_key(b) or not stem_key(a)


def test_a_gerund_meets_its_bare_noun_and_nothing_else() -> None:
    assert gerund_key("hot isostatic pressing") == gerund_key("hot isostatic press")
    assert has_gerund("hot isostatic pressing") and not has_gerund("hot isostatic press")
    assert gerund_key("radar jammer") != gerund_key("radar jam")


@pytest.fixture(scope="module")
def context():
    return make_context()


@pytest.mark.parametrize(
    ("text", "code", "term"),
    [
        ("The aircraft carries a radar jammer.", "ML11.a", "jamming equipment"),
        ("The institute runs a hot isostatic pressing (HIP) system.", "2B004", "hot isostatic press"),
    ],
)
def test_derived_forms_match_the_list(context, text: str, code: str, term: str) -> None:
    doc = Document("case.txt", "text", (Page(1, text),), "0" * 64, len(text))
    analysis = analyse(doc, context.pipeline)
    matches = match_candidates(analysis.candidates, analysis.norm_keys, context.reference, context.settings).frame()
    hits = matches.filter((matches["code"] == code) & (matches["term_norm"] == term))
    assert hits.height and hits["similarity"].max() >= 0.85
