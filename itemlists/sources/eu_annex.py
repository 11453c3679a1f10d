"""The EU Annex I ``annex.json`` (exports-watch layout): metadata, entry heads and docs.

The provisions themselves come from the flat JSON-lines file (one row per dotted code); the
annex file gives the version, source URL, attribution, and the ``docs`` (definitions annex,
Article 2 definitions, general notes). Format ``eu_annex_json`` (``read_source``) reads the
two together: ``annex.json`` first, then its flat file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from extractors.documents.hashing import sha256_file
from itemlists.derive.definitions import parse_annex_definitions, parse_article_definitions
from itemlists.errors import ListImportError
from itemlists.sources.base import SourceData, SourceRequest
from itemlists.sources.common import records_to_frame
from itemlists.sources.flat import read_rows
from itemlists.sources.repairs import apply_repairs, repair_report


@dataclass(frozen=True, slots=True)
class AnnexDoc:
    """One document of the annex outside the entries (``doc_type`` as in the source)."""

    doc_type: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class AnnexMeta:
    """Metadata of one consolidated annex text."""

    corpus_version: str
    valid_from: str
    source_url: str
    attribution: str
    entry_codes: tuple[str, ...]
    docs: tuple[AnnexDoc, ...]

    def doc(self, doc_type: str) -> AnnexDoc | None:
        """The first doc of ``doc_type``, or None."""
        return next((d for d in self.docs if d.doc_type == doc_type), None)


def read_annex(path: Path) -> AnnexMeta:
    """Read ``annex.json``.

    Raises:
        ListImportError: The file is not JSON or lacks the annex keys.
    """
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return AnnexMeta(
            corpus_version=data["corpus_version"],
            valid_from=data["valid_from"],
            source_url=data["source_url"],
            attribution=data["attribution"],
            entry_codes=tuple(e["entry_code"] for e in data["entries"]),
            docs=tuple(AnnexDoc(d["doc_type"], d["title"], d["verbatim_text"]) for d in data["docs"]),
        )
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ListImportError(f"{path.name!r} is not an annex.json file ({exc!r})") from exc


def read_source(request: SourceRequest) -> SourceData:
    """Provisions of the flat file (repaired as asked), definitions and metadata of annex.json.

    The version defaults to the annex's ``valid_from``. Raises ``ListImportError`` when the
    request does not name the two files, or an annex entry is missing from the flat file.
    """
    if len(request.paths) != 2:
        raise ListImportError(f"eu_annex_json reads annex.json and its flat file, not {len(request.paths)} file(s)")
    annex_path, flat_path = request.paths
    meta = read_annex(annex_path)
    records = read_rows(flat_path)
    log = apply_repairs(records, request.repairs)
    frame = records_to_frame(records, request.list_id, request.version or meta.valid_from)
    missing = set(meta.entry_codes) - set(frame["entry_code"].unique().to_list())
    if missing:
        raise ListImportError(f"annex.json entries missing from the flat file: {sorted(missing)!r}")
    definitions = pl.concat(
        [
            parse_annex_definitions(_doc_text(meta, "definitions_annex")),
            parse_article_definitions(_doc_text(meta, "definitions")),
        ]
    )
    report = {
        "sources": {annex_path.name: sha256_file(annex_path), flat_path.name: sha256_file(flat_path)},
        **repair_report(log),
    }
    return SourceData(frame, report, definitions=definitions, source_url=meta.source_url, valid_from=meta.valid_from)


def _doc_text(meta: AnnexMeta, doc_type: str) -> str:
    doc = meta.doc(doc_type)
    if doc is None:
        raise ListImportError(f"annex.json has no {doc_type!r} doc")
    return str(doc.text)
