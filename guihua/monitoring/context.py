"""What every assessment handler shares: the evaluation context, number printing, and how a
finished evaluation gets its official status and international band."""

from __future__ import annotations

import math
from dataclasses import dataclass

from guihua.monitoring.model import TargetEvaluation, TargetInput, Warning
from guihua.monitoring.status import INTL_BAND_EN, IntlBand, Status, Thresholds, intl_band, official_status


@dataclass(frozen=True)
class Context:
    year: int  # evaluation year
    base_year: int  # the plan's base year (the year before its first year)
    last_year: int  # the plan's last year
    thresholds: Thresholds

    @property
    def final(self) -> bool:
        return self.year >= self.last_year


def fmt(v: float | None, digits: int = 2) -> str:
    """A number as a report prints it: no trailing zeros, at most ``digits`` decimals."""
    if v is None or (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
        return "—"
    s = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def term(v: float | None, digits: int = 2) -> str:
    """A number as a term of a formula: a negative one in brackets, "(−0.2)"."""
    text = fmt(v, digits)
    return f"({text.replace('-', '−')})" if v is not None and v < 0 else text


def pct(v: float) -> str:
    """A signed rate as the working writes it: "6.85%", "−2.4%"."""
    return f"{fmt(v)}%".replace("-", "−")


def no_data(target: TargetInput, why: str, method: str = "none", label: str = "无可用数据",
            warnings: list[Warning] | None = None) -> TargetEvaluation:
    return TargetEvaluation(target=target, status=Status.NO_DATA, method=method, method_label=label,
                            working=why, warnings=warnings or [])


def finish(ev: TargetEvaluation, ctx: Context, *, intl: str = "", due: bool = False,
           band: IntlBand | None = None, status: Status | None = None) -> TargetEvaluation:
    """Set the official status (from ``met`` and ``ratio``, unless ``status`` is given) and the
    international band (``band`` if given, else 已达目标 when ``achieved``, else from ``intl_ratio``),
    and end the working with both: "…；完成情况 滞后；国际口径：<intl> → 偏离目标"."""
    ev.status = status or official_status(has_data=True, met=ev.met, ratio=ev.ratio, final=ctx.final,
                                          thresholds=ctx.thresholds, due=due)
    ev.intl_band = band or intl_band(ev.intl_ratio, ctx.thresholds, achieved=bool(ev.achieved))
    if ev.achieved and band is None:
        ev.intl_method = "achieved"
        intl = "当前值已达到目标"
    ev.working += f"；完成情况 {ev.status}；国际口径：{intl + ' → ' if intl else ''}{band_words(ev.intl_band)}"
    return ev


def band_words(band: IntlBand) -> str:
    return f"{band}（{INTL_BAND_EN[band]}）"
