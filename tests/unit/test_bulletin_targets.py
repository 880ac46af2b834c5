"""A statistics bureau's yearly communiqué (统计公报) reports the year just ended: every value is an
actual of that year (a baseline), never a target; a value dated another year keeps its own year.
The communiqué below is written for this test."""

from __future__ import annotations

from pathlib import Path

from guihua.documents import read
from guihua.extraction import extract_targets
from guihua.extraction.periods import bulletin_year

BULLETIN = """江城市2020年国民经济和社会发展统计公报

江城市统计局
2021年3月20日

一、综合

初步核算，全年全市地区生产总值1520.6亿元，比上年增长3.2%。年末全市常住人口312.5万人。

二、生态环境

年末全市森林覆盖率48.6%，比上年提高0.5个百分点。2019年末全市森林覆盖率为48.1%。
"""


def test_the_title_gives_the_year_of_a_communique() -> None:
    assert bulletin_year("江城市2020年国民经济和社会发展统计公报\n…") == 2020
    assert bulletin_year("某省2019年统计公报") == 2019
    assert bulletin_year("江城市国民经济和社会发展第十三个五年规划纲要") is None


def test_every_value_of_a_communique_is_an_actual_of_its_year(tmp_path: Path) -> None:
    p = tmp_path / "bulletin.txt"
    p.write_text(BULLETIN, encoding="utf-8")
    got = {(s.indicator, s.value): (s.type, s.kind, s.year) for s in extract_targets(read(p)).statements}
    assert got[("地区生产总值", 1520.6)] == ("baseline", "level", 2020)
    assert got[("地区生产总值", 3.2)] == ("baseline", "growth", 2020)
    assert got[("常住人口", 312.5)] == ("baseline", "level", 2020)
    assert got[("森林覆盖率", 48.6)] == ("baseline", "level", 2020)
    assert got[("森林覆盖率", 48.1)] == ("baseline", "level", 2019)  # dated: its own year
    assert all(t == "baseline" for t, _, _ in got.values())
