"""Unit conversion within a dimension, from the definitions in guihua.store.units."""

from __future__ import annotations

import pytest

from guihua.store import units


@pytest.mark.parametrize(("value", "src", "dst", "expected"), [
    (1, "万亿元", "亿元", 10000),
    (1, "亿元", "万元", 10000),
    (1, "万元", "元", 10000),
    (304.603, "十亿元 (billion yuan)", "亿元", 3046.03),
    (19.561, "十亿元 (billion RMB)", "亿元", 195.61),
    (5.28, "万元", "元", 52800),
    (3167454, "吨", "万吨", 316.7454),
    (1, "万吨", "吨", 10000),
    (1, "吨", "公斤", 1000),
    (6645243, "人", "万人", 664.5243),
    (733.75, "万人", "人", 7337500),
    (4926, "万美元", "亿美元", 0.4926),
    (49.2, "％", "%", 49.2),
    (2, "万头", "头", 20000),
    (1, "平方公里", "公顷", 100),
    (1, "万千瓦", "千瓦", 10000),
    (5.28, "万元/人", "元/人", 52800),
])
def test_convert_within_dimension(value: float, src: str, dst: str, expected: float) -> None:
    assert units.convert(value, src, dst) == pytest.approx(expected, rel=1e-12)


def test_decimal_arithmetic_gives_the_published_digits() -> None:
    # binary floating point would give 3046.0299999999997
    assert units.convert(304.603, "十亿元", "亿元") == 3046.03
    assert units.convert(0.1, "亿元", "万元") == 1000


@pytest.mark.parametrize(("src", "dst"), [
    ("亿元", "万吨"), ("人", "元"), ("%", "亿元"), ("元", "美元"), ("人", "人次"), ("万头", "万人"),
    ("%", "个百分点"), ("件/万人", "件"),
])
def test_different_dimensions_refuse(src: str, dst: str) -> None:
    assert not units.same_dimension(src, dst)
    with pytest.raises(units.UnitError):
        units.convert(1, src, dst)


def test_units_whose_first_character_looks_like_a_prefix() -> None:
    assert units.parse("千瓦").dimension == "power"
    assert units.parse("千米").factor == 1000
    assert units.parse("千克").dimension == "mass"
    assert units.parse("百分点").dimension == "percentage_point"


def test_same_unit_returns_the_value_unchanged() -> None:
    assert units.convert(12.6, "个", "个") == 12.6
    assert units.convert(0.1 + 0.2, "亿元", "亿元") == 0.1 + 0.2


def test_clean_drops_glosses_and_normalises_percent() -> None:
    assert units.clean("十亿元 (billion yuan)") == "十亿元"
    assert units.clean(" ％ ") == "%"
    assert units.clean("亿元（现价）") == "亿元"
    assert units.clean(None) == ""
    assert units.is_ratio_unit("ratio")
