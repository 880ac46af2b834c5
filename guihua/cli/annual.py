"""目标责任制 commands: annual targets, 预警, 考核 scorecards.

Examples:
    guihua annual-targets --plan hengyang-13th --propose
    guihua annual-targets --plan hengyang-13th --json
    guihua warnings --plan hengyang-13th --year 2020 --json
    guihua scorecard --plan hengyang-13th --year 2020 --out scorecard.xlsx
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from guihua.cli.store import _db, _store, _user, _who
from guihua.monitoring.context import fmt


def register(sub: Any) -> None:
    p = sub.add_parser("annual-targets", help="年度目标：每个量化目标在规划期各年的目标值（按应达路径建议，规划办可改）",
                       description="例：guihua annual-targets --plan hengyang-13th --propose（按直线或复合增长路径"
                                   "建议各年目标；规划办手工设定的不会被覆盖）")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--propose", action="store_true", help="先按应达路径建议（写入数据库，记入审计日志）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（每个年度目标一个对象）")
    _db(p)
    _user(p)
    p.set_defaults(func=annual_handler)

    p = sub.add_parser("warnings", help="预警清单：约束性指标滞后或突破上限（红）、预期性指标滞后（黄）、"
                                        "预计难以完成、数据逾期与项目逾期（灰），每条注明牵头单位",
                       description="例：guihua warnings --plan hengyang-13th --year 2020 --json")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--year", required=True, type=int, help="评估年份")
    p.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="判断填报是否逾期的日期（默认今天）")
    p.add_argument("--json", action="store_true",
                   help="以 JSON 输出：每条预警一个对象（level、kind、target_id、indicator、lead_unit、reason，"
                        "预计难以完成另有 projected_value）")
    _db(p)
    p.set_defaults(func=warnings_handler)

    p = sub.add_parser("scorecard", help="考核计分卡：各部门（及县市区）牵头指标的完成情况、填报及时性、项目进展",
                       description="例：guihua scorecard --plan hengyang-13th --year 2020 --out 考核.xlsx")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--year", required=True, type=int, help="评估年份")
    p.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="判断填报是否逾期的日期（默认今天）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（每个单位一个对象）")
    p.add_argument("--out", default=None, metavar="FILE.xlsx", help="写出 XLSX（汇总一张表，每个单位一张表）")
    _db(p)
    p.set_defaults(func=scorecard_handler)


def _today(text: str | None) -> str | None:
    if text is None:
        return None
    from guihua.store.milestones_repo import check_event_date

    try:
        return check_event_date(text)
    except Exception as exc:
        from guihua.errors import InputError

        raise InputError("--today", f"日期应写作 YYYY-MM-DD，收到“{text}”") from exc


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file beside it, then a rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def annual_handler(args: Any, io: Any) -> int:
    from guihua.monitoring.annual_source import annual_rows, plan_data, propose_for_plan

    store = _store(args, io)
    try:
        data = plan_data(store, args.plan)
        written = propose_for_plan(store, args.plan, user=_who(args, io), data=data) if args.propose else None
        years, rows = annual_rows(store, args.plan, data)
    finally:
        store.dispose()
    if args.json:
        out = [{"id": a.id, "target_id": r.target_id, "indicator": r.indicator, "kind": r.kind, "year": a.year,
                "value": a.value, "unit": a.unit, "method": a.method, "row_version": a.row_version}
               for r in rows for a in (r.cells[y] for y in years if y in r.cells)]
        json.dump(out, io.stdout, ensure_ascii=False, indent=1)
        io.stdout.write("\n")
        return 0
    if written is not None:
        print(f"已按应达路径建议年度目标：写入或更新 {written} 条（规划办设定的未改动）", file=io.stdout)
    print("目标编号　指标　" + "　".join(str(y) for y in years), file=io.stdout)
    for r in rows:
        cells = [(fmt(r.cells[y].value) + ("*" if r.cells[y].method == "manual" else "")) if y in r.cells else "—"
                 for y in years]
        print(f"{r.target_id}　{r.indicator}（{r.unit or ''}）　" + "　".join(cells), file=io.stdout)
    print("（* 为规划办设定的值；— 为无年度目标：目标年以后，或水平目标无基期值）", file=io.stdout)
    return 0


def warnings_handler(args: Any, io: Any) -> int:
    from guihua.monitoring.warnings import KIND_LABELS, LEVEL_LABELS
    from guihua.monitoring.warnings_source import plan_warnings

    today = _today(args.today)
    store = _store(args, io)
    try:
        found = plan_warnings(store, args.plan, args.year, today=today)
    finally:
        store.dispose()
    if args.json:
        json.dump([w.as_json() for w in found], io.stdout, ensure_ascii=False, indent=1)
        io.stdout.write("\n")
        return 0
    for w in found:
        print(f"[{LEVEL_LABELS[w.level]}·{KIND_LABELS[w.kind]}] {w.indicator}　牵头单位：{w.lead_unit or '未分工'}"
              f"{'　目标 ' + w.target_id if w.target_id else ''}", file=io.stdout)
        print(f"    {w.reason}", file=io.stdout)
    counts = {lv: sum(w.level == lv for w in found) for lv in LEVEL_LABELS}
    print(f"{args.year} 年预警 {len(found)} 条：" + "，".join(f"{LEVEL_LABELS[k]} {n}" for k, n in counts.items()),
          file=io.stdout)
    return 0


def scorecard_handler(args: Any, io: Any) -> int:
    from guihua.monitoring.scorecard import TIMELINESS_LABELS, scorecard_xlsx
    from guihua.monitoring.warnings_source import plan_scorecards

    today = _today(args.today)
    store = _store(args, io)
    try:
        title = store.get_plan(args.plan).title
        cards = plan_scorecards(store, args.plan, args.year, today=today)
    finally:
        store.dispose()
    if args.out:
        _write_atomic(Path(args.out), scorecard_xlsx(cards, title, args.year))
    if args.json:
        json.dump([c.as_json() for c in cards], io.stdout, ensure_ascii=False, indent=1)
        io.stdout.write("\n")
        return 0
    for c in cards:
        statuses = "，".join(f"{k} {n}" for k, n in c.statuses.items()) or "无"
        timely = "，".join(f"{TIMELINESS_LABELS[k]} {n}" for k, n in c.timeliness.items())
        projects = "，".join(f"{k} {n}" for k, n in c.projects.items()) or "无"
        print(f"{c.unit}{'（' + c.kind + '）' if c.kind else ''}", file=io.stdout)
        print(f"    牵头指标 {sum(c.statuses.values())} 项：{statuses}", file=io.stdout)
        print(f"    数据报送：{timely}", file=io.stdout)
        print(f"    牵头项目：{projects}" + (f"；逾期 {len(c.late_projects)} 个" if c.late_projects else ""),
              file=io.stdout)
    if not cards:
        print("没有已分工的单位（请先用 guihua assign 导入分工方案）", file=io.stdout)
    if args.out:
        print(f"已写出 {args.out}", file=io.stdout)
    return 0
