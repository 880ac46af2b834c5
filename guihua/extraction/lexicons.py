"""Load the data files of `lexicon/` (units, comparators, verbs, scope words, indicator synonyms).

The lexicons are plain UTF-8 text files, one entry a line, `#` starts a comment; they are read once
and cached. Nothing here knows about any particular plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"


def _rows(name: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, str]  # unit as written -> category
    spec_units: frozenset[str]
    comparators_pre: dict[str, str]
    comparators_post: dict[str, str]
    verbs: dict[str, frozenset[str]]  # role -> words
    scopes: tuple[str, ...]  # longest first
    wholes: tuple[str, ...]
    synonyms: dict[str, str]  # written name -> canonical key
    vague: dict[str, str]  # vague written name -> canonical name to report

    def role(self, role: str) -> frozenset[str]:
        return self.verbs.get(role, frozenset())


# a scope by rule rather than by list: every or each unit of a kind ("每个乡镇", "每家企业", "各县市区",
# "其他县（市）区"), and scopes joined by 及/和/与 ("中心城区及各县城")
_UNIT = (r"(?:县（市）区|县\(市\)区|县市区|县市|县区|区县|县城|市州|地市|省|市|区|县|乡镇|乡|镇|街道|村|社区|园区|"
         r"企业|学校|医院)")
_DISTRIBUTIVE = re.compile(rf"(?:每个|每家|每所|每|各|其他|其它){_UNIT}")
_JOINED = re.compile(r"(?:及|和|与)")


def scope_prefix(s: str) -> str | None:
    """The scope words `s` opens with (a listed place or group, or a rule above), or None."""
    lex = lexicon()

    def one(t: str) -> str | None:
        listed = next((w for w in lex.scopes if t.startswith(w)), None)
        m = _DISTRIBUTIVE.match(t)
        ruled = m.group() if m else None
        if listed and ruled:
            return max(listed, ruled, key=len)
        return listed or ruled

    first = one(s)
    if first is None:
        return None
    j = _JOINED.match(s, len(first))
    if j:
        second = one(s[j.end():])
        if second:
            return s[:j.end() + len(second)]
    return first


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    prefixes = [r[0] for r in _rows("prefixes.txt")]
    units: dict[str, str] = {}
    for row in _rows("units.tsv"):
        word, cat = row[0], row[1] if len(row) > 1 else "count"
        expand = cat.endswith("+")
        cat = cat.rstrip("+")
        units[word] = cat
        if expand:
            for p in prefixes:
                units.setdefault(p + word, cat)
    for p in prefixes:  # a bare multiplier ("人口 170 万", "25.5 万贫困人口")
        units.setdefault(p, "bare")
    pre: dict[str, str] = {}
    post: dict[str, str] = {}
    for row in _rows("comparators.tsv"):
        (pre if row[1] == "pre" else post)[row[0]] = row[2]
    verbs: dict[str, set[str]] = {}
    for row in _rows("verbs.tsv"):
        verbs.setdefault(row[1], set()).add(row[0])
    synonyms: dict[str, str] = {}
    vague: dict[str, str] = {}
    for row in _rows("indicator_synonyms.tsv"):
        canonical = row[0]
        synonyms[canonical] = canonical
        for s in row[1:]:
            if s.startswith("="):
                s = s[1:]
                vague[s] = canonical
            synonyms[s] = canonical
    return Lexicon(
        units=units,
        spec_units=frozenset(r[0] for r in _rows("spec_units.txt")),
        comparators_pre=pre,
        comparators_post=post,
        verbs={k: frozenset(v) for k, v in verbs.items()},
        scopes=tuple(sorted((r[0] for r in _rows("scope_words.txt")), key=len, reverse=True)),
        wholes=tuple(sorted((r[0] for r in _rows("wholes.txt")), key=len, reverse=True)),
        synonyms=synonyms,
        vague=vague,
    )
