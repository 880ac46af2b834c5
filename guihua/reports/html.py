"""The report as one self-contained HTML file: inline CSS and SVG charts, no external resource.

Sections are numbered from their position (一、二、…; subsections （一）（二）…), tables 表 1、表 2…
and figures 图 1… in document order, exactly as the DOCX numbers them. Name columns break only
between words (<wbr> at jieba word boundaries, ``word-break: keep-all``).
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from pathlib import Path

from guihua.reports.charts import svg_chart
from guihua.reports.document import Figure, Para, Section, Table, cn_number
from guihua.reports.files import write_atomic
from guihua.reports.layout import pieces, plan_columns
from guihua.reports.links import safe_href
from guihua.reports.model import STATUS_COLOURS, Report

_CSS = """
body{font-family:"FangSong","仿宋","STFangsong","Noto Serif CJK SC","Source Han Serif SC",serif;
 max-width:1100px;margin:2em auto;padding:0 1.5em;color:#111;line-height:1.7;font-size:16px}
h1{font-family:"SimHei","黑体","Noto Sans CJK SC","Source Han Sans SC",sans-serif;text-align:center;
 font-size:24px;color:#000;margin-bottom:.2em}
.subtitle{text-align:center;color:#444;margin-top:0}
h2{font-family:"SimHei","黑体","Noto Sans CJK SC",sans-serif;font-size:19px;border-bottom:2px solid #b00;
 padding-bottom:.2em;margin-top:1.6em}
h3{font-family:"KaiTi","楷体","Noto Serif CJK SC",serif;font-size:17px}
p{text-indent:2em;margin:.4em 0}
p.note{font-size:14px;color:#444;text-indent:0}
p.empty{color:#555}
p.draft{background:#fff8e1;border-left:4px solid #e0a800;padding:.3em .6em;text-indent:0}
.caption{text-align:center;font-family:"SimHei","黑体","Noto Sans CJK SC",sans-serif;font-size:15px;
 margin:1em 0 .2em;text-indent:0}
table{border-collapse:collapse;width:100%;font-size:14px;margin:.2em 0 .8em;table-layout:fixed}
th,td{border:1px solid #888;padding:3px 5px;vertical-align:top;overflow-wrap:anywhere}
td.name{word-break:keep-all;overflow-wrap:normal}
th{background:#f2f2f2;font-family:"SimHei","黑体","Noto Sans CJK SC",sans-serif;font-weight:normal}
td.num{text-align:right}
td.status{text-align:center;font-weight:bold;word-break:keep-all}
.note-row{color:#9c0006;font-size:13px;margin-top:2px}
details{font-size:13px;color:#333}
.chart text{font-family:"Noto Sans CJK SC","SimHei",sans-serif}
figure{margin:1em 0;text-align:center}
footer{margin-top:2em;color:#666;font-size:13px}
@media print{body{max-width:none}.noprint{display:none}}
"""

#: the only script: hides the indicator rows without data on request (works offline, nothing loaded)
_SCRIPT = (
    "document.getElementById('hide-no-data').addEventListener('change',function(e){"
    "document.querySelectorAll('table[data-table=\"main\"] tr[data-status=\"无数据\"],"
    "table[data-table=\"other\"] tr[data-status=\"无数据\"]').forEach(function(r){"
    "r.style.display=e.target.checked?'none':'';});});"
)

#: the script's Content-Security-Policy source: a server showing the report allows this script alone
SCRIPT_CSP_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode() + "'"


class _Counter:
    def __init__(self) -> None:
        self.tables = 0
        self.figures = 0


def render_html(report: Report) -> str:
    """The report as an HTML string."""
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(report.title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{escape(report.title)}</h1>", f'<p class="subtitle">{escape(report.subtitle)}</p>',
           '<p class="noprint note"><label><input type="checkbox" id="hide-no-data"> 指标表中只看有数据可评估的指标</label></p>']
    count = _Counter()
    for i, section in enumerate(report.body, 1):
        out.append(f'<section id="{escape(section.id)}"><h2>{cn_number(i)}、{escape(section.title)}</h2>')
        out += _blocks(section, count, level=3)
        out.append("</section>")
    n = 0
    for section in report.appendices:
        if section.id == "notes":
            out.append(f'<section id="notes"><h2>附：{escape(section.title)}</h2>')
        else:
            n += 1
            out.append(f'<section id="{escape(section.id)}"><h2>附表{cn_number(n)}　{escape(section.title)}</h2>')
        out += _blocks(section, count, level=3, captions=False)
        out.append("</section>")
    out.append(f"<footer>生成日期：{escape(report.generated)}　规划编号：{escape(report.plan_id)}　"
               "由 guihua 根据规划文本与统计数据自动生成；标为“建议稿”的文字由系统起草，须经规划办修改。</footer>")
    out.append("<script>" + _SCRIPT + "</script>")
    out.append("</body></html>")
    return "\n".join(out)


def write_html(report: Report, path: Path) -> Path:
    return write_atomic(path, render_html(report))


def _blocks(section: Section, count: _Counter, level: int, captions: bool = True) -> list[str]:
    out: list[str] = []
    sub = 0
    for b in section.blocks:
        if isinstance(b, Para):
            out.append(f'<p class="{b.style}">{escape(b.text)}</p>')
        elif isinstance(b, Table):
            if captions and b.rows:
                count.tables += 1
                out.append(f'<p class="caption">表 {count.tables}　{escape(b.title)}</p>')
            out.append(_table(b))
        elif isinstance(b, Figure):
            count.figures += 1
            out.append(f"<figure>{svg_chart(b.chart)}<figcaption class=\"caption\">图 {count.figures}　"
                       f"{escape(b.chart.title)}</figcaption></figure>")
        elif isinstance(b, Section):
            sub += 1
            out.append(f"<h{level}>（{cn_number(sub)}）{escape(b.title)}</h{level}>")
            out += _blocks(b, count, level + 1, captions)
    return out


def _wbr(text: str) -> str:
    """Escaped text with <wbr> between words (the only places a name column may break)."""
    return "<wbr>".join(escape(p) for p in pieces(text, True))


def _table(t: Table) -> str:
    if not t.rows:
        return f'<p class="empty" data-table="{escape(t.id)}">{escape(t.empty)}</p>'
    plan = plan_columns(t, 75.0)
    total = sum(plan.widths_em) or 1.0
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in plan.widths_em)
    out = [f'<table data-table="{escape(t.id)}"><colgroup>{cols}</colgroup><tr>'
           + "".join(f"<th>{escape(h)}</th>" for h in t.columns) + "</tr>"]
    for r in t.rows:
        attrs = f' data-key="{escape(r.key)}"' if r.key else ""
        if r.status:
            attrs += f' data-status="{escape(r.status)}"'
        if t.number_cols and 0 in t.number_cols and r.cells and r.cells[0].isdigit():
            attrs += f' data-number="{escape(r.cells[0])}"'
        cells = []
        note_col = t.status_col - 1 if t.status_col else len(r.cells) - 1
        for c, v in enumerate(r.cells):
            if c == t.status_col:
                colour = STATUS_COLOURS.get(v, "FFFFFF")
                cells.append(f'<td class="status" style="background:#{colour}">{escape(v)}</td>')
                continue
            cls = ' class="name"' if c in t.wrap_cols else (' class="num"' if c in t.number_cols else "")
            href = safe_href(v)  # a cell that is a web address (a source): a link, only for http(s)
            if href:
                body = f'<a href="{escape(href)}">{escape(v)}</a>'
            else:
                body = _wbr(v) if c in t.wrap_cols else escape(v).replace("\n", "<br>")
            if c == 1 and r.detail:
                body += f"<details><summary>计算过程</summary>{escape(r.detail)}</details>"
            if c == note_col and r.notes:  # comparability warnings, beside the value they concern
                body += "".join(f'<div class="note-row">※ {escape(n)}</div>' for n in r.notes)
            cells.append(f"<td{cls}>{body}</td>")
        out.append(f"<tr{attrs}>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)
