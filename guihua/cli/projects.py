"""`guihua projects PATH`: the named projects of a plan, one record per mention.

Example:
    guihua projects data/hengyang-13th-fyp/plan.txt --format table
    guihua projects plan.txt --format csv > projects.csv
"""

from __future__ import annotations

import csv
import json
import re
from typing import Any

from guihua.cells import csv_cell
from guihua.documents import read
from guihua.extraction.projects import ProjectMention, extract_projects

FORMATS = ("jsonl", "csv", "table")


def register(sub: Any) -> None:
    p = sub.add_parser("projects", help="抽取规划或政府工作报告中点名的重大项目（每条一行，附动作、类别、所在专栏与原文位置）",
                       description="每处项目提及一行：名称、补全名称、动作、类别、专栏/条、地点、报告所述状态"
                                   "（status：建成/在建/前期，status_phrase：如 建成通车）、原文偏移与置信度。"
                                   "例：guihua projects plan.txt --format table")
    p.add_argument("path", metavar="PATH", help="规划文本（.txt/.docx/.pdf）")
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="输出格式（默认 jsonl）")
    p.set_defaults(func=handler)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "、".join(str(x) for x in v)
    return str(v)


def handler(args: Any, io: Any) -> int:
    doc = read(args.path)
    mentions = extract_projects(doc)
    print(f"共 {len(mentions)} 条项目提及", file=io.stderr)
    rows = [m.to_dict() for m in mentions]
    if args.format == "jsonl":
        for r in rows:
            io.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        w = csv.DictWriter(io.stdout, fieldnames=list(ProjectMention.FIELDS), extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: csv_cell(_cell(v)) for k, v in r.items()})
    else:
        head = ["项目", "完整名称", "动作", "类别", "专栏", "条", "地点", "状态", "原文"]
        io.stdout.write("\t".join(head) + "\n")
        for r in rows:
            cells = [r["name"], r.get("full_name"), r["action"], r["category"], r.get("box"),
                     r.get("article"), r.get("places"), r.get("status_phrase"), re.sub(r"\s+", "", r["quote"])[:40]]
            io.stdout.write("\t".join(_cell(c) for c in cells) + "\n")
    return 0
