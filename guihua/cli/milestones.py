"""Milestone commands: record what happened to a dated commitment, and list milestones with their status.

Examples:
    guihua milestone 123 --date 2017-11-14 --evidence "中央文明委通报（文明委〔2017〕2号）" --user 王芳
    guihua milestones --plan hengyang-13th --year 2020
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from guihua.cli.store import _db, _store, _user, _who
from guihua.store.records import MILESTONE_OUTCOMES


def register(sub: Any) -> None:
    p = sub.add_parser("milestone", help="为节点任务录入事件：日期、结果（完成/部分完成/未完成）与证明材料（记入审计日志）",
                       description="例：guihua milestone 123 --date 2017-11-14 --evidence \"中央文明委通报\" "
                                   "--user 王芳（目标编号见 guihua milestones 或 guihua indicators --targets）")
    p.add_argument("target_id", metavar="TARGET_ID", type=int, help="节点任务目标的编号")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="事件日期")
    p.add_argument("--evidence", required=True, metavar="TEXT", help="证明材料（文件、文号、公告或网址）")
    p.add_argument("--outcome", default="完成", choices=MILESTONE_OUTCOMES, help="结果（默认 完成）")
    p.add_argument("--source", default=None, metavar="S", help="来源（发布机关或出处）")
    _db(p)
    _user(p, required=True)
    p.set_defaults(func=record_handler)

    p = sub.add_parser("milestones", help="列出节点任务及其状态（已完成 / 未到期 / 逾期）、录入的事件与证据",
                       description="例：guihua milestones --plan hengyang-13th --year 2020")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--year", type=int, default=None,
                   help="评估年份（默认今年，但不早于规划首年、不晚于末年后 10 年）")
    _db(p)
    p.set_defaults(func=list_handler)


def record_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        e = store.add_milestone_event(args.target_id, date=args.date, evidence=args.evidence, user=_who(args, io),
                                      outcome=args.outcome, source=args.source)
        target = store.get_statement(args.target_id)
    finally:
        store.dispose()
    print(f"已录入节点事件 {e.id}：目标 {target.id}（{target.indicator}，{target.year or '—'} 年前）"
          f"{e.event_date} {e.outcome}，证据：{e.evidence}", file=io.stdout)
    return 0


def list_handler(args: Any, io: Any) -> int:
    from guihua.monitoring.store_source import evaluate_plan_data, load_plan_data
    from guihua.store.settings import resolve_url

    data = load_plan_data(resolve_url(args.db, io.environ), args.plan)
    year = args.year
    if year is None:
        year = min(max(dt.date.today().year, data.first_year), data.last_year + 10)
    evaluation = evaluate_plan_data(data, year)
    items = [i for i in evaluation.items if i.target.kind == "milestone"]
    out = io.stdout
    print(f"{evaluation.plan_title}　节点任务　评估年 {year}（规划期 {data.first_year}-{data.last_year}）", file=out)
    for item in items:
        t = item.target
        print(f"[{item.status}] {t.key}　{t.indicator}　到期 {t.year or data.last_year} 年　{item.actual_text or '—'}",
              file=out)
        print(f"    {item.working}", file=out)
    by_status: dict[str, int] = {}
    for item in items:
        by_status[item.status] = by_status.get(item.status, 0) + 1
    counts = "，".join(f"{s} {n}" for s, n in by_status.items())
    print(f"合计 {len(items)} 项节点任务" + (f"：{counts}" if items else ""), file=out)
    return 0
