"""Which project of a plan's library a name from another document (a later year's work report)
means: "怀邵衡铁路建成通车" -> the plan's 怀邵衡铁路. Pure functions; the store keeps the proposals.

A match always comes with a confidence and a reason a person can check, never as a silent merge:

- 0.95 the full names are the same (normalised: NFKC, no spaces or quote marks);
- 0.85 they are the same once the places the gazetteer knows are left out ("龙口灌区" in a report,
  "衡阳县龙口灌区" in the plan), unless the two name different counties;
- 0.70 one name holds the other, the shorter at least three characters and 60 % of the longer
  ("市博物馆新馆" and "市博物馆"), unless they name different counties or different kinds of
  facility ("东洲岛" and "东洲岛大桥").

When another project of the library is as close, the confidence is lowered and the reason says so.
Names below 0.5 have no match: the report names a project the plan does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from guihua.extraction.links import project_key
from guihua.extraction.project_lexicon import project_lexicon
from guihua.gazetteer import Gazetteer

SAME = 0.95
SAME_WITHOUT_PLACE = 0.85
CONTAINS = 0.70
THRESHOLD = 0.5
AMBIGUOUS = 0.6  # factor when another project is as close
_ADMIN = ("全市", "全县", "全区", "市", "县", "区", "省")


@dataclass(frozen=True)
class LibraryEntry:
    project_id: int
    names: tuple[str, ...]  # the project's name, full name and the names of its mentions


@dataclass(frozen=True)
class Match:
    project_id: int
    confidence: float
    reason: str  # in Chinese, for the reviewer


def _core(name: str, gaz: Gazetteer | None) -> str:
    """The name without leading places and administrative levels ("衡阳县龙口灌区" -> 龙口灌区)."""
    changed = True
    while changed:
        changed = False
        place = gaz.prefix(name) if gaz is not None else None
        if place is not None and len(name) - place.end >= 2:
            name, changed = name[place.end:], True
            continue
        for a in _ADMIN:
            if name.startswith(a) and len(name) - len(a) >= 3:
                name, changed = name[len(a):], True
                break
    return name


def _counties(name: str, gaz: Gazetteer | None) -> set[str]:
    if gaz is None:
        return set()
    return {m.place.county for m in gaz.find(name) if m.place.kind in ("county", "town", "park")}


def _score(a: str, b: str, gaz: Gazetteer | None) -> tuple[float, str]:
    if a == b:
        return SAME, f"名称相同（{a}）"
    ca, cb = _counties(a, gaz), _counties(b, gaz)
    if ca and cb and not ca & cb:
        return 0.0, ""  # the same kind of facility in two different counties
    core_a, core_b = _core(a, gaz), _core(b, gaz)
    if core_a == core_b and len(core_a) >= 3:
        return SAME_WITHOUT_PLACE, f"去掉地名后名称相同（{a} / {b}）"
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and short in long_ and len(short) >= 0.6 * len(long_) and _same_kind(short, long_):
        return CONTAINS, f"名称包含（{short} ⊂ {long_}）"
    return 0.0, ""


def _same_kind(short: str, long_: str) -> bool:
    """"市博物馆" and "市博物馆新馆" are one kind of facility; "东洲岛" and "东洲岛大桥" are not."""
    lex = project_lexicon()
    hs, hl = lex.head_of(short), lex.head_of(long_)
    return hs is None or hl is None or hs.endswith(hl) or hl.endswith(hs)


def match_project(names: Sequence[str | None], library: Sequence[LibraryEntry],
                  gaz: Gazetteer | None = None) -> Match | None:
    """The library project `names` (a mention's name and full name) most likely means, else None."""
    mine = [k for k in dict.fromkeys(project_key(n) for n in names if n) if k]
    scored: list[tuple[float, str, int]] = []
    for entry in library:
        theirs = [k for k in dict.fromkeys(project_key(n) for n in entry.names if n) if k]
        best = max(((*_score(a, b, gaz),) for a in mine for b in theirs), default=(0.0, ""))
        if best[0] >= THRESHOLD:
            scored.append((best[0], best[1], entry.project_id))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], s[2]))
    top, reason, pid = scored[0]
    rivals = [s for s in scored[1:] if s[0] >= top]
    if rivals:
        return Match(pid, round(top * AMBIGUOUS, 2), f"{reason}；另有 {len(rivals)} 个同样相近的项目，请核对")
    return Match(pid, top, reason)
