"""Names a statement takes from the rest of its sentence when the words right before its number do
not name it: the owner written with 的 before a count, what money is spent on, the subject of an
earlier clause, the items a count enumerates.
"""

from __future__ import annotations

import itertools
import re

from guihua.extraction.indicators import LEVEL_HEADS, clean_indicator
from guihua.extraction.quantities import Quantity

# verbs of making or doing before a count: with them a count is a target or an achievement
CONSTRUCT = re.compile(
    r"(建设|新建|建成|建立|组建|培育|培养|引进|设立|打造|争创|创建|兴建|实施|扶持|支持|办好|完成|"
    r"改造|修缮|新增|新创|规划|推进|提质|整合建设|举办|启动)"
)
# money measures that belong to the thing named before or after them ("项目47个，完成投资…")
OWNED_MEASURES = frozenset({"投资", "总投资", "资金", "投资额"})


def without_enumeration(before: str, value: float | None) -> str:
    """The words before a count without the items it counts: "抓好规划、建设、管理三大环节" counts
    the three listed items (an enumeration, not a target: its 建设 is an item, not a verb);
    "建设西电东送的北、中、南三条大通道" keeps 建设西电东送的."""
    parts = re.split("、", before)
    if len(parts) < 2 or value is None or len(parts) != value:
        return before
    size = len(parts[1])
    if any(abs(len(p) - size) > 1 for p in parts[1:]):
        return before
    return before[: len(parts[0]) - size]


def owner_before(text: str, cs: int, q: Quantity) -> str:
    """The owner written before a count with 的: "建设西部公路的八条新通道" -> 西部公路 (what the counted
    things belong to is part of their name), "西电东送的北、中、南三条大通道" -> 西电东送."""
    before = without_enumeration(text[cs:q.start], q.value)
    if not before.endswith("的") or len(before) < 3:
        return ""
    vm = list(CONSTRUCT.finditer(before))
    owner = before[vm[-1].end():-1] if vm else before[:-1]
    owner = clean_indicator(owner).name
    if not 2 <= len(owner) <= 12 or re.search(r"\d", owner):
        return ""
    # "总体方案明确的78项任务", "规划确定的…": where the tasks were set, not what they belong to
    return "" if re.search(r"明确|确定|提出|规定|列入|纳入|部署|要求|安排", owner) else owner


def purpose(text: str, start: int, end: int) -> tuple[str, int] | None:
    """What money written before a verb is spent on, and where that phrase ends:
    "投资4.17亿元实施生态环境类重点项目7个" -> 生态环境类重点项目, "投资6462万元对成吉思汗广场升级改造"
    -> 成吉思汗广场升级改造."""
    m = re.match(r"(?:用于|完成了|完成|实施了|实施|进行|对|开展|建设|推进)([^，,；;。\d]{2,30})", text[start:end])
    if not m:
        return None
    name = clean_indicator(m.group(1)).name
    return (name, start + m.end()) if len(name) >= 2 else None


_SUBJECT_END = re.compile(r"(连|跨|达|实现|完成|增长|保持|稳居|突破|超过|迈上|跃|进入|提高|下降|降低|增加|减少|为|是|有)")


_CLAUSE_RUN = re.compile(r"[^，,；;:：]+")
_SUBJECT_CLAUSES = 8  # the subject opens the sentence: look at its first clauses only


def sentence_subject(text: str, ss: int, at: int) -> str:
    """The subject of a sentence whose quantity names nothing ("五年来，经济总量连跨…，年均增长7.3%")."""
    for m in itertools.islice(_CLAUSE_RUN.finditer(text, ss, at), _SUBJECT_CLAUSES):
        if not _SUBJECT_END.search(m.group()):
            continue  # no verb to end a subject before: nothing to find in this clause
        phrase = clean_indicator(m.group()).name
        v = _SUBJECT_END.search(phrase)
        head = phrase[:v.start()] if v else ""
        if len(head) >= 2:
            return head
        if v and v.start() == 0 and v.group() in ("提高", "降低", "增加", "减少") and \
                LEVEL_HEADS.search(phrase) and m.end() < at:
            return phrase[v.end():]  # "提高计算机普及率，2005年达到4%以上": the object raised
    return ""
