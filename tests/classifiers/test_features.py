"""The scoring features: one registry (classifiers.documents.FEATURES), consulted by scorer and findings alike."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import polars as pl
import pytest

import classifiers.documents as documents
from classifiers import classify
from classifiers.documents import FEATURES, ScoreFeature
from classifiers.documents.feature import PathRow
from classifiers.settings import ScreeningSettings
from extractors.analysis.analyse import analyse
from extractors.types import Document, Page
from flows.pipeline import make_context

ROOT = Path(__file__).resolve().parents[2]
LASER = (
    "We report a continuous wave ytterbium fibre laser emitting 2.1 kW of output power at 1070 nm in a single "
    "transverse mode. The wall-plug efficiency exceeded 35 %. We describe how the laser was built."
)


def _feature_modules() -> dict[str, ScoreFeature]:
    found = {}
    for info in pkgutil.iter_modules(documents.__path__):
        module = importlib.import_module(f"classifiers.documents.{info.name}")
        if isinstance(getattr(module, "FEATURE", None), ScoreFeature):
            found[info.name] = module.FEATURE
    return found


def test_every_feature_module_is_registered_once_under_its_own_name() -> None:
    modules = _feature_modules()
    assert sorted(f.name for f in FEATURES) == sorted(modules)
    assert all(modules[name].name == name for name in modules)
    assert len({f.name for f in FEATURES}) == len(FEATURES)


@pytest.fixture(scope="module")
def context():
    # The hand-set scorer: these tests read the features' hand-set contributions and the rules
    # that gate a flag; the fitted scorer has its own tests (test_model.py).
    return make_context(ScreeningSettings(scorer="hand"))


def _screen(text: str, context):
    doc = Document("case.txt", "text", (Page(1, text),), "0" * 64, len(text))
    return classify(analyse(doc, context.pipeline), context.reference, context.settings)


def test_findings_show_exactly_the_registered_features_and_the_score_is_their_sum(context) -> None:
    result = _screen(LASER, context)
    finding = next(f for f in result.findings if f.rule == "list_match")
    names = [f.name for f in finding.features if f.name not in ("exclusion", "e_technology")]
    assert names == [f.name for f in FEATURES]
    z = sum(f.contribution for f in finding.features if f.name in names)
    assert finding.score == pytest.approx(min(1 / (1 + pl.Series([-z]).exp()[0]), 0.999), abs=0.002)


def _explain(_row: PathRow) -> str:
    return "A test feature."


def test_a_new_feature_takes_one_registry_line(context, monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a module's FEATURE to FEATURES is all it takes: the scorer sums it, findings explain it."""
    before = {f.code: f.score for f in _screen(LASER, context).findings}
    extra = ScoreFeature("test_bonus", pl.lit(1.0), pl.lit(-4.0), _explain)
    monkeypatch.setattr(documents, "FEATURES", (*FEATURES, extra))
    after = _screen(LASER, context)
    shown = [f for f in after.findings for feature in f.features if feature.name == "test_bonus"]
    assert shown and all(f.score < before.get(f.code, 1.0) for f in shown)
    details = {feature.detail for f in shown for feature in f.features if feature.name == "test_bonus"}
    assert details == {"A test feature."}


def test_no_module_outside_the_scorer_reads_a_feature_module() -> None:
    """Weights live in their feature's module; only the registry (and the path scorer's evidence) import them."""
    feature_modules = {f"classifiers.documents.{name}" for name in _feature_modules()}
    allowed = {"classifiers/documents/__init__.py", "classifiers/score.py"}
    offenders = []
    for package in ("flows", "extractors", "classifiers", "itemlists", "reports"):
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel in allowed or rel.startswith("classifiers/documents/"):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module in feature_modules:
                    offenders.append(f"{rel}: {node.module}")
    assert offenders == []


def test_document_checks_read_only_the_types_of_the_floors_below() -> None:
    """classifiers/documents reads finished analyses and installed lists: extractors.types and itemlists.types only."""
    offenders = []
    for path in sorted((ROOT / "classifiers" / "documents").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            modules += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for module in modules:
                package = module.split(".")[0]
                if package in ("extractors", "itemlists") and module not in ("extractors.types", "itemlists.types"):
                    offenders.append(f"{path.name}: {module}")
    assert offenders == []
