"""One run of a command: made when it starts, passed with every batch to the store, shown in the report.

``RunInfo`` is the one typed record of a run end to end (screen, rescreen, share-scan content);
``ItemListInfo`` the provenance of a list version it used.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Report and run models are immutable and refuse unknown fields.
FROZEN = ConfigDict(frozen=True, extra="forbid")


class ItemListInfo(BaseModel):
    """Provenance of one item-list version used in the run.

    Field names follow ``itemlists.types.ListManifest``, so
    ``ItemListInfo.model_validate(manifest.model_dump())`` works (extra keys are ignored).
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    list: str = Field(description='List identifier: "I", "II" or "III".')
    version: str = Field(description='Version label, e.g. "2025-11-15".')
    title: str = Field(default="", description="Human-readable title of the list version.")
    source_file: str = Field(default="", description="Official source file it was built from.")
    source_url: str | None = Field(default=None, description="Where the source is published.")
    source_sha256: str = Field(default="", description="sha256 of the source file's bytes.")
    attribution: str = Field(default="", description="Required acknowledgement of the source.")
    provisional: bool = Field(default=False, description="True for derived stand-ins (List III).")
    provenance: str | None = Field(default=None, description="How a provisional list was made.")

    @property
    def label(self) -> str:
        """``list@version``, e.g. ``II@2025-11-15``."""
        return f"{self.list}@{self.version}"


def _version() -> str:
    return package_version("exportscreen")


def _now() -> datetime:
    return datetime.now(UTC)


class RunInfo(BaseModel):
    """One run of a command, from its start through the store to the top of every report.

    Made when the command starts (``RunInfo(run_id=..., command="screen", settings=...)``),
    passed with every batch to the flows and the store (``stored()`` is its record there),
    and finished (``finished(...)``) for the report header, which shows
    :data:`REPORT_RUN_FIELDS`.
    """

    model_config = FROZEN

    run_id: str = Field(min_length=1, description="Identifier of the run.")
    started_at: datetime = Field(default_factory=_now, description="When the run started (timezone-aware, UTC).")
    finished_at: datetime | None = Field(
        default=None, description="When the run finished (timezone-aware, UTC); None while it runs."
    )
    exportscreen_version: str = Field(default_factory=_version, description="Version of exportscreen that screened.")
    settings: dict[str, Any] = Field(
        default_factory=dict,
        description="Settings used (cutoff, threshold, ...); keys sorted, values JSON-ready.",
    )
    itemlists: list[ItemListInfo] = Field(
        default_factory=list, description="Item-list versions used, with source and sha256."
    )
    checked: list[str] = Field(
        default_factory=list,
        description='What was checked, e.g. "List II@2025-11-15 (3443 provisions)".',
    )
    command: str = Field(default="screen", description='The command that made the run ("screen", "rescreen").')
    store: bool = Field(default=True, description="Whether the run's results are stored.")
    options: dict[str, str | None] = Field(
        default_factory=dict, description='Options recorded with the run (rescreen: "itemlist", "source").'
    )
    units: dict[str, Any] = Field(
        default_factory=dict,
        description="Unit rules of --unit/--unit-map (reports.units.UnitMap.to_record); empty: no units.",
    )

    @field_validator("started_at", "finished_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(
                f"time {value.isoformat()!r} has no timezone; pass datetime.now(UTC) or similar"
            )
        return value.astimezone(UTC)

    @field_validator("settings")
    @classmethod
    def _json_ready(cls, value: dict[str, Any]) -> dict[str, Any]:
        # Paths, dates and the like become strings; keys are sorted so reports are stable.
        normalised: dict[str, Any] = json.loads(json.dumps(value, sort_keys=True, default=str))
        return normalised

    @model_validator(mode="after")
    def _ordered(self) -> RunInfo:
        if self.finished_at is not None and self.finished_at < self.started_at:
            raise ValueError(
                f"finished_at {self.finished_at.isoformat()!r} is before started_at "
                f"{self.started_at.isoformat()!r}; record the finish time after the run"
            )
        return self

    def finished(self, itemlists: list[ItemListInfo], checked: list[str]) -> RunInfo:
        """The run as its report shows it: finished now, with the lists used and what was checked."""
        return self.model_copy(update={"finished_at": _now(), "itemlists": itemlists, "checked": checked})

    def stored(self) -> dict[str, Any]:
        """The run's record in the results store (JSON-ready)."""
        record: dict[str, Any] = {
            "run_id": self.run_id,
            "command": self.command,
            "started_at": self.started_at.isoformat(),
            "settings": self.settings,
            "exportscreen_version": self.exportscreen_version,
            "store": self.store,
        }
        if self.units:
            record["units"] = self.units
        return record | self.options

    @property
    def duration_seconds(self) -> float:
        """Wall-clock duration of the run (0 while it runs)."""
        return ((self.finished_at or self.started_at) - self.started_at).total_seconds()


#: The run's fields in a report's header (the JSON report's ``run``).
REPORT_RUN_FIELDS = (
    "run_id",
    "started_at",
    "finished_at",
    "exportscreen_version",
    "settings",
    "itemlists",
    "checked",
)
