"""Lists sharing one predicate: "A、B分别达到 x、y", "A和B均超过 x", "城、乡居民人均收入分别…".

`list_groups` joins quantities written as a list; `distribute` gives each member its name,
expanding contracted coordination (lexicon/contractions.tsv: 存贷款 -> 存款/贷款) and parallel
modifiers sharing one head (lexicon/parallel_modifiers.tsv: 城镇和农村居民… ).
"""

from __future__ import annotations

import re
from functools import lru_cache

from guihua.extraction.indicators import LEVEL_HEADS as _LEVEL_HEADS
from guihua.extraction.lexicons import LEXICON_DIR
from guihua.extraction.quantities import Quantity
from guihua.extraction.words import words


def list_groups(text: str, qs: list[Quantity]) -> list[list[Quantity]]:
    """Consecutive quantities written as a list sharing one predicate ("分别达到 72%和 85.6%")."""
    groups: list[list[Quantity]] = []
    for q in qs:
        if groups:
            last = groups[-1][-1]
            between = text[last.end:q.start]
            if between in ("、", "和", "及", "与") or (between in ("，", ",") and last.unit == q.unit):
                groups[-1].append(q)
                continue
        groups.append([q])
    return groups


def distribute(name: str, pred: str, n: int) -> list[list[str]] | None:
    """Names for each member of a list: "A、B分别 x、y" -> [[A], [B]]; "A和B均 x" -> [[A, B]]."""
    items = [x for x in re.split(r"[、]|和|及|与", name) if x]
    if len(items) < 2:
        if "分别" in pred:
            for word, parts in _contractions().items():
                if word in name and len(parts) == n:
                    return [[name.replace(word, p, 1)] for p in parts]
                if word in name and n == 1:
                    # "城乡居民人均可支配收入分别增长7.5%": each of the two grew 7.5%
                    return [[name.replace(word, p, 1) for p in parts]]
        return None
    written = items
    items = _complete_items(items)
    if "分别" in pred and len(items) == n:
        return [[x] for x in items]
    if re.search(r"(?<![年平])均|各|都", pred) and n == 1:
        return [items]  # "A和B均超过60%", "A和B各达到4000万人": one value for each
    if "分别" in pred and n == 1:
        return [items[:1]]
    if n == 1 and "、" in name and items != written and all(len(x) <= 4 for x in written[:-1]) \
            and not re.search(r"(?<![年平])均|各|都|分别|合计|总", pred) and "总" not in written[-1]:
        # (a total, "煤炭、石油消费总量", may be the two together: left as one)
        # "化肥、农药使用量保持零增长": short modifiers listed before one head, one value for each
        return [items]
    if n == 1 and len(written) == 2 and all(len(x) >= 4 and _LEVEL_HEADS.search(x) for x in written) \
            and not re.search("[、]", name):
        # "城镇居民人均可支配收入和农村居民人均纯收入年均增长5%": two whole names, one value
        return [items]
    return None


@lru_cache(maxsize=1)
def _contractions() -> dict[str, list[str]]:
    out = {}
    for line in (LEXICON_DIR / "contractions.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cells = line.split("\t")
            out[cells[0]] = cells[1:]
    return out


@lru_cache(maxsize=1)
def _parallel() -> dict[str, str]:
    out = {}
    for line in (LEXICON_DIR / "parallel_modifiers.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b = line.split("\t")[:2]
            out[a] = b
    return out


_ABBREV = {"城": "城镇", "乡": "农村"}
_ORDINAL = re.compile(r"第?([一二三四五六七八九十])")
_ORDINAL_HEAD = re.compile(r"第?([一二三四五六七八九十])(?=[\u4e00-\u9fff]{2})")


def _complete_items(items: list[str]) -> list[str]:
    """"城镇和农村居民人均可支配收入", "城、乡居民人均收入", "铁路、高速公路通车里程": a short first
    item shares the head of the last one."""
    last = items[-1]
    if all(len(x) == 1 and x in _ABBREV for x in items[:-1]) and last[:1] in _ABBREV:
        return [_ABBREV[x[:1]] + last[1:] for x in items]
    ordinals = [_ORDINAL.fullmatch(x) for x in items[:-1]]
    lm = _ORDINAL_HEAD.match(last)
    if lm and all(ordinals):
        # "第一、二、三产业增加值…": each ordinal takes the head of the last item
        rest = last[lm.end():]
        return [f"第{m.group(1)}{rest}" for m in ordinals if m] + [f"第{lm.group(1)}{rest}"]
    out = []
    for it in items[:-1]:
        partner = _parallel().get(it)
        first_word = (words(last) or ("",))[0]
        if partner and last.startswith(partner) and len(last) > len(partner):
            it = it + last[len(partner):]
        elif len(it) <= 4 and len(first_word) == len(it) and len(last) - len(first_word) >= 2 and \
                _LEVEL_HEADS.search(last[len(first_word):]) and it != first_word and \
                not last[len(first_word):].startswith(("等", "的")):
            # "化肥、农药使用量": the short item stands where the last one's first word does and
            # takes the rest of it (the segmenter's word, never a cut inside one)
            it = it + last[len(first_word):]
        elif len(it) <= 2 < len(last):
            head = next((h for h in ("通车里程", "里程", "人均收入", "收入", "余额", "面积", "总额")
                         if last.endswith(h)), "")
            m = _LEVEL_HEADS.search(last)
            if head or m:
                it = it + (head or (m.group() if m else ""))
        out.append(it)
    out.append(last)
    return out
