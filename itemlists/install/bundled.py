"""The bundled list versions, one data file each: ``itemlists/install/manifests/<LIST>-<version>.toml``.

A manifest names everything ``make itemlists`` needs to build one version (see
``BundledVersion``); ``itemlists.install.build`` loops over them, so adding a bundled version
is adding one file. Example::

    list = "II"
    version = "2021"
    title = "List II - dual-use items (Norway, 2021)"
    format = "tree_2021"                 # a key of itemlists.sources.SOURCE_FORMATS
    sources = ["data/itemlists/norway_2020_2021/liste_II_2021_tree.json"]   # under --shared
    repairs = ["exponents"]              # keys of itemlists.sources.repairs.REPAIRS, in order
    attribution = "Norway's Liste II ..."
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from itemlists.sources import SOURCE_FORMATS
from itemlists.sources.repairs import REPAIRS
from itemlists.types import LIST_IDS

MANIFEST_DIR = Path(__file__).parent / "manifests"


class BundledVersion(BaseModel):
    """How to build one bundled list version from the shared sources."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    list: str = Field(description='"I", "II" or "III".')
    version: str = Field(description="Version label, also the data folder's name.")
    title: str
    format: str = Field(description="The source format: a key of itemlists.sources.SOURCE_FORMATS.")
    sources: tuple[str, ...] = Field(min_length=1, description="Source files under --shared, the main one first.")
    repairs: tuple[str, ...] = Field(default=(), description="itemlists.sources.repairs.REPAIRS to apply, in order.")
    entries: tuple[str, ...] | None = Field(
        default=None, description="Keep only these entries (the provisional List III's 18)."
    )
    attribution: str = Field(
        description="The acknowledgement (the build adds that only the official text is authentic)."
    )
    source_url: str | None = Field(default=None, description="Where the source is published (default: what it says).")
    valid_from: str | None = Field(default=None, description="Date it applies from (default: what the source says).")
    provisional: bool = False
    provenance: str | None = Field(default=None, description='How a provisional list was made ("{entries}" filled in).')
    current: bool = Field(default=True, description="Make this the list's current version.")

    @field_validator("list", "format", "repairs")
    @classmethod
    def _known(cls, value: str | tuple[str, ...], info: ValidationInfo) -> str | tuple[str, ...]:
        known = {"list": LIST_IDS, "format": tuple(SOURCE_FORMATS), "repairs": tuple(REPAIRS)}[str(info.field_name)]
        unknown = [v for v in ((value,) if isinstance(value, str) else value) if v not in known]
        if unknown:
            raise ValueError(f"unknown {info.field_name} {unknown!r}; known: {', '.join(known)}")
        return value

    @property
    def label(self) -> str:
        """``list@version``."""
        return f"{self.list}@{self.version}"

    def filled_provenance(self) -> str | None:
        """``provenance`` with ``{entries}`` replaced by the kept entries."""
        if self.provenance is None:
            return None
        return self.provenance.replace("{entries}", ", ".join(self.entries or ()))


def load_manifest(path: Path) -> BundledVersion:
    """Parse one manifest file; SystemExit names the file and the problem."""
    try:
        manifest = BundledVersion.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise SystemExit(f"{path}: not a bundled-version manifest ({exc})") from exc
    if path.stem != f"{manifest.list}-{manifest.version}":
        raise SystemExit(f"{path}: name it {manifest.list}-{manifest.version}.toml")
    return manifest


def load_manifests(directory: Path = MANIFEST_DIR) -> list[BundledVersion]:
    """Every ``*.toml`` manifest in ``directory``, by file name."""
    return [load_manifest(path) for path in sorted(directory.glob("*.toml"))]
