"""detect_kind: the kind comes from the content; unsupported formats say what was found."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import TypedDict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.documents import EXTRACTORS
from extractors.documents.detect import HEAD_BYTES, detect_kind, text_kind
from extractors.errors import UnsupportedFormatError


def _zip(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            archive.writestr(member, "<xml/>")
    return buffer.getvalue()


class KindCase(TypedDict):
    name: str
    data: bytes
    kind: str


KIND_CASES: list[KindCase] = [
    {"name": "a.pdf", "data": b"%PDF-1.7\n...", "kind": "pdf"},
    {"name": "junk-before.pdf", "data": b"\x00" * 500 + b"%PDF-1.4\n", "kind": "pdf"},
    {"name": "notes.txt", "data": b"%PDF-1.4\n1 0 obj", "kind": "pdf"},  # content wins
    {"name": "report.pdf", "data": b"Plain words, not a PDF.\n", "kind": "text"},
    {"name": "a.docx", "data": _zip("[Content_Types].xml", "word/document.xml"), "kind": "docx"},
    {"name": "renamed.zip", "data": _zip("word/document.xml"), "kind": "docx"},
    {"name": "p.tex", "data": b"\\documentclass{article}\n\\begin{document}x", "kind": "latex"},
    {"name": "p.txt", "data": b"\\section{Intro}\n\\textbf{x} \\cite{y}", "kind": "latex"},
    {"name": "p.tex", "data": b"Some \\emph{prose} only.", "kind": "latex"},
    {"name": "readme.md", "data": b"plain words", "kind": "markdown"},
    {"name": "notes", "data": b"# Title\n\nSee [x](http://y.org).\n", "kind": "markdown"},
    {"name": "notes", "data": b"Intro\n\n- one\n- two\n\n**bold** end\n", "kind": "markdown"},
    {"name": "notes.txt", "data": "Blåbær og ørret\n".encode(), "kind": "text"},
    {"name": "bom.txt", "data": "\ufeffUTF-8 with BOM".encode(), "kind": "text"},
    {"name": "u16.txt", "data": "Laser 2,1 kW, ærlig".encode("utf-16"), "kind": "text"},
    {"name": "u32.txt", "data": "qubits".encode("utf-32"), "kind": "text"},
    {"name": "cp1252.txt", "data": "Smörgås – “quoted” €5".encode("cp1252"), "kind": "text"},
    {"name": "latin1.txt", "data": "Tr\u00f8ndelag \u00c5lesund".encode("latin-1"), "kind": "text"},
    {"name": "empty.txt", "data": b"", "kind": "text"},
    {"name": "cars.txt", "data": b"BMW and MZ motorcycles\n", "kind": "text"},
]


@pytest.mark.parametrize("case", KIND_CASES, ids=lambda c: c["name"])
def test_detect_kind(case: KindCase, tmp_path: Path) -> None:
    path = tmp_path / case["name"]
    path.write_bytes(case["data"])
    assert detect_kind(path, case["data"][:HEAD_BYTES]) == case["kind"]


class RefusedCase(TypedDict):
    name: str
    data: bytes
    found: str


REFUSED_CASES: list[RefusedCase] = [
    {"name": "report.xlsx", "data": _zip("xl/workbook.xml"), "found": "an Excel workbook"},
    {"name": "slides.pptx", "data": _zip("ppt/presentation.xml"), "found": "a PowerPoint"},
    {"name": "notes.odt", "data": _zip("mimetype", "content.xml"), "found": "an OpenDocument"},
    {"name": "bundle.zip", "data": _zip("a.txt"), "found": "a ZIP archive that is not a .docx"},
    {"name": "broken.zip", "data": b"PK\x03\x04" + b"\x00" * 40, "found": "a damaged ZIP"},
    {"name": "figure.png", "data": b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "found": "a PNG image"},
    {"name": "photo.pdf", "data": b"\xff\xd8\xff\xe0" + b"\x00" * 30, "found": "a JPEG image"},
    {"name": "tool.exe", "data": b"MZ\x90\x00" + b"\x00" * 60, "found": "a Windows executable"},
    {"name": "pic.bmp", "data": b"BM" + b"\x00" * 60, "found": "a BMP image"},
    {"name": "prog", "data": b"\x7fELF\x02\x01\x01" + b"\x00" * 9, "found": "an executable"},
    {"name": "old.doc", "data": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8,
     "found": "password-protected Office file"},
    {"name": "letter.rtf", "data": b"{\\rtf1\\ansi Hello}", "found": "an RTF document"},
    {"name": "page.html", "data": b"<!DOCTYPE html><html><body>x", "found": "an HTML page"},
    {"name": "blob.bin", "data": bytes(range(256)) * 4, "found": "binary data"},
]


@pytest.mark.parametrize("case", REFUSED_CASES, ids=lambda c: c["name"])
def test_unsupported_formats_say_what_was_found(case: RefusedCase, tmp_path: Path) -> None:
    path = tmp_path / case["name"]
    path.write_bytes(case["data"])
    with pytest.raises(UnsupportedFormatError) as caught:
        detect_kind(path, case["data"][:HEAD_BYTES])
    message = str(caught.value)
    assert message.startswith(f"{path}: not a format exportscreen reads (found ")
    assert case["found"] in message
    assert "\n" not in message


def test_xlsx_message_is_the_documented_one(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(_zip("[Content_Types].xml", "xl/workbook.xml"))
    with pytest.raises(UnsupportedFormatError, match="convert it to PDF, DOCX, LaTeX, Markdown"):
        detect_kind(path, path.read_bytes())


def test_a_damaged_zip_named_docx_is_left_to_the_docx_reader(tmp_path: Path) -> None:
    path = tmp_path / "thesis.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert detect_kind(path, path.read_bytes()) == "docx"


@pytest.mark.parametrize(
    ("text", "suffix", "kind"),
    [
        ("Just a sentence with a # sign and a * star.", ".txt", "text"),
        ("Costs 5 * 3 = 15 and that_is_fine.", "", "text"),
        ("# One heading only", "", "text"),
        ("## A\ntext\n## B\n", "", "markdown"),
        ("```\ncode\n```\nSee [a](b)", "", "markdown"),
        ("\\begin{itemize}\\item a\\end{itemize}", "", "latex"),
    ],
)
def test_text_kind(text: str, suffix: str, kind: str) -> None:
    assert text_kind(text, suffix) == kind


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=2048),
        st.binary(max_size=512).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=512).map(lambda b: b"%PDF-" + b),
        st.text(max_size=512).map(str.encode),
    ),
    suffix=st.sampled_from(["", ".pdf", ".docx", ".tex", ".md", ".txt"]),
)
def test_detect_kind_never_crashes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            kind = detect_kind(path, data[:HEAD_BYTES])
        except UnsupportedFormatError as exc:
            assert str(exc).startswith(f"{path}: not a format exportscreen reads")
        else:
            assert kind in {f.kind for f in EXTRACTORS}
