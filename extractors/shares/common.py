"""Column helpers shared by the share readers: identities, times, vocabularies, stable ids.

Everything here works on whole Polars columns. The one deliberate per-value loop is
``stable_hash``: Polars' own ``hash`` may change between Polars versions, and grant ids must
stay the same across upgrades so that a rerun adds nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl

from extractors.shares.types import GRANT_SCHEMA

# Claims prefixes of SharePoint login names, the ad-hoc guest prefix and mailto:, repeated.
_PREFIX_RE = r"^(?:\s*(?:[ic]:0[^|]*\|[^|]*\||urn:spo:guest#|mailto:))+"
# Entra B2B guest UPN: kari_uni.no#ext#@tenant.onmicrosoft.com -> kari@uni.no (the last "_"
# stands for the "@"; domains have no "_").
_GUEST_UPN_RE = r"^([^#@_\s][^#@\s]*)_([^_#@\s]+)#ext#@[^#@\s]+$"

SYSTEM_ACCOUNTS = ("app@sharepoint", "sharepoint\\system", "system", "dropbox", "box")
"""Grantors that are services, not people: ``grantor_basis`` becomes ``system_account``."""

_HASH_CHUNK = 100_000
TIME_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d")


def identity(expr: pl.Expr) -> pl.Expr:
    """Normalise an e-mail, UPN or login name: lower-case, claims and guest forms resolved.

    ``i:0#.f|membership|x@y``, ``urn:spo:guest#x@y`` and ``mailto:x@y`` become ``x@y``; the
    B2B guest form ``kari_uni.no#EXT#@tenant.onmicrosoft.com`` becomes ``kari@uni.no``. Empty
    values become null. The function is idempotent.

    Args:
        expr: A string column.

    Returns:
        The normalised column.
    """
    e = expr.str.strip_chars().str.to_lowercase().str.replace(_PREFIX_RE, "").str.strip_chars()
    e = e.str.replace(_GUEST_UPN_RE, "${1}@${2}")
    return pl.when(e.str.len_bytes() > 0).then(e)


def normalise_email(value: str | None) -> str | None:
    """Normalise one identity the same way as ``identity`` (for lookups and tests).

    Args:
        value: An e-mail address, UPN or login name.

    Returns:
        The normalised identity, or None when nothing is left.
    """
    out = pl.select(identity(pl.lit(value, dtype=pl.String))).item()
    return None if out is None else str(out)


def parse_utc(expr: pl.Expr) -> pl.Expr:
    """Parse ISO 8601 timestamps into UTC; values without an offset are taken as UTC.

    Accepts ``2022-12-12 19:31:41``, ``2020-10-02T15:00:00.123Z``, seven fraction digits,
    ``+01:00`` offsets and bare dates. Anything else becomes null (see ``bad_values``).

    Args:
        expr: A string column.

    Returns:
        A ``Datetime("us", "UTC")`` column.
    """
    s = expr.str.strip_chars().str.replace(r"^(\d{4}-\d\d-\d\d)[ T]", "${1}T")
    s = s.str.replace(r"(?i)z$", "+00:00")
    return pl.coalesce(
        [s.str.to_datetime(f, strict=False, time_unit="us", time_zone="UTC") for f in TIME_FORMATS]
    )


def epoch_utc(expr: pl.Expr) -> pl.Expr:
    """Parse unix seconds (``oc_share.stime``) into UTC; non-numbers become null."""
    secs = expr.cast(pl.String).str.strip_chars().cast(pl.Int64, strict=False)
    return pl.from_epoch(secs, time_unit="s").dt.replace_time_zone("UTC").cast(GRANT_SCHEMA["event_time"])


def mapped(expr: pl.Expr, mapping: dict[str, str], default: str | None = "unknown") -> pl.Expr:
    """Map raw vocabulary values (case- and space-insensitive) onto a closed vocabulary."""
    key = expr.cast(pl.String).str.strip_chars().str.to_lowercase()
    return key.replace_strict(mapping, default=default, return_dtype=pl.String)


def stable_hash(values: pl.Series) -> pl.Series:
    """Hash strings with BLAKE2b-128: the same input gives the same id in every version.

    Args:
        values: Strings (nulls hash as the empty string).

    Returns:
        32-character hex digests.
    """
    blake = hashlib.blake2b
    out: list[pl.Series] = []
    for start in range(0, len(values), _HASH_CHUNK):
        chunk = values.slice(start, _HASH_CHUNK).fill_null("").to_list()
        out.append(pl.Series(values.name, [blake(v.encode(), digest_size=16).hexdigest() for v in chunk],
                             dtype=pl.String))
    return pl.concat(out) if out else pl.Series(values.name, [], dtype=pl.String)


def _joined(cols: list[str]) -> pl.Expr:
    return pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in cols], separator="\x1f")


def finalise(frame: pl.DataFrame, source_system: str, source_format: str, path: Path) -> pl.DataFrame:
    """Complete a reader's partial frame into ``GRANT_SCHEMA``: defaults, bases and ids.

    Args:
        frame: Columns named as in ``GRANT_SCHEMA`` (any subset; must have ``source_row``).
        source_system: The ``source_system`` value.
        source_format: The reader's name.
        path: The export file.

    Returns:
        The frame with exactly the ``GRANT_SCHEMA`` columns, in order.
    """
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in GRANT_SCHEMA.items() if c not in frame.columns]
    df = frame.with_columns(missing).with_columns(
        source_system=pl.lit(source_system),
        source_format=pl.lit(source_format),
        source_file=pl.lit(str(path)),
    )
    df = df.with_columns(
        time_quality=pl.coalesce(
            pl.col("time_quality"),
            pl.when(pl.col("event_time").is_not_null()).then(pl.lit("exact_utc")).otherwise(pl.lit("absent")),
        ),
        grantor_basis=pl.when(pl.col("grantor").is_null())
        .then(pl.lit("unknown"))
        .when(pl.col("grantor").is_in(SYSTEM_ACCOUNTS))
        .then(pl.lit("system_account"))
        .otherwise(pl.coalesce(pl.col("grantor_basis"), pl.lit("explicit"))),
        link_key=pl.coalesce(pl.col("link_id"), pl.col("link_scope")),
    )
    # One key column at a time: the Python strings of a million keys are the memory peak.
    uid = stable_hash(df.select(_joined(["source_system", "object_id", "grantee", "permission", "link_key", "action"]))
                      .to_series())
    df = df.with_columns(grant_uid=uid)
    del uid
    key = stable_hash(df.select(_joined(["source_system", "object_id", "grantee", "link_key"])).to_series())
    df = df.with_columns(grant_key=key)
    return df.select([pl.col(c).cast(t) for c, t in GRANT_SCHEMA.items()])


def empty_grants() -> pl.DataFrame:
    """An empty frame with the grant schema."""
    return pl.DataFrame(schema=GRANT_SCHEMA)
