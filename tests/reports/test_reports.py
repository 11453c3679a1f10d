"""Report renderers: JSON contract and golden file, terminal verdicts, HTML escaping, registry.

The results are built by hand so each rule of the renderers is pinned down: a screened
document with flags and a near-miss (thresholds met, not met and not stated), a document with
nothing listed, a failed one, and a classified marking without page numbers.
Regenerate the golden file after an intended change with ``UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from classifiers.types import DocumentResult, Evidence, Feature, Finding, ThresholdCheck
from reports.errors import ReportError, ReportWriteError, UnknownFormatError
from reports.render import FORMATS, get_format
from reports.render.html import esc, render_html, write_html
from reports.render.json_report import JSON_FILENAME, build_report, dumps, to_json_dict, write_json
from reports.render.terminal import render_terminal, snippet
from reports.run import ItemListInfo, RunInfo
from reports.types import AUTHENTICITY_NOTICE, EvidenceOut, ReportOut, si
from tests.paths import TESTS

GOLDEN = TESTS / "golden" / "report_sample.json"
V = "2025-11-15"
LASER_SENTENCE = (
    "We demonstrate a fibre laser at 1064 nm with a pulse duration of 350 ps "
    "and a peak power of 12 MW."
)
T0 = datetime(2025, 11, 20, 10, 15, tzinfo=UTC)


def make_run(**changes: object) -> RunInfo:
    fields: dict[str, object] = {
        "run_id": "run-20251120-101500-3f9a",
        "started_at": T0,
        "finished_at": T0 + timedelta(seconds=42.5),
        "exportscreen_version": "0.1.0",
        "settings": {"threshold": 0.6, "cutoff": 0.45, "max_pages": 500, "lists": ["II"]},
        "itemlists": [
            ItemListInfo(
                list="II",
                version=V,
                title="Annex I of Regulation (EU) 2021/821, consolidated 2025-11-15",
                source_file="annex.json",
                source_sha256="f4ce02aed08a1b405b0e0fd38490192986291ca0c9ef05c544ca800f810829b9",
                attribution="© European Union, eur-lex.europa.eu",
            )
        ],
        "checked": [f"List II@{V} (3443 provisions)", "security-graded markings"],
    }
    fields.update(changes)
    return RunInfo.model_validate(fields)


def laser_findings() -> tuple[Finding, ...]:
    evidence = Evidence(LASER_SENTENCE, 3, 41, "fibre laser", "fibre lasers", 0.9512)
    near_miss = Finding(
        code="6A005.a.6.b", entry_code="6A005", list="II", list_version=V,
        provision_text="'Multiple transverse mode' output and any of the following:",
        score=0.5121, level="near_miss", rule="list_match",
        evidence=(Evidence("The pump diode delivers 500 W of CW output power.", 5, 80,
                           "CW output power", "output power", 0.88),),
        thresholds=(ThresholdCheck("6A005.a.6.b", "output power", ">", 1000.0, "W", 500.0,
                                   "500 W", False),),
        explanation="A CW laser is described, but its 500 W output power is below 1 kW.",
    )
    flag = Finding(
        code="6A005.b.6.b", entry_code="6A005", list="II", list_version=V,
        provision_text='"Pulse duration" equal to or exceeding 1 ps and less than 1 ns and '
        "any of the following:",
        score=0.87349, level="flag", rule="list_match",
        evidence=(evidence, Evidence("The fibre lasers were pumped at 976 nm.", 7, 102,
                                     "fibre lasers", "fibre lasers", 1.0)),
        features=(
            Feature("similarity", 0.9512, 0.41, "Fuzzy similarity of 'fibre laser' to 'fibre lasers'."),
            Feature("specificity", 0.7, 0.2, "Multi-word term found in 4 provisions."),
            Feature("thresholds", 1.0, 0.3, "One of two conditions met, none contradicted."),
            Feature("context", -0.1, -0.03651, "Sentence is in the related-work section."),
        ),
        thresholds=(
            ThresholdCheck("6A005.b.6.b", "pulse duration", ">=", 1e-12, "s", 3.5e-10,
                           "350 ps", True),
            ThresholdCheck("6A005.b.6.b.1", "peak power", ">", 5e9, "W", 1.2e7, "12 MW", False),
            ThresholdCheck("6A005.b.6.b.2", "average output power", ">", 50.0, "W", None, "", None),
        ),
        explanation="A picosecond fibre laser with stated pulse duration matches 6A005.b.6.b.",
    )
    technology = Finding(
        code="6E002", entry_code="6E002", list="II", list_version=V,
        provision_text='"Technology" according to the General Technology Note for the '
        '"production" of equipment or materials specified in 6A, 6B or 6C.',
        score=0.7012, level="flag", rule="e_technology",
        evidence=(Evidence("Section 2 describes how the fibre laser cavity is fabricated.", 4, 55,
                           "fibre laser", "fibre lasers", 0.9512),),
        explanation="The paper explains how to produce the laser of 6A005: 6E002 technology.",
    )
    # Deliberately out of order: the renderers must order by level, then score.
    return (near_miss, technology, flag)


def sample_results() -> list[DocumentResult]:
    checked = f"List II@{V} (3443 provisions); security-graded markings"
    return [
        DocumentResult(
            path="manuscripts/fibre-laser.pdf", status="screened", decision="review_required",
            findings=laser_findings(), itemlist_versions={"II": V}, checked=checked,
            reasons=("6A005.b.6.b scored 0.873, above the threshold 0.6.",
                     "TRL unknown: a licence is required if listed."),
            kind="pdf", sha256="a" * 64, pages=12, words=5400,
        ),
        DocumentResult(
            path="manuscripts/soil-microbes.docx", status="screened",
            decision="no_listed_technology", itemlist_versions={"II": V}, checked=checked,
            reasons=(f"No provision of List II@{V} scored above the cutoff 0.45.",),
            kind="docx", sha256="b" * 64, pages=1, words=3100,
        ),
        DocumentResult(
            path="manuscripts/scan.pdf", status="failed", decision="failed",
            error="encrypted PDF: remove the password protection and screen it again",
            sha256="c" * 64,
        ),
        DocumentResult(
            path="notes/memo.txt", status="screened", decision="blocked_classified",
            findings=(Finding(
                code="classified_marking", entry_code="", list="", list_version="",
                provision_text="", score=0.99, level="flag", rule="classified_marking",
                evidence=(Evidence("BEGRENSET - Kun for tjenestebruk", None, 0, "BEGRENSET",
                                   "BEGRENSET", 1.0),),
                explanation="The document carries the security grade BEGRENSET.",
            ),),
            itemlist_versions={"II": V}, checked=checked,
            reasons=("Security-graded marking BEGRENSET: goes to the security officer.",),
            kind="text", sha256="d" * 64, pages=1, words=240,
        ),
    ]


# ---------------------------------------------------------------- JSON


def test_json_matches_golden() -> None:
    text = dumps(build_report(sample_results(), make_run()))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_golden_file_reads_back_into_the_schema_model() -> None:
    report = ReportOut.model_validate_json(GOLDEN.read_text(encoding="utf-8"))
    assert report == build_report(sample_results(), make_run())


def test_json_keeps_the_contract() -> None:
    data = to_json_dict(sample_results(), make_run())
    for doc in data["documents"]:
        assert {"path", "status", "error", "decision", "itemlist_versions", "findings"} <= set(doc)
        assert doc["status"] in ("screened", "failed")
        assert doc["error"] is None or isinstance(doc["error"], str)
        for finding in doc["findings"]:
            for key, kind in [("code", str), ("entry_code", str), ("list", str),
                              ("score", float), ("explanation", str)]:
                assert isinstance(finding[key], kind), key
            assert 0.0 <= finding["score"] <= 1.0
            assert isinstance(finding["evidence"]["text"], str)
            assert finding["evidence"]["page"] is None or isinstance(finding["evidence"]["page"], int)
    failed = data["documents"][2]
    assert (failed["status"], failed["decision"], failed["findings"]) == ("failed", "failed", [])
    assert failed["error"].startswith("encrypted PDF")


def test_json_orders_rounds_and_counts() -> None:
    data = to_json_dict(sample_results(), make_run())
    laser = data["documents"][0]
    assert [(f["code"], f["score"]) for f in laser["findings"]] == [
        ("6A005.b.6.b", 0.873), ("6E002", 0.701), ("6A005.a.6.b", 0.512)
    ]
    flag = laser["findings"][0]
    assert [f["contribution"] for f in flag["features"]] == [0.41, 0.2, 0.3, -0.037]
    assert [t["met"] for t in flag["thresholds"]] == [True, False, None]
    assert flag["thresholds"][1]["description"] == (
        "6A005.b.6.b.1: peak power 12 MW vs > 5 GW (not met)"
    )
    assert len(flag["evidence_items"]) == 2 and flag["evidence"] == flag["evidence_items"][0]
    assert data["summary"]["by_decision"] == {
        "blocked_classified": 1, "review_required": 1, "case_by_case": 0, "catch_all_review": 0,
        "exempt": 0, "no_listed_technology": 1, "failed": 1,
    }
    assert (data["summary"]["failed"], data["summary"]["needs_review"]) == (1, 2)
    assert (data["summary"]["flags"], data["summary"]["near_misses"]) == (3, 1)
    assert data["run"]["started_at"] == "2025-11-20T10:15:00Z"
    assert list(data["run"]["settings"]) == ["cutoff", "lists", "max_pages", "threshold"]


def test_write_json_to_stream_file_and_folder(tmp_path: Path) -> None:
    results, run = sample_results(), make_run()
    stream = io.StringIO()
    assert write_json(results, run, stream) is None
    file_path = tmp_path / "a" / "out.json"
    assert write_json(results, run, file_path) == file_path
    assert write_json(results, run, tmp_path) == tmp_path / JSON_FILENAME
    texts = {stream.getvalue(), file_path.read_text("utf-8"), (tmp_path / JSON_FILENAME).read_text()}
    assert len(texts) == 1 and json.loads(texts.pop())["schema_version"] == "1.0"
    assert not [p for p in tmp_path.rglob(".*.tmp")]


def test_write_into_a_file_as_folder_says_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    with pytest.raises(ReportWriteError, match=r"cannot write report '.*blocker.*'.*--out"):
        write_html(sample_results(), make_run(), blocker)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"started_at": datetime(2025, 11, 20, 10, 15)}, "has no timezone"),
        ({"finished_at": T0 - timedelta(seconds=1)}, "is before started_at"),
        ({"run_id": ""}, "at least 1 character"),
    ],
)
def test_run_info_is_validated(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_run(**changes)


def test_run_info_makes_settings_json_ready_and_times_utc() -> None:
    oslo = datetime(2025, 11, 20, 11, 15, tzinfo=UTC).astimezone()
    run = make_run(settings={"z": Path("/tmp/x"), "a": (1, 2)}, started_at=oslo, finished_at=oslo)
    assert run.settings == {"a": [1, 2], "z": "/tmp/x"} and list(run.settings) == ["a", "z"]
    assert run.started_at.utcoffset() == timedelta(0)


# ---------------------------------------------------------------- terminal


def render_to_text(results: list[DocumentResult]) -> str:
    console = Console(record=True, width=120, file=io.StringIO())
    render_terminal(results, make_run(), console)
    return console.export_text()


def test_terminal_shows_verdicts_findings_thresholds_and_summary() -> None:
    text = render_to_text(sample_results())
    for path, decision in [("manuscripts/fibre-laser.pdf", "review_required"),
                           ("manuscripts/soil-microbes.docx", "no_listed_technology"),
                           ("manuscripts/scan.pdf", "failed"),
                           ("notes/memo.txt", "blocked_classified")]:
        line = next(line for line in text.splitlines() if line.startswith(path))
        assert decision in line
    assert "Could not be read (failed)  encrypted PDF: remove the password protection" in text
    assert text.index("6A005.b.6.b") < text.index("6E002") < text.index("6A005.a.6.b")
    assert "II@2025-11-15" in text and "p. 3, matched fibre laser" in text and "0.873" in text
    assert "Why" in text and "A picosecond fibre laser" in text
    assert "threshold 6A005.b.6.b: pulse duration 350 ps vs >= 1 ps (met)" in text
    assert "threshold 6A005.b.6.b.1: peak power 12 MW vs > 5 GW (not met)" in text
    assert "threshold 6A005.a.6.b: output power 500 W vs > 1 kW (not met)" in text
    assert "(threshold not stated)" in text
    assert "4 documents: 1 Blocked: security-graded marking, 1 Licence review required, 1 No listed technology, " \
           "1 Could not be read; 3 flags, 1 near-miss" in " ".join(text.split())
    assert AUTHENTICITY_NOTICE[:40] in text


def test_terminal_is_plain_text_off_a_terminal_and_fits_narrow_widths() -> None:
    stream = io.StringIO()
    render_terminal(sample_results(), make_run(), Console(file=stream, width=80))
    out = stream.getvalue()
    assert "review_required" in out and "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Why" not in out and "p. 3, matched fibre laser" in out


def hostile(text: str, matched: str = "laser", path: str = "x.pdf") -> DocumentResult:
    finding = Finding(code="6A005", entry_code="6A005", list="II", list_version=V,
                      provision_text="Lasers", score=0.7, level="flag", rule="list_match",
                      evidence=(Evidence(text, 1, 0, matched, "lasers", 0.9),),
                      explanation="x")
    return DocumentResult(path=path, status="screened", decision="review_required",
                          findings=(finding,), itemlist_versions={"II": V})


def test_terminal_does_not_obey_markup_or_escape_sequences_in_documents() -> None:
    stream = io.StringIO()
    console = Console(file=stream, width=120, force_terminal=True, color_system="truecolor")
    render_terminal([hostile("a [bold red]laser[/] \x1b]0;pwned\x07 here")], make_run(), console)
    out = stream.getvalue()
    assert "\x1b]0;" not in out and "\x07" not in out
    assert "[bold red]" in out


def test_terminal_evidence_is_cut_around_the_matched_words() -> None:
    text = "filler words " * 100 + "a ring laser gyroscope" + " more filler" * 100
    cut = snippet(EvidenceOut(text=text, page=1, matched="ring laser gyroscope"))
    assert "ring laser gyroscope" in cut.plain
    assert len(cut.plain) <= 162 and cut.plain.startswith("…") and cut.plain.endswith("…")
    long_match = snippet(EvidenceOut(text="x " * 50 + "y" * 400, page=1, matched="y" * 400))
    assert long_match.plain.startswith("…yyy") and len(long_match.plain) <= 162
    whole = snippet(EvidenceOut(text="A short\nsentence.", page=1, matched="absent"))
    assert whole.plain == "A short sentence."


# ---------------------------------------------------------------- HTML


def test_html_report_has_summary_documents_and_evidence(tmp_path: Path) -> None:
    path = write_html(sample_results(), make_run(), tmp_path / "out")
    assert path == tmp_path / "out" / "report.html"
    page = path.read_text("utf-8")
    for i, doc in enumerate(sample_results(), 1):
        assert f'<a href="#doc-{i}">{doc.path}</a>' in page and f'id="doc-{i}"' in page
    assert '<mark class="term">fibre laser</mark>' in page
    assert '<mark class="qty">350 ps</mark>' in page and '<mark class="qty">12 MW</mark>' in page
    assert "6A005.b.6.b.1: peak power 12 MW vs &gt; 5 GW (not met)" in page
    assert "<td>&gt; 5 GW</td>" in page
    assert '<td class="met-true">met</td>' in page and '<td class="met-none">not stated</td>' in page
    assert "Pulse duration" in page and "contribution" in page and "e_technology" in page
    assert page.count(AUTHENTICITY_NOTICE) >= 4
    assert '<section id=failed><h2>Failed documents</h2><ul><li><a href="#doc-3">' in page
    # Self-contained: no scripts, no external stylesheets, images or links.
    assert "<script" not in page and "<link" not in page and "src=" not in page
    # Nothing is loaded from the network; the only addresses are links a reader may follow to
    # the authentic list texts (EUR-Lex, Lovdata).
    links = re.findall(r'<a href="(https://[^"]+)"', page)
    assert links and all(u.startswith(("https://eur-lex.europa.eu/", "https://lovdata.no/")) for u in links)
    assert "CELEX:02021R0821-20251115" in page
    stripped = re.sub(r'<a href="https://[^"]+"', "<a", page)
    assert "http" not in stripped.replace("eur-lex.europa.eu", "").replace("http-equiv", "")


def test_html_escapes_untrusted_text() -> None:
    doc = hostile('<script>alert("x")</script> a laser & <b>bold</b>',
                  path='<img src=x onerror="alert(1)">.pdf')
    page = render_html([doc], make_run(run_id="<i>id</i>"))
    assert "<script" not in page and "<img" not in page and "<i>id" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<mark class="term">laser</mark> &amp; &lt;b&gt;bold&lt;/b&gt;' in page


def test_html_survives_unencodable_and_control_characters(tmp_path: Path) -> None:
    doc = hostile("bad \ud800 surrogate, nul \x00 and \u202e override by the laser")
    path = write_html([doc], make_run(), tmp_path)
    page = path.read_bytes().decode("utf-8")
    assert "\ufffd surrogate" in page and "\x00" not in page and "\u202e" not in page


# ---------------------------------------------------------------- registry


def test_formats_registry(tmp_path: Path) -> None:
    assert set(FORMATS) == {"terminal", "json", "html"}
    assert [name for name, fmt in FORMATS.items() if fmt.needs_out_dir] == ["html"]
    with pytest.raises(UnknownFormatError, match=r"unknown report format 'xml'; choose one of: "
                                                 r"html, json, terminal"):
        get_format("xml")
    console = Console(file=io.StringIO(), width=120)
    results, run = sample_results(), make_run()
    with pytest.raises(ReportError, match="give an output folder with --out DIR"):
        get_format("html").emit(results, run, None, console)
    assert get_format("html").emit(results, run, tmp_path, console) == tmp_path / "report.html"
    assert get_format("json").emit(results, run, tmp_path, console) == tmp_path / "report.json"
    assert get_format("json").emit(results, run, None, console) is None
    assert get_format("terminal").emit(results, run, tmp_path, console) is None
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    json_part, terminal_part = printed.split("\nexportscreen 0.1.0, run ", 1)
    assert json.loads(json_part)["summary"]["documents"] == 4
    assert "review_required" in terminal_part


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (5e9, "W", "5 GW"),
        (1e-12, "s", "1 ps"),
        (1000.0, "W", "1 kW"),
        (999.9, "W", "999.9 W"),
        (1.064e-6, "m", "1.064 µm"),
        (0.12, "K", "120 mK"),
        (1e15, "W", "1e+15 W"),
        (1e3 * (1 - 1e-12), "W", "1 kW"),
        (34.0, "physical qubits", "34 physical qubits"),
        (3e-5, "", "3e-05"),
        (0.0, "W", "0 W"),
    ],
)
def test_si_formatting_of_bounds(value: float, unit: str, expected: str) -> None:
    assert si(value, unit) == expected


# ---------------------------------------------------------------- headless browser


def chromium() -> str | None:
    return next(
        (found for name in ("chromium", "chromium-browser", "google-chrome")
         if (found := shutil.which(name))),
        None,
    )


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    report = write_html(sample_results(), make_run(), tmp_path / "out")
    profile = tmp_path / "profile"
    command = [
        str(chromium()), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", report.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert dom.count('<details class="finding"') == 4
    for code in ("6A005.b.6.b", "6E002", "6A005.a.6.b", "classified_marking"):
        assert f"<code>{code}</code>" in dom
    assert '<mark class="term">fibre laser</mark>' in dom
    assert '<td class="met-false">not met</td>' in dom
    assert "encrypted PDF: remove the password protection" in dom


# ---------------------------------------------------------------- properties

# Any text at all, including lone surrogates and control characters.
any_text = st.text(max_size=300)


@settings(max_examples=150, deadline=None)
@given(text=any_text, matched=any_text)
def test_any_evidence_text_round_trips_through_json(text: str, matched: str) -> None:
    doc = hostile(text, matched=matched or "x", path=text or "p")
    data = json.loads(dumps(build_report([doc], make_run())))
    evidence = data["documents"][0]["findings"][0]["evidence"]
    assert (evidence["text"], evidence["matched"]) == (text, matched or "x")
    assert data["documents"][0]["path"] == (text or "p")


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> TagCollector:
    parser = TagCollector()
    parser.feed(page)
    parser.close()
    return parser


@settings(max_examples=150, deadline=None)
@given(text=any_text)
def test_any_evidence_text_is_escaped_in_html(text: str) -> None:
    baseline = parse(render_html([hostile("plain", matched="zzz")], make_run()))
    page = parse(render_html([hostile(text, matched="zzz", path=text or "p")], make_run()))
    # The text cannot add, drop or reorder a single element...
    assert page.tags == baseline.tags
    # ...and is shown as written, apart from characters HTML cannot carry (shown as U+FFFD).
    shown = esc(text)
    assert html.unescape(shown) in "".join(page.text)


def test_a_capped_findings_list_says_so_in_every_format(tmp_path: Path) -> None:
    import dataclasses

    capped = dataclasses.replace(sample_results()[0], candidates=366)
    note = f"{len(capped.findings)} of 366 provisions scoring at or above the cutoff are shown"
    assert note in " ".join(render_to_text([capped]).split())
    assert note in write_html([capped], make_run(), tmp_path / "out").read_text(encoding="utf-8")
    assert to_json_dict([capped], make_run())["documents"][0]["candidates"] == 366
    uncapped = render_to_text(sample_results())
    assert "provisions scoring at or above the cutoff are shown" not in uncapped


def test_html_shows_what_moved_the_score_and_keeps_every_feature_behind_a_toggle(tmp_path: Path) -> None:
    from classifiers.types import Feature

    features = (Feature("term_evidence", 1.8, 0.0, "6 terms"), Feature("thresholds_met", 1.0, 0.121, "met"),
                Feature("specificity", 0.9, 0.93, "specific words"), Feature("bias", 1.0, -5.8, "intercept"))
    import dataclasses

    result = sample_results()[0]
    findings = tuple(dataclasses.replace(f, features=features) for f in result.findings)
    page = write_html([dataclasses.replace(result, findings=findings)], make_run(),
                      tmp_path / "out").read_text(encoding="utf-8")
    moved = page.split('<ul class="moved small">', 1)[1].split("</ul>", 1)[0]
    assert moved.index("specificity") < moved.index("thresholds_met") and "term_evidence" not in moved
    assert "bias" not in moved and "All 4 score features" in page


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install chromium)")
def test_printed_report_keeps_folded_near_miss_evidence(tmp_path: Path) -> None:
    from pdfminer.high_level import extract_text

    report = write_html(sample_results(), make_run(), tmp_path / "out")
    pdf = tmp_path / "report.pdf"
    command = [str(chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
               report.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0 and pdf.is_file(), done.stderr[-2000:]
    text = " ".join(extract_text(str(pdf)).split())
    near = [f for r in sample_results() for f in r.findings if f.level == "near_miss"]
    assert near and all(" ".join(f.evidence[0].text.split())[:40] in text for f in near)
    pages = pdf.read_bytes().count(b"/Type /Page") - pdf.read_bytes().count(b"/Type /Pages")
    assert pages <= 6, pages  # four documents, not a page per folded finding


def test_a_security_grade_is_reported_as_a_marking_not_as_a_match() -> None:
    text = render_to_text([r for r in sample_results() if r.decision == "blocked_classified"])
    row = next(line for line in text.splitlines() if "classified_marking" in line and "marked" in line)
    assert "marked BEGRENSET in the text" in row and "matched" not in row
    assert row.split()[0] == "-"  # no score for a marking


def test_the_html_report_shows_a_marking_as_a_marking() -> None:
    from reports.render.html import render_html

    page = render_html([r for r in sample_results() if r.decision == "blocked_classified"], make_run())
    block = page[page.index('<details class="finding"'):]
    assert '<span class="score">-</span>' in block and "a security-grade marking, not a list match" in block
    assert "to list term" not in block.split("</details>")[0]
