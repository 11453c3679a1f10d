"""Import spaCy without its command line: ``spacy.cli`` loads when something uses it.

``import spacy`` runs ``from .cli.info import info``, and ``spacy/cli/__init__.py`` imports
every spaCy sub-command with what they need (weasel, typer, requests, jinja2, httpx): about
0.4 s of a cold ``exportscreen screen`` that never runs one. :func:`install` (called by
``extractors/__init__.py``, before anything here can import spaCy) adds an import hook that,
only while spaCy's own ``__init__`` runs, gives ``spacy.cli`` and ``spacy.cli.info`` as
stand-ins: ``spacy.info`` is a function that imports the real one when called, and the first
use of anything else in ``spacy.cli`` (an attribute, or a sub-module such as
``spacy.cli.download``) imports the real package. Nothing of spaCy's pipelines, models or
tokens comes from ``spacy.cli``; ``python -m spacy`` in another process is not affected.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from typing import Any

_STAND_INS = ("spacy.cli", "spacy.cli.info")


def _spacy_initialising() -> bool:
    """True while ``spacy/__init__.py`` runs (the import system marks its spec so)."""
    module = sys.modules.get("spacy")
    spec = getattr(module, "__spec__", None)
    return bool(getattr(spec, "_initializing", False))


def real_cli() -> types.ModuleType:
    """Replace the stand-ins by spaCy's real ``spacy.cli`` package and return it."""
    module = sys.modules.get("spacy.cli")
    if module is not None and not isinstance(module, _StandIn):
        return module
    for name in _STAND_INS:
        if isinstance(sys.modules.get(name), _StandIn):
            del sys.modules[name]
    real = importlib.import_module("spacy.cli")
    return real


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported with ``spacy.cli`` when called."""
    return real_cli().info(*args, **kwargs)


class _StandIn(types.ModuleType):
    """``spacy.cli`` or ``spacy.cli.info`` until something uses them."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        real = real_cli()
        target = real if self.__name__ == "spacy.cli" else importlib.import_module(self.__name__)
        return getattr(target, name)


class _Loader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _StandIn(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        if module.__name__ == "spacy.cli.info":
            module.info = _info  # type: ignore[attr-defined]


class _Finder(importlib.abc.MetaPathFinder):
    """Gives the stand-ins while spaCy's ``__init__`` imports ``spacy.cli.info``; nothing else."""

    def find_spec(self, fullname: str, path: Any, target: types.ModuleType | None = None) -> Any:
        if fullname in _STAND_INS and _spacy_initialising():
            return importlib.util.spec_from_loader(fullname, _Loader(), is_package=fullname == "spacy.cli")
        if fullname.startswith("spacy.cli.") and isinstance(sys.modules.get("spacy.cli"), _StandIn):
            # A sub-module of the real package: load the package, then give what it loaded.
            real = real_cli()
            if fullname in sys.modules:
                return importlib.util.spec_from_loader(fullname, _Loaded())
            return importlib.machinery.PathFinder.find_spec(fullname, list(real.__path__))
        return None


class _Loaded(importlib.abc.Loader):
    """The module the real ``spacy.cli`` already imported."""

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return sys.modules[spec.name]

    def exec_module(self, module: types.ModuleType) -> None:
        return None


def install() -> None:
    """Add the import hook (once; not when spaCy is already imported)."""
    if "spacy" in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
