"""Tests of the List I PDF importer: the real official PDF, generated lists, refusals."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import polars as pl
import pytest
from fpdf import FPDF, XPos, YPos
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from itemlists.errors import ListImportError
from itemlists.sources.listone.labels import (
    LETTER,
    NUMBER,
    Candidate,
    Level,
    candidates,
    order_of,
    split_label,
    successor,
)
from itemlists.sources.listone.notes import join_parts, named_code
from itemlists.sources.listone.parser import parse_list_one_pdf
from itemlists.sources.pdf_lines import read_lines
from itemlists.types import PROVISION_SCHEMA
from tests.paths import ROOT

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

REPO = ROOT
SHARED = Path(os.environ.get("EXPORTSCREEN_SHARED", REPO.parent / "shared"))
LIST_ONE = SHARED / "data/itemlists/norway_2020_2021/liste_I_2020_vedlegg_I.pdf"
needs_pdf = pytest.mark.skipif(
    not LIST_ONE.is_file(), reason=f"official List I PDF not found at {LIST_ONE}"
)


@pytest.fixture(scope="module")
def parsed() -> tuple[pl.DataFrame, dict]:
    if not LIST_ONE.is_file():
        pytest.skip(f"official List I PDF not found at {LIST_ONE}")
    return parse_list_one_pdf(LIST_ONE)


def row(frame: pl.DataFrame, code: str) -> dict:
    rows = frame.filter(pl.col("code") == code).to_dicts()
    assert len(rows) == 1, f"{code} occurs {len(rows)} times"
    return rows[0]


class Case(TypedDict):
    code: str
    parent: str | None
    text: str  # exact text, or the start of it when it ends in "..."


CASES: list[Case] = [
    {"code": "ML1", "parent": None, "text": "Smooth-bore weapons with a calibre of less than..."},
    {"code": "ML1.a", "parent": "ML1",
     "text": "Rifles and combination guns, handguns, machine, sub-machine and volley guns;"},
    {"code": "ML1.b.2.a", "parent": "ML1.b.2", "text": "Fully automatic type weapons;"},
    {"code": "ML1.c", "parent": "ML1", "text": "Weapons using caseless ammunition;"},
    {"code": "ML4.a", "parent": "ML4",
     "text": "Bombs, torpedoes, grenades, smoke canisters, rockets, mines, missiles, depth charges, "
     "demolition-charges, demolition-devices, demolition-kits, \"pyrotechnic\" devices, cartridges "
     "and simulators (i.e. equipment simulating the characteristics of any of these items), "
     "specially designed for military use;"},
    {"code": "ML8.a.1", "parent": "ML8.a",
     "text": "ADNBF (aminodinitrobenzofuroxan or 7-amino-4,6-dinitrobenzofurazane-1-oxide) "
     "(CAS 97096-78-1);"},
    {"code": "ML8.a.41", "parent": "ML8.a",
     "text": "FTDO (5,6-(3',4'-furazano)- 1,2,3,4-tetrazine-1,3-dioxide);"},
    {"code": "ML8.c.3.b.3", "parent": "ML8.c.3.b", "text": "Pentaborane (11) (CAS 18433-84-6);"},
    {"code": "ML8.c.4", "parent": "ML8.c", "text": "Hydrazine and derivatives, as follows..."},
    {"code": "ML8.f.15.a", "parent": "ML8.f.15",
     "text": "Neopentyl[diallyl]oxy, tri[dioctyl]phosphato-titanate (CAS 103850-22-2); also known "
     "as titanium IV, 2,2[bis 2-propenolato-methyl, butanolato, tris (dioctyl) phosphato] "
     "(CAS 110438-25-0); or LICA 12 (CAS 103850-22-2);"},
    {"code": "ML10.a", "parent": "ML10",
     "text": "Manned \"aircraft\" and \"lighter-than-air vehicles\", and specially designed "
     "components therefor;"},
    {"code": "ML10.c.1", "parent": "ML10.c",
     "text": "\"UAVs\", Remotely Piloted Air Vehicles (RPVs), autonomous programmable vehicles "
     "and unmanned \"lighter-than-air vehicles\";"},
    {"code": "ML11.a", "parent": "ML11",
     "text": "Electronic equipment specially designed for military use and specially designed "
     "components therefor;"},
    {"code": "ML11.b", "parent": "ML11",
     "text": "\"Satellite navigation system\" jamming equipment and specially designed components "
     "therefor;"},
    {"code": "ML11.c", "parent": "ML11",
     "text": "\"Spacecraft\" specially designed or modified for military use, and \"spacecraft\" "
     "components specially designed for military use."},
    {"code": "ML17.f", "parent": "ML17",
     "text": "\"Libraries\" specially designed or modified for military use with systems, "
     "equipment or components, specified by the EU Common Military List;"},
    {"code": "ML22.b.3", "parent": "ML22.b", "text": "Not used since 2013;"},
    {"code": "ML22.b.5", "parent": "ML22.b", "text": "\"Technology\" \"required\" exclusively..."},
]


@needs_pdf
@pytest.mark.parametrize("case", CASES, ids=[c["code"] for c in CASES])
def test_provision_text(parsed: tuple[pl.DataFrame, dict], case: Case) -> None:
    got = row(parsed[0], case["code"])
    assert got["parent"] == case["parent"]
    assert got["depth"] == case["code"].count(".")
    assert got["entry_code"] == case["code"].split(".")[0]
    if case["text"].endswith("..."):
        assert got["text"].startswith(case["text"][:-3])
    else:
        assert got["text"] == case["text"]


NOTE_CASES = [
    ("ML1", "Note ML1. does not apply to: a. Firearms specially designed for dummy", "d. \""),
    ("ML1.b", "Note ML1.b. does not apply to the following: a.", "N.B. For disruptors"),
    ("ML4.c", "Note ML4.c. does not apply to AMPS", "Wassenaar Arrangement Participating"),
    ("ML4.b.2", "Technical Note: For the purpose of ML4.b.2.", "detonating, activating"),
    ("ML8.a", "Technical Note An 'explosive co-crystal'", "specified in ML8.a."),
    ("ML8.f.17.b", "Note Item ML.8.f.17.b. includes:", "(HX-877)"),
    ("ML9.a.2.c", "Technical Notes 1. 'CBRN protection'", "2. 'Pre-wet or wash down system'"),
    ("ML22", "Note 1 \"Technology\" \"required\"", "remains under control"),
    ("ML1.b.2", "Note ML1.b.2. does not apply", "compressed air or CO2."),
    ("ML3.a", "Note 3 ML3.a. does not apply", "c. Lighting of gas flares at oil wells."),
    ("ML7.f.1", "Note ML7.f.1. includes: a. Air conditioning", "b. Protective clothing."),
    ("ML10.d", "Note 6 ML10.d. does not apply", "first manufactured before 1946."),
]


@needs_pdf
@pytest.mark.parametrize(("code", "start", "inside"), NOTE_CASES, ids=[c[0] for c in NOTE_CASES])
def test_note_belongs_to_provision(
    parsed: tuple[pl.DataFrame, dict], code: str, start: str, inside: str
) -> None:
    notes = [n for n in row(parsed[0], code)["notes"] if n.startswith(start)]
    assert len(notes) == 1, row(parsed[0], code)["notes"]
    assert inside in notes[0]


@needs_pdf
def test_note_lists_are_not_items(parsed: tuple[pl.DataFrame, dict]) -> None:
    frame = parsed[0]
    for start in ("Firearms specially designed for dummy", "Smoke grenades", "Signalling;",
                  "Mobile gas liquefying", "Continuous nitrators", "Ammonium picrate"):
        assert frame.filter(pl.col("text").str.starts_with(start)).is_empty(), start
    assert row(frame, "ML1")["notes"][0].startswith("Note ML1. does not apply")
    assert row(frame, "ML1.a")["text"].startswith("Rifles")  # the note's "a." is not ML1.a
    assert row(frame, "ML8.h")["notes"] and "ML8.h.3" not in frame["code"]  # Technical Note 3.


@needs_pdf
def test_whole_list_is_consistent(parsed: tuple[pl.DataFrame, dict]) -> None:
    frame, report = parsed
    assert frame.schema == pl.Schema(PROVISION_SCHEMA)
    entries = frame.filter(pl.col("depth") == 0)["code"].to_list()
    assert entries == [f"ML{n}" for n in range(1, 23)]
    assert frame["code"].is_unique().all()
    assert frame.filter(pl.col("parent").is_not_null())["parent"].is_in(frame["code"].implode()).all()
    assert (frame["list"] == "I").all() and (frame["version"] == "2020").all()
    assert (frame["category"] == "ML").all() and frame["group"].is_null().all()
    assert frame.filter(pl.col("text").str.len_chars() == 0).is_empty()
    assert report["problems"] == []
    assert report["entries"] == 22 and report["provisions"] == frame.height
    assert sum(report["per_entry"].values()) == frame.height
    assert report["notes"] == frame["notes"].list.len().sum() > 100
    assert report["version_detected"] and report["title"].endswith("(2020)")


@needs_pdf
def test_no_page_header_inside_any_text(parsed: tuple[pl.DataFrame, dict]) -> None:
    frame = parsed[0]
    everything = frame["text"].to_list() + frame["notes"].explode().drop_nulls().to_list()
    leaked = [t for t in everything if re.search(r"(?i)forsvarsrelaterte|innholdsfort", t)]
    assert leaked == []


@needs_pdf
def test_no_text_lost(parsed: tuple[pl.DataFrame, dict]) -> None:
    """Every body line of the PDF, label removed, is found in a provision's text or notes."""
    frame = parsed[0]
    flat = frame.select(
        pl.concat_str(pl.col("text"), pl.col("notes").list.join(" "), separator=" ")
    ).to_series()
    squeezed = re.sub(r"\s+", "", " ".join(flat))
    lines = read_lines(LIST_ONE).lines
    first = next(i for i, line in enumerate(lines) if line.head == "ML1")
    last = next(i for i, line in enumerate(lines) if line.text.startswith("DEFINITIONS"))
    lost = []
    for line in lines[first:last]:
        text = re.sub(r"^ML\d+\s+", "", line.text)
        split = split_label(text)
        piece = re.sub(r"\s+", "", split[1] if split and split[1] else text)
        if piece not in squeezed:
            lost.append(f"page {line.page}: {line.text!r}")
    assert lost == []
    assert last - first > 1000


@needs_pdf
def test_truncated_copy_is_refused(tmp_path: Path) -> None:
    data = LIST_ONE.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ListImportError, match=r"'cut.pdf' is truncated"):
        parse_list_one_pdf(cut)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(data[: len(data) // 2] + b"\n%%EOF\n")
    with pytest.raises(ListImportError, match=r"'damaged.pdf' is damaged"):
        parse_list_one_pdf(damaged)


def _plain_pdf(path: Path, lines: list[str], password: str | None = None) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if password is not None:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.output(str(path))
    return path


REFUSALS = [
    ("minutes.pdf", ["Meeting minutes", "ML models were discussed.", "ML1 is not a heading here."],
     None, r"'minutes.pdf' has no List I entry headings"),
    ("locked.pdf", ["ML1", "Smooth-bore weapons"], "secret", r"'locked.pdf' is encrypted"),
    ("blank.pdf", [""], None, r"'blank.pdf' has no text layer"),
]


@pytest.mark.parametrize(("name", "lines", "password", "message"), REFUSALS,
                         ids=[r[0] for r in REFUSALS])
def test_refuses_what_is_not_a_readable_list(
    tmp_path: Path, name: str, lines: list[str], password: str | None, message: str
) -> None:
    with pytest.raises(ListImportError, match=message):
        parse_list_one_pdf(_plain_pdf(tmp_path / name, lines, password))


def test_refuses_non_pdf_and_missing_file(tmp_path: Path) -> None:
    text = tmp_path / "list.pdf"
    text.write_text("ML1 Smooth-bore weapons\n", encoding="utf-8")
    with pytest.raises(ListImportError, match=r"'list.pdf' is not a PDF file"):
        parse_list_one_pdf(text)
    with pytest.raises(ListImportError, match=r"cannot read .*absent.pdf"):
        parse_list_one_pdf(tmp_path / "absent.pdf")


# --- Generated lists: render a random tree the way the official PDF lays it out, parse back.

MM_INDENT = 8.0  # mm between nested label columns (the official PDF: about 11 pt = 4 mm)
WORDS = ["equipment", "laser", "specially", "designed", "output", "power", "exceeding", "1 kW",
         "military", "vehicles", "(CAS 7440-41-7)", "components", "therefor,", "having",
         "all", "of", "the", "following:", "\"aircraft\"", "'mixtures'", "or", "and"]


@dataclass
class Node:
    text: str
    children: list[Node] = field(default_factory=list)
    note: tuple[str, list[str]] | None = None


texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=28).map(
    lambda words: " ".join([words[0].capitalize(), *words[1:]])
)
notes = st.none() | st.tuples(
    st.sampled_from(["Note", "Technical Note", "N.B.", "Note 2"]).flatmap(
        lambda marker: texts.map(lambda text: f"{marker} {text}")
    ),
    st.lists(texts, max_size=3),
)


def nodes(depth: int) -> st.SearchStrategy[Node]:
    children = st.lists(nodes(depth + 1), max_size=3) if depth < 4 else st.just([])
    return st.builds(Node, texts, children, notes)


class ListPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.cell(0, 10, f"Liste I- Forsvarsrelaterte varer 2031   {self.page_no()}", align="C")


def _labels(depth: int, count: int) -> list[str]:
    return [chr(97 + i) if depth % 2 else str(i + 1) for i in range(count)]


def _write(pdf: FPDF, x: float, label: str, text: str) -> None:
    pdf.set_x(x)
    if label:
        pdf.cell(MM_INDENT, 5, label)
    pdf.multi_cell(170 - pdf.get_x() + 20, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _write_note(pdf: FPDF, x: float, note: tuple[str, list[str]]) -> str:
    _write(pdf, x, "", note[0])
    parts = [note[0]]
    for label, text in zip(_labels(1, len(note[1])), note[1], strict=True):
        _write(pdf, x + 12, f"{label}.", text)
        parts.append(f"{label}. {text}")
    return " ".join(parts)


def _render_items(pdf: FPDF, items: list[Node], parent: str, depth: int, rows: list) -> None:
    x = 40 + MM_INDENT * (depth - 1)
    for label, node in zip(_labels(depth, len(items)), items, strict=True):
        code = f"{parent}.{label}"
        _write(pdf, x, f"{label}.", node.text)
        note = _write_note(pdf, x + MM_INDENT, node.note) if node.note else None
        rows.append((code, parent, depth, node.text, [note] if note else []))
        _render_items(pdf, node.children, code, depth + 1, rows)


def _tag(number: int) -> str:
    return "q" + "".join(chr(97 + int(d)) for d in str(number))


NOTE_MARKERS = ("Technical Note", "Note 2", "Note", "N.B.")


def _tagged(text: str, tag: str, after: str = "") -> str:
    """``text`` with ``tag`` after its first word (or after ``after``) and at its end.

    The tag near the start keeps the first printed line of a wrapped text distinct too: an
    identical line at the same place on several pages is a running head to the parser, and a
    real list repeats no whole line (Hypothesis found entries whose wrapped first lines were
    equal on three pages).
    """
    head, _, rest = text[len(after):].strip().partition(" ") if not after else ("", "", text[len(after):].strip())
    start = f"{after} {tag}" if after else f"{head} {tag}"
    return " ".join(part for part in (start, rest, tag) if part)


def _unique(node: Node, counter: list[int]) -> Node:
    """The tree with distinct words in every text, as in a real list (no repeated lines)."""
    counter[0] += 1
    tag = _tag(counter[0])
    note = None
    if node.note is not None:
        marker = next(m for m in NOTE_MARKERS if node.note[0].startswith(m))
        note = (_tagged(node.note[0], tag, after=marker),
                [_tagged(t, f"{tag}{chr(97 + i)}") for i, t in enumerate(node.note[1])])
    return Node(_tagged(node.text, tag), [_unique(child, counter) for child in node.children], note)


def render_list(path: Path, entries: list[Node], owner_password: str | None = None) -> list[tuple]:
    """Write a List I-like PDF; return the expected (code, parent, depth, text, notes) rows."""
    counter = [0]
    entries = [_unique(entry, counter) for entry in entries]
    pdf = ListPdf(format="A4")
    pdf.set_auto_page_break(True, margin=25)
    pdf.set_font("Helvetica", size=9)
    pdf.add_page()
    _write(pdf, 40, "", "Liste I - forsvarsrelaterte varer (2031)")
    pdf.add_page()
    for number, entry in enumerate(entries, start=1):
        _write(pdf, 20, "", f"ML{number} {entry.text} ............................ {number}")
    rows: list[tuple] = []
    for number, entry in enumerate(entries, start=1):
        pdf.add_page()
        pdf.set_x(20)
        pdf.cell(20, 5, f"ML{number}")
        pdf.multi_cell(150, 5, entry.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
        note = _write_note(pdf, 40, entry.note) if entry.note else None
        rows.append((f"ML{number}", None, 0, entry.text, [note] if note else []))
        _render_items(pdf, entry.children, f"ML{number}", 1, rows)
    if owner_password is not None:
        pdf.set_encryption(owner_password=owner_password)
    pdf.output(str(path))
    return rows


# Each example renders and parses a PDF (about a second): no shrinking, or a failure would
# take many minutes to shrink; the failing example is printed whole instead.
@settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.builds(Node, texts, st.lists(nodes(1), max_size=3), notes),
                min_size=3, max_size=3))
def test_generated_list_parses_back(tmp_path: Path, entries: list[Node]) -> None:
    expected = render_list(tmp_path / "generated.pdf", entries)
    frame, report = parse_list_one_pdf(tmp_path / "generated.pdf")
    got = [(r["code"], r["parent"], r["depth"], r["text"], r["notes"]) for r in frame.to_dicts()]
    assert got == expected
    assert report["problems"] == [] and report["version"] == "2031"


def test_page_break_inside_an_item_loses_nothing(tmp_path: Path) -> None:
    words = [f"{w}{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i, w in enumerate(WORDS * 14)]
    long_texts = [" ".join(["Equipment", *words[n * 20 : n * 20 + 90]]) for n in range(12)]
    entries = [Node("Weapons", [Node(text, [Node("Parts")]) for text in long_texts])]
    expected = render_list(tmp_path / "long.pdf", entries)
    frame, report = parse_list_one_pdf(tmp_path / "long.pdf")
    assert report["pages"] >= 5 and report["running_heads"]
    assert frame.select("code", "text").rows() == [(r[0], r[3]) for r in expected]


def test_permissions_only_encryption_is_read(tmp_path: Path) -> None:
    """Encrypted without a user password (printing/copy flags only): pdfminer can read it."""
    path = tmp_path / "flags.pdf"
    expected = render_list(path, [Node("Weapons", [Node("Guns")])], owner_password="owner")
    assert b"/Encrypt" in path.read_bytes()
    frame, _ = parse_list_one_pdf(path)
    assert frame.select("code", "text").rows() == [(r[0], r[3]) for r in expected]


# --- Pure helpers.

@given(st.sampled_from(["a", "h", "y", "z", "aa", "cc", "1", "9", "41"]))
def test_successor_is_next_in_order(label: str) -> None:
    assert order_of(successor(label)) == order_of(label) + 1


@given(st.text(max_size=40))
def test_split_label_never_crashes_and_strips(text: str) -> None:
    split = split_label(text)
    if split is not None:
        assert text.startswith(f"{split[0]}.") and split[1] == split[1].strip()


@pytest.mark.parametrize(("parts", "words", "expected"), [
    ([("equipment simu", True), ("lating the items", False)], set(), "equipment simulating the items"),
    ([("identified and packaged", True), ("for food", False)], {"packaged"},
     "identified and packaged for food"),
    ([("(CAS 94-", False), ("75-7)", False)], set(), "(CAS 94-75-7)"),
    ([("Smoke", True), ("Grenades", False)], set(), "Smoke Grenades"),
])
def test_join_parts(parts: list[tuple[str, bool]], words: set[str], expected: str) -> None:
    assert join_parts(parts, frozenset(words)) == expected


@pytest.mark.parametrize(("stack", "label", "x", "expected"), [
    # "10." starts about 5 pt left of "9.": still the same column.
    ([Level(NUMBER, "9", 135.7)], "10", 130.7, [Candidate(0, True, 5.0)]),
    # a child must be indented: "1." under "b." at nearly the same x is not consistent.
    ([Level(LETTER, "b", 119.2)], "1", 122.0, [Candidate(1, False, 60.0)]),
    ([Level(LETTER, "b", 119.2)], "1", 130.7, [Candidate(1, True, 0.0)]),
    # "4." after c.3.b.3 fits two levels; indentation tells them apart.
    ([Level(LETTER, "c", 119.2), Level(NUMBER, "3", 135.7), Level(LETTER, "b", 147.7),
      Level(NUMBER, "3", 159.4)], "4", 135.7,
     [Candidate(1, True, 0.0), Candidate(3, False, pytest.approx(23.7))]),
    # a skipped label is offered only as a gap.
    ([Level(LETTER, "c", 119.2)], "e", 119.2, [Candidate(0, True, 0.0, gap=True)]),
    ([], "b", 119.2, []),
])
def test_candidates(stack: list[Level], label: str, x: float, expected: list[Candidate]) -> None:
    assert candidates(stack, label, x, ("a",), None) == expected


CODES = {"ML1", "ML1.a", "ML1.b", "ML1.b.2", "ML8", "ML8.f.17.b", "ML10", "ML10.a", "ML10.d"}


@pytest.mark.parametrize(("text", "entry", "expected"), [
    ("Note ML1.b.2. does not apply to weapons", "ML1", "ML1.b.2"),
    ("Note 3 For the purposes of ML10.a. and ML10.d., specially", "ML10", "ML10.a"),
    ("Note Item ML.8.f.17.b. includes:", "ML8", "ML8.f.17.b"),
    ("N.B. For disruptors, see ML4. and entry 1A006", "ML1", None),
    ("N.B. For helmets see also ML10.a.", "ML10", None),
    ("Note ML1.b.7. does not apply", "ML1", "ML1.b"),  # unknown item: nearest existing one
    ("Note 1 ML10.a. does not apply", "ML1", None),  # another entry's code is a reference
    ("Technical Note: 'activities' applies to handling", "ML1", None),
])
def test_named_code(text: str, entry: str, expected: str | None) -> None:
    assert named_code(text, entry, CODES) == expected
