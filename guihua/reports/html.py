"""The report as one self-contained HTML file: inline CSS and SVG charts, no external resource."""

from __future__ import annotations

from html import escape
from pathlib import Path

from guihua.reports.charts import svg_chart
from guihua.reports.links import safe_href
from guihua.reports.model import STATUS_COLOURS, Report, Row
from guihua.reports.projects import ProjectSection

_CSS = """
body{font-family:"FangSong","仿宋","STFangsong","Noto Serif CJK SC","Source Han Serif SC",serif;
 max-width:1100px;margin:2em auto;padding:0 1.5em;color:#111;line-height:1.7;font-size:16px}
h1{font-family:"SimHei","黑体","Noto Sans CJK SC","Source Han Sans SC",sans-serif;text-align:center;
 font-size:24px;color:#000;margin-bottom:.2em}
.subtitle{text-align:center;color:#444;margin-top:0}
h2{font-family:"SimHei","黑体","Noto Sans CJK SC",sans-serif;font-size:19px;border-bottom:2px solid #b00;
 padding-bottom:.2em;margin-top:1.6em}
h3{font-family:"KaiTi","楷体","Noto Serif CJK SC",serif;font-size:17px}
table{border-collapse:collapse;width:100%;font-size:14px;margin:.6em 0}
table.indicators{table-layout:fixed}
th,td{border:1px solid #888;padding:4px 6px;vertical-align:top}
th{background:#f2f2f2;font-family:"SimHei","黑体","Noto Sans CJK SC",sans-serif;font-weight:normal}
td.num{text-align:right;white-space:nowrap}
td.status{text-align:center;white-space:nowrap;font-weight:bold}
.note{color:#9c0006;font-size:13px;margin-top:2px}
details{font-size:13px;color:#333}
.counts td{text-align:center}
.charts{display:flex;flex-wrap:wrap;gap:12px}
.chart text{font-family:"Noto Sans CJK SC","SimHei",sans-serif}
footer{margin-top:2em;color:#666;font-size:13px}
@media print{body{max-width:none}.noprint{display:none}}
"""

#: the only script: hides the rows without data on request (works offline, nothing loaded)
_SCRIPT = (
    "document.getElementById('hide-no-data').addEventListener('change',function(e){"
    "document.querySelectorAll('table.indicators tr[data-status=\"无数据\"]').forEach(function(r){"
    "r.style.display=e.target.checked?'none':'';});});"
)
_HEAD = ["指标", "单位", "属性", "基期值", "目标值", "实际值", "完成情况"]
_WIDTHS = [18, 7, 9, 12, 17, 27, 10]


def render_html(report: Report) -> str:
    """The report as an HTML string."""
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(report.title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{escape(report.title)}</h1>", f'<p class="subtitle">{escape(report.subtitle)}</p>']
    out.append("<h2>一、总体评价</h2>")
    out.append(f"<p>{escape(report.overview)}</p>")
    out.append('<table class="counts" id="summary"><tr>')
    out += [f"<th>{escape(s)}</th>" for s, _ in report.summary]
    out.append("</tr><tr>")
    out += [f'<td data-status="{escape(s)}">{n}</td>' for s, n in report.summary]
    out.append("</tr></table>")
    out.append("<h2>二、主要指标完成情况</h2>")
    out.append('<p class="noprint"><label><input type="checkbox" id="hide-no-data"> 只看有数据可评估的指标</label></p>')
    for i, section in enumerate(report.sections, 1):
        out.append(f"<h3>（{_cn_number(i)}）{escape(section.title)}</h3>")
        out.append(_table(section.rows))
    if report.charts:
        out.append("<h2>三、重点指标实际与预期路径</h2><div class=\"charts\">")
        out += [svg_chart(c) for c in report.charts]
        out.append("</div>")
    out.append("<h2>四、滞后指标及差距</h2>")
    if report.lagging:
        out.append("<table><tr><th>指标</th><th>目标值</th><th>实际值</th><th>应达值</th><th>差距</th>"
                   "<th>完成情况</th><th>说明</th></tr>")
        for r in report.lagging:
            out.append(f"<tr><td>{escape(r.indicator)}</td><td>{escape(r.target)}</td><td>{escape(r.actual)}</td>"
                       f'<td class="num">{escape(r.expected)}</td><td class="num">{escape(r.gap)}</td>'
                       f"{_status_cell(r.status)}<td>{escape(r.working)}</td></tr>")
        out.append("</table>")
    else:
        out.append("<p>无滞后或未完成的指标。</p>")
    out.append("<h2>五、数据说明</h2>")
    if report.plan_notes:
        out.append("<h3>（一）规划文本与数据的不一致</h3><ul>")
        out += [f'<li class="plan-note">{escape(n)}</li>' for n in report.plan_notes]
        out.append("</ul>")
    out.append("<h3>（二）评估方法与口径</h3><ol>")
    out += [f"<li>{escape(n)}</li>" for n in report.data_notes]
    out.append("</ol>")
    out.append("<h2>六、数据来源</h2>")
    if report.sources:
        out.append("<table><tr><th>指标</th><th>年份</th><th>数值</th><th>单位</th><th>来源</th></tr>")
        for s in report.sources:
            href = safe_href(s.url)  # only http(s) addresses become links
            link = f'<a href="{escape(href)}">{escape(s.url)}</a>' if href else escape(s.url or "")
            out.append(f"<tr><td>{escape(s.indicator)}</td><td>{escape(s.year)}</td><td class=\"num\">"
                       f"{escape(s.value)}</td><td>{escape(s.unit)}</td><td>{link}"
                       f"<div class=\"note\" style=\"color:#555\">{escape(s.quote[:160])}</div></td></tr>")
        out.append("</table>")
    else:
        out.append("<p>暂无实际数据。</p>")
    if report.projects is not None:
        out += _projects_html(report.projects)
    out.append(f"<footer>生成日期：{escape(report.generated)}　规划编号：{escape(report.plan_id)}　"
               "由 guihua 根据规划文本与统计数据自动生成，计算过程见各指标“计算过程”。</footer>")
    out.append("<script>" + _SCRIPT + "</script>")
    out.append("</body></html>")
    return "\n".join(out)


def write_html(report: Report, path: Path) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_html(report), encoding="utf-8")
    tmp.replace(path)
    return path


def _status_cell(status: str) -> str:
    colour = STATUS_COLOURS.get(status, "FFFFFF")
    return f'<td class="status" style="background:#{colour}">{escape(status)}</td>'


def _table(rows: list[Row]) -> str:
    cols = "".join(f'<col style="width:{w}%">' for w in _WIDTHS)
    out = [f'<table class="indicators"><colgroup>{cols}</colgroup><tr>'
           + "".join(f"<th>{h}</th>" for h in _HEAD) + "</tr>"]
    for r in rows:
        notes = "".join(f'<div class="note">※ {escape(n)}</div>' for n in r.notes)
        out.append(
            f'<tr data-key="{escape(r.key)}" data-number="{r.number}" data-status="{escape(r.status)}">'
            f"<td>{escape(r.indicator)}"
            f"<details><summary>计算过程</summary>{escape(r.method)}：{escape(r.working)}"
            f"<br>应达值 {escape(r.expected)}，差距 {escape(r.gap)}，完成进度 {escape(r.share)}，进度比 {escape(r.ratio)}"
            f"<br>国际对照：{escape(r.intl)}<br>出处：{escape(r.where)}"
            f"“{escape(r.quote)}”</details></td>"
            f"<td>{escape(r.unit)}</td><td>{escape(r.attribute)}</td><td class=\"num\">{escape(r.baseline)}</td>"
            f"<td>{escape(r.target)}</td><td>{escape(r.actual)}{notes}</td>{_status_cell(r.status)}</tr>")
    out.append("</table>")
    return "".join(out)


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _projects_html(p: ProjectSection) -> list[str]:
    out = ["<h2>七、重大项目推进情况</h2>", f"<p>{escape(p.summary)}</p>",
           "<table><tr><th>状态</th><th>项目数</th></tr>"]
    out += [f'<tr><td>{escape(s)}</td><td class="num">{n}</td></tr>' for s, n in p.by_status]
    out.append("</table><table><tr><th>类别</th><th>项目数</th></tr>")
    out += [f'<tr><td>{escape(c)}</td><td class="num">{n}</td></tr>' for c, n in p.by_category]
    out.append("</table>")
    if p.investment:
        out.append("<table><tr><th>单位</th><th>计划总投资</th><th>已建成项目投资</th><th>完成比例</th></tr>")
        out += [f'<tr><td>{escape(u)}</td><td class="num">{escape(a)}</td><td class="num">{escape(b)}</td>'
                f'<td class="num">{escape(c)}</td></tr>' for u, a, b, c in p.investment]
        out.append("</table>")
    if p.not_started_names:
        more = f"等 {p.not_started} 个" if p.not_started > len(p.not_started_names) else ""
        out.append(f"<p>尚未开工的项目：{escape('、'.join(p.not_started_names))}{more}。</p>")
    return out
