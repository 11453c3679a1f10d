"""Classifiers: from an analysed document and the item lists to findings and a decision.

``classify`` lives in :mod:`classifiers.screening`; it is loaded on first use, so importing a
light module of this package (``classifiers.types``, ``classifiers.settings``) does not load
spaCy, Polars tables and the whole scoring model (the review and audit commands need none).
"""

from __future__ import annotations

from typing import Any

__all__ = ["ScreeningSettings", "classify"]


def __getattr__(name: str) -> Any:
    if name == "classify":
        from classifiers.screening import classify

        return classify
    if name == "ScreeningSettings":
        from classifiers.settings import ScreeningSettings

        return ScreeningSettings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
