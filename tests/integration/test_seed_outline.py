"""The bundled Hengyang plan end to end: reading, repairs, the outline, the CLI."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from guihua.cli.main import IO, run
from guihua.documents import (
    Document,
    Node,
    build_outline,
    locate,
    outline_problems,
    read,
    read_text,
    section_label,
)
from guihua.documents.quotes import quote_index

PAGE_LINE = re.compile(r"^\s*\d{1,3}\s*$")
CN = "一二三四五六七八九十"


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> tuple[Document, Node]:
    doc = read(seed_path)
    return doc, build_outline(doc)


def _cn(s: str) -> int:
    """一..十九 (all this plan needs)."""
    if s.startswith("十"):
        return 10 + (CN.index(s[1]) + 1 if len(s) > 1 else 0)
    return CN.index(s) + 1


def _heading_lines(raw: str) -> list[tuple[int, str, int]]:
    """(raw offset, kind, number) of chapter and section heading lines, found independently."""
    out = []
    pos = 0
    for line in raw.split("\n"):
        m = re.match(r"\s*第([一二三四五六七八九十]+)([章节])\s", line)
        if m:
            out.append((pos, "chapter" if m.group(2) == "章" else "section", _cn(m.group(1))))
        pos += len(line) + 1
    return out


def _enclosing(headings: list[tuple[int, str, int]], offset: int) -> tuple[int, int | None]:
    chapter, section = 0, None
    for pos, kind, number in headings:
        if pos > offset:
            break
        if kind == "chapter":
            chapter, section = number, None
        else:
            section = number
    return chapter, section


def _parent_numbers(root: Node, node: Node) -> tuple[int | None, int | None]:
    path = locate(root, node.start)
    chapter = next((n.number for n in path if n.kind == "chapter"), None)
    section = next((n.number for n in path if n.kind == "section"), None)
    return chapter, section


def test_raw_is_the_file_as_python_reads_it(seed: tuple[Document, Node], seed_path: Path) -> None:
    doc, _ = seed
    assert doc.encoding == "utf-8"
    assert doc.raw == seed_path.read_text(encoding="utf-8")


def test_chapters_with_full_titles(seed: tuple[Document, Node]) -> None:
    _, root = seed
    chapters = [n for n in root.children if n.kind == "chapter"]
    assert [c.number for c in chapters] == list(range(1, 15))
    titles = {c.number: c.title for c in chapters}
    assert titles[1] == "全面建成小康社会 加快实现衡阳崛起"  # title on two lines
    assert titles[2] == "坚持创新发展 加快转换发展动力"  # two parts on one line
    assert titles[7] == "加快推进服务业现代化 打造区域性服务中心"
    assert titles[14] == "推进规划实施 谱写中国梦的衡阳新篇章"
    assert all(" " in t for t in titles.values())  # every chapter title of this plan has two parts


def test_sections_under_the_right_chapters(seed: tuple[Document, Node]) -> None:
    doc, root = seed
    headings = _heading_lines(doc.raw)
    sections = [n for n in root.walk() if n.kind == "section"]
    assert len(sections) == 52
    for s in sections:
        chapter, _ = _parent_numbers(root, s)
        assert (chapter, s.number) == _enclosing(headings, s.start), s.title
    for c in (n for n in root.children if n.kind == "chapter"):
        numbers = [x.number for x in c.children if x.kind == "section"]
        assert numbers == list(range(1, len(numbers) + 1))


def test_articles_numbered_in_order_under_the_right_sections(seed: tuple[Document, Node]) -> None:
    doc, root = seed
    headings = _heading_lines(doc.raw)
    articles = [n for n in root.walk() if n.kind == "article"]
    assert [a.number for a in articles] == list(range(1, 167))
    for a in articles:
        assert re.match(rf"\s*{a.number}、", doc.raw[a.start:a.end])
        assert _parent_numbers(root, a) == _enclosing(headings, a.start), a.number
    assert articles[46].title == "推进制造业强基工程"


def test_boxes_and_figures(seed: tuple[Document, Node]) -> None:
    doc, root = seed
    boxes = [n for n in root.walk() if n.kind == "box"]
    assert [b.number for b in boxes] == list(range(3, 33))
    box11 = boxes[8]
    assert box11.title == "千亿产业集群建设计划"
    assert box11.children[1].kind == "box_item" and box11.children[1].title == "电子信息制造业"
    box32 = boxes[-1]
    assert not any(n.kind == "article" for n in box32.walk())  # its numbered list is not articles
    assert section_label(locate(root, doc.raw.index("33、消防规划"))) == "box:32"
    figures = [n for n in root.walk() if n.kind == "figure"]
    assert [f.number for f in figures] == list(range(1, 10))
    assert figures[4].title == "衡阳市千亿产业示意图"
    assert all(f.note for f in figures)
    problems = outline_problems(root)
    assert any("专栏" in p and "1、2" in p for p in problems)
    assert any("图片缺失" in p and "共 9 幅" in p for p in problems)


def test_nothing_lost_every_character_in_exactly_one_leaf(seed: tuple[Document, Node]) -> None:
    doc, root = seed
    owner = [0] * len(doc.raw)
    for node in root.walk():
        if not node.children and node.kind != "document":
            for i in range(node.start, node.end):
                owner[i] += 1
    pos = 0
    for line in doc.raw.split("\n"):
        if not PAGE_LINE.match(line):
            for k, ch in enumerate(line):
                if not ch.isspace():
                    assert owner[pos + k] == 1, (pos + k, line)
        pos += len(line) + 1


def test_repairs_per_mille_and_lost_glyphs(seed: tuple[Document, Node]) -> None:
    doc, _ = seed
    per_mille = [r for r in doc.repairs if r.kind == "per_mille"]
    assert len(per_mille) == 4 and all(r.applied for r in per_mille)
    contexts = [doc.raw[r.start - 12:r.end] for r in per_mille]
    assert "6.87％。" in contexts[0] and "自然增长率" in contexts[0]
    assert "死亡率" in contexts[1] and "5％。" in contexts[1]
    assert contexts[2].endswith("8％。")
    assert "7.5％。" in contexts[3]
    assert "98％。" in doc.text and "90％。" in doc.text
    assert "6.87‰。" in doc.text and "7.5‰左右" in doc.text and "分别降至 5‰、8‰、18/10 万以下" in doc.text

    lost = [doc.raw[r.start:r.end] for r in doc.repairs if r.kind == "lost_glyph"]
    assert all(not r.applied for r in doc.repairs if r.kind == "lost_glyph")
    assert lost.count("■") == 2
    decomposed = [s for s in lost if s.startswith("氵")]
    assert len(decomposed) == 4
    assert sum("\n" in s for s in decomposed) == 1  # one split across a line break
    assert any("米扁 粑" in s for s in lost)
    assert sum(s.strip() == "雁峰" or s == " 雁峰" for s in lost) == 2
    assert any(" 雁文" in s for s in lost)
    assert any(" 水航" in s for s in lost)

    drops = [r for r in doc.repairs if r.kind == "drop_page_number"]
    assert [r.before for r in drops] == ["21", "49", "58"]
    assert "主动对接丝绸之路经济带" in doc.text  # joined across a dropped page number


def test_gold_quotes_get_the_gold_section_labels(seed: tuple[Document, Node], tmp_path: Path) -> None:
    gold_path = Path(__file__).resolve().parents[1] / "data" / "eval" / "seed_gold.jsonl"
    doc, root = seed
    index = quote_index(doc.raw)
    agree = total = 0
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        labels = {section_label(locate(root, start)) for start, _ in index.find(g["quote"])}
        total += 1
        agree += g.get("section") in labels
    assert total > 300
    assert agree / total >= 0.98, f"{agree}/{total}"


def test_gbk_copy_gives_the_same_tree(seed: tuple[Document, Node], seed_raw: str, tmp_path: Path) -> None:
    _, root = seed
    path = tmp_path / "plan-gbk.txt"
    path.write_bytes(seed_raw.encode("gbk"))
    doc = read(path)
    assert doc.encoding == "gb18030"
    assert doc.raw == seed_raw
    assert build_outline(doc).to_dict() == root.to_dict()


def test_cli_outline_and_check(seed_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["outline", str(seed_path), "--json"], IO(stdout=out, stderr=err, environ={})) == 0
    data = json.loads(out.getvalue())
    kinds: dict[str, int] = {}

    def walk(d: dict) -> None:
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
        assert {"kind", "number", "title", "start", "end", "children"} <= set(d)
        for c in d["children"]:
            walk(c)

    walk(data["root"])
    assert (kinds["chapter"], kinds["section"], kinds["article"], kinds["box"], kinds["figure"]) == (14, 52, 166, 30, 9)

    out = io.StringIO()
    assert run(["outline", str(seed_path)], IO(stdout=out, stderr=err, environ={})) == 0
    text = out.getvalue()
    assert "第7章 加快推进服务业现代化 打造区域性服务中心" in text
    assert "    47、推进制造业强基工程" in text

    out = io.StringIO()
    assert run(["check", str(seed_path)], IO(stdout=out, stderr=err, environ={})) == 0
    lines = out.getvalue().splitlines()
    assert sum("千分号" in ln and "修复" in ln for ln in lines) == 4
    assert all(re.match(rf"{re.escape(str(seed_path))}:\d+:\d+: ", ln) for ln in lines if "修复 千分号" in ln)
    assert sum("疑似丢字" in ln for ln in lines) >= 11
    assert err.getvalue() == ""


def test_seed_squashed_to_one_line_gives_the_same_structure(seed: tuple[Document, Node], seed_raw: str) -> None:
    _, root = seed
    one_line = re.sub(r"\s*\n\s*", "", seed_raw)
    assert "\n" not in one_line
    squashed = build_outline(read_text(one_line))

    def skeleton(tree: Node) -> list[tuple[str, int | None, int | None, int | None]]:
        out = []
        for node in tree.walk():
            if node.kind in ("chapter", "section", "article", "box", "figure"):
                chapter, section = _parent_numbers(tree, node)
                out.append((node.kind, node.number, chapter, section))
        return out

    assert skeleton(squashed) == skeleton(root)


def test_seed_typeset_as_pdf_reads_back_to_the_same_structure(seed: tuple[Document, Node], seed_raw: str,
                                                              tmp_path: Path) -> None:
    """Typeset the seed's lines into a PDF with running headers and page numbers, read it back."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines = [ln.strip() for ln in seed_raw.split("\n") if ln.strip() and not PAGE_LINE.match(ln)]
    path = tmp_path / "plan.pdf"
    c = canvas.Canvas(str(path))
    per_page = 36
    for page, first in enumerate(range(0, len(lines), per_page), 1):
        c.setFont("STSong-Light", 10)
        c.drawString(60, 810, "衡阳市国民经济和社会发展第十三个五年规划纲要")
        for k, line in enumerate(lines[first:first + per_page]):
            c.drawString(60, 780 - 20 * k, line)
        c.drawString(290, 40, f"- {page} -")
        c.showPage()
    c.save()
    pages = (len(lines) + per_page - 1) // per_page

    doc = read(path)
    assert doc.format == "pdf"
    kinds = [(r.kind, r.applied) for r in doc.repairs]
    assert kinds.count(("drop_page_number", True)) == pages
    assert kinds.count(("drop_running_header", True)) == pages
    assert kinds.count(("per_mille", True)) == 4
    assert "规划纲要\n" not in doc.text.split("第一章")[1]  # no running header left in the body

    _, seed_root = seed
    root = build_outline(doc)

    def skeleton(tree: Node) -> list[tuple[str, int | None, str, int | None, int | None]]:
        return [(n.kind, n.number, n.title, *_parent_numbers(tree, n)) for n in tree.walk()
                if n.kind in ("chapter", "section", "article", "box", "figure")]

    assert skeleton(root) == skeleton(seed_root)


def test_seed_as_docx_paragraphs_gives_the_same_structure(seed: tuple[Document, Node], tmp_path: Path) -> None:
    import docx

    seed_doc, seed_root = seed
    document = docx.Document()
    for paragraph in seed_doc.text.split("\n"):
        document.add_paragraph(paragraph)
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["指标", "2015年", "2020年"], ["地区生产总值（亿元）", "2601.57", "4000"]]):
        for k, value in enumerate(row):
            table.cell(r, k).text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))

    doc = read(path)
    root = build_outline(doc)
    assert not any(r.kind == "join_line" for r in doc.repairs)  # docx paragraphs are paragraphs

    def skeleton(tree: Node) -> list[tuple[str, int | None, str, int | None, int | None]]:
        return [(n.kind, n.number, n.title, *_parent_numbers(tree, n)) for n in tree.walk()
                if n.kind in ("chapter", "section", "article", "box", "figure")]

    assert skeleton(root) == skeleton(seed_root)
    assert doc.raw.rstrip("\n").endswith("地区生产总值（亿元）\t2601.57\t4000")
