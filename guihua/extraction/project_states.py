"""Status phrases written after a project's name, as work reports say what was built, started or
finished: "A、B投入运营", "X项目正式落地", "X大桥建成通车", "X完成提档升级", "X在我区举办".

`status_after(text, s, e)` finds such a phrase closing the clause text[s:e] (or closing its first
part before 并: "X建成并承接了…") and gives where the subject ends, the guideline's action and the
project library's status (lexicon/project_states.tsv). Adverbs between the name and the phrase
(lexicon/project_state_adverbs.txt: 正式, 年内, 按时 …) belong to neither. "完成" followed by a
work noun ("完成升级改造") takes the work noun's action. Pure functions of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from guihua.extraction.lexicons import LEXICON_DIR
from guihua.extraction.project_lexicon import ProjectLexicon

# what may open a clause before its subject: "力争X年内营业", "确保X建成", "为X在我区举办"
_SUBJECT_LEADS = ("力争", "争取", "确保", "推动", "促进", "实现", "全年", "今年", "明年", "为", "使", "让", "其中")
_LOCATIVE = re.compile(r"在[\u4e00-\u9fff]{1,6}$")
_INTENT_LEADS = ("力争", "争取", "确保", "计划", "预计", "推动", "促进", "为")
_INTENT_ADVERBS = ("年内", "年底", "将", "即将", "力争")
# words of use that close a status phrase ("建成投运", "开通运营", "建成招生"), and what may open it
_USES = ("投入运营", "投入使用", "投运", "投用", "运营", "运行", "通车", "通水", "招生", "开诊", "营业", "开放",
         "发电", "使用", "蓄水")
_USES_ALONE = frozenset(("投运", "投用", "通车", "通水", "招生", "开诊"))
_OPENERS = ("开通", "封关", "并网", "试", "通航")
_DONE_WORK = re.compile(r"(?:基本|全面|顺利|如期)?完成了?(?:[\u4e00-\u9fff]{0,4})$")


@dataclass(frozen=True)
class StatusPhrase:
    subject_end: int  # where the subject (the names) ends, before adverbs
    end: int  # where the status phrase ends
    phrase: str  # as written, adverbs left out ("投入运营", "完成提档升级")
    action: str  # guideline action
    status: str | None  # project library status (规划/前期/在建/建成), None for events
    intended: bool = False  # said of the future ("年内营业", "将建成"): an intention, not a fact


@lru_cache(maxsize=1)
def _states() -> tuple[tuple[str, str, str | None], ...]:
    rows = []
    for line in (LEXICON_DIR / "project_states.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        rows.append((cols[0], cols[1], (cols[2] if len(cols) > 2 and cols[2] else None)))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _adverbs() -> tuple[str, ...]:
    out = {ln.strip() for ln in (LEXICON_DIR / "project_state_adverbs.txt").read_text(encoding="utf-8").splitlines()
           if ln.strip() and not ln.lstrip().startswith("#")}
    return tuple(sorted(out, key=len, reverse=True))


def state_status(phrase: str) -> str | None:
    """The library status a status phrase reports ("建成通车" -> 建成), else None."""
    for p, _, status in _states():
        if phrase.endswith(p):
            return status
    return None


def subject_start(text: str, s: int, e: int) -> int:
    """Skip what opens a clause before its subject ("力争", "确保", "为")."""
    for lead in _SUBJECT_LEADS:
        if text.startswith(lead, s) and s + len(lead) < e:
            return s + len(lead)
    return s


def _strip_adverbs(text: str, s: int, end: int) -> int:
    changed = True
    while changed:
        changed = False
        for adv in _adverbs():
            if end - len(adv) > s + 1 and text.startswith(adv, end - len(adv)):
                end -= len(adv)
                changed = True
                break
    return end


def intended(text: str, s: int, subject_end: int, phrase_start: int) -> bool:
    """Whether the clause states an intention ("力争X年内营业", "确保X建成"), not what happened."""
    between = text[subject_end:phrase_start]
    return text.startswith(_INTENT_LEADS, s) or any(w in between for w in _INTENT_ADVERBS)


def _ends(text: str, s: int, e: int) -> list[int]:
    """Where a status phrase may end: before 并 ("建成并投入使用"), else at the clause end."""
    i = text.find("并", s, e)
    return [i, e] if i > s + 2 else [e]


def _in_use(text: str, s: int, end: int) -> tuple[int, str, str, str] | None:
    """"X建成投运", "X开通运营", "X投运", "X建成招生": a phrase that the facility is in use, made of an
    optional opener (a state of the table, or 开通/封关/并网/试) and a word of use. Gives (phrase start,
    phrase, action, status)."""
    for use in _USES:
        us = end - len(use)
        if us < s + 2 or not text.startswith(use, us):
            continue
        for phrase, action, status in _states():
            ps = us - len(phrase)
            if ps >= s + 2 and text.startswith(phrase, ps) and status is not None:
                return ps, text[ps:end], action, status
        for opener in _OPENERS:
            ps = us - len(opener)
            if ps >= s + 2 and text.startswith(opener, ps):
                return ps, text[ps:end], "建成", "建成"
        if use in _USES_ALONE:
            return us, use, "建成", "建成"
    return None


def status_after(text: str, s: int, e: int, lex: ProjectLexicon) -> StatusPhrase | None:
    """The status phrase closing text[s:e] after a subject of at least two characters, else None."""
    for pe in _ends(text, s, e):
        end = pe - 1 if text[pe - 1:pe] == "了" else pe
        use = _in_use(text, s, end)
        if use is not None:
            ps, use_phrase, use_action, use_status = use
            sub_end = _strip_adverbs(text, s, ps)
            return StatusPhrase(sub_end, pe, use_phrase, use_action, use_status, intended(text, s, sub_end, ps))
        for phrase, action, status in _states():
            ps = end - len(phrase)
            if ps < s + 2 or not text.startswith(phrase, ps):
                continue
            sub_end = _strip_adverbs(text, s, ps)
            if action == "举办":
                m = _LOCATIVE.search(text, s, sub_end)
                if m and m.start() > s + 1:
                    sub_end = m.start()
            return StatusPhrase(sub_end, pe, text[ps:end], action, status, intended(text, s, sub_end, ps))
        # "大商友谊完成提档升级", "A、B等企业完成升级改造": the work noun decides
        w = lex.work_re.search(text, s, end)
        if w is not None:
            done = _DONE_WORK.search(text, s, w.start())
            if done is not None and done.start() > s + 1:
                sub_end = _strip_adverbs(text, s, done.start())
                return StatusPhrase(sub_end, pe, text[done.start():end], lex.work_nouns[w.group(0)], "建成",
                                    intended(text, s, sub_end, done.start()))
    return None
