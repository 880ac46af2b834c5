"""The outline on small snippets written in the general conventions of Chinese plan documents."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from guihua.documents import Document, Node, build_outline, locate, outline_problems, read_text, section_label


def _tree(text: str) -> tuple[Document, Node]:
    doc = read_text(text)
    return doc, build_outline(doc)


def _shape(root: Node, kinds: tuple[str, ...] = ("part", "chapter", "section", "article", "box", "figure")
           ) -> list[tuple[int, str, int | None, str]]:
    out: list[tuple[int, str, int | None, str]] = []

    def walk(node: Node, depth: int) -> None:
        for child in node.children:
            if child.kind in kinds:
                out.append((depth, child.kind, child.number, child.title))
                walk(child, depth + 1)
            else:
                walk(child, depth)

    walk(root, 0)
    return out


def assert_leaves_cover(doc: Document, root: Node) -> None:
    """Every non-whitespace raw character lies in exactly one leaf; containers hold their children."""
    owner = [0] * len(doc.raw)
    for node in root.walk():
        if node.children:
            for a, b in zip(node.children, node.children[1:], strict=False):
                assert a.end <= b.start, (a.id, b.id)
            if node.kind != "document":
                assert node.start <= node.children[0].start and node.children[-1].end <= node.end
        elif node.kind != "document":
            for i in range(node.start, node.end):
                owner[i] += 1
    dropped = set()  # page numbers and running headers are not text of the plan
    for r in doc.repairs:
        if r.kind.startswith("drop_"):
            dropped.update(range(r.start, r.end))
    for i, ch in enumerate(doc.raw):
        if not ch.isspace() and i not in dropped:
            assert owner[i] == 1, (i, ch, doc.raw[max(0, i - 10):i + 10])


def test_parts_chapters_sections_articles() -> None:
    doc, root = _tree(
        "第一篇 总体战略\n第一章 发展环境\n第一节 发展基础\n1、综合实力。经济总量跃上新台阶。\n"
        "2、结构调整。产业结构不断优化。\n第二节 发展形势\n3、机遇挑战。面临重大机遇。\n"
        "第二篇 创新发展\n第二章 科技创新\n4、科技攻关。实施重大专项。\n"
    )
    assert _shape(root) == [
        (0, "part", 1, "总体战略"),
        (1, "chapter", 1, "发展环境"),
        (2, "section", 1, "发展基础"),
        (3, "article", 1, "综合实力"),
        (3, "article", 2, "结构调整"),
        (2, "section", 2, "发展形势"),
        (3, "article", 3, "机遇挑战"),
        (0, "part", 2, "创新发展"),
        (1, "chapter", 2, "科技创新"),
        (2, "article", 4, "科技攻关"),
    ]
    assert_leaves_cover(doc, root)


def test_chinese_numbering_without_chapters() -> None:
    doc, root = _tree(
        "衡州市“十四五”规划纲要\n一、发展基础\n（一）主要成就\n1. 经济实力。地区生产总值年均增长8%。\n"
        "2. 民生改善。城乡居民收入稳步提高。\n（二）面临形势\n3. 机遇。发展空间广阔。\n二、总体要求\n"
        "（一）指导思想\n4. 坚持新发展理念。\n"
    )
    assert _shape(root) == [
        (0, "chapter", 1, "发展基础"),
        (1, "section", 1, "主要成就"),
        (2, "article", 1, "经济实力"),
        (2, "article", 2, "民生改善"),
        (1, "section", 2, "面临形势"),
        (2, "article", 3, "机遇"),
        (0, "chapter", 2, "总体要求"),
        (1, "section", 1, "指导思想"),
        (2, "article", 4, "坚持新发展理念"),
    ]
    assert_leaves_cover(doc, root)


def test_chapters_with_chinese_items_as_sections_and_arabic_as_articles() -> None:
    doc, root = _tree(
        "第一章 发展环境\n一、发展基础\n1、经济实力。稳步提升。\n2、民生改善。持续改善。\n二、面临形势\n"
        "1、机遇。前所未有。\n第二章 主要任务\n一、产业升级\n1、制造强市。推进。\n"
    )
    shape = _shape(root)
    assert shape == [
        (0, "chapter", 1, "发展环境"),
        (1, "section", 1, "发展基础"),
        (2, "article", 1, "经济实力"),
        (2, "article", 2, "民生改善"),
        (1, "section", 2, "面临形势"),
        (2, "article", 1, "机遇"),  # numbering restarts in a new section
        (0, "chapter", 2, "主要任务"),
        (1, "section", 1, "产业升级"),
        (2, "article", 1, "制造强市"),
    ]
    assert_leaves_cover(doc, root)


def test_clause_numbering_第一条() -> None:
    doc, root = _tree(
        "第一章 总则\n第一条 为了推进规划实施，制定本办法。\n第二条 本办法适用于全市。\n"
        "第二章 实施\n第三条 各部门应当分解落实规划目标。\n"
    )
    assert [(k, n) for _, k, n, _ in _shape(root)] == [
        ("chapter", 1), ("article", 1), ("article", 2), ("chapter", 2), ("article", 3),
    ]
    assert_leaves_cover(doc, root)


def test_markdown_headings() -> None:
    doc, root = _tree(
        "# 衡州市国民经济和社会发展第十四个五年规划纲要\n\n**第一章　发展环境**\n\n"
        "## 第一节 发展基础\n\n1. **经济实力**。经济总量跃上新台阶。\n\n"
        "**第二章　主要任务**\n\n2. 产业升级。推进制造强市。\n"
    )
    assert [(k, n, t) for _, k, n, t in _shape(root)] == [
        ("chapter", 1, "发展环境"), ("section", 1, "发展基础"), ("article", 1, "经济实力"),
        ("chapter", 2, "主要任务"), ("article", 2, "产业升级"),
    ]
    assert_leaves_cover(doc, root)


def test_headings_running_into_body_on_one_line() -> None:
    doc, root = _tree(
        "第一章 发展环境 “十二五”时期，我市经济总量跃上新台阶。\n"
        "第一节 发展基础 综合实力显著增强。\n"
        "1、经济实力。地区生产总值年均增长8%。\n"
        "第二章　主要任务　坚持创新驱动，推进产业升级。\n"
    )
    chapters = [n for n in root.walk() if n.kind == "chapter"]
    assert [c.title for c in chapters] == ["发展环境", "主要任务"]
    first = chapters[0]
    heading, body = first.children[0], first.children[1]
    assert heading.role == "heading" and doc.raw[heading.start:heading.end] == "第一章 发展环境"
    assert doc.raw[body.start:body.end].startswith("“十二五”时期")
    section = next(n for n in root.walk() if n.kind == "section")
    assert section.title == "发展基础"
    assert_leaves_cover(doc, root)


def test_single_line_document_without_line_breaks() -> None:
    text = (
        "衡州市发展规划纲要 第一章 发展环境 第一节 发展基础 1、经济实力。地区生产总值年均增长8%，"
        "城镇化率达到60%。2、民生改善。城乡居民收入稳步提高。第二节 发展形势 3、机遇挑战。发展空间广阔。"
        "第二章 主要任务 4、产业升级。推进制造强市，建设3个千亿产业集群。"
    )
    doc, root = _tree(text)
    assert "\n" not in doc.raw
    assert [(k, n, t) for _, k, n, t in _shape(root)] == [
        ("chapter", 1, "发展环境"), ("section", 1, "发展基础"), ("article", 1, "经济实力"),
        ("article", 2, "民生改善"), ("section", 2, "发展形势"), ("article", 3, "机遇挑战"),
        ("chapter", 2, "主要任务"), ("article", 4, "产业升级"),
    ]
    assert_leaves_cover(doc, root)


def test_table_of_contents_does_not_become_the_tree() -> None:
    doc, root = _tree(
        "衡州市规划纲要\n目  录\n第一章 发展环境……………1\n第一节 发展基础……………1\n第二节 发展形势……………3\n"
        "第二章 主要任务……………5\n第一章 发展环境\n第一节 发展基础\n1、经济实力。稳步提升。\n"
        "第二节 发展形势\n2、机遇。前所未有。\n第二章 主要任务\n3、产业升级。推进。\n"
    )
    assert [(k, n) for _, k, n, _ in _shape(root)] == [
        ("chapter", 1), ("section", 1), ("article", 1), ("section", 2), ("article", 2), ("chapter", 2),
        ("article", 3),
    ]
    toc = [n for n in root.children if n.role == "toc"]
    assert len(toc) == 1 and "第二章 主要任务" in doc.raw[toc[0].start:toc[0].end]
    assert_leaves_cover(doc, root)


def test_table_of_contents_without_title_line_or_leaders() -> None:
    doc, root = _tree(
        "第一章 发展环境 1\n第二章 主要任务 4\n第三章 保障措施 9\n"
        "第一章 发展环境\n1、经济实力。稳步提升。\n第二章 主要任务\n2、产业升级。推进。\n第三章 保障措施\n3、组织领导。加强。\n"
    )
    assert [(k, n, t) for _, k, n, t in _shape(root)] == [
        ("chapter", 1, "发展环境"), ("article", 1, "经济实力"), ("chapter", 2, "主要任务"), ("article", 2, "产业升级"),
        ("chapter", 3, "保障措施"), ("article", 3, "组织领导"),
    ]
    assert_leaves_cover(doc, root)


def test_consecutive_headings_of_each_level_are_not_a_table_of_contents() -> None:
    doc, root = _tree(
        "第一章 发展环境\n第一节 发展基础\n一、经济实力\n（一）总量\n经济总量跃上新台阶。\n"
        "第二章 主要任务\n第一节 产业升级\n一、制造强市\n（一）集群\n建设产业集群。\n"
    )
    assert [(k, n) for _, k, n, _ in _shape(root)] == [
        ("chapter", 1), ("section", 1), ("article", 1), ("chapter", 2), ("section", 1), ("article", 1),
    ]
    assert not any(n.role == "toc" for n in root.walk())
    assert_leaves_cover(doc, root)


def test_multi_line_chapter_title_is_kept_whole() -> None:
    doc, root = _tree(
        "第七章 加快推进服务业现代化\n打造区域性服务中心\n进一步拓展现代服务业新模式和新业态。\n"
        "第一节 建设旅游胜地\n1、构建旅游发展大格局。推进全域旅游。\n"
    )
    chapter = next(n for n in root.walk() if n.kind == "chapter")
    assert chapter.title == "加快推进服务业现代化 打造区域性服务中心"
    heading = chapter.children[0]
    assert heading.role == "heading"
    assert doc.raw[heading.start:heading.end] == "第七章 加快推进服务业现代化\n打造区域性服务中心"
    assert section_label(locate(root, doc.raw.index("进一步"))) == "ch:7"
    assert_leaves_cover(doc, root)


def test_box_items_and_numbered_list_inside_a_box() -> None:
    doc, root = _tree(
        "第一章 产业发展\n第一节 制造业\n46、推进制造业强基工程。实施一批重点项目。\n"
        "专 栏 11：千亿产业集群建设计划\n电子信息制造业。发挥龙头企业作用，到 2020 年产值达到 1000 亿元。\n"
        "有色金属深加工。以龙头企业为核心，延伸产业链。\n"
        "47、推进两化深度融合。支持企业建设智能化工厂。\n"
        "专 栏 12：“十三五”重点专项规划\n重点行业规划。1、新型工业化发展规划，2、农业现代化发展规划，\n"
        "3、服务业发展规划。\n特定领域规划。4、新型城镇化发展规划。\n"
        "48、强化实施评估。开展中期评估。\n"
    )
    assert [(k, n) for _, k, n, _ in _shape(root)] == [
        ("chapter", 1), ("section", 1), ("article", 46), ("box", 11), ("article", 47), ("box", 12),
        ("article", 48),
    ]
    boxes = [n for n in root.walk() if n.kind == "box"]
    assert boxes[0].title == "千亿产业集群建设计划"
    items = [c for c in boxes[0].children if c.kind == "box_item"]
    assert [i.title for i in items] == ["电子信息制造业", "有色金属深加工"]
    items = [c for c in boxes[1].children if c.kind == "box_item"]
    assert [i.title for i in items] == ["重点行业规划", "特定领域规划"]
    assert section_label(locate(root, doc.raw.index("1、新型"))) == "box:12"
    assert section_label(locate(root, doc.raw.index("支持企业"))) == "art:47"
    assert_leaves_cover(doc, root)


def test_numbered_indicator_rows_in_a_box_do_not_end_it() -> None:
    doc, root = _tree(
        "第二章 指导思想和发展目标\n第一节 发展目标\n"
        "专栏1 “十四五”时期经济社会发展主要指标\n（一）经济发展\n1．地区生产总值年均增长（%） 6左右 预期性\n"
        "2．全员劳动生产率增长（%） 6 预期性\n（二）创新驱动\n3．研发经费投入增长（%） 10 预期性\n"
        "第二节 重点任务\n1、建设现代产业体系。推进制造强省。\n2、扩大内需。促进消费。\n"
    )
    assert [(k, n) for _, k, n, _ in _shape(root)] == [
        ("chapter", 2), ("section", 1), ("box", 1), ("section", 2), ("article", 1), ("article", 2),
    ]
    assert section_label(locate(root, doc.raw.index("全员劳动生产率"))) == "box:1"
    assert_leaves_cover(doc, root)


def test_figure_captions_are_nodes_with_missing_images() -> None:
    doc, root = _tree(
        "第一章 发展环境\n第一节 发展基础\n1、经济实力。地区生产总值年均增长8%。\n"
        "图 1：地区生产总值增长图\n结构调整。三次产业结构不断优化。\n图 3：产业结构变动图\n"
    )
    figures = [n for n in root.walk() if n.kind == "figure"]
    assert [(f.number, f.title) for f in figures] == [(1, "地区生产总值增长图"), (3, "产业结构变动图")]
    assert all(f.note for f in figures)
    assert section_label(locate(root, doc.raw.index("结构调整"))) == "art:1"  # the article goes on
    problems = outline_problems(root)
    assert any("图" in p and "2" in p for p in problems)  # figure 2 is missing
    assert_leaves_cover(doc, root)


def test_enumerations_and_dates_in_running_text_are_not_headings() -> None:
    doc, root = _tree(
        "第一章 发展环境\n1、经济实力。主要有：\n2015 年达到 2601 亿元。\n3.5 万人实现就业。\n"
        "5、四是加强。这里的编号不连续。\n2、民生改善。持续改善。\n"
    )
    assert [n.number for n in root.walk() if n.kind == "article"] == [1, 2]
    assert_leaves_cover(doc, root)


def test_section_labels_follow_the_guideline() -> None:
    doc, root = _tree(
        "序言。本规划阐明发展战略。\n第一章 发展环境\n章导语文字。\n第一节 发展基础\n节导语文字。\n"
        "1、经济实力。条文文字。\n专 栏 3：重点工程\n工程一。专栏文字。\n"
    )
    def label(word: str) -> str | None:
        return section_label(locate(root, doc.raw.index(word)))

    assert label("序言") is None
    assert label("章导语") == "ch:1"
    assert label("节导语") == "sec:1.1"
    assert label("条文") == "art:1"
    assert label("专栏文字") == "box:3"
    path = locate(root, doc.raw.index("条文"))
    assert [n.kind for n in path] == ["document", "chapter", "section", "article", "paragraph"]


def test_outline_of_wrapped_text_has_raw_offsets() -> None:
    filler = "推进产业转型升级，加快发展现代服务业，着力"
    text = "\n\n".join([
        "第一章 发展环境", "1、经济实力。" + filler, filler + "提升发展质量和效益，", "全面建成小康社会。",
        "2、民生改善。" + filler, "持续改善民生。",
    ] + [filler] * 6) + "\n"
    doc, root = _tree(text)
    articles = [n for n in root.walk() if n.kind == "article"]
    assert [a.number for a in articles] == [1, 2]
    assert doc.raw[articles[0].start:articles[0].end].startswith("1、经济实力")
    assert doc.raw[articles[0].start:articles[0].end].endswith("全面建成小康社会。")
    assert_leaves_cover(doc, root)


LINES = [
    "第一章 发展环境", "第二章 主要任务", "第一节 发展基础", "第二节 面临形势", "第一篇 总体战略",
    "1、经济实力。地区生产总值年均增长8%。", "2、民生改善。", "3、", "一、总体要求", "（一）指导思想", "1. 坚持创新。",
    "专 栏 3：重点工程", "专栏：", "重点工程。建设一批项目。", "图 1：增长图", "目录", "第一章 发展环境……1",
    "经济总量跃上新台阶，", "城乡居民收入稳步提高。", "**第三章　保障措施**", "# 第四章 规划实施", "打造区域性服务中心",
    "人口自然增长率控制在6％。以内", "氵米 水", "■", "2 0 0 5年", "12", "", " ", "\u3000\u3000",
    "第五章扩大开放，深化合作　　要坚持互利共赢", "目 录 第一章 发展环境 1 第二章 主要任务 4", "第 十 二 章 保障",
    " \u2003\u2003（一）聚焦产业升级，壮大实体经济。新建厂房。", "一、2023年工作回顾",
]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=30), st.sampled_from(["\n", "\n\n", "", " "]))
def test_any_mix_of_lines_gives_a_well_formed_tree(lines: list[str], sep: str) -> None:
    doc, root = _tree(sep.join(lines))
    assert_leaves_cover(doc, root)
    ids = [n.id for n in root.walk()]
    assert len(ids) == len(set(ids))
    for node in root.walk():
        assert 0 <= node.start <= node.end <= len(doc.raw)
        if node.kind != "document" and node.end > node.start:
            path = locate(root, node.start)
            assert path[0] is root and node in path or any(c.start <= node.start for c in path)
        section_label(locate(root, node.start))


# --- damaged real text: glued headings, stripped sentence ends, run-together contents, OCR ---------


def test_headings_glued_to_their_text_at_paragraph_indents() -> None:
    # a whole plan on few lines: parts, chapters and the first paragraph apart only by the
    # two-character indent that opens a Chinese paragraph; chapter titles with a comma
    text = (
        "　　第一篇总体要求　　第一章坚持稳中求进，推动高质量发展　　要把发展质量放在首位，提高效益\n"
        "坚持创新驱动\n"
        "　　第二章扩大有效需求，畅通经济循环　　要发挥消费的基础作用\n"
        "　　第二篇产业发展　　第三章建设现代产业体系　　推动制造业转型升级\n"
    )
    doc, root = _tree(text)
    assert _shape(root) == [
        (0, "part", 1, "总体要求"),
        (1, "chapter", 1, "坚持稳中求进，推动高质量发展"),
        (1, "chapter", 2, "扩大有效需求，畅通经济循环"),
        (0, "part", 2, "产业发展"),
        (1, "chapter", 3, "建设现代产业体系"),
    ]
    chapter = [n for n in root.walk() if n.kind == "chapter"][0]
    body = chapter.children[1]
    assert doc.raw[body.start:body.end].startswith("要把发展质量放在首位")
    assert_leaves_cover(doc, root)


def test_spaced_out_title_is_not_cut_at_its_wide_spaces() -> None:
    doc, root = _tree("第一章　　总　　则\n规划依据本条例编制。\n第二章　　目　　标\n到期末实现规划目标。\n")
    assert [(k, n) for _, k, n, _ in _shape(root)] == [("chapter", 1), ("chapter", 2)]
    assert [n.title for n in root.walk() if n.kind == "chapter"] == ["总则", "目标"]
    assert_leaves_cover(doc, root)


def test_sections_glued_to_their_first_sentence_have_no_made_up_title() -> None:
    # one sentence per line, sentence ends stripped, paragraphs opened by an indent; every 节
    # heading runs into its first sentence, so where its title ends cannot be known
    text = (
        "　　第一章发展现代农业　　要把农业放在经济工作的首位\n"
        "　　第一节稳定粮食生产严格保护耕地，确保粮食播种面积稳定在合理水平\n"
        "加强农田水利建设\n"
        "　　第二节增加农民收入多渠道转移农村劳动力，发展农产品加工\n"
        "　　第三节推进农村改革深化农村土地制度改革，稳定承包关系\n"
        "完善农村金融服务\n"
    )
    doc, root = _tree(text)
    assert [(k, n, t) for _, k, n, t in _shape(root)] == [
        ("chapter", 1, "发展现代农业"), ("section", 1, ""), ("section", 2, ""), ("section", 3, ""),
    ]
    # the text after the marker is body text, not a title
    first = next(n for n in root.walk() if n.kind == "section")
    heading = first.children[0]
    assert doc.raw[heading.start:heading.end] == "第一节"
    assert section_label(locate(root, doc.raw.index("加强农田水利"))) == "sec:1.1"
    assert_leaves_cover(doc, root)


def test_headings_on_their_own_lines_in_an_indented_text_keep_their_titles() -> None:
    text = (
        "第一章 发展环境\n第一节 发展基础\n　　经济总量稳步提升，结构不断优化\n质量效益明显提高\n"
        "第二节 面临形势\n　　机遇与挑战并存\n第二章 总体要求\n第一节 指导思想\n　　坚持稳中求进\n"
        "第三章 保障措施\n第一节 组织领导\n　　加强组织领导\n"
    )
    doc, root = _tree(text)
    assert [(k, t) for _, k, _, t in _shape(root)] == [
        ("chapter", "发展环境"), ("section", "发展基础"), ("section", "面临形势"), ("chapter", "总体要求"),
        ("section", "指导思想"), ("chapter", "保障措施"), ("section", "组织领导"),
    ]
    assert_leaves_cover(doc, root)


def test_centred_heading_on_two_lines_is_still_one_title() -> None:
    doc, root = _tree(
        "            第七章 加快推进服务业现代化\n            打造区域性服务中心\n"
        "　　进一步拓展现代服务业新模式和新业态。\n　　推进全域旅游。\n　　建设物流枢纽。\n"
    )
    assert [n.title for n in root.walk() if n.kind == "chapter"] == ["加快推进服务业现代化 打造区域性服务中心"]
    assert_leaves_cover(doc, root)


def test_run_in_heading_of_a_report_part_ends_at_its_full_stop() -> None:
    doc, root = _tree(
        "二〇二四年县政府工作报告\n一、2023年工作回顾\n过去一年，全县经济稳中向好。\n"
        "二、2024年工作安排\n（一）聚焦产业升级，壮大实体经济。新建标准厂房10万平方米。\n"
        "（二）聚焦民生改善，提升服务水平。新建幼儿园3所。\n"
    )
    assert [(k, n, t) for _, k, n, t in _shape(root)] == [
        ("chapter", 1, "2023年工作回顾"), ("chapter", 2, "2024年工作安排"),
        ("section", 1, "聚焦产业升级，壮大实体经济"), ("section", 2, "聚焦民生改善，提升服务水平"),
    ]
    assert [n.label for n in root.walk() if n.kind in ("chapter", "section")] == ["一、", "二、", "（一）", "（二）"]
    assert_leaves_cover(doc, root)


def test_report_parts_written_第一部分() -> None:
    doc, root = _tree(
        "2024年县政府工作报告\n第一部分 2023年工作回顾\n过去一年，全县生产总值增长5%。\n"
        "第二部分 2024年工作安排\n（一）扩大有效投资。新开工项目100个。\n（二）改善民生。新建学校5所。\n"
    )
    assert [(k, n, t) for _, k, n, t in _shape(root)] == [
        ("part", 1, "2023年工作回顾"), ("part", 2, "2024年工作安排"),
        ("chapter", 1, "扩大有效投资"), ("chapter", 2, "改善民生"),
    ]
    assert [n.label for n in root.walk() if n.kind == "part"] == ["第一部分", "第二部分"]
    assert_leaves_cover(doc, root)


def test_report_on_one_line_with_paragraph_indents() -> None:
    # paragraph breaks lost upstream: paragraphs joined by a space and the two-em-space indent
    text = (
        "某某市市长　张三 各位代表： \u2003\u2003现在，我代表市人民政府向大会报告工作。"
        " \u2003\u2003一、2023年工作回顾 \u2003\u2003过去一年，全市生产总值增长5.2%。"
        " \u2003\u2003（一）坚持稳中求进，经济运行回升向好。规模以上工业增加值增长6%。"
        " \u2003\u2003（二）坚持改革开放，发展活力不断增强。新设企业1.2万户。"
        " \u2003\u2003二、2024年主要任务 \u2003\u2003今年经济社会发展的主要预期目标是：生产总值增长5%左右。"
    )
    doc, root = _tree(text)
    assert "\n" not in doc.raw
    assert [(k, n, t) for _, k, n, t in _shape(root)] == [
        ("chapter", 1, "2023年工作回顾"), ("section", 1, "坚持稳中求进，经济运行回升向好"),
        ("section", 2, "坚持改革开放，发展活力不断增强"), ("chapter", 2, "2024年主要任务"),
    ]
    assert section_label(locate(root, doc.raw.index("新设企业"))) == "sec:1.2"
    assert_leaves_cover(doc, root)


def test_table_of_contents_run_together_on_one_line() -> None:
    text = (
        "某某县国民经济和社会发展第十四个五年规划纲要\n"
        "目 录 第一章 发展基础 1 第一节 主要成就 1 第二节 面临形势 3 第二章 总体要求 5 第三章 保障措施 9\n"
        "第一章 发展基础\n第一节 主要成就\n经济总量稳步提升。\n第二节 面临形势\n机遇与挑战并存。\n"
        "第二章 总体要求\n坚持稳中求进。\n第三章 保障措施\n加强组织领导。\n"
    )
    doc, root = _tree(text)
    assert [(k, n) for _, k, n, _ in _shape(root)] == [
        ("chapter", 1), ("section", 1), ("section", 2), ("chapter", 2), ("chapter", 3),
    ]
    toc = [n for n in root.walk() if n.role == "toc"]
    assert len(toc) == 1 and doc.raw[toc[0].start:toc[0].end].endswith("第三章 保障措施 9")
    assert_leaves_cover(doc, root)


def test_run_together_contents_with_a_comma_in_a_title_are_not_doubled() -> None:
    text = (
        "某某市发展规划纲要\n"
        "目录 第一篇 总体要求 1 第一章 发展环境 1 第二章 优化产业结构，增强竞争能力 5 第三章 保障措施 9\n"
        "第一篇 总体要求\n第一章 发展环境\n经济稳步增长。\n第二章 优化产业结构，增强竞争能力\n推进产业升级。\n"
        "第三章 保障措施\n加强组织领导。\n"
    )
    doc, root = _tree(text)
    assert [(k, n, t) for _, k, n, t in _shape(root)] == [
        ("part", 1, "总体要求"), ("chapter", 1, "发展环境"), ("chapter", 2, "优化产业结构，增强竞争能力"),
        ("chapter", 3, "保障措施"),
    ]
    toc = [n for n in root.walk() if n.role == "toc"]
    assert len(toc) == 1 and doc.raw[toc[0].start:toc[0].end].endswith("第三章 保障措施 9")
    assert_leaves_cover(doc, root)


def test_heading_glued_after_text_with_a_space_starts_a_unit() -> None:
    doc, root = _tree("第一章 发展基础\n经济总量稳步提升。 第二章 总体要求\n坚持稳中求进。\n")
    assert [(k, n, t) for _, k, n, t in _shape(root)] == [("chapter", 1, "发展基础"), ("chapter", 2, "总体要求")]
    # a chapter named in running text after a space is not a heading: a sentence follows it
    doc, root = _tree("第一章 发展基础\n详见 第二章 的安排，坚持稳中求进。\n第二章 总体要求\n加强领导。\n")
    chapters = [n for n in root.walk() if n.kind == "chapter"]
    assert [c.number for c in chapters] == [1, 2]
    assert doc.raw[chapters[1].start:].startswith("第二章 总体要求\n加强")
    assert_leaves_cover(doc, root)


def test_title_with_a_comma_ended_by_a_space_and_ocr_spaced_titles() -> None:
    doc, root = _tree(
        "第一章 优化产业结构，增强竞争能力 要坚持以市场为导向，推进产业升级。\n"
        "第 二 章 保 障 措 施\n加强组织领导。\n"
    )
    assert [n.title for n in root.walk() if n.kind == "chapter"] == ["优化产业结构，增强竞争能力", "保障措施"]
    chapter = next(n for n in root.walk() if n.kind == "chapter")
    assert doc.raw[chapter.children[1].start:].startswith("要坚持以市场为导向")
    assert_leaves_cover(doc, root)


def test_ocr_spaces_and_full_width_digits_in_markers() -> None:
    doc, root = _tree(
        "第 一 章 发展基础\n经济总量稳步提升。\n第 十 一 章 保障措施\n加强组织领导。\n"
        "第１２章 规划实施\n１、加强评估。开展中期评估。\n２、强化考核。纳入考核体系。\n"
    )
    assert [(k, n) for _, k, n, _ in _shape(root)] == [
        ("chapter", 1), ("chapter", 11), ("chapter", 12), ("article", 1), ("article", 2),
    ]
    assert_leaves_cover(doc, root)
