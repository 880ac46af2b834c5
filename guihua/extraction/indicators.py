"""Indicator naming: the shortest noun phrase the text uses for the measured quantity.

`split_predicate(segment)` separates the words before a number into the indicator phrase and the
predicate words that tie it to the number ("年均增长", "分别达到", "控制在", "累计降低").
`clean_indicator(phrase)` drops what is not the quantity's name: years and periods, the whole
("全市"), scope words (returned apart), adverbs and generic verbs of making or getting (建设, 培育,
引进 …); verbs acting on a stock or marking newness (新建, 新增, 改造, 培训 …) are kept.
`indicator_key(name)` maps names written differently (经济总量 / 地区生产总值 / GDP) to one key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from guihua.extraction.lexicons import lexicon, scope_prefix
from guihua.extraction.words import in_dictionary, is_boundary, words

# predicate words written between an indicator and its number, longest first when stripping
_TAIL_WORDS = sorted({
    "分别", "均", "都", "各", "共", "总计", "合计", "累计", "年均", "平均", "每年", "年", "达到", "达", "超过",
    "突破", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到", "增至", "扩大到", "扩大至",
    "稳定在", "保持在", "控制在", "控制到", "不低于", "不少于", "不超过", "不高于", "低于", "高于", "少于",
    "至少", "降至", "降到", "降低到", "降低至", "下降到", "下降至", "减少到", "减少至", "压减到", "压缩到",
    "提高", "提升", "增长", "增速", "增幅", "递增", "降低", "下降", "减少", "增加", "削减", "压减", "节约",
    "为", "是", "有", "在", "到", "至", "约", "大约", "左右", "调整为", "优化为", "完成", "实现", "力争",
    "争取", "确保", "保有", "新增", "以上", "以内", "的", "占", "比", "较", "超", "总量达", "已", "已经",
    "基本", "进一步", "逐步", "近", "将近", "接近", "力争达到", "稳定", "保持", "控制", "拥有", "超出", "高出", "跨过", "跃过",
    "共有", "全部", "全面", "上涨", "涨幅", "缩减", "缩减到", "缩减至", "压缩", "大幅", "明显", "显著",
    "稳步", "持续", "同比", "环比", "从", "由", "预期", "预计", "增长速度", "同口径", "可比口径",
    "按可比价格计算", "按可比价计算",
}, key=len, reverse=True)
# words that can be both a predicate and the end of a name; kept when nothing else is left
_NAME_TAILS = {"就业", "接待", "投资", "新增", "建成", "建设", "达标", "保有"}
_TAIL_RE = re.compile("(?:" + "|".join(re.escape(w) for w in _TAIL_WORDS) + ")$")

_LEAD_WORDS = (
    "其中|同时|并|并且|而且|以及|和|及|与|或|使|让|将|把|对|向|从|由|在|于|为|以|按|经过|通过|面对|随着|受|分别|"
    "力争|争取|确保|努力|着力|大力|积极|加快|加大|进一步|重点|有效|全力|全面|逐步|"
    "继续|持续|不断|稳步|稳定|切实|推动|推进|完成|实现|成功|支持|鼓励|引导|带动|实施|开展|"
    "每年|年均|累计|共|再|还|要|可|能|将要|计划|规划|预计|预期|至少|"
    "到|至|等|其|所有|现有|目前|当前|基本上|初步|是|较|比|比较|相比|相当于|占|达|达到"
).split("|")
_LEAD_NOISE = re.compile(
    "^(?:" + "|".join(sorted(_LEAD_WORDS, key=len, reverse=True)) + "|各(?![类级种项个]))"
)
_YEARISH = re.compile(
    r"^(?:(?:到|至|在|于|力争|争取|确保)?(?:19|20)\d\d年(?:底前|前|以前|之前|底|末|内|年底|以来|)|"
    r"[“\"]?十[一二三四五六七八九]?五[”\"]?(?:期间|时期|末|以来|)|"
    r"(?:过去|今后|未来)?[一二三四五两]年(?:来|内|间|)|五年来|今年|明年|去年|上年|当年|全年|同期|期末|期间|"
    r"年内|年底前|年底|年末|年初|(?:前|第)?[一二三四]季度|上半年|下半年|\d{1,2}(?:-|—|~|至)\d{1,2}月)"
)
# circumstances inserted between an indicator and its predicate ("收入在减税降费的情况下下降1.7%",
# "收入剔除虚增空转因素后完成10.4亿元"): not part of the name
_INSERTED = re.compile(
    r"(?:在[^，,；;]{1,24}?(?:的)?(?:情况|背景|形势|前提|条件|基础)(?:下|上)|"
    r"(?:剔除|扣除|除去|不含|扣减)[^，,；;]{1,16}?后)$"
)
_INNER_YEAR = re.compile(r"(?<=[\u4e00-\u9fff])(?:19|20)\d\d年度?(?=[\u4e00-\u9fff]{2})")
_LISTED_BEFORE_COUNT = re.compile(r"^(?:[^、]{1,10}、)+[^、]{1,10}(?=[两三四五六七八九十]+[大个项类])")
# a verb of achieving inside a name, before what was achieved ("重大工程完成投资" -> 重大工程投资)
_ACHIEVED = re.compile(r"(?<=..)(?:完成|实现)(?=(?:固定资产)?(?:投资|投资额|营业收入|销售收入|收入|产值|增加值)$)")
LEVEL_HEADS = re.compile(
    r"(率|比重|比例|总量|总数|数量|保有量|产量|产能|规模|人数|里程|总产|总动力|床位数|拥有量|覆盖面|"
    r"指数|系数|年限|余额|总额|产值|收入|增加值|寿命|密度|强度|人口|容量|水平|面积|道路面积|绿地面积|"
    r"总面积|占有量|量)$"
)
_GENERIC = {"总量", "规模", "总额", "总值", "数量", "人数", "个数", "面积", "比重", "比例", "增速", "水平",
            "其中", "全市", "产值", "收入", "占比", "总规模", "投资", "总数", "数"}
_PUNCT_EDGE = re.compile(r"^[、，,；;:：。“”\"'‘’（(）)\-—]+|[、，,；;:：。“\"'‘（(\-—]+$")


# a chapter or section heading glued to the text: its number and its title, a phrase ending in one of
# the nouns plan headings end with ("完善社会保障体系", "推进乡村全面振兴"); the shortest such title
# (with the run of such nouns that ends it: 社会保障体系)
_GLUED_HEADING = re.compile(
    r"^第[一二三四五六七八九十百零〇\d]{1,4}[章节][\u4e00-\u9fff]{2,14}?"
    r"(?:体系|机制|格局|环境|能力|水平|事业|产业|体制|制度|战略|振兴|建设|发展|治理|改革|开放|服务|保障|质量|效能|品质)+"
)


@dataclass
class CleanName:
    name: str
    scope: str | None = None
    dropped: str = ""  # words dropped from the front (verbs, years) — cues for kind


def split_predicate(segment: str) -> tuple[str, str]:
    """(indicator phrase, predicate words) of the text before a number."""
    s = segment
    pred = ""
    m = _COMPARED_WITH.search(s)
    if m:
        s, pred = s[:m.start()], s[m.start():]  # "税收收入与2020年相比增长20%"
    v = _VERB_TO.search(s)
    t = _TAIL_RE.search(s)
    if v and not pred and t is not None and t.group() in ("到", "至") and v.start() >= 2 and \
            is_boundary(s, v.start()):
        # "行政审批事项精简到98项": the word before 到/至 and a number is the verb that reached it
        s, pred = s[:v.start()], v.group()
    while s:
        m = _TAIL_RE.search(s)
        if not m:
            break
        w = m.group()
        if w in _NAME_TAILS and len(s) > len(w) and not pred:
            # "新增城镇就业" keeps 就业 when it ends a name; only strip as a predicate after another word
            rest = s[: -len(w)]
            if not _TAIL_RE.search(rest) and len(rest) >= 2:
                break
        if w == "年" and re.search(r"(?<![\d.])(?:19|20)\d\d年$", s) and len(s) > 5:
            # "增加到2020年的146.2亿元": the year of the value, not part of a name
            pred = s[-5:] + pred
            s = s[:-5]
            continue
        if w == "年" and not re.search(r"(?:年均|每年|全年)$", s):
            break
        if s.endswith("占比") and len(w) == 1:
            break  # "可再生能源占比": 比 ends the noun 占比 (share), not a predicate
        pred = w + pred
        s = s[: -len(w)]
    span = _DURATION_TAIL.search(s)
    if span and span.start() >= 2:
        # "固定资产投资五年累计完成…", "新增就业“十四五”期间累计…": the span a total is over, not the name
        pred = s[span.start():] + pred
        s = s[:span.start()]
    start = _FROM_YEAR.search(s)
    if start and start.start() > 0:
        # "人均纯收入由2020年的9860元增加到…": where the change started, not part of the name
        pred = s[start.start():] + pred
        s = s[:start.start()]
    cut = _COMPARED.search(s)
    if cut and cut.start() > 0 or cut and not pred:
        # "单位地区生产总值能耗比2015年下降15%": what follows 比/较/同比 is the base of the comparison
        pred = s[cut.start():] + pred
        s = s[:cut.start()]
    elif cut:
        pred = s + pred  # "比上届增长2.1%": the subject was named before
        s = ""
    return s, pred


# a comparison written between an indicator and its predicate: "比2015年", "较上年", "同比", "与2015年相比"
_COMPARED = re.compile(
    r"(?:同比|环比|(?<![占对])比(?![重例率])|较(?![大高低好快多少])|(?:与|同|和)[^，,；;]{1,10}(?:相比|相较|比较))"
    r"[^，,；;]{0,12}$"
)


# a span of years after the name ("五年", "近三年来", "“十四五”期间")
_DURATION_TAIL = re.compile(
    r"(?:(?:过去|近|这)?[一二三四五六七八九十两]年(?:来|间|内|中)?|[“\"]?十[一二三四五六七八九]?五[”\"]?(?:期间|时期))$"
)
# the start of a change with its year: "由2020年", "从2015年底"
_FROM_YEAR = re.compile(r"(?:从|由)(?:19|20)\d\d年(?:底|末|年底|年末)?$")
_COMPARED_WITH = re.compile(r"(?:与|同|和|跟)[^，,；;与同和]{1,10}?(?:相比|相较|比较)[^，,；;]{0,8}$")
_VERB_TO = re.compile(r"([\u4e00-\u9fff]{2})(?:到|至)$")


# a place word before a population group names the group measured, not a scope:
# "农村居民人均可支配收入", "城镇常住人口", "农村劳动力转移就业"
_GROUP_HEADS = ("居民", "人口", "常住人口", "户籍人口", "劳动力", "家庭", "学生", "儿童", "老年人", "妇女", "从业人员")


def clean_indicator(phrase: str, strip_scope: bool = True) -> CleanName:
    lex = lexicon()
    s = _PUNCT_EDGE.sub("", re.sub(r"[*#`>_]", "", phrase))  # markdown emphasis and markers
    scope: str | None = None
    dropped = ""
    glued = _GLUED_HEADING.match(s)
    if glued and len(s) - glued.end() >= 4:
        # "第三节 完善社会保障体系基本养老保险参保率": a section heading run into its first sentence
        dropped, s = s[:glued.end()], s[glued.end():]
    drop_verbs = sorted(lex.role("drop"), key=len, reverse=True)
    changed = True
    while changed and s:
        changed = False
        s2 = _PUNCT_EDGE.sub("", s)
        if s2 != s:
            s, changed = s2, True
        m = _YEARISH.match(s)
        if m and m.end() > 0:
            dropped += m.group()
            s, changed = s[m.end():], True
            continue
        for w in lex.wholes if not dropped.endswith("占") else ():
            # after 占 the whole is the base of a share ("占全国空港口岸的比重"), not a scope
            if s.startswith(w):
                s, changed = s[len(w):], True
                break
        if changed:
            continue
        sw = scope_prefix(s) if strip_scope else None
        if sw and len(s) > len(sw) + 1 and not s[len(sw):].startswith(_GROUP_HEADS) and starts_word(s, len(sw)):
            scope = scope or sw
            s, changed = s[len(sw):], True
            continue
        m = _LEAD_NOISE.match(s) if strip_scope else None
        if m and not _is_kept_verb(s) and not _is_noun(s) and starts_word(s, m.end()) and \
                not _modifies_noun(m.group(), s[m.end():]):
            dropped += m.group()
            s, changed = s[m.end():], True
            continue
        for w in drop_verbs:
            if s.startswith(w) and not _is_kept_verb(s) and not _is_noun(s) and starts_word(s, len(w)):
                dropped += w
                s, changed = s[len(w):], True
                break
    s = _PUNCT_EDGE.sub("", s)
    s = _INSERTED.sub("", s)
    s = _ACHIEVED.sub("", s)
    s = _INNER_YEAR.sub("", s)  # "发放2017年义务兵优待金": the year is not part of the name
    s = _LISTED_BEFORE_COUNT.sub("", s)  # "集成电路、生物医药、人工智能三大先导产业" -> 三大先导产业
    if "等" in s[1:-1]:
        # "蔬菜、柑桔、茶叶等标准化生产基地", "口袋公园等各类公园": the examples before 等 are not
        # the name (等 a word of its own, not inside 高等, 等级)
        i = s.rindex("等")
        if len(s) - i - 1 >= 2 and is_boundary(s, i) and is_boundary(s, i + 1) and (
                "、" in s[:i] or _is_word_alone(s, i)):
            s = s[i + 1:]
    return CleanName(s, scope, dropped)


def _is_word_alone(s: str, i: int) -> bool:
    """The character at `i` is a word by itself for the segmenter."""
    pos = 0
    for w in words(s):
        if pos == i:
            return len(w) == 1
        pos += len(w)
    return False


def starts_word(s: str, n: int) -> bool:
    """`s[:n]` is a word of its own at the start of `s`, so it can be cut off without cutting a word:
    the segmenter puts a boundary after it ("能源消费总量" has none after "能"), and a single
    character is never cut when it begins a longer dictionary word ("可再生能源", "在校生", "比重")."""
    if n >= len(s):
        return True
    if not is_boundary(s, n):
        return False
    if n == 1:
        return not any(in_dictionary(s[:k]) for k in range(2, min(6, len(s)) + 1))
    return True


# words that are adverbs before a verb ("重点建设X") but adjectives before a noun ("重点工程投资")
_ADVERB_OR_ADJECTIVE = frozenset({"重点"})


def _modifies_noun(word: str, rest: str) -> bool:
    """`word` qualifies the noun after it rather than a verb: it stays in the name."""
    if word not in _ADVERB_OR_ADJECTIVE or not rest:
        return False
    lex = lexicon()
    verbs = lex.role("drop") | lex.role("keep") | lex.role("cumulative") | lex.role("done")
    return not any(rest.startswith(v) for v in verbs) and not _LEAD_NOISE.match(rest)


def _is_noun(s: str) -> bool:
    """A noun that starts like a verb ("建成区面积", "建设用地", "生产总值")."""
    return any(s.startswith(w) for w in lexicon().role("noun"))


def only_verbs(s: str) -> bool:
    """The phrase is made of verbs only ("新建", "新造改造"): the counted noun follows the number."""
    words = sorted(lexicon().role("keep") | lexicon().role("drop"), key=len, reverse=True)
    while s:
        for w in words:
            if s.startswith(w):
                s = s[len(w):]
                break
        else:
            return False
    return True


def _is_kept_verb(s: str) -> bool:
    return any(s.startswith(w) for w in lexicon().role("keep"))


def is_generic(name: str) -> bool:
    return not name or name in _GENERIC or len(name) < 2


def indicator_key(name: str) -> str:
    """One key for one indicator however it is written (synonyms lexicon; spaces and case ignored)."""
    n = re.sub(r"\s+", "", name).upper().replace("ＧＤＰ", "GDP")
    return lexicon().synonyms.get(n, n)


# the names of a whole economy's output: a vague word ("经济总量", "经济增长") resolves to the one the
# document itself uses (a national plan says 国内生产总值, a city's 地区生产总值)
GDP_NAMES = ("国内生产总值", "地区生产总值", "生产总值")


def reported_name(name: str, gdp_name: str | None = None) -> str:
    """The name to report: the text's own words, except vague ones the lexicon resolves."""
    resolved = lexicon().vague.get(name, name)
    if resolved != name and resolved in GDP_NAMES and gdp_name:
        return gdp_name
    return resolved


def growth_subject(name: str) -> str:
    """For a growth rate, the quantity that grows: "经济增长速度" -> 经济, "工业增加值增速" -> 工业增加值
    (GUIDELINE: name the quantity, not 增长率)."""
    return re.sub(r"(?<=..)(?:增长速度|增长率|增速|增幅|涨幅)$", "", name)


_NOT_A_NOUN_START = re.compile(
    r"^(?:到|在|从|向|对|于|进行|参加|参与|开展|实现|完成|用于|投入|赴|去|来|为|以|和|及|与|或|等|"
    r"左右|以上|以下|以内|是|将|把|被|由|共|合计|累计|比|较|增长|增加|提高|降低|下降|减少|达到|上涨)"
)
# a verb after the counted noun: "90%的义务教育学校达到标准化学校要求"
_SHARE_VERB = re.compile(r"(?:基本达到|达到|建有|建立|建设|得到|实现|具备|拥有|开展|完成|通过|进入)")


_LISTED_KINDS = re.compile(r"(?:([^、的]{2,12})的)?[^、]{1,12}(?:、[^、]{1,12})+等([\u4e00-\u9fff]{2,12})$")
_ALL_OF_THEM = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:全部|全都|均已|已全部|已经|已)(?=[\u4e00-\u9fff])")
_RESULT_VERB = re.compile(r"(?:实现|达到|得到|取得|获得|通过|享受|受益)")
_NUMBER_AT = re.compile(r"(?:、|和|及)?\d+(?:\.\d+)?")


def _next_counts(s: str) -> int:
    """Length of the counts (number and unit) that open `s`, 0 when it does not open with one."""
    i = 0
    while True:
        m = _NUMBER_AT.match(s, i)
        if not m:
            return i
        units = lexicon().units
        for n in range(min(6, len(s) - m.end()), 0, -1):
            if s[m.end():m.end() + n] in units:
                i = m.end() + n
                break
        else:
            return i


def following_phrase(text: str, start: int, end: int) -> str:
    """The counted noun phrase written after a count ("175 个美丽乡村", "1500 个村的农村电网改造")."""
    m = re.match(r"[^，,；;:：。]*", text[start:end])
    s = m.group() if m else ""
    if s.startswith("的"):
        s = s[1:]
    if _NOT_A_NOUN_START.match(s):
        return ""
    # "96户177人建档立卡贫困人口", "1.8万户、189万平方米棚改任务": counts of one noun written after
    # the last of them
    s = s[_next_counts(s):]
    s = re.split(r"(?:及|和|与|、)?\d", s)[0]  # stop before the next number of a list
    # "552万农村贫困人口全部脱贫": an adverb of completeness between the counted noun and what
    # happened to it is not part of the name (农村贫困人口脱贫)
    s = _ALL_OF_THEM.sub("", s)
    r = _RESULT_VERB.search(s, 2)
    if r:
        s = s[:r.start()]  # "177人建档立卡贫困人口实现脱贫": what happened to them is not their name
    listed = _LISTED_KINDS.match(s)
    if listed:
        # "17个棚改区域的道路、供水、污水等配套基础设施": the owner and the kind after 等
        return (listed.group(1) or "") + listed.group(2)
    if "的" in s:
        head, tail = s.rsplit("的", 1)
        if len(tail) >= 2 and (len(head) <= 1 or "、" in head or re.search(r"能够|具有|突破|带动|发展", head)):
            return tail  # "能够突破关键技术、…的海内外高层次人才", "1500 个村的农村电网改造"
        if len(tail) >= 2 and "、" not in tail:
            return head + tail  # "9条道路路灯的升级改造": the work done on the things counted
    s = re.sub(r"(?<=.{2})(?:建设|工作)$", "", s.split("、")[0])  # "…示范村建设": the things built
    return s


def share_phrase(text: str, start: int, end: int) -> str:
    """The phrase after a share written first: "90%的义务教育学校达到标准化学校要求" ->
    "达到标准化学校要求的义务教育学校" (the units that meet the condition)."""
    m = re.match(r"[^，,；;:：。]*", text[start:end])
    s = m.group() if m else ""
    if s.startswith("的"):
        s = s[1:]
    s = re.split(r"(?:及|和|与|、)?\d", s)[0]
    v = _SHARE_VERB.search(s)
    if v and v.start() >= 2:
        return s[v.start():] + "的" + s[:v.start()]
    return s
