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
import re
from dataclasses import dataclass, field

from guihua.documents import build_outline, locate, section_label
from guihua.documents.model import Document, Node
from guihua.extraction import periods, report_years
from guihua.extraction.attributes import direction, listed_attributes, stated_attribute
from guihua.extraction.clauses import clause_start, deadlines, governing, without_brackets
from guihua.extraction.comparators import comparator
from guihua.extraction.confidence import confidence, doubts
from guihua.extraction.context import HeadingScanner, OutlinePlaces, Place
from guihua.extraction.indicators import (
    GDP_NAMES,
    clean_indicator,
    following_phrase,
    growth_subject,
    indicator_key,
    is_generic,
    only_verbs,
    reported_name,
    share_phrase,
    split_predicate,
)
from guihua.extraction.kinds import kind_of
from guihua.extraction.lexicons import lexicon
from guihua.extraction.lists import distribute, list_groups
from guihua.extraction.milestones import milestones
from guihua.extraction.model import Statement
from guihua.extraction.quantities import Quantity, scan
from guihua.extraction.sentence_names import (
    CONSTRUCT,
    OWNED_MEASURES,
    owner_before,
    purpose,
    sentence_subject,
    without_enumeration,
)
from guihua.extraction.sentences import bounded
from guihua.extraction.tables import extract_table_rows
from guihua.extraction.textview import TextView, build_view
from guihua.extraction.words import is_boundary

_SENT_END = re.compile(r"[。！？；;!?]")
_NEAR = 600  # how far around a statement its paragraph is read for review and restatement cues
_REVIEW_TITLE = re.compile(
    r"(成就|回顾|成效|过去|完成情况|取得|进展|主要工作|(?:发展|工作|现实)基础(?=$|和|与|及)|现状|基本情况|"
    r"(?:规划|编制)背景|发展条件)"
)
_NOT_REVIEW_TITLE = re.compile(r"(目标|任务|形势|环境|思路|重点|展望|安排|预期|要求)")
_PAST_CUES = re.compile(r"(五年来|过去五年|过去一年|去年|上年|已经|已达|已有|已建成|已完成|比上年|同比)")
# a paragraph opening with a look back ("过去一年，…", "五年来，…") reports what was done
_PAST_PARAGRAPH = re.compile(r"^[“\"]?(过去一年|过去五年|过去的一年|过去的五年|一年来|五年来|去年|上年)")
_FUTURE_CUES = re.compile(r"(今年|明年|预期|目标|力争|确保|计划|预计|争取|将)")
_THRESHOLD_AFTER = re.compile(r"^(?:台阶|大关|关口|之一)")
# a quota a share is reached of ("完成年度任务的115%", "完成全年目标任务的102%")
_QUOTA = re.compile(r"(?:年度|全年)?(?:目标)?(?:任务|计划)$")
# a time phrase of its own: what 每年 said before it no longer governs
_OWN_TIME = re.compile(r"期末|末期|(?:19|20)\d\d年|[”\"](?:末|期间)|今后|到期")
_CLAUSE_MARK = re.compile(r"[。；;，,]")  # a heading holds no clause break; a glued sentence does
# a stock restated after an addition ("新增…，总数达到…")
_STOCK_WORDS = frozenset({"总数", "总量", "总计", "累计总数", "总规模"})
# a predicate giving one value to each of the things listed before it ("均达到", "都超过", "各增长")
_SHARED = re.compile(r"(?<![年平人])均|都|各")
_CJK_OR_DE = re.compile(r"[\u4e00-\u9fff]")



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
    para: tuple[int, int] = (0, 0)  # the paragraph of the sentence (view offsets)
    five_year: tuple[int, int] | None = None  # a work report: the five-year plan its year falls in
    gdp_name: str | None = None  # the document's own name for the economy's output
    report_year_inferred: bool = False  # a work report's year not written in its title or date line


def _outline_places(doc: Document, root: Node | None) -> OutlinePlaces:
    tree = root if root is not None else build_outline(doc)
    return OutlinePlaces(tree, locate, section_label)


def extract_targets(doc: Document, root: Node | None = None, period: tuple[int, int] | None = None) -> TargetExtraction:
    """Targets, baselines and milestones of `doc` (a guihua.documents Document)."""
    view = build_view(doc.text, doc.offset_map, doc.offset_end_map, doc.raw)
    info = periods.infer_period(view.text)
    if period is not None:
        info = periods.PeriodInfo(period, f"由参数指定为 {period[0]}-{period[1]}", info.report_year)
    outline = _outline_places(doc, root)
    gdp_name = _gdp_name(view.text)
    scanner = HeadingScanner()
    out, table_spans = extract_table_rows(doc.raw, info.period, doc.tables)
    places: list[tuple[int, Place]] = []
    for ps, pe in view.paragraphs():
        para = view.text[ps:pe]
        place = scanner.feed(para)
        places.append((view.raw[ps], place))
        if (place.is_figure or place.is_heading) and pe - ps <= 60 and not _CLAUSE_MARK.search(para):
            continue  # a heading or a chart title: names, not statements (a heading glued to its
            # first sentence, "第一节 做优农业到2025年，…。", holds statements)
        review = info.bulletin or _is_review(place.titles, info) or bool(_PAST_PARAGRAPH.match(para)) or \
            _opens_with_earlier_plan(para, info.five_year or info.period)
        ctx = _Ctx(view, doc.raw, table_spans, info.period, info.report_year, place, review, (ps, pe),
                   info.five_year, gdp_name, "标题" not in info.source and "日期行" not in info.source)
        s = ps
        for m in _SENT_END.finditer(view.text, ps, pe + 1 if pe < len(view.text) else pe):
            e = min(m.end(), pe)
            for a, b in bounded(view.text, s, e):
                _sentence(_placed(ctx, outline, a, info), a, b, out)
            s = m.end()
        for a, b in bounded(view.text, s, pe):
            _sentence(_placed(ctx, outline, a, info), a, b, out)
    _listed_attributes(out, view)
    _place_table_rows(out, places, outline)
    for st in out:
        if st.indicator_key is None:
            st.indicator_key = indicator_key(st.indicator)
    out.sort(key=lambda st: (st.start, st.end))
    return TargetExtraction(out, info.period, info.source)


def _listed_attributes(out: list[Statement], view: TextView) -> None:
    """"其中，A、B为约束性指标": the attribute of the statements of that paragraph named A or B."""
    if not out:
        return
    starts = sorted((st.start, i) for i, st in enumerate(out))
    for ps, pe in view.paragraphs():
        para = view.text[ps:pe]
        if "约束性" not in para and "预期性" not in para:
            continue
        listed = listed_attributes(para)
        if not listed:
            continue
        lo = bisect.bisect_left(starts, (view.raw[ps], -1))
        hi = bisect.bisect_left(starts, (view.raw[pe - 1] + 1, -1))
        for _, i in starts[lo:hi]:
            st = out[i]
            for name, attr in listed:
                if st.attribute is None and (name in st.indicator or st.indicator in name) and \
                        min(len(name), len(st.indicator)) >= 2:
                    st.attribute = attr


def _gdp_name(text: str) -> str | None:
    """The name the document gives the economy's output: 国内生产总值 (a national plan) or 地区生产总值."""
    counts = {n: text.count(n) for n in GDP_NAMES[:2]}
    best = max(counts, key=lambda n: counts[n])
    return best if counts[best] else None


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
                _is_review(place.titles, info) or ctx.review, ctx.para, ctx.five_year, ctx.gdp_name,
                ctx.report_year_inferred)


def _opens_with_earlier_plan(para: str, current: tuple[int, int] | None) -> bool:
    """"“九五”期间，…": a paragraph opening with an earlier plan's period looks back on it."""
    m = re.match(r"[“\"]?[一二三四五六七八九十]{1,3}五[”\"]?(?:期间|时期|以来)", para)
    if not m or current is None:
        return False
    named = report_years.fyp_mentions(m.group())
    return bool(named) and named[0][1] < current[0]


def _is_review(titles: list[str], info: periods.PeriodInfo) -> bool:
    for t in reversed(titles):
        back, ahead = _REVIEW_TITLE.search(t), _NOT_REVIEW_TITLE.search(t)
        if back and ahead:
            # "发展基础与发展环境": a compound title names its parts in order; the first part opens the
            # chapter (a later section title of its own, read first, decides for the second part)
            return back.start() < ahead.start()
        if back:
            return True
        if ahead:
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
        elif names is None and len(group) > 1 and "分别" in segment[:8] and \
                len(before := _subjects_before(prev_names, made)) >= len(group):
            # "城镇居民收入达到A元，农村居民收入达到B元，年均分别增长x%和y%": each value goes to one
            # of the subjects named before, in order
            own = "" if is_generic(clean.name) else clean.name
            if own.startswith("占") and not own.endswith(("比重", "比例")):
                own += "比重"
            names = [[b + own] for b in before[-len(group):]]
        elif names is None and len(group) == 1 and segment.lstrip("，,").startswith("分别"):
            # "A 35512元、B 25689元，分别同比增长7.8%", "新增就业6435人，再就业1755人，分别完成目标
            # 任务的117%": one value for each subject named before in the sentence
            before = prev_names or list(dict.fromkeys(st.extra.get("name_text", st.indicator) for st in made))
            if len(before) >= 2:
                own = "" if is_generic(clean.name) else clean.name
                names = [[n + own for n in before]]
        scopes: list[str | None] = [clean.scope]
        if names is None and len(group) == 1 and clean.scope and _SHARED.search(pred) and \
                len(parts := [x for x in re.split(r"和|、|及|与", clean.scope) if x]) >= 2:
            scopes = list(parts)  # "乡镇和行政村快递服务覆盖率均达到100%": the value for each place
        group_names: list[str] = []
        for k, q in enumerate(group):
            name_list = names[k] if names else [clean.name]
            for name, scope in ((n, sc) for n in name_list for sc in scopes):
                st = _statement(ctx, q, seg_start, name, scope, pred, post, deadline, ss, se,
                                prev_name, prev_scope, clean.dropped + text[cs:seg_start])
                if st is not None:
                    if made and text.startswith("其中", cs) and made[-1].kind in ("level", "cumulative") \
                            and st.kind in ("level", "cumulative"):
                        st.kind = made[-1].kind  # "里程达到160万公里，其中高速公路2.5万公里": a part of it
                    made.append(st)
                    prev_name, prev_scope = st.extra.get("name_text", st.indicator), st.scope
                    group_names.append(prev_name)
        if len(group_names) > 1:
            prev_names = group_names
        prev_end = group[-1].end
    out.extend(made)
    if deadline and not ctx.review:
        out.extend(milestones(ctx.view, ctx.doc_raw, ctx.place, ss, se, qs, deadline))


def _subjects_before(prev_names: list[str], made: list[Statement]) -> list[str]:
    """The subjects named before in the sentence: the last list's names, else each statement's."""
    if len(prev_names) >= 2:
        return prev_names
    return list(dict.fromkeys(st.extra.get("name_text", st.indicator) for st in made))


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
    near = text[max(cs, q.start - 80):q.start]  # bounded: a clause may be a whole 1 MB line
    if "以" in near[-40:] and re.match(r"[^，,；;。]{0,16}为", text[q.end:q.end + 20]):
        return False  # "以…三项新的重大任务为战略牵引": a frame, not a count
    if q.is_count and q.form == "arabic" and without_enumeration(near, q.value) != near \
            and not CONSTRUCT.search(without_enumeration(near, q.value)):
        return False  # "紧盯入城口、落脚点…监测哨6个关键点": the count of the items listed
    if q.form == "chinese" or "大" in q.notes:
        before = without_enumeration(text[cs:q.start], q.value)
        vm = list(CONSTRUCT.finditer(before))
        if not vm or "以" in before[vm[-1].end():]:
            return False
        if q.form == "chinese" and not is_boundary(text[cs:q.end + 4], q.start - cs):
            return False  # "统一大业": the numeral is part of a word
        if q.value == 1 and q.form == "chinese" and vm[-1].end() < len(before) - 1:
            return False  # "作为一项重大任务", "一个新水平": an article; "建设一所学校" counts one
    if q.unit is None and q.form == "arabic":
        before = text[cs:q.start]
        if not re.search(r"(指数|系数|达到|超过|提高到|为|突破)$", before) and not (
                q.value == 0 and re.search(r"(降至|降到|降低到|下降到|降为|减少到|减至|控制在|保持)$", before)):
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
        if seg[m.end():] == "的" and re.search(r"(从|由)$", before):
            found = y  # "由2020年的9860元": the value of that year, where the change started
            continue
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
    name_from = "before"
    verb_prefix = ""
    counted = q.unit_category in ("count", "people", "bare", "length", "area") or "大" in q.notes
    after_name = ""
    if counted:
        after_name = clean_indicator(following_phrase(text, q.end, se), strip_scope=False).name
    elif q.unit_category == "percent" and not name and not pred and _CJK_OR_DE.match(text[q.end:q.end + 1]):
        after_name = clean_indicator(share_phrase(text, q.end, se), strip_scope=False).name
    if q.form == "zero":
        name = name + q.notes[0]  # "原生生活垃圾零填埋": 原生生活垃圾填埋, none of it
    if len(after_name) >= 2:
        owner = owner_before(text, cs, q)
        if owner and not after_name.startswith(owner):
            after_name = owner + after_name  # "西部公路的八条新通道" -> 西部公路新通道
        # the counted noun follows the number: "175 个美丽乡村", "引进富士康、华南城等 400 多家知名企业",
        # "新建 200 家以上各类创新创业基地" (a kept verb written just before the number stays)
        if only_verbs(name) and any(name.startswith(w) for w in lexicon().role("keep")):
            verb_prefix = name
        name, name_from = verb_prefix + after_name, "after"
    elif (name.startswith("占") or "占" in lead[-2:]) and not re.search(r"(比重|比例|份额)$", name):
        # "占承包耕地总面积的 53%": a share of the subject before
        whole = name[1:] if name.startswith("占") else name
        name = f"{prev_name}占{whole}比重" if prev_name else f"占{whole}比重"
    purpose_end = 0
    stock = False
    if is_generic(name):
        if name in OWNED_MEASURES and (found := purpose(text, q.end, se)):
            # "投资5600万元完成了污染企业搬迁": the money is the investment in what follows
            name, name_from, purpose_end = found[0] + name, "purpose", found[1]
        elif prev_name:
            # "重点项目47个，完成投资46.9亿元": a measure of the thing named before is its own
            # indicator ("重点项目投资"); "总量", "规模" restate the quantity itself
            owned = name if name in OWNED_MEASURES and not prev_name.endswith(name) else ""
            if name in _STOCK_WORDS and prev_name.startswith("新增") and len(prev_name) > 3:
                # "新增市场主体1.2万户，总数达到15万户": the stock of the things added, not an addition
                prev_name, stock = prev_name[2:], True
            name, name_from = prev_name + owned, "carried"
            scope = scope or prev_scope
        else:
            name = sentence_subject(text, ss, q.start)
            name_from = "carried"
            if not name:
                return None
    done = _QUOTA.search(name)
    if done and q.unit == "%" and "完成" in lead + clause:
        # "城镇新增就业4.6万人，完成年度任务的115%": the share of its quota the thing named reached
        subject = name[:done.start()] or prev_name
        if subject:
            name = subject + "完成" + done.group() + "比例"
    # type and year
    year, past = _year_for(ctx, ss, q.start)
    year_written = year is not None
    review = ctx.review
    future = bool(_FUTURE_CUES.search(text[ss:q.start]))
    is_baseline = review or past or (not future and bool(_PAST_CUES.search(clause))) or bool(
        re.search(r"(已|已经)[^，,；;。]{0,6}$", clause))
    gov = governing(text, ss, deadline, q.start)
    governs = gov is not None
    if governs and not review:
        is_baseline = past
    # kind
    kind = "level" if stock else kind_of(q, name, pred, clause, lead)
    recent = text[max(ss, q.start - _NEAR):q.start]  # bounded: a sentence may be a whole 1 MB line
    yearly = recent.rfind("每年")
    # "每年招聘教师300名，“十四五”期末比例提高到80%": a later time phrase ends what 每年 governs
    per_year = "每年" in lead or yearly >= 0 and not _OWN_TIME.search(recent, yearly + 2)
    if per_year and kind == "cumulative":
        kind = "level"
    unit = q.unit
    if unit is None:
        unit = "系数" if name.endswith("系数") else "点" if name.endswith("指数") else None
        if q.value == 0 and name.endswith("率"):
            unit = "%"  # "贫困发生率降至0": none, of a rate written in percent
    if unit == "万" and re.match(r"[^，,；;。]{0,4}(人口|人|农民|劳动力|职工|群众)", text[q.end:q.end + 6]):
        unit = "万人"
    if is_baseline:
        if year is not None and ctx.period and year >= ctx.period[0] and ctx.report_year is None:
            year = None
        if year is not None and ctx.report_year and year >= ctx.report_year:
            # a work report for year Y is given early in Y: what it reports as achieved ("全年…达到")
            # is for Y-1 at the latest
            year = ctx.report_year - 1
        if year is None and report_years.is_start_value(clause):
            # "从2.69万亿元增加到3.87万亿元": the first value is the start of the span reviewed
            para = text[max(ctx.para[0], ss - _NEAR):min(ctx.para[1], se + _NEAR)]  # bounded: linear cost
            reviewed = report_years.reviews_five_years(para, ctx.five_year or ctx.period, ctx.report_year)
            year = report_years.start_year(ctx.report_year, reviewed, ctx.period)
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
        elif ctx.report_year and (year is None or year < ctx.report_year):
            # a work report sets the targets of its year, and restates those of its five-year plan
            near = text[max(ss, q.start - _NEAR):min(se, q.end + _NEAR)]
            restated = None if ctx.five_year is None else report_years.restated_year(
                [near, *reversed(ctx.place.titles)], ctx.five_year, ctx.report_year)
            year = restated or ctx.report_year
        elif year is None or (ctx.period and year < ctx.period[0]):
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
    elif name_from == "purpose":
        end = purpose_end
    if kind == "growth":
        name = growth_subject(name)
    # "人口年均自然增长率": an average of yearly rates names the rate; "年均浓度" (annual mean) stays
    name = re.sub(r"(?<=.)年均(?=(?:[\u4e00-\u9fff]{0,3})(?:增长率|增速|增幅)$)", "", name)
    rs, re_ = ctx.view.raw_span(start, end)
    key = indicator_key(name)
    st = Statement(
        type="baseline" if is_baseline else "target", kind=kind, indicator=reported_name(name, ctx.gdp_name),  # type: ignore[arg-type]
        start=rs, end=re_, quote=ctx.doc_raw[rs:re_], value=q.value, value_max=q.value_max,
        values=q.values, unit=unit, comparator=comp, year=year, base_year=base,  # type: ignore[arg-type]
        scope=scope, section=ctx.place.section, node_id=ctx.place.node_id,
        note="per year" if per_year else None,
    )
    reasons = doubts(name_from, year_written or gov is not None, text[seg_start:q.start], name, st.indicator,
                     ctx.report_year is not None and ctx.report_year_inferred)
    st.confidence = confidence(reasons)
    st.extra["doubts"] = reasons
    st.direction = direction(pred or clause[-8:], kind, q) if q.form != "fan" else direction(
        text[q.start:q.end], kind, q)
    st.attribute = stated_attribute(text, q.end, min(se, q.end + 40))
    st.extra["name_text"] = name
    st.indicator_key = key
    return st


_REST_OF_CLAUSE = re.compile(r"[^，,；;。]*")


