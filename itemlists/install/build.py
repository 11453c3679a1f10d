"""Build the bundled item-list data from the shared sources (``make itemlists``).

    python -m itemlists.install.build --shared ../shared [--out itemlists/data]

Writes ``<out>/<LIST>/<version>/`` for List II@2025-11-15 (EU Annex I, with repairs),
List II@2021 (Norway's 2021 list, rebuilt from the tree fixture), the provisional
List III (the EU 2025 "5xx" entries), List I@2020 when ``itemlists.sources.listone`` is
available, and ``<out>/installed.json``. Only this script reads the shared folder; the
product reads the data it writes.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl

from itemlists.derive.definitions import parse_annex_definitions, parse_article_definitions
from itemlists.install.importing import AUTHENTIC, derived_frames, install, now_iso
from itemlists.install.store import BUNDLED_ROOT
from itemlists.install.validate import sha256_file, validate
from itemlists.sources.common import records_to_frame
from itemlists.sources.eu_annex import read_annex
from itemlists.sources.flat import read_rows
from itemlists.sources.repairs import repair_exponents, repair_note_placement
from itemlists.sources.tree2021 import parse_tree
from itemlists.types import ListManifest

log = logging.getLogger(__name__)

EU_DIR = "data/itemlists/eu_annex_i_2025"
NO_DIR = "data/itemlists/norway_2020_2021"
EU_VERSION = "2025-11-15"
III_VERSION = "provisional-2025-11-15"
#: EU 2025 entries standing in for Norway's List III (shared SOURCES.md).
LIST_III_ENTRIES = (
    "1C513 2B510 2D352 2E503 3A501 3A502 3A504 3B501 3B503 3B504 3C507 3C508 3C509 3D006 3D507 3E505 4A506 4A507"
).split()
EU_ATTRIBUTION = (
    "Contains Annex I of Regulation (EU) 2021/821 as amended (consolidated text CELEX "
    "02021R0821-20251115). © European Union, https://eur-lex.europa.eu - reuse permitted "
    "provided the source is acknowledged (Commission Decision 2011/833/EU). Structured by the "
    "exports-watch dataset. " + AUTHENTIC
)
NO_ATTRIBUTION = (
    "Norway's Liste II - flerbruksvarer (2021), annex II to the Export Control Regulation; "
    "Norwegian regulations are not protected by copyright (åndsverkloven § 14). Structured copy "
    "from github.com/safetecnordic/export-control (MIT). " + AUTHENTIC
)
III_PROVENANCE = (
    "Derived from EU Regulation 2021/821 Annex I as amended (2025): the 18 '5xx' entries "
    f"({', '.join(LIST_III_ENTRIES)}) stand in for Norway's national List III (in force from "
    "1 November 2024), whose official text is not available here. Replace it by importing the "
    "official text ('exportscreen itemlists import FILE --list III')."
)


def build_eu(shared: Path) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, Any]]:
    """List II@2025-11-15 provisions (repaired), definitions, and the build report."""
    annex_path = shared / EU_DIR / "annex.json"
    flat_path = shared / EU_DIR / "eu_annex_i_2025-11-15_flat.jsonl"
    meta = read_annex(annex_path)
    records = read_rows(flat_path)
    note_log = repair_note_placement(records)
    exp_log = repair_exponents(records)
    frame = records_to_frame(records, "II", EU_VERSION)
    definitions = pl.concat(
        [
            parse_annex_definitions(_doc_text(meta, "definitions_annex")),
            parse_article_definitions(_doc_text(meta, "definitions")),
        ]
    )
    missing = set(meta.entry_codes) - set(frame["entry_code"].unique().to_list())
    if missing:
        raise SystemExit(f"annex.json entries missing from the flat file: {sorted(missing)!r}")
    repairs = [r.as_dict() for r in note_log + exp_log]
    report = {
        "sources": {
            annex_path.name: sha256_file(annex_path),
            flat_path.name: sha256_file(flat_path),
        },
        "repairs": dict(Counter(r["kind"] for r in repairs)),
        "repair_log": repairs,
        "valid_from": meta.valid_from,
        "source_url": meta.source_url,
    }
    return frame, definitions, report


def _doc_text(meta: Any, doc_type: str) -> str:
    doc = meta.doc(doc_type)
    if doc is None:
        raise SystemExit(f"annex.json has no {doc_type!r} doc")
    return str(doc.text)


def build_2021(shared: Path) -> tuple[pl.DataFrame, dict[str, Any]]:
    """List II@2021 from the tree fixture, cross-checked against the flat file."""
    tree_path = shared / NO_DIR / "liste_II_2021_tree.json"
    flat_path = shared / NO_DIR / "norway_list_II_2021_flat.jsonl"
    records, counts = parse_tree(tree_path)
    exp_log = repair_exponents(records)
    frame = records_to_frame(records, "II", "2021")
    flat = read_rows(flat_path)
    flat_entries = {row["entry_code"] for row in flat}
    ours = set(frame["entry_code"].unique().to_list())
    if flat_entries != ours:
        raise SystemExit(f"2021 entries differ from the flat cross-check: {sorted(flat_entries ^ ours)!r}")
    flat_codes = {row["code"] for row in flat}
    report = {
        "sources": {tree_path.name: sha256_file(tree_path), flat_path.name: sha256_file(flat_path)},
        "repairs": {**counts, "exponent": len(exp_log)},
        "repair_log": [r.as_dict() for r in exp_log],
        "cross_check": {
            "flat_rows": len(flat),
            "flat_duplicate_codes": len(flat) - len(flat_codes),
            "codes_only_in_tree": frame.height - len(flat_codes & set(frame["code"].to_list())),
            "codes_only_in_flat": len(flat_codes - set(frame["code"].to_list())),
        },
    }
    return frame, report


def _manifest(frame: pl.DataFrame, **fields: Any) -> ListManifest:
    return ListManifest(
        list=str(frame["list"][0]),
        version=str(frame["version"][0]),
        built_at=now_iso(),
        provision_count=frame.height,
        entry_count=frame["entry_code"].n_unique(),
        **fields,
    )


def _write(
    out: Path,
    manifest: ListManifest,
    frames: dict[str, pl.DataFrame],
    report: dict[str, Any],
    make_current: bool = True,
) -> None:
    problems = validate(frames["provisions"])
    if problems:
        raise SystemExit(f"{manifest.label} fails validation: {problems[:5]!r}")
    definitions = frames.get("definitions")
    frames = {**frames, **derived_frames(frames["provisions"], definitions)}
    extras: dict[str, Any] = {k: report[k] for k in ("sources", "repairs") if k in report}
    install(out, manifest, frames, extras, report, make_current=make_current)
    log.info("wrote %s: %d provisions, %d entries", manifest.label, manifest.provision_count, manifest.entry_count)


def build_all(shared: Path, out: Path) -> dict[str, ListManifest]:
    """Build every list version from ``shared`` into ``out``; return the manifests."""
    eu, definitions, eu_report = build_eu(shared)
    eu_fields = {
        "source_file": "annex.json",
        "source_sha256": eu_report["sources"]["annex.json"],
        "source_url": eu_report.pop("source_url"),
        "valid_from": eu_report.pop("valid_from"),
        "attribution": EU_ATTRIBUTION,
    }
    built: dict[str, ListManifest] = {}
    m = _manifest(eu, title="List II - dual-use items (EU 2021/821 Annex I, 2025-11-15)", **eu_fields)
    _write(out, m, {"provisions": eu, "definitions": definitions}, eu_report)
    built[m.label] = m

    third = eu.filter(pl.col("entry_code").is_in(LIST_III_ENTRIES)).with_columns(
        pl.lit("III").alias("list"), pl.lit(III_VERSION).alias("version")
    )
    m = _manifest(
        third,
        title="List III (provisional) - EU 2025 '5xx' entries",
        provisional=True,
        provenance=III_PROVENANCE,
        **eu_fields,
    )
    _write(out, m, {"provisions": third, "definitions": definitions}, {"sources": eu_report["sources"]})
    built[m.label] = m

    old, old_report = build_2021(shared)
    tree = shared / NO_DIR / "liste_II_2021_tree.json"
    m = _manifest(
        old,
        title="List II - dual-use items (Norway, 2021)",
        source_file=tree.name,
        source_sha256=sha256_file(tree),
        source_url="https://github.com/safetecnordic/export-control",
        attribution=NO_ATTRIBUTION,
    )
    _write(out, m, {"provisions": old}, old_report, make_current=False)
    built[m.label] = m
    built.update(_build_list_one(shared, out))
    return built


def _build_list_one(shared: Path, out: Path) -> dict[str, ListManifest]:
    """List I@2020 from the official PDF, when the List I parser is available."""
    try:
        from itemlists.sources.listone.parser import parse_list_one_pdf
    except ImportError:
        log.warning("itemlists.sources.listone not available: List I not built")
        return {}
    pdf = shared / NO_DIR / "liste_I_2020_vedlegg_I.pdf"
    frame, report = parse_list_one_pdf(pdf, version="2020")
    for problem in report.get("problems", []):
        log.warning("List I: %s", problem)
    m = _manifest(
        frame,
        title="List I - defence-related goods (Norway, 2020)",
        source_file=pdf.name,
        source_sha256=sha256_file(pdf),
        source_url="https://lovdata.no/dokument/SF/forskrift/2013-06-19-718",
        attribution="Norway's Liste I - forsvarsrelaterte varer (2020), annex I to the Export "
        "Control Regulation; in line with the EU Common Military List of 17 February 2020. " + AUTHENTIC,
    )
    _write(out, m, {"provisions": frame}, {"parse_report": report})
    return {m.label: m}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="shared folder")
    parser.add_argument("--out", type=Path, default=BUNDLED_ROOT, help="data directory to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if not (args.shared / EU_DIR).is_dir():
        print(f"Error: {str(args.shared / EU_DIR)!r} not found; pass --shared PATH", file=sys.stderr)
        return 2
    for label, manifest in build_all(args.shared, args.out).items():
        print(f"{label}: {manifest.provision_count} provisions, {manifest.entry_count} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
