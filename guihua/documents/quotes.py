"""Finding a quoted span in a document's raw text the way annotators quote it.

A quote is matched after NFKC normalisation with all whitespace removed and page-number lines
skipped (PDF line breaks and page numbers don't matter), as ../shared/eval's scorers do.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_PAGE_LINE = re.compile(r"^\s*\d{1,3}\s*$")


@dataclass(frozen=True)
class QuoteIndex:
    canon: str  # the raw text, normalised, without whitespace or page-number lines
    where: list[int]  # raw offset of each character of `canon`

    def find(self, quote: str) -> list[tuple[int, int]]:
        """Raw (start, end) of every occurrence of `quote` (end exclusive)."""
        q = re.sub(r"\s+", "", unicodedata.normalize("NFKC", quote))
        spans: list[tuple[int, int]] = []
        i = self.canon.find(q) if q else -1
        while i >= 0:
            spans.append((self.where[i], self.where[i + len(q) - 1] + 1))
            i = self.canon.find(q, i + 1)
        return spans


def quote_index(raw: str) -> QuoteIndex:
    """Index `raw` (a Document's raw text) for `QuoteIndex.find`."""
    chars: list[str] = []
    where: list[int] = []
    pos = 0
    for line in raw.split("\n"):
        if not _PAGE_LINE.match(line):
            for k, ch in enumerate(line):
                for c in unicodedata.normalize("NFKC", ch):
                    if not c.isspace():
                        chars.append(c)
                        where.append(pos + k)
        pos += len(line) + 1
    return QuoteIndex("".join(chars), where)
