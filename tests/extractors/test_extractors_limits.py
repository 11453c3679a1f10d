"""Size limits from the environment, and long blocks cut into pieces for the analysis."""

from __future__ import annotations

from typing import TypedDict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.analysis.analyse import MAX_BLOCK_CHARS, analyse, paragraphs
from extractors.analysis.nlp import load_pipeline
from extractors.documents.cleanup import split_long
from extractors.documents.limits import Limits, load_limits
from extractors.errors import LimitSettingError
from extractors.types import Document, Page


class EnvCase(TypedDict):
    env: dict[str, str]
    expected: Limits | str


ENV_CASES: list[EnvCase] = [
    {"env": {}, "expected": Limits(max_text_chars=2_000_000, max_unpacked_mb=100, max_zip_ratio=500)},
    {"env": {"EXPORTSCREEN_MAX_TEXT_CHARS": ""}, "expected": Limits()},
    {"env": {"EXPORTSCREEN_MAX_TEXT_CHARS": " 5000 "}, "expected": Limits(max_text_chars=5000)},
    {"env": {"EXPORTSCREEN_MAX_TEXT_CHARS": "3_000_000"}, "expected": Limits(max_text_chars=3_000_000)},
    {"env": {"EXPORTSCREEN_MAX_UNPACKED_MB": "250"}, "expected": Limits(max_unpacked_mb=250)},
    {"env": {"EXPORTSCREEN_MAX_ZIP_RATIO": "1200"}, "expected": Limits(max_zip_ratio=1200)},
    {
        "env": {"EXPORTSCREEN_MAX_TEXT_CHARS": "2e6"},
        "expected": "EXPORTSCREEN_MAX_TEXT_CHARS must be a whole number of at least 1, not '2e6';"
        " fix it or unset it for the default",
    },
    {
        "env": {"EXPORTSCREEN_MAX_UNPACKED_MB": "0"},
        "expected": "EXPORTSCREEN_MAX_UNPACKED_MB must be a whole number of at least 1, not '0';"
        " fix it or unset it for the default",
    },
    {
        "env": {"EXPORTSCREEN_MAX_ZIP_RATIO": "-5"},
        "expected": "EXPORTSCREEN_MAX_ZIP_RATIO must be a whole number of at least 1, not '-5';"
        " fix it or unset it for the default",
    },
]


@pytest.mark.parametrize("case", ENV_CASES, ids=lambda case: repr(case["env"]))
def test_limits_from_the_environment(case: EnvCase) -> None:
    if isinstance(case["expected"], Limits):
        assert load_limits(case["env"]) == case["expected"]
    else:
        with pytest.raises(LimitSettingError) as caught:
            load_limits(case["env"])
        assert str(caught.value) == case["expected"]


def test_limits_are_validated_at_construction() -> None:
    with pytest.raises(LimitSettingError, match="max_text_chars must be a whole number of at least 1, not 0"):
        Limits(max_text_chars=0)


def test_byte_bound_of_text_files_allows_four_bytes_a_character() -> None:
    assert Limits(max_text_chars=10).max_text_bytes == 44


@given(st.text(alphabet=st.sampled_from("ab .;\n\t"), max_size=400), st.integers(min_value=2, max_value=60))
def test_split_long_gives_the_block_back_in_short_pieces(block: str, size: int) -> None:
    pieces = split_long(block, size)
    assert "".join(pieces) == block
    assert all(len(piece) <= size for piece in pieces)
    assert all(pieces[:-1])


def test_split_long_cuts_at_line_then_sentence_then_word_ends() -> None:
    assert split_long("aaaa bbbb.\ncccc", 12) == ["aaaa bbbb.\n", "cccc"]
    assert split_long("aaaa bbbb. cccc dddd", 14) == ["aaaa bbbb. ", "cccc dddd"]
    assert split_long("aaaa bbbb cccc", 12) == ["aaaa bbbb ", "cccc"]
    assert split_long("abcdefgh", 3) == ["abc", "def", "gh"]


def test_paragraphs_bound_the_blocks_given_to_spacy() -> None:
    endless = "The laser emits light. " * 2000  # 46,000 characters, no blank line
    blocks = paragraphs(f"Title\n\n{endless}")
    assert blocks[0] == "Title"
    assert max(len(block) for block in blocks) <= MAX_BLOCK_CHARS
    assert "".join(blocks[1:]) == endless
    assert all(block.endswith(". ") for block in blocks[1:-1])


def test_analysis_reports_its_progress_to_the_end() -> None:
    text = "\n\n".join(f"Paragraph {i} is about a fibre laser." for i in range(50)) + "\n\n" + "Endless. " * 1000
    document = Document(path="p.txt", kind="text", pages=(Page(None, text),), sha256="", size=len(text))
    seen: list[tuple[int, int]] = []
    analyse(document, load_pipeline("blank"), progress=lambda done, total: seen.append((done, total)))
    assert len(seen) == 50 + 2  # one call per block: 50 paragraphs and the endless one in two pieces
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1][0] == seen[-1][1] == sum(map(len, paragraphs(text)))
