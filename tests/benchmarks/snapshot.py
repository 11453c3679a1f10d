"""Behaviour snapshot: the JSON of every development and probe text and of the bundled examples.

A refactoring must not change what the product decides or explains. Run this before and after
and compare the two folders (``diff -r``); ``--check DIR`` compares with a saved snapshot and
exits 1 naming the first differing document. Run metadata (times, ids) is left out.

    python -m tests.benchmarks.snapshot --shared ../shared --out /tmp/snapshot-before
    python -m tests.benchmarks.snapshot --shared ../shared --check /tmp/snapshot-before
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from classifiers.settings import ScreeningSettings
from flows.pipeline import make_context, screen_path
from reports.render.json_report import document_out
from tests.benchmarks.evaluate import screen_text

ROOT = Path(__file__).resolve().parents[2]


def snapshot(shared: Path) -> dict[str, str]:
    """Name -> canonical JSON of the document's report entry, for every text screened."""
    settings = ScreeningSettings()
    out: dict[str, str] = {}
    sets = [shared / "data" / "eval" / "dev.jsonl", *sorted((ROOT / "tests" / "fixtures" / "probe").glob("*.jsonl"))]
    for path in sets:
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            result = screen_text(case["id"], case["text"], settings)
            out[f"{path.stem}/{case['id']}"] = _canonical(result)
    context = make_context(settings)
    for example in sorted((ROOT / "flows" / "examples").iterdir()):
        out[f"examples/{example.name}"] = _canonical(screen_path(example, context), path=example.name)
    return out


def _canonical(result: object, path: str | None = None) -> str:
    """The report entry as sorted JSON; ``path`` replaces the checkout-dependent absolute path."""
    entry = document_out(result).model_dump(mode="json")  # type: ignore[arg-type]
    if path is not None:
        entry["path"] = path
    return json.dumps(entry, sort_keys=True, indent=1, ensure_ascii=False)


def _saved(folder: Path, name: str) -> str | None:
    path = folder / f"{name.replace('/', '__')}.json"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="write the snapshot into this folder")
    group.add_argument("--check", type=Path, help="compare with the snapshot in this folder")
    args = parser.parse_args(argv)
    current = snapshot(args.shared)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, text in current.items():
            target = args.out / f"{name.replace('/', '__')}.json"
            target.write_text(text + "\n", encoding="utf-8")
        print(f"{len(current)} documents written to {args.out}")
        return 0
    differing = [name for name, text in current.items() if _saved(args.check, name) != text + "\n"]
    saved = len(list(args.check.glob("*.json")))
    shown = f": {differing[:5]}" if differing else ""
    print(f"{len(current)} documents, {saved} saved, {len(differing)} differ{shown}")
    return 1 if differing or saved != len(current) else 0


if __name__ == "__main__":
    sys.exit(main())
