"""Named projects of a plan or a work report (PROJECTS_GUIDELINE.md): facilities, routes, plants,
parks, platforms, programmes and events to be built, expanded, moved, renovated, set up or held.

`extract_projects(doc)` reads the compact view of the repaired text clause by clause. Two clause
shapes name projects:

- a governing verb (lexicon/project_verbs.tsv, normalised to 新建/建成/续建/改扩建/迁建/推进/前期/举办)
  opens a list of names that runs on over commas until the next verb ("新建A、B和C");
- a list of names is the subject of a status phrase, as work reports write what was built, started
  or finished ("A、B投入运营", "X项目正式落地", "X完成提档升级"; guihua.extraction.project_states).

`namelists.parse_names` splits the list and completes shared head words; `project_names.verdict`
decides which items are names. A work noun written after a name decides the action over the verb
or status ("X改造" -> 改扩建), an event's action is 举办. Outside a 专栏 a name needs a proper part of
its own (a place, a quoted name, a number: guihua.extraction.propernames) unless its list declares
its items projects ("等项目"), in which case one proper sibling carries the list. In a 专栏, a
line listing only names without a verb (parks and zones, or facilities each with a head and a proper
part), at the start of a sentence or after an item label ("电源：A、B"), names projects with action
推进; a label that is itself a verb ("续建：A、B", "新开工：C", "前期：D") governs its list. A plan's
review of the last period names no projects to build; a work report's review of the last year is
where it names what was built. Offsets point into `doc.raw`; places come from the gazetteer of the
document's region (none when no gazetteer covers it).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from guihua.documents import Document, Node, build_outline, locate
from guihua.extraction.namelists import NameItem, NameList, depth_map, parse_names
from guihua.extraction.project_boxes import (
    after_glued_heading,
    bare_name_list,
    enumerator_length,
    status_label,
)
from guihua.extraction.project_lexicon import ProjectLexicon, project_lexicon
from guihua.extraction.project_names import distinct, is_event, quoted_programme, verdict, works_on_facility
from guihua.extraction.project_states import status_after, subject_start
from guihua.extraction.project_tables import table_rows
from guihua.extraction.propernames import tag_of
from guihua.extraction.textview import TextView, build_view
from guihua.extraction.words import boundaries, words
from guihua.gazetteer import Gazetteer, gazetteer, place_names, region_named

_SENT_END = "。；;！？!?\n"
_ADVERBS = ("重点", "大力", "着力", "积极", "全力", "进一步", "加紧", "抓紧", "全面", "努力", "优先",
            "稳步", "有序", "逐步", "每年", "力争", "争取")
_PARTICLES = ("了", "好")  # "实施了X", "实施好X"
_MAX_SUBJECT = 8  # characters of subject allowed before the governing verb ("中心城区重点改造…")
_CUT = re.compile(r"(成为|作为|形成|实现|达到|确保|带动|辐射|覆盖|面向|用于|向|纳入|列入)")
# "争取X纳入国家…规划", "推动X列入省重点项目": getting a project into a plan is preparatory work
_INTO_PLAN = re.compile(r"(纳入|列入)\S*(规划|计划|项目库|笼子|盘子)")
_PROGRAMME = re.compile(r"“[^”]{2,20}”")
_VERB_NOUNS = ("内容", "规模", "任务", "标准", "用地", "资金", "期限", "周期", "单位", "主体", "年限", "性质", "地点")
_ARTICLE_NUMBER = re.compile(r"\d{1,3}[、.．]")
_LEAD_ROLE = re.compile(r"为(引领|龙头|核心|依托|载体|主体|支撑|主导|骨干)")
# parts of a plan that review the last period or state principles name no projects to build
_NO_PROJECTS = re.compile(r"(成就|回顾|形势|指导思想|发展理念|基本原则|奋斗目标|主要目标|发展环境|发展基础)")
_NO_PROJECTS_REPORT = re.compile(r"(指导思想|发展理念|基本原则)")
_REPORT = re.compile(r"政府工作报告|工作回顾|过去的?一年")
# "建设一批重大高技术工程，主要是A、B、C": a batch of projects and the clause naming them
_BATCH = re.compile(r"(一批|若干|一系列|一些)\S*?(工程|项目)$")
_INTRO = re.compile(r"(主要是|主要有|主要包括|重点是|重点包括|包括|即|如)")
# "对A、B升级改造": the names between 对 and a work noun
_DUI = re.compile(r"对")
_DIRECTIONS = "东西南北中"
_HEADING_MAX = 20  # characters of a line read as a heading when it ends without punctuation
_CONTINUES = "，、；：,;:（(“《-—"
_QUOTED_WHOLE = re.compile(r"“[^”]+”$")
_WHOLE_LIST_MODIFIER = re.compile(r"(方面|领域|为|类)")


@dataclass
class ProjectMention:
    name: str
    action: str
    category: str
    box: int | None
    article: int | None
    start: int  # raw offsets of the clause naming the project (doc.raw[start:end] == quote)
    end: int
    quote: str
    node_id: str
    confidence: float
    full_name: str | None = None
    places: list[str] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)  # county-level units the places belong to
    name_start: int = 0  # raw offsets of the name itself
    name_end: int = 0
    status: str | None = None  # library status a work report's status phrase states ("建成"), else None
    status_phrase: str | None = None  # the phrase as written ("建成通车", "正式落地")

    FIELDS = ("name", "full_name", "action", "category", "box", "article", "places", "counties",
              "start", "end", "quote", "node_id", "confidence", "name_start", "name_end", "status",
              "status_phrase")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: d[k] for k in self.FIELDS}


@dataclass
class _Context:
    box: int | None
    article: int | None
    category: str
    node_id: str
    item_title: str


@dataclass
class _Scan:
    """What every clause of one document needs."""
    doc: Document
    view: TextView
    lex: ProjectLexicon
    gaz: Gazetteer | None
    region: str | None
    breaks: frozenset[int]  # view offsets where a raw line break ends a sentence (texts without 。)
    out: list[ProjectMention]


@dataclass
class _Clause:
    """One list of names to emit: where it is, what governs it."""
    o_start: int
    o_end: int
    quote_start: int
    c_end: int
    action: str
    category: str
    strict: bool  # a continued list: no carrying of doubtful items
    strength: str  # "weak" | "firm" | ""
    status: str | None = None
    phrase: str | None = None
    declared_head: str | None = None
    work_action: str | None = None  # "X的前期工作": the work noun after 的 decides
    possessor: str = ""  # "西电东送的北、中、南三条大通道": what the items belong to


def is_work_report(raw: str) -> bool:
    """A government work report (reviews the last year, where it names what was built)."""
    return bool(_REPORT.search(raw[:3000]))


def extract_projects(doc: Document, root: Node | None = None, region: str | None = None) -> list[ProjectMention]:
    """Project mentions of `doc` in document order.

    `region` names the gazetteer to use (a data file's stem, "hengyang"); by default the region
    whose city or county the document's title names, else none.
    """
    root = root or build_outline(doc)
    view = build_view(doc.text, doc.offset_map, doc.offset_end_map)
    region = region or region_named(doc.raw[:300])
    scan = _Scan(doc, view, project_lexicon(), gazetteer(region) if region else None, region,
                 _line_sentences(doc.raw, view), [])
    no_projects = _NO_PROJECTS_REPORT if is_work_report(doc.raw) else _NO_PROJECTS
    for pstart, pend in view.paragraphs():
        ctx = _context(root, view.raw[pstart], no_projects)
        if ctx is None:
            continue
        _paragraph(scan, pstart, pend, ctx)
    _table_rows(scan, root, no_projects)
    scan.out.sort(key=lambda m: (m.name_start, m.name_end))
    return scan.out


def _table_rows(scan: _Scan, root: Node, no_projects: re.Pattern[str]) -> None:
    """Projects of a project table (重大项目表): one a row, the works column gives the action; what the
    clause reading found inside a row is replaced by the row."""
    for row in table_rows(scan.doc.raw, scan.lex):
        ctx = _context(root, row.row_start, no_projects)
        if ctx is None:
            continue
        it = NameItem(0, len(row.name), row.name)
        if verdict(it, True, scan.lex, scan.gaz) is False:
            continue
        scan.out[:] = [m for m in scan.out if m.name_end <= row.row_start or m.name_start >= row.row_end]
        places, counties = place_names(row.name, scan.region) if scan.region else ([], [])
        scan.out.append(ProjectMention(
            name=row.name, full_name=None, action="举办" if is_event(row.name) else row.action,
            category=row.title or ctx.category, box=None, article=None, start=row.row_start, end=row.row_end,
            quote=scan.doc.raw[row.row_start:row.row_end], node_id=ctx.node_id, confidence=0.9,
            places=places, counties=counties, name_start=row.name_start, name_end=row.name_end,
        ))


def _line_sentences(raw: str, view: TextView) -> frozenset[int]:
    """View offsets where a raw line break ends a sentence: after a short line that ends without
    punctuation (a heading: "一、过去一年工作回顾"), and after every line of a text whose
    sentence-final 。 were stripped (one sentence a line)."""
    lines = [ln for ln in raw.splitlines() if ln.strip()]
    stripped = len(lines) >= 20 and sum("。" in ln for ln in lines) <= len(lines) // 20
    ends: set[int] = set()
    pos = 0
    for line in raw.split("\n"):
        pos += len(line) + 1
        body = line.strip()
        if body and (stripped or (len(body) <= _HEADING_MAX and body[-1] not in _CONTINUES)):
            ends.add(pos - 1)
    out = set()
    for i in range(1, len(view.text)):
        a, b = view.raw[i - 1], view.raw[i]
        if b - a > 1:
            nl = raw.find("\n", a, b)
            while nl != -1:
                if nl in ends:
                    out.add(i)
                    break
                nl = raw.find("\n", nl + 1, b)
    return frozenset(out)


def _context(root: Node, raw_offset: int, no_projects: re.Pattern[str]) -> _Context | None:
    path = locate(root, raw_offset)
    box = article = None
    category = ""
    item_title = ""
    node_id = path[-1].id
    for n in path:
        if n.role == "toc" or (n.kind in ("part", "chapter", "section") and no_projects.search(n.title)):
            return None
        if n.kind == "box":
            box, category = n.number, n.title
        elif n.kind == "box_item":
            category = item_title = n.title
        elif n.kind == "article" and box is None:
            article, category = n.number, n.title
        elif n.kind in ("chapter", "section") and not category:
            category = n.title
    if path[-1].kind in ("chapter", "section", "part") and path[-1].role != "":
        return None
    return _Context(box, article, category, node_id, item_title)


def _sentences(text: str, start: int, end: int, breaks: frozenset[int]) -> list[tuple[int, int]]:
    dm = depth_map(text[start:end])
    out, s = [], start
    for i in range(start, end):
        if i in breaks and i > s:
            out.append((s, i))
            s = i
        if text[i] in _SENT_END and dm[i - start] == 0:
            if i > s:
                out.append((s, i))
            s = i + 1
    if end > s:
        out.append((s, end))
    return out


def _clauses(text: str, start: int, end: int, lex: ProjectLexicon) -> list[tuple[int, int]]:
    """Clauses at commas and colons, and where 和/及/并 joins a second verb ("新建A和改扩建B")."""
    dm = depth_map(text[start:end])
    out, s = [], start
    for i in range(start, end):
        if dm[i - start] != 0:
            continue
        if text[i] in "，,：:":
            if i > s:
                out.append((s, i))
            s = i + 1
        elif text[i] in "和及并" and i > s:
            v = lex.verb_re.match(text, i + 1, end)
            if v is not None and v.group(0) not in lex.weak and v.group(0) not in lex.light:
                out.append((s, i))
                s = i + 1
    if end > s:
        out.append((s, end))
    return out


def _verb_at(text: str, s: int, e: int, lex: ProjectLexicon) -> tuple[int, int, str, str] | None:
    """(verb start, object start, action, strength) of the verb governing clause text[s:e].

    strength: "weak" for an aspirational verb, "firm" for a verb said only of concrete projects.
    """
    dm = depth_map(text[s:e])
    # a verb starts where a word starts ("持续建设" holds no 续建), outside brackets
    starts = sorted(b for b in boundaries(text[s:min(e, s + _MAX_SUBJECT + 1)]) if b < e - s)
    for b in starts:
        m = lex.verb_re.match(text, s + b, e)
        if m is None or dm[b] != 0:
            continue
        subject = text[s:m.start()]
        if "、" in subject or "等" in subject or (subject.startswith(lex.subjects) and subject not in lex.subjects):
            return None  # "利用互联网建设…" states a means; "通过实施X" still implements X
        j = m.end()
        words = [m.group(0)]
        while True:
            for adv in _ADVERBS:
                if text.startswith(adv, j):
                    j += len(adv)
            n = lex.verb_re.match(text, j, e)
            if n is None and text[j:j + 1] in ("、", "或", "和") and j + 1 < e:
                n = lex.verb_re.match(text, j + 1, e)  # "新建、改扩建X": the first verb decides
                n = n if n is not None and n.group(0) not in lex.light else None
            if n is None:
                break
            words.append(n.group(0))
            j = n.end()
        if m.start() > s and text.startswith(("工程", "项目"), j):
            continue  # "X改造提升工程": the verb is inside a name
        if text.startswith(_VERB_NOUNS, m.end()):
            continue  # "建设内容包括…", "建设规模为…": a noun compound, no governing verb
        if m.start() > s + 1 and lex.work_re.fullmatch(text, m.start(), e):
            continue  # "X续建配套与节水改造": a work noun closing the name, no governing verb
        if text.startswith(_PARTICLES, j) and j + 1 < e:
            j += 1
        strong = [w for w in words if w not in lex.light and w not in lex.soft]
        if not strong and len(words) == 1 and words[0] in lex.light:
            # "支持民间资本投资建设X", "支持社会资本建设X": a stronger verb a few characters on decides
            n = lex.verb_re.search(text, j, min(e, j + 7))
            if n is not None and "、" not in text[j:n.start()] and n.group(0) not in lex.light:
                k = n.end() + (1 if text.startswith(_PARTICLES, n.end()) else 0)
                return m.start(), k, lex.verbs[n.group(0)], _strength(n.group(0), lex)
        action = lex.verbs[strong[0]] if strong else lex.verbs[words[0]]
        return m.start(), j, action, _strength(strong[0] if strong else words[0], lex)
    return None


def _strength(verb: str, lex: ProjectLexicon) -> str:
    return "weak" if verb in lex.weak else "firm" if verb in lex.firm else "light" if verb in lex.light else ""


def _paragraph(scan: _Scan, pstart: int, pend: int, ctx: _Context) -> None:
    text, lex = scan.view.text, scan.lex
    for s_start, s_end in _sentences(text, pstart, pend, scan.breaks):
        number = _ARTICLE_NUMBER.match(text, s_start, s_end)
        if number:  # "70、实施…": the article's number is no subject
            s_start = number.end()
        s_start = after_glued_heading(text, s_start, s_end, lex)
        sentence = text[s_start:s_end]
        if ctx.item_title and sentence == ctx.item_title and not _PROGRAMME.search(sentence):
            continue
        category = ctx.category
        action: str | None = None
        strength = ""
        batch: str | None = None  # "建设一批…工程，主要是…": the head the next list is declared with
        verb_start = s_start  # where the governing verb was written (a continued list quotes from it)
        label_at = -1  # the index of an item label in a box ("电源：A、B"): the next clause lists names
        for ci, (c_start, c_end) in enumerate(_clauses(text, s_start, s_end, lex)):
            label_list = ci == label_at + 1
            if c_end < len(text) and text[c_end] in "：:" and c_end - c_start <= 8:
                label = text[c_start:c_end]
                label_action = status_label(label, lex)
                if label_action is not None:  # "续建：A、B", "前期：C": the label is the verb
                    action, strength, verb_start = label_action, "firm", c_start
                else:  # an item label inside a box ("光伏电站：")
                    category, action = label, None
                    if ctx.box is not None and not label.replace(" ", "").startswith("专栏"):
                        label_at = ci
                continue
            found = _verb_at(text, c_start, c_end, lex)
            if found is not None and found[0] > c_start and status_after(text, c_start, c_end, lex):
                found = None  # "A农业发展园区…完成扩容提质": a verb inside the subject of a status
            declared_head, batch = batch, None
            bare = False
            if found is not None:
                v_start, o_start, action, strength = found
                quote_start = verb_start = v_start
                strict = False
            elif (clause := _status_clause(scan, c_start, c_end, category)) is not None:
                _emit(scan, clause, ctx)
                action = None
                continue
            elif text.startswith("以", c_start) and _LEAD_ROLE.search(text, c_start, c_end):
                o_start, quote_start, action, strict = c_start + 1, c_start, "推进", True
                c_end = c_start + text[c_start:c_end].rindex("为")
            elif action is not None:
                o_start, quote_start, strict = c_start, verb_start, True
                intro = _INTRO.match(text, c_start, c_end)
                if intro and declared_head:
                    o_start, strict = intro.end(), False
                else:
                    declared_head = None
            elif ctx.box is not None and (ci == 0 or label_list):
                o_start, quote_start, strict = c_start, c_start, True
                if not bare_name_list(text[c_start:c_end], lex, scan.gaz):
                    continue
                action, bare = "推进", True
            else:
                continue
            o_end = _object_end(text, o_start, c_end)
            clause = _Clause(o_start, o_end, quote_start, c_end, action, category, strict, strength,
                             declared_head=declared_head)
            if _INTO_PLAN.match(text, o_end, c_end):
                clause.action = "前期"
            state = status_after(text, o_start, o_end, lex)
            if state is not None:  # "推动X建成投产", "争取X项目落地": the status decides the action;
                # governed by a verb, the phrase says what is to happen, not what happened
                clause.o_end, clause.action, clause.phrase = state.subject_end, state.action, state.phrase
            _after_de(text, clause, lex)
            made = _emit(scan, clause, ctx)
            if not made and found is not None and _BATCH.match(text, o_start, o_end):
                batch = text[o_start:o_end][-2:]
            if (not made and found is None) or bare:
                action = None  # a bare box list governs no clause after it


def _status_clause(scan: _Scan, s: int, e: int, category: str) -> _Clause | None:
    """A clause whose subject is a list of names closed by a status phrase or "对…改造"."""
    text, lex = scan.view.text, scan.lex
    state = status_after(text, s, e, lex)
    if state is not None:
        start = subject_start(text, s, state.subject_end)
        return _Clause(start, state.subject_end, s, e, state.action, category, False, "state",
                       status=None if state.intended else state.status, phrase=state.phrase)
    dui = _DUI.search(text, s, min(e, s + 14))
    if dui is not None:
        w = lex.work_re.search(text, dui.end(), e)
        if w is not None and w.start() > dui.end() + 1:
            end = w.start() - 2 if text.startswith(("进行", "实施"), w.start() - 2) else w.start()
            return _Clause(dui.end(), end, s, e, lex.work_nouns[w.group(0)], category, False, "")
    return None


def _object_end(text: str, start: int, end: int) -> int:
    """Where the object ends: before a word that starts a purpose or result ("成为", "向"), never
    inside a word ("向家坝")."""
    dm = depth_map(text[start:end])
    for m in _CUT.finditer(text, start, end):
        if dm[m.start() - start] == 0 and m.start() > start + 1:
            bounds = boundaries(text[start:end])
            if m.start() - start in bounds and m.end() - start in bounds:
                return m.start()
    return end


def _after_de(text: str, clause: _Clause, lex: ProjectLexicon) -> None:
    """Move the object's start past a modifier ending in 的, or, for "X的前期工作", end it before 的."""
    start, end = clause.o_start, clause.o_end
    if text.startswith(lex.generic_prefixes, start):
        if "的" in text[start:end]:
            clause.o_end = start  # "一批引领性强、…的重大产业项目": still a batch, no names
        return
    dm = depth_map(text[start:end])
    deng = next((i for i in range(start, end) if text[i] == "等" and dm[i - start] == 0), end)
    if _WHOLE_LIST_MODIFIER.match(text, deng + 1, end):
        deng = end  # "以A、B等为主的X", "A、B等方面的X": the list modifies what follows 的
    for i in range(deng - 1, start, -1):  # any other 的 after 等 belongs to the list's tail
        if text[i] == "的" and dm[i - start] == 0 and end - i > 2:
            if _inside_item(text, start, i):
                return
            rest = text[i + 1:end]
            work = lex.work_re.match(rest)
            if work is not None and work.end() == len(rest):
                clause.o_end, clause.work_action = i, lex.work_nouns[work.group(0)]
                return
            clause.o_start = i + 1
            clause.possessor = text[start:i]
            return


def _inside_item(text: str, start: int, de: int) -> bool:
    """"实施X、调整Y的内容等措施": the 的 is inside the last item of a list of verb phrases."""
    dm = depth_map(text[start:de])
    seps = [i for i in range(start, de) if text[i] == "、" and dm[i - start] == 0]
    if not seps:
        return False
    ws = words(text[seps[-1] + 1:de])
    return bool(ws) and (tag_of(ws[0]) or "").startswith("v")


def _emit(scan: _Scan, c: _Clause, ctx: _Context) -> bool:
    view, lex = scan.view, scan.lex
    obj = view.text[c.o_start:c.o_end]
    if not obj:
        return False
    names = parse_names(obj, lex, declared_head=c.declared_head)
    for it in names.items:
        _drop_enumerator(scan, c.o_start, it)
    if names.not_projects:  # "A、B等19件商标": only a quoted programme keeps its name
        names.items = [it for it in names.items if quoted_programme(it.name)]
    quoted = sum(bool(_QUOTED_WHOLE.match(it.name)) for it in names.items)
    alone = quoted == 1 and not names.tail and c.strength not in ("weak", "light")
    verdicts = [verdict(it, names.declared, lex, scan.gaz, alone) for it in names.items]
    if names.firms and (c.action in ("改扩建", "迁建") or any(it.work_action for it in names.items)):
        verdicts = [True if v is None else v for v in verdicts]  # "A、B等企业改造升级"
    yes = sum(v is True for v in verdicts)
    if yes == 0:
        return False
    carried = not c.strict and len(verdicts) > 1 and yes * 2 >= len(verdicts)
    chosen = [(it, v) for it, v in zip(names.items, verdicts, strict=True)
              if v is True or (v is None and carried and len(it.name) <= 12)]
    for it, _ in chosen:
        if it.full_name and c.possessor and it.name in _DIRECTIONS:
            it.full_name = c.possessor + it.full_name  # "西电东送的北…大通道" -> 西电东送北大通道
    chosen = _proper_enough(scan, c, ctx, names, chosen)
    q_start, q_end = view.raw_span(c.quote_start, c.c_end)
    for it, v in chosen:
        q = quoted_programme(it.name)
        if q and q.start() <= 4:  # 实施艺术生产“321 工程”: the quoted name is the programme's name
            it.start, it.end, it.name = it.start + q.start() + 1, it.start + q.end() - 1, q.group(1)
        full = it.full_name
        if full is None and "“" in it.name and not _QUOTED_WHOLE.match(it.name):
            full = it.name.replace("“", "").replace("”", "")  # "“八纵八横”铁路主通道" -> 八纵八横铁路主通道
        n_start, n_end = view.raw_span(c.o_start + it.start, c.o_start + it.end)
        places, counties = place_names(full or it.name, scan.region) if scan.region else ([], [])
        event = is_event(full or it.name)
        action = "举办" if event else (it.work_action or c.work_action or c.action)
        scan.out.append(ProjectMention(
            name=it.name, full_name=full, action=action,
            category=c.category, box=ctx.box, article=ctx.article, start=q_start, end=q_end,
            quote=scan.doc.raw[q_start:q_end], node_id=ctx.node_id,
            confidence=0.9 if v is True else 0.6, places=places, counties=counties,
            name_start=n_start, name_end=n_end,
            status=c.status, status_phrase=c.phrase,
        ))
    return bool(chosen)


def _drop_enumerator(scan: _Scan, o_start: int, it: NameItem) -> None:
    raw_at = scan.view.raw_span(o_start + it.start, o_start + it.start + 1)[0]
    k = enumerator_length(it.name, scan.doc.raw[raw_at:raw_at + 1])
    it.start, it.name = it.start + k, it.name[k:]


def _proper_enough(scan: _Scan, c: _Clause, ctx: _Context, names: NameList,
                   chosen: list[Any]) -> list[Any]:
    """Keep the names a reader would take for definite projects (guideline: proper vs descriptive).

    In a 专栏 everything listed counts, unless an aspirational verb ("打造…基地") governs it; a firm
    verb ("续建", "开工建设"), a status phrase ("投入运营") and firms' upgrades name concrete projects. Elsewhere a list that declares its items
    projects ("等项目") needs one proper member; any other name needs a proper part of its own.
    """
    if not chosen:
        return chosen
    gaz = scan.gaz

    def proper(it: Any) -> bool:
        if c.possessor and it.name in _DIRECTIONS:
            return True  # one direction of a named whole ("西电东送的北、中、南三条大通道")
        if works_on_facility(it.name, scan.lex):
            return True  # "污水处理厂提标改造工程": named works on the one facility
        return distinct(it.name, gaz) or bool(it.full_name and distinct(it.full_name, gaz))

    named_events = any(is_event(it.name) and proper(it) for it, _ in chosen)

    if (c.strength in ("firm", "state") or names.firms or c.declared_head
            or (ctx.box is not None and c.strength != "weak")):
        return chosen  # a work report's "X投入运营", a plan's "一批重大工程，主要是…" name concrete projects
    if ctx.box is not None or names.declared:
        return chosen if any(proper(it) for it, _ in chosen) else []
    proper_count = sum(proper(it) for it, _ in chosen)
    if proper_count >= 2 and proper_count * 4 >= len(chosen) * 3:  # named siblings carry one more
        return [(it, v) for it, v in chosen if v is True or proper(it)]
    return [(it, v) for it, v in chosen if proper(it) or (named_events and is_event(it.name))]
