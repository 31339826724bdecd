"""What is measured: the ``subject`` of a value, cut from the words of its own statement.

Rules, per value (a ``Hit`` of ``measures.scan``):

- a count: the counted noun and the noun phrase that follows it ("700 doanh nghiệp số",
  "175 doanh nghiệp phát sinh thuế"); a count in brackets that restates a noun written just before
  ("đội ngũ cán bộ công nghệ thông tin hiện có (200 cán bộ)") takes that noun phrase;
- a rank or "top N": what follows "về" ("… dẫn đầu cả nước về chuyển đổi số"), else the words before it;
- a percentage or a named unit: the words before it when a verb links them ("Tỷ lệ … đạt 62,4%",
  "kinh tế số chiếm trên 20% GRDP" → "kinh tế số trong GRDP"), else the noun phrase after it
  ("90% hồ sơ công việc …");
- a phrase is cleaned of lead-in verbs and comparators ("phấn đấu", "tiếp tục duy trì", "đạt",
  "trên" …), of time and place fillers ("năm 2023", "tỉnh Thái Nguyên", "hiện nay"), of dates, and it
  ends before words that start another thought ("trong đó", "nhằm", "so với" …);
- when that leaves nothing, the subject of the clause's first value ("Chỉ số PAR Index … xếp thứ 6/63,
  đạt 90,76%"), or the label before a colon ("Chính quyền số: xếp thứ 7/63").

``merge_shared`` then gives values that share one predicate ("90% hồ sơ công việc tại cấp tỉnh, 80% …
tại cấp huyện … được xử lý trên môi trường mạng") the whole subject. Vocabulary: vocab/subjects.json.
"""

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from dxtrack.core.text import fold_keep_len

from . import vocab
from .measures import Hit
from .places import find_places


def _alt(words: Iterable[str], folded: bool) -> str:
    """Alternation of ``words``: single words with their accents (lower case), since folding merges
    words ("có"/"cơ", "từ"/"tử", "bằng"/"băng"); phrases of two or more words folded, so that a
    mistyped tone ("Phần đầu" for "Phấn đấu") still matches."""
    if folded:
        keys = {" ".join(fold_keep_len(w).split()) for w in words if len(w.split()) > 1}
    else:
        keys = {" ".join(w.lower().split()) for w in words}
    ordered = sorted((k for k in keys if k), key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in ordered) or "(?!)"


class _Pair:
    """A pattern tried on the lower-case text and on the folded text (same length, same indexes)."""

    def __init__(self, template: str, words: list[str], flags: int = 0) -> None:
        self.low = re.compile(template.replace("@", _alt(words, False)), flags)
        self.fold = re.compile(template.replace("@", _alt(words, True)), flags)

    def match(self, s: str) -> re.Match[str] | None:
        return self._best(
            [self.low.match(s.lower()), self.fold.match(fold_keep_len(s))], longest=True
        )

    def search(self, s: str) -> re.Match[str] | None:
        return self._best(
            [self.low.search(s.lower()), self.fold.search(fold_keep_len(s))], longest=False
        )

    @staticmethod
    def _best(candidates: list[re.Match[str] | None], longest: bool) -> re.Match[str] | None:
        ms = [m for m in candidates if m]
        if not ms:
            return None
        if longest:
            return max(ms, key=lambda m: m.end() - m.start())
        return min(ms, key=lambda m: (m.start(), -(m.end() - m.start())))


@lru_cache(maxsize=1)
def _rx() -> dict[str, "_Pair | re.Pattern[str]"]:
    v = vocab.load("subjects")
    time = r"(?:(?:trong|đến\s+hết|đến\s+cuối|đến|tới|vào|cuối|sau|từ|hết)\s+)?(?:năm|giai\s+đoạn)\s+\d{4}(?:\s*[-–]\s*\d{4})?"
    lead = v["lead_in"] + v["fillers"]
    return {
        "lead_start": _Pair(
            rf"^[\s,.:;*\-–]*(?:@|{time}|{fold_keep_len(time)})(?![\w])[\s,:*]*", lead
        ),
        "lead_end": _Pair(rf"(?<![\w])(?:@|{time}|{fold_keep_len(time)})[\s,:;*]*$", lead),
        "time_inner": re.compile(
            r"(?<!so với )(?<![\w])(?:(?:trong|đến\s+hết|đến\s+cuối|đến|tới|vào|cuối|hết)\s+)?"
            r"năm\s+\d{4}(?![\w])",
            re.I,
        ),
        "date": re.compile(r"(?<![\w])(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}", re.I),
        "cut_after": _Pair(
            r"(?<![\w])(?:@)(?![\w])|;|:|\.\s|\.$|\((?=\s*\*?\s*(?:năm|trừ|giai đoạn)(?![\w]))",
            v["cut_after"],
        ),
        "cut_comma": _Pair(r",\s*(?:@)(?![\w])", v["cut_before_comma"]),
        "predicate": _Pair(r"(?<![\w])(?:@)(?![\w])", v["predicate"]),
        "eval_end": _Pair(r"(?<![\w])(?:@)\s*$", v["evaluative"]),
        "share_whole": _Pair(r"^\s*(?:@)(?![\w])", v["share_wholes"]),
        "rank_scope": _Pair(r"^[\s,)]*(?:(?:@)(?![\w])[\s,)]*)+", v["rank_scope"]),
        "verb_before": _Pair(
            r"(?<![\w])(?:@)(?:\s+(?:tối thiểu|ít nhất|trên|từ|khoảng|gần|hơn|dưới|tối đa|trung bình|bình quân))*\s*$",
            v["linking_verbs"],
        ),
    }


def _open_paren(text: str, pos: int) -> int:
    """Index of the bracket still open at ``pos``, or -1."""
    where = []
    for i in range(pos):
        ch = text[i]
        if ch == "(":
            where.append(i)
        elif ch == ")" and where:
            where.pop()
    return where[-1] if where else -1


def _strip_places(s: str) -> str:
    """Place fillers at either end ("tỉnh Thái Nguyên", "của tỉnh Thái Nguyên", "Việt Nam") and
    "của tỉnh X" inside."""
    for _ in range(4):
        before = s
        s = s.strip(" ,:")
        places = find_places(s)
        if places and places[0].start == 0:
            s = s[places[0].end :]
            continue
        if places and not s[places[-1].end :].strip(" ,:*"):
            s = re.sub(r"(?i)(?<![\w])của\s*$", "", s[: places[-1].start].rstrip())
            continue
        for p in places:
            m = re.search(r"(?i)(?<![\w])của\s+$", s[: p.start])
            if m:
                s = s[: m.start()].rstrip() + " " + s[p.end :].lstrip()
                break
        if s == before:
            break
    return s


def clean(phrase: str) -> str:
    """A phrase without lead-in words, fillers, dates and trailing comparators."""
    r = _rx()
    s = " ".join(phrase.replace("*", " ").split())
    s = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", s)
    s = re.sub(r"\(\s*(?:năm\s+)?\d{4}\s*\)", "", s)
    for _ in range(8):
        before = s
        m = r["date"].search(s)
        if m:
            s = " ".join((s[: m.start()] + s[m.end() :]).split()).replace(" ,", ",")
            continue
        m = r["time_inner"].search(s)
        if m:
            s = " ".join((s[: m.start()] + s[m.end() :]).split())
            continue
        m = r["lead_start"].match(s)
        if m and m.end() > 0:
            s = s[m.end() :]
        m = r["lead_end"].search(s)
        if m:
            s = s[: m.start()]
        s = _strip_places(s)
        s = s.strip(" ,.;:-–*")
        # an enumeration mark in front ("(4) đôn đốc …", "b) …"), a modal verb at the end ("…, phải")
        s = re.sub(r"^(?:\(\s*(?:\d{1,2}|[a-zđ]|[ivx]{1,4})\s*\)|[a-zđ]\)|\d{1,2}[.)])\s+", "", s)
        s = re.sub(r"[,\s]+(?:phải|cần|sẽ|cần phải)$", "", s)
        if s == before:
            break
    # unbalanced brackets at the ends
    if s.count("(") > s.count(")"):
        i = s.rfind("(")
        s = s[:i] if len(s[i + 1 :].strip()) <= 2 or s.count(")", i) == 0 and i < 3 else s + ")"
    if s.startswith(")"):
        s = s[1:]
    s = s.strip(" ,.;:-–*")
    if len(s) > 160:
        cut = s.rfind(" ", 0, 160)
        s = s[: cut if cut > 0 else 160].rstrip(" ,;")
    return s


def _after(clause: str, start: int, limit: int) -> str:
    """The noun phrase that follows a value, up to a word that starts another thought."""
    seg = clause[start:limit]
    close = _first_unbalanced_close(seg)
    if close >= 0:
        seg = seg[:close]
    for key in ("cut_after", "cut_comma"):
        m = _rx()[key].search(seg)
        if m:
            seg = seg[: m.start()]
    return clean(seg)


def _first_unbalanced_close(seg: str) -> int:
    depth = 0
    for i, ch in enumerate(seg):
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i
            depth -= 1
    return -1


def _segment_start(clause: str, pos: int, floor: int) -> int:
    """Where the words leading up to ``pos`` start: after the last ';', ':' or sentence end."""
    start = floor
    for m in re.finditer(r"[;:]|\.\s", clause[floor:pos]):
        start = floor + m.end()
    close = _first_unbalanced_close(clause[start:pos])
    while close >= 0:
        start += close + 1
        close = _first_unbalanced_close(clause[start:pos])
    return start


def _before(clause: str, pos: int, floor: int) -> str:
    """The words before a value that name what it measures (from the last ';' / ':' / value)."""
    paren = _open_paren(clause, pos)
    start = _segment_start(clause, pos, floor)
    inside = paren >= start
    if inside:
        start = paren + 1
    seg = clause[start:pos]
    m = _rx()["predicate"].search(seg)
    if m and m.start() > 0:
        seg = seg[: m.start()]
    parts = seg.split(",")
    cand = ""
    for i in range(len(parts) - 1, -1, -1):
        cand = clean(",".join(parts[i:]))
        if len(cand.split()) >= 3:
            break
    cand = _drop_eval(cand)
    if not cand and inside:
        return _before(clause, paren, floor)
    return cand


def _drop_eval(s: str) -> str:
    m = _rx()["eval_end"].search(s)
    return s[: m.start()].rstrip(" ,") if m and m.start() > 0 else s


def _drop_rank_scope(s: str) -> str:
    """ "tỉnh, thành phố" after "xếp thứ 6/63": among whom, not what."""
    m = _rx()["rank_scope"].match(s)
    return clean(s[m.end() :]) if m else s


def _label(clause: str, pos: int, floor: int) -> str:
    """ "Chính quyền số: xếp thứ 7/63": the label before the colon that leads to a value."""
    head = clause[floor:pos]
    colon = head.rfind(":")
    if colon < 0 or clean(head[colon + 1 :]):
        return ""
    start = max(head.rfind(":", 0, colon), head.rfind(";", 0, colon), head.rfind(".", 0, colon))
    return clean(head[start + 1 : colon])


def _about(clause: str, start: int, limit: int) -> str:
    """ "… dẫn đầu cả nước về chuyển đổi số": what a rank is about."""
    seg = clause[start:limit]
    m = re.search(r"(?<![\w])về\s+", seg[:120])
    if not m:
        return ""
    return _after(clause, start + m.end(), limit)


def subject_at(clause: str, hits: list[Hit], k: int, previous: str = "") -> str:
    """The subject of ``hits[k]``; ``previous``: the subject of the value before it in the clause,
    for a value that names none ("…đạt 7,31%, xếp thứ 32/63")."""
    r = _rx()
    h = hits[k]
    prev_end = hits[k - 1].end if k else 0
    nxt = hits[k + 1].start if k + 1 < len(hits) else len(clause)
    lead = clause[max(prev_end, h.start - 30) : h.start]
    before = _before(clause, h.start, prev_end)
    if k and hits[k - 1].kind in ("rank", "top"):
        before = _drop_rank_scope(before)
    head = previous if k else before
    if h.kind == "count" and h.unit:
        noun_at = clause.find(h.unit.split()[0], h.start)
        noun_at = noun_at if noun_at >= 0 else h.end
        subj = _after(clause, noun_at, nxt) or h.unit
        paren = _open_paren(clause, h.start)
        inner = max(paren + 1, prev_end, clause.rfind(";", 0, h.start) + 1)
        if paren >= 0 and not clean(clause[inner : h.start]):
            # "(200 cán bộ)" restating "đội ngũ cán bộ công nghệ thông tin hiện có"
            back = clause[max(0, paren - 160) : paren]
            i = back.rfind(" " + h.unit.split()[0] + " ")
            if i >= 0 and len(h.unit.split()) == 1 or i >= 0 and back[i + 1 :].startswith(h.unit):
                subj = clean(back[i + 1 :]) or subj
        return subj
    if h.kind in ("rank", "top"):
        about = _about(clause, h.end, nxt)
        if about:
            return about
        if before:
            return before
        label = _label(clause, h.start, prev_end)
        if label:
            return label
        after = _drop_rank_scope(_after(clause, h.end, nxt))
        return (head if k else "") or after
    after = _after(clause, h.end, nxt)
    whole = bool(after) and bool(r["share_whole"].match(after)) and len(after.split()) <= 7
    if before and (r["verb_before"].search(lead) or not after or whole):
        return f"{before} trong {after}" if whole and r["verb_before"].search(lead) else before
    if after and not whole:
        return after
    return before or (head if k else "") or _label(clause, h.start, prev_end) or after


def subjects(clause: str, hits: list[Hit]) -> list[str]:
    out: list[str] = []
    for k in range(len(hits)):
        out.append(subject_at(clause, hits, k, out[-1] if out else ""))
    return out


_SCOPE_IN_SUBJECT = re.compile(r"\s*(?<![\w])tại\s+cấp\s+(?:tỉnh|huyện|xã)(?![\w])", re.I)


def merge_shared(measures: list[dict[str, Any]]) -> None:
    """Values that share one predicate get the whole subject; "tại cấp X" goes to ``scope``."""
    for m in measures:
        if m.get("scope") and m.get("subject"):
            m["subject"] = " ".join(_SCOPE_IN_SUBJECT.sub("", m["subject"]).split())
    for i, m in enumerate(measures):
        s = m.get("subject") or ""
        if not s:
            continue
        for later in measures[i + 1 :]:
            t = later.get("subject") or ""
            if len(t) > len(s) and t.lower().startswith(s.lower() + " "):
                m["subject"] = t
                s = t
