"""Charts draw Chinese on a fresh machine: the CJK font is found and registered explicitly (not through
matplotlib's font cache), and when none exists the report says so once instead of drawing boxes with a
wall of warnings.

How "the glyphs were drawn" is checked: a font without CJK glyphs draws every Chinese character as
the same missing-glyph box, so two different Chinese strings give identical pixels; with real glyphs
they differ.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pytest

from guihua.reports import fonts
from guihua.reports.document import Chart


def _render(text: str, family: str) -> np.ndarray:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the missing-glyph warnings of the box-drawing font
        fig = Figure(figsize=(2, 0.6), dpi=100)
        canvas = FigureCanvasAgg(fig)
        fig.text(0.05, 0.3, text, family=family, fontsize=20)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()


def _png(data: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("L"))


@pytest.fixture(autouse=True)
def _fresh_search() -> object:
    fonts.reset()
    yield
    fonts.reset()


def test_the_boxes_of_a_font_without_cjk_glyphs_all_look_alike() -> None:
    # the premise of the glyph checks below
    assert np.array_equal(_render("规划", "DejaVu Sans"), _render("指标", "DejaVu Sans"))


def test_a_cjk_font_is_found_registered_and_draws_real_glyphs() -> None:
    font = fonts.cjk_font()
    assert font is not None, "no CJK font: the noto-cjk-sans-otc dependency is missing"
    assert font.origin == "package"  # the font installed with guihua comes first
    a, b = _render("规划", font.family), _render("指标", font.family)
    assert not np.array_equal(a, b)
    assert not np.array_equal(a, _render("规划", "DejaVu Sans"))


def test_a_font_cache_that_predates_the_fonts_does_not_matter(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    # the cache as it was before any CJK font was installed
    stale = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name and "Hei" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    font = fonts.cjk_font()
    assert font is not None and font.family in {f.name for f in font_manager.fontManager.ttflist}
    assert not np.array_equal(_render("规划", font.family), _render("指标", font.family))


def _chart(title: str) -> Chart:
    return Chart("k", title, "亿元", [(2015, 100.0), (2020, 150.0)], [(2015, 100.0), (2018, 120.0)], "滞后")


def test_the_report_chart_draws_its_chinese_title() -> None:
    from guihua.reports.charts import png_chart

    assert fonts.cjk_font() is not None
    assert not np.array_equal(_png(png_chart(_chart("地区生产总值"))), _png(png_chart(_chart("财政总收入"))))


def test_without_any_cjk_font_it_is_said_once_and_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    from guihua.reports.charts import png_chart
    from guihua.reports.model import build_report
    from tests.integration.test_reports import hand_built_evaluation

    monkeypatch.setattr(fonts, "candidate_files", lambda: [])
    assert fonts.cjk_font() is None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png_chart(_chart("地区生产总值"))
    assert not [w for w in caught if "lyph" in str(w.message)]
    report = build_report(hand_built_evaluation())
    assert report.charts and report.font_missing
    assert sum(fonts.MISSING_FONT_NOTE in n for n in report.data_notes) == 1


def test_the_command_line_says_it_once_on_stderr(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from guihua.cli.main import IO, run
    from guihua.monitoring import store_source
    from tests.integration.test_reports import hand_built_evaluation

    ev = hand_built_evaluation()
    monkeypatch.setattr(fonts, "candidate_files", lambda: [])
    monkeypatch.setattr(store_source, "evaluate_from_store", lambda *a, **k: ev)
    out, err = io.StringIO(), io.StringIO()
    code = run(["report", "--plan", "hengyang-13th", "--year", "2020", "--format", "html", "--out", str(tmp_path)],
               IO(stdout=out, stderr=err, environ={}))
    assert code == 0, err.getvalue()
    assert err.getvalue().count("未找到中文字体") == 1
