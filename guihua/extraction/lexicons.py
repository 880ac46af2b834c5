"""Load the data files of `lexicon/` (units, comparators, verbs, scope words, indicator synonyms).

The lexicons are plain UTF-8 text files, one entry a line, `#` starts a comment; they are read once
and cached. Nothing here knows about any particular plan.
"""

from __future__ import annotations

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
