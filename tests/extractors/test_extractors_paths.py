"""iter_paths expands folders; read_document turns unreadable paths into one-line failures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractors import EXTRACTORS, get_extractor, iter_paths, read_document
from extractors.errors import UnreadableFileError, UnsupportedFormatError


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for relative in [
        "b.txt", "a.md", "sub/z.tex", "sub/deeper/c.txt", ".hidden.txt", ".git/config",
        "sub/.cache/x.txt", "Thumbs.db",
    ]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("words\n")
    return tmp_path


def test_folders_expand_recursively_sorted_without_hidden(tree: Path) -> None:
    files, missing = iter_paths([tree])
    assert [p.relative_to(tree).as_posix() for p in files] == [
        "a.md", "b.txt", "sub/z.tex", "sub/deeper/c.txt",
    ]
    assert missing == []


def test_inputs_keep_their_order_and_repeats_are_dropped(tree: Path) -> None:
    scan = iter_paths([str(tree / "sub" / "z.tex"), tree / "sub", tree / "b.txt"])
    assert [p.relative_to(tree).as_posix() for p in scan.files] == [
        "sub/z.tex", "sub/deeper/c.txt", "b.txt",
    ]


def test_a_hidden_file_named_explicitly_is_kept(tree: Path) -> None:
    assert iter_paths([tree / ".hidden.txt"]).files == [tree / ".hidden.txt"]


def test_missing_paths_are_reported_not_raised(tree: Path) -> None:
    scan = iter_paths([tree / "nope.pdf", tree / "a.md", "also/missing"])
    assert scan.files == [tree / "a.md"]
    assert scan.missing == [tree / "nope.pdf", Path("also/missing")]


def test_symlinked_folders_are_not_followed(tree: Path) -> None:
    (tree / "sub" / "loop").symlink_to(tree, target_is_directory=True)
    files, _ = iter_paths([tree])
    assert all("loop" not in p.parts for p in files)


def test_dangling_symlink_is_kept_and_fails_on_reading(tree: Path) -> None:
    link = tree / "gone.pdf"
    link.symlink_to(tree / "deleted.pdf")
    assert link in iter_paths([tree]).files
    with pytest.raises(UnreadableFileError) as caught:
        read_document(link)
    assert str(caught.value) == f"{link}: No such file; check the path"


def test_missing_file_message(tmp_path: Path) -> None:
    path = tmp_path / "missing.pdf"
    with pytest.raises(UnreadableFileError, match=r"missing\.pdf: No such file; check the path$"):
        read_document(path)


def test_folder_message(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="is a folder, not a document"):
        read_document(tmp_path)


def test_symlink_loop_message(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(UnreadableFileError, match=r"loop\.txt: cannot be read \(.+\); check the path"):
        read_document(loop)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_message(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    try:
        assert iter_paths([path]).files == [path]
        with pytest.raises(UnreadableFileError, match="Permission denied; check the path"):
            read_document(path)
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists folders whatever their mode")
def test_unlistable_folder_is_returned_for_reporting(tree: Path) -> None:
    locked = tree / "sub"
    locked.chmod(0)
    try:
        files, _ = iter_paths([tree])
        assert locked in files
    finally:
        locked.chmod(0o755)


def test_unsupported_binary_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "figure.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20)
    with pytest.raises(UnsupportedFormatError, match=r"found a PNG image\); convert it to PDF"):
        read_document(path)


def test_registry_covers_every_kind() -> None:
    assert [f.kind for f in EXTRACTORS] == ["pdf", "docx", "latex", "markdown", "text"]
    for candidate in EXTRACTORS:
        assert get_extractor(candidate.kind) is candidate.extract
    with pytest.raises(KeyError, match="no extractor for kind 'xlsx'"):
        get_extractor("xlsx")


def test_a_new_format_takes_its_module_and_one_registry_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Detection and extraction both consult EXTRACTORS only: a format added there is recognised and read."""
    import extractors.documents as documents
    from extractors.documents import DocumentFormat, Probe
    from extractors.types import Page

    def is_csv(probe: Probe) -> bool:
        return probe.suffix == ".csv"

    def extract_csv(
        path: Path, name: str, *, max_pages: int = 0, limits: object = None, engine: str | None = None
    ) -> tuple[Page, ...]:
        return (Page(None, path.read_text().replace(",", " ")),)

    csv_format = DocumentFormat("csv", extract_csv, is_csv, "text")
    monkeypatch.setattr(documents, "EXTRACTORS", (*documents.EXTRACTORS[:2], csv_format, *documents.EXTRACTORS[2:]))
    path = tmp_path / "table.csv"
    path.write_text("laser,power\nfibre,2 kW\n")
    document = read_document(path)
    assert document.kind == "csv" and "fibre 2 kW" in document.text
