"""A small hand-built plan for store-only tests (the seed end to end is in test_store_acceptance)."""

from __future__ import annotations

import hashlib
from typing import Any

from guihua.extraction.model import Statement
from guihua.store.records import IngestResult
from guihua.store.repository import Store

PLAN = "p"
RAW = ("第一章 经济发展\n到2020年，地区生产总值达到4000亿元，年均增长9%。2015年为2601.57亿元。\n"
       "第二章 生态环境\n森林覆盖率达到50%。三次产业结构调整为10:40:50。\n")


def _st(type_: str, kind: str, indicator: str, quote: str, value: float | None, unit: str | None,
        year: int, node: str, **kw: Any) -> Statement:
    start = RAW.find(quote)
    assert start >= 0, quote
    return Statement(type=type_, kind=kind, indicator=indicator, start=start, end=start + len(quote),  # type: ignore[arg-type]
                     quote=quote, value=value, unit=unit, year=year, node_id=node, indicator_key=indicator,
                     **kw)


def statements() -> list[Statement]:
    return [
        _st("target", "level", "地区生产总值", "地区生产总值达到4000亿元", 4000.0, "亿元", 2020, "ch1", comparator=">="),
        _st("target", "growth", "地区生产总值", "年均增长9%", 9.0, "%", 2020, "ch1", comparator="~"),
        _st("baseline", "level", "地区生产总值", "2015年为2601.57亿元", 2601.57, "亿元", 2015, "ch1"),
        _st("target", "level", "森林覆盖率", "森林覆盖率达到50%", 50.0, "%", 2020, "ch2", comparator=">="),
        _st("target", "structure", "三次产业结构", "三次产业结构调整为10:40:50", None, "比例", 2020, "ch2",
            values=[10.0, 40.0, 50.0]),
    ]


NODES = [
    {"key": "doc", "parent_key": None, "kind": "document", "title": "", "start": 0, "end": len(RAW)},
    {"key": "ch1", "parent_key": "doc", "kind": "chapter", "number": 1, "title": "经济发展", "start": 0, "end": 50},
    {"key": "ch2", "parent_key": "doc", "kind": "chapter", "number": 2, "title": "生态环境", "start": 50,
     "end": len(RAW)},
]


def ingest(store: Store, raw: str = RAW, stmts: list[Statement] | None = None, user: str = "tester",
           plan_id: str = PLAN) -> IngestResult:
    return store.ingest(
        plan_id=plan_id, title="测试规划", region="测试市", period=(2016, 2020), period_source="test", source="t.txt",
        format="txt", encoding="utf-8", sha256=hashlib.sha256(raw.encode()).hexdigest(), raw_text=raw, repairs=[],
        nodes=NODES, statements=statements() if stmts is None else stmts, user=user)


def open_forest_round(store: Store, year: int = 2018, unit: str = "市林业局") -> None:
    """The small plan with 森林覆盖率 led by `unit` and a data round of `year` open (deadline far ahead)."""
    ingest(store)
    forest = next(i for i in store.list_indicators(PLAN) if i.name == "森林覆盖率")
    store.assign("indicator", forest.id, unit, [], user="规划办")
    store.open_round(PLAN, year, "2099-12-31", user="规划办")
