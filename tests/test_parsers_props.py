"""Property tests for the parsers: cells, enum spellings, Vietnamese folding and order."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtt.criteria.metrics import CellError
from dtt.criteria.source import default_text, metrics_from_text
from dtt.text import fold, fold_code, name_key, sort_key

METRICS = metrics_from_text(default_text(), "criteria.yaml")
ENUMS = [m for kind in ("person", "collective") for m in METRICS.for_kind(kind).values()
         if m.type == "enum"]
VI_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(ch))


@given(st.sampled_from([(m, c) for m in ENUMS for c in m.values]), st.booleans(),
       st.booleans(), st.booleans())
def test_every_spelling_of_an_enum_value_parses(pair, upper, plain, use_label):
    metric, code = pair
    text = metric.value_labels[code] if use_label else code
    text = text.upper() if upper else text.lower()
    if plain:
        text = _strip_marks(text).replace("đ", "d").replace("Đ", "D")
    assert metric.parse(text) == code
    assert metric.parse(f"  {text} ") == code


@given(st.integers(min_value=-1000, max_value=1000))
def test_int_cells_parse_or_fail_by_range(value):
    months = METRICS.get("person", "months_worked")
    if 0 <= value <= 12:
        assert months.parse(str(value)) == value
        assert months.parse(float(value)) == value
    else:
        with pytest.raises(CellError):
            months.parse(str(value))


@given(st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 2)))
def test_percent_cells_with_comma_or_point(value):
    rate = METRICS.get("collective", "tthc_on_time")
    assert rate.parse(str(value)) == pytest.approx(value)
    assert rate.parse(str(value).replace(".", ",")) == pytest.approx(value)
    assert rate.parse(f"{value}%") == pytest.approx(value)


@given(st.text())
def test_fold_is_idempotent_and_plain(text):
    once = fold(text)
    assert fold(once) == once
    assert "đ" not in once
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", once))


@given(st.text(alphabet=VI_LETTERS, min_size=1, max_size=6),
       st.text(alphabet=VI_LETTERS, min_size=1, max_size=6))
def test_sort_key_follows_the_vietnamese_alphabet(a, b):
    rank = {ch: i for i, ch in enumerate(VI_LETTERS)}
    expected = [rank[c] for c in a] < [rank[c] for c in b]
    assert (sort_key(a) < sort_key(b)) == expected


@given(st.sampled_from(["Ân", "Anh", "Ánh", "Bảo", "Đức", "Dũng", "Yến", "Ơn"]),
       st.sampled_from(["Nguyễn", "Trần", "Lê", "Đặng"]),
       st.sampled_from(["Văn", "Thị", "Hữu"]))
def test_people_sort_by_given_name_first(given_name, family, middle):
    full = f"{family} {middle} {given_name}"
    assert name_key(full)[0] == sort_key(given_name)
    assert fold_code(full) == fold(full).replace(" ", "")
