"""Which actual values of one indicator, period and measure disagree: pure functions, linear in the rows.

Two values say the same when both are the same ratio (`values_json`, compared as stored), or both are
numbers equal within `math.isclose(rel_tol=1e-9, abs_tol=1e-12)` (the converted value where there is
one), or both are empty. A value is in conflict when some other value of its group says something
else. Asking that of every row pair is quadratic; `GroupValues` keeps only what answers it for any
row in constant time: the distinct ratios, the smallest and largest number, and how many empty
values. Checking a number against the smallest and largest is enough: a number close to both ends
of a sorted run is close to everything between them, because `isclose`'s tolerance grows with the
larger magnitude.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: a stored value reduced to what comparison needs: ("ratio", text) / ("number", x) / ("none", None)
Value = tuple[str, Any]


def value_of(row: Mapping[Any, Any]) -> Value:
    """The comparable value of an observation row (a dict with values_json, value_converted, value)."""
    if row.get("values_json"):
        return ("ratio", row["values_json"])
    v = row.get("value_converted")
    if v is None:
        v = row.get("value")
    if v is None:
        return ("none", None)
    return ("number", float(v))


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def same(a: Value, b: Value) -> bool:
    """Whether two values say the same (the definition in the module docstring)."""
    if a[0] != b[0]:
        return False
    if a[0] == "number":
        return close(a[1], b[1])
    return bool(a[1] == b[1])


@dataclass
class GroupValues:
    """A summary of a group of values that tells whether any of them differs from a given value."""

    ratios: set[str] = field(default_factory=set)
    n_ratios: int = 0
    numbers: int = 0
    lo: float = math.inf
    hi: float = -math.inf
    nones: int = 0

    def add(self, v: Value) -> None:
        kind, x = v
        if kind == "ratio":
            self.ratios.add(x)
            self.n_ratios += 1
        elif kind == "number":
            self.numbers += 1
            self.lo = min(self.lo, x)
            self.hi = max(self.hi, x)
        else:
            self.nones += 1

    def differs_from(self, v: Value) -> bool:
        """Whether some value of the group does not say the same as `v`."""
        kind, x = v
        if kind == "ratio":
            return self.numbers > 0 or self.nones > 0 or len(self.ratios) > 1 or (bool(self.ratios) and x not in self.ratios)
        if kind == "none":
            return self.numbers > 0 or self.n_ratios > 0
        return self.n_ratios > 0 or self.nones > 0 or (self.numbers > 0 and not (close(x, self.lo) and close(x, self.hi)))
