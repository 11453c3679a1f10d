"""Build the bundled item-list data from the shared sources (``make itemlists``).

    python -m itemlists.install.build --shared ../shared [--out itemlists/data]

Builds one version per manifest in ``itemlists/install/manifests/`` (see
``itemlists.install.bundled``): reads its sources with the reader ``SOURCE_FORMATS`` gives
for its format, applies its repairs and entry filter, validates, derives the term index and
thresholds, and writes ``<out>/<LIST>/<version>/`` and ``<out>/installed.json``. Only this
script reads the shared folder; the product reads the data it writes.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl

from extractors.documents.hashing import sha256_file
from itemlists.derive.tables import derived_frames
from itemlists.install.bundled import MANIFEST_DIR, BundledVersion, load_manifests
from itemlists.install.importing import AUTHENTIC, install, now_iso
from itemlists.install.store import BUNDLED_ROOT
from itemlists.install.validate import validate
from itemlists.sources import SourceData, SourceRequest, get_format
from itemlists.types import ListManifest

log = logging.getLogger(__name__)


def read_version(shared: Path, bundled: BundledVersion) -> SourceData:
    """Read one bundled version's sources with its format's reader, keeping its entries only."""
    request = SourceRequest(
        tuple(shared / source for source in bundled.sources), bundled.list, bundled.version, bundled.repairs
    )
    data = get_format(bundled.format).read(request)
    if bundled.entries is None:
        return data
    kept = data.provisions.filter(pl.col("entry_code").is_in(list(bundled.entries)))
    missing = sorted(set(bundled.entries) - set(kept["entry_code"].to_list()))
    if missing:
        raise SystemExit(f"{bundled.label}: entries not in the source: {missing!r}")
    # The repairs counted are the whole source's: a filtered version records its sources only.
    report = {k: v for k, v in data.report.items() if k == "sources"}
    return replace(data, provisions=kept, report=report, where=None)


def version_manifest(bundled: BundledVersion, data: SourceData, main_source: Path) -> ListManifest:
    """The ``ListManifest`` of one built version."""
    frame = data.provisions
    return ListManifest(
        list=bundled.list,
        version=bundled.version,
        title=bundled.title,
        source_file=main_source.name,
        source_sha256=sha256_file(main_source),
        source_url=bundled.source_url or data.source_url,
        valid_from=bundled.valid_from or data.valid_from,
        attribution=f"{bundled.attribution} {AUTHENTIC}",
        provisional=bundled.provisional,
        provenance=bundled.filled_provenance(),
        built_at=now_iso(),
        provision_count=frame.height,
        entry_count=frame["entry_code"].n_unique(),
    )


def build_version(shared: Path, out: Path, bundled: BundledVersion) -> ListManifest:
    """Build one bundled version into ``out``; SystemExit when its provisions fail validation."""
    data = read_version(shared, bundled)
    for problem in data.problems:
        log.warning("%s: %s", bundled.label, problem)
    problems = validate(data.provisions)
    if problems:
        raise SystemExit(f"{bundled.label} fails validation: {problems[:5]!r}")
    manifest = version_manifest(bundled, data, shared / bundled.sources[0])
    frames = {"provisions": data.provisions}
    if data.definitions is not None:
        frames["definitions"] = data.definitions
    frames.update(derived_frames(data.provisions, data.definitions))
    extras: dict[str, Any] = {k: data.report[k] for k in ("sources", "repairs") if k in data.report}
    install(out, manifest, frames, extras, data.report, make_current=bundled.current)
    log.info("wrote %s: %d provisions, %d entries", manifest.label, manifest.provision_count, manifest.entry_count)
    return manifest


def build_all(shared: Path, out: Path, manifests: Path = MANIFEST_DIR) -> dict[str, ListManifest]:
    """Build every bundled version (one per manifest in ``manifests``) into ``out``."""
    return {m.label: m for m in (build_version(shared, out, bundled) for bundled in load_manifests(manifests))}


def missing_sources(shared: Path, manifests: Path = MANIFEST_DIR) -> list[Path]:
    """Source files the manifests name that ``shared`` lacks."""
    return [shared / s for bundled in load_manifests(manifests) for s in bundled.sources if not (shared / s).is_file()]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="shared folder")
    parser.add_argument("--out", type=Path, default=BUNDLED_ROOT, help="data directory to write")
    parser.add_argument("--manifests", type=Path, default=MANIFEST_DIR, help="folder of version manifests")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    missing = missing_sources(args.shared, args.manifests)
    if missing:
        print(f"Error: {str(missing[0])!r} not found; pass --shared PATH", file=sys.stderr)
        return 2
    for label, manifest in build_all(args.shared, args.out, args.manifests).items():
        print(f"{label}: {manifest.provision_count} provisions, {manifest.entry_count} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
