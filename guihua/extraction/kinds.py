"""The kind of a statement (level, growth, change, cumulative, structure) from its words.

GUIDELINE: level = the value at the year; growth = an average yearly rate ("年均增长9%", also
"年均下降3%", direction decrease); change = against a base ("提高4.7个百分点", "累计降低23%", "比五年前增加
236家", "翻一番"); cumulative = a total of the period (counts of things built or done, money spent or
granted, "累计"); structure = a ratio of parts.
"""

from __future__ import annotations

import re

from guihua.extraction import report_years
from guihua.extraction.indicators import LEVEL_HEADS, starts_word
from guihua.extraction.lexicons import lexicon
from guihua.extraction.quantities import Quantity

GROWTH_WORDS = ("增长", "递增", "增速", "增幅", "上涨", "涨幅")
CHANGE_WORDS = ("提高", "提升", "降低", "下降", "减少", "增加", "削减", "压减", "节约", "高出", "超出", "缩小")
_PER_DAY = re.compile(r"(?:日均|每日|每天|月均|每月|每小时)")
# money that is spent, granted or raised (a flow of the period), not a statistic of the economy
_FUNDS = re.compile(r"(?:投资|资金|补贴|补助|贷款|减税降费|[^基]金|拨款|成交)$")
_GRANT = re.compile(r"发放|拨付|兑现|筹集|争取|投入|下达|减免")


def _made_in_period(name: str, lead: str) -> bool:
    """The counted thing is what an action of the period made or did: the name names new things
    ("城镇新增就业") or its phrase opens with a verb of doing ("归集公共数据", "转移农业劳动力",
    "制定实施防控措施": lexicon/verbs.tsv, roles cumulative and done)."""
    if re.search(r"新增|新建|新设|新创", name):
        return True
    lex = lexicon()
    verbs = lex.role("cumulative") | lex.role("done")
    for phrase in (name, lead):
        if any(phrase.startswith(w) and starts_word(phrase, len(w)) for w in verbs):
            return True
    return False


def kind_of(q: Quantity, name: str, pred: str, clause: str, lead: str) -> str:
    """The kind of the statement of `q`: `pred` are the predicate words before it, `clause` the text
    of its clause before it, `lead` the words dropped from the front of its name."""
    if q.form == "ratio":
        return "structure"
    if q.form == "zero_growth":
        return "growth"
    if q.form == "zero":
        return "level"
    if q.form == "fan" or q.unit == "倍":
        return "change"
    if q.unit_category == "points":
        return "change"
    words = pred
    if q.unit_category in ("percent", "permille") or q.unit is None:
        if "零增长" in clause[-4:] + pred:
            return "growth"
        if any(w in words for w in GROWTH_WORDS) and not re.search(r"增长(到|至)", words):
            return "growth"
        if re.search(r"(?:年均|平均每年|每年平均)(?:分别)?(?:" + "|".join(CHANGE_WORDS) + ")$", words):
            return "growth"  # "年均下降3%": a yearly rate (direction decrease), not a change over the period
        if re.search(r"(?:年均|平均每年)$", words) and q.unit_category == "percent":
            return "growth"  # "经济增长速度预期为年均7%左右"
        if any(w in words for w in CHANGE_WORDS) and not re.search(r"(到|至|为)$", words):
            return "change"
        if name.startswith(CHANGE_WORDS) or lead.endswith(CHANGE_WORDS):
            return "change"  # "每年减少使用化学农药 30%以上"
        if "累计" in words + lead and q.unit_category != "percent":
            return "cumulative"
        return "level"
    if "累计" in words or "累计" in clause or re.search(r"(?:减量|削减量|减少量)$", name):
        return "cumulative"  # "低效建设用地减量15.2平方公里": the amount taken away in the period
    if q.unit_category not in ("count", "people", "bare") and words.endswith(CHANGE_WORDS):
        return "change"  # "人均预期寿命提高1岁"
    if re.search(r"(?:比|较)[^，,；;]{1,10}$", words[:-2] if words.endswith(CHANGE_WORDS) else "") or \
            re.search(r"^(?:比|较)", words) and words.endswith(CHANGE_WORDS):
        return "change"  # "比五年前增加236家": a change against a stated base
    if any(w in words for w in GROWTH_WORDS) and not re.search(r"增长(到|至)", words):
        return "growth"
    if report_years.is_start_value(pred) or re.search(r"(?:到|至)$", pred) and not re.search(r"达(?:到|至)$", pred):
        return "level"  # "从1024万增加到4416万": the values at the start and at the end
    if _PER_DAY.search(name + lead):
        return "level"  # "日均新设企业1665户": a rate per day, not a total
    level_verbs = lexicon().role("level")
    if any(w in name + lead for w in lexicon().role("stock")):
        return "level"
    if q.unit_category == "money" and (_FUNDS.search(name) or _GRANT.search(lead + name)) and \
            not any(w in pred for w in level_verbs):
        return "cumulative"  # money spent or granted in the period: "投资4.17亿元", "发放低保金1900万元"
    if any(w in pred for w in level_verbs) and not name.startswith(("新增", "新建")):
        if _made_in_period(name, lead):
            return "cumulative"  # "归集公共数据超过390亿条": what was done, however it compares
        return "level"
    if LEVEL_HEADS.search(name) and not name.startswith(tuple(lexicon().role("keep"))) and \
            q.unit_category not in ("count",):
        return "level"
    if q.unit_category in ("count", "people", "length", "area", "bare", "weight", "energy", "volume"):
        return "cumulative"
    if q.unit_category == "money" and ("新增" in name or "投资" in name and re.search(r"完成|带动|累计", lead + pred)):
        return "cumulative"
    return "level"
