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
from pathlib import Path
from typing import Any

import polars as pl

from itemlists.install.importing import AUTHENTIC, derived_frames, install, now_iso
from itemlists.install.store import BUNDLED_ROOT
from itemlists.install.validate import sha256_file, validate
from itemlists.sources import SourceData, SourceRequest, get_format
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


def build_eu(shared: Path) -> SourceData:
    """List II@2025-11-15: provisions (repaired), definitions, and the build report."""
    request = SourceRequest(
        (shared / EU_DIR / "annex.json", shared / EU_DIR / "eu_annex_i_2025-11-15_flat.jsonl"),
        "II",
        EU_VERSION,
        ("note_placement", "exponents"),
    )
    return get_format("eu_annex_json").read(request)


def build_2021(shared: Path) -> SourceData:
    """List II@2021 from the tree fixture, cross-checked against the flat file."""
    paths = (shared / NO_DIR / "liste_II_2021_tree.json", shared / NO_DIR / "norway_list_II_2021_flat.jsonl")
    return get_format("tree_2021").read(SourceRequest(paths, "II", "2021", ("exponents",)))


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
    data = build_eu(shared)
    eu, definitions, eu_report = data.provisions, data.definitions, data.report
    if definitions is None:
        raise SystemExit("annex.json gave no definitions")
    eu_fields = {
        "source_file": "annex.json",
        "source_sha256": eu_report["sources"]["annex.json"],
        "source_url": data.source_url,
        "valid_from": data.valid_from,
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

    old = build_2021(shared)
    tree = shared / NO_DIR / "liste_II_2021_tree.json"
    m = _manifest(
        old.provisions,
        title="List II - dual-use items (Norway, 2021)",
        source_file=tree.name,
        source_sha256=sha256_file(tree),
        source_url="https://github.com/safetecnordic/export-control",
        attribution=NO_ATTRIBUTION,
    )
    _write(out, m, {"provisions": old.provisions}, old.report, make_current=False)
    built[m.label] = m
    built.update(_build_list_one(shared, out))
    return built


def _build_list_one(shared: Path, out: Path) -> dict[str, ListManifest]:
    """List I@2020 from the official PDF."""
    pdf = shared / NO_DIR / "liste_I_2020_vedlegg_I.pdf"
    data = get_format("list_one_pdf").read(SourceRequest((pdf,), "I", "2020"))
    for problem in data.problems:
        log.warning("List I: %s", problem)
    m = _manifest(
        data.provisions,
        title="List I - defence-related goods (Norway, 2020)",
        source_file=pdf.name,
        source_sha256=sha256_file(pdf),
        source_url="https://lovdata.no/dokument/SF/forskrift/2013-06-19-718",
        attribution="Norway's Liste I - forsvarsrelaterte varer (2020), annex I to the Export "
        "Control Regulation; in line with the EU Common Military List of 17 February 2020. " + AUTHENTIC,
    )
    _write(out, m, {"provisions": data.provisions}, data.report)
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
