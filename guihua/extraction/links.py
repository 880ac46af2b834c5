"""Which targets a project serves: suggestions a person confirms or removes.

A project is suggested for an indicator stated in the same 专栏 box (or, for projects outside boxes,
the same article) when the two share a term: a two-character word of the project's name or
category that the indicator's name also holds ("供水供气" -> 城市供水普及率), or a term the
facility's head word serves (lexicon/project_link_terms.tsv: 水厂 -> 供水, 学校 -> 学位). Words
every plan uses everywhere (城市, 建设, 发展 ...) do not count. Pure functions; the store keeps the
suggestions (guihua.store.projects_repo).

`project_key(name)` is the normalised full name the project library groups mentions by.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_TERMS_FILE = Path(__file__).resolve().parent / "lexicon" / "project_link_terms.tsv"
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_NOISE = re.compile(r"[\s“”\"'‘’《》〈〉]+")
# two-character words too common in plans to tie a project to an indicator
_STOP = frozenset((
    "城市", "城镇", "全市", "建设", "发展", "工程", "项目", "中心", "服务", "设施", "提升", "改造", "重点", "综合",
    "体系", "水平", "现代", "推进", "新建", "质量", "比重", "增长", "总量", "面积", "能力", "产业", "公共", "基础",
    "达到", "以上", "处理", "利用", "实施", "加快", "以下", "年均", "规模", "主要", "农村", "地区", "区域", "生态", "管理", "一期", "二期", "三期",
))


def project_key(name: str) -> str:
    """The normalised full name: NFKC, no spaces or quotes (mentions with equal keys are one project)."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", name or "")).strip()


@lru_cache(maxsize=1)
def _serves() -> tuple[tuple[str, tuple[str, ...]], ...]:
    out: list[tuple[str, tuple[str, ...]]] = []
    for line in _TERMS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, _, terms = line.partition("\t")
        out.append((head.strip(), tuple(t.strip() for t in terms.split(",") if t.strip())))
    # longest head first, so 污水处理厂 wins over 水厂 for "污水处理厂"
    return tuple(sorted(out, key=lambda p: -len(p[0])))


def _bigrams(text: str) -> set[str]:
    out: set[str] = set()
    for run in _CJK.findall(text or ""):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out - _STOP


@dataclass(frozen=True)
class ProjectRef:
    ref: int  # the caller's id for the project
    name: str  # full name
    category: str | None
    box: int | None
    article: int | None


@dataclass(frozen=True)
class IndicatorRef:
    ref: int  # the caller's id for the indicator
    name: str
    box: int | None  # where the plan states it (a statement's 专栏 box or article)
    article: int | None


@dataclass(frozen=True)
class LinkSuggestion:
    project: int
    indicator: int
    score: float  # number of shared terms
    reason: str  # Chinese: where and which terms


def served_terms(name: str, category: str | None = None) -> list[str]:
    """Terms the facility serves, from the head words in its name (else in its category), longest
    head first; no duplicates."""
    for text in (name, category or ""):
        out: list[str] = []
        taken = ""
        for head, terms in _serves():
            if head in text and head not in taken:
                taken += head
                out.extend(t for t in terms if t not in out)
        if out:
            return out
    return []


def _common_words(a: str, b: str) -> list[str]:
    """Maximal common CJK substrings (2+ characters) of a and b that are not just stop words."""
    found: set[str] = set()
    for run in _CJK.findall(a or ""):
        n = len(run)
        i = 0
        while i < n - 1:
            j = i + 2
            if run[i:j] not in b:
                i += 1
                continue
            while j < n and run[i:j + 1] in b:
                j += 1
            found.add(run[i:j])
            i = j - 1 if j - i > 2 else i + 1
    words = sorted(found, key=lambda w: (-len(w), w))
    out: list[str] = []
    for w in words:
        if any(w in o for o in out) or not (_bigrams(w)):
            continue
        out.append(w)
    return out


def shared_terms(project: ProjectRef, indicator_name: str) -> list[str]:
    """Terms of the project found in the indicator's name (served terms first, then shared words)."""
    served = served_terms(project.name, project.category)
    found: list[str] = []
    for term in sorted((t for t in served if t in indicator_name), key=len, reverse=True):
        if not any(term in f for f in found):
            found.append(term)
    sources = [project.name]
    if served and not served_terms(project.name):
        sources.append(project.category or "")  # a category naming what it serves ("供水供气")
    for src in sources:
        found.extend(w for w in _common_words(src, indicator_name) if not any(w in f or f in w for f in found))
    return found


def suggest_links(projects: Sequence[ProjectRef], indicators: Sequence[IndicatorRef]) -> list[LinkSuggestion]:
    """Suggested (project, indicator) links, each pair once, in project then indicator order."""
    by_box: dict[int, list[IndicatorRef]] = {}
    by_article: dict[int, list[IndicatorRef]] = {}
    for ind in indicators:
        if ind.box is not None:
            by_box.setdefault(ind.box, []).append(ind)
        if ind.article is not None:
            by_article.setdefault(ind.article, []).append(ind)
    out: list[LinkSuggestion] = []
    seen: set[tuple[int, int]] = set()
    for p in projects:
        if p.box is not None:
            pool, where = by_box.get(p.box, []), f"同在专栏 {p.box}"
        elif p.article is not None:
            pool, where = by_article.get(p.article, []), f"同在第 {p.article} 条"
        else:
            continue
        for ind in pool:
            if (p.ref, ind.ref) in seen:
                continue
            terms = shared_terms(p, ind.name)
            if terms:
                seen.add((p.ref, ind.ref))
                out.append(LinkSuggestion(p.ref, ind.ref, float(len(terms)),
                                          f"{where}，共有词：{'、'.join(terms)}"))
    return out


def place_of(section: str | None) -> tuple[int | None, int | None]:
    """(box, article) from a statement's section ("box:22", "art:5")."""
    if not section:
        return None, None
    kind, _, num = section.partition(":")
    if not num.isdigit():
        return None, None
    return (int(num), None) if kind == "box" else (None, int(num)) if kind == "art" else (None, None)
