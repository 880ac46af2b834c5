"""Targets, baselines and dated milestones of a plan, each with its raw span and outline node.

The text is read paragraph by paragraph, sentence by sentence (compact view, see `textview`).
For each quantity (`quantities.scan`) the words before it are split into the indicator phrase and
the predicate ("年均增长", "控制在"…); these give the kind, the comparator and, with the section
context (the review of the previous plan vs the goals) and tense cues (已, 五年来, an earlier year),
the type. A sentence with an explicit deadline ("到2020年", "2018年以前", "力争2017年") gives one
milestone per qualitative commitment clause.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from guihua.documents import build_outline, locate, section_label
from guihua.documents.model import Document, Node
from guihua.extraction import periods
from guihua.extraction.clauses import clause_start, deadlines, governing, without_brackets
from guihua.extraction.comparators import comparator
from guihua.extraction.context import HeadingScanner, OutlinePlaces, Place
from guihua.extraction.indicators import (
    LEVEL_HEADS,
    clean_indicator,
    following_phrase,
    indicator_key,
    is_generic,
    only_verbs,
    reported_name,
    share_phrase,
    split_predicate,
)
from guihua.extraction.lexicons import lexicon
from guihua.extraction.lists import distribute, list_groups
from guihua.extraction.milestones import milestones
from guihua.extraction.model import Statement
from guihua.extraction.quantities import Quantity, scan
from guihua.extraction.sentences import bounded
from guihua.extraction.tables import extract_table_rows
from guihua.extraction.textview import TextView, build_view

_SENT_END = re.compile(r"[。！？；;!?]")
_REVIEW_TITLE = re.compile(r"(成就|回顾|成效|过去|完成情况|取得|进展|主要工作|(?:发展|工作|现实)基础(?=$|和|与|及))")
_NOT_REVIEW_TITLE = re.compile(r"(目标|任务|形势|环境|思路|重点|展望|安排|预期|要求)")
_PAST_CUES = re.compile(r"(五年来|过去五年|过去一年|去年|上年|已经|已达|已有|已建成|已完成|比上年|同比)")
# a paragraph opening with a look back ("过去一年，…", "五年来，…") reports what was done
_PAST_PARAGRAPH = re.compile(r"^[“\"]?(过去一年|过去五年|过去的一年|过去的五年|一年来|五年来|去年|上年)")
_FUTURE_CUES = re.compile(r"(今年|明年|预期|目标|力争|确保|计划|预计|争取|将)")
_THRESHOLD_AFTER = re.compile(r"^(?:台阶|大关|关口|之一)")
_CJK_OR_DE = re.compile(r"[\u4e00-\u9fff]")
_GROWTH_WORDS = ("增长", "递增", "增速", "增幅")
_CHANGE_WORDS = ("提高", "提升", "降低", "下降", "减少", "增加", "削减", "压减", "节约", "高出", "超出", "缩小")
_CONSTRUCT = re.compile(
    r"(建设|新建|建成|建立|组建|培育|培养|引进|设立|打造|争创|创建|兴建|实施|扶持|支持|办好|完成|"
    r"改造|修缮|新增|新创|规划|推进|提质|整合建设)"
)


@dataclass
class TargetExtraction:
    statements: list[Statement]
    period: tuple[int, int] | None
    period_source: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Ctx:
    view: TextView
    doc_raw: str
    table_spans: list[tuple[int, int]]
    period: tuple[int, int] | None
    report_year: int | None
    place: Place
    review: bool


def _outline_places(doc: Document, root: Node | None) -> OutlinePlaces:
    tree = root if root is not None else build_outline(doc)
    return OutlinePlaces(tree, locate, section_label)


def extract_targets(doc: Document, root: Node | None = None, period: tuple[int, int] | None = None) -> TargetExtraction:
    """Targets, baselines and milestones of `doc` (a guihua.documents Document)."""
    view = build_view(doc.text, doc.offset_map, doc.offset_end_map)
    info = periods.infer_period(view.text)
    if period is not None:
        info = periods.PeriodInfo(period, f"由参数指定为 {period[0]}-{period[1]}", info.report_year)
    outline = _outline_places(doc, root)
    scanner = HeadingScanner()
    out, table_spans = extract_table_rows(doc.raw, info.period, doc.tables)
    places: list[tuple[int, Place]] = []
    for ps, pe in view.paragraphs():
        para = view.text[ps:pe]
        place = scanner.feed(para)
        places.append((view.raw[ps], place))
        if (place.is_figure or place.is_heading) and pe - ps <= 60:
            continue  # a heading or a chart title: names, not statements
        review = _is_review(place.titles, info) or bool(_PAST_PARAGRAPH.match(para))
        ctx = _Ctx(view, doc.raw, table_spans, info.period, info.report_year, place, review)
        s = ps
        for m in _SENT_END.finditer(view.text, ps, pe + 1 if pe < len(view.text) else pe):
            e = min(m.end(), pe)
            for a, b in bounded(view.text, s, e):
                _sentence(_placed(ctx, outline, a, info), a, b, out)
            s = m.end()
        for a, b in bounded(view.text, s, pe):
            _sentence(_placed(ctx, outline, a, info), a, b, out)
    _place_table_rows(out, places, outline)
    for st in out:
        if st.indicator_key is None:
            st.indicator_key = indicator_key(st.indicator)
    out.sort(key=lambda st: (st.start, st.end))
    return TargetExtraction(out, info.period, info.source)


def _place_table_rows(out: list[Statement], places: list[tuple[int, Place]],
                      outline: OutlinePlaces | None) -> None:
    starts = [p for p, _ in places]
    for st in out:
        if st.note != "table row" or st.section is not None:
            continue
        if outline is not None:
            place = outline.at(st.start)
        else:
            i = bisect.bisect_right(starts, st.start) - 1
            place = places[i][1] if i >= 0 else Place()
        st.section, st.node_id = place.section, place.node_id


def _placed(ctx: _Ctx, outline: OutlinePlaces | None, at: int, info: periods.PeriodInfo) -> _Ctx:
    """The context of the sentence starting at view position `at` (outline node when there is one)."""
    if outline is None:
        return ctx
    i = at
    text = ctx.view.text
    while i < len(text) - 1 and not text[i].strip():
        i += 1
    place = outline.at(ctx.view.raw[i])
    place.titles = place.titles or ctx.place.titles
    if place.section is None:
        place.section = ctx.place.section
    return _Ctx(ctx.view, ctx.doc_raw, ctx.table_spans, ctx.period, ctx.report_year, place,
                _is_review(place.titles, info) or ctx.review)


def _is_review(titles: list[str], info: periods.PeriodInfo) -> bool:
    for t in reversed(titles):
        if _REVIEW_TITLE.search(t) and not _NOT_REVIEW_TITLE.search(t):
            return True
        if _NOT_REVIEW_TITLE.search(t):
            return False
        if info.period:
            m = re.search(r"十[一二三四五六七八九]?五", t)
            if m:
                p = periods.period_of_name(m.group()[:-1])
                if p and p[1] < info.period[0]:
                    return True
    return False


def _sentence(ctx: _Ctx, ss: int, se: int, out: list[Statement]) -> None:
    text = ctx.view.text
    all_qs = scan(text, ss, se)
    qs = [q for q in all_qs if _keep_quantity(text, ss, q) and not _in_table(ctx, q)]
    # a skipped threshold ("经济总量跃过2000亿元台阶，2015年达到…") still names the subject
    thresholds = [q for q in all_qs if _THRESHOLD_AFTER.match(text[q.end:q.end + 2])]
    deadline = deadlines(text, ss, se, ctx.period)
    made: list[Statement] = []
    prev_end = ss
    prev_name = ""
    prev_scope: str | None = None
    prev_names: list[str] = []
    groups = list_groups(text, qs)
    for group in groups:
        first = group[0]
        for t in thresholds:
            if prev_end <= t.start < first.start:
                tname = clean_indicator(split_predicate(text[clause_start(text, ss, t.start):t.start])[0]).name
                if not is_generic(tname):
                    prev_name = tname
        cs = clause_start(text, ss, first.start)
        seg_start = max(cs, prev_end)
        segment = text[seg_start:first.start]
        phrase, pred = split_predicate(segment.lstrip("、和及与并且"))
        clean = clean_indicator(phrase)
        post = next((q.post_comparator for q in reversed(group) if q.post_comparator), None)
        names = distribute(clean.name, pred, len(group))
        if names is None and is_generic(clean.name) and len(group) > 1 and len(prev_names) == len(group):
            names = [[n] for n in prev_names]  # "…分别达到 A、B，是2010年的 x 倍、y 倍"
        group_names: list[str] = []
        for k, q in enumerate(group):
            name_list = names[k] if names else [clean.name]
            for name in name_list:
                st = _statement(ctx, q, seg_start, name, clean.scope, pred, post, deadline, ss, se,
                                prev_name, prev_scope, clean.dropped + text[cs:seg_start])
                if st is not None:
                    made.append(st)
                    prev_name, prev_scope = st.extra.get("name_text", st.indicator), st.scope
                    group_names.append(prev_name)
        if len(group_names) > 1:
            prev_names = group_names
        prev_end = group[-1].end
    out.extend(made)
    if deadline and not ctx.review:
        out.extend(milestones(ctx.view, ctx.doc_raw, ctx.place, ss, se, qs, deadline))


def _inside_quotes(text: str, ss: int, q: Quantity) -> bool:
    """A number inside quotation marks is part of a name ("“十大工程”", "“新世纪121人才工程”")."""
    opened = max(text.rfind("“", ss, q.start), text.rfind("「", ss, q.start))
    if opened < 0 or max(text.rfind("”", opened, q.start), text.rfind("」", opened, q.start)) > opened:
        return False
    close = re.search(r"[”」]", text[q.end:q.end + 12])
    return close is not None


def _in_table(ctx: _Ctx, q: Quantity) -> bool:
    r = ctx.view.raw[q.start]
    i = bisect.bisect_right(ctx.table_spans, (r, 1 << 62)) - 1
    return i >= 0 and ctx.table_spans[i][0] <= r < ctx.table_spans[i][1]


def _keep_quantity(text: str, ss: int, q: Quantity) -> bool:
    if _THRESHOLD_AFTER.match(text[q.end:q.end + 2]) or _inside_quotes(text, ss, q):
        return False
    cs = clause_start(text, ss, q.start)
    m = _REST_OF_CLAUSE.match(text, q.end)  # (never slice the rest of the text: quadratic)
    if m and m.group().endswith("之一"):
        return False
    if q.form == "chinese" or "大" in q.notes:
        before = text[cs:q.start]
        vm = list(_CONSTRUCT.finditer(before))
        if not vm or "以" in before[vm[-1].end():]:
            return False
    if q.unit is None and q.form == "arabic":
        before = text[cs:q.start]
        if not re.search(r"(指数|系数|达到|超过|提高到|为|突破)$", before):
            return False
    return True


def _year_for(ctx: _Ctx, ss: int, qstart: int) -> tuple[int | None, bool]:
    """(year stated for the quantity, whether it is a past year) from the sentence before it."""
    text = ctx.view.text
    found: int | None = None
    seg = without_brackets(text[ss:qstart])
    qclause = clause_start(text, ss, qstart)
    for m in re.finditer(r"((?:19|20)\d\d)年(?:底|末|前|以前|之前)?", seg):
        y = int(m.group(1))
        if ss + m.start() < qclause and seg[m.end():m.end() + 1] not in "，,":
            continue  # a year in an earlier clause governs only its own clause
        before = seg[max(0, m.start() - 2):m.start()]
        after = seg[m.end():m.end() + 3]
        if re.search(r"(比|较|与|同|是|从|自|至|按|-|—|~)$", before) or \
                after.startswith(("的", "相比", "以来", "可比价", "价格", "不变价")):
            continue
        found = y
    if found is None:
        if ctx.report_year and re.search(r"今年|全年", text[ss:qstart]):
            return ctx.report_year, False
        return None, False
    past = bool(ctx.period and found < ctx.period[0]) if ctx.report_year is None else found < ctx.report_year
    return found, past


def _base_year(text: str, ss: int, se: int) -> int | None:
    m = re.search(r"(?:比|较|与|同|是|相当于)((?:19|20)\d\d)年", text[ss:se])
    return int(m.group(1)) if m else None


def _statement(ctx: _Ctx, q: Quantity, seg_start: int, name: str, scope: str | None, pred: str,
               post: str | None, deadline: list[tuple[int, int, int]], ss: int, se: int,
               prev_name: str, prev_scope: str | None, lead: str) -> Statement | None:
    text = ctx.view.text
    cs = clause_start(text, ss, q.start)
    clause = text[cs:q.start]
    sentence_before = text[ss:q.start]
    name_from = "before"
    verb_prefix = ""
    counted = q.unit_category in ("count", "people", "bare", "length", "area") or "大" in q.notes
    after_name = ""
    if counted:
        after_name = clean_indicator(following_phrase(text, q.end, se), strip_scope=False).name
    elif q.unit_category == "percent" and not name and not pred and _CJK_OR_DE.match(text[q.end:q.end + 1]):
        after_name = clean_indicator(share_phrase(text, q.end, se), strip_scope=False).name
    if len(after_name) >= 2:
        # the counted noun follows the number: "175 个美丽乡村", "引进富士康、华南城等 400 多家知名企业",
        # "新建 200 家以上各类创新创业基地" (a kept verb written just before the number stays)
        if only_verbs(name) and any(name.startswith(w) for w in lexicon().role("keep")):
            verb_prefix = name
        name, name_from = verb_prefix + after_name, "after"
    elif (name.startswith("占") or "占" in lead[-2:]) and not re.search(r"(比重|比例|份额)$", name):
        # "占承包耕地总面积的 53%": a share of the subject before
        whole = name[1:] if name.startswith("占") else name
        name = f"{prev_name}占{whole}比重" if prev_name else f"占{whole}比重"
    if is_generic(name):
        if prev_name:
            name, name_from = prev_name, "carried"
            scope = scope or prev_scope
        else:
            name = _sentence_subject(text, ss, q.start)
            name_from = "carried"
            if not name:
                return None
    # type and year
    year, past = _year_for(ctx, ss, q.start)
    review = ctx.review
    future = bool(_FUTURE_CUES.search(text[ss:q.start]))
    is_baseline = review or past or (not future and bool(_PAST_CUES.search(clause))) or bool(
        re.search(r"(已|已经)[^，,；;。]{0,6}$", clause))
    gov = governing(text, ss, deadline, q.start)
    governs = gov is not None
    if governs and not review:
        is_baseline = past
    # kind
    kind = _kind(q, name, pred, clause, lead)
    per_year = "每年" in sentence_before or "每年" in lead
    if per_year and kind == "cumulative":
        kind = "level"
    unit = q.unit
    if unit is None:
        unit = "系数" if name.endswith("系数") else "点" if name.endswith("指数") else None
    if unit == "万" and re.match(r"[^，,；;。]{0,4}(人口|人|农民|劳动力|职工|群众)", text[q.end:q.end + 6]):
        unit = "万人"
    if is_baseline:
        if year is not None and ctx.period and year >= ctx.period[0] and ctx.report_year is None:
            year = None
        if year is not None and ctx.report_year and year >= ctx.report_year:
            # a work report for year Y is given early in Y: what it reports as achieved ("全年…达到")
            # is for Y-1 at the latest
            year = ctx.report_year - 1
        if year is None:
            if ctx.report_year:
                year = ctx.report_year - 1
            elif ctx.period:
                year = ctx.period[0] - 1
        comp: str | None = None
        base = _base_year(text, cs, q.end)
        if kind == "growth" and base is None and ctx.period and "年均" in pred + clause:
            base = ctx.period[0] - 6
    else:
        if gov is not None:
            year = gov[0]
        elif year is None or (ctx.period and year < ctx.period[0]):
            if ctx.report_year and ctx.period == (ctx.report_year, ctx.report_year):
                year = ctx.report_year
            else:
                year = ctx.period[1] if ctx.period else None
        comp = comparator(pred + clause[-2:] if not pred else pred, post, kind, name, q.value)
        if "力争" in clause and comp is None:
            comp = ">="
        base = _base_year(text, cs, q.end)
        if kind == "growth" and base is None and ctx.period:
            base = ctx.period[0] - 1
    while seg_start < q.start and text[seg_start] in "、，,；;：:和及与":
        seg_start += 1
    start = q.start if name_from == "after" else min(seg_start, q.start)
    end = q.end
    if name_from == "after":
        end = min(se, q.end + len(name) + 2)
    if kind != "growth" and len(name) > 4 and "年均" in name[1:]:
        name = name.replace("年均", "")
    rs, re_ = ctx.view.raw_span(start, end)
    key = indicator_key(name)
    st = Statement(
        type="baseline" if is_baseline else "target", kind=kind, indicator=reported_name(name),  # type: ignore[arg-type]
        start=rs, end=re_, quote=ctx.doc_raw[rs:re_], value=q.value, value_max=q.value_max,
        values=q.values, unit=unit, comparator=comp, year=year, base_year=base,  # type: ignore[arg-type]
        scope=scope, section=ctx.place.section, node_id=ctx.place.node_id,
        confidence=0.9 if name_from == "before" else 0.7,
        note="per year" if per_year else None,
    )
    st.extra["name_text"] = name
    st.indicator_key = key
    return st


_SUBJECT_END = re.compile(r"(连|跨|达|实现|完成|增长|保持|稳居|突破|超过|迈上|跃|进入|提高|下降|降低|增加|减少|为|是|有)")


_REST_OF_CLAUSE = re.compile(r"[^，,；;。]*")
_CLAUSE_RUN = re.compile(r"[^，,；;:：]+")
_SUBJECT_CLAUSES = 8  # the subject opens the sentence: look at its first clauses only


def _sentence_subject(text: str, ss: int, at: int) -> str:
    """The subject of a sentence whose quantity names nothing ("五年来，经济总量连跨…，年均增长7.3%")."""
    for m in itertools.islice(_CLAUSE_RUN.finditer(text, ss, at), _SUBJECT_CLAUSES):
        if not _SUBJECT_END.search(m.group()):
            continue  # no verb to end a subject before: nothing to find in this clause
        phrase = clean_indicator(m.group()).name
        v = _SUBJECT_END.search(phrase)
        head = phrase[:v.start()] if v else ""
        if len(head) >= 2:
            return head
    return ""


def _kind(q: Quantity, name: str, pred: str, clause: str, lead: str) -> str:
    if q.form == "ratio":
        return "structure"
    if q.form == "zero_growth":
        return "growth"
    if q.form == "fan" or q.unit == "倍":
        return "change"
    if q.unit_category == "points":
        return "change"
    words = pred
    if q.unit_category in ("percent", "permille") or q.unit is None:
        if "零增长" in clause[-4:] + pred:
            return "growth"
        if any(w in words for w in _GROWTH_WORDS) and not re.search(r"增长(到|至)", words):
            return "growth"
        if any(w in words for w in _CHANGE_WORDS) and not re.search(r"(到|至|为)$", words):
            return "change"
        if name.startswith(_CHANGE_WORDS) or lead.endswith(_CHANGE_WORDS):
            return "change"  # "每年减少使用化学农药 30%以上"
        if "累计" in words + lead and q.unit_category != "percent":
            return "cumulative"
        return "level"
    if "累计" in words or "累计" in clause:
        return "cumulative"
    if q.unit_category not in ("count", "people", "bare") and words.endswith(_CHANGE_WORDS):
        return "change"  # "人均预期寿命提高1岁"
    if any(w in words for w in _GROWTH_WORDS) and not re.search(r"增长(到|至)", words):
        return "growth"
    level_verbs = lexicon().role("level")
    if any(w in name + lead for w in lexicon().role("stock")):
        return "level"
    if any(w in pred for w in level_verbs) and not name.startswith(("新增", "新建")):
        return "level"
    if LEVEL_HEADS.search(name) and not name.startswith(tuple(lexicon().role("keep"))) and \
            q.unit_category not in ("count",):
        return "level"
    if q.unit_category in ("count", "people", "length", "area", "bare", "weight", "energy", "volume"):
        return "cumulative"
    if q.unit_category == "money" and ("新增" in name or "投资" in name and re.search(r"完成|带动|累计", lead + pred)):
        return "cumulative"
    return "level"


