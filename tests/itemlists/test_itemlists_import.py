"""Import into the user data dir: refusals leave the installed version untouched; atomic switch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import platformdirs
import polars as pl
import pytest
from fpdf import FPDF

from flows.settings import itemlists_root, list_store
from itemlists.errors import ListImportError, ListNotInstalledError, ListValidationError
from itemlists.install.importing import import_list
from itemlists.install.store import BUNDLED_ROOT, ListStore
from tests.paths import SHARED


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EXPORTSCREEN_HOME", str(tmp_path / "home"))
    return tmp_path


def _official_iii(path: Path, rows: list[dict[str, object]] | None = None) -> Path:
    """A small "official List III" JSON array built from real 4A506 provisions."""
    frame = ListStore([BUNDLED_ROOT]).provisions("III").filter(pl.col("entry_code") == "4A506")
    data = rows if rows is not None else frame.drop("list", "version").to_dicts()
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _state(root: Path) -> tuple[str | None, list[str]]:
    installed = root / "installed.json"
    text = installed.read_text() if installed.is_file() else None
    return text, sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def test_itemlists_root_follows_exportscreen_home(home: Path) -> None:
    assert itemlists_root() == home / "home" / "itemlists"
    assert list_store().roots == [BUNDLED_ROOT, home / "home" / "itemlists"]
    assert itemlists_root({}).parent == Path(platformdirs.user_data_dir("exportscreen"))


def test_import_official_list_iii_replaces_the_provisional_one(home: Path) -> None:
    store = list_store()
    assert store.installed()["III"].provisional is True
    manifest = import_list(_official_iii(home / "l3.json"), "III", "2024-11-01", root=itemlists_root())
    assert manifest.label == "III@2024-11-01" and not manifest.provisional
    current = list_store().installed()["III"]
    assert current.label == "III@2024-11-01"
    assert [m.version for m in list_store().versions("III")] == ["2024-11-01", "provisional-2025-11-15"]
    assert list_store().provisions("III")["entry_code"].unique().to_list() == ["4A506"]
    assert list_store().installed()["II"].label == "II@2025-11-15"  # bundled, untouched
    assert not list((itemlists_root() / "III").glob(".tmp-*"))
    assert json.loads((itemlists_root() / "installed.json").read_text()) == {"III": "2024-11-01"}


def test_reimport_same_version_replaces_it_atomically(home: Path) -> None:
    import_list(_official_iii(home / "a.json"), "III", "v1", root=itemlists_root())
    rows = [{"code": "4A506", "text": "Quantum computers, as follows:"},
            {"code": "4A506.a", "text": "Quantum computers supporting 34 or more qubits."}]
    import_list(_official_iii(home / "b.json", rows), "III", "v1", root=itemlists_root())
    assert list_store().provisions("III", "v1")["code"].to_list() == ["4A506", "4A506.a"]
    assert sorted(p.name for p in (itemlists_root() / "III").iterdir()) == ["v1"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("just some prose, not a list\n",
         "'bad.json' line 1 is not JSON (Expecting value); expected one provision object per "
         "line or a JSON array"),
        ('{"title": "a report"}\n', "'bad.json' line 1 lacks code, text: not a list of provisions"),
        ("[]", "'bad.json' holds no provisions: not a list"),
        (json.dumps([{"code": "4A506", "text": "Quantum computers"},
                     {"code": "4A506.a.1", "text": "orphan"}]),
         "1 problem(s): bad.json: missing parent of: '4A506.a.1' at item 1"),
        (json.dumps([{"code": "4A506", "text": "Quantum computers"},
                     {"code": "4A506", "text": "again"}]),
         "1 problem(s): bad.json: duplicate code: '4A506' at item 1"),
        ('{"code": "4A506", "text": "x"}\n{"code": "4A506", "text": "y"}\n',
         "1 problem(s): bad.json: duplicate code: '4A506' at line 2"),
    ],
    ids=["prose", "object", "empty", "missing-parent", "duplicate", "duplicate-jsonl"],
)
def test_refused_imports_leave_installed_untouched(home: Path, content: str, message: str) -> None:
    import_list(_official_iii(home / "good.json"), "III", "2024-11-01", root=itemlists_root())
    before = _state(itemlists_root())
    bad = home / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises((ListImportError, ListValidationError)) as info:
        import_list(bad, "III", "2025-01-01", root=itemlists_root())
    assert str(info.value) == message
    assert _state(itemlists_root()) == before
    assert list_store().installed()["III"].label == "III@2024-11-01"


def test_truncated_pdf_is_refused(home: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="ML1 Smooth-bore weapons with a calibre of less than 20 mm")
    data = bytes(pdf.output())
    (home / "cut.pdf").write_bytes(data[: len(data) // 2])
    with pytest.raises(ListImportError, match=r"'cut.pdf' is truncated \(no %%EOF marker at the end\)"):
        import_list(home / "cut.pdf", "I", "2020", root=itemlists_root())
    (home / "whole.pdf").write_bytes(data)
    # A List I text offered as List II is refused by the List II parser: no dual-use headings.
    with pytest.raises(ListImportError, match="has no dual-use entry headings"):
        import_list(home / "whole.pdf", "II", "2020", root=itemlists_root())
    assert not itemlists_root().exists()


def test_version_required_when_rows_have_none(home: Path) -> None:
    with pytest.raises(ListImportError, match="has no single 'version' field; pass --version"):
        import_list(_official_iii(home / "l3.json"), "III", root=itemlists_root())


def test_damaged_data_raises_not_installed(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_ROOT, root)
    target = root / "II" / "2021" / "provisions.parquet"
    target.write_bytes(target.read_bytes()[:-100])
    with pytest.raises(ListNotInstalledError, match="sha256 does not match the manifest"):
        ListStore([root]).provisions("II", "2021")
    assert ListStore([root]).provisions("II").height == 3443  # other versions still load
    with pytest.raises(ListNotInstalledError, match=r"no item lists are installed in .*run 'make itemlists'"):
        ListStore([tmp_path / "nothing"]).installed()
    with pytest.raises(ListNotInstalledError, match=r"list version II@'1999' is not installed"):
        ListStore([root]).provisions("II", "1999")


@pytest.mark.skipif(
    not (SHARED / "data/itemlists").is_dir()
    and "EXPORTSCREEN_SHARED" not in __import__("os").environ,
    reason="shared sources not present",
)
def test_import_official_list_one_pdf(home: Path) -> None:

    shared = SHARED
    pdf = shared / "data/itemlists/norway_2020_2021/liste_I_2020_vedlegg_I.pdf"
    manifest = import_list(pdf, "I", "2020-imported", root=itemlists_root())
    assert manifest.entry_count == 22 and manifest.provision_count > 400
    assert list_store().installed()["I"].label == "I@2020-imported"
