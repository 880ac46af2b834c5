"""Which of the plan's indicators a published name is: exact match, else ranked suggestions.

`IndicatorMatcher.find(name)` matches the indicator's key, name or an alias exactly (after
full-width normalisation and without spaces, and again without a trailing unit in brackets:
"地区生产总值（亿元）"). Anything else is for a person to confirm: `suggest(name, unit)` ranks
candidates by

1. the same indicator key (guihua.extraction.indicators.indicator_key: GDP / 经济总量 / 地区生产总值);
2. similarity of the names compared word by word (edit distance over the words of a real
   segmenter, guihua.extraction.words; the words shared in any order) and character by
   character, after dropping what is not the
   indicator: the whole area ("全市"), a time of reading ("年末", "全年"), bracketed remarks and a
   growth suffix ("增速", "增长率": rules of Chinese statistical naming);
3. the unit: a candidate whose unit has the same dimension as the published one ranks higher, one
   of another dimension lower (for level values only: a growth rate is a % of anything).

A confirmed suggestion is remembered as an alias of the indicator (audited), so the next import of
the same table matches exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from guihua.store import units
from guihua.store.records import IndicatorInfo
from guihua.store.tables_in import normalize, split_name_unit

MIN_SCORE = 0.3
SUGGESTIONS = 5
PRESELECT_SCORE = 0.6  # a suggestion this close is offered pre-selected (a person still confirms it)
KEEP_SHARE = 0.7  # a candidate scoring under this share of the best one is not shown
_TIME_WORDS = ("年末", "年底", "年初", "全年", "年内", "当年", "期末")
_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_PERIOD_GROWTH = re.compile(r"(年均增速|年均增长率|年均增长|年均增幅|平均增速|平均增长)$")
_GROWTH = re.compile(r"(增速|增长率|增长速度|增幅|增长)$")


@dataclass(frozen=True)
class Candidate:
    indicator: IndicatorInfo
    score: float
    reason: str  # 同一指标键 / 名称相近

    @property
    def label(self) -> str:
        """"粮食综合生产能力（万吨）": the name and its unit, as a person picks it."""
        return f"{self.indicator.name}（{self.indicator.unit}）" if self.indicator.unit else self.indicator.name


def compact(name: str) -> str:
    return re.sub(r"\s+", "", normalize(name or ""))


def measure_hint(name: str) -> str | None:
    """"growth" when a published name is a growth rate ("地区生产总值增速", "…年均增长(十三五)")."""
    core = _BRACKETS.sub("", compact(name))
    if _PERIOD_GROWTH.search(core) or (_GROWTH.search(core) and _GROWTH.search(core).start() > 0):  # type: ignore[union-attr]
        return "growth"
    return None


def core_name(name: str) -> str:
    """The indicator a published name is about: no area, time of reading, remarks or growth suffix."""
    from guihua.extraction.lexicons import lexicon

    n = _BRACKETS.sub("", compact(name))
    changed = True
    while changed:
        changed = False
        for w in (*lexicon().wholes, *_TIME_WORDS):
            if n.startswith(w) and len(n) > len(w) + 1:
                n = n[len(w):]
                changed = True
    for pattern in (_PERIOD_GROWTH, _GROWTH):
        m = pattern.search(n)
        if m and m.start() >= 2:
            n = n[:m.start()]
            break
    return n


def _lev(a: Sequence[str], b: Sequence[str]) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        cur = [i]
        for j, y in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def similarity(a: str, b: str) -> float:
    """0..1: the best of word-level and character-level edit similarity of two names, of the words
    they share whatever their order ("生猪出栏" / "出栏生猪", a little lower), and of one name
    written inside the other ("全体居民人均可支配收入" / "居民人均可支配收入")."""
    return _Name(a).similarity(_Name(b))


class _Name:
    """A name ready for comparison: its characters and words (as multisets) computed once."""

    __slots__ = ("text", "words", "chars", "word_set")

    def __init__(self, text: str) -> None:
        from guihua.extraction.words import words

        self.text = text
        self.words = words(text) if text else ()
        self.chars = Counter(text)
        self.word_set = frozenset(self.words)

    def bound(self, other: _Name) -> float:
        """An upper bound of `similarity` from what the names share (an edit distance is at least the
        longer length less the common items), so most pairs need no edit distance at all."""
        a, b = self, other
        if not a.text or not b.text:
            return 0.0
        common_chars = sum((a.chars & b.chars).values())
        shared = len(a.word_set & b.word_set)
        common_words = sum((Counter(a.words) & Counter(b.words)).values()) if shared else 0
        dice = 2 * shared / (len(a.word_set) + len(b.word_set))
        return max(common_chars / max(len(a.text), len(b.text)), common_words / max(len(a.words), len(b.words)),
                   0.9 * dice, a._within(b))

    def _within(self, other: _Name) -> float:
        short, long_ = sorted((self.text, other.text), key=len)
        return 0.6 + 0.4 * len(short) / len(long_) if len(short) >= 3 and short in long_ else 0.0

    def similarity(self, other: _Name) -> float:
        a, b = self, other
        if not a.text or not b.text:
            return 0.0
        if a.text == b.text:
            return 1.0
        sw = 1 - _lev(a.words, b.words) / max(len(a.words), len(b.words))
        sc = 1 - _lev(a.text, b.text) / max(len(a.text), len(b.text))
        dice = 2 * len(a.word_set & b.word_set) / (len(a.word_set) + len(b.word_set))
        return max(sw, sc, 0.9 * dice, a._within(b))


@dataclass(frozen=True)
class _Entry:
    ind: IndicatorInfo
    names: tuple[_Name, ...]  # the core of its name and of its key
    keys: frozenset[str]  # its key and the synonym key of its core name
    dims: frozenset[str]  # dimensions of its units


class IndicatorMatcher:
    """The plan's indicators by key, name and alias, with ranked suggestions for other names."""

    def __init__(self, indicators: Iterable[IndicatorInfo], plan_units: Mapping[int, list[str]] | None = None) -> None:
        from guihua.extraction.indicators import indicator_key

        self.indicators = list(indicators)
        self.plan_units = plan_units or {}
        self._exact: dict[str, IndicatorInfo] = {}
        for pick in ("key", "name", "aliases"):
            for ind in self.indicators:
                names = ind.aliases if pick == "aliases" else [getattr(ind, pick)]
                for n in names:
                    self._exact.setdefault(n.strip(), ind)
                    self._exact.setdefault(compact(n), ind)
        self._entries: list[_Entry] = []
        for ind in self.indicators:
            cores = dict.fromkeys((core_name(ind.name), core_name(ind.key)))
            self._entries.append(_Entry(ind, tuple(_Name(c) for c in cores),
                                        frozenset({ind.key, indicator_key(core_name(ind.name))}),
                                        frozenset(units.dimension(u) for u in self.units_of(ind))))
        self._memo: dict[tuple[str, str | None, str | None, int], list[Candidate]] = {}

    def find(self, name: str) -> IndicatorInfo | None:
        """Exact match of key, name or alias (as written, or without a trailing unit in brackets)."""
        for n in (name.strip(), compact(name), compact(split_name_unit(name)[0])):
            hit = self._exact.get(n)
            if hit is not None:
                return hit
        return None

    def units_of(self, ind: IndicatorInfo) -> list[str]:
        return [u for u in [ind.unit, *self.plan_units.get(ind.id, [])] if u]

    def suggest(self, name: str, unit: str | None = None, measure: str | None = None,
                limit: int = SUGGESTIONS) -> list[Candidate]:
        """Ranked candidates for a name that `find` does not know (best first, at most `limit`).

        Remembered per name, unit and measure: a table repeating a name costs one ranking."""
        memo_key = (name, unit, measure, limit)
        hit = self._memo.get(memo_key)
        if hit is None:
            hit = self._memo[memo_key] = self._suggest(name, unit, measure, limit)
        return list(hit)

    def _suggest(self, name: str, unit: str | None, measure: str | None, limit: int) -> list[Candidate]:
        from guihua.extraction.indicators import indicator_key

        bare, name_unit = split_name_unit(name)
        unit = unit or name_unit
        core = _Name(core_name(bare))
        key = indicator_key(core.text)
        is_growth = (measure or measure_hint(bare)) == "growth"
        dim = units.dimension(unit) if unit and not is_growth and units.clean(unit) else None
        out: list[Candidate] = []
        for e in self._entries:
            bonus = 0.0
            if dim is not None and e.dims:
                bonus = 0.1 if dim in e.dims else -0.2
            if key and key in e.keys:
                score, reason = 1.0, "同一指标键"
            else:
                if max(core.bound(n) for n in e.names) + bonus < MIN_SCORE:
                    continue  # cannot reach the threshold: no edit distance needed
                score, reason = max(core.similarity(n) for n in e.names), "名称相近"
            score += bonus
            if score >= MIN_SCORE:
                out.append(Candidate(e.ind, round(min(score, 1.0), 3), reason))
        out.sort(key=lambda c: (-c.score, c.indicator.id))
        if out:  # far below the best is noise
            out = [c for c in out if c.score >= out[0].score * KEEP_SHARE]
        return out[:limit]


def suggestion_text(name: str, candidates: Sequence[Candidate]) -> str:
    """未知指标“粮食总产量”，可能是：粮食综合生产能力（万吨）、粮食产量（万吨）"""
    if not candidates:
        return f"未知指标“{name}”（规划指标及别名中没有，也没有相近的指标）"
    return f"未知指标“{name}”，可能是：{'、'.join(c.label for c in candidates)}"
