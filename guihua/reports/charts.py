"""Charts of actual values against the expected path: inline SVG (HTML) and PNG (DOCX).

The SVG is written by hand (no fonts embedded, the browser's CJK font draws the text) so the HTML
stays small and offline. The PNG uses matplotlib with the CJK font guihua.reports.fonts locates
and registers explicitly (the packaged Noto Sans CJK, else a system font file).
"""

from __future__ import annotations

import io
import warnings
from html import escape
from typing import Any

from guihua.monitoring.assess import fmt
from guihua.reports.document import Chart
from guihua.reports.fonts import cjk_font

EXPECTED_COLOUR = "#7F7F7F"
ACTUAL_COLOUR = "#C00000"


def _bounds(chart: Chart) -> tuple[int, int, float, float]:
    xs = [x for x, _ in chart.expected + chart.actual]
    ys = [y for _, y in chart.expected + chart.actual]
    x0, x1 = min(xs), max(xs)
    if x0 == x1:
        x0, x1 = x0 - 1, x1 + 1
    y0, y1 = min(ys), max(ys)
    pad = (y1 - y0) * 0.12 or abs(y1) * 0.1 or 1.0
    return x0, x1, y0 - pad, y1 + pad


def svg_chart(chart: Chart, width: int = 560, height: int = 260) -> str:
    """A self-contained inline SVG line chart: dashed expected path, solid actual points."""
    x0, x1, y0, y1 = _bounds(chart)
    left, right, top, bottom = 64, 16, 30, 36
    pw, ph = width - left - right, height - top - bottom

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * pw

    def py(y: float) -> float:
        return top + (1 - (y - y0) / (y1 - y0)) * ph

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(chart.title)}" class="chart">',
             f'<text x="{left}" y="18" font-size="14" font-weight="bold">{escape(chart.title)}</text>']
    for i in range(5):
        yv = y0 + (y1 - y0) * i / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{py(yv):.1f}" y2="{py(yv):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{py(yv) + 4:.1f}" font-size="11" text-anchor="end">{fmt(yv, 1)}</text>')
    for x in range(x0, x1 + 1):
        parts.append(f'<text x="{px(x):.1f}" y="{height - bottom + 16}" font-size="11" text-anchor="middle">{x}</text>')
    parts.append(f'<text x="{width - right}" y="18" font-size="11" text-anchor="end">单位：{escape(chart.unit)}</text>')
    if len(chart.expected) > 1:
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in chart.expected)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{EXPECTED_COLOUR}" stroke-width="2" '
                     'stroke-dasharray="6 4"/>')
    elif chart.expected:
        x, y = chart.expected[0]
        parts.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="5" fill="none" stroke="{EXPECTED_COLOUR}"/>')
    if len(chart.actual) > 1:
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in chart.actual)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{ACTUAL_COLOUR}" stroke-width="2"/>')
    for x, y in chart.actual:
        parts.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="{ACTUAL_COLOUR}">'
                     f'<title>{x} 年：{fmt(y)}</title></circle>')
    ly = height - 6
    parts.append(f'<line x1="{left}" x2="{left + 24}" y1="{ly - 4}" y2="{ly - 4}" stroke="{EXPECTED_COLOUR}" '
                 'stroke-width="2" stroke-dasharray="6 4"/>')
    parts.append(f'<text x="{left + 30}" y="{ly}" font-size="11">预期路径</text>')
    parts.append(f'<circle cx="{left + 100}" cy="{ly - 4}" r="4" fill="{ACTUAL_COLOUR}"/>')
    parts.append(f'<text x="{left + 110}" y="{ly}" font-size="11">实际值（{escape(chart.status)}）</text>')
    parts.append("</svg>")
    return "".join(parts)


def png_chart(chart: Chart, dpi: int = 150) -> bytes:
    """The same chart as PNG bytes (matplotlib, Agg backend), its text in the CJK font that
    guihua.reports.fonts registers explicitly. Without one the chart is still drawn, quietly (the
    report's 数据说明 says the font is missing; no warning per missing glyph)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    font = cjk_font()
    rc: dict[str, Any] = {"font.family": [font.family, "sans-serif"] if font else ["sans-serif"],
                          "axes.unicode_minus": False}
    with matplotlib.rc_context(rc), warnings.catch_warnings():  # type: ignore[arg-type]
        if font is None:
            warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing")
        fig = Figure(figsize=(6.0, 2.8), dpi=dpi)
        ax = fig.add_subplot(1, 1, 1)
        if chart.expected:
            xs, ys = zip(*chart.expected, strict=True)
            style = "--" if len(xs) > 1 else "o"
            ax.plot(xs, ys, style, color=EXPECTED_COLOUR, linewidth=1.8, label="预期路径", mfc="none")
        if chart.actual:
            xs, ys = zip(*chart.actual, strict=True)
            ax.plot(xs, ys, "-o", color=ACTUAL_COLOUR, linewidth=1.8, label=f"实际值（{chart.status}）")
        ax.set_title(chart.title, fontsize=11)
        ax.set_ylabel(chart.unit)
        ax.grid(True, color="#dddddd", linewidth=0.6)
        years = [x for x, _ in chart.expected + chart.actual]
        if years:
            ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(fontsize=8, loc="best")
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
    return buf.getvalue()
