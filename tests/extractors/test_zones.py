"""Sentence zones: where each sentence stands (lead, heading, body, references, licence text, contents)."""

from __future__ import annotations

from extractors.analysis.zones import LEAD_SENTENCES, sentence_zones
from extractors.types import Sentence


def _zones(texts: list[str]) -> list[tuple[str, str]]:
    sentences = [Sentence(i, None, t) for i, t in enumerate(texts)]
    return list(zip(texts, sentence_zones(sentences), strict=True))


def _body(n: int) -> list[str]:
    return [f"We measured the output of sample {i} with the usual method." for i in range(n)]


def test_the_opening_is_the_lead_and_the_rest_body() -> None:
    texts = ["A fibre amplifier for sensing", *_body(40)]
    zones = dict(enumerate(z for _, z in _zones(texts)))
    assert zones[0] == "lead"
    assert zones[LEAD_SENTENCES + 5] == "body"


def test_everything_after_a_references_heading_is_references_until_an_appendix() -> None:
    texts = [*_body(30), "## References", "Smith J. A high-power laser. Optics Letters.", "Appendix A", *_body(2)]
    zones = _zones(texts)
    assert zones[31][1] == "references"
    assert zones[-1][1] == "body"


def test_norwegian_and_latex_reference_headings() -> None:
    for heading in ("Referanser", "Litteratur", r"\section*{Bibliography}", r"\bibliography{refs}"):
        zones = _zones([*_body(20), heading, "Hansen, K. Fiberlasere i industrien. Oslo."])
        assert zones[-1][1] == "references", heading


def test_a_citation_anywhere_reads_as_references() -> None:
    zones = _zones([*_body(20), "Zhang et al. (2021) reported a 3 kW amplifier, doi: 10.1364/OL.46.001234."])
    assert zones[-1][1] == "references"


def test_licence_text_is_boilerplate() -> None:
    zones = _zones([*_body(20), 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.'])
    assert zones[-1][1] == "boilerplate"


def test_contents_lines_and_headings() -> None:
    zones = _zones(
        [*_body(20), "Table of contents", "1 Introduction ........ 3", "Laser design and results", *_body(1)]
    )
    assert [z for _, z in zones[20:23]] == ["contents", "contents", "heading"]
