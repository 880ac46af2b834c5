"""The plan period and the year a statement is about.

`infer_period(text)` reads the period from the document ("第十三个五年" -> 2016-2020, "十一五" ->
2006-2010, "（2016-2020 年）", a 政府工作报告 of year Y -> (Y, Y), see `report_year`) and says how, in
Chinese.
`DEADLINE` matches the deadline phrases a statement's year comes from ("到2020年", "2017年前",
"2018年以前", "力争2017年"); targets.py decides which one governs a clause.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from guihua.extraction.quantities import parse_chinese_number

_ORDINAL = r"[一二三四五六七八九十]{1,3}"
_FYP_LONG = re.compile(rf"第({_ORDINAL})个五年(?:规划|计划)?")
_FYP_SHORT = re.compile(r"[“\"']?(十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"']?(?:规划|计划|时期|期间|末|初|以来|中期)")
_SPAN = re.compile(r"[（(]\s*((?:19|20)\d\d)\s*[-—–~～至到]{1,2}\s*((?:19|20)\d\d)\s*年?\s*[)）]")
_REPORT = re.compile(r"政府工作报告")
# "2020年国民经济和社会发展统计公报", "某某市2020年统计公报": a statistics bureau's yearly communiqué
_BULLETIN_TITLE = re.compile(r"((?:19|20)\d\d)年[\u4e00-\u9fff]{0,20}统计公报")
# the opening formula of a work report read to a people's congress: "我代表…人民政府，向大会报告工作"
_REPORT_OPENING = re.compile(r"(?:向大会|向本次大会|向各位代表)(?:作|做)?报告(?:政府)?工作")
_DATE_LINE = re.compile(r"((?:19|20)\d\d)年\d{1,2}月\d{1,2}日")
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)年(?:[\u4e00-\u9fff]{0,12})?政府工作报告|政府工作报告[（(]((?:19|20)\d\d)")
# the review of the year before ("一、2020年工作回顾", "2017年工作总结") and the year's tasks
_REVIEW_HEAD = re.compile(r"((?:19|20)\d\d)年(?:政府)?工作(?:回顾|总结)")
_LAST_YEAR = re.compile(r"过去(?:的)?一年")
_TASKS_HEAD = re.compile(
    r"((?:19|20)\d\d)年(?:政府)?(?:主要任务|工作任务|重点工作|工作安排|工作部署|的工作|工作总体要求|"
    r"(?:经济社会发展的?)?主要预期目标)"
)
DEADLINE = re.compile(
    r"(?P<pre>到|至|在|于|力争|争取|确保|计划|预计|力争到|争取到|确保到|力争在|争取在)?"
    r"(?P<year>(?:19|20)\d\d)年(?P<post>底前|年底前|前|以前|之前|底|末|内|年底|年末)?"
)


def fyp_period(n: int) -> tuple[int, int]:
    """The years of the n-th five-year plan (the third began in 1966 after the 1963-65 adjustment)."""
    if n <= 2:
        start = 1953 + 5 * (n - 1)
    else:
        start = 1966 + 5 * (n - 3)
    return start, start + 4


@dataclass
class PeriodInfo:
    period: tuple[int, int] | None
    source: str
    report_year: int | None = None  # for a government work report: the year it sets targets for
    # for a work report: the five-year plan the year falls in (restated five-year goals are its targets)
    five_year: tuple[int, int] | None = None
    # a statistical communiqué (统计公报) of year Y: every value it gives is an actual, a baseline of Y
    bulletin: bool = False


def _short_ordinal(s: str) -> int | None:
    v = parse_chinese_number(s)
    return int(v) if v else None


def fyp_containing(year: int) -> tuple[int, int]:
    """The five-year plan period a year falls in (2018 -> 2016-2020, 2021 -> 2021-2025)."""
    start = 1966 + 5 * ((year - 1966) // 5) if year >= 1966 else 1953 + 5 * ((year - 1953) // 5)
    return start, start + 4


def report_year(text: str) -> tuple[int, str] | None:
    """(Y, how) for a government work report of year Y, or None when `text` is not one.

    A work report is named in its title ("政府工作报告") or opens with the formula "向大会报告工作".
    Y is the year of the title or of the date line ("——2018年3月7日在…会议上"); without them the review
    of the year before gives it ("一、2020年工作回顾" -> 2021), or the year's tasks ("2021年主要任务"), or
    the year the passage after "过去一年" names most (the year reviewed, Y-1).
    """
    head = text[:600]
    if not (_REPORT.search(head) or _REPORT_OPENING.search(head)):
        return None
    top = text[:200]
    m = _TITLE_YEAR.search(top)
    if m:
        return int(m.group(1) or m.group(2)), "标题"
    m = _DATE_LINE.search(top)
    if m:
        return int(m.group(1)), "日期行"
    m = _REVIEW_HEAD.search(text[:20000])
    if m:
        return int(m.group(1)) + 1, f"“{m.group()}”"
    m = _TASKS_HEAD.search(text)
    if m:
        return int(m.group(1)), f"“{m.group()}”"
    m = _LAST_YEAR.search(text[:20000])
    if m:
        # "过去一年，…": the review of the year before; the year it names most is that year
        years = Counter(int(y) for y in re.findall(r"((?:19|20)\d\d)年(?![前后以来代])", text[m.start():m.start() + 3000]))
        if years:
            y, _ = max(years.items(), key=lambda kv: (kv[1], kv[0]))
            return y + 1, f"“{m.group()}”所回顾的 {y} 年"
    return None


def bulletin_year(text: str) -> int | None:
    """Y for a statistical communiqué of year Y (its title names the year and "统计公报"), else None."""
    m = _BULLETIN_TITLE.search(text[:200])
    return int(m.group(1)) if m else None


def infer_period(text: str) -> PeriodInfo:
    """Period of the plan from the first part of the document (compact text)."""
    head = text[:3000]
    by = bulletin_year(text)
    if by is not None:
        # a communiqué reports the year just ended, as a work report of the next year reviews it
        return PeriodInfo((by, by), f"统计公报（标题中的年份）：所报年份为 {by}，全部数值为该年的实际值",
                          report_year=by + 1, five_year=fyp_containing(by), bulletin=True)
    rep = report_year(text)
    if rep:
        # a report delivered early in year Y reviews Y-1 and sets targets for Y; the goals of the
        # five-year plan it restates are for the end of the plan Y falls in
        y, how = rep
        fy = fyp_containing(y)
        src = f"政府工作报告（年份取自{how}）：今年目标年为 {y}，所在五年规划期为 {fy[0]}-{fy[1]}"
        return PeriodInfo((y, y), src, report_year=y, five_year=fy)
    m = _SPAN.search(head)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if 1 <= b - a <= 15:
            return PeriodInfo((a, b), f"从“{m.group(0)}”推断为 {a}-{b}")
    title = _title_plan(text)
    if title:
        p, name = title
        return PeriodInfo(p, f"从标题中的“{name}”推断为 {p[0]}-{p[1]}")
    m2 = _FYP_LONG.search(head)
    if m2:
        n = _short_ordinal(m2.group(1))
        if n:
            p = fyp_period(n)
            return PeriodInfo(p, f"从“{m2.group(0)}”推断为 {p[0]}-{p[1]}")
    counts = Counter(_short_ordinal(x.group(1)) for x in _FYP_SHORT.finditer(text[:20000]))
    counts.pop(None, None)
    if counts:
        n = max(counts, key=lambda k: (counts[k], k or 0))
        if n:
            p = fyp_period(n)
            name = parse_name(n)
            if _next_by_deadlines(text[:20000], p):
                q = fyp_period(n + 1)
                return PeriodInfo(q, f"“{name}”出现最多，但目标多写“到{q[1]}年”，推断为下一规划期 {q[0]}-{q[1]}")
            return PeriodInfo(p, f"从出现最多的“{name}”推断为 {p[0]}-{p[1]}")
    return PeriodInfo(None, "未能从文中推断规划期")


_TO_YEAR = re.compile(r"(?:到|至)((?:19|20)\d\d)年")


def _next_by_deadlines(text: str, counted: tuple[int, int]) -> bool:
    """True when an untitled excerpt names the plan before its own more often (its review chapter)
    but its goals are set "到Y年" for the end of the next plan more often than for the counted one."""
    years = Counter(int(m.group(1)) for m in _TO_YEAR.finditer(text))
    later, now = years.get(counted[1] + 5, 0), years.get(counted[1], 0)
    return later >= 2 and later > now


# a plan's title names the plan it is ("“十五五”农业农村现代化规划", "某县十四五规划纲要（摘要）")
_TITLE_PLAN = re.compile(r"(?:规划|计划|纲要)")
_TITLE_FYP = re.compile(
    r"(?<![〇零一二三四五六七八九十\d])[“\"']?(十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"']?(?![一二三四五六七八九十年个])"
)


def _title_plan(text: str) -> tuple[tuple[int, int], str] | None:
    """The period of the five-year plan the title line names, when the first line is a plan title.

    A plan's review chapter names the plan before it ("“十四五”时期…取得成就") more often than the plan
    names itself, so the title decides before any count of mentions."""
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first or len(first) > 60 or not _TITLE_PLAN.search(first):
        return None
    m = _TITLE_FYP.search(first)
    if not m:
        return None
    n = _short_ordinal(m.group(1))
    if not n:
        return None
    return fyp_period(n), parse_name(n)


def parse_name(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        word = digits[n]
    elif n == 10:
        word = "十"
    else:
        word = "十" + digits[n - 10]
    return f"{word}五"


def period_of_name(s: str) -> tuple[int, int] | None:
    n = _short_ordinal(s)
    return fyp_period(n) if n else None
