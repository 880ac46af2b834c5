"""Project progress proposed by a year's 政府工作报告 (read by `guihua import-report`): list them,
accept or reject one.

Examples:
    guihua import-report 2018年政府工作报告.txt --plan hengyang-13th --user 王芳
    guihua project-proposals --plan hengyang-13th --decision 待审核
    guihua project-proposal 7 --accept --user 王芳
    guihua project-proposal 8 --accept --project 42 --user 王芳
    guihua project-proposal 9 --reject --user 王芳
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from guihua.cli.store import _db, _store, _user, _who
from guihua.store.project_proposals import ACCEPTED, DECISIONS, REJECTED


def register(sub: Any) -> None:
    p = sub.add_parser("project-proposals", help="列出政府工作报告（guihua import-report）给出的项目进展建议：匹配的项目、置信度与理由、状态、年份、原文",
                       description="例：guihua project-proposals --plan hengyang-13th --decision 待审核")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--decision", choices=DECISIONS, default=None, help="只列出某种处理结果")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    _db(p)
    p.set_defaults(func=list_handler)

    p = sub.add_parser("project-proposal", help="接受或驳回一条项目进展建议；接受时为项目记一条进展并更新状态（记入审计日志）",
                       description="例：guihua project-proposal 7 --accept --user 王芳；匹配不对时用 --project 指明项目")
    p.add_argument("proposal_id", metavar="PROPOSAL_ID", type=int, help="建议编号（见 guihua project-proposals）")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--accept", action="store_true", help="接受：为项目记一条进展（年份、状态、原文）")
    g.add_argument("--reject", action="store_true", help="驳回")
    p.add_argument("--project", type=int, default=None, help="记到这个项目（默认匹配到的项目）")
    p.add_argument("--expect-version", type=int, default=None, metavar="N", help="防止覆盖他人的处理")
    _db(p)
    _user(p, required=True)
    p.set_defaults(func=decide_handler)


def list_handler(args: Any, io: Any) -> int:
    from guihua.store.project_proposals import list_proposals, summary_lines

    store = _store(args, io)
    try:
        rows = list_proposals(store, args.plan, decision=args.decision)
        titles = {p.id: p.display_name for p in store.list_projects(args.plan)}
    finally:
        store.dispose()
    if args.json:
        io.stdout.write(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1) + "\n")
        return 0
    io.stdout.write("编号\t处理\t置信度\t名称 -> 项目\t状态\t年份\t原文\t理由\n")
    for line in summary_lines(rows, titles):
        io.stdout.write(line + "\n")
    return 0


def decide_handler(args: Any, io: Any) -> int:
    from guihua.store.project_proposals import decide

    store = _store(args, io)
    try:
        r = decide(store, args.proposal_id, ACCEPTED if args.accept else REJECTED, user=_who(args, io),
                   project_id=args.project, expected_version=args.expect_version)
    finally:
        store.dispose()
    if r.decision == ACCEPTED:
        print(f"已接受建议 {r.id}：项目 {r.project_id} 记进展 {r.event_year} 年 {r.status or ''}（进展 {r.event_id}）",
              file=io.stdout)
    else:
        print(f"已驳回建议 {r.id}", file=io.stdout)
    return 0
