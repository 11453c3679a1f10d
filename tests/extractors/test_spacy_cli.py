"""spaCy is imported without its command line (extractors.spacy_cli), which still works when used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_loading_the_pipeline_leaves_spacy_cli_unimported() -> None:
    out = _run(
        "import sys\n"
        "from extractors.analysis.nlp import load_pipeline\n"
        "load_pipeline()\n"
        "heavy = ('weasel', 'typer', 'requests', 'jinja2', 'spacy.cli.download')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    assert out == "[]"


def test_spacy_cli_and_spacy_info_work_when_used() -> None:
    out = _run(
        "import extractors, spacy, sys\n"
        "assert spacy.info()['spacy_version'] == spacy.__version__\n"
        "from spacy.cli import download, app\n"
        "assert sys.modules['spacy.cli.download'].download is download\n"
        "print(type(spacy.cli).__name__, callable(download))\n"
    )
    assert out == "module True"


def test_a_cli_sub_module_imported_first_loads_the_real_package() -> None:
    out = _run(
        "import extractors, spacy, sys\n"
        "from spacy.cli.download import download\n"
        "print(type(sys.modules['spacy.cli']).__name__, hasattr(sys.modules['spacy.cli'], 'setup_cli'))\n"
    )
    assert out == "module True"
