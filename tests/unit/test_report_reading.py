"""What the report model says about a target: its 属性, how the target reads, the method notes."""

from __future__ import annotations

from guihua.monitoring.evaluation import evaluate
from guihua.monitoring.model import BaselineInput, ObservationInput, TargetInput
from guihua.monitoring.notes import method_notes
from guihua.monitoring.status import Thresholds
from guihua.reports.model import build_report


def _report() -> dict[str, object]:
    t = TargetInput
    targets = [
        t("forest", "森林覆盖率", "level", ">=", 66, "%", 2020, binding="约束性", binding_source="proposed"),
        t("jobs", "城镇登记失业率", "level", "<=", 4.5, "%", 2020, binding="预期性", binding_source="plan"),
        t("energy", "单位地区生产总值能耗", "change", ">=", 15, "%", 2020, direction="decrease"),
    ]
    obs = [ObservationInput("森林覆盖率", "level", 67.5, "%", 2018), ObservationInput("城镇登记失业率", "level", 4.6, "%", 2018)]
    base = [BaselineInput("森林覆盖率", "level", 67, "%", 2015), BaselineInput("城镇登记失业率", "level", 4.0, "%", 2015)]
    ev = evaluate(plan_id="p", plan_title="青川市规划", targets=targets, baselines=base, observations=obs, year=2018,
                  kind="midterm", base_year=2015, last_year=2020)
    report = build_report(ev, generated="2019-01-01")
    return {r.key: r for r in report.rows} | {"notes": report.data_notes}


def test_attribute_column_shows_the_attribute_never_the_kind() -> None:
    rows = _report()
    assert rows["forest"].attribute == "约束性（拟定）"  # type: ignore[attr-defined]
    assert rows["jobs"].attribute == "预期性"  # type: ignore[attr-defined]
    assert rows["energy"].attribute == "—"  # type: ignore[attr-defined]


def test_report_reads_a_reduction_as_a_reduction() -> None:
    rows = _report()
    assert rows["energy"].target == "较基期降低 15%"  # type: ignore[attr-defined]
    assert rows["jobs"].target == "≤ 4.5%"  # type: ignore[attr-defined]
    assert (rows["jobs"].status, rows["jobs"].intl) == ("滞后", "偏离目标")  # type: ignore[attr-defined]


def test_method_notes_say_what_monitoring_does() -> None:
    notes = " ".join(method_notes(Thresholds()))
    for words in ("已达目标", "CAGR", "直线", "1.5%", "保持", "基期年及以前最近一年", "应有变化", "推算值"):
        assert words in notes, words
    assert _report()["notes"][: len(method_notes(Thresholds()))] == method_notes(Thresholds())
