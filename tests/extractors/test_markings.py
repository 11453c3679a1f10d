"""Security-grade markings: graded documents versus ordinary uses of the words (extractors.analysis.markings)."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

import pytest
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import read_document
from extractors.analysis.analyse import analyse
from extractors.analysis.markings import GRADES, Marking, find_markings, highest_marking
from extractors.analysis.nlp import load_pipeline
from extractors.types import NORWEGIAN_GRADE, Sentence


class Case(TypedDict):
    text: str
    expected: list[tuple[str, str]]  # (grade, rule), highest first


CASES: list[Case] = [
    # Markings.
    {"text": "BEGRENSET\nProsjektbeskrivelse for 2025.", "expected": [("BEGRENSET", "standalone")]},
    {"text": "Begrenset\nProsjektbeskrivelse for 2025.", "expected": [("BEGRENSET", "standalone")]},
    {"text": "Side 2 av 5\nKONFIDENSIELT", "expected": [("KONFIDENSIELT", "standalone")]},
    {"text": "STRENGT HEMMELIG", "expected": [("STRENGT HEMMELIG", "standalone")]},
    {"text": "Gradering: begrenset", "expected": [("BEGRENSET", "label")]},
    {"text": "Sikkerhetsgradering: KONFIDENSIELT", "expected": [("KONFIDENSIELT", "label")]},
    {"text": "Classification: NATO SECRET", "expected": [("NATO SECRET", "label")]},
    {"text": "Dokumentet er gradert KONFIDENSIELT og skal ikke deles.", "expected": [("KONFIDENSIELT", "label")]},
    {"text": "BEGRENSET – Beskyttet etter sikkerhetsloven", "expected": [("BEGRENSET", "security_act")]},
    {"text": "begrenset, jf. sikkerhetsloven § 5-3", "expected": [("BEGRENSET", "security_act")]},
    {"text": "BEGRENSET Prosjektbeskrivelsen gjelder et nytt system.", "expected": [("BEGRENSET", "header")]},
    {"text": "Dette er siste setning. BEGRENSET", "expected": [("BEGRENSET", "footer")]},
    {"text": "NATO RESTRICTED", "expected": [("NATO RESTRICTED", "standalone")]},
    {"text": "COSMIC TOP SECRET", "expected": [("COSMIC TOP SECRET", "standalone")]},
    {"text": "RESTREINT UE/EU RESTRICTED", "expected": [("RESTREINT UE", "standalone")]},
    {"text": "TRES SECRET UE", "expected": [("TRÈS SECRET UE", "standalone")]},
    {"text": "Classification: EU CONFIDENTIAL", "expected": [("CONFIDENTIEL UE", "label")]},
    {
        "text": "KONFIDENSIELT // NATO CONFIDENTIAL",
        "expected": [("KONFIDENSIELT", "standalone"), ("NATO CONFIDENTIAL", "standalone")],
    },
    # Ordinary words, headings and texts about the grading system.
    {"text": "Vi har begrenset tid til forsøkene.", "expected": []},
    {"text": "Tilgangen til data er begrenset.", "expected": []},
    {"text": "Det gir begrenset tilgang til data.", "expected": []},
    {"text": "BEGRENSET TILGANG TIL DATA", "expected": []},
    {"text": "Deltakerne ga et konfidensielt intervju.", "expected": []},
    {"text": "Confidential interview data were stored on an encrypted disk.", "expected": []},
    {"text": "The secret sauce of the method is the cooling.", "expected": []},
    {"text": "In 1962 the file was marked top secret.", "expected": []},
    {"text": "In 1943 the report was stamped HEMMELIG by the occupying forces.", "expected": []},
    {
        "text": "Sikkerhetsloven har fire grader: STRENGT HEMMELIG, HEMMELIG, KONFIDENSIELT og BEGRENSET.",
        "expected": [],
    },
    {"text": "Dokumentet er ikke gradert HEMMELIG.", "expected": []},
    {"text": "Tilgang til informasjon gradert KONFIDENSIELT eller høyere krever klarering.", "expected": []},
    {"text": "Staff handling NATO SECRET or above need a clearance.", "expected": []},
    {"text": '"BEGRENSET" er den laveste graden.', "expected": []},
    {"text": "Begrenset tid", "expected": []},
    {"text": "resultatene er BEGRENSET av målenøyaktigheten", "expected": []},
    {"text": "Dette er KONFIDENSIELT.", "expected": []},
    {"text": "Classification: confidential", "expected": []},
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:40])
def test_markings(case: Case) -> None:
    found = find_markings([Sentence(3, 2, case["text"])])
    assert [(m.grade, m.rule) for m in found] == case["expected"]
    for marking in found:
        assert (marking.page, marking.sentence) == (2, 3)
        assert marking.text.upper().replace("È", "E") in case["text"].upper().replace("È", "E")


def test_highest_grade_wins_and_systems_are_equivalent() -> None:
    sentences = [
        Sentence(0, 1, "BEGRENSET\nInnledning."),
        Sentence(1, 2, "Vedlegg.\nNATO SECRET"),
        Sentence(2, 3, "Gradering: KONFIDENSIELT"),
    ]
    found = find_markings(sentences)
    assert [m.grade for m in found] == ["NATO SECRET", "KONFIDENSIELT", "BEGRENSET"]
    top = highest_marking(found)
    assert top is not None and (top.grade, top.system, top.page, top.norwegian_grade) == (
        "NATO SECRET",
        "NATO",
        2,
        "HEMMELIG",
    )
    assert highest_marking([]) is None


def test_one_marking_per_grade_and_page() -> None:
    sentences = [Sentence(i, 1 + i // 2, "BEGRENSET\nTekst her.") for i in range(6)]
    assert [(m.page, m.sentence) for m in find_markings(sentences)] == [(1, 0), (2, 2), (3, 4)]


def _pdf(path: Path, header: str | None, body: str) -> Path:
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for page in range(2):
        pdf.add_page()
        if header:
            pdf.cell(0, 8, header, align="C")
            pdf.ln(14)
        pdf.multi_cell(0, 6, f"{body} Side {page + 1}.")
    path.write_bytes(bytes(pdf.output()))
    return path


BODY = (
    "Prosjektet utvikler en ny sonar for undervannsfarkoster. Vi har begrenset tid og begrenset "
    "tilgang til data, og intervjuene er konfidensielle."
)


def test_graded_and_ungraded_pdf(tmp_path: Path) -> None:
    pipeline = load_pipeline()
    graded = analyse(read_document(_pdf(tmp_path / "graded.pdf", "BEGRENSET", BODY)), pipeline)
    plain = analyse(read_document(_pdf(tmp_path / "plain.pdf", None, BODY)), pipeline)
    found = find_markings(graded.sentences)
    assert [(m.grade, m.page) for m in found] == [("BEGRENSET", 1), ("BEGRENSET", 2)]
    assert find_markings(plain.sentences) == []


def test_grade_table_is_consistent() -> None:
    assert {level for *_rest, level in GRADES} == set(NORWEGIAN_GRADE)
    assert {system for _p, _g, system, _l in GRADES} == {"NO", "NATO", "EU"}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "BEGRENSET",
                    "begrenset",
                    "NATO SECRET",
                    "Gradering:",
                    "\n",
                    " ",
                    "tid",
                    ".",
                    "Side 2",
                    "HEMMELIG",
                    "«",
                    "ikke",
                    "1943",
                    "Beskyttet etter sikkerhetsloven",
                    "x",
                ]
            )
        ).map(" ".join),
        max_size=5,
    )
)
def test_find_markings_never_crashes(texts: list[str]) -> None:
    found = find_markings([Sentence(i, None, t) for i, t in enumerate(texts)])
    grades = {grade for _p, grade, _s, _l in GRADES}
    for marking in found:
        assert isinstance(marking, Marking) and marking.grade in grades and 1 <= marking.level <= 4
    assert [m.level for m in found] == sorted((m.level for m in found), reverse=True)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_find_markings_on_any_text(text: str) -> None:
    assert isinstance(find_markings([Sentence(0, 1, text)]), list)
