"""Plan text for display: the line breaks a PDF leaves inside sentences taken out.

Only what is shown changes; offsets and the JSON quotes keep the exact source text.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# CJK ideographs, CJK punctuation and full-width forms: no space is written between them.
_CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
_TAGS = r"(?:</?[a-zA-Z][^>]*>)*"  # inline markup (search hits) between two characters
_BETWEEN_CJK = re.compile(rf"({_CJK}{_TAGS})\s+(?={_TAGS}{_CJK})")
_BREAK_BY_CJK = re.compile(rf"(?<={_CJK})[ \t]*[\r\n]+[ \t]*|[ \t]*[\r\n]+[ \t]*(?={_CJK})")
_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_SPACES = re.compile(r"[ \t]{2,}")


def prose(text: object) -> str | Markup:
    """"城市供水普\\n及率达 98%" -> "城市供水普及率达 98%": whitespace between two CJK characters
    and line breaks next to one dropped, other line breaks read as one space. Markup (search snippets) stays Markup."""
    if text is None:
        return ""
    is_markup = isinstance(text, Markup)
    s = str(text)
    s = _BETWEEN_CJK.sub(r"\1", s)
    s = _BREAK_BY_CJK.sub("", s)
    s = _SPACES.sub(" ", _BREAK.sub(" ", s)).strip()
    return Markup(s) if is_markup else s
