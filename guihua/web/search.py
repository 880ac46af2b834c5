"""Search across plan text, targets and indicators: SQLite FTS5 with the trigram tokenizer.

The index is derived data: it is rebuilt in an in-memory SQLite database from whatever backend
serves the plan (SQLite file or PostgreSQL alike), once per plan version, so the same ranking
works on both. Queries of three characters or more per term use FTS5 MATCH ranked by bm25;
shorter terms (two-character Chinese words such as 森林) fall back to substring matching ranked by
the number of hits. Every term must occur (AND). Hits are highlighted in a window of context.
"""

from __future__ import annotations

import html
import re
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from guihua.documents import Node

KIND_WEIGHT = {"indicator": 3.0, "target": 2.0, "text": 1.0}
KIND_LABELS = {"indicator": "指标", "target": "目标/基期值", "text": "规划原文"}
WINDOW = 40


@dataclass
class Doc:
    kind: str  # indicator | target | text
    ref: str  # indicator key, target id or outline node id
    title: str
    body: str
    start: int | None = None


def leaf_docs(raw: str, root: Node) -> list[Doc]:
    """One document per outline leaf (paragraph, box item, heading), titled by its nearest heading."""
    docs: list[Doc] = []

    def walk(node: Node, heading: str) -> None:
        title = node.title or heading
        if not node.children:
            body = raw[node.start:node.end].strip()
            if body:
                docs.append(Doc("text", node.id, title or "规划原文", body, node.start))
            return
        for child in node.children:
            walk(child, title)

    walk(root, "")
    return docs


_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def compact(text: str) -> str:
    """Whitespace between Chinese characters removed (line breaks and stray spaces from PDF extraction),
    other runs of whitespace made one space, so "森林\n覆盖率" is found as 森林覆盖率."""
    return re.sub(r"\s+", " ", _CJK_GAP.sub("", text)).strip()


def terms(query: str) -> list[str]:
    return [t for t in re.split(r"\s+", query.strip()) if t][:8]


def highlight(body: str, words: list[str], window: int = WINDOW) -> str:
    """HTML: the context around the first hit, every hit wrapped in <mark>."""
    text = re.sub(r"\s+", " ", body)
    low = text.lower()
    first = min((i for i in (low.find(w.lower()) for w in words) if i >= 0), default=0)
    a = max(0, first - window)
    b = min(len(text), first + window * 2)
    piece = text[a:b]
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    out, last = [], 0
    for m in pattern.finditer(piece):
        out.append(html.escape(piece[last:m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(piece[last:]))
    return ("…" if a > 0 else "") + "".join(out) + ("…" if b < len(text) else "")


class SearchIndex:
    """An FTS5 trigram index of one set of documents."""

    def __init__(self, docs: list[Doc]) -> None:
        self.docs = [Doc(d.kind, d.ref, d.title, compact(d.body), d.start) for d in docs]
        docs = self.docs
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.lock = threading.Lock()
        self.db.execute("CREATE VIRTUAL TABLE doc USING fts5(title, body, tokenize='trigram')")
        self.db.executemany("INSERT INTO doc(rowid, title, body) VALUES (?, ?, ?)",
                            [(i, d.title, d.body) for i, d in enumerate(docs)])

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        words = terms(query)
        if not words:
            return []
        with self.lock:
            if all(len(w) >= 3 for w in words):
                match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
                rows = self.db.execute("SELECT rowid, bm25(doc, 2.0, 1.0) FROM doc WHERE doc MATCH ? "
                                       "ORDER BY bm25(doc, 2.0, 1.0) LIMIT 500", (match,)).fetchall()
                scored = [(i, -float(rank)) for i, rank in rows]
            else:
                where = " AND ".join("instr(lower(title || ' ' || body), ?) > 0" for _ in words)
                rows = self.db.execute(f"SELECT rowid, title, body FROM doc WHERE {where} LIMIT 2000",
                                       [w.lower() for w in words]).fetchall()
                scored = []
                for i, title, body in rows:
                    hits = sum((title + " " + body).lower().count(w.lower()) for w in words)
                    in_title = sum(2 for w in words if w.lower() in title.lower())
                    scored.append((i, (hits + in_title) / (1 + len(body) / 200)))
        results = []
        for i, score in scored:
            d = self.docs[i]
            results.append({"kind": d.kind, "kind_label": KIND_LABELS[d.kind], "ref": d.ref, "title": d.title,
                            "score": round(score * KIND_WEIGHT[d.kind], 4), "start": d.start,
                            "snippet": highlight(d.body, words)})
        results.sort(key=lambda r: -r["score"])
        return results[:limit]
