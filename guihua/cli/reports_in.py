"""`guihua import-report`: achieved values from a 统计公报 or 政府工作报告, stored as proposals; from a
work report also the progress of the plan's projects (built, started, ...), proposed for review.

Examples:
    guihua import-report 衡阳市2020年统计公报.txt --plan hengyang-13th
    guihua import-report 2021年政府工作报告.docx --plan hengyang-13th --year 2020

Each value found is proposed with its source (the document and the quote), pending review: the web
page 数据填报 -> 待审核的实际值 accepts one with a key (a).
"""

from __future__ import annotations

from typing import Any

from guihua.cli.store import _db, _store, _user, _who
from guihua.errors import ExitCode


def register(sub: Any) -> None:
    p = sub.add_parser("import-report", help="从统计公报或政府工作报告读取所报年份的实际值，存为待审核的建议（网页中逐条接受）；"
                                             "政府工作报告中项目的建成、开工等进展同时与项目库对应，存为待审核的项目进展建议",
                       description="统计公报取全部数值（所报年份），政府工作报告只取回顾上一年已实现的数值，不取今年的目标；"
                                   "每条与规划指标对应（完全相同，否则给出建议），附文件名与原文。政府工作报告回顾中点名的项目进展"
                                   "与规划项目库对应（附置信度，不直接改动项目库），用 guihua project-proposals 查看。"
                                   "例：guihua import-report 2020年统计公报.txt --plan hengyang-13th")
    p.add_argument("file", metavar="FILE", help="统计公报或政府工作报告（.txt/.docx/.pdf）")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--year", type=int, default=None, metavar="YYYY",
                   help="所报告的年份（默认从文件开头读取：统计公报为标题中的年份，政府工作报告为报告年份的上一年）")
    _db(p)
    _user(p)
    p.set_defaults(func=import_report_handler)


def import_report_handler(args: Any, io: Any) -> int:
    from guihua.store import proposed_actuals_repo as pr
    from guihua.store.project_proposals import ingest_report
    from guihua.store.report_actuals import WORK_REPORT, import_report

    store = _store(args, io)
    try:
        who = _who(args, io)
        r = import_report(store, args.plan, args.file, year=args.year, user=who)
        names = {i.id: i.name for i in store.list_indicators(args.plan)}
        proposals = [p for p in pr.list_proposals(store, args.plan) if p.id in set(r.proposal_ids)]
        # a work report of year Y reviews Y-1: its projects' progress is proposed for the library too
        projects = ingest_report(store, args.plan, args.file, year=r.year + 1, user=who) \
            if r.kind == WORK_REPORT and r.year else None
    finally:
        store.dispose()
    print(f"{r.document}：{r.kind}，所报年份 {r.year}；新建议 {len(r.proposal_ids)} 条（已对应指标 {r.matched} 条，"
          f"待选择指标 {r.unmatched} 条，有问题 {r.with_problems} 条）"
          + (f"，此前已读取 {r.duplicates} 条" if r.duplicates else ""), file=io.stdout)
    for p in proposals:
        value = ":".join(f"{v:g}" for v in p.values) if p.values else f"{p.value:g}{p.unit or ''}"
        what = "增速" if p.measure == "growth" else "结构" if p.measure == "structure" else ""
        target = names.get(p.indicator_id, "（待选择）") if p.indicator_id else "（待选择）"
        extra = f"　※ {p.problem}" if p.problem else ""
        print(f"  #{p.id} {p.source_indicator} → {target} {p.period} {what}{value}　第 {p.line} 行「{p.quote}」{extra}",
              file=io.stdout)
    if r.skipped:
        print(f"未取 {len(r.skipped)} 处：", file=io.stdout)
        for s in r.skipped:
            print(f"  「{s.quote}」：{s.reason}", file=io.stdout)
    print("请在网页“数据填报 → 待审核的实际值”中逐条接受（a）或驳回（r）", file=io.stdout)
    if projects is not None:
        print(f"项目进展：提及 {projects.mentions} 处，其中回顾 {r.year} 年进展 {projects.events} 处；新增建议 "
              f"{projects.added} 条（匹配到规划项目 {projects.matched} 条，无相近项目 {projects.added - projects.matched} 条），"
              f"此前已建议 {projects.repeated} 条。用 guihua project-proposals --plan {args.plan} 查看，"
              "guihua project-proposal 编号 --accept/--reject 处理。", file=io.stdout)
    return int(ExitCode.OK)
