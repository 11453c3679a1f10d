"""The machine-readable report: screening results -> ``ReportOut`` -> JSON.

``build_report`` is the one place where results are converted, rounded and ordered; the
terminal and HTML renderers draw from its output too. Key order follows the models' field
order, free-form dicts are sorted, and floats are rounded, so a report of the same results is
byte-identical (golden files stay stable).
"""

from __future__ import annotations

import json
import logging
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from classifiers.types import DOCUMENT_OUTCOMES, DocumentResult, Evidence, Finding
from itemlists.authentic import authentic_url
from reports.errors import ReportWriteError
from reports.run import RunInfo
from reports.types import (
    AUTHENTICITY_NOTICE,
    SCHEMA_VERSION,
    DocumentOut,
    EvidenceOut,
    FeatureOut,
    FindingOut,
    ReportOut,
    SummaryOut,
    ThresholdOut,
)

log = logging.getLogger(__name__)

#: File name used when ``write_json`` is given a directory.
JSON_FILENAME = "report.json"


def _r3(value: float) -> float:
    """Round to 3 decimals; ``+ 0.0`` turns -0.0 into 0.0 so JSON never shows "-0.0"."""
    return round(value, 3) + 0.0


def _sig(value: float) -> float:
    """Round to 6 significant digits (thresholds span 1e-5 to 1e10, so decimals do not fit)."""
    if not math.isfinite(value) or value == 0:
        return value + 0.0
    return float(f"{value:.6g}")


def _evidence(item: Evidence) -> EvidenceOut:
    return EvidenceOut(
        text=item.text,
        page=item.page,
        sentence=item.sentence,
        matched=item.matched,
        term=item.term,
        similarity=_r3(item.similarity),
        line=item.line,
    )


def ordered_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Order findings: flags before near-misses, each by score, highest first (stable for ties).

    Suppressed findings (marked false positives by review) come last, in the same order.
    """
    return sorted(findings, key=lambda f: (f.suppressed_by is not None, f.level != "flag", -f.score))


def _finding(finding: Finding) -> FindingOut:
    items = [_evidence(item) for item in finding.evidence]
    return FindingOut(
        code=finding.code,
        entry_code=finding.entry_code,
        list=finding.list,
        list_version=finding.list_version,
        level=finding.level,
        score=_r3(finding.score),
        rule=finding.rule,
        explanation=finding.explanation,
        evidence=items[0],
        evidence_items=items,
        provision_text=finding.provision_text,
        authentic_url=authentic_url(finding.list, finding.list_version),
        features=[
            FeatureOut(
                name=f.name, value=_sig(f.value), contribution=_r3(f.contribution), detail=f.detail
            )
            for f in finding.features
        ],
        thresholds=[
            ThresholdOut(
                code=t.code,
                quantity=t.quantity,
                comparator=t.comparator,
                required=_sig(t.required),
                unit=t.unit,
                found=None if t.found is None else _sig(t.found),
                found_text=t.found_text,
                met=t.met,
                description=t.describe(),
            )
            for t in finding.thresholds
        ],
        suppressed_by=finding.suppressed_by,
    )


def document_out(result: DocumentResult) -> DocumentOut:
    """The report model of one result (the same in JSON, HTML and the terminal)."""
    return DocumentOut(
        path=result.path,
        status=result.status,
        error=result.error,
        decision=result.decision,
        needs_review=result.needs_review,
        kind=result.kind,
        sha256=result.sha256,
        pages=result.pages,
        words=result.words,
        reasons=list(result.reasons),
        checked=result.checked,
        itemlist_versions=dict(sorted(result.itemlist_versions.items())),
        findings=[_finding(f) for f in ordered_findings(result.findings)],
        candidates=max(result.candidates, len(result.findings)),
    )


def cap_note(doc: DocumentOut) -> str:
    """"25 of 366 ..." when the findings shown are capped, else "" (terminal and HTML say it)."""
    if doc.candidates <= len(doc.findings):
        return ""
    from reports.i18n import _

    return _("{shown} of {scored} provisions scoring at or above the cutoff are shown (the strongest first); "
             "--max-findings N shows more").format(shown=len(doc.findings), scored=doc.candidates)


def _summary(documents: Sequence[DocumentOut]) -> SummaryOut:
    by_decision = dict.fromkeys(DOCUMENT_OUTCOMES, 0)
    for doc in documents:
        by_decision[doc.decision] += 1
    levels = [f.level for doc in documents for f in doc.findings if f.suppressed_by is None]
    return SummaryOut(
        documents=len(documents),
        by_decision=by_decision,
        failed=sum(doc.status == "failed" for doc in documents),
        needs_review=sum(doc.needs_review for doc in documents),
        flags=levels.count("flag"),
        near_misses=levels.count("near_miss"),
    )


def build_report(results: Iterable[DocumentResult], run: RunInfo) -> ReportOut:
    """Convert results to the report model (documents stay in input order)."""
    documents = [document_out(result) for result in results]
    return ReportOut(
        schema_version=SCHEMA_VERSION,
        authenticity_notice=AUTHENTICITY_NOTICE,
        run=run,
        summary=_summary(documents),
        documents=documents,
    )


def to_json_dict(results: Iterable[DocumentResult], run: RunInfo) -> dict[str, Any]:
    """Return the report as a JSON-ready dict (key order as written)."""
    return build_report(results, run).model_dump(mode="json")


def dumps(report: ReportOut) -> str:
    """Serialise a report: 2-space indent, ASCII-only (any text survives any stream), final newline.

    Raises:
        ValueError: A number is NaN or infinite: a bug upstream, so it fails loudly.
    """
    data = report.model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=True, allow_nan=False) + "\n"


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` via a temporary file, so no half report is left.

    Raises:
        ReportWriteError: The directory cannot be created or written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="\n") as fh:
                fh.write(text)
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is for sharing
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportWriteError(
            f"cannot write report {str(path)!r}: {exc.strerror or exc}; "
            "choose an --out directory you can write to"
        ) from exc


def write_json(
    results: Iterable[DocumentResult], run: RunInfo, out: Path | IO[str]
) -> Path | None:
    """Write the JSON report to a stream, a file, or ``report.json`` in a directory.

    Args:
        results: Screening results, in the order to report them.
        run: Run metadata.
        out: An open text stream, a file path, or an existing directory.

    Returns:
        The file written, or None when writing to a stream.

    Raises:
        ReportWriteError: The file cannot be written.
    """
    text = dumps(build_report(results, run))
    if not isinstance(out, Path):
        out.write(text)
        return None
    path = out / JSON_FILENAME if out.is_dir() else out
    write_text_atomically(path, text)
    log.info("JSON report written to %s", path)
    return path
