"""Conflict detection in one pass (guihua.store.conflicts) against its definition, pair by pair.

Definition (guihua.store.actuals / observations): two values of one indicator, period and measure say
the same when both are the same ratio text, or both numbers within math.isclose(rel_tol=1e-9,
abs_tol=1e-12), or both empty; a value is in conflict when any other value of its group says
something else.
"""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from guihua.store.conflicts import GroupValues, value_of


def says_same(a: dict, b: dict) -> bool:
    ra, rb = a.get("values_json"), b.get("values_json")
    if ra or rb:
        return ra == rb
    va = a["value_converted"] if a.get("value_converted") is not None else a.get("value")
    vb = b["value_converted"] if b.get("value_converted") is not None else b.get("value")
    if va is None or vb is None:
        return va is None and vb is None
    return math.isclose(va, vb, rel_tol=1e-9, abs_tol=1e-12)


def in_conflict_pairwise(rows: list[dict]) -> list[bool]:
    return [any(not says_same(r, o) for j, o in enumerate(rows) if j != i) for i, r in enumerate(rows)]


def in_conflict_one_pass(rows: list[dict]) -> list[bool]:
    g = GroupValues()
    for r in rows:
        g.add(value_of(r))
    return [g.differs_from(value_of(r)) for r in rows]


base = st.sampled_from([0.0, 1e-13, -1e-13, 1.0, 100.0, -100.0, 2853.02, 1e15])
number = st.builds(lambda b, k: b * (1 + k * 1e-10) + (k * 1e-14), base, st.integers(-30, 30))
row = st.one_of(
    st.builds(lambda v: {"value": v, "value_converted": None, "values_json": None}, number),
    st.builds(lambda v, c: {"value": v, "value_converted": c, "values_json": None}, number, number),
    st.just({"value": None, "value_converted": None, "values_json": None}),
    st.sampled_from(["[10.0,40.0,50.0]", "[12.6,33.0,54.4]"]).map(
        lambda s: {"value": None, "value_converted": None, "values_json": s}),
)


@given(st.lists(row, min_size=1, max_size=12))
def test_one_pass_agrees_with_every_pair(rows: list[dict]) -> None:
    assert in_conflict_one_pass(rows) == in_conflict_pairwise(rows)


def test_examples() -> None:
    n = lambda v: {"value": v, "value_converted": None, "values_json": None}  # noqa: E731
    assert in_conflict_one_pass([n(46.0), n(46.0)]) == [False, False]
    assert in_conflict_one_pass([n(46.0), n(46.0), n(47.0)]) == [True, True, True]
    # 2022: 3800 亿元 and 380 十亿元 are the same after conversion
    assert in_conflict_one_pass([{"value": 380.0, "value_converted": 3800.0, "values_json": None},
                                 n(3800.0)]) == [False, False]
    ratio = {"value": None, "value_converted": None, "values_json": "[10.0,40.0,50.0]"}
    assert in_conflict_one_pass([ratio, dict(ratio)]) == [False, False]
    assert in_conflict_one_pass([ratio, n(10.0)]) == [True, True]
    assert in_conflict_one_pass([n(None), n(None)]) == [False, False]
    assert in_conflict_one_pass([n(None), n(1.0)]) == [True, True]
