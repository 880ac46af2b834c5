"""Mapping files: which plan indicator each published series is, and how comparable it is.

A mapping file is for what a confirmed alias cannot say: a series that counts only from some
year, a scope or census break (`not_comparable` with the reason), a unit to read differently, a
series the plan lacks (it becomes a new indicator). See `read_mapping` for the columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from guihua.errors import InputError
from guihua.store import units
from guihua.store.tables_in import read_table

MAPPING_COLUMNS = ("source_indicator", "years", "unit", "plan_indicator", "measure", "unit_as", "flag",
                   "reason", "note")
#: measure words of an import (the `measure`/`口径` column and the mapping file)
MEASURE_WORDS = {"level": "level", "水平": "level", "水平值": "level", "总量": "level",
                 "growth": "growth", "增速": "growth", "增长": "growth", "增长率": "growth", "年均增速": "growth",
                 "年均增长": "growth", "structure": "structure", "结构": "structure", "结构比例": "structure",
                 "比例": "structure"}
FLAGS = ("", "not_comparable")


@dataclass(frozen=True)
class MappingRule:
    line: int
    source_indicator: str
    years: str  # "" any; items "2018", "2016-2020" (that period), "2016..2018", "2018+"
    unit: str  # "" any
    plan_indicator: str
    measure: str  # "" = from the data file
    unit_as: str  # "" = the published unit
    flag: str  # "" or "not_comparable"
    reason: str
    note: str

    def matches_year(self, period: str, start: int, end: int) -> bool:
        if not self.years.strip():
            return True
        for item in re.split(r"[,，;；\s]+", self.years.strip()):
            if not item:
                continue
            if item.endswith("+") and item[:-1].isdigit():
                if start == end and start >= int(item[:-1]):
                    return True
            elif ".." in item:
                a, _, b = item.partition("..")
                if start == end and int(a) <= start <= int(b):
                    return True
            elif item == period:
                return True
        return False

    def specificity(self) -> int:
        return (2 if self.years.strip() else 0) + (1 if self.unit.strip() else 0)


def read_mapping(path: str | Path) -> list[MappingRule]:
    """A mapping file: which plan indicator each published series is, and how comparable it is.

    CSV columns: source_indicator (name as in the data file), years (blank = any; else items
    "2018", "2016-2020" for that period, "2016..2018", "2018+"), unit (blank = any published unit),
    plan_indicator (key, name or alias in the plan; a name the plan lacks becomes a new indicator),
    measure (level / growth / structure; blank = as in the data file), unit_as (read the published
    unit as this one, e.g. 件/万人 -> 件), flag (blank or not_comparable), reason (why not comparable),
    note. The most specific rule wins (years, then unit); ties go to the earlier line.
    """
    rows = read_table(path)
    header = rows[0][1]
    for col in ("source_indicator", "plan_indicator"):
        if col not in header:
            raise InputError(f"{path}:1", f"映射文件表头缺少列 {col}（应有 {','.join(MAPPING_COLUMNS)}）")
    rules: list[MappingRule] = []
    for line, r in rows[1:]:
        get = {c: (r.get(c) or "").strip() for c in MAPPING_COLUMNS}
        where = f"{path}:{line}"
        if not get["source_indicator"] or not get["plan_indicator"]:
            raise InputError(where, "source_indicator 与 plan_indicator 都不能为空")
        if get["measure"] and get["measure"] not in MEASURE_WORDS:
            raise InputError(where, f"measure 应为 level / growth / structure，收到“{get['measure']}”")
        if get["flag"] not in FLAGS:
            raise InputError(where, f"flag 应为空或 not_comparable，收到“{get['flag']}”")
        if get["flag"] and not get["reason"]:
            raise InputError(where, "标为不可比（not_comparable）时请在 reason 中说明原因")
        for item in re.split(r"[,，;；\s]+", get["years"]):
            if item and not re.fullmatch(r"\d{4}(\+|\.\.\d{4}|-\d{4})?", item):
                raise InputError(where, f"years 项“{item}”应写作 2018、2016-2020、2016..2018 或 2018+")
        rules.append(MappingRule(line=line, measure=MEASURE_WORDS.get(get["measure"], ""),
                                 **{k: v for k, v in get.items() if k != "measure"}))
    return rules


def pick_rule(rules: Sequence[MappingRule], name: str, unit: str, period: tuple[str, int, int] | None
              ) -> MappingRule | None:
    """The most specific rule for a published name, unit and period (None when none applies)."""
    best: MappingRule | None = None
    for r in rules:
        if r.source_indicator != name:
            continue
        if r.unit and units.clean(r.unit) != units.clean(unit):
            continue
        if period is not None and not r.matches_year(*period):
            continue
        if period is None and r.years.strip():
            continue
        if best is None or r.specificity() > best.specificity():
            best = r
    return best
