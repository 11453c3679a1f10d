"""Every share-export format: detection, grant rows, quarantine and the no-silent-drop invariant."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

import polars as pl
import pytest

from extractors.shares import GRANT_SCHEMA, READERS, detect, get_reader, read_export, read_exports
from extractors.shares.errors import UnknownReaderError
from extractors.shares.types import ACTIONS, GRANTEE_KINDS, GRANTOR_BASES, LINK_SCOPES, PERMISSIONS
from tests.paths import FIXTURES

FIXTURES = FIXTURES / "shares"


class Case(TypedDict):
    file: str
    reader: str
    grants: int
    quarantined: int
    ignored: int


CASES: list[Case] = [
    {"file": "purview_audit.csv", "reader": "purview_csv", "grants": 7, "quarantined": 0, "ignored": 4},
    # Row 5 (FileAccessed) is ignored, not quarantined: one broken row no longer takes the
    # non-sharing rows of its file with it (issue 19; they were "has no 'Operation' key").
    {"file": "purview_bad_rows.csv", "reader": "purview_csv", "grants": 1, "quarantined": 3, "ignored": 1},
    {"file": "purview_excel_semicolon.csv", "reader": "purview_csv", "grants": 2, "quarantined": 0, "ignored": 2},
    {"file": "purview_api.jsonl", "reader": "purview_json", "grants": 3, "quarantined": 1, "ignored": 1},
    {"file": "purview_api.json", "reader": "purview_json", "grants": 4, "quarantined": 0, "ignored": 1},
    {
        "file": "spo_shared_with_external_users.csv",
        "reader": "spo_site_report",
        "grants": 4,
        "quarantined": 0,
        "ignored": 2,
    },
    {
        "file": "spo_report_thirdparty_spelling.csv",
        "reader": "spo_site_report",
        "grants": 1,
        "quarantined": 0,
        "ignored": 0,
    },
    {"file": "graph_permissions.json", "reader": "graph_permissions", "grants": 5, "quarantined": 0, "ignored": 0},
    {"file": "graph_items_expanded.json", "reader": "graph_permissions", "grants": 1, "quarantined": 0, "ignored": 0},
    {"file": "google_reports_drive.json", "reader": "google_reports", "grants": 3, "quarantined": 0, "ignored": 2},
    {
        "file": "google_drive_files.json",
        "reader": "google_drive_permissions",
        "grants": 4,
        "quarantined": 0,
        "ignored": 1,
    },
    {
        "file": "gam_drivefileacls.csv",
        "reader": "google_drive_permissions",
        "grants": 3,
        "quarantined": 1,
        "ignored": 0,
    },
    {
        "file": "box_collaborations_run_on_2024-03-08-09-00-00_Page_1.csv",
        "reader": "box_collaborations",
        "grants": 3,
        "quarantined": 0,
        "ignored": 0,
    },
    {"file": "dropbox_team_log.json", "reader": "dropbox_teamlog", "grants": 2, "quarantined": 0, "ignored": 1},
    {"file": "nextcloud_oc_share.csv", "reader": "nextcloud_share", "grants": 5, "quarantined": 1, "ignored": 1},
    {"file": "nextcloud_ocs_shares.json", "reader": "nextcloud_share", "grants": 2, "quarantined": 0, "ignored": 0},
]


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_format_is_detected_and_read(case: Case) -> None:
    path = FIXTURES / case["file"]
    reader, _ = detect(path)
    assert reader is not None and reader.name == case["reader"]
    result = read_export(path)
    assert result.grants.height == case["grants"]
    assert len(result.quarantined) == case["quarantined"], result.quarantined
    assert sum(i.count for i in result.ignored) == case["ignored"]


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_every_record_is_a_grant_ignored_or_quarantined(case: Case) -> None:
    result = read_export(FIXTURES / case["file"])
    rows_with_grants = result.grants["source_row"].n_unique()
    bad_rows = sum(1 for q in result.quarantined if q.row is not None)
    # Google Reports counts events and Drive JSON permissions (several per record).
    if case["file"] in ("google_reports_drive.json", "google_drive_files.json"):
        rows_with_grants = result.grants.height
    assert rows_with_grants + bad_rows + sum(i.count for i in result.ignored) == result.records


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_rows_follow_schema_and_vocabularies(case: Case) -> None:
    grants = read_export(FIXTURES / case["file"]).grants
    assert dict(grants.schema) == GRANT_SCHEMA
    vocab = {
        "action": ACTIONS,
        "grantee_kind": GRANTEE_KINDS,
        "permission": PERMISSIONS,
        "link_scope": LINK_SCOPES,
        "grantor_basis": GRANTOR_BASES,
    }
    for column, allowed in vocab.items():
        assert set(grants[column].drop_nulls().to_list()) <= set(allowed), column
    assert grants["grant_uid"].null_count() == 0 and grants["object_id"].null_count() == 0
    assert grants["source_file"].unique().to_list() == [str(FIXTURES / case["file"])]


def grant(file: str, **match: object) -> dict[str, object]:
    grants = read_export(FIXTURES / file).grants
    rows = grants.filter(pl.all_horizontal([pl.col(k) == v for k, v in match.items()])).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def test_spo_report_reads_links_and_groups() -> None:
    wei = grant("spo_shared_with_external_users.csv", grantee="wei.zhang@tsinghua.edu.cn")
    assert (wei["link_scope"], wei["permission"], wei["grantee_external"]) == ("specific", "read", True)
    org = grant("spo_shared_with_external_users.csv", grantee_kind="organisation")
    assert org["grantee"] is None and org["permission"] == "write"
    owners = grant("spo_shared_with_external_users.csv", grantee_kind="group")
    assert owners["permission"] == "owner" and owners["grantor_basis"] == "unknown"


def test_graph_permissions_one_row_per_identity_and_links() -> None:
    kari = grant("graph_permissions.json", grantee="kari@uni.no")
    assert kari["grantor"] == "ola.nordmann@uio.no" and kari["grantor_basis"] == "inviter_field"
    assert kari["object_id"] == "01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K"
    assert str(kari["expires"]).startswith("2024-12-31")
    assert grant("graph_permissions.json", grantee="wei.zhang@tsinghua.edu.cn")["grantee_external"] is True
    anyone = grant("graph_permissions.json", link_scope="anyone")
    assert anyone["grantee_kind"] == "anyone" and anyone["grantee"] is None


def test_google_reports_grant_link_and_revocation() -> None:
    granted = grant("google_reports_drive.json", action="grant", grantee="ali.rezaei@ut.ac.ir")
    revoked = grant("google_reports_drive.json", action="revoke")
    assert granted["permission"] == "write" and granted["grantee_external"] is True
    assert revoked["grant_key"] == granted["grant_key"] and revoked["grant_uid"] != granted["grant_uid"]
    link = grant("google_reports_drive.json", grantee_kind="anyone")
    assert link["object_name"] == "Wafer process notes" and link["link_scope"] == "anyone"


def test_google_drive_permissions_kinds_and_owner_fallback() -> None:
    domain = grant("google_drive_files.json", grantee_kind="domain")
    assert (domain["grantee"], domain["permission"]) == ("sintef.no", "comment")
    assert domain["grantor"] == "ola.nordmann@ntnu.no" and domain["grantor_basis"] == "owner_fallback"
    gam = grant("gam_drivefileacls.csv", grantee="dmitri.ivanov@spbu.ru")
    api = grant("google_drive_files.json", grantee="dmitri.ivanov@spbu.ru")
    assert gam["grant_uid"] == api["grant_uid"]  # same grant, two export routes


def test_box_grantor_and_local_time() -> None:
    kari = grant("box_collaborations_run_on_2024-03-08-09-00-00_Page_1.csv", grantee="kari@uni.no")
    assert kari["grantee_external"] is True and kari["time_quality"] == "local_unknown_tz"
    group = grant("box_collaborations_run_on_2024-03-08-09-00-00_Page_1.csv", grantee_kind="group")
    assert group["grantor_basis"] == "owner_fallback"
    drop = grant("box_collaborations_run_on_2024-03-08-09-00-00_Page_1.csv", grantee="wei.zhang@tsinghua.edu.cn")
    assert drop["permission"] == "upload"


def test_dropbox_member_and_link() -> None:
    david = grant("dropbox_team_log.json", grantee="david.davidson@david.co")
    assert (david["grantor"], david["permission"], david["grantee_external"]) == ("alice.bob@company.com", "read", True)
    assert grant("dropbox_team_log.json", grantee_kind="anyone")["object_name"] == "laser.pdf"


def test_nextcloud_share_types_and_permission_bits() -> None:
    kari = grant("nextcloud_oc_share.csv", grantee="kari@uni.no")
    assert kari["grantor"] == "bob" and kari["grantee_external"] is True and kari["permission"] == "write"
    link = grant("nextcloud_oc_share.csv", link_scope="anyone")
    assert link["link_id"] == "Hx7Kd9sPq2LmZtR" and link["permission"] == "read"
    assert str(link["expires"]).startswith("2024-06-30")
    ocs = grant("nextcloud_ocs_shares.json", grantee="alice")
    assert ocs["source_system"] == "nextcloud_ocs" and str(ocs["event_time"]).startswith("2024-03-05 10:22:13")


@pytest.mark.parametrize(
    ("file", "needle"),
    [
        ("unknown_format.csv", "not a supported share export"),
        ("spo_report_missing_email.csv", "missing required column(s) 'User E-mail'"),
        ("box_missing_item_id.csv", "missing required column(s) 'Item ID'"),
    ],
)
def test_bad_files_are_quarantined_with_reason(file: str, needle: str) -> None:
    result = read_export(FIXTURES / file)
    assert result.grants.height == 0
    assert [q.row for q in result.quarantined] == [None]
    assert needle in result.quarantined[0].reason


def test_utf16_empty_and_missing_files(tmp_path: Path) -> None:
    utf16 = tmp_path / "report.csv"
    utf16.write_text("Resource Path,Permission\n", encoding="utf-16")
    empty = tmp_path / "empty.json"
    empty.write_text("")
    grants, quarantined = read_exports([utf16, empty, tmp_path / "gone.csv"])
    assert grants.height == 0
    assert [
        "UTF-16" in quarantined[0].reason,
        "empty" in quarantined[1].reason,
        "no such file" in quarantined[2].reason,
    ] == [True, True, True]


def test_truncated_json_document_is_quarantined(tmp_path: Path) -> None:
    text = (FIXTURES / "graph_permissions.json").read_text()
    cut = tmp_path / "graph.json"
    cut.write_text(text[: len(text) // 2])
    result = read_export(cut)
    assert result.grants.height == 0 and "not valid JSON" in result.quarantined[0].reason


def test_read_exports_concatenates_all_formats() -> None:
    grants, quarantined = read_exports(sorted(FIXTURES.glob("*")))
    assert set(grants["source_format"].unique()) == {r.name for r in READERS}
    assert grants.height == sum(c["grants"] for c in CASES)
    assert any(q.file.endswith("unknown_format.csv") for q in quarantined)


def test_get_reader() -> None:
    assert get_reader("box_collaborations").platform == "Box"
    with pytest.raises(UnknownReaderError, match="no share-export reader named 'sharepoint'"):
        get_reader("sharepoint")


def test_reader_read_returns_frame_and_quarantine() -> None:
    grants, quarantined = get_reader("purview_csv").read(FIXTURES / "purview_bad_rows.csv")
    assert grants.height == 1 and {q.row for q in quarantined} == {3, 4, 6}


SPO_HEADER = (
    "Resource Path,Item Type,Permission,User Name,User E-mail,User or Group Type,Link ID,Link Type,AccessViaLinkID"
)


def _spo(tmp_path: Path, *names: str) -> Path:
    rows = [f"sites/Lab/doc{i}.docx,docx,Edit,{name},p{i}@uni.no,Guest,,," for i, name in enumerate(names)]
    path = tmp_path / "report.csv"
    path.write_text("\n".join([SPO_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_stray_quote_closed_by_chance_does_not_swallow_rows(tmp_path: Path) -> None:
    """Line 3 opens a quote; 'Pipe 12"' on line 5 closes it and the joined lines make 9 fields.

    A CSV parser would read lines 3-5 as one row. Line 4 is a row of its own, so the quote is
    taken for a stray one: line 3 is quarantined and lines 4 and 5 are read on their own.
    """
    result = read_export(_spo(tmp_path, "Ola", '"Kari', "Per", 'Pipe 12"', "Anna"))
    assert result.grants.sort("source_row")["source_row"].to_list() == [2, 4, 5, 6]
    assert [q.row for q in result.quarantined] == [3]
    assert "runs on for 3 lines that are rows of their own" in result.quarantined[0].reason


def test_multi_line_value_and_quote_inside_a_value_are_read(tmp_path: Path) -> None:
    """A quoted value with a line break is one record (lines 3-4); Polars refuses 'Pipe 12"' (read anyway)."""
    result = read_export(_spo(tmp_path, "Ola", '"Kari\nNordmann"', 'Pipe 12" x', "Anna"))
    assert result.quarantined == []
    assert result.grants.sort("source_row").select("grantee", "source_row").rows() == [
        ("p0@uni.no", 2),
        ("p1@uni.no", 3),
        ("p2@uni.no", 5),
        ("p3@uni.no", 6),
    ]


def test_blank_lines_and_rows_of_empty_fields_are_skipped_with_true_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text(
        f"{SPO_HEADER}\r\n\r\nsites/a,docx,Edit,Ola,p0@uni.no,Guest,,,\r\n,,,,,,,,\r\n"
        "sites/b,docx,Edit,Kari,p1@uni.no,Guest,,,\r\n",
        encoding="utf-8",
    )
    result = read_export(path)
    assert result.quarantined == [] and result.grants.sort("source_row")["source_row"].to_list() == [3, 5]


def test_empty_json_list_has_no_records(tmp_path: Path) -> None:
    from extractors.shares.json_records import load_json_records

    path = tmp_path / "empty.json"
    path.write_text('{"value": []}', encoding="utf-8")
    frame, quarantined, count = load_json_records(path, pl.Struct({"id": pl.String}), ("value",))
    assert frame is not None and frame.height == 0 and quarantined == [] and count == 0


def test_a_new_share_format_takes_its_module_and_one_readers_line(tmp_path: Path, monkeypatch) -> None:
    """Detection, reading and ``shares formats`` consult READERS only: a reader added there is used everywhere."""
    import extractors.shares as shares
    from extractors.shares.common import empty_grants
    from extractors.shares.types import Reader, ReadResult

    def load(path: Path) -> ReadResult:
        return ReadResult(empty_grants(), records=1)

    reader = Reader(
        "acme_shares",
        "Acme Drive",
        "snapshot",
        "Admin > Export",
        ("acme_id",),
        lambda path, head: head.startswith("acme_id"),
        load,
    )
    monkeypatch.setattr(shares, "READERS", [*shares.READERS, reader])
    export = tmp_path / "acme.csv"
    export.write_text("acme_id,who\n1,someone@example.org\n")
    assert shares.detect(export)[0] is reader
    assert shares.read_export(export).records == 1
    assert shares.get_reader("acme_shares") is reader
    assert "acme_shares" in [f["name"] for f in shares.formats()]
