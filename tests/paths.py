"""Where the tests find the repository, their fixtures and the shared folder, wherever a test module sits."""

from __future__ import annotations

import os
from pathlib import Path

#: The tests folder and the repository (checkout) root.
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
#: Test fixtures: documents, share exports, people registers, probe sets.
FIXTURES = TESTS / "fixtures"
#: The bundled examples ``make demo`` screens.
EXAMPLES = ROOT / "flows" / "examples"
#: The shared folder beside the checkout (``EXPORTSCREEN_SHARED`` overrides it).
SHARED = Path(os.environ.get("EXPORTSCREEN_SHARED", ROOT / ".." / "shared"))
