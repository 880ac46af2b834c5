"""Which items of a list are project names (PROJECTS_GUIDELINE.md: "What is a project").

`verdict(item, ...)` says True (a project's name), False (not a name) or None (a name only with its
list's support). A name counts when it ends in a facility head noun (lexicon/project_heads*.txt) or
an event head (lexicon/project_event_heads.txt), is a quoted programme ("“三山两河”生态修复工程",
"“211工程”"), a route ("南岳-界牌"), a road code ("G356"), or works on a named facility
("涔天河水库扩建工程"). Programmes made only of descriptive words ("石漠化综合治理工程") are not.
`distinct(name)` says whether a name carries a proper part (guihua.extraction.propernames, plus a
city- or province-level prefix: "市图书馆").
"""

from __future__ import annotations

import re
from functools import lru_cache

from guihua.extraction.lexicons import LEXICON_DIR
from guihua.extraction.namelists import NameItem
from guihua.extraction.project_lexicon import ProjectLexicon
from guihua.extraction.propernames import has_proper_part, proper_words
from guihua.extraction.words import words
from guihua.gazetteer import Gazetteer

_PROGRAMME = re.compile(r"“[^”]{2,20}”")
_NAME_MAX = 40
# the names of transfers between two regions: "引黄入冀" (draw A into B), "西气东输" (from one side to another)
_TRANSFER = re.compile(r"^(引[\u4e00-\u9fff]{1,2}[入济补进][\u4e00-\u9fff]{1,2}|[东西南北](?![东西南北中部])[\u4e00-\u9fff][东西南北](?![东西南北中部])[\u4e00-\u9fff])")
_LEVELS = ("全国", "全省", "全区", "全市", "全县", "自治区")
_ORDINAL_EVENT = re.compile(r"^(第[一二三四五六七八九十百\d]+届|首届)[\u4e00-\u9fff·“”]{2,30}[节会赛展]$")
_PHASE = re.compile(r"[（(]?[一二三四五六七八九十\d]+期[）)]?$")
# honours a place or firm wins are no projects ("龙潭古镇创成国家4A级旅游景区")
_HONOUR = re.compile(r"(创成|获评|被评为|荣获|入选|评为|获得)")
_COUNTED = re.compile(r"^([\d.\-—~～]+|[一两二三四五六七八九十百]+)(个|座|处|所|条|家|项|批|万|亿|公里|千米|米|平方米|"
                      r"吨|户|套|辆|台|栋|间|张|千瓦|兆瓦|千伏|件)")
_VOLTAGE = re.compile(r"^\d+(千伏|kV|KV)")
_COUNTED_END = re.compile(r"\d+(个|座|处|所|条|家|项|套|台|栋|间|张|公里|千米|平方米|户)$")
_QUOTED_PROGRAMME = re.compile(r"“([^”]{1,20}(?:工程|计划))”$")
_QUOTED_WHOLE = re.compile(r"^“([^”]{2,12})”$")
_ROUTE = re.compile(r"^[^-—、]{2,}[-—][^-—、]{2,}$")
_ROAD_CODE = re.compile(r"^[GSXY]\d{2,4}")
_PROGRAMME_END = re.compile(r"(工程|项目|计划|行动)$")
_DISTINCT = re.compile(r"[\dA-Za-z“]")
# "县体育馆", "区中医院", "县城第二水厂": a county- or district-level unit's own facility is one facility
# of the document's own county or district (a work report or plan of that county speaks of its own);
# "县域", "县级", "区域", "县乡" open descriptions of a kind, not a facility
_OWN_UNIT = re.compile(r"^(县城|县|区)[\u4e00-\u9fff]{2,}")
_NOT_OWN_UNIT = ("县域", "县级", "县乡", "县市", "县区", "县镇", "区域", "区县", "区级", "区位", "区块")
# a programme named only by what it does ("石漠化综合治理工程") is not a project (guideline)
_DESCRIPTIVE = re.compile(r"(治理|防控|提升|保护|利用|造林|建设|改造|行动|推广|下乡|培训|整治|节能|减排|节水|"
                          r"绿化|亮化|美化|畅通|惠民|示范|创建|攻坚|整改|清理)$")
# a quoted phrase that names a policy, slogan or campaign rather than something built
_QUOTED_NOT_PROJECT = re.compile(r"(战略|制度|机制|政策|改革|模式|理念|精神|意识|要求|原则|方针|体系|品牌|措施|活动|行动|"
                                 r"行动计划|一品|制|双责|奖|奖励|资金|基金)$")


@lru_cache(maxsize=1)
def event_heads() -> tuple[str, ...]:
    """Heads of event names (运动会, 博览会, 论坛 …), longest first."""
    out = set()
    for line in (LEXICON_DIR / "project_event_heads.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.add(line.strip())
    return tuple(sorted(out, key=len, reverse=True))


def is_event(name: str) -> bool:
    """Whether `name` names an event to be held (its action is 举办 whatever the verb)."""
    inner = name.strip("“”")
    if _ORDINAL_EVENT.match(inner):
        return True  # "第三届梅岭杜鹃花节", "首届…美食展": a numbered edition is an event
    heads = _event_set()
    return any(inner[-k:] in heads for k in range(2, min(len(inner) - 1, 6) + 1))


@lru_cache(maxsize=1)
def _event_set() -> frozenset[str]:
    return frozenset(event_heads())


def named_event(name: str, gaz: Gazetteer | None) -> bool:
    """An event with a name of its own: an ordinal, a place, a quoted name ("第五届…运动会"), not a
    kind of event ("市级球类联赛", "国际性文化论坛")."""
    if is_event(name) and name.startswith(_LEVELS) and len(name) >= 7:
        return True  # "全国青少年航海模型总决赛": the one event of that level and kind
    return is_event(name) and has_proper_part(name, gaz)


def distinct(name: str, gaz: Gazetteer | None) -> bool:
    """Whether a name carries a proper part: a place, a quoted name, a number, a city-level prefix."""
    if _DISTINCT.search(name) or _TRANSFER.match(name):
        return True
    if name.startswith(("市", "全市", "省", "全省")) and not name.startswith(("市县", "市区", "市场")):
        return True  # a city- or province-level facility ("市图书馆")
    if _OWN_UNIT.match(name) and not name.startswith(_NOT_OWN_UNIT):
        return True  # the county's or district's own facility ("县体育馆", "区人民医院新院区")
    return has_proper_part(name, gaz)


def works_on_facility(name: str, lex: ProjectLexicon) -> bool:
    """"污水处理厂提标改造工程", "金色大厅维修改造工程": named works on one facility (a definite project)."""
    m = _PROGRAMME_END.search(name)
    if not m or not name.endswith(("工程", "项目")):
        return False
    before = name[: m.start()]
    w = lex.work_re.search(before)
    if w is None or w.start() < 2:
        return False
    bare = before[: w.start()]
    for lead in ("维修", "提标", "整体", "综合", "全面"):
        if bare.endswith(lead) and len(bare) > len(lead) + 1:
            bare = bare[: -len(lead)]
    return lex.head_of(bare) is not None


def verb_phrase(name: str, lex: ProjectLexicon) -> bool:
    """"开发水资源", "加强管理": a phrase opening with a verb, not a name."""
    ws = words(name)
    return bool(ws) and ws[0] in lex.verbs and len(ws) > 1 and not name.endswith(("工程", "项目"))


def verdict(it: NameItem, declared: bool, lex: ProjectLexicon, gaz: Gazetteer | None,
            alone: bool = True) -> bool | None:
    """True: a project; False: not a name; None: a name that needs its list's support.

    `alone`: the item is the whole object of a verb that builds or implements (no list, no
    "等…活动" tail): only then does a bare quoted phrase name a programme ("实施“厕所革命”")."""
    name = it.name
    if len(name) < 2 and not (it.full_name and len(it.full_name) > 2 and name in "东西南北中"):
        return False
    if len(name) > _NAME_MAX:
        return False
    volt = _VOLTAGE.match(name)
    if volt is not None:  # "110千伏金溪输变电工程": a voltage class, no count, before a proper name
        if not has_proper_part(name[volt.end():], gaz):
            return False  # "110千伏变电站": a kind of substation
    elif _COUNTED.match(name):
        return False
    if name.startswith(lex.generic_prefixes) or _COUNTED_END.search(name):
        return False  # "一批众创空间", "25公里供热管线", "5G室外基站8000个": quantities, not names
    if _ROAD_CODE.match(name):
        return True  # a national or provincial road ("G356 …", "S344")
    if not re.search(r"[\u4e00-\u9fff]", name) or name.startswith(lex.leads) or _HONOUR.search(name, 2):
        return False
    for m in lex.verb_re.finditer(name, 2):
        rest = name[m.end():]
        if m.group(0) in lex.weak and lex.head_of(rest) == rest:
            continue  # "农业发展园区": an aspirational verb inside a compound noun
        if rest and not re.match(r"[“”]|工程|项目|计划", rest) and m.group(0) not in lex.work_nouns:
            return False  # a verb inside: a clause ("民间资本投资建设铁路"), not a name
    if _PROGRAMME.search(name) and re.search(r"(工程|计划|行动)”?$", name):
        return True
    quoted = _QUOTED_WHOLE.match(name)
    if quoted:  # a quoted programme ("实施“厕所革命”", "贯通“三纵两横”") unless a policy or slogan
        if declared:
            return True  # "“海赤乔”和“海满阿”等经贸合作论坛"
        if (not alone or _QUOTED_NOT_PROJECT.search(quoted.group(1)) or verb_phrase(quoted.group(1), lex)
                or re.search(r"[、，,]", quoted.group(1))):
            return False  # a list of slogans, a policy, a slogan of parallel phrases
        return True
    inner = name[1:-1] if name.startswith("“") and name.endswith("”") else name
    if is_event(inner):
        return True if named_event(inner, gaz) else None  # a kind of event counts only among named ones
    head = lex.head_of(inner)
    if head is not None and len(inner) > len(head):
        return True  # a facility's name ("市图书馆", "“美丽乡村旅游文化节”")
    if head is not None and inner == head:
        return None  # a bare head word ("南站") names something only inside a list of names
    if it.full_name and len(name) == 1:
        return True  # "建设西电东送的北、中、南三条大通道": one corridor per direction
    if works_on_facility(name, lex):
        return True
    programme = _PROGRAMME_END.search(_PHASE.sub("", name))  # "X项目一期": the phase is no part of the kind
    if programme and len(name) > programme.end() - programme.start() + 1:
        before = name[: programme.start()]
        if _DISTINCT.search(before) or _TRANSFER.match(before) or (gaz is not None and gaz.find(before)):
            return True
        if has_proper_part(before, gaz) and not _DESCRIPTIVE.search(before):
            return True  # "双良与华能供热管网贯通工程"
        if proper_words(before) and not re.search(r"[和与及、]", before):
            return True  # "青石河综合治理工程": a descriptive programme of one named place (not of
            # several: "黄河中游和松花江流域…治理工程" is a programme over a region)
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
        return None if verb_phrase(name, lex) else True
    if it.full_name and it.full_name != name and not verb_phrase(name, lex):
        # "220千伏枫林和石桥输变电工程": the completed name decides
        return True if verdict(NameItem(0, len(it.full_name), it.full_name), declared, lex, gaz, alone) else None
    return None


def quoted_programme(name: str) -> re.Match[str] | None:
    """实施艺术生产“321 工程”: the quoted part is the programme's name."""
    return _QUOTED_PROGRAMME.search(name)
