"""Sentence spans of bounded length, so that the work done per quantity stays bounded.

Each quantity of a sentence looks back over the sentence (its year, its clause, tense cues). A real
sentence of a plan is a few hundred characters at most; a "sentence" of a damaged or hostile text
(a megabyte without a full stop) would make that look-back quadratic. Such a run is cut into pieces
of at most `MAX_SENTENCE` characters, after the last clause punctuation before the limit (or at
the limit when there is none), which leaves every real sentence whole.
"""

from __future__ import annotations

from collections.abc import Iterator

MAX_SENTENCE = 800
_CLAUSE_PUNCT = "，,；;、：:"


def bounded(text: str, start: int, end: int, limit: int = MAX_SENTENCE) -> Iterator[tuple[int, int]]:
    """The pieces of the sentence text[start:end], each at most `limit` characters long."""
    s = start
    while end - s > limit:
        cut = max(text.rfind(ch, s + limit // 2, s + limit) for ch in _CLAUSE_PUNCT)
        e = cut + 1 if cut >= 0 else s + limit
        yield s, e
        s = e
    if s < end:
        yield s, end
