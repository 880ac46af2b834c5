"""Box lines and layout repairs for project extraction (guihua.extraction.projects).

A 专栏 writes projects as lines of names, often after an item label ("电源：A、B") or a label that is a
verb of its own ("续建：A、B"), and numbers its items ("（1）A；（2）B", "①A"); OCR glues a section
heading to the text that follows it ("第二节推进健康X建设建成…"). Pure functions of the view text.
"""

from __future__ import annotations

import re
import unicodedata

from guihua.extraction.namelists import parse_names
from guihua.extraction.project_lexicon import ProjectLexicon
from guihua.extraction.project_names import distinct, verdict, works_on_facility
from guihua.extraction.propernames import tag_of
from guihua.extraction.words import words
from guihua.gazetteer import Gazetteer

_ZONE = ("区", "园", "城", "基地", "园区", "新城", "新区")
_PROGRAMME = re.compile(r"“[^”]{2,20}”")
_SECTION_MARK = re.compile(r"第[一二三四五六七八九十百\d]+[章节]")
_HEADING_END = re.compile(r"(建设|发展|体系|事业|水平|能力|环境|保障)")
_HEADING_MAX = 20
_ENUMERATOR = re.compile(r"^([(（]\d{1,2}[)）]|\d{1,2}[)）])")
_PREPOSITIONS = ("以", "在", "对", "从", "按", "围绕", "依托", "结合")
_PLACE_PARTS = ("片区", "城区", "街区", "社区", "辖区")


def after_glued_heading(text: str, s: int, e: int, lex: ProjectLexicon) -> int:
    """"第二节推进健康青石建设建成区人民医院新院区…": where the text glued to a section heading starts
    (OCR lost the line break): after the heading's closing word (建设, 发展, 体系 …) where a verb follows."""
    marker = _SECTION_MARK.match(text, s, e)
    if marker is None:
        return s
    for m in _HEADING_END.finditer(text, marker.end(), min(e, marker.end() + _HEADING_MAX)):
        v = lex.verb_re.match(text, m.end(), e)
        if v is not None and v.group(0) not in lex.weak and m.end() - marker.end() >= 4:
            return m.end()
    return s


def bare_name_list(clause: str, lex: ProjectLexicon, gaz: Gazetteer | None) -> bool:
    """A box line that lists names without a verb: most items are parks and zones, quoted programmes,
    or facilities with a head noun and a proper part ("枫林风电场、白石风电场、城市储气设施")."""
    names = parse_names(clause, lex)
    ws = words(clause)
    if not names.items or clause.replace(" ", "").startswith("专栏") or (ws and (tag_of(ws[0]) or "").startswith("v")):
        return False  # a box's own title; a clause opening with a verb ("创立…基金") lists no names
    if clause.startswith(_PREPOSITIONS):
        return False  # "以A、B为重点": places a measure is focused on, not a list of projects
    if any(it.name.endswith(_PLACE_PARTS) for it in names.items):
        return False  # "江东片区": parts of a city named as places, not zones to build
    named = sum(bool(it.name.endswith(_ZONE) or _PROGRAMME.fullmatch(it.name)
                     or (verdict(it, names.declared, lex, gaz) is True
                         and (distinct(it.name, gaz) or distinct(it.full_name or "", gaz)
                              or works_on_facility(it.name, lex))))
                for it in names.items)
    return named * 2 > len(names.items)  # most items are names (the others are dropped by their verdict)


def status_label(label: str, lex: ProjectLexicon) -> str | None:
    """The action of a box label that is a verb of its own ("续建", "新开工", "前期"), else None."""
    m = lex.verb_re.fullmatch(label)
    return lex.verbs[m.group(0)] if m is not None else None


def enumerator_length(name: str, raw_first: str) -> int:
    """"（1）X", "①X", "1）X": how many characters of `name` (view text) are an item's enumerator, no
    part of the name; `raw_first` is the raw character the name starts at (① reads as 1 in the view)."""
    m = _ENUMERATOR.match(name)
    k = m.end() if m is not None else 0
    if m is None and raw_first and "\u2460" <= raw_first <= "\u2473":  # ① … ⑳
        k = len(unicodedata.normalize("NFKC", raw_first))
    return k if 0 < k < len(name) - 1 else 0
