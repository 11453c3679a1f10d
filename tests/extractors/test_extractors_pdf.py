"""PDF reading on real PDFs made with fpdf2, written by hand, damaged, and the official List I."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from fpdf import FPDF

from extractors import read_document
from extractors.documents.limits import Limits
from extractors.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ExtractionError,
)
from tests.paths import ROOT

REPO = ROOT
SHARED = Path(os.environ.get("EXPORTSCREEN_SHARED", REPO.parent / "shared"))
LIST_I = SHARED / "data" / "itemlists" / "norway_2020_2021" / "liste_I_2020_vedlegg_I.pdf"

PAGES = [
    "Page one describes a fibre ampli-\nfier for remote sensing.\n"
    "This line wraps\nonto the next one.",
    "Page two: the laser reaches an output power of 2.1 kW at 1064 nm.",
    "Page three: no controlled technology here.",
]


def make_pdf(pages: list[str], **encryption: str) -> bytes:
    """A real PDF with one page per string (``\\n`` starts a new line)."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    if encryption:
        pdf.set_encryption(**encryption)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def hand_written_pdf(page_count: int) -> bytes:
    """A minimal valid PDF with ``page_count`` blank pages."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(page_count))
    return pdf_from_objects(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>",
            *["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * page_count,
        ]
    )


def pdf_from_objects(bodies: list[str]) -> bytes:
    """A PDF whose objects 1..n are ``bodies`` (1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


_PAGE = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"
HOSTILE_OBJECTS = {
    "page-tree-loop": [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 2 >>",
    ],
    "garbage-content-stream": [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _PAGE,
        "<< /Length 40 >>\nstream\nBT /F9 12 Tf ( unterminated ]]] >> Tj\nendstream",
    ],
    "bad-stream-filter": [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _PAGE,
        "<< /Length 10 /Filter /FlateDecode >>\nstream\nnot zlib!!\nendstream",
    ],
    "deeply-nested-array": [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox " + "[" * 20000 + "]" * 20000 + " >>",
    ],
}


@pytest.mark.parametrize("objects", HOSTILE_OBJECTS.values(), ids=HOSTILE_OBJECTS.keys())
def test_hostile_pdf_structures_become_extraction_errors(
    objects: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(pdf_from_objects(objects))
    with pytest.raises(ExtractionError, match=f"^{path}: "):
        read_document(path)


@pytest.fixture(scope="module")
def multi_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "paper.pdf"
    path.write_bytes(make_pdf(PAGES))
    return path


def test_text_per_page_with_page_numbers(multi_page: Path) -> None:
    document = read_document(multi_page)
    assert document.kind == "pdf"
    assert [page.number for page in document.pages] == [1, 2, 3]
    assert "2.1 kW at 1064 nm" in document.pages[1].text
    assert "2.1 kW" not in document.pages[0].text + document.pages[2].text
    assert document.pages[2].text == "Page three: no controlled technology here."


def test_identity_and_size(multi_page: Path) -> None:
    document = read_document(str(multi_page))
    data = multi_page.read_bytes()
    assert document.path == str(multi_page)
    assert document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()


def test_words_broken_at_line_ends_are_joined(multi_page: Path) -> None:
    first = read_document(multi_page).pages[0].text
    assert "fibre amplifier for remote sensing." in first
    assert "This line wraps onto the next one." in first


def test_leading_junk_before_the_header_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"junk from a mail gateway\n" * 20 + make_pdf(PAGES))
    document = read_document(path)
    assert "2.1 kW" in document.pages[1].text


@pytest.mark.parametrize("name", ["paper.txt", "paper"])
def test_a_pdf_with_another_name_is_read_as_pdf(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(make_pdf(PAGES))
    assert read_document(path).kind == "pdf"


def test_text_named_pdf_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "really-text.pdf"
    path.write_text("Not a PDF at all, just a note about a 2.1 kW laser.\n")
    document = read_document(path)
    assert document.kind == "text"
    assert document.text == "Not a PDF at all, just a note about a 2.1 kW laser."


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf(["Secret design"], owner_password="owner", user_password="user"))
    with pytest.raises(EncryptedDocumentError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: is password-protected; remove the password and screen it again"
    )


def test_owner_password_only_pdf_is_read(tmp_path: Path) -> None:
    # Permissions without a user password: every reader opens it, and so do we.
    path = tmp_path / "restricted.pdf"
    path.write_bytes(make_pdf(["Restricted but readable"], owner_password="owner"))
    assert read_document(path).text == "Restricted but readable"


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.8])
def test_truncated_pdf_fails_cleanly_or_reads_what_survives(
    fraction: float, tmp_path: Path
) -> None:
    data = make_pdf(PAGES)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    try:
        document = read_document(path)
    except ExtractionError as exc:
        message = str(exc)
        assert message.startswith(f"{path}: ") and "\n" not in message
        assert isinstance(exc, CorruptDocumentError | EmptyDocumentError)
    else:  # pdfminer may recover the objects before the cut
        assert document.kind == "pdf" and document.pages


def test_damaged_pdf_message_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(make_pdf(PAGES)[:300])
    with pytest.raises(CorruptDocumentError, match="open it in a PDF reader and save"):
        read_document(path)


@pytest.mark.parametrize(
    "garbage",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 8,
        b"%PDF-1.4\n" + b"[" * 5000,
        b"%PDF-",
    ],
    ids=["random-bytes", "deep-nesting", "header-only"],
)
def test_hostile_pdfs_become_extraction_errors(garbage: bytes, tmp_path: Path) -> None:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(garbage)
    with pytest.raises(ExtractionError, match=f"^{path}: "):
        read_document(path)


def test_zero_page_pdf_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "zero.pdf"
    path.write_bytes(hand_written_pdf(0))
    with pytest.raises(EmptyDocumentError, match="has no pages"):
        read_document(path)


def test_pages_without_text_need_ocr(tmp_path: Path) -> None:
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")  # a drawing stands in for a scanned image
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(EmptyDocumentError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: has no extractable text (scanned image?); run OCR first"
    )


def test_page_limit_is_checked_before_layout(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(hand_written_pdf(500))
    with pytest.raises(DocumentTooLargeError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: has 500 pages, more than the limit of 400; split it or raise --max-pages"
    )


def test_page_limit_can_be_raised(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf([f"Page {i} text." for i in range(1, 13)]))
    with pytest.raises(DocumentTooLargeError, match="has 12 pages, more than the limit of 10"):
        read_document(path, max_pages=10)
    document = read_document(path, max_pages=12)
    assert document.pages[11].number == 12 and document.pages[11].text == "Page 12 text."


def test_max_pages_must_be_positive(multi_page: Path) -> None:
    with pytest.raises(ValueError, match="max_pages must be at least 1, got 0"):
        read_document(multi_page, max_pages=0)


@pytest.mark.skipif(not LIST_I.exists(), reason=f"official List I PDF not found at {LIST_I}")
def test_official_list_one_pdf() -> None:
    document = read_document(LIST_I)
    assert document.kind == "pdf"
    assert len(document.pages) == 48
    page3 = document.pages[2]
    assert page3.number == 3
    assert page3.text.startswith("ML1")
    assert "Smooth-bore weapons with a calibre of less than 20 mm" in page3.text
    # A list item wrapped over two lines (hanging indent) is one paragraph again.
    assert (
        "communications link, to a range of less than or equal to 500 m;" in page3.text
    )
    assert "ML1" not in document.pages[0].text


def test_text_limit_stops_layout_at_the_page_that_passes_it(multi_page: Path) -> None:
    with pytest.raises(DocumentTooLargeError) as caught:
        read_document(multi_page, limits=Limits(max_text_chars=100))
    assert "characters in its first 2 pages, more than the limit of 100 characters of text" in str(caught.value)
    assert "raise EXPORTSCREEN_MAX_TEXT_CHARS" in str(caught.value)
    assert len(read_document(multi_page, limits=Limits(max_text_chars=1000)).pages) == 3
