"""`guihua targets PATH`: targets, baselines and milestones of a plan, one record per statement.

Example:
    guihua targets data/hengyang-13th-fyp/plan.txt --format table
    guihua targets plan.txt --format csv --period 2016-2020 > targets.csv
"""

from __future__ import annotations

import csv
import json
import re
from typing import Any

from guihua.cells import csv_cell
from guihua.documents import Document, read
from guihua.errors import InputError
from guihua.extraction import extract_targets
from guihua.extraction.model import Statement

FORMATS = ("jsonl", "csv", "table")
COLUMNS = [f for f in Statement.FIELDS]


def register(sub: Any) -> None:
    p = sub.add_parser("targets", help="抽取规划目标、基期值与时间节点（每条一行，附原文位置）",
                       description="每条目标、基期值或时间节点一行，字段含义见 docs/naming.md，"
                                   "另有 start/end（原文偏移）、quote、node_id、confidence。规划期未给出时从文中推断并说明。"
                                   "例：guihua targets plan.txt --format table")
    p.add_argument("path", metavar="PATH", help="规划文本（.txt/.docx/.pdf）")
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="输出格式（默认 jsonl）")
    p.add_argument("--period", metavar="YYYY-YYYY", help="规划期，如 2016-2020（默认从文中推断）")
    p.set_defaults(func=handler)


def parse_period(s: str | None) -> tuple[int, int] | None:
    if not s:
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*[-—–~～至]\s*(\d{4})\s*", s)
    if not m or not int(m.group(1)) <= int(m.group(2)) <= int(m.group(1)) + 30:
        raise InputError("--period", f"规划期应写作“起始年-结束年”，如 2016-2020，收到“{s}”")
    return int(m.group(1)), int(m.group(2))


def load_document(path: str) -> Document:
    """The document as guihua.documents reads it (same checks and errors as the outline command)."""
    return read(path)


def handler(args: Any, io: Any) -> int:
    period = parse_period(args.period)
    doc = load_document(args.path)
    result = extract_targets(doc, period=period)
    print(f"规划期：{result.period_source}；共 {len(result.statements)} 条", file=io.stderr)
    rows = [s.to_dict() for s in result.statements]
    if args.format == "jsonl":
        for r in rows:
            io.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        w = csv.DictWriter(io.stdout, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            r = dict(r)
            if r.get("values") is not None:
                r["values"] = ":".join(f"{v:g}" for v in r["values"])
            w.writerow({k: csv_cell(v) for k, v in r.items()})
    else:
        _table(rows, io)
    return 0


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _table(rows: list[dict[str, Any]], io: Any) -> None:
    head = ["类型", "种类", "指标", "值", "单位", "比较", "年份", "范围", "位置", "原文"]
    io.stdout.write("\t".join(head) + "\n")
    for r in rows:
        value = _fmt(r.get("value"))
        if r.get("value_max") is not None:
            value += "-" + _fmt(r["value_max"])
        if r.get("values"):
            value = ":".join(_fmt(v) for v in r["values"])
        quote = re.sub(r"\s+", "", r.get("quote", ""))[:40]
        cells = [
            "目标" if r["type"] == "target" else "基期", r["kind"], r["indicator"], value,
            _fmt(r.get("unit")), _fmt(r.get("comparator")), _fmt(r.get("year")), _fmt(r.get("scope")),
            _fmt(r.get("section")), quote,
        ]
        io.stdout.write("\t".join(cells) + "\n")
