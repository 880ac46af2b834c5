"""Whether a name carries a proper part: the part that makes "海拉尔大数据中心" one definite facility
where "大数据中心" is only a kind of facility.

A proper part is any of: a quoted or book-titled name (“三山两河”, 《…》), digits or Latin letters
(“211工程”, G356), an ordinal or a phase (第五届, 首届, 一期), a route between two places (甲至乙), a place
of the plan's region (the gazetteer), or a word the segmenter's dictionary tags as a place, person,
brand or other proper noun (ns / nr / nz), or does not know at all (a word jieba's HMM put together
from characters: most such words in a plan are names, "美凯龙", "溪洛渡"). Words every plan uses that
jieba's dictionary happens to tag as names ("城市" ns, "智慧" nr) are listed in
lexicon/not_proper.txt; a person-name tag on a very frequent word is a tagging slip and ignored.

Why the dictionary's tags: they come with jieba (already our segmenter), cover every province's
places and the common brands without a per-region word list, and a new region needs no new data.
"""

from __future__ import annotations

import re
from functools import lru_cache

from guihua.extraction.lexicons import LEXICON_DIR
from guihua.extraction.words import in_dictionary, word_freq, words
from guihua.gazetteer import Gazetteer

_PROPER_TAGS = frozenset(("ns", "nr", "nrt", "nrfg", "nz"))
_PERSON_TAGS = frozenset(("nr", "nrt", "nrfg"))
_COMMON_PERSON_FREQ = 1000  # a word tagged as a person name this frequent is a common word ("友谊")
_COMMON_NOUN_ENDINGS = frozenset("院生园馆站所厂校员者家器")  # no person's name ends like a common noun
_COMMON_WORD_FREQ = 100  # a dictionary word this frequent is an everyday word, not a local place name
_QUOTED = re.compile(r"[“《「\"][^”》」\"]{2,}[”》」\"]")
_LATIN_DIGIT = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")
_ORDINAL = re.compile(r"(第[一二三四五六七八九十百\d]+[届期批]|首届|[一二三四五六七八九十\d]+期)")
_ROUTE = re.compile(r"[\u4e00-\u9fff]{2,}[至到—\-－][\u4e00-\u9fff]{2,}")
_CJK = re.compile(r"^[\u4e00-\u9fff]{2,}$")
# geographic generics that end a place name (山, 湖, 湾 …) and position words that open a description
_GEO = frozenset("山岭峰湖河江溪湾峡坪洲岛沟坝塘滩泉渡门垭坡冲铺寨堡屯庄洼")
_ADMIN = frozenset("市县区镇乡村")
_NOT_SPECIFIC = frozenset("沿滨环跨临近各全大小新老旧上下前后内外东西南北中")


_TAGGED = re.compile(r"^(\S+) (\d+) (ns|nr|nrt|nrfg|nz|v|vn|vd)$", re.M)


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[int, str]]:
    """The words of jieba's packaged dictionary tagged as names or verbs: word -> (frequency, tag).
    (Other words are known to the segmenter's own dictionary: `words.in_dictionary`.)"""
    import jieba

    with jieba.get_dict_file() as f:
        text = f.read().decode("utf-8")
    return {m.group(1): (int(m.group(2)), m.group(3)) for m in _TAGGED.finditer(text)}


@lru_cache(maxsize=1)
def _not_proper() -> frozenset[str]:
    out = set()
    for line in (LEXICON_DIR / "not_proper.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.add(line.strip())
    return frozenset(out)


def tag_of(word: str) -> str | None:
    """The tag jieba's dictionary gives `word` when it is a name or a verb ("ns", "v" …), else None."""
    entry = _dictionary().get(word)
    return entry[1] if entry else None


def proper_word(word: str) -> bool:
    """True for a word that names one place, person, firm or brand (see the module docstring)."""
    if len(word) < 2 or word in _not_proper() or all(ch in _GEO for ch in word):
        return False  # "河湖", "江河": geographic generics, no name
    entry = _dictionary().get(word)
    if entry is None and in_dictionary(word):
        return False  # a known word of another kind
    if entry is None or entry[0] == 0:
        # unknown to the dictionary: a name jieba's HMM put together ("美凯龙", "溪洛渡"); two characters
        # are as often a newer compound ("低碳", "非遗") or a split across words ("会及")
        return len(word) >= 3 and bool(_CJK.match(word))
    freq, tag = entry
    if tag in _PERSON_TAGS and (freq >= _COMMON_PERSON_FREQ or word[-1] in _COMMON_NOUN_ENDINGS):
        return False  # "友谊", "养老院", "小学生": common words the dictionary tags as person names
    return tag in _PROPER_TAGS


_LEADING = ("全国", "全省", "全市", "全区", "全县", "自治区", "国家", "省", "市", "县", "区", "中国", "我国", "我市", "我区")


def proper_words(name: str) -> list[str]:
    """The proper name a name opens with: its first word (after an administrative level: "全区",
    "市") when the dictionary tags it as a name, or a toponym (see `toponym`). A place or brand names
    a facility from the front ("长江水运主通道", "红星美凯龙主力店"); a word the dictionary tags as a
    name further in is more often a common word ("公路通达", "物联网")."""
    ws = [w for w in words(name) if w.strip("“”《》")]
    while len(ws) > 1 and ws[0] in _LEADING:
        ws = ws[1:]
    if not ws:
        return []
    if proper_word(ws[0]):
        return ws[:1]
    place = toponym(ws)
    return [place] if place else []


def toponym(ws: list[str] | tuple[str, ...]) -> str | None:
    """A place name made of a specific part and a geographic generic (专名 + 通名: 青石 + 湾, 石门,
    金沙坪) that opens the words `ws`, else None. Words of geographic generics only ("河湖") or
    opening with a position word ("沿河", "滨江", "环湖") are no names."""
    first = ws[0]
    cand = ""
    if first[-1:] in _GEO:
        cand = first
    elif len(ws) > 1 and (ws[1] in _GEO or (len(first) == 1 and ws[1][-1:] in _GEO)):
        cand = first + ws[1]  # "青石" + "湾", "金" + "沙坪"
    elif len(ws) > 1 and _admin_generic(first, ws[1]):
        cand = first + ws[1]  # "哈克" + "镇", "丰源" + "县", "岚" + "州市": a town, county or city
    if len(cand) < 2 or not _CJK.match(cand) or cand[0] in _NOT_SPECIFIC or all(ch in _GEO for ch in cand):
        return None
    if cand == first and word_freq(first) >= _COMMON_WORD_FREQ and not proper_word(first):
        return None  # a common word that happens to end like a place ("高峰", "沙滩")
    return None if cand in _not_proper() else cand


def _admin_generic(first: str, second: str) -> bool:
    """"哈克" + "镇": a rare word followed by an administrative generic (市县区镇乡村) written as a word
    of its own, or one character joined by the segmenter to the generic ("岚" + "州市"), names a place
    of that level. A common word before the generic ("中心" + "城区", "全" + "市") does not."""
    if not _CJK.match(first + second) or first[0] in _NOT_SPECIFIC or word_freq(first) >= _COMMON_WORD_FREQ:
        return False
    return second in _ADMIN or (len(first) == 1 and len(second) == 2 and second[-1] in _ADMIN
                                and second[0] not in _ADMIN)


def has_proper_part(name: str, gaz: Gazetteer | None = None) -> bool:
    """Whether `name` names one definite thing rather than a kind of thing."""
    if _QUOTED.search(name) or _LATIN_DIGIT.search(name) or _ORDINAL.search(name) or _ROUTE.search(name):
        return True
    if gaz is not None and gaz.find(name):
        return True
    return bool(proper_words(name.strip("“”《》")))
