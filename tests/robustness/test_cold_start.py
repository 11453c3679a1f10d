"""A single file screened from the command line loads only what screening uses (issue 19: cold start).

The installed command runs with ``PYTHONPROFILEIMPORTTIME=1`` (``python -X importtime``), which
lists every module it imports on stderr: none of the servers, schedulers and cluster engines of
other commands, nor spaCy's own command line (only its stand-in, ``extractors.spacy_cli``), nor
pint (unit conversions come from a table) or wordfreq (only Norwegian glossing needs it) may be
among them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.robustness.cli import run_cli

#: Top-level packages (and spaCy's CLI) a single-file screen without the store must not import.
NOT_IMPORTED = (
    "prefect", "prefect_dask", "dask", "distributed", "uvicorn", "fastapi", "starlette", "jinja2", "argon2",
    "sqlalchemy", "alembic", "babel", "pint", "wordfreq", "spacy.cli.download", "spacy.cli._util", "weasel",
    "typer", "requests", "httpx",
)

TEXT = ("Fibre laser design for materials processing. We describe a 2.1 kW ytterbium fibre laser "
        "emitting at 1064 nm with a beam quality of M2 = 1.1, and its thermal management. ")


def _pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for _ in range(2):
        pdf.add_page()
        pdf.multi_cell(0, 5, TEXT * 12)
    pdf.output(str(path))
    return path


def _imported(stderr: str) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("fmt", ["json", "terminal"])
def test_one_file_without_the_store_imports_only_what_screening_uses(tmp_path: Path, fmt: str) -> None:
    pdf = _pdf(tmp_path / "paper.pdf")
    outcome = run_cli(["screen", str(pdf), "--no-store", "--format", fmt], tmp_path,
                      env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert outcome.code in (0, 1), outcome.err[-2000:]
    imported = _imported(outcome.err)
    assert {"spacy", "pdfminer", "polars", "extractors.analysis.quantities"} <= imported  # the listing works
    assert sorted(m for m in NOT_IMPORTED if m in imported) == []
    if fmt == "json":
        assert json.loads(outcome.out)["documents"][0]["decision"]
