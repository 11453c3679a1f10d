"""Country groups: versioned data with sources, ISO validation, EEA/NATO/sanctions lookups."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pycountry
import pytest

from itemlists.countries import (
    COUNTRIES_ROOT,
    COUNTRY_FRAME_SCHEMA,
    CountryDataError,
    available_versions,
    load_country_groups,
)

GROUPS = load_country_groups()

CASES = [  # (code, eea, nato, sanctioned)
    ("NO", True, True, False),
    ("no", True, True, False),
    ("DE", True, True, False),
    ("IS", True, True, False),
    ("LI", True, False, False),
    ("AT", True, False, False),
    ("IE", True, False, False),
    ("FI", True, True, False),
    ("SE", True, True, False),
    ("US", False, True, False),
    ("GB", False, True, False),
    ("TR", False, True, False),
    ("MK", False, True, False),
    ("CH", False, False, False),
    ("CN", False, False, False),
    ("IR", False, False, True),
    ("RU", False, False, True),
    ("BY", False, False, True),
    ("KP", False, False, True),
    ("SY", False, False, True),
    ("VE", False, False, True),
    ("MM", False, False, True),
    ("LY", False, False, True),
    ("SO", False, False, False),  # targeted regime only
    ("UA", False, False, False),
]


@pytest.mark.parametrize(("code", "eea", "nato", "sanctioned"), CASES)
def test_groups(code: str, eea: bool, nato: bool, sanctioned: bool) -> None:
    assert GROUPS.is_eea(code) is eea
    assert GROUPS.is_nato(code) is nato
    assert GROUPS.is_sanctioned(code) is sanctioned


def test_counts_and_accession_dates() -> None:
    assert len(GROUPS.eea) == 30
    assert len(GROUPS.nato) == 32
    assert GROUPS.nato["FI"] == "2023-04-04"
    assert GROUPS.nato["SE"] == "2024-03-07"
    assert GROUPS.nato["NO"] == "1949-08-24"


def test_every_code_is_iso_3166() -> None:
    codes = set(GROUPS.eea) | set(GROUPS.nato) | {r.country for r in GROUPS.regimes}
    assert all(pycountry.countries.get(alpha_2=c) is not None for c in codes)


def test_regimes_are_named_and_dated() -> None:
    for regime in GROUPS.regimes:
        assert regime.regulation.startswith("Forskrift"), regime
        assert regime.reference == f"FOR-{regime.date}-{regime.reference.rsplit('-', 1)[1]}"
        assert regime.url.endswith(regime.reference.removeprefix("FOR-"))
        assert regime.scope in ("country", "targeted")


def test_iran_special_rule_and_citation() -> None:
    (iran,) = GROUPS.sanctions("ir")
    assert iran.reference == "FOR-2007-02-09-149"
    assert iran.citation == "Forskrift om sanksjoner og tiltak mot Iran (FOR-2007-02-09-149)"
    assert any("prior licence" in rule for rule in iran.special_rules)
    assert GROUPS.sanctions("NO") == []


def test_version_source_and_review() -> None:
    assert GROUPS.version == available_versions()[-1]
    assert "Agreement on the European Economic Area" in GROUPS.source and "North Atlantic Treaty" in GROUPS.source
    assert GROUPS.reviewed_on == GROUPS.version
    assert not GROUPS.review_due(date.fromisoformat(GROUPS.reviewed_on))
    assert GROUPS.review_due(date(2099, 1, 1))
    assert GROUPS.not_included  # what was left out is said


def test_frame_has_every_iso_code() -> None:
    frame = GROUPS.frame()
    assert dict(frame.schema) == COUNTRY_FRAME_SCHEMA
    assert frame.height == len(pycountry.countries)
    iran = frame.filter(frame["code"] == "IR").to_dicts()[0]
    assert iran["sanctioned"] and "FOR-2007-02-09-149" in iran["sanctions"]
    assert "prior licence" in iran["special_rules"]
    assert frame.filter(frame["nato"]).height == 32


def _copy_with(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    source = COUNTRIES_ROOT / f"{GROUPS.version}.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    edit(data)
    (tmp_path / "2099-01-01.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


BAD = [
    (lambda d: d["groups"]["eea"]["members"].append("XX"), "'XX' in 'eea' is not an ISO 3166-1 alpha-2 code"),
    (lambda d: d["sanctions"]["regimes"][0].update(country="Iran"), "'Iran' in 'FOR-2007-02-09-149'"),
    (lambda d: d["sanctions"]["regimes"][0].update(scope="broad"), "has scope 'broad'"),
    (lambda d: d["sanctions"]["regimes"][0].update(reference="2007/149"), "is invalid"),
    (lambda d: d["groups"].pop("nato"), "has no 'nato' group"),
]


@pytest.mark.parametrize(("edit", "message"), BAD)
def test_invalid_data_is_refused(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    root = _copy_with(tmp_path, edit)
    with pytest.raises(CountryDataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_country_groups(root=root)


def test_unknown_version_and_empty_root(tmp_path: Path) -> None:
    with pytest.raises(CountryDataError, match="'1999-01-01' is not installed"):
        load_country_groups("1999-01-01")
    with pytest.raises(CountryDataError, match="no country-group data"):
        load_country_groups(root=tmp_path)


def test_newest_version_wins(tmp_path: Path) -> None:
    shutil.copy(COUNTRIES_ROOT / f"{GROUPS.version}.json", tmp_path / "2000-01-01.json")
    root = _copy_with(tmp_path, lambda d: d.update(version="2099-01-01"))
    assert load_country_groups(root=root).version == "2099-01-01"
    assert load_country_groups("2000-01-01", root=root).version == GROUPS.version
