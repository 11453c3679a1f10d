"""Cloud-share scans for the CLI and the nightly flow: settings in, ``reports.shares`` does the work.

``scan_exports`` is the plain function the CLI calls; ``scan_share_exports`` is the Prefect
flow a deployment runs every night: it picks up export files from a folder that no earlier
scan processed (by sha256, remembered in the results store) and scans only those.
``make_deployment`` builds that deployment (no work pool needed: ``prefect.serve`` runs it).
What a scan does (read, find content, decide, store) is ``reports.shares.scan_shares``; this
module adds the configured store URL and the screening pipeline for content files.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from classifiers.types import DocumentResult
from flows.settings import database_url as configured_url
from reports.shares import ScanOutcome, new_scan_key, scan_shares
from reports.shares import new_exports as unprocessed_exports
from reports.units import UnitMap

FLOW_NAME = "scan_share_exports"
DEPLOYMENT_NAME = "nightly-share-scan"
DEFAULT_CRON = "0 2 * * *"


def scan_exports(
    exports: Sequence[str | Path],
    people: str | Path,
    content_dir: str | Path | None = None,
    database_url: str | None = None,
    store: bool = True,
    scan_key: str | None = None,
    units: UnitMap | None = None,
) -> ScanOutcome:
    """Scan share exports with the configured store (see ``reports.shares.scan_shares``).

    Args:
        exports: Export files in any supported format.
        people: The people register (CSV or JSON).
        content_dir: A local mirror of the shared folders, or None.
        database_url: Results store URL (None: the configured default).
        store: False to decide without reading or writing the store.
        scan_key: The scan's id (default: a new one).
        units: Unit rules (``--unit``/``--unit-map``) for the stored observations.

    Returns:
        The decided grants, revocations, quarantine records and what was stored.
    """
    scan_key = scan_key or new_scan_key()
    url = configured_url(database_url) if store else None
    return scan_shares(exports, people, content_dir, url, partial(_screen, run_id=f"{scan_key}-content"), scan_key,
                       units)


def _screen(paths: list[Path], store_url: str | None, run_id: str) -> list[DocumentResult]:
    """Screen content files with the plain pipeline; store the results so later scans reuse them."""
    from classifiers.settings import make_settings
    from flows.pipeline import make_context, screen_and_store
    from flows.settings import pdf_engine_settings
    from reports.run import RunInfo

    context = make_context(make_settings(**pdf_engine_settings()))
    run = RunInfo(
        run_id=run_id, command="shares scan", settings=context.settings.model_dump(), store=store_url is not None
    )
    return screen_and_store(paths, context, run, store_url)


def new_exports(folder: str | Path, database_url: str | None = None) -> list[Path]:
    """Export files in ``folder`` (not in sub-folders) that no earlier scan in the configured store processed."""
    return unprocessed_exports(folder, configured_url(database_url))


def __getattr__(name: str) -> Any:
    """The nightly flow and its deployment live in flows.prefect_flows (imports Prefect)."""
    if name in ("scan_share_exports", "scan_task", "make_deployment"):
        from flows import prefect_flows

        return getattr(prefect_flows, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
