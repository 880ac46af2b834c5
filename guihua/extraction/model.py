"""What extraction produces: one `Statement` per quantity statement (target, baseline, milestone).

Field meanings follow ../shared/eval/GUIDELINE.md, the contract of the export. `start`/`end` are
raw offsets (see guihua.documents.model), `quote` is raw[start:end].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

StatementType = Literal["target", "baseline"]
Kind = Literal["level", "growth", "change", "cumulative", "structure", "milestone"]
Comparator = Literal[">=", "<=", "~", "="]
Direction = Literal["increase", "decrease"]
Attribute = Literal["约束性", "预期性"]


@dataclass
class Statement:
    type: StatementType
    kind: Kind
    indicator: str
    start: int
    end: int
    quote: str
    value: float | None = None
    value_max: float | None = None
    values: list[float] | None = None
    unit: str | None = None
    comparator: Comparator | None = None
    year: int | None = None
    base_year: int | None = None
    scope: str | None = None
    section: str | None = None  # "art:N" | "box:N" | "sec:C.S" | "ch:C"
    node_id: str | None = None
    confidence: float = 1.0
    note: str | None = None
    indicator_key: str | None = None  # one key for one indicator however written (synonyms lexicon)
    # growth/change: which way the quantity moves ("年均下降3%": decrease, value stays 3)
    direction: Direction | None = None
    attribute: Attribute | None = None  # 约束性 / 预期性 where the plan states it
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        "type", "kind", "indicator", "value", "value_max", "values", "unit", "comparator", "year",
        "base_year", "scope", "section", "start", "end", "quote", "node_id", "confidence", "note",
        "indicator_key", "direction", "attribute",
    )

    def to_dict(self) -> dict[str, Any]:
        """The export record: every field, None left out (except value for milestones)."""
        d = {f: getattr(self, f) for f in self.FIELDS}
        return {k: v for k, v in d.items() if v is not None or k == "value"}
