"""The opt-in pdfium engine beside pdfminer.six: same pages, same limits, same one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fpdf import FPDF

from classifiers.settings import ScreeningSettings, make_settings
from extractors import PDF_ENGINES, check_pdf_engine, read_document
from extractors.documents.limits import Limits
from extractors.documents.progress import reporting_pages
from extractors.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ExtractionError,
    PdfEngineError,
    PdfEngineMissingError,
)
from flows.settings import pdf_engine, pdf_engine_settings
from tests.extractors.test_extractors_pdf import HOSTILE_OBJECTS, PAGES, hand_written_pdf, make_pdf, pdf_from_objects
from tests.paths import ROOT

pytest.importorskip("pypdfium2", reason="the pdfium extra is in requirements-dev.lock; run `make test`")

EXAMPLE_PDFS = sorted((ROOT / "flows" / "examples").glob("*.pdf")) + sorted(
    (ROOT / "flows" / "project_examples").glob("*/*.pdf")
)


def _both(path: Path, **kwargs: object) -> dict[str, object]:
    """What each engine gives: the pages, or the error's class and message."""
    out: dict[str, object] = {}
    for engine in PDF_ENGINES:
        try:
            out[engine] = read_document(path, pdf_engine=engine, **kwargs).pages  # type: ignore[arg-type]
        except ExtractionError as exc:
            out[engine] = (type(exc).__name__, str(exc))
    return out


@pytest.mark.parametrize("pdf", EXAMPLE_PDFS, ids=lambda p: p.name)
def test_the_bundled_pdfs_read_the_same_with_both_engines(pdf: Path) -> None:
    both = _both(pdf)
    assert both["pdfium"] == both["pdfminer"]


def test_generated_pages_wrapping_and_hyphenation_are_the_same(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf(PAGES))
    both = _both(path)
    assert both["pdfium"] == both["pdfminer"]
    assert "fibre amplifier for remote sensing." in read_document(path, pdf_engine="pdfium").pages[0].text


def test_pdfium_reports_each_page_read(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf(PAGES))
    seen: list[tuple[int, int]] = []
    with reporting_pages(lambda done, total: seen.append((done, total))):
        read_document(path, pdf_engine="pdfium")
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("objects", HOSTILE_OBJECTS.values(), ids=HOSTILE_OBJECTS.keys())
def test_hostile_structures_fail_as_this_document_with_pdfium(objects: list[str], tmp_path: Path) -> None:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(pdf_from_objects(objects))
    with pytest.raises(ExtractionError, match=f"^{path}: ") as caught:
        read_document(path, pdf_engine="pdfium")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "garbage", [b"%PDF-1.7\n" + bytes(range(256)) * 8, b"%PDF-1.4\n" + b"[" * 5000, b"%PDF-"],
    ids=["random-bytes", "deep-nesting", "header-only"],
)
def test_garbage_is_a_corrupt_pdf_with_the_same_message(garbage: bytes, tmp_path: Path) -> None:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(garbage)
    both = _both(path)
    assert both["pdfium"] == both["pdfminer"]  # PDFium cannot open it: pdfminer words the reason
    for engine in PDF_ENGINES:
        kind, message = both[engine]  # type: ignore[misc]
        assert kind == CorruptDocumentError.__name__, (engine, message)
        assert message.startswith(f"{path}: is not a readable PDF (damaged or truncated: "), (engine, message)
        assert message.endswith("; open it in a PDF reader and save or print it to a new PDF"), (engine, message)
        assert "\n" not in message


@pytest.mark.parametrize("fraction", [0.05, 0.2, 0.5, 0.8])
def test_a_truncated_pdf_fails_the_same_way_or_is_read(fraction: float, tmp_path: Path) -> None:
    data = make_pdf(PAGES)
    path = tmp_path / "broken.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    both = _both(path)
    for engine in PDF_ENGINES:
        if isinstance(both[engine], tuple):
            kind, message = both[engine]  # type: ignore[misc]
            assert kind in (CorruptDocumentError.__name__, EmptyDocumentError.__name__), (engine, message)
            assert message.startswith(f"{path}: ") and "\n" not in message
    if isinstance(both["pdfminer"], tuple) and isinstance(both["pdfium"], tuple):
        assert both["pdfium"] == both["pdfminer"]


def test_password_protected_pdf_gives_the_same_message(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf(["Secret design"], owner_password="owner", user_password="user"))
    both = _both(path)
    assert both["pdfium"] == both["pdfminer"] == (
        EncryptedDocumentError.__name__, f"{path}: is password-protected; remove the password and screen it again"
    )


def test_owner_password_only_pdf_is_read_by_both(tmp_path: Path) -> None:
    path = tmp_path / "restricted.pdf"
    path.write_bytes(make_pdf(["Restricted but readable"], owner_password="owner"))
    assert read_document(path, pdf_engine="pdfium").text == "Restricted but readable"


def test_page_limit_is_the_same_and_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(hand_written_pdf(500))
    seen: list[int] = []
    with reporting_pages(lambda done, total: seen.append(done)):
        both = _both(path)
    assert both["pdfium"] == both["pdfminer"] == (
        DocumentTooLargeError.__name__,
        f"{path}: has 500 pages, more than the limit of 400; split it or raise --max-pages",
    )
    assert seen == []  # no page was read


def test_text_limit_stops_at_the_same_page(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf(PAGES))
    both = _both(path, limits=Limits(max_text_chars=100))
    assert both["pdfium"] == both["pdfminer"]
    assert "characters in its first 2 pages" in both["pdfium"][1]  # type: ignore[index]


def test_zero_pages_and_no_text_give_the_same_messages(tmp_path: Path) -> None:
    zero = tmp_path / "zero.pdf"
    zero.write_bytes(hand_written_pdf(0))
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(bytes(pdf.output()))
    for path in (zero, scan):
        both = _both(path)
        assert both["pdfium"] == both["pdfminer"]
        assert both["pdfium"][0] == EmptyDocumentError.__name__  # type: ignore[index]


def test_missing_pypdfium2_says_how_to_install_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # the next import raises ImportError
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf(PAGES))
    with pytest.raises(PdfEngineMissingError, match=r"install it with pip install 'exportscreen\[pdfium\]'"):
        read_document(path, pdf_engine="pdfium")
    with pytest.raises(PdfEngineMissingError):
        check_pdf_engine("pdfium")
    assert read_document(path, pdf_engine="pdfminer").pages  # the default needs nothing more


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(PdfEngineError, match="unknown PDF engine 'mupdf'; use one of: pdfminer, pdfium"):
        check_pdf_engine("mupdf")


def test_engine_from_the_option_the_environment_or_the_default() -> None:
    assert pdf_engine(None, {}) == "pdfminer"
    assert pdf_engine(None, {"EXPORTSCREEN_PDF_ENGINE": " PDFium "}) == "pdfium"
    assert pdf_engine("pdfminer", {"EXPORTSCREEN_PDF_ENGINE": "pdfium"}) == "pdfminer"
    with pytest.raises(PdfEngineError, match="EXPORTSCREEN_PDF_ENGINE='mupdf' is not a PDF engine"):
        pdf_engine(None, {"EXPORTSCREEN_PDF_ENGINE": "mupdf"})


def test_settings_record_the_engine_only_when_not_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    # The run's settings are hashed into the store's case key: the default keeps its old hash.
    assert "pdf_engine" not in ScreeningSettings().model_dump()
    chosen = ScreeningSettings(pdf_engine="pdfium").model_dump()
    assert chosen["pdf_engine"] == "pdfium"
    assert make_settings(**chosen).pdf_engine == "pdfium"
    assert make_settings(**ScreeningSettings().model_dump()).pdf_engine == "pdfminer"
    monkeypatch.delenv("EXPORTSCREEN_PDF_ENGINE", raising=False)
    assert pdf_engine_settings() == {}
    assert pdf_engine_settings("pdfium") == {"pdf_engine": "pdfium"}
