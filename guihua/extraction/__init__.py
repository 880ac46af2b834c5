"""Extraction: targets, baselines and dated milestones of a plan, with provenance.

Public API:
    extract_targets(doc, root=None, period=None) -> TargetExtraction
    scan(text) -> list[Quantity]              numbers with units, ranges, ratios (compact text)
    infer_period(text) -> PeriodInfo           the plan period and how it was inferred
    indicator_key(name) -> str                 one key for one indicator however it is written
"""

from guihua.extraction.indicators import indicator_key
from guihua.extraction.model import Statement
from guihua.extraction.periods import PeriodInfo, infer_period
from guihua.extraction.quantities import Quantity, parse_chinese_number, scan
from guihua.extraction.targets import TargetExtraction, extract_targets
from guihua.extraction.textview import TextView, build_view

__all__ = [
    "PeriodInfo", "Quantity", "Statement", "TargetExtraction", "TextView", "build_view",
    "extract_targets", "indicator_key", "infer_period", "parse_chinese_number", "scan",
]
