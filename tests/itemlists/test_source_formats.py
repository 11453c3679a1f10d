"""SOURCE_FORMATS is the one registry of list source formats: the build and the importer use only it."""

from __future__ import annotations

import ast
from pathlib import Path

import polars as pl
import pytest

from itemlists.errors import ListImportError
from itemlists.install.importing import import_list
from itemlists.install.store import ListStore
from itemlists.sources import SOURCE_FORMATS, SourceData, SourceFormat, SourceRequest, detect_format
from itemlists.sources.common import records_to_frame
from tests.paths import ROOT

ROOT = ROOT


def _read_csv(request: SourceRequest) -> SourceData:
    """A format no release knows: "code;text" lines after a "codes;" header line."""
    lines = request.paths[0].read_text(encoding="utf-8").splitlines()[1:]
    rows = [dict(zip(("code", "text"), line.split(";", 1), strict=True)) for line in lines]
    frame = records_to_frame(rows, request.list_id, request.version or "csv-1")
    return SourceData(frame, {"rows": len(rows), "reader": "fake"})


@pytest.fixture
def fake_format(monkeypatch: pytest.MonkeyPatch) -> str:
    fake = SourceFormat("codes;text lines", _read_csv, magic=b"codes;", import_lists=("III",))
    monkeypatch.setitem(SOURCE_FORMATS, "fake_csv", fake)
    return "fake_csv"


def _csv(path: Path) -> Path:
    path.write_text("codes;text\n4A506;Quantum computers, as follows:\n4A506.a;Quantum computers with 34 qubits.\n")
    return path


def test_a_registered_format_is_detected_and_imported(tmp_path: Path, fake_format: str) -> None:
    path = _csv(tmp_path / "list3.txt")
    assert detect_format(path, "III") == fake_format
    manifest = import_list(path, "III", root=tmp_path / "store")
    assert manifest.label == "III@csv-1" and manifest.provision_count == 2
    store = ListStore([tmp_path / "store"])
    assert store.provisions("III")["code"].to_list() == ["4A506", "4A506.a"]
    assert store.terms("III").height > 0  # derived tables are built and saved as for any import
    assert store.derived("III") is not None
    report = (store.directory("III") / "build_report.json").read_text()
    assert '"reader": "fake"' in report


def test_a_format_named_by_the_caller_is_used(tmp_path: Path, fake_format: str) -> None:
    path = tmp_path / "list3.json"
    path.write_text("codes;text\n4A506;Quantum computers\n")  # .json name, still the fake format
    assert import_list(path, "III", "v2", root=tmp_path / "store", source_format=fake_format).version == "v2"
    with pytest.raises(ListImportError, match="unknown source format 'nope'; known: list_one_pdf, "):
        import_list(path, "III", root=tmp_path / "store", source_format="nope")


def test_without_the_entry_the_format_is_unknown(tmp_path: Path) -> None:
    path = _csv(tmp_path / "list3.txt")
    assert detect_format(path, "III") == "flat_jsonl"  # the text fallback, which refuses it
    with pytest.raises(ListImportError, match="line 1 is not JSON"):
        import_list(path, "III", root=tmp_path / "store")


def test_detection_by_magic_then_text(tmp_path: Path) -> None:
    pdf, rows = tmp_path / "l.pdf", tmp_path / "l.json"
    pdf.write_bytes(b"%PDF-1.7\n...")
    rows.write_text("[]")
    assert detect_format(pdf, "I") == "list_one_pdf"
    assert detect_format(pdf, "III") == "list_two_pdf"
    assert detect_format(rows, "II") == "flat_jsonl"


def test_every_format_reads_into_the_provision_schema(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"code": "4A506", "text": "Quantum computers", "version": "v"}\n')
    data = SOURCE_FORMATS["flat_jsonl"].read(SourceRequest((path,), "III"))
    assert data.provisions.schema == pl.Schema(records_to_frame([], "III", "v").schema)
    assert data.where == ["line 1"] and data.report == {"rows": 1}
    for name, fmt in SOURCE_FORMATS.items():
        assert fmt.description and callable(fmt.read), name
        assert set(fmt.import_lists) <= {"I", "II", "III"}, name


def _is_module(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _imported_modules(path: Path) -> set[str]:
    """The modules a file imports (``from package import module`` counts the module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if _is_module(f"{node.module}.{a.name}"))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


#: What code outside itemlists.sources may import from it: the registry, the reader interface, repair names.
ALLOWED = frozenset({"itemlists.sources", "itemlists.sources.base", "itemlists.sources.repairs"})


def test_only_the_registry_maps_formats_to_readers() -> None:
    """Outside itemlists.sources nothing imports a reader; inside, only the registry names readers."""
    outside = [
        f"{path.relative_to(ROOT)}: {sorted(found)}"
        for package in ("itemlists", "flows", "classifiers", "extractors", "reports")
        for path in (ROOT / package).rglob("*.py")
        if "sources" not in path.relative_to(ROOT).parts
        and (found := {m for m in _imported_modules(path) if m.startswith("itemlists.sources.")} - ALLOWED)
    ]
    assert outside == []
    naming = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "itemlists" / "sources").rglob("*.py")
        if path.name != "__init__.py"
        and any(
            isinstance(node, ast.Attribute) and node.attr == "read_source"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )
    assert naming == []


def test_format_names_are_spelled_only_in_the_registry_and_the_manifests() -> None:
    spelled = sorted(
        str(path.relative_to(ROOT))
        for package in ("itemlists", "flows")
        for path in (ROOT / package).rglob("*.py")
        if path != ROOT / "itemlists" / "sources" / "__init__.py"
        and any(
            isinstance(node, ast.Constant) and node.value in SOURCE_FORMATS
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )
    assert spelled == []
