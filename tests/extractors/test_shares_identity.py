"""Identity normalisation: e-mails, guest UPNs, claims login names; idempotent (Hypothesis)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.shares import normalise_email
from extractors.shares.common import identity, parse_utc

CASES = [
    ("kari_uni.no#EXT#@tenant.onmicrosoft.com", "kari@uni.no"),
    ("Kari.Nordmann_Uni.No#EXT#@UiOslo.onmicrosoft.com", "kari.nordmann@uni.no"),
    ("first_last_mit.edu#ext#@uioslo.onmicrosoft.com", "first_last@mit.edu"),
    ("i:0#.f|membership|wei.zhang_tsinghua.edu.cn#ext#@uioslo.onmicrosoft.com", "wei.zhang@tsinghua.edu.cn"),
    ("i:0#.f|membership|Ola.Nordmann@UIO.no", "ola.nordmann@uio.no"),
    ("urn:spo:guest#john@contoso.com", "john@contoso.com"),
    ("  MAILTO:Reza.Tehrani@Sharif.edu ", "reza.tehrani@sharif.edu"),
    ("Laser Project Members", "laser project members"),
    ("", None),
    ("   ", None),
    (None, None),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalise_email(raw: str | None, expected: str | None) -> None:
    assert normalise_email(raw) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.from_regex(r"[a-zA-Z._-]{1,8}_[a-z]{1,6}\.[a-z]{2,3}#(EXT|ext)#@[a-z]{1,8}\.com",
                                           fullmatch=True)))
def test_normalisation_is_idempotent(raw: str) -> None:
    once = normalise_email(raw)
    assert normalise_email(once) == once


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=20))
def test_column_and_scalar_forms_agree(values: list[str]) -> None:
    column = pl.Series(values, dtype=pl.String).to_frame("v").select(identity(pl.col("v")))["v"].to_list()
    assert column == [normalise_email(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_time_parser_never_crashes(text: str) -> None:
    pl.select(parse_utc(pl.lit(text, dtype=pl.String)))
