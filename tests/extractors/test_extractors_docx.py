"""DOCX reading on real .docx files made with python-docx, including headers and text boxes."""

from __future__ import annotations

import random
import string
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from extractors import read_document
from extractors.documents.limits import Limits
from extractors.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    UnsafeDocumentError,
    UnsupportedFormatError,
)
from tests.robustness.corpus import (
    BENIGN_TEXT,
    billion_laughs_docx,
    docx_bytes,
    paragraph,
    write_bomb_docx,
    xxe_docx,
)

_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)


def text_box_run(text: str) -> str:
    """A run holding a text box the way Word writes it: DrawingML plus a VML fallback copy."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        f"<w:r {_NS}><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>"
        f"</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        f"</mc:Fallback></mc:AlternateContent></w:r>"
    )


@pytest.fixture(scope="module")
def manuscript(tmp_path_factory: pytest.TempPathFactory) -> Path:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "KONFIDENSIELT"
    section.footer.paragraphs[0].text = "Prosjekt 4711 – utkast"
    document.add_heading("High-power fibre laser", level=1)
    document.add_paragraph("The amplifier delivers 2.1 kW of output power at 1064 nm.")
    table = document.add_table(rows=3, cols=2)
    for row, (name, value) in enumerate(
        [("Parameter", "Value"), ("Output power", "2.1 kW"), ("Wavelength", "1064 nm")]
    ):
        table.cell(row, 0).text = name
        table.cell(row, 1).text = value
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Merged cell"
    merged.cell(0, 2).text = "Last"
    boxed = document.add_paragraph("A shape follows: ")
    boxed._p.append(parse_xml(text_box_run("BEGRENSET")))
    document.add_paragraph("Final paragraph.")
    document.add_section()  # a second section repeats (links to) the same header
    document.add_paragraph("Second section text.")
    path = tmp_path_factory.mktemp("docx") / "manuscript.docx"
    document.save(str(path))
    return path


def test_docx_is_one_page_without_number(manuscript: Path) -> None:
    document = read_document(manuscript)
    assert document.kind == "docx"
    assert len(document.pages) == 1
    assert document.pages[0].number is None


def test_header_marking_is_read_first(manuscript: Path) -> None:
    text = read_document(manuscript).text
    assert text.startswith("KONFIDENSIELT\n\nHigh-power fibre laser\n\n")
    assert text.count("KONFIDENSIELT") == 1
    assert text.endswith("Prosjekt 4711 – utkast")


def test_body_tables_and_text_boxes(manuscript: Path) -> None:
    text = read_document(manuscript).text
    assert "The amplifier delivers 2.1 kW of output power at 1064 nm." in text
    assert "Parameter | Value\n\nOutput power | 2.1 kW\n\nWavelength | 1064 nm" in text
    assert "Merged cell | Last" in text
    assert text.count("BEGRENSET") == 1  # the VML fallback copy is not read twice
    assert text.index("BEGRENSET") < text.index("Final paragraph.")
    assert "Second section text." in text


def test_docx_named_otherwise_is_still_docx(manuscript: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "manuscript.bin"
    renamed.write_bytes(manuscript.read_bytes())
    assert read_document(renamed).kind == "docx"


def test_truncated_docx_is_reported_as_damaged(manuscript: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes(manuscript.read_bytes()[:2000])
    with pytest.raises(CorruptDocumentError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: is not a readable Word file (")
    assert message.endswith("open it in Word and save it again, or export it to PDF")


def test_docx_without_its_main_part_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "hollow.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<not-closed")
    with pytest.raises(CorruptDocumentError, match="is not a readable Word file"):
        read_document(path)


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(EmptyDocumentError, match="has no text"):
        read_document(path)


def test_xlsx_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedFormatError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: not a format exportscreen reads (found a ZIP archive that is not a .docx:"
        " an Excel workbook); convert it to PDF, DOCX, LaTeX, Markdown or text"
    )


_FOOTNOTES = (
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Funded by the partner in Tehran.</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def add_footnotes_part(source: Path, target: Path) -> None:
    """Copy a .docx, adding a footnotes part (python-docx cannot write footnotes)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            new.writestr(item, data)
        new.writestr("word/footnotes.xml", _FOOTNOTES)


def test_footnotes_are_read_after_the_body(manuscript: Path, tmp_path: Path) -> None:
    path = tmp_path / "with-notes.docx"
    add_footnotes_part(manuscript, path)
    text = read_document(path).text
    assert "Funded by the partner in Tehran." in text
    assert text.index("Second section text.") < text.index("Funded by") < text.index("Prosjekt")


# Issue 12: sizes are checked before unpacking, entities are never expanded, no text is lost.


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_external_entity_is_dropped_and_the_text_around_it_kept(tmp_path: Path) -> None:
    text = read_document(_write(tmp_path, "xxe.docx", xxe_docx(after="after the entity."))).text
    assert text == f"Appendix after the entity.\n\n{BENIGN_TEXT}\n\nClosing paragraph of the memo."


def test_external_parameter_entity_is_not_loaded(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE w:document [<!ENTITY % remote SYSTEM "file:///etc/passwd"> %remote;]>'
    path = _write(tmp_path, "pe.docx", docx_bytes(paragraph("Plain text."), doctype))
    assert read_document(path).text == "Plain text."


def test_billion_laughs_fails_unexpanded(tmp_path: Path) -> None:
    with pytest.raises(UnsafeDocumentError, match=r"entity-expansion attack, 'billion laughs'\); nothing was expanded"):
        read_document(_write(tmp_path, "laughs.docx", billion_laughs_docx()))


def test_bomb_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    path = write_bomb_docx(tmp_path / "bomb.docx", paragraphs=3, paragraph_bytes=1_000_000)
    with pytest.raises(DocumentTooLargeError) as caught:
        read_document(path, limits=Limits(max_unpacked_mb=2))
    assert str(caught.value) == (
        f"{path}: is too large to read: its text parts unpack to 3 MB, more than the limit of 2 MB"
        " (a decompression bomb, or not a manuscript); raise EXPORTSCREEN_MAX_UNPACKED_MB if it is genuine"
    )


def test_part_packed_too_tightly_is_refused(tmp_path: Path) -> None:
    path = write_bomb_docx(tmp_path / "dense.docx", paragraphs=2, paragraph_bytes=1_000_000)
    packed_tightly = r"its part word/document.xml unpacks \d{3,} times larger than it is packed \(2 MB\), more than"
    with pytest.raises(DocumentTooLargeError, match=packed_tightly + " the limit of 500"):
        read_document(path)
    assert read_document(path, limits=Limits(max_zip_ratio=2000, max_text_chars=3_000_000)).text.startswith("AAAA")


def test_text_run_too_big_for_the_xml_reader_is_too_large_not_damaged(tmp_path: Path) -> None:
    letters = "".join(random.Random(0).choices(string.ascii_letters, k=1 << 20)).encode()  # packs only 1.3 times
    path = write_bomb_docx(tmp_path / "node.docx", paragraphs=1, paragraph_bytes=11_000_000, text=letters)
    with pytest.raises(DocumentTooLargeError) as caught:
        read_document(path)
    assert "its part word/document.xml has a single piece bigger than the XML reader takes" in str(caught.value)
    assert "damaged" not in str(caught.value)


def test_images_are_neither_unpacked_nor_counted(manuscript: Path, tmp_path: Path) -> None:
    path = tmp_path / "with-image.docx"
    with zipfile.ZipFile(manuscript) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        new.writestr("word/media/image1.png", bytes(50 * 1024 * 1024))  # 50 MB of zeros, 50 KB packed
    assert "KONFIDENSIELT" in read_document(path, limits=Limits(max_unpacked_mb=1)).text


def test_text_limit_stops_reading_the_body(tmp_path: Path) -> None:
    path = _write(tmp_path, "long.docx", docx_bytes(paragraph("word " * 40) * 10))
    with pytest.raises(DocumentTooLargeError, match=r"has more than 1,\d{3} characters, more than the limit of 1,000 "):
        read_document(path, limits=Limits(max_text_chars=1000))


def test_spelled_out_names_are_python_docx_s() -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    from extractors.documents import docx as reader

    tags = ("p", "t", "tab", "br", "cr", "tbl", "tr", "tc", "sdt", "body")
    spelled = (reader._P, reader._T, reader._TAB, reader._BR, reader._CR, reader._TBL, reader._TR, reader._TC,
               reader._SDT, reader._BODY)
    assert spelled == tuple(qn(f"w:{tag}") for tag in tags)
    assert reader._HEADERS == (RT.HEADER,)
    assert reader._NOTES == (RT.FOOTNOTES, RT.ENDNOTES)
    assert reader._FOOTERS == (RT.FOOTER,)
