"""Split a list of project names: "塔山、三口桥 2 座中型水库", "A、B和C等项目", "常宁、耒阳、祁东县福利院".

`parse_names(text)` works on the compact view text of one clause's object (no whitespace). Items are
split at 、 and ， (outside brackets and quotes) and at 和/及/以及 when both sides read as names; a tail
after 等 or a count ("等 22 座风电场", "2 所中职学校") gives the shared head word that completes the
items lacking one, and declares the items projects. Names keep parentheses, hyphens and route
descriptions; a trailing route or area description in brackets is left out of the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from guihua.extraction.project_lexicon import ProjectLexicon, project_lexicon
from guihua.extraction.propernames import proper_words
from guihua.gazetteer import gazetteer

OPEN, CLOSE = "（(“《「[", "）)”》」]"
_COUNT = r"(?:\d+|[一二两三四五六七八九十百]+)"
_CLASSIFIER = "个座处所条家大项片类件"
_COUNT_TAIL = re.compile(rf"{_COUNT}(?:[{_CLASSIFIER}])(?=[^\d])")
_PHASE = re.compile(r"[（(][一二三四五六七八九十\d]+期[）)]$")
_PROGRAMME_TAIL = re.compile(r"(工程|项目)$")
_DESCRIPTIVE_TAIL = re.compile(
    r"(治理|防控|提升|保护|利用|造林|推广|下乡|培训|整治|节能|减排|节水|康复|救助|服务)(工程|项目)$")
_NAMED_WORK = re.compile(r"(新建|扩建|改建|改扩建|迁建|搬迁|续建|技改|改造)(?:项目|工程)$")
_TRAILING_GENERIC = ("基础设施建设工程", "配套设施建设工程", "基础设施建设", "配套设施建设", "建设工程", "建设发展",
                     "工程建设", "项目建设", "招商工作", "招商引资", "建设", "开发", "发展", "实施", "招商")
# a tail naming firms or trades ("等企业", "等传统服务业"): with a work noun, the firms' plants are upgraded
_FIRMS = re.compile(r"(企业|公司|集团|服务业|工业|制造业)$")
_FIRMS_LEAD = re.compile(r"(企业|公司|集团)")
_PAIR = ("以及", "和", "及", "与", "或")
_SPEC = re.compile(r"^\d+(千伏|kV|KV)")  # a voltage class before a name ("220千伏枫林")


@dataclass
class NameItem:
    start: int  # offsets in the clause text (the name as written, trimmed)
    end: int
    name: str
    full_name: str | None = None
    work_action: str | None = None  # action decided by a work noun after the name ("X改造")
    span_end: int = 0  # end of the item including what was trimmed (brackets, work nouns)


@dataclass
class NameList:
    items: list[NameItem]
    head: str | None  # the shared head word from the tail, if any
    declared: bool  # a tail (等…项目, 2 座…) says the items are projects
    firms: bool = False  # a tail naming firms ("等企业"): with a work noun their plants are the projects
    tail: str = ""  # the tail as written after 等 or a count ("岗位练兵活动"), "" without one
    not_projects: bool = False  # the tail names a kind that is no project ("等19件商标")


def depth_map(s: str) -> list[int]:
    """Bracket/quote depth before each character."""
    out, d = [], 0
    for ch in s:
        if ch in CLOSE:
            d = max(0, d - 1)
        out.append(d)
        if ch in OPEN:
            d += 1
    return out


def top_level_find(s: str, chars: str, start: int = 0) -> list[int]:
    dm = depth_map(s)
    return [i for i in range(start, len(s)) if s[i] in chars and dm[i] == 0 and s[i] not in CLOSE]


def _tail_start(s: str) -> tuple[int, int] | None:
    """(position of the tail marker, position where the tail's head text begins)."""
    dm = depth_map(s)
    for i, ch in enumerate(s):
        if ch == "等" and dm[i] == 0 and i > 0 and s[i + 1:i + 2] not in ("级", "同", "于"):
            j = i + 1
            m = _COUNT_TAIL.match(s, j)
            if m:
                j = m.end()
            return i, j
    for m in _COUNT_TAIL.finditer(s):
        i = m.start()
        if i > 0 and dm[i] == 0 and not s[i - 1].isdigit() and s[i - 1] not in "第年-—~～":
            return i, m.end()
    return None


def _clean_head(tail: str, lex: ProjectLexicon) -> str | None:
    t = tail[:-1] if tail.endswith("等") else tail
    for sc in lex.scopes:
        if t.startswith(sc) and len(t) > len(sc) + 1:
            t = t[len(sc):]
            break
    changed = True
    while changed:
        changed = False
        for g in _TRAILING_GENERIC:
            if t.endswith(g) and len(t) > len(g):
                t = t[: -len(g)]
                changed = True
    if not t or t in lex.generic_tails or t in _TRAILING_GENERIC or lex.verb_re.search(t):
        return None
    return t


def _split_points(s: str, lex: ProjectLexicon, loose: bool = False, firms: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each separator in `s`; `loose` for a list its tail declares a list of names."""
    dm = depth_map(s)
    seps: list[tuple[int, int]] = []
    for i, ch in enumerate(s):
        if dm[i] == 0 and ch in "、，,":
            seps.append((i, i + 1))
    for m in re.finditer("以及|和|及|与|或", s):
        i = m.start()
        if dm[i] != 0 or i == 0 or m.end() >= len(s):
            continue
        prev = max([e for _, e in seps if e <= i], default=0)
        nxt = min([b for b, _ in seps if b >= m.end()], default=len(s))
        left, right = s[prev:i], s[m.end():nxt]
        if m.group(0) == "与" and not loose:
            continue  # "双良与华能供热管网": 与 joins inside a name unless the list is declared
        if _joinable(left, _without_build(right), lex) or (loose and 2 <= len(left) <= 10 and 2 <= len(right) <= 12
                                           and (firms or _names_a_place(right))) or (
                m.group(0) == "或" and lex.head_of(_bare(right, lex)) is not None and 2 <= len(left) <= 8):
            seps.append((i, m.end()))
    return sorted(seps)


def _without_build(text: str) -> str:
    """"梅岭产业园建设" -> 梅岭产业园: "A和B建设" builds both; only the generic 建设 is dropped."""
    for g in ("项目建设", "工程建设", "建设"):
        if text.endswith(g) and len(text) - len(g) >= 2:
            return text[: -len(g)]
    return text


def _names_a_place(text: str) -> bool:
    """"黑河整治", "京杭运河": the text opens with a proper name ("国家和省级…" does not)."""
    return bool(proper_words(text))


def _core(item: str) -> str:
    p = gazetteer().prefix(item)
    return item[p.end:] if p is not None and p.end < len(item) else item


def _joinable(left: str, right: str, lex: ProjectLexicon) -> bool:
    """Whether 和/及 between `left` and `right` joins two names (rather than being part of one)."""
    if not left or not right:
        return False
    if left[-1] in CLOSE or lex.work_re.search(left):
        return True
    lh, rh = lex.head_of(left), lex.head_of(right)
    if lh and (rh or lex.work_re.search(right) or len(right) <= 3):
        return True
    if _PROGRAMME_TAIL.search(left) and (right.startswith("“") or _PROGRAMME_TAIL.search(right) or rh):
        return True  # "“智慧丹霞”工程和“海绵城市”建设试点": a programme's name ends at 工程
    if not lh and 2 <= len(_SPEC.sub("", left)) <= 3 and _PROGRAMME_TAIL.search(right):
        proper = proper_words(right)  # "220千伏枫林和石桥输变电工程": two places share the rest
        if proper and right.startswith(proper[0]) and len(right) - len(proper[0]) >= 3:
            return True
    return not lh and not rh and 2 <= len(_core(left)) <= 3 and 2 <= len(_core(right)) <= 3


def trim_name(s: str, start: int, end: int, lex: ProjectLexicon) -> tuple[int, int, str | None]:
    """Trim an item to its name: brackets describing a route, trailing work nouns and 建设."""
    action = None
    changed = True
    while changed and end > start:
        changed = False
        t = s[start:end]
        if t[-1] in "）)" and not _PHASE.search(t):
            dm = depth_map(t)
            opens = [i for i, ch in enumerate(t) if ch in "（(" and dm[i] == 0]
            if opens and opens[-1] > 0:
                end = start + opens[-1]
                changed = True
                continue
        m = lex.work_re.search(t)
        if m and m.start() >= 2:
            if action is None:
                action = lex.work_nouns[m.group(0)]
            end = start + m.start()
            if s[start:end].endswith("整体"):
                end -= 2
            changed = True
            continue
        for g in _TRAILING_GENERIC:
            if t.endswith(g) and len(t) - len(g) >= 2:
                end -= len(g)
                changed = True
                break
    while start < end and s[start] in "和及与、，":
        start += 1
    return start, end, action


def parse_names(s: str, lex: ProjectLexicon | None = None, declared_head: str | None = None) -> NameList:
    """Split `s` into names; `declared_head` when the clause before declared a batch of projects
    ("建设一批重大高技术工程，主要是…": the items are 工程)."""
    lex = lex or project_lexicon()
    head: str | None = None
    declared = False
    firms = False
    body_end = len(s)
    tail = _tail_start(s)
    raw_tail = ""
    as_actors = False
    if tail is not None:
        raw_tail = s[tail[1]:]
        work = lex.work_re.search(raw_tail)
        bare_tail = raw_tail[:work.start()] if work else raw_tail
        firms = s[tail[0]] == "等" and bool(_FIRMS.search(bare_tail))
        actors = _FIRMS_LEAD.match(bare_tail)
        as_actors = bool(actors and actors.end() < len(bare_tail))  # "A、B等企业开拓国际市场" (guideline)
        firms = firms and not as_actors
        head = _clean_head(_after_modifier(_first_member(raw_tail)), lex)
        if head is None or lex.head_of(head) is None:
            # "等县市区审判庭及人民法庭": the head ends before a further list member
            for cut in top_level_find(raw_tail, "、和及"):
                shorter = _clean_head(raw_tail[:cut], lex)
                if shorter is not None and lex.head_of(shorter) is not None:
                    head = shorter
                    break
        # the tail declares projects only when its head is a project word ("等 22 座风电场", "等项目")
        declared = (head is not None and (lex.head_of(head) is not None or _PROGRAMME_TAIL.search(head)
                                          and not _DESCRIPTIVE_TAIL.search(head))) or (
            head is None and any(raw_tail.endswith(t) for t in lex.generic_tails))
        body_end = tail[0]
        if as_actors:
            declared = False
        if not declared:
            head = None
        if not declared and declared_head and not raw_tail:  # "主要是A、B、C等": the batch's head
            head, declared = declared_head, True
    elif declared_head:
        head, declared = declared_head, True
    not_projects = bool(raw_tail) and not declared and (raw_tail.endswith(lex.not_project_kinds) or as_actors)
    body = s[:body_end]
    items: list[NameItem] = []
    pos = 0
    seps: list[str] = []  # the separator written before each item
    for a, b in [*_split_points(body, lex, loose=declared or firms, firms=firms), (len(body), len(body))]:
        st, en, action = trim_name(body, pos, a, lex)
        if en - st >= 1:
            items.append(NameItem(st, en, body[st:en], work_action=action, span_end=a))
            seps.append(body[max(0, pos - 2):pos] if body[max(0, pos - 2):pos] == "以及" else body[pos - 1:pos])
        pos = b
    whole = lex.work_re.search(s)
    if whole is None and body_end < len(s) and (kind := _PROGRAMME_TAIL.search(s)) is not None:
        whole = lex.work_re.search(s, body_end, kind.start())  # "A、B等国省道提质改造工程"
    if whole and body_end < len(s):  # "西渡水闸等 14 处大型水闸除险加固": the work noun covers all
        for it in items:
            it.work_action = it.work_action or lex.work_nouns[whole.group(0)]
    elif (items and items[-1].work_action and items[-1].span_end == len(body)
          and not items[-1].name.startswith(lex.leads) and not lex.verb_re.match(items[-1].name)):
        # "推进A、B前期工作": the work noun after the last name covers the list; after "A、B及C整治"
        # only the pair joined by 及 shares it; a last item that is a verb phrase of its own
        # ("实施X、加强Y改造") covers nothing
        covered = items[-2:-1] if len(items) > 2 and seps[-1] in _PAIR else items[:-1]
        for it in covered:
            it.work_action = it.work_action or items[-1].work_action
    for it in items:
        named = _NAMED_WORK.search(it.name)  # "烧碱生产新建项目": the work is part of the name
        if named and it.work_action is None and named.group(1) in lex.verbs:
            it.work_action = lex.verbs[named.group(1)]
        works = _PROGRAMME_TAIL.search(it.name)
        if it.work_action is None and works is not None and works.start() >= 4:
            w = lex.work_re.search(it.name, 0, works.start())  # "X改造提升工程": the works name the action
            if w is not None and w.start() >= 2:
                it.work_action = lex.work_nouns[w.group(0)]
    if (not raw_tail and len(items) >= 2 and items[-1].name.endswith("项目")
            and not any(it.name.endswith("项目") for it in items[:-1])):
        declared = True  # "启动A中心、B中心项目": the last item's 项目 is said of the whole list
    _complete(items, head, lex)
    return NameList(items, head, declared, firms, raw_tail, not_projects)


def _bare(text: str, lex: ProjectLexicon) -> str:
    """`text` without trailing work nouns and generic words ("向家坝水电站开发" -> 向家坝水电站)."""
    _, end, _ = trim_name(text, 0, len(text), lex)
    return text[:end]


def _first_member(tail: str) -> str:
    """"A等一批X和15个Y": the tail's head ends before a further list member."""
    cut = top_level_find(tail, "、和及")
    return tail[:cut[0]] if cut and cut[0] >= 2 else tail


def _after_modifier(tail: str) -> str:
    """"一批具有战略意义的重点工程" -> "重点工程": the head after the tail's last modifier."""
    dm = depth_map(tail)
    for i in range(len(tail) - 1, 0, -1):
        if tail[i] == "的" and dm[i] == 0 and len(tail) - i > 2:
            tail = tail[i + 1:]
            break
    for lead in ("一批", "一系列", "若干"):
        if tail.startswith(lead) and len(tail) > len(lead) + 1:
            tail = tail[len(lead):]
    return tail


def _complete(items: list[NameItem], head: str | None, lex: ProjectLexicon) -> None:
    if head:
        for it in items:
            h = lex.head_of(it.name)
            if (h is None or len(h) < 2) and not it.name.endswith(head) and not _PROGRAMME_TAIL.search(it.name):
                it.full_name = _with_head(it.name, head)  # a programme ("X引水工程") is complete
        return
    if len(items) < 2:
        return
    # a short item without a head takes the shared part of the next item that has one
    # ("柳溪、梅岭风电场和丹霞光伏电站": 柳溪风电场)
    shared: str | None = None
    for it in reversed(items):
        if shared is not None and lex.head_of(it.name) is None and len(_core(_SPEC.sub("", it.name))) <= 3:
            it.full_name = _with_head(it.name, shared)
            continue
        shared = _shared_part(it.name, lex)
        if it is items[-1] and shared is None:
            return  # the list ends without a head: nothing to share


def _shared_part(name: str, lex: ProjectLexicon) -> str | None:
    """The part of `name` a headless sibling before it shares: what follows its proper name
    ("向家坝水电站" -> 水电站, "石桥输变电工程" -> 输变电工程), else its head; None without a head."""
    head = lex.head_of(name)
    proper = proper_words(name)
    if head is None and not (_PROGRAMME_TAIL.search(name) and proper):
        return None
    place = gazetteer().prefix(name)
    if place is not None and place.end < len(name):
        return name[place.end:]
    if proper and name.startswith(proper[0]) and len(name) - len(proper[0]) >= len(head or "工程"):
        return name[len(proper[0]):]  # "溪洛渡或向家坝水电站": 向家坝 is the name, 水电站 the head
    return head


def _with_head(name: str, head: str) -> str:
    m = _PHASE.search(name)
    if m:
        return name[: m.start()] + head + name[m.start():]
    return name + head
