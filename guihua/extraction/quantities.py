"""Numbers with their units as Chinese plans write them.

`scan(text)` finds every quantity in a compact text (see `textview`: NFKC, no whitespace) and
returns `Quantity` objects with positions in that text. It reads:
- Arabic numbers, with thousands commas and decimals ("2601.57", "27,500");
- Chinese numerals ("两", "三十五", "一千二百") when a measure word follows ("一所", "两个", "三大");
- 万/亿 multipliers, kept in the unit as written ("1.7 万亿元" -> 1.7 "万亿元");
- percentages written out ("百分之三十"), fractions ("三分之一"), "翻一番"/"翻两番", "倍增" (doubling,
  2 倍, when it ends a clause: not "倍增计划"), "零增长" (0 %) and "零X" ending a clause ("零填埋", "零事故":
  0 with no unit, X named in `notes`; not "零容忍", "零距离", "零部件" …);
- ranges ("1-2 个", "3—5所", "6.5%—7%", "3至5所"), ratios ("11∶45∶44");
- "多"/"余" after the number ("400 多家"), the comparator written after ("以上", "以内", "左右").
It skips what is not a quantity: years and dates, ranks ("第二", "十强"), codes and names ("G322",
"4G", "“135”园区", "321 工程"), specifications written before a noun ("110 千伏变电站",
"1000KV 变压器", "2000 吨级航道", "5 岁以下儿童").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guihua.extraction.lexicons import lexicon
from guihua.extraction.words import is_boundary

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}

_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = r"(?:[零〇一二两三四五六七八九十百千]{2,}|[一二两三四五六七八九十])(?:点[零〇一二三四五六七八九]+)?"
_RANGE_SEP = r"[-—–~～至到]{1,2}"
_NUMBER = re.compile(
    rf"(?P<frac>(?P<den>{_CN}|{_AR})分之(?P<numr>{_CN}|{_AR}))"
    rf"|(?P<pct>百分之(?P<pnum>{_CN}|{_AR}))"
    rf"|(?P<fan>翻(?P<fnum>[一二两三四\d])?番|倍增(?=[，,；;。！？!?、]|$))"
    rf"|(?P<zero>零增长|零(?!容忍|距离|门槛|接触|障碍|时差|等待|跑腿|部件|售)[\u4e00-\u9fff]{{2}}(?=[，,；;。！？!?、]|$))"
    rf"|(?P<ar>{_AR})"
    rf"|(?P<cn>{_CN})"
)
_RATIO = re.compile(rf"{_AR}(?:[:∶：]{_AR}){{2,}}")
_YEAR_AFTER = re.compile(r"(?:年|年度|年底|年末|年初|年前|年以前|年之前|年后)")
_DATE_UNIT = re.compile(r"[月日号时]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_CLAUSE_END = frozenset("，,；;。！？!?、")


def parse_chinese_number(s: str) -> float | None:
    """"三十五" -> 35, "一千二百" -> 1200, "两" -> 2, "二〇二〇" -> 2020; None if not a number."""
    if not s:
        return None
    if "点" in s:  # "五点八" -> 5.8: the digits after 点 are read one by one
        whole, _, frac = s.partition("点")
        w = parse_chinese_number(whole)
        if w is None or not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return float(f"{int(w)}." + "".join(str(CN_DIGITS[c]) for c in frac))
    if all(c in CN_DIGITS for c in s) and len(s) > 1:  # digit by digit: 二〇二〇
        return float(int("".join(str(CN_DIGITS[c]) for c in s)))
    total, section, digit = 0, 0, None
    for c in s:
        if c in ("零", "〇"):
            continue
        if c in CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row inside a positional numeral
            digit = CN_DIGITS[c]
        elif c in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[c]
            digit = None
        elif c in CN_BIG:
            section += digit or 0
            total += section * CN_BIG[c]
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))


def parse_number(s: str) -> float | None:
    if re.fullmatch(_AR, s):
        return float(s.replace(",", ""))
    return parse_chinese_number(s)


@dataclass
class Quantity:
    start: int  # span of the whole quantity (number, unit, written comparator) in the text
    end: int
    num_start: int
    value: float | None
    unit: str | None = None
    unit_category: str | None = None
    value_max: float | None = None
    values: list[float] | None = None
    post: str | None = None  # comparator word written after ("以上", "左右", "多")
    post_comparator: str | None = None
    form: str = "arabic"  # arabic | chinese | fraction | percent_words | fan | ratio
    notes: list[str] = field(default_factory=list)

    @property
    def is_count(self) -> bool:
        return self.unit_category in ("count", "people")


def _match_unit(text: str, i: int) -> tuple[str, str] | None:
    lex = lexicon()
    for n in range(min(6, len(text) - i), 0, -1):
        cand = text[i:i + n]
        if cand in lex.spec_units:
            return cand, lex.units.get(cand, "spec")
        if cand in lex.units:
            return cand, lex.units[cand]
    return None


# measure words a Chinese numeral may count ("一所", "两个", "三处"); others ("一批", "零部件",
# "三口桥") are words, not numbers
_CN_MEASURES = frozenset("个所家座处名项件套户场条张台辆艘架种支万倍人亩")


def _match_post(text: str, i: int) -> tuple[str, str] | None:
    post = lexicon().comparators_post
    for n in (3, 2, 1):
        cand = text[i:i + n]
        if cand in post:
            return cand, post[cand]
    return None


def _is_year(text: str, m: re.Match[str]) -> bool:
    s = m.group()
    after = text[m.end():m.end() + 6]
    if re.fullmatch(r"(1[89]|20|21)\d\d", s):
        if _YEAR_AFTER.match(after) or re.match(r"[-—–~～至到]{1,2}(1[89]|20|21)\d\d", after):
            return True
        if m.start() > 0 and text[m.start() - 1] in "-—–~～至到" and re.search(
                r"(1[89]|20|21)\d\d[-—–~～至到]{1,2}$", text[max(0, m.start() - 6):m.start()]):
            return True
        if (after[:1] and after[:1] in ")）") or text[m.start() - 1:m.start()] in ("(", "（"):
            return True
    return False


def _skip_before(text: str, start: int) -> bool:
    """Codes, ranks and names recognisable from what precedes the number."""
    if start == 0:
        return False
    prev = text[start - 1]
    return bool(_LATIN.match(prev)) or prev in "第前№#."


def scan(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity in text[start:end], in order."""
    end = len(text) if end is None else end
    out: list[Quantity] = []
    i = start
    while i < end:
        rm = _RATIO.match(text, i) if text[i].isdigit() else None
        if rm and rm.end() <= end and (i == 0 or not text[i - 1].isdigit()):
            parts = [float(x) for x in re.split(r"[:∶：]", rm.group())]
            q = Quantity(i, rm.end(), i, parts[0], unit="比例", unit_category="ratio", values=parts,
                         form="ratio")
            out.append(q)
            i = rm.end()
            continue
        m = _NUMBER.match(text, i)
        if not m or m.end() > end:
            i += 1
            continue
        q2 = _read(text, m, end)
        if q2 is None:
            i = m.end()
            continue
        out.append(q2)
        i = q2.end
    return out


def _read(text: str, m: re.Match[str], end: int) -> Quantity | None:
    """The quantity starting with number match `m`, or None when it is not one."""
    s0 = m.start()
    if m.group("fan"):
        n = m.group("fnum")
        times = 2 ** int(parse_number(n) or 1) if n else 2
        return Quantity(s0, m.end(), s0, float(times), unit="倍", unit_category="times", form="fan")
    if m.group("zero") == "零增长":
        return Quantity(s0, m.end(), s0, 0.0, unit="%", unit_category="percent", form="zero_growth")
    if m.group("zero"):
        # "原生生活垃圾零填埋", "安全生产零事故": none at all; the word after 零 is what is counted
        # (not "清零目标": there 零 ends the word 清零)
        if s0 > 0 and not is_boundary(text[max(0, s0 - 6):m.end()], s0 - max(0, s0 - 6)):
            return None
        return Quantity(s0, m.end(), s0, 0.0, form="zero", notes=[m.group()[1:]])
    if m.group("frac"):
        den, num = parse_number(m.group("den")), parse_number(m.group("numr"))
        if not den or num is None:
            return None
        return Quantity(s0, m.end(), s0, round(num / den, 4), unit="分之", unit_category="fraction",
                        form="fraction")
    if m.group("pct"):
        v = parse_number(m.group("pnum"))
        if v is None:
            return None
        q = Quantity(s0, m.end(), s0, v, unit="%", unit_category="percent", form="percent_words")
        _read_post(text, q, end)
        return q
    chinese = m.group("cn") is not None
    if not chinese and (_is_year(text, m) or _skip_before(text, s0)):
        return None
    if chinese and s0 > 0 and text[s0 - 1] in "第每":
        return None
    value = parse_number(m.group())
    if value is None:
        return None
    j = m.end()
    q = Quantity(s0, j, s0, value, form="chinese" if chinese else "arabic")
    if text.startswith(("多", "余"), j) and _match_unit(text, j + 1):
        q.post, q.post_comparator = text[j], ">="
        j += 1
    unit = _match_unit(text, j)
    if chinese:
        if text.startswith("大", j) and j + 1 < end and _CJK.match(text[j + 1]):
            unit = ("个", "count")
            q.notes.append("大")
            q.end = j + 1
        elif unit is None and (cr := re.compile(rf"[至到\-—~～]({_CN})").match(text, j)):
            # "三至五所": a range written in Chinese numerals
            hi = parse_chinese_number(cr.group(1))
            after_unit = _match_unit(text, cr.end())
            if hi is None or hi <= value or after_unit is None or after_unit[0][-1] not in _CN_MEASURES:
                return None
            q.value_max, q.unit, q.unit_category = hi, after_unit[0], after_unit[1]
            q.end = cr.end() + len(after_unit[0])
            _read_post(text, q, end)
            return q
        elif unit is None or unit[0][-1] not in _CN_MEASURES or m.group() in ("零", "〇"):
            return None
    elif unit is None and text.startswith("大", j) and j + 1 < end and _CJK.match(text[j + 1]):
        unit = ("个", "count")
        q.notes.append("大")
        q.end = j + 1
    if unit and unit[1] == "bare" and text.startswith(("余", "多"), j + len(unit[0])):
        rest = _match_unit(text, j + len(unit[0]) + 1)  # "1.2万余人", "300多万元"
        if rest and rest[1] != "bare":
            q.post, q.post_comparator = text[j + len(unit[0])], ">="
            unit = (unit[0] + rest[0], rest[1])
            j += 1
    if unit and "大" not in q.notes:
        q.unit, q.unit_category = unit
        j += len(unit[0])
        q.end = j
    elif unit:
        q.unit, q.unit_category = unit
        j = q.end
    # a range: "1-2 个", "6.5%—7%", "3至5所"
    rm = re.compile(rf"{_RANGE_SEP}({_AR}|{_CN})").match(text, j if q.unit else q.end)
    if rm is None and q.unit and q.unit_category in ("percent",):
        rm = None
    if rm is None and q.unit and not chinese:
        rm2 = re.compile(rf"{_RANGE_SEP}({_AR})").match(text, m.end())
        if rm2 and _match_unit(text, rm2.end()) and _match_unit(text, rm2.end())[0] == q.unit:  # type: ignore[index]
            hi = parse_number(rm2.group(1))
            if hi is not None and hi > value:
                q.value_max = hi
                q.end = rm2.end() + len(q.unit)
                j = q.end
    elif rm is not None:
        hi = parse_number(rm.group(1))
        after_unit = _match_unit(text, rm.end())
        if hi is not None and hi > value and not (rm.group(1).isdigit() and _is_year(text, rm)):
            if q.unit is None and after_unit:
                q.unit, q.unit_category = after_unit
                q.value_max, q.end = hi, rm.end() + len(after_unit[0])
                j = q.end
            elif q.unit and (after_unit is None or after_unit[0] == q.unit):
                q.value_max = hi
                q.end = rm.end() + (len(after_unit[0]) if after_unit else 0)
                j = q.end
    if q.unit is None:
        # a bare number: only where a value can stand alone (end of clause or a comparator follows)
        nxt = text[j:j + 1]
        if nxt and (_CJK.match(nxt) and not _match_post(text, j)) or nxt in ("、", "”", "\"", "(", "（", "-"):
            return None
        if nxt in (".",) or _LATIN.match(nxt or " "):
            return None
        if value >= 100 and value == int(value) and not _match_post(text, j):
            prev = text[max(0, s0 - 2):s0]
            if not re.search(r"(达到|达|超过|突破|提高到|为|在)$", prev):
                return None
    if q.unit and _DATE_UNIT.match(q.unit):
        return None
    nxt = text[j:j + 1]
    if _LATIN.match(nxt):
        return None  # "4G", "1000KV"
    if q.unit is None and _DATE_UNIT.match(nxt):
        return None
    if text.startswith(("强", "名以内", "位"), j) and q.unit is None:
        return None
    # a project's capacity ("年产 5 万吨", "日处理 10 万吨") describes the project, not a target
    if re.search(r"(年产|年处理|日处理|年加工|年吞吐|日供|年发电)$", text[max(0, s0 - 4):s0]):
        return None
    _read_post(text, q, end)
    after = text[q.end:q.end + 1]
    if text[max(0, s0 - 2):s0] == "装机" and (not after or after not in _CLAUSE_END):
        # "装机100万千瓦的光伏电站": a plant's capacity; "新增风电装机300万千瓦以上；" is a target
        return None
    # a specification written before a noun: "110千伏变电站", "5岁以下儿童", "2000吨级航道"
    if q.unit in lexicon().spec_units and after and _CJK.match(after) and after not in "的":
        return None
    if text.startswith("级", j) or text.startswith("级", q.end):
        return None
    if q.unit_category == "years" and after and _CJK.match(after) and not text.startswith("的", q.end):
        return None
    # inside quotes with no unit: a name ("“135”园区", "“96121”")
    if q.unit is None and ((s0 > 0 and text[s0 - 1] in "“\"'‘《") or (after and after in "”\"'’》")):
        return None
    return q


def _read_post(text: str, q: Quantity, end: int) -> None:
    pm = _match_post(text, q.end)
    if pm and q.end + len(pm[0]) <= end:
        word, comp = pm
        if word in ("多", "余") and q.post:
            return
        if word in ("多", "余"):
            # "多" after the unit ("30万人多") is rare; before a noun it is an adjective
            nxt = text[q.end + 1:q.end + 2]
            if _CJK.match(nxt):
                return
        q.post, q.post_comparator = word, comp
        q.end += len(word)
