"""Text-like formats: clean-up rules, LaTeX, Markdown and plain text in several encodings."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import read_document
from extractors.documents.cleanup import clean_text
from extractors.documents.latex import latex_to_text
from extractors.documents.limits import Limits
from extractors.documents.markdown import markdown_to_text
from extractors.documents.siunitx import render_siunitx
from extractors.errors import DocumentTooLargeError, EmptyDocumentError
from tests.paths import FIXTURES

FIXTURES = FIXTURES / "documents"


class Case(TypedDict):
    source: str
    expected: str


CLEANUP_CASES: list[Case] = [
    {"source": "ampli-\nfier", "expected": "amplifier"},
    {"source": "state-of-the-\nart laser", "expected": "state-of-the-art laser"},
    {"source": "Norwegian-\nAmerican team", "expected": "Norwegian-American team"},
    {"source": "pages 10-\n12", "expected": "pages 10-12"},
    {"source": "a wrapped\nline of text", "expected": "a wrapped line of text"},
    {"source": "First sentence.\nSecond sentence.", "expected": "First sentence.\nSecond sentence."},
    {"source": "as follows:\na. one;\nb. two", "expected": "as follows:\na. one;\nb. two"},
    {"source": "para one\n\n\n  para two", "expected": "para one\n\npara two"},
    {"source": "NUL\x00 and\x07 bell", "expected": "NUL and bell"},
    {"source": "tabs\tand\u00a0nbsp  and   runs", "expected": "tabs and nbsp and runs"},
    {"source": "\ufb01bre and \ufb02ow", "expected": "fibre and flow"},
    {"source": "soft\u00adhyphen and ampli\u00ad\nfier", "expected": "softhyphen and amplifier"},
    {"source": "crlf\r\nline\rend", "expected": "crlf line end"},
    {"source": "page one\fpage two", "expected": "page one\n\npage two"},
    {"source": " \n\t\n ", "expected": ""},
]


@pytest.mark.parametrize("case", CLEANUP_CASES, ids=lambda c: c["source"][:20])
def test_clean_text(case: Case) -> None:
    assert clean_text(case["source"]) == case["expected"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab A.-:;\n\t\x00\u00ad\u00a0\ufb01-1a("), max_size=80))
def test_clean_text_is_idempotent_and_clean(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\x00" not in once and "\t" not in once and "  " not in once
    assert "\n\n\n" not in once


LATEX_CASES: list[Case] = [
    {"source": r"\section{High power} text", "expected": "High power\n\ntext"},
    {"source": r"a \textbf{bold \emph{nested}} word", "expected": "a bold nested word"},
    {"source": r"$2.1\,\mathrm{kW}$ laser", "expected": "2.1 kW laser"},
    {"source": r"\SI{2.1}{\kilo\watt}", "expected": "2.1 kW"},
    {"source": r"\qty{2.1}{\kilo\watt}", "expected": "2.1 kW"},
    {"source": r"\qty[mode=text]{34}{}~qubits", "expected": "34 qubits"},
    {"source": r"\num{3e-5}", "expected": "3×10^-5"},
    {"source": r"\SI{5}{\watt\per\square\metre}", "expected": "5 W/m²"},
    {"source": r"\SIrange{1}{5}{\giga\hertz}", "expected": "1 GHz to 5 GHz"},
    {"source": r"\SI{1064}{\nano\metre} and \si{\micro\metre}", "expected": "1064 nm and µm"},
    {"source": r"$3\times10^{-5}$ error", "expected": "3×10^-5 error"},
    {"source": r"$\lambda = 1064$ nm", "expected": "λ = 1064 nm"},
    {"source": "text % a comment\nmore", "expected": "text more"},
    {"source": r"50\% of \$5", "expected": "50% of $5"},
    {"source": "before\n\\begin{equation}\nE = mc^2\n\\end{equation}\nafter",
     "expected": "before\n\nafter"},
    {"source": r"a \[ x^2 \] b $$y$$ c", "expected": "a\n\nb\n\nc"},
    {"source": "a \\begin{equation} never closed", "expected": "a\n\nnever closed"},
    {"source": r"see \cite{x} and \ref{fig:1}.", "expected": "see and ."},
    {"source": r"\href{http://a.org}{the site}", "expected": "the site"},
    {"source": r"Tr\o ndelag, \AA lesund, \"{o}, \'e, \c{c}", "expected": "Trøndelag, Ålesund, ö, é, ç"},
    {"source": r"\centering Centred", "expected": "Centred"},
    {"source": "\\begin{itemize}\n\\item One.\n\\item Two.\n\\end{itemize}",
     "expected": "- One.\n- Two."},
    {"source": "\\begin{tabular}{lr}\nA & 1 \\\\\nB & 2 \\\\ \\hline\n\\end{tabular}",
     "expected": "A | 1\n\nB | 2"},
    {"source": "\\usepackage{x}\n\\title{T}\n\\begin{document}\nBody.\n\\end{document}\nJunk",
     "expected": "T\n\nBody."},
    {"source": "\\begin{verbatim}\nx = \\foo{1} % kept\n\\end{verbatim}",
     "expected": "x = \\foo{1} % kept"},
    {"source": r"a \footnote{note} b", "expected": "a (note) b"},
]


@pytest.mark.parametrize("case", LATEX_CASES, ids=lambda c: c["source"][:24])
def test_latex_to_text(case: Case) -> None:
    assert clean_text(latex_to_text(case["source"])) == case["expected"]


_LATEX_TOKENS = [
    "\\begin{equation}", "\\end{equation}", "\\begin{tabular}{ll}", "\\end{tabular}",
    "\\begin{verbatim}", "\\end{verbatim}", "\\SI{2.1}{\\kilo\\watt}", "\\num{3e-5}", "\\\\",
    "\\item", "\\section{", "\\[", "\\]", "$$", "\\verb|", "\\'", "\\c", "\\o",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_LATEX_TOKENS), st.text(alphabet="\\{}[]$%&~ ab\n1.e-")),
        max_size=20,
    ).map("".join)
)
def test_latex_to_text_never_crashes(source: str) -> None:
    assert isinstance(latex_to_text(source), str)
    assert isinstance(render_siunitx(source), str)


MARKDOWN_CASES: list[Case] = [
    {"source": "# Title #\nBody text.", "expected": "Title\n\nBody text."},
    {"source": "Title\n=====\nBody", "expected": "Title\n\nBody"},
    {"source": "**bold** and *em* and _em_ and ~~gone~~", "expected": "bold and em and em and gone"},
    {"source": "snake_case_name and 2*3*4", "expected": "snake_case_name and 2*3*4"},
    {"source": "[link text](http://x.org) ![alt](a.png)", "expected": "link text alt"},
    {"source": "[ref][1]\n\n[1]: http://x.org", "expected": "ref"},
    {"source": "`2.1 kW` laser", "expected": "2.1 kW laser"},
    {"source": "* one\n* two\n+ three", "expected": "- one\n- two\n- three"},
    {"source": "> quoted **text**", "expected": "quoted text"},
    {"source": "| a | b |\n|---|--:|\n| 1 | 2 |", "expected": "a | b\n\n1 | 2"},
    {"source": "```py\nx = 2 * 3\n# not a heading\n```", "expected": "x = 2 * 3 # not a heading"},
    {"source": "a <br/> b <!-- hidden --> c", "expected": "a b c"},
    {"source": r"\*not em\*", "expected": "*not em*"},
    {"source": "<https://example.org>", "expected": "https://example.org"},
]


@pytest.mark.parametrize("case", MARKDOWN_CASES, ids=lambda c: c["source"][:24])
def test_markdown_to_text(case: Case) -> None:
    assert clean_text(markdown_to_text(case["source"])) == case["expected"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("#*_`[]()!|-~>\\ ab\n:"), max_size=80))
def test_markdown_to_text_never_crashes(source: str) -> None:
    assert isinstance(markdown_to_text(source), str)


def test_read_latex_fixture() -> None:
    document = read_document(FIXTURES / "paper.tex")
    assert document.kind == "latex"
    assert len(document.pages) == 1 and document.pages[0].number is None
    text = document.text
    assert text.startswith("A compact fibre laser amplifier\n\n")
    for expected in ("2.1 kW at 1064 nm", "34 GHz", "3×10^-5", "Trøndelag", "- Pump wavelength of 976 nm.",
                     "Output power | 2.1 kW", "Amplifier parameters."):
        assert expected in text
    for dropped in ("reviewers", "\\", "eq:power", "P_out", "A. Author", "smith2020"):
        assert dropped not in text


def test_read_markdown_fixture() -> None:
    document = read_document(FIXTURES / "paper.md")
    assert document.kind == "markdown"
    text = document.text
    assert text.startswith("A compact fibre laser amplifier\n\nWe report a fibre amplifier")
    assert "see the data sheet and table 1." in text
    assert "Output power | 2.1 kW" in text
    assert "gain = 10 * log10(p_out / p_in)" in text
    assert "https://" not in text and "**" not in text and "#" not in text


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", "Blåbærsyltetøy og ørret: 2,1 kW."),
        ("utf-8-sig", "Med BOM: ærlig talt."),
        ("utf-16", "UTF-16 med BOM: Ålesund."),
        ("cp1252", "Windows – “smart quotes” and €5 for Smörgås."),
        ("latin-1", "Latin-1: Tromsø og Ålesund."),
    ],
)
def test_read_text_in_each_encoding(encoding: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(text.encode(encoding))
    document = read_document(path)
    assert document.kind == "text"
    assert document.pages[0].number is None
    assert document.text == text


def test_text_with_nul_bytes_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes("UTF-16 text\x00 with a NUL".encode("utf-16"))
    assert read_document(path).text == "UTF-16 text with a NUL"


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"], ids=["zero-bytes", "whitespace"])
def test_empty_text_files_fail(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(content)
    with pytest.raises(EmptyDocumentError, match=r"^.*empty\.md: (is empty|has no text)"):
        read_document(path)


def test_huge_text_files_are_refused_by_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as stream:
        stream.truncate(Limits().max_text_bytes + 1)  # sparse: costs no disk
        stream.seek(0)
        stream.write(b"text " * 4096)  # detection reads only the start
    with pytest.raises(DocumentTooLargeError, match=r"is too large to screen: it is 7\.6 MB, more than the limit of"
                       r" 2,000,000 characters of text; split it, or raise EXPORTSCREEN_MAX_TEXT_CHARS"):
        read_document(path, limits=Limits())


class LimitCase(TypedDict):
    name: str
    source: str
    expected: str


LIMIT_CASES: list[LimitCase] = [
    {"name": "notes.txt", "source": "word " * 30, "expected": "it has 150 characters, more than the limit of 100"},
    {"name": "notes.md", "source": "# Title\n\n" + "word " * 30, "expected": "it has 159 characters"},
    {"name": "paper.tex", "source": "\\section{A}\n" + "word " * 30, "expected": "it has 162 characters"},
]


@pytest.mark.parametrize("case", LIMIT_CASES, ids=lambda case: case["name"])
def test_text_over_the_character_limit_is_refused(case: LimitCase, tmp_path: Path) -> None:
    path = tmp_path / case["name"]
    path.write_text(case["source"], encoding="utf-8")
    with pytest.raises(DocumentTooLargeError, match=case["expected"]):
        read_document(path, limits=Limits(max_text_chars=100))
    assert read_document(path, limits=Limits(max_text_chars=200)).text


def test_character_limit_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_text("ø" * 90, encoding="utf-16")  # 182 bytes, 90 characters
    assert read_document(path, limits=Limits(max_text_chars=100)).text == "ø" * 90
