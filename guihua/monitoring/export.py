"""One evaluated target as plain JSON-able data: the record `guihua progress --json` prints and the
web's target JSON carries, under the same field names.
"""

from __future__ import annotations

import math
from typing import Any

from guihua.monitoring.model import Evaluation, TargetEvaluation
from guihua.monitoring.status import INTL_BAND_EN
from guihua.monitoring.wording import target_text

#: the fields of a progress record, in order (every record has all of them; unknown is null)
PROGRESS_FIELDS = (
    "target_id", "indicator", "kind", "comparator", "direction", "target_value", "target_value_max",
    "target_values", "target_text", "unit", "year", "attribute", "attribute_source", "baseline", "baseline_year",
    "baseline_source", "actual", "actual_year", "actual_text", "derived", "expected", "status", "met", "intl_band",
    "intl_band_en", "achieved", "ratio", "intl_ratio", "intl_method", "method", "method_label", "working",
    "warnings",
)


def _num(v: float | None) -> float | None:
    """A number for JSON: rounded to 6 decimals (0.7999999999999999 -> 0.8), None when not finite."""
    if v is None or not math.isfinite(v):
        return None
    return round(float(v), 6)


def progress_record(item: TargetEvaluation) -> dict[str, Any]:
    """The record of one evaluated target (fields: ``PROGRESS_FIELDS``)."""
    t = item.target
    record = {
        "target_id": t.key, "indicator": t.indicator, "kind": t.kind, "comparator": t.comparator,
        "direction": t.direction, "target_value": _num(t.value), "target_value_max": _num(t.value_max),
        "target_values": t.values, "unit": t.unit, "year": t.year,
        "target_text": target_text(t.kind, t.comparator, t.value, value_max=t.value_max, values=t.values,
                                   unit=t.unit, direction=t.direction, quote=t.quote),
        "attribute": t.binding, "attribute_source": t.binding_source if t.binding else None,
        "baseline": _num(item.baseline), "baseline_year": item.baseline_year, "baseline_source": item.baseline_source,
        "actual": _num(item.actual), "actual_year": item.actual_year, "actual_text": item.actual_text,
        "derived": item.derived, "expected": _num(item.expected), "status": str(item.status), "met": item.met,
        "intl_band": str(item.intl_band), "intl_band_en": INTL_BAND_EN[item.intl_band], "achieved": item.achieved,
        "ratio": _num(item.ratio), "intl_ratio": _num(item.intl_ratio), "intl_method": item.intl_method,
        "method": item.method, "method_label": item.method_label, "working": item.working,
        "warnings": [w.message for w in item.warnings],
    }
    return {k: record[k] for k in PROGRESS_FIELDS}


def progress_records(evaluation: Evaluation) -> list[dict[str, Any]]:
    """One record per evaluated target, in the evaluation's order."""
    return [progress_record(i) for i in evaluation.items]
