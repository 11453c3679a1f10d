"""``exportscreen shares formats`` through click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from extractors.shares import READERS
from flows.commands.shares import shares


def test_formats_text_lists_every_reader() -> None:
    result = CliRunner().invoke(shares, ["formats"])
    assert result.exit_code == 0
    for reader in READERS:
        assert f"{reader.name}  ({reader.platform}; {reader.kind})" in result.output
    assert "requires: Resource Path, Permission, User Name, User E-mail, User or Group Type" in result.output


def test_formats_json() -> None:
    result = CliRunner().invoke(shares, ["formats", "--format", "json"])
    assert result.exit_code == 0
    items = json.loads(result.output)["formats"]
    assert [i["name"] for i in items] == [r.name for r in READERS]
    assert set(items[0]) == {"name", "platform", "kind", "how_to_export", "required_fields"}


def test_formats_bad_option_and_help() -> None:
    bad = CliRunner().invoke(shares, ["formats", "--format", "xml"])
    assert bad.exit_code == 2 and "Invalid value for '--format'" in bad.output
    assert "supported export formats" in CliRunner().invoke(shares, ["formats", "--help"]).output
