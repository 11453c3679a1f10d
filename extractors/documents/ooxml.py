"""Reading the XML parts of an Office Open XML (ZIP) package safely: sizes first, no entities.

A ZIP's central directory states each member's unpacked size before anything is unpacked,
and Python's ``zipfile`` never yields more than that size (a member that lies fails its CRC
check). So the parts to be read are checked against the limits before the first byte is
unpacked: a 241 KB bomb that unpacks to 200 MB fails in milliseconds. Only the parts that
carry text are unpacked; images and fonts never are.

XML is parsed with entity expansion and DTD loading off and libxml2's size guards on: an
external entity (``<!ENTITY x SYSTEM "file:///etc/passwd">``) is never fetched and its
reference is dropped while the text around it is kept; nested entities ("billion laughs")
fail at once, unexpanded.
"""

from __future__ import annotations

import logging
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

from extractors.documents.limits import ENV_MAX_UNPACKED_MB, ENV_MAX_ZIP_RATIO, MB, Limits
from extractors.errors import DocumentTooLargeError, UnsafeDocumentError

logger = logging.getLogger(__name__)

#: Parts smaller than this are not checked for their packing ratio (small XML packs well).
RATIO_MIN_BYTES = MB
_PACKAGE_RELS = "_rels/.rels"
_OFFICE_DOCUMENT = "/officeDocument"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


@dataclass(frozen=True, slots=True)
class Relationship:
    """A link from one part to another: its id, type URI and the target part's member name."""

    rid: str
    reltype: str
    target: str
    external: bool


class Package:
    """The XML parts of one open ZIP package, read within the limits.

    Args:
        archive: The open ZIP file.
        name: The document as the caller gave it, for messages.
        limits: Size limits.
    """

    def __init__(self, archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
        self.archive = archive
        self.name = name
        self.limits = limits
        self._read = 0

    def main_part(self) -> str:
        """The member name of the main document part (``word/document.xml`` as Word writes it)."""
        if _PACKAGE_RELS in self.archive.NameToInfo:
            for rel in self.relationships(""):
                if rel.reltype.endswith(_OFFICE_DOCUMENT) and not rel.external:
                    return rel.target
        return "word/document.xml"

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of ``part`` ("" for the package's own), in file order; none if absent."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{base}.rels")
        if rels not in self.archive.NameToInfo:
            return []
        links = []
        for element in self.xml(rels).iter(_REL):
            target = unquote(element.get("Target", ""))  # a URI: "my%20header.xml"
            external = element.get("TargetMode") == "External"
            if not external:
                target = posixpath.normpath(posixpath.join("/", folder, target) if target[:1] != "/" else target)[1:]
            links.append(Relationship(element.get("Id", ""), element.get("Type", ""), target, external))
        return links

    def check_sizes(self, parts: list[str]) -> None:
        """Refuse the package when ``parts`` (plus what was read) would unpack beyond the limits.

        Raises:
            DocumentTooLargeError: Too many bytes in all, or a part packed far too tightly.
            KeyError: A part is missing from the archive (a damaged package).
        """
        infos = [self.archive.getinfo(part) for part in dict.fromkeys(parts)]
        total = self._read + sum(info.file_size for info in infos)
        if total > self.limits.max_unpacked_bytes:
            raise DocumentTooLargeError(
                self.name,
                f"is too large to read: its text parts unpack to {total / MB:,.0f} MB, more than the limit"
                f" of {self.limits.max_unpacked_mb:,} MB (a decompression bomb, or not a manuscript);"
                f" raise {ENV_MAX_UNPACKED_MB} if it is genuine",
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= RATIO_MIN_BYTES and ratio > self.limits.max_zip_ratio:
                raise DocumentTooLargeError(
                    self.name,
                    f"is not read: its part {info.filename} unpacks {ratio:,.0f} times larger than it is"
                    f" packed ({info.file_size / MB:,.0f} MB), more than the limit of"
                    f" {self.limits.max_zip_ratio:,} (a decompression bomb); raise {ENV_MAX_ZIP_RATIO}"
                    " if it is genuine",
                )

    def xml(self, part: str) -> Any:
        """Unpack and parse one part (after checking its size); return its root element.

        Raises:
            DocumentTooLargeError: It would pass the limits, or is too big for the XML parser.
            UnsafeDocumentError: It declares entities that expand without bound.
            KeyError, zipfile.BadZipFile, etree.XMLSyntaxError: A damaged package.
        """
        self.check_sizes([part])
        info = self.archive.getinfo(part)
        with self.archive.open(info) as stream:
            data = stream.read(info.file_size + 1)  # zipfile stops at the stated size anyway
        self._read += len(data)
        return parse_xml(data, self.name, part)


def parse_xml(data: bytes, name: str, part: str) -> Any:
    """Parse XML without fetching or expanding entities; undefined ones are dropped.

    Raises:
        DocumentTooLargeError: A text run or attribute over 10 MB, or nesting over 256 deep.
        UnsafeDocumentError: Nested entity declarations that would expand without bound.
        etree.XMLSyntaxError: Any other malformed XML.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        if "amplification" in message:
            raise UnsafeDocumentError(
                name,
                f"is not read: its part {part} declares XML entities that expand without bound (an"
                " entity-expansion attack, 'billion laughs'); nothing was expanded. Word never writes"
                " these: get the original file from its author",
            ) from None
        if "XML_PARSE_HUGE" in message or "Resource limit exceeded" in message:
            detail = message.split(",")[0].removeprefix("Resource limit exceeded: ")
            raise DocumentTooLargeError(
                name,
                f"is too large to read: its part {part} has a single piece bigger than the XML reader"
                f" takes ({detail}: a text run over 10 MB or nesting over 256 levels), which Word does"
                " not write for a manuscript; save it again from Word, or export it to PDF",
            ) from None
        raise


#: The leading bytes of a ZIP archive (a DOCX is one).
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def zip_members(path: Path) -> set[str] | None:
    """The member names of a ZIP archive, or None when its directory cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        logger.debug("%s: ZIP directory unreadable: %s", path, exc)
        return None
