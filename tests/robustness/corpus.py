"""A generated corpus of malformed, hostile and oddly named documents, with two good ones.

``write_corpus(folder)`` writes every file and returns what the command must make of each:
``failed`` with a reason holding some words, or ``screened`` (genuinely readable, such as
Latin-1 text). The builders (``docx_bytes``, ``write_bomb_docx``, ...) are also used alone by
the tests of single defects. Everything is made from code, seeded, in well under a second
(the 200 MB bomb packs to 200 KB and is written in a stream, never held in memory).
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

ROOT = Path(__file__).resolve().parents[2]
GOOD_PDF = ROOT / "flows" / "examples" / "fibre_laser_manuscript.pdf"
GOOD_DOCX = ROOT / "flows" / "examples" / "municipal_trust_survey.docx"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MB = 1024 * 1024

#: Sentences a screening flags (List II 6A005 lasers), for text that must be seen to be read.
LASER_TEXT = (
    "We report a continuous wave ytterbium-doped fibre laser that emits 2.1 kW of output power in a"
    " single transverse mode at a wavelength of 1070 nm."
)
#: Plain sentences that flag nothing.
BENIGN_TEXT = "Honey bees forage on clover in the summer months, and the colony stores the nectar as honey."


def paragraph(text: str) -> str:
    """One ``w:p`` holding ``text`` (already XML, so entity references pass through)."""
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def docx_bytes(body: str, doctype: str = "") -> bytes:
    """A minimal .docx (as Word needs it: content types, relationships, main part) with ``body``.

    Args:
        body: The XML inside ``w:body`` (see :func:`paragraph`).
        doctype: A ``<!DOCTYPE ...>`` to put before the root element (Word never writes one).
    """
    document = f"{_XML_DECLARATION}{doctype}<w:document {_W}><w:body>{body}</w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def write_bomb_docx(path: Path, paragraphs: int = 200, paragraph_bytes: int = 1_000_000, text: bytes = b"A") -> Path:
    """A .docx whose document.xml unpacks to ``paragraphs`` x ``paragraph_bytes`` (200 MB packs to 200 KB).

    ``paragraphs=1`` gives the single huge text node. Written as a stream, 1 MB at a time.
    """
    chunk = text * (_MB // len(text))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        with archive.open("word/document.xml", "w") as stream:
            stream.write(f"{_XML_DECLARATION}<w:document {_W}><w:body>".encode())
            for _ in range(paragraphs):
                stream.write(b"<w:p><w:r><w:t>")
                left = paragraph_bytes
                while left > 0:
                    stream.write(chunk[:left])
                    left -= len(chunk)
                stream.write(b"</w:t></w:r></w:p>")
            stream.write(b"</w:body></w:document>")
    return path


def xxe_docx(after: str = LASER_TEXT) -> bytes:
    """A .docx declaring an external entity (/etc/passwd) used mid-paragraph, with text after it."""
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    body = paragraph(f"Appendix &xxe; {after}") + paragraph(BENIGN_TEXT) + paragraph("Closing paragraph of the memo.")
    return docx_bytes(body, doctype)


def billion_laughs_docx() -> bytes:
    """A .docx with ten levels of nested internal entities (10^9 'lol's if expanded)."""
    levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return docx_bytes(paragraph(f"{BENIGN_TEXT} &lol9;"), f"<!DOCTYPE w:document [{''.join(levels)}]>")


def encrypted_pdf(text: str = LASER_TEXT) -> bytes:
    """A PDF that opens only with a password."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, text=text)
    pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def write_text(path: Path, chars: int, seed: int = 0, separator: str = "\n\n") -> Path:
    """English-like text of exactly ``chars`` characters, written in pieces.

    Paragraphs of six sentences are separated by ``separator``: a blank line, or a space for
    one endless paragraph.
    """
    rng = random.Random(seed)
    sentences = [LASER_TEXT, BENIGN_TEXT, "The results are discussed in the next section.", "Data are available."]
    written = 0
    with path.open("w", encoding="utf-8") as stream:
        while written < chars:
            block = " ".join(rng.choice(sentences) for _ in range(6)) + separator
            block = block[: chars - written]
            stream.write(block)
            written += len(block)
    return path


@dataclass(frozen=True)
class Expected:
    """What the command must make of one corpus file.

    Attributes:
        name: The file name in the corpus folder.
        decision: ``"failed"`` for a document that cannot be read, else ``"screened"`` (any
            decision but failed).
        reason: Words the failed reason must hold (besides the file's path).
    """

    name: str
    decision: str
    reason: str = ""


def _junk(seed: int, size: int = 4096) -> bytes:
    """Random bytes that do not start like any known format."""
    data = random.Random(seed).randbytes(size)
    return b"\x00\x01junk" + data


def _files() -> list[tuple[Expected, bytes | Path]]:
    """Each corpus file's expectation and content (bytes, or a file to copy)."""
    good_pdf = GOOD_PDF.read_bytes()
    good_docx = GOOD_DOCX.read_bytes()
    latin1 = "Rapport om bier og honning. Blomstene på engen gir nektar til bikuben i juli og august.\n"
    files: list[tuple[Expected, bytes | Path]] = [
        (Expected("good laser manuscript.pdf", "screened"), GOOD_PDF),
        (Expected("good survey.docx", "screened"), GOOD_DOCX),
        (Expected("truncated.pdf", "failed", "is not a readable PDF"), good_pdf[: len(good_pdf) // 2]),
        (Expected("encrypted.pdf", "failed", "is password-protected"), encrypted_pdf()),
        (Expected("html-saved-as.pdf", "failed", "an HTML page"), b"<!DOCTYPE html><html><body>Hi</body></html>"),
        (Expected("truncated.docx", "failed", "is not a readable Word file"), good_docx[: len(good_docx) // 2]),
        (Expected("malformed.docx", "failed", "is not a readable Word file"), docx_bytes("<w:p><w:r><w:t>open")),
        (Expected("not-a-zip.docx", "failed", "an old-style or password-protected Office file"),
         b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)),
        (Expected("entity-xxe.docx", "screened"), xxe_docx()),
        (Expected("entity-laughs.docx", "failed", "entity-expansion attack"), billion_laughs_docx()),
        (Expected("utf16-bom.txt", "screened"), ("\ufeff" + BENIGN_TEXT).encode("utf-16-le")),
        (Expected("latin1.txt", "screened"), latin1.encode("latin-1")),
        (Expected("bad-utf8.txt", "screened"), BENIGN_TEXT.encode() + b" \xff\xfe caf\xe9 " + BENIGN_TEXT.encode()),
        (Expected("with spaces (final) v2.txt", "screened"), BENIGN_TEXT.encode()),
        (Expected("rapport-æøå-日本語.md", "screened"), f"# Bier\n\n{BENIGN_TEXT}\n".encode()),
        (Expected("-leading-dash.txt", "screened"), BENIGN_TEXT.encode()),
        (Expected("long-" + "n" * 230 + ".txt", "screened"), BENIGN_TEXT.encode()),
    ]
    for number, suffix in enumerate((".pdf", ".docx", ".txt", ".md", ".tex")):
        files.append((Expected(f"zero-bytes{suffix}", "failed", "is empty (0 bytes)"), b""))
        files.append((Expected(f"junk{suffix}", "failed", "not a format exportscreen reads"), _junk(number)))
    return files


def write_corpus(folder: Path) -> list[Expected]:
    """Write the corpus into ``folder`` (two bombs included) and return what to expect of each file."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = []
    for item, content in _files():
        target = folder / item.name
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_bytes(content)
        expected.append(item)
    write_bomb_docx(folder / "bomb.docx")
    expected.append(Expected("bomb.docx", "failed", "its text parts unpack to 191 MB, more than the limit of 100 MB"))
    write_bomb_docx(folder / "one-huge-text-node.docx", paragraphs=1, paragraph_bytes=200_000_000)
    expected.append(Expected("one-huge-text-node.docx", "failed", "is too large to read"))
    return expected
