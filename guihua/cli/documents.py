"""Commands about reading a plan: `guihua outline PATH [--json]` and `guihua check PATH`.

    guihua outline data/hengyang-13th-fyp/plan.txt          # the tree as indented text
    guihua outline plan.pdf --json > tree.json              # the tree as JSON
    guihua check plan.pdf                                   # repairs and warnings, line:column
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

from guihua.documents import Document, Node, build_outline, outline_problems, read

KIND_NAMES = {
    "document": "文档", "part": "篇", "chapter": "章", "section": "节", "article": "条",
    "paragraph": "段", "box": "专栏", "box_item": "专栏条目", "figure": "图",
}
REPAIR_NAMES = {
    "join_line": "合并断行", "drop_page_number": "删除页码", "drop_running_header": "删除页眉页脚",
    "per_mille": "千分号", "digits": "数字规范", "lost_glyph": "疑似丢字",
}
ROUTINE = {"join_line"}


def register(sub: Any) -> None:
    p = sub.add_parser("outline", help="显示规划的结构树（篇/章/节/条/专栏/图）",
                       description="读取规划文本（.txt/.md/.docx/.pdf），显示结构树，每个节点带原文偏移。")
    p.add_argument("path", metavar="PATH", help="规划文件")
    p.add_argument("--json", action="store_true", help="输出 JSON（每个节点含 kind、number、title、start、end、children）")
    p.add_argument("--all", action="store_true", help="文本输出时也列出段落和专栏条目")
    p.set_defaults(func=outline_command)

    c = sub.add_parser("check", help="列出 PDF 抽取损伤的修复记录与警告（行:列）",
                       description="读取规划文本，列出每一处修复（合并断行除外，用 --all 显示）和警告。")
    c.add_argument("path", metavar="PATH", help="规划文件")
    c.add_argument("--all", action="store_true", help="也逐条列出合并断行")
    c.add_argument("--json", action="store_true", help="输出 JSON")
    c.set_defaults(func=check_command)


def _label(node: Node) -> str:
    name = KIND_NAMES[node.kind]
    if node.label and not node.label.endswith(("篇", "章", "节", "条")):
        head = node.label  # as the document writes it: a work report's parts are "一、", not 章
    elif node.kind == "chapter" and node.number is not None:
        head = f"第{node.number}章"
    elif node.kind == "section" and node.number is not None:
        head = f"第{node.number}节"
    elif node.kind == "part" and node.number is not None:
        head = f"第{node.number}篇"
    elif node.kind == "article" and node.number is not None:
        head = f"{node.number}、"
    elif node.kind in ("box", "figure") and node.number is not None:
        head = f"{name} {node.number}：" if node.title else f"{name} {node.number}"
    else:
        head = f"[{name}]"
    glue = "" if node.kind == "article" or head.endswith(("：", "、", "）", ".", "．")) else " "
    text = f"{head}{glue}{node.title}".rstrip()
    if node.note:
        text += f"（{node.note}）"
    return f"{text}  [{node.start}–{node.end}]"


def _print_tree(node: Node, io: Any, depth: int, show_all: bool) -> None:
    for child in node.children:
        if not show_all and child.kind in ("paragraph", "box_item"):
            continue
        print("  " * depth + _label(child), file=io.stdout)
        _print_tree(child, io, depth + 1, show_all)


def _summary(doc: Document, root: Node) -> str:
    counts = Counter(n.kind for n in root.walk())
    parts = [f"{KIND_NAMES[k]}{_written_as(root, k)} {counts[k]}"
             for k in ("part", "chapter", "section", "article", "box", "figure") if counts[k]]
    enc = f"，编码 {doc.encoding}" if doc.encoding else ""
    return f"{doc.source}（{doc.format}{enc}）：" + "，".join(parts) + f"，段落 {counts['paragraph']}"


def _written_as(root: Node, kind: str) -> str:
    """How a level is numbered when not by its name: "（标作“一、”）" for a report's parts."""
    first = next((n for n in root.walk() if n.kind == kind and n.label), None)
    if first is None or kind not in ("part", "chapter", "section") or first.label.endswith(("篇", "章", "节")):
        return ""
    return f"（标作“{first.label}”）"


def outline_command(args: argparse.Namespace, io: Any) -> int:
    doc = read(args.path)
    root = build_outline(doc)
    problems = outline_problems(root)
    if args.json:
        data = {"source": doc.source, "format": doc.format, "encoding": doc.encoding,
                "problems": problems, "root": root.to_dict()}
        json.dump(data, io.stdout, ensure_ascii=False, indent=1)
        print(file=io.stdout)
        return 0
    print(_summary(doc, root), file=io.stdout)
    _print_tree(root, io, 0, args.all)
    for problem in problems:
        print(f"注意：{problem}", file=io.stdout)
    return 0


def check_command(args: argparse.Namespace, io: Any) -> int:
    doc = read(args.path)
    root = build_outline(doc)
    problems = outline_problems(root)
    if args.json:
        data = {"source": doc.source, "format": doc.format, "encoding": doc.encoding,
                "repairs": [r.to_dict() for r in doc.repairs], "problems": problems}
        json.dump(data, io.stdout, ensure_ascii=False, indent=1)
        print(file=io.stdout)
        return 0
    enc = f"，编码 {doc.encoding}" if doc.encoding else ""
    print(f"{doc.source}（{doc.format}{enc}）", file=io.stdout)
    for r in doc.repairs:
        if r.kind in ROUTINE and not args.all:
            continue
        status = "修复" if r.applied else "警告"
        change = f"“{_show(r.before)}” → “{_show(r.after)}”" if r.applied else f"“{_show(r.before)}”"
        print(f"{doc.source}:{r.line}:{r.column}: {status} {REPAIR_NAMES.get(r.kind, r.kind)} {change} {r.message}",
              file=io.stdout)
    for problem in problems:
        print(f"{doc.source}: 结构 {problem}", file=io.stdout)
    counts = Counter((r.kind, r.applied) for r in doc.repairs)
    summary = "，".join(
        f"{REPAIR_NAMES.get(k, k)}{'' if applied else '（警告）'} {c}" for (k, applied), c in sorted(counts.items())
    )
    print(f"合计：{summary or '无'}", file=io.stdout)
    return 0


def _show(s: str) -> str:
    return s.replace("\n", "⏎")
