"""Named projects of a plan (PROJECTS_GUIDELINE.md): facilities, routes, plants, parks, platforms,
programmes and events to be built, expanded, moved, renovated, set up or held.

`extract_projects(doc)` reads the compact view of the repaired text clause by clause: a governing
verb (lexicon/project_verbs.tsv, normalised to 新建/建成/续建/改扩建/迁建/推进/前期/举办) opens a list
of names that runs on over commas until the next verb; `namelists.parse_names` splits the list and
completes shared head words. An item counts as a project when it ends in a head noun
(lexicon/project_heads*.txt), is a quoted programme, or sits in a list whose tail declares its items
projects ("等项目", "2 座中型水库"); a list mostly made of projects carries its other names. Parks and
zones named without a verb at the start of a sentence in a 专栏 are projects with action 推进.
Offsets point into `doc.raw`; places come from the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from guihua.documents import Document, Node, build_outline, locate
from guihua.extraction.namelists import NameItem, depth_map, parse_names
from guihua.extraction.project_lexicon import ProjectLexicon, project_lexicon
from guihua.extraction.textview import TextView, build_view
from guihua.gazetteer import gazetteer, place_names

_SENT_END = "。；;！？!?\n"
_ADVERBS = ("重点", "大力", "着力", "积极", "全力", "进一步", "加紧", "抓紧", "全面", "努力", "优先",
            "稳步", "有序", "逐步", "每年", "力争", "争取")
_MAX_SUBJECT = 8  # characters of subject allowed before the governing verb ("中心城区重点改造…")
_CUT = re.compile(r"(成为|作为|形成|实现|达到|确保|带动|辐射|覆盖|面向|用于|向)")
_ZONE = ("区", "园", "城", "基地", "园区", "新城", "新区")
_PROGRAMME = re.compile(r"“[^”]{2,20}”")
_NAME_MAX = 40
_COUNTED = re.compile(r"^([\d\-—~～]+|[一两二三四五六七八九十]+)[个座处所条家项批万亿]")
_ARTICLE_NUMBER = re.compile(r"\d{1,3}[、.．]")
_LEAD_ROLE = re.compile(r"为(引领|龙头|核心|依托|载体|主体|支撑|主导|骨干)")
_QUOTED_PROGRAMME = re.compile(r"“([^”]{1,20}(?:工程|计划))”$")
_ROUTE = re.compile(r"^[^-—、]{2,}[-—][^-—、]{2,}$")
_ROAD_CODE = re.compile(r"^[GSXY]\d{2,4}")
_PROGRAMME_END = re.compile(r"(工程|项目)$")
_DISTINCT = re.compile(r"[\dA-Za-z“]")
# a programme named only by what it does ("石漠化综合治理工程") is not a project (guideline)
_DESCRIPTIVE = re.compile(r"(治理|防控|提升|保护|利用|造林|建设|改造|行动|推广|下乡|培训|整治|节能|减排|节水)$")
# parts of a plan that review the last period or state principles name no projects to build
_NO_PROJECTS = re.compile(r"(成就|回顾|形势|指导思想|发展理念|基本原则|奋斗目标|主要目标|发展环境|发展基础)")


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

    FIELDS = ("name", "full_name", "action", "category", "box", "article", "places", "counties",
              "start", "end", "quote", "node_id", "confidence", "name_start", "name_end")

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


def extract_projects(doc: Document, root: Node | None = None) -> list[ProjectMention]:
    """Project mentions of `doc` in document order."""
    root = root or build_outline(doc)
    view = build_view(doc.text, doc.offset_map, doc.offset_end_map)
    lex = project_lexicon()
    out: list[ProjectMention] = []
    for pstart, pend in view.paragraphs():
        ctx = _context(root, view.raw[pstart])
        if ctx is None:
            continue
        _paragraph(doc, view, pstart, pend, ctx, lex, out)
    out.sort(key=lambda m: (m.name_start, m.name_end))
    return out


def _context(root: Node, raw_offset: int) -> _Context | None:
    path = locate(root, raw_offset)
    box = article = None
    category = ""
    item_title = ""
    node_id = path[-1].id
    for n in path:
        if n.role == "toc" or (n.kind in ("part", "chapter", "section") and
                                _NO_PROJECTS.search(n.title)):
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


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    dm = depth_map(text[start:end])
    out, s = [], start
    for i in range(start, end):
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
    for m in lex.verb_re.finditer(text, s, e):
        if m.start() - s > _MAX_SUBJECT:
            return None
        if dm[m.start() - s] != 0:
            continue
        subject = text[s:m.start()]
        if "、" in subject or "等" in subject or subject.startswith(lex.subjects):
            return None
        j = m.end()
        words = [m.group(0)]
        while True:
            for adv in _ADVERBS:
                if text.startswith(adv, j):
                    j += len(adv)
            n = lex.verb_re.match(text, j, e)
            if n is None:
                break
            words.append(n.group(0))
            j = n.end()
        strong = [w for w in words if w not in lex.light and w not in lex.soft]
        if not strong and len(words) == 1 and words[0] in lex.light:
            # "支持民间资本投资建设X", "支持社会资本建设X": a stronger verb a few characters on decides
            n = lex.verb_re.search(text, j, min(e, j + 7))
            if n is not None and "、" not in text[j:n.start()] and n.group(0) not in lex.light:
                return m.start(), n.end(), lex.verbs[n.group(0)], _strength(n.group(0), lex)
        action = lex.verbs[strong[0]] if strong else lex.verbs[words[0]]
        return m.start(), j, action, _strength(strong[0] if strong else words[0], lex)
    return None


def _strength(verb: str, lex: ProjectLexicon) -> str:
    return "weak" if verb in lex.weak else "firm" if verb in lex.firm else ""


def _paragraph(doc: Document, view: TextView, pstart: int, pend: int, ctx: _Context,
               lex: ProjectLexicon, out: list[ProjectMention]) -> None:
    text = view.text
    for s_start, s_end in _sentences(text, pstart, pend):
        number = _ARTICLE_NUMBER.match(text, s_start, s_end)
        if number:  # "70、实施…": the article's number is no subject
            s_start = number.end()
        sentence = text[s_start:s_end]
        if ctx.item_title and sentence == ctx.item_title and not _PROGRAMME.search(sentence):
            continue
        category = ctx.category
        action: str | None = None
        strength = ""
        verb_start = s_start  # where the governing verb was written (a continued list quotes from it)
        for ci, (c_start, c_end) in enumerate(_clauses(text, s_start, s_end, lex)):
            if c_end < len(text) and text[c_end] in "：:" and c_end - c_start <= 8:
                category = text[c_start:c_end]  # an item label inside a box ("光伏电站：")
                action = None
                continue
            found = _verb_at(text, c_start, c_end, lex)
            if found is not None:
                v_start, o_start, action, strength = found
                quote_start = verb_start = v_start
                strict = False
            elif text.startswith("以", c_start) and _LEAD_ROLE.search(text, c_start, c_end):
                o_start, quote_start, action, strict = c_start + 1, c_start, "推进", True
                c_end = c_start + text[c_start:c_end].rindex("为")
            elif action is not None:
                o_start, quote_start, strict = c_start, verb_start, True
            elif ctx.box is not None and ci == 0:
                o_start, quote_start, strict = c_start, c_start, True
                if not _bare_zone_list(text[c_start:c_end], lex):
                    continue
                action = "推进"
            else:
                continue
            o_end = _object_end(text, o_start, c_end)
            o_start = _after_de(text, o_start, o_end)
            made = _emit(doc, view, o_start, o_end, quote_start, c_end, action, category, ctx,
                         lex, strict, strength, out)
            if not made and found is None:
                action = None


def _object_end(text: str, start: int, end: int) -> int:
    dm = depth_map(text[start:end])
    for m in _CUT.finditer(text, start, end):
        if dm[m.start() - start] == 0 and m.start() > start + 1:
            return m.start()
    return end


def _after_de(text: str, start: int, end: int) -> int:
    dm = depth_map(text[start:end])
    for i in range(end - 1, start, -1):
        if text[i] == "的" and dm[i - start] == 0 and end - i > 2:
            return i + 1
    return start


def _bare_zone_list(clause: str, lex: ProjectLexicon) -> bool:
    names = parse_names(clause, lex)
    if not names.items:
        return False
    return all(it.name.endswith(_ZONE) or _PROGRAMME.fullmatch(it.name) for it in names.items)


def _distinct(name: str) -> bool:
    """Whether a name carries a proper part: a place, a quoted name, a number, a city-level prefix."""
    if _DISTINCT.search(name):
        return True
    if name.startswith(("市", "全市", "省", "全省")) and not name.startswith(("市县", "市区", "市场")):
        return True  # a city- or province-level facility ("市图书馆")
    if re.search(r"..[至到—\-]..", name):  # a route between two named places ("长沙至赣州高速铁路")
        return True
    return bool(gazetteer().find(name))


def _accepted(it: NameItem, declared: bool, lex: ProjectLexicon) -> bool | None:
    """True: a project; False: not a name; None: a name that needs its list's support."""
    name = it.name
    if len(name) < 2 or len(name) > _NAME_MAX:
        return False
    if name.startswith(lex.generic_prefixes) or _COUNTED.match(name):
        return False
    if _ROAD_CODE.match(name):
        return True  # a national or provincial road ("G356 …", "S344")
    if not re.search(r"[\u4e00-\u9fff]", name) or name.startswith(lex.leads):
        return False
    for m in lex.verb_re.finditer(name, 2):
        rest = name[m.end():]
        if rest and not re.match(r"[“”]|工程|项目|计划", rest) and m.group(0) not in lex.work_nouns:
            return False  # a verb inside: a clause ("民间资本投资建设铁路"), not a name
    if _PROGRAMME.search(name) and re.search(r"(工程|计划)”?$", name):
        return True
    inner = name[1:-1] if name.startswith("“") and name.endswith("”") else name
    head = lex.head_of(inner)
    if head is not None and len(inner) > len(head):
        return True  # a facility's name ("市图书馆", "“美丽乡村旅游文化节”")
    if head is not None and inner == head:
        return None  # a bare head word ("南站") names something only inside a list of names
    programme = _PROGRAMME_END.search(name)
    if programme and len(name) > programme.end() - programme.start() + 1:
        before = name[: programme.start()]
        if _DISTINCT.search(before) or gazetteer().find(before):
            return True
        if _DESCRIPTIVE.search(before):
            return False
        bare = lex.work_re.sub("", before)  # "涔天河水库扩建工程": a facility's works
        if lex.head_of(before) is not None or lex.head_of(bare) is not None or name.endswith("项目"):
            return True
    if lex.verb_re.search(name) and not _PROGRAMME.search(name):
        return False
    if _ROUTE.match(name) or _ROAD_CODE.match(name):
        return True  # a route "南岳-界牌", a national or provincial road "G356 …"
    if declared or (it.full_name is not None and lex.head_of(it.full_name) is not None):
        return True
    return None


def _emit(doc: Document, view: TextView, o_start: int, o_end: int, quote_start: int, c_end: int,
          action: str, category: str, ctx: _Context, lex: ProjectLexicon, strict: bool,
          strength: str, out: list[ProjectMention]) -> bool:
    obj = view.text[o_start:o_end]
    if not obj:
        return False
    names = parse_names(obj, lex)
    verdicts = [_accepted(it, names.declared, lex) for it in names.items]
    yes = sum(v is True for v in verdicts)
    if yes == 0:
        return False
    need_proper = strength == "weak" or (ctx.box is None and strength != "firm")
    if need_proper and not any(v is True and _distinct(it.name) for it, v in
                                   zip(names.items, verdicts, strict=True)):
        return False  # outside a 专栏 a list must name at least one place, number or quoted name
    carried = not strict and len(verdicts) > 1 and yes * 2 >= len(verdicts)
    q_start, q_end = view.raw_span(quote_start, c_end)
    made = False
    for it, v in zip(names.items, verdicts, strict=True):
        if not (v is True or (v is None and carried and len(it.name) <= 12)):
            continue
        q = _QUOTED_PROGRAMME.search(it.name)
        if q and q.start() <= 4:  # 实施艺术生产“321 工程”: the quoted name is the programme's name
            it.start, it.end, it.name = it.start + q.start() + 1, it.start + q.end() - 1, q.group(1)
        n_start, n_end = view.raw_span(o_start + it.start, o_start + it.end)
        places, counties = place_names(it.full_name or it.name)
        out.append(ProjectMention(
            name=it.name, full_name=it.full_name, action=it.work_action or action,
            category=category, box=ctx.box, article=ctx.article, start=q_start, end=q_end,
            quote=doc.raw[q_start:q_end], node_id=ctx.node_id,
            confidence=0.9 if v is True else 0.6, places=places, counties=counties,
            name_start=n_start,
            name_end=n_end,
        ))
        made = True
    return made
