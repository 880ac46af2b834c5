"""The project lexicons of `lexicon/` (verbs, work nouns, head nouns, generic words), read once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from guihua.extraction.lexicons import LEXICON_DIR

_PHASE_END = re.compile(r"[（(]?[一二三四五六七八九十\d]+期[）)]?$")


def _lines(name: str) -> list[str]:
    out = []
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.rstrip("\n"))
    return out


@lru_cache(maxsize=8)
def _as_set(words_: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words_)


@lru_cache(maxsize=8)
def _longest(words_: tuple[str, ...]) -> int:
    return max((len(w) for w in words_), default=0)


@dataclass(frozen=True)
class ProjectLexicon:
    verbs: dict[str, str]  # verb -> action
    light: frozenset[str]  # supporting verbs ("支持")
    firm: frozenset[str]  # verbs said only of concrete projects ("续建", "开工建设")
    soft: frozenset[str]  # verbs that yield to a stronger verb right after them ("加快建设")
    weak: frozenset[str]  # aspirational verbs ("打造…基地"): their objects need a proper part
    work_nouns: dict[str, str]  # trailing work noun -> action
    heads: tuple[str, ...]  # multi-character heads, longest first
    heads_1: frozenset[str]
    false_heads: tuple[str, ...]  # words ending in a head character that name no facility ("战线")
    generic_prefixes: tuple[str, ...]
    leads: tuple[str, ...]
    subjects: tuple[str, ...]
    generic_tails: frozenset[str]
    not_project_kinds: tuple[str, ...]  # a list tail naming one of these kinds names no projects ("商标")
    scopes: tuple[str, ...]  # longest first
    verb_re: re.Pattern[str]  # longest verb first
    work_re: re.Pattern[str]  # a work noun at the end of a name

    def head_of(self, name: str) -> str | None:
        """The head noun `name` ends with (longest known), or None; a phase ("二期") is skipped."""
        name = _PHASE_END.sub("", name)
        if name.endswith(self.false_heads):
            return None  # "战线", "香港", "集成电路"
        for k in range(min(len(name), _longest(self.heads)), 1, -1):
            if name[-k:] in _as_set(self.heads):
                return name[-k:]
        if name and name[-1] in self.heads_1 and len(name) >= 2:
            return name[-1]
        return None


@lru_cache(maxsize=1)
def project_lexicon() -> ProjectLexicon:
    verbs: dict[str, str] = {}
    light: set[str] = set()
    weak: set[str] = set()
    soft: set[str] = set()
    firm: set[str] = set()
    for line in _lines("project_verbs.tsv"):
        cols = line.split("\t")
        verbs[cols[0]] = cols[1]
        if len(cols) > 2 and cols[2] == "light":
            light.add(cols[0])
        if len(cols) > 2 and cols[2] == "weak":
            weak.add(cols[0])
        if len(cols) > 2 and cols[2] == "soft":
            soft.add(cols[0])
        if len(cols) > 2 and cols[2] == "firm":
            firm.add(cols[0])
    work = {c[0]: c[1] for c in (ln.split("\t") for ln in _lines("project_work_nouns.tsv"))}
    heads = tuple(sorted({ln.strip() for ln in [*_lines("project_heads.txt"), *_lines("project_event_heads.txt")]},
                         key=len, reverse=True))
    heads_1 = frozenset(ln.strip() for ln in _lines("project_heads_1.txt"))
    prefixes: list[str] = []
    tails: set[str] = set()
    scopes: list[str] = []
    leads: list[str] = []
    subjects: list[str] = []
    kinds: list[str] = []
    for ln in _lines("project_generic.txt"):
        kind, _, word = ln.partition(":")
        {"prefix": prefixes.append, "tail": tails.add, "scope": scopes.append,
         "lead": leads.append, "subject": subjects.append, "kind": kinds.append}[kind](word.strip())
    verb_alt = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    work_alt = "|".join(re.escape(w) for w in sorted(work, key=len, reverse=True))
    return ProjectLexicon(
        verbs=verbs, light=frozenset(light), weak=frozenset(weak), soft=frozenset(soft), firm=frozenset(firm), leads=tuple(leads),
        subjects=tuple(subjects), work_nouns=work, heads=heads, heads_1=heads_1,
        generic_prefixes=tuple(prefixes), generic_tails=frozenset(tails), not_project_kinds=tuple(kinds),
        false_heads=tuple(_lines("project_false_heads.txt")),
        scopes=tuple(sorted(scopes, key=len, reverse=True)),
        verb_re=re.compile(verb_alt), work_re=re.compile(f"(?:{work_alt})$"),
    )
