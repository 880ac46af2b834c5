"""Facts a plan states next to a project's name: total investment ("（总投资 12.5 亿元）").

`investment_after(raw, end)` reads from the end of the name to the end of its list item (the next
、；。 or line break outside brackets) and returns (amount, unit) when it says 总投资/计划投资/估算投资.
"""

from __future__ import annotations

import re

_AMOUNT = re.compile(r"(?:总投资|计划投资|估算投资|概算投资|投资总额)(?:约|为|达|超过)?\s*"
                     r"(\d+(?:\.\d+)?)\s*(亿元|万元|亿|万)")
_OPEN, _CLOSE = "（(【[", "）)】]"
_STOPS = "、；;。\n"
_REACH = 60


def investment_after(raw: str, end: int) -> tuple[float, str] | None:
    """(amount, unit) of the investment stated right after a name ending at `end`, else None."""
    depth = 0
    stop = min(len(raw), end + _REACH)
    for i in range(end, stop):
        ch = raw[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _STOPS and depth == 0:
            stop = i
            break
    m = _AMOUNT.search(raw, end, stop)
    if not m:
        return None
    unit = {"亿": "亿元", "万": "万元"}.get(m.group(2), m.group(2))
    return float(m.group(1)), unit
