"""The method notes an evaluation report prints (数据说明), written here beside the methods they
describe so that the report says exactly what monitoring does."""

from __future__ import annotations

from guihua.monitoring.context import fmt
from guihua.monitoring.status import Thresholds

#: how the report's overview names the international reading
INTL_READING = "按国际通行口径（欧盟统计局、加拿大统计局、Open SDG：先看是否已达目标，再看实际与所需年均增速之比）"

ATTRIBUTE_SOURCES = {"plan": "规划注明", "proposed": "拟定，待审核", "review": "审核确定"}


def attribute_text(attribute: str | None, source: str | None) -> str:
    """The report's 属性 cell: 约束性 / 预期性, marked when only proposed; "—" when unknown."""
    if not attribute:
        return "—"
    return f"{attribute}（拟定）" if source == "proposed" else attribute


def method_notes(th: Thresholds) -> list[str]:
    """The report's notes on the method and thresholds, in Chinese."""
    return [
        "完成情况的判定：评估年早于规划末年时分为提前实现、快于预期、基本符合预期、滞后；"
        "规划末年及以后分为已完成、基本完成、未完成；无可用数据的为无数据。已达到的下限或上限目标不论路径均为"
        "提前实现（末年为已完成）；突破上限的为滞后（末年为未完成）。",
        f"进度比 = 实际进展 ÷ 应有进展：≥ {fmt(th.faster_ratio)} 为快于预期，≥ {fmt(th.on_track_ratio)} 为基本符合预期，"
        f"以下为滞后；末年未达目标但进度比 ≥ {fmt(th.basically_done_ratio)} 为基本完成。比较时允许 "
        f"{th.edge_tolerance:g} 的相对误差。",
        "基期值取规划文本所载，规划未载的取基期年及以前最近一年的统计数据（都没有时取其后最早一年）。"
        "基期已达到目标的按“保持”目标判断：仍达到为提前实现/已完成，未达到为滞后/未完成，不计进度比。",
        "年均增速目标以实际年均增速比较（公布的期间年均数优先，其次由各年增速几何平均，再次由首末年总量推算），"
        "进度比为实际 ÷ 所需年均增速，下降目标同样（年均下降 2.4% 对所需 3% 为 0.8）；增速的上限目标"
        "（增长不超过 X%）只判断是否超过。总量目标按基期到目标的路径比较（货币量、产出量或同时有增速目标的按复合增长，"
        "比率、比重和数量按直线）；累计目标比较完成比例与时间进度（时间过半、任务过半）；结构目标逐项按各项应升、应降的"
        "方向判断，全部达到为达到，进度比取未达到各项中最慢的一项。",
        f"“左右”类目标的允许偏差为应有变化（目标与基期之差，增速目标为增速本身）的 {fmt(th.approx_change_share * 100)}%，"
        f"且不超过 ±{fmt(th.approx_points)} 个百分点（百分比）或目标值的 ±{fmt(th.approx_relative * 100)}%（其他）；"
        f"无基期值时按后者。结构目标每项 ±{fmt(th.structure_points)} 个百分点。",
        f"国际对照（欧盟统计局、加拿大统计局、Open SDG sdg-build 的做法）：当前值已达到目标的为已达目标；否则按实际"
        f"年均增速（CAGR）与所需年均增速之比（基期值、实际值、目标值均为正时；有零或负值、复合增速无定义时按直线年均变化之比，"
        f"计算过程中注明），≥ {fmt(th.intl_significant)} 显著进展，{fmt(th.intl_moderate)}—{fmt(th.intl_significant)} 适度进展，"
        f"0—{fmt(th.intl_moderate)} 进展不足，< 0 偏离目标；没有目标值的按朝要求方向的年均增速：≥ {fmt(th.trend_significant)}%"
        f" 显著进展，≥ {fmt(th.trend_moderate)}% 适度进展，≥ {fmt(th.trend_insufficient)} 进展不足，< 0 偏离目标。",
        "推算值（如按可比价增速推算的总量、由总量推算的增速）均注明“推算值/计算值”及公式，不是公布数。",
    ]
