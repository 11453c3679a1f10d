"""Generate a large Purview-style audit export and a matching people register, fast.

Everything is built with Polars column expressions (no per-row Python), so a 1,000,000-row
export takes a few seconds. The export has the header of current Purview exports
(``RecordId, CreationDate, RecordType, Operation, UserId, AuditData, AssociatedAdminUnits,
AssociatedAdminUnitsNames``); ``AuditData`` is the JSON record with the SharePoint sharing
schema. Every block of ten rows holds a SecureLinkCreated/AddedToSecureLink pair, direct shares,
an anyone link, an organisation link, a revocation and non-sharing events; some grantees are
B2B guest accounts (``name_domain#EXT#@tenant``).

Usage: ``python -m tests.benchmarks.gen_purview OUT_DIR [ROWS] [PEOPLE]`` writes the files;
add ``--read`` to also read both with the production readers and print seconds and peak memory.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import polars as pl

OPERATIONS = [
    "SecureLinkCreated", "AddedToSecureLink", "SharingSet", "FileAccessed", "FileModified",
    "AnonymousLinkCreated", "CompanyLinkCreated", "SharingSet", "FileAccessed", "SharingRevoked",
]
TYPES = ["Member", "Guest", "Member", "Guest", "Member", "Member", "Member", "Guest", "Member", "Member"]
CITIZENSHIPS = ["NO", "DE", "NO;PK", "IR", "US", "CN", "FR;IR", "SE", "NO", "UA"]
ORG_TYPES = ["university", "college", "research_institute", "health_enterprise", "company", "other"]


def _pick(values: list[str], index: pl.Expr) -> pl.Expr:
    return pl.lit(pl.Series(values)).gather(index % len(values))


def _person(p: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Local part and domain of person number ``p``."""
    return pl.format("person{}", p), pl.format("partner{}.edu", p % 50)


def audit_frame(rows: int, people: int = 100_000, start: int = 0) -> pl.DataFrame:
    """An N-row Purview export as a frame (columns as in the CSV), rows ``start`` to ``start + rows``."""
    i = pl.int_range(start, start + rows, dtype=pl.Int64)
    block = i // 10
    q = pl.col("_q")
    op = _pick(OPERATIONS, q)
    local, domain = _person((block * 7919 + q) % people)
    guest = _pick(TYPES, q) == "Guest"
    target = pl.when(guest & (block % 2 == 0)).then(
        pl.format("{}_{}#EXT#@uniosl.onmicrosoft.com", local, domain)
    ).otherwise(pl.format("{}@{}", local, domain))
    when = (pl.datetime(2024, 1, 1, time_zone="UTC") + pl.duration(seconds=i)).dt.strftime("%Y-%m-%dT%H:%M:%S")
    obj = pl.format("https://uniosl.sharepoint.com/sites/proj{}/Shared Documents/report{}.docx", block % 500, block)
    perm = pl.when(q % 2 == 0).then(pl.lit("View")).otherwise(pl.lit("Edit"))
    fields = {
        "CreationTime": when, "Id": pl.format("a1b2c3d4-{}", i), "Operation": op, "OrganizationId": pl.lit("org-1"),
        "RecordType": pl.lit(14), "UserKey": pl.lit("i:0h.f|membership|100320009@live.com"),
        "UserType": pl.lit(0), "Workload": pl.lit("SharePoint"), "ClientIP": pl.lit("192.0.2.10"),
        "UserId": pl.format("owner{}@uio.no", block % 3000), "ObjectId": obj,
        "SiteUrl": pl.format("https://uniosl.sharepoint.com/sites/proj{}/", block % 500),
        "SourceRelativeUrl": pl.lit("Shared Documents"), "SourceFileName": pl.format("report{}.docx", block),
        "ItemType": pl.lit("File"), "EventData": pl.format("<Type>{}</Type>", perm),
        "TargetUserOrGroupName": target, "TargetUserOrGroupType": _pick(TYPES, q),
        "UniqueSharingId": pl.format("5f1e{}-link", block),
    }
    pieces: list[pl.Expr] = []
    for n, (key, value) in enumerate(fields.items()):
        quote = "" if key in ("RecordType", "UserType") else '"'  # numbers, as in real records
        pieces += [pl.lit(("{" if n == 0 else ",") + f'"{key}":{quote}'), value.cast(pl.String), pl.lit(quote)]
    audit = pl.concat_str([*pieces, pl.lit("}")])
    return (
        pl.select(i.alias("_i"))
        .with_columns(_q=(pl.col("_i") % 10).cast(pl.Int64))
        .select(
            RecordId=pl.format("rec-{}", pl.col("_i")), CreationDate=pl.format("{}.0000000Z", when),
            RecordType=pl.lit("SharePointSharingOperation"),
            Operation=op, UserId=fields["UserId"], AuditData=audit, AssociatedAdminUnits=pl.lit(""),
            AssociatedAdminUnitsNames=pl.lit(""),
        )
    )


#: Rows generated at a time: a 10,000,000-row export is written in blocks, never held whole.
BLOCK = 1_000_000


def write_purview_csv(path: Path, rows: int, people: int = 100_000) -> Path:
    """Write an N-row Purview export CSV to ``path`` (a block at a time) and return it."""
    with path.open("wb") as out:
        for start in range(0, max(rows, 1), BLOCK):
            audit_frame(min(BLOCK, rows - start), people, start).write_csv(out, include_header=start == 0)
    return path


def people_frame(count: int) -> pl.DataFrame:
    """An M-person register frame (``email, citizenships, organisation_type, in_norway``)."""
    p = pl.int_range(count, dtype=pl.Int64)
    local, domain = _person(p)
    return pl.select(
        email=pl.format("{}@{}", local, domain).str.to_uppercase().alias("email"),
        citizenships=_pick(CITIZENSHIPS, p),
        organisation_type=_pick(ORG_TYPES, p),
        in_norway=_pick(["yes", "no", "true", "0"], p),
    )


def write_people_csv(path: Path, count: int) -> Path:
    """Write an M-person register CSV to ``path`` and return it."""
    people_frame(count).write_csv(path)
    return path


def read_both(out: Path) -> dict[str, float]:
    """Read the generated export and register; return seconds, row counts and peak RSS (MiB)."""
    from extractors.shares import read_export
    from extractors.shares.people import read_people

    start = time.perf_counter()
    result = read_export(out / "purview.csv")
    people, _ = read_people(out / "people.csv")
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "records": result.records,
        "grant_rows": result.grants.height,
        "people": people.height,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str]) -> None:
    """Write ``purview.csv`` and ``people.csv`` into the directory given (``--read``: time reading)."""
    read = "--read" in argv
    argv = [a for a in argv if a != "--read"]
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    rows = int(argv[1]) if len(argv) > 1 else 1_000_000
    people = int(argv[2]) if len(argv) > 2 else 100_000
    write_purview_csv(out / "purview.csv", rows, people)
    write_people_csv(out / "people.csv", people)
    if read:
        print(read_both(out))


if __name__ == "__main__":
    main(sys.argv[1:])
