"""The direction in which a target is met, from the words written around its number.

`comparator(pre_words, post, kind, indicator)`: `pre_words` are the predicate words stripped from
before the number ("达到", "控制在", "降至", "约"), `post` the comparator written after it
("以上", "以内", "左右"). GUIDELINE rules: no word -> ">="; 左右 alone -> "~"; 达到…左右 -> ">=";
控制在…左右 -> "<="; 保持在/稳定在…左右 -> "~" (held around the value); a reduction ("累计降低 17%") -> ">=" (at least that much); "零增长" and
quotas or harms (lexicon/lower_better.txt) with no word -> "<=".
"""

from __future__ import annotations

import re
from functools import lru_cache

from guihua.extraction.lexicons import LEXICON_DIR, lexicon


@lru_cache(maxsize=1)
def lower_better() -> tuple[str, ...]:
    words = []
    for line in (LEXICON_DIR / "lower_better.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.append(line.strip())
    return tuple(words)


_HOLD = re.compile(r"(?:稳定在|保持在|维持在)$")


def pre_comparator(words: str) -> str | None:
    """The direction named by the predicate words before a number (longest word wins, last first)."""
    pre = lexicon().comparators_pre
    best: tuple[int, int, str] | None = None
    for w, c in pre.items():
        i = words.rfind(w)
        if i >= 0:
            key = (i + len(w), len(w), c)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


def comparator(pre_words: str, post: str | None, kind: str, indicator: str, value: float | None) -> str:
    pre = pre_comparator(pre_words)
    if "力争" in pre_words and pre is None:
        pre = ">="
    if kind == "milestone":
        return ">="
    if post in (">=", "<="):
        return post
    if post == "~":
        if pre in (">=", "<=") and not _HOLD.search(pre_words):
            return pre
        return "~"  # "保持在3%左右", "稳定在…左右": held around the value, not a floor
    if pre:
        return pre
    if value == 0 and kind in ("growth", "level"):
        return "<="  # "零增长", "零填埋", "降至0": none at all is a ceiling
    if kind == "structure":
        return "~"
    if kind == "change" and any(w in pre_words for w in ("降低", "下降", "减少", "削减", "压减", "节约")):
        return ">="
    if kind in ("level", "cumulative") and any(w in indicator for w in lower_better()):
        return "<="
    return ">="
