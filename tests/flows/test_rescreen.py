"""Re-screening stored documents after a list version change, with the real bundled lists.

The bundled List II has two real versions: 2021 (Regulation 2021/821 as first published) and
2025-11-15. Documents are screened with II@2021 made current in the test's own
EXPORTSCREEN_HOME (the user overlay's installed.json wins over the bundled one), then
II@2025-11-15 is made current and the stored documents are re-screened.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from fpdf import FPDF

from classifiers.model import load_scorer
from classifiers.settings import ScreeningSettings
from extractors.analysis.nlp import load_pipeline
from flows.cli import cli
from flows.commands.rescreen import rescreen_command
from flows.pipeline import ScreeningContext, screen_and_store
from flows.rescreen import rescreen, rescreen_documents
from flows.settings import itemlists_root, list_store
from itemlists.install.importing import set_current
from itemlists.reference import load_reference
from reports.run import RunInfo
from reports.store import open_store
from reports.store.changes import DocumentRescreen, RescreenReport
from tests.reports.test_store_factory import make_result

#: The flag threshold in force with the default settings (the fitted scorer's).
THRESHOLD = scorer.threshold if (scorer := load_scorer()) else 0.60

TEXTS = {
    # 4A506 (quantum computers, 34 to 100 physical qubits) entered List II in 2025; in 2021 only
    # the provisional List III carried it, and List II now wins for entries on both lists.
    "qubits.txt": (
        "We built a superconducting quantum computer with 60 physical qubits and measured two-qubit "
        "gate fidelity above 99.5 percent. The quantum computer uses transmon qubits."
    ),
    # 2E003.b.2 (process parameters of superplastic forming, diffusion bonding, hydraulic
    # pressing) is "Not used" in the 2025 list.
    "forming.txt": (
        "We report superplastic forming of titanium alloys and diffusion bonding of superalloys, "
        "controlling surface preparation, strain rate, temperature and pressure. Direct-acting "
        "hydraulic pressing of aluminium alloys is compared, with cycle time below 30 s."
    ),
    # 3A201.a.2.b was renumbered in the 2025 list.
    "capacitors.txt": (
        "We designed pulse discharge capacitors with a voltage rating greater than 1.4 kV, energy "
        "storage greater than 10 J, capacitance greater than 0.5 uF and series inductance less than 50 nH."
    ),
    "birds.txt": (
        "We study the migration of birds across the North Sea using volunteer observations and weather records."
    ),
}
OLD, NEW = "2021", "2025-11-15"


def use_list_ii(version: str) -> None:
    """Make ``II@version`` current in this test's EXPORTSCREEN_HOME."""
    root = itemlists_root()
    root.mkdir(parents=True, exist_ok=True)
    set_current(root, "II", version)


def screen_files(paths: list[Path], db_url: str) -> None:
    """Screen and store with the lists current now (loaded fresh, not the process cache)."""
    context = ScreeningContext(load_pipeline(), load_reference(list_store()), ScreeningSettings())
    run = RunInfo(run_id=uuid.uuid4().hex, settings=ScreeningSettings().model_dump())
    screen_and_store([str(p) for p in paths], context, run, db_url)


def write_texts(folder: Path) -> list[Path]:
    paths = []
    for name, text in TEXTS.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
        paths.append(folder / name)
    return paths


@pytest.fixture
def screened_2021(tmp_path: Path, db_url: str) -> str:
    """The four texts screened and stored with II@2021, then II@2025-11-15 made current."""
    use_list_ii(OLD)
    screen_files(write_texts(tmp_path), db_url)
    use_list_ii(NEW)
    return db_url


def by_name(report: RescreenReport) -> dict[str, DocumentRescreen]:
    return {Path(d.path).name: d for d in report.documents}


def change(doc: DocumentRescreen, kind: str, key: str):
    found = [c for c in doc.of_kind(kind) if c.key == key]
    assert found, f"no {kind} {key} in {[(c.kind, c.key) for c in doc.changes]}"
    return found[0]


def test_rescreen_shows_new_changed_and_disappeared(screened_2021: str) -> None:
    report = rescreen(screened_2021, itemlist="II", source="text")
    docs = by_name(report)
    assert {d.status for d in docs.values()} == {"rescreened"}
    qubits = docs["qubits.txt"]
    new = change(qubits, "new", "II 4A506").new
    assert new is not None and new.level == "flag" and new.list_version == NEW
    assert new.evidence[0].page is None  # from stored text: page numbers are lost
    gone = change(qubits, "disappeared", "III 4A506")
    assert gone.details == ("now under List II 4A506",)
    renumbered = change(docs["capacitors.txt"], "changed", "II 3A201")
    # 2021 numbers the capacitor's conditions as sub-items (3A201.a.1.a ...), 2025 folds them
    # into 3A201.a.1 / 3A201.a.2: the finding's code changes from a 2021 sub-item to a 2025 set.
    assert any(re.match(r"code 3A201\.a\.[12]\.[a-d] -> 3A201\.a\.[12]\b", d) for d in renumbered.details), (
        renumbered.details
    )
    forming = [c for c in docs["forming.txt"].changes if c.key == "II 2E003"]
    assert forming, "the forming paper lost its 2E003.b.2 finding without a trace"
    after = forming[0].new
    assert forming[0].kind == "disappeared" or (after is not None and not after.code.startswith("2E003.b.2"))
    assert docs["birds.txt"].changes == () and docs["birds.txt"].new_decision == "no_listed_technology"


def test_new_cases_are_linked_and_the_audit_log_stays_intact(screened_2021: str) -> None:
    report = rescreen(screened_2021, itemlist="II", source="text")
    with open_store(screened_2021) as store:
        for doc in report.with_status("rescreened"):
            assert doc.case_id is not None and doc.previous_case_id is not None
            assert doc.case_id > doc.previous_case_id
            summary = store.case(doc.case_id).summary
            assert summary.previous_case_id == doc.previous_case_id
            assert summary.itemlist_versions["II"] == NEW and doc.old_versions["II"] == OLD
        assert store.verify().ok


def test_second_rescreen_skips_documents_already_current(screened_2021: str) -> None:
    first = rescreen(screened_2021, itemlist="II", source="text")
    with open_store(screened_2021) as store:
        cases = len(store.list_cases(None))
    second = rescreen(screened_2021, itemlist="II", source="text")
    assert len(first.with_status("rescreened")) == 4
    assert len(second.with_status("skipped")) == 4 and not second.with_status("rescreened")
    assert {d.note for d in second.documents} == {f"already screened against II@{NEW}"}
    with open_store(screened_2021) as store:
        assert len(store.list_cases(None)) == cases


def test_suppression_carries_over_to_the_new_list_version(screened_2021: str) -> None:
    with open_store(screened_2021) as store:
        case = next(d for d in store.documents() if d.path.endswith("qubits.txt"))
        store.suppress(
            case.case_id, "4A506.a.1", "physical qubits", reason="a simulation, no hardware", reviewer="kari"
        )
    doc = by_name(rescreen(screened_2021, source="text"))["qubits.txt"]
    new = change(doc, "new", "II 4A506").new
    assert new is not None and new.suppressed_by is not None and "kari" in new.suppressed_by
    assert doc.new_decision == "no_listed_technology" and not doc.needs_review
    with open_store(screened_2021) as store:
        detail = store.case(doc.case_id or 0)
    suppressed = [f for f in detail.findings if f.suppressed_by is not None]
    assert [f.finding.code for f in suppressed] == ["4A506.a.1"]
    # The suppressed finding no longer counts: the top score is that of the others (near-misses
    # at most, below the threshold in force).
    others = [f.finding.score for f in detail.findings if f.suppressed_by is None]
    assert detail.summary.top_score == (max(others) if others else 0.0) < THRESHOLD


def pdf_with_qubits_on_page_2(path: Path) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in ("Introduction. We describe our laboratory and its staff.", TEXTS["qubits.txt"]):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def test_original_file_keeps_page_numbers_stored_text_does_not(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    kept, gone = pdf_with_qubits_on_page_2(tmp_path / "kept.pdf"), tmp_path / "gone.pdf"
    pdf_with_qubits_on_page_2(gone)
    with gone.open("ab") as handle:
        handle.write(b"\n% another copy\n")  # other bytes, same text: a second document
    use_list_ii(OLD)
    screen_files([kept, gone], url)
    gone.unlink()
    use_list_ii(NEW)
    docs = by_name(rescreen(url, itemlist="II"))
    assert docs["kept.pdf"].source == "file" and docs["gone.pdf"].source == "stored text"
    assert change(docs["kept.pdf"], "new", "II 4A506").new.evidence[0].page == 2  # type: ignore[union-attr]
    assert change(docs["gone.pdf"], "new", "II 4A506").new.evidence[0].page is None  # type: ignore[union-attr]


def test_document_without_text_or_file_is_unavailable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    with open_store(url) as store:
        store.save_results(
            RunInfo(run_id="old", settings=ScreeningSettings().model_dump()),
            [make_result(str(tmp_path / "vanished.txt"), "a laser text", versions={"II": OLD})],
        )
    report = rescreen(url, itemlist="II")
    (doc,) = report.documents
    assert doc.status == "unavailable" and "no stored text" in doc.note and "vanished.txt" in doc.note


def run_cli(args: list[str]) -> tuple[int, str]:
    cli.add_command(rescreen_command)
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.output


def test_cli_terminal_and_json(screened_2021: str) -> None:
    code, out = run_cli(["rescreen", "--itemlist", "II", "--database", screened_2021, "--source", "text"])
    assert code == 1, out  # the qubit paper needs review
    assert "NEW         II  4A506.a.1 [flag" in out and "DISAPPEARED III 4A506.a.1" in out
    assert "page numbers are not kept" in out and "Re-screened 4 document(s)" in out
    code, out = run_cli(["rescreen", "--itemlist", "II", "--database", screened_2021, "--format", "json"])
    assert code == 0
    data = json.loads(out)
    assert data["counts"] == {"rescreened": 0, "skipped": 4, "unavailable": 0}
    assert data["versions"]["II"] == NEW


def test_cli_refuses_a_list_that_is_not_installed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flows.cli import main

    cli.add_command(rescreen_command)
    with pytest.raises(SystemExit) as exc:
        main(["rescreen", "--itemlist", "IV", "--database", f"sqlite:///{tmp_path / 's.sqlite3'}"])
    assert exc.value.code == 4
    assert capsys.readouterr().err.strip() == "Error: item list 'IV' is not installed; installed: I, II, III"


def test_flow_rescreens_in_batches_like_the_plain_function(tmp_path: Path, prefect_harness: None) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    use_list_ii(OLD)
    screen_files(write_texts(tmp_path), url)
    use_list_ii(NEW)
    report = rescreen_documents(url, "II", "text", batch_size=1)
    docs = by_name(report)
    assert len(report.with_status("rescreened")) == 4
    assert change(docs["qubits.txt"], "new", "II 4A506").new is not None
    with open_store(url) as store:
        assert len({d.case_id for d in store.documents()}) == 4 and store.verify().ok


def test_rescreen_on_dask_workers_gives_the_local_outcomes(tmp_path: Path) -> None:
    from flows.distributed import DaskSpec

    folder = tmp_path / "texts"
    folder.mkdir()
    paths = write_texts(folder)
    urls = [f"sqlite:///{tmp_path / name}.sqlite3" for name in ("local", "dask")]
    use_list_ii(OLD)
    for url in urls:
        screen_files(paths, url)
    use_list_ii(NEW)
    local = rescreen(urls[0], itemlist="II", source="text", batch_size=1)
    seen: list[int] = []
    spread = rescreen(urls[1], itemlist="II", source="text", batch_size=1, engine=DaskSpec(workers=2),
                      progress=seen.append)

    def summary(report: RescreenReport) -> list[tuple[str, str, str | None, list[tuple[str, str]]]]:
        return [(Path(d.path).name, d.status, d.new_decision, [(c.kind, c.key) for c in d.changes])
                for d in report.documents]

    assert summary(spread) == summary(local) and sum(seen) == 4
    with open_store(urls[1]) as store:
        assert store.verify().ok
