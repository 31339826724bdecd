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

Each subject is then written as an indicator's name (``readable``; it is the registry's name and a
page heading): the measure noun first ("Tỷ lệ …" for a percentage of things, "Tỷ trọng … trong
GRDP", "Số …" for a count or a change by a percentage, "Tốc độ mạng 5G", "Công suất …" for MW), no
preposition, conjunction or bracket left dangling at either end, a bare word ("nhiệm vụ", "quy mô")
filled from its own statement; the document's words are kept. ``problems`` says why a subject would
still not read on its own (tests/docimport/test_subject_readability.py counts them on real plans).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
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
        "qualifier": re.compile(rf"(?:{_alt(v['qualifier_starts'], False)})(?![\w])", re.I),
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


@lru_cache(maxsize=4096)
def clean(phrase: str) -> str:
    """A phrase without lead-in words, fillers, dates and trailing comparators. Cached: the same
    comma parts are cleaned again as the words before a value widen part by part."""
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
    return _shorten(s)


# A name longer than this is cut at its last phrase boundary before it; one with no boundary is
# kept whole up to _WHOLE_MAX (the registry's Indicator.name holds 500 characters, and "Tỷ lệ …"
# or "… được phủ sóng …" may still be added to it).
_SOFT_MAX = 160
_WHOLE_MAX = 300
_HARD_MAX = 460
_MIN_KEPT = 60  # a cut that leaves less than this says too little: keep the name whole


def _shorten(s: str) -> str:
    """A long subject cut where a phrase ends: at a comma or before a word that starts a qualifier
    ("… phương tiện kỹ thuật, …", "… của Luật An ninh mạng"), never between the syllables of a word
    ("kỹ thuật", "An ninh"): a Vietnamese space also falls inside words, so a cut at the last space
    reads as "… phương tiện kỹ"."""
    if len(s) <= _SOFT_MAX:
        return s
    for limit in (_SOFT_MAX, _WHOLE_MAX) if len(s) > _WHOLE_MAX else (_SOFT_MAX,):
        cut = _last_boundary(s, limit)
        if cut is not None:
            return s[:cut].rstrip(" ,;")
    if len(s) <= _WHOLE_MAX:
        return s
    cut = s.rfind(" ", 0, _HARD_MAX)  # no phrase boundary in 300 characters: not a name anyway
    return s[: cut if cut > 0 else _HARD_MAX].rstrip(" ,;")


def _last_boundary(s: str, limit: int) -> int | None:
    """Index of the last phrase boundary in ``s[:limit + 1]`` that keeps at least _MIN_KEPT
    characters: a comma, or the space before a qualifier word, outside brackets and quotes."""
    qualifier = _rx()["qualifier"]
    assert isinstance(qualifier, re.Pattern)  # a plain pattern: it is tried from a position
    best, depth, quoted = None, 0, False
    for i, ch in enumerate(s[: limit + 1]):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in '“”"':
            quoted = ch == "“" or (ch == '"' and not quoted)
        if depth or quoted or i < _MIN_KEPT:
            continue
        if ch == "," or ch == " " and qualifier.match(s, i + 1) and i + 1 <= limit:
            best = i
    return best


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
    parts = _split_commas(seg)
    cand = ""
    for i in range(len(parts) - 1, -1, -1):
        cand = clean(",".join(parts[i:]))
        if len(cand.split()) >= 3:
            break
    else:
        i = 0
    head = _measure_head(parts, i)
    if head is not None:
        cand = clean(",".join(parts[head:]))
    else:
        # "… sử dụng kết quả nghiên cứu từ viện, trường trong sản xuất": the comma lists the
        # objects of a preposition; the subject starts before them
        while 0 < i < len(parts) and _ENUM_OBJECT.search(parts[i - 1]):
            i -= 1
            cand = clean(",".join(parts[i:]))
    cand = _drop_eval(cand)
    if not cand and inside:
        return _before(clause, paren, floor)
    return cand


_ENUM_OBJECT = re.compile(r"(?i)(?<![\w])(?:từ|của|và|với|cho)\s+\w+(?:\s+\w+)?\s*$")


def _split_commas(seg: str) -> list[str]:
    """``seg`` split at its commas, but not at those inside brackets ("(sáng chế, nhãn hiệu)")."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(seg):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            parts.append(seg[start:i])
            start = i + 1
    return parts + [seg[start:]]


def _measure_head(parts: list[str], i: int) -> int | None:
    """ "tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu …, dịch vụ công đạt 80%": the commas
    enumerate inside one subject whose measure noun leads an earlier part; that part's index."""
    starts = _names()["measure_start"]
    if i >= len(parts) or starts.match(clean(parts[i])):
        return None
    for j in range(i - 1, -1, -1):
        if starts.match(clean(parts[j])):
            return j
    return None


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


def _shared_about(clause: str, hits: list[Hit], k: int) -> str:
    """ "nhóm 3 nước dẫn đầu Đông Nam Á, nhóm 50 nước đứng đầu thế giới về năng lực cạnh tranh
    số": ranks listed one after the other, with only who they are among between them, are about
    what the last of them says ("về …")."""
    j = k
    while j + 1 < len(hits) and hits[j + 1].kind in ("rank", "top"):
        gap = clause[hits[j].end : hits[j + 1].start]
        if re.search(r"[;:.]|(?<![\w])về(?![\w])", gap) or len(gap.split()) > 10:
            return ""
        j += 1
        nxt = hits[j + 1].start if j + 1 < len(hits) else len(clause)
        about = _about(clause, hits[j].end, nxt)
        if about:
            return about
    return ""


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
        about = _about(clause, h.end, nxt) or _shared_about(clause, hits, k)
        if about:
            return about
        if before:
            return before
        label = _label(clause, h.start, prev_end)
        if label:
            return label
        after = _drop_rank_scope(_after(clause, h.end, nxt))
        return (head if k else "") or after
    # "… tăng 16%/năm, tỉ lệ khai thác thương mại đạt 8%": words after a comma start the next
    # statement; the noun phrase a value names is written right after it
    after = (
        "" if clause[h.end : nxt].lstrip().startswith((",", ";")) else _after(clause, h.end, nxt)
    )
    whole = bool(after) and bool(r["share_whole"].match(after)) and len(after.split()) <= 7
    if before and (r["verb_before"].search(lead) or not after or whole):
        return f"{before} trong {after}" if whole and r["verb_before"].search(lead) else before
    if after and not whole:
        return after
    return before or (head if k else "") or _label(clause, h.start, prev_end) or after


@dataclass
class Carry:
    """What a statement's clause leaves to the next one (cut at ";"): "Mạng 5G … phủ sóng tại
    100% trường đại học (năm 2024); 100% khu dân cư (năm 2025)": the verb that reaches the
    things a percentage counts, and who reaches them."""

    frame: tuple[str, str] | None = None


def subjects(clause: str, hits: list[Hit], carry: Carry | None = None) -> list[str]:
    """The subject of each value of a clause, written as an indicator's name (``readable``).
    ``carry``: one per statement, passed to each of its clauses in turn, so that a clause that
    starts with its value ("; 100% khu dân cư") shares the verb of the clause before."""
    out: list[str] = []
    frames: list[tuple[str, str] | None] = []
    for k, h in enumerate(hits):
        if _qualifies_rate(clause, hits, k):
            # the value before is part of this rate's name ("… với tốc độ trên 01 Gbps đạt 100%")
            raw = subject_at(clause, hits[: k - 1] + hits[k:], k - 1, out[-2] if k > 1 else "")
        else:
            raw = subject_at(clause, hits, k, out[-1] if out else "")
        if h.kind == "count" and "/" in (h.unit or ""):
            raw = _rate_unit_name(clause, hits, k, out) or raw
        if h.unit in _names()["money_units"]:
            raw = _money_name(clause, hits, k, raw)
        elif _is_bare(raw, h):
            raw = _fill_bare(clause, hits, k, raw, out)
        frame = _reach(clause, hits, k, frames[-1] if frames else carry.frame if carry else None)
        frames.append(frame)
        if frame and _names_after(clause, h, raw):
            verb, agent = frame
            raw = f"{raw} được {verb} {_lower_first(agent)}".strip()
        raw = _part_of_previous(clause, hits, k, raw, out)
        lead = clause[max(hits[k - 1].end if k else 0, h.start - 30) : h.start]
        out.append(_upper_first(readable(raw, h, lead)))
    if carry is not None:
        carry.frame = frames[-1] if frames else None
    return out


_PART_OF = re.compile(r"(?i)(?<![\w])trong\s+đó(?![\w])")
_TAKES_SHARE = re.compile(
    r"(?i)(?<![\w])chiếm(?:\s+(?:tỷ lệ|tỉ lệ|khoảng|trên|hơn|ít nhất|tối thiểu))*\s*$"
)


def _part_of_previous(clause: str, hits: list[Hit], k: int, raw: str, earlier: list[str]) -> str:
    """ "Kinh phí chi cho R&D đạt 2% GDP, trong đó kinh phí từ xã hội chiếm hơn 60%": a part's
    share of the whole named just before ("Tỷ trọng kinh phí từ xã hội trong kinh phí chi cho
    R&D"), not a share of nothing."""
    h = hits[k]
    if not k or not earlier or h.unit != "%" or not raw:
        return raw
    if raw.lower().startswith(_names()["ratio_nouns"]):  # "tỷ lệ …" names its own whole
        return raw
    between = clause[hits[k - 1].end : h.start]
    if not _PART_OF.search(between) or not _TAKES_SHARE.search(between):
        return raw
    whole = earlier[-1]
    m = _names()["share_at_end"].search(whole)
    if m and m.start() > 0:
        whole = whole[: m.start()].rstrip(" ,")  # "… (R&D) trong GDP": the whole's own name
    return f"Tỷ trọng {_lower_first(raw)} trong {_lower_first(whole)}"


_TRAILING_LINKS = re.compile(
    r"(?:(?<![\w])(?:tại|đến|tới|cho|ở|vào|trên|dưới|tối thiểu|ít nhất|khoảng|gần|hơn|đạt)\s*)+$",
    re.I,
)


def _reach(
    clause: str, hits: list[Hit], k: int, last: tuple[str, str] | None
) -> tuple[str, str] | None:
    """ "Hạ tầng mạng băng rộng cáp quang phủ 100% đơn vị hành chính cấp xã, trên 80% hộ gia
    đình": the verb that reaches a percentage of things, and what reaches them ("phủ", "hạ tầng
    mạng băng rộng cáp quang"); a value listed after one (", trên 80% …", "; 100% …") shares it."""
    h = hits[k]
    if h.kind != "percent":
        return None
    prev_end = hits[k - 1].end if k else 0
    seg = clause[_segment_start(clause, h.start, prev_end) : h.start]
    near = _TRAILING_LINKS.sub("", _split_commas(seg)[-1]).strip(" ,;:*()-–")
    m = _names()["reach_end"].search(near)
    if not m:
        if not clean(near):
            # a value listed after one (", trên 80% …"), or first in a clause after one ("; 100%")
            return last if not k or hits[k - 1].kind == "percent" else None
        return _done_at(seg)
    verb = near[m.start() :].strip()
    if m.group(2).strip():
        # "… để nâng cao kỹ năng số tối thiểu 75% học sinh …": the verb names what they get
        return verb, ""
    agent = re.sub(r"(?i)(?<![\w])được\s*$", "", near[: m.start()]).strip(" ,")
    if not agent:
        # "Mạng 5G với tốc độ tối thiểu 100 Mbps, phủ sóng tại 100% …": the clause's head noun
        head = clean(re.split(r",|;|\s+với\s+", clause[: hits[0].start])[0])
        agent = head if 0 < len(head.split()) <= 6 else ""
    return verb, agent


_AT_END = re.compile(r"(?i)(?<![\w])tại(?:\s+(?:tối thiểu|ít nhất|trên|khoảng|gần|hơn))*\s*$")


def _done_at(seg: str) -> tuple[str, str] | None:
    """ "tổ chức tuyên truyền, phổ biến, giáo dục pháp luật … cho người học tại 100% nhà trường":
    the places a percentage counts are where the work is done; the work, from its first reach verb
    to "tại", is what they get ("Tỷ lệ nhà trường được tuyên truyền, phổ biến …")."""
    at = _AT_END.search(seg)
    if not at:
        return None
    work = seg[: at.start()]
    low = work.lower()
    verbs = sorted(vocab.load("subjects")["reach_verbs"], key=len, reverse=True)
    first = min(
        (x.start() for v in verbs for x in re.finditer(rf"(?<![\w]){re.escape(v)}(?![\w])", low)),
        default=-1,
    )
    verb = clean(work[first:]) if first >= 0 else ""
    return (verb, "") if verb and len(verb) <= _SOFT_MAX else None


def _names_after(clause: str, h: Hit, raw: str) -> bool:
    """``raw`` is the short noun phrase written right after the value ("100% khu dân cư"), with
    no verb of its own: what a verb before the value reaches."""
    words = raw.split()
    if not words or len(words) > 10 or re.search(r"(?i)(?<![\w])được(?![\w])", raw):
        return False
    follow = clean(clause[h.end : h.end + 3 * len(raw) + 20])
    return follow.lower().startswith(" ".join(words[:2]).lower())


def _rate_unit_name(clause: str, hits: list[Hit], k: int, earlier: list[str]) -> str:
    """A value in a rate unit ("107 trẻ sơ sinh trai/100 trẻ sơ sinh gái", "12 người/vạn dân")
    is named by the words before it ("Tỷ số giới tính khi sinh ở mức 107 …"), not by its unit;
    a second value of the same rate ("giảm từ 23 ca sinh/1.000 phụ nữ xuống 18 …") by the
    first's name. "" when neither names it."""
    h = hits[k]
    prev_end = hits[k - 1].end if k else 0
    # the whole phrase up to the value: its commas list inside one name ("Nguồn nhân lực nghiên
    # cứu khoa học, phát triển công nghệ, đổi mới sáng tạo đạt 12 người trên một vạn dân")
    before = _drop_eval(clean(clause[_segment_start(clause, h.start, prev_end) : h.start]))
    if len(before.split()) > 20:
        before = _drop_eval(_before(clause, h.start, prev_end))
    counted = h.unit.split("/")[0].strip().lower()
    if len(before.split()) >= 2 and not before.lower().startswith(counted):
        return before
    if k and hits[k - 1].unit == h.unit and earlier:
        return earlier[-1]
    return ""


_RATE_VERB = re.compile(r"\s*(?:đạt|là|ở mức)(?:\s+(?:tối thiểu|ít nhất|trên|từ))?\s*$", re.I)


def _qualifies_rate(clause: str, hits: list[Hit], k: int) -> bool:
    """``hits[k - 1]`` says which things a rate counts ("tỷ lệ người sử dụng … với tốc độ trên 01
    Gbps đạt 100%"), as extract reads it: a rate word before it, only a linking verb after it."""
    if k == 0 or hits[k].unit != "%" or hits[k - 1].unit == "%":
        return False
    floor = hits[k - 2].end if k > 1 else 0
    between = clause[hits[k - 1].end : hits[k].start]
    rate = _names()["ratio_nouns"]
    head = clause[floor : hits[k - 1].start].lower()
    return bool(_RATE_VERB.match(between)) and any(r in head for r in rate)


_AUXILIARY = re.compile(r"(?i)\s+(?:đã|được|sẽ|đang|cần|phải)(?![\w]).*$")


def _money_name(clause: str, hits: list[Hit], k: int, s: str) -> str:
    """An amount of money read as a count of its unit ("đồng từ nguồn tăng thu NSTW"): what
    holds the money when written before it ("Dự toán NSNN năm 2025 đã bố trí 51 nghìn tỷ đồng" →
    "Dự toán NSNN"), else the money noun with what follows ("Kinh phí từ nguồn tăng thu NSTW")."""
    h = hits[k]
    unit_word = h.unit.split()[-1].lower()
    if not re.match(rf"(?i){re.escape(unit_word)}(?![\w])", s):
        return s
    rest = s[len(unit_word) :].strip(" ,")
    before = _before(clause, h.start, hits[k - 1].end if k else 0)
    holder = _names()["money_holder"].search(before)
    if holder and _AUXILIARY.sub("", before[holder.start() :]).strip():
        return _upper_first(_AUXILIARY.sub("", before[holder.start() :]).strip())
    noun = _names()["money_noun"]
    if not rest or _names()["dangling_start"].match(rest) and not rest.lower().startswith("từ"):
        purpose = _money_purpose(clause, hits, k)
        return f"{noun} {_lower_first(purpose)}" if purpose else noun
    return f"{noun} {rest}" if not rest.startswith("(") else noun


_PURPOSE = re.compile(r"(?i)(?<![\w])(?:để|nhằm)\s+")
_PAST = re.compile(r"(?i)^(?:(?:đã|mới|vừa|được|sẽ)\s+)+")


def _money_purpose(clause: str, hits: list[Hit], k: int) -> str:
    """What an amount of money written with nothing after it is for: the words before it, from
    the last "để"/"nhằm" ("… để thực hiện Đề án X (A05) 500 tỷ đồng" → "thực hiện Đề án X
    (A05)"; "… để thực hiện các dự án …, tổng số là 178,6 tỷ đồng"), or what is done with it
    ("mới phân bổ 11,7 nghìn tỷ đồng" → "phân bổ"); "" when that is long or says nothing."""
    h = hits[k]
    prev_end = hits[k - 1].end if k else 0
    start = _segment_start(clause, h.start, prev_end)
    paren = _open_paren(clause, h.start)
    seg = clause[max(start, paren + 1) : h.start]
    purposes = list(_PURPOSE.finditer(seg))
    if purposes:
        seg = seg[purposes[-1].end() :]
    phrase = _PAST.sub("", clean(seg)).strip()
    if not phrase or len(phrase.split()) > 40 or _names()["money_holder"].search(phrase):
        return ""
    return phrase


def _is_bare(s: str, h: Hit) -> bool:
    """A generic word alone ("nhiệm vụ", "quy mô"), or only the noun a count counts."""
    n = _names()
    low = " ".join(s.lower().split())
    m = n["measure_start"].match(low)
    rest = low[m.end() :].strip() if m else low
    noun = h.unit.lower() if h.kind == "count" and h.unit else None
    return not low or low in n["generic"] or rest in n["generic"] or rest == noun


def _fill_bare(clause: str, hits: list[Hit], k: int, s: str, earlier: list[str]) -> str:
    """A fuller subject for a bare one, from the same statement:

    - a count that breaks down an earlier one ("131 nhiệm vụ KH&CN được nghiệm thu (gồm: … 95
      nhiệm vụ; … 36 nhiệm vụ)"): the earlier subject of the same noun;
    - a count or measure noun restating a phrase written before it ("nhiệm vụ khoa học và công
      nghệ cấp tỉnh triển khai mỗi năm đạt 55 nhiệm vụ"): that phrase;
    - a measure noun in brackets after what it measures ("trung tâm dữ liệu (DataCenter) (quy mô
      trên 1000 racks …)"): "quy mô trung tâm dữ liệu (DataCenter)".
    """
    h = hits[k]
    prev_end = hits[k - 1].end if k else 0
    if not s or h.kind in ("rank", "top") or h.unit in _names()["money_units"]:
        return s  # no subject at all: the caller carries the statement's last one
    change = re.search(r"(?<![\w])(tăng|giảm)(?![\w])", clause[prev_end : h.start], re.I)
    if h.kind == "percent" and change and earlier and not _is_bare(earlier[-1], h):
        # "… giá trị … đạt 48,3 triệu USD, tốc độ tăng bình quân 05 - 06%/năm": its growth
        return f"tốc độ {change.group(1).lower()} {_lower_first(earlier[-1])}"
    before = _before(clause, h.start, prev_end)
    if h.kind == "count" and h.unit:
        noun = h.unit.split()[0].lower()
        for e in reversed(earlier):
            if noun in e.lower() and not _is_bare(e, h):
                return e
        # only a phrase that names the counted noun restates it, or one after "số"/"tổng số"
        # ("với tổng số nhân lực trên 670 người": the number of staff)
        counted = re.search(
            r"(?i)(?<![\w])(?:tổng số|số lượng|số)\s+([^,;:()]+)$", clause[prev_end : h.start]
        )
        if counted and clean(counted.group(1)):
            return f"số {_lower_first(clean(counted.group(1)))}"
        # "1. Nâng cao nhận thức an toàn không gian số: 38.832 lượt học tập": counted for what
        # the label before the colon names
        label = _label(clause, h.start, prev_end)
        if s and label and not _is_bare(label, h) and len(label.split()) <= 16:
            return f"{s} ({label})"
        before = before if noun in before.lower() else ""
    if before and not _is_bare(before, h) and _names()["measure_start"].match(s or "") is None:
        return before
    paren = _open_paren(clause, h.start)
    if s and paren > 0 and not clean(clause[paren + 1 : h.start].replace(s, "", 1)):
        what = _strip_actions(_before(clause, paren, 0))
        if what:
            return f"{s} {_lower_first(what)}"
    if before and not _is_bare(before, h):
        return before
    return s


def _strip_actions(s: str) -> str:
    """ "Mời gọi thu hút đầu tư xây dựng trung tâm dữ liệu": what is built, not the duty to."""
    verbs = _names()["actions"]
    for _ in range(8):
        m = verbs.match(s)
        if not m or m.end() >= len(s):
            break
        s = s[m.end() :].lstrip(" ,")
    return s


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


# --- Readability: a subject is an indicator's name, read out of context -------------------------


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    v = vocab.load("subjects")
    word = r"(?<![\w])(?:@)"
    return {
        "measure_start": _Pair(
            rf"^\s*(?!(?:{_alt(v['not_measures'], False)})(?![\w]))(?:@)(?![\w])",
            v["measure_nouns"],
        ),
        "dangling_end": _Pair(rf"{word}[\s,;:]*$", v["dangling_end"]),
        "dangling_start": _Pair(r"^\s*(?:@)(?![\w])", v["dangling_start"]),
        "change_lead": _Pair(
            rf"{word}(?:\s+(?:tối thiểu|ít nhất|trên|khoảng|bình quân|trung bình|từ))*\s*$",
            v["change_verbs"],
        ),
        "generic": {" ".join(w.lower().split()) for w in v["generic"]},
        "money_units": set(v["money_units"]),
        "money_noun": v["money_noun"],
        "money_holder": _Pair(r"(?<![\w])(?:@)(?![\w])", v["money_holders"]),
        "unit_measures": v["unit_measures"],
        "reach_end": _Pair(r"(?<![\w])(@)((?:\s+[\w/.-]+){0,3})\s*$", v["reach_verbs"]),
        "ratio_nouns": tuple(" ".join(w.lower().split()) for w in v["ratio_nouns"]),
        "actions": _Pair(
            r"^\s*(?:@)(?![\w])\s*",
            v["action_verbs"],
        ),
        "share_at_end": _Pair(r"(?<![\w])trong\s+(?:@)(?![\w])[^,;]*$", v["share_wholes"]),
        # "Mạng 5G với tốc độ", "qua mạng … 5G có tốc độ tải xuống": the quantity written last
        "measure_tail": _Pair(r"(?<![\w])(?:với|có)\s+(?:@)\s*$", v["measure_nouns"]),
        "measure_after": _Pair(r"\s+(?:với|có)\s+((?:@)(?![\w]).*)$", v["measure_nouns"]),
        "duty_start": _Pair(r"^\s*(?:@)(?![\w])\s*", v["duty_verbs"]),
        "populations": {" ".join(w.lower().split()) for w in v["bare_populations"]},
    }


def _balanced(s: str) -> bool:
    return _first_unbalanced_close(s) < 0 and s.count("(") == s.count(")")


def _trim_dangling(s: str) -> str:
    """Cut words a noun phrase cannot end on ("… sau khi", "… với tốc độ", "… hiện") and an
    opening bracket or quote left at the end; drop a closing bracket that closes nothing."""
    n = _names()
    for _ in range(6):
        before = s
        s = s.strip(" ,;:-–")
        if s.endswith(("(", "“", '"')):
            s = s[:-1]
        close = _first_unbalanced_close(s)
        if close >= 0 and close == len(s.rstrip()) - 1:
            s = s[:close]
        m = n["dangling_end"].search(s)
        if m and m.start() > 0:
            s = s[: m.start()]
        s = s.strip(" ,;:-–")
        if s == before:
            break
    return s


def _lower_first(s: str) -> str:
    """ "Mạng 5G" → "mạng 5G" when it goes after a measure noun; "DTI", "Xoài" in the middle stay."""
    w = s.split(" ", 1)[0]
    return s[0].lower() + s[1:] if len(w) > 1 and w[0].isupper() and w[1:].islower() else s


def _upper_first(s: str) -> str:
    return s[:1].upper() + s[1:]


def _measure_first(s: str) -> str:
    """ "Mạng 5G với tốc độ" → "Tốc độ mạng 5G": the measure noun leads the name."""
    n = _names()
    if n["measure_start"].match(s):
        return s
    m = n["measure_after"].search(s)
    if not m or not s[: m.start()].strip():
        return s
    return _upper_first(f"{s[m.start(1) :].strip()} {_lower_first(s[: m.start()].strip())}")


def _from_measure(s: str, hit: Hit) -> str:
    """ "mục tiêu tỷ lệ phủ sóng mạng 5G …", "theo mỗi kỳ kế hoạch 5 năm, mục tiêu, nồng độ bụi
    PM2.5 …": the name starts at the measure noun the value calls for (a rate for a percentage, the
    unit's quantity for a named unit) when only a few lead-in words stand before it."""
    n = _names()
    if n["measure_start"].match(s):
        return s
    nouns = list(n["ratio_nouns"]) if hit.kind == "percent" else []
    if hit.kind == "named" and hit.unit in n["unit_measures"]:
        nouns.append(n["unit_measures"][hit.unit])
    low = s.lower()
    for noun in nouns:
        m = re.search(rf"(?<![\w]){re.escape(noun)}(?![\w])", low)
        if (
            m
            and len(re.findall(r"\w+", low[: m.start()])) <= 12
            and re.search(r"\w", low[m.end() :])
        ):
            return _upper_first(s[m.start() :])
    return s


def _unit_measure(s: str, unit: str) -> str:
    """A named unit measures one quantity (Mbps: speed, MW: power): name it when the subject names
    none, or names another one of those quantities ("quy mô …" for a value in MW)."""
    n = _names()
    noun = n["unit_measures"].get(unit)
    if not noun or not s:
        return s
    m = n["measure_start"].match(s)
    if m and s[: m.end()].strip().lower() == noun:
        return s
    quantities = {v.lower() for v in n["unit_measures"].values()} | {"quy mô"}
    if m and s[: m.end()].strip().lower() in quantities:
        return _upper_first(noun + s[m.end() :])
    if m:
        return s
    return _upper_first(f"{noun} {_lower_first(s)}")


def _drop_duty(s: str) -> str:
    """ "đôn đốc các doanh nghiệp viễn thông phủ sóng 5G … phải đạt 90%": the share is of what
    the duty is to get done ("phủ sóng 5G"), from the first verb that reaches things; with none,
    of the duty's object ("chỉ đạo các trường triển khai …" → "các trường triển khai …")."""
    n = _names()
    m = n["duty_start"].match(s)
    if not m:
        return s
    rest = s[m.end() :]
    low = rest.lower()
    verbs = sorted(vocab.load("subjects")["reach_verbs"], key=len, reverse=True)
    at = min(
        (x.start() for v in verbs for x in re.finditer(rf"(?<![\w]){re.escape(v)}(?![\w])", low)),
        default=-1,
    )
    return rest[at:] if at > 0 else re.sub(r"(?i)^(?:các|những)\s+", "", rest)


_COUNTED_SHARE = re.compile(r"(?i)^(?:số lượng|số)\s+(?=\w)")


def _of_counted(s: str, unit: str, change: bool) -> str:
    """ "50% số xã, phường không ma túy": a share of the things counted, not their number ("Tỷ lệ
    xã, phường …"); a change by a percentage ("tăng thêm 20% số nhóm trẻ") stays a number."""
    m = _COUNTED_SHARE.match(s)
    measure = _names()["measure_start"]  # not "số hoá …", "số liệu …"
    if change or unit != "%" or not m or not measure.match(s) or measure.match(s[m.end() :]):
        return s
    return f"Tỷ lệ {s[m.end() :]}"


_CHANGE_AT_END = re.compile(
    r"(?i)(?<![\w])(?:tăng|giảm)(?:\s+(?:thêm|trung bình|bình quân|hằng năm|hàng năm))*\s*$"
)


def _drop_change_verb(s: str) -> tuple[str, bool]:
    """ "Số lượng đơn đăng ký sáng chế tăng trung bình" (16%/năm): the verb is how the value
    relates to the name, not part of it; True when one was dropped (the value is a change)."""
    m = _CHANGE_AT_END.search(s)
    if not m or not s[: m.start()].strip(" ,"):
        return s, False
    return s[: m.start()].rstrip(" ,"), True


_SPENT_FROM_TOTAL = re.compile(
    r"(?i)^tổng\s+((?:chi|vốn|kinh phí|nguồn)[^,;()]*?)\s+(?:dành\s+)?cho\s+(\S.*)$"
)


def _share_of_total(s: str) -> str:
    """ "bố trí ít nhất 3% tổng chi ngân sách hằng năm cho phát triển khoa học …": a share of
    a total spent on something ("Tỷ trọng chi ngân sách cho phát triển khoa học … trong tổng chi
    ngân sách hằng năm"), not the total itself; "" for another name."""
    m = _SPENT_FROM_TOTAL.match(s)
    if not m:
        return ""
    total = m.group(1).strip()
    spent = re.sub(r"(?i)\s+(?:hằng|hàng)\s+năm$", "", total)
    return f"Tỷ trọng {spent} cho {m.group(2).strip()} trong tổng {total}"


def _ratio_name(s: str, change: bool) -> str:
    """A percentage of things: "Tỷ lệ X", "Tỷ trọng X trong GRDP"; a change by a percentage of a
    number ("giảm 30% thủ tục hành chính"): "Số X"."""
    n = _names()
    shared = "" if change else _share_of_total(s or "")
    if shared:
        return shared
    if not s or n["measure_start"].match(s):
        return s
    if change:
        return f"Số {_lower_first(s)}"
    if n["share_at_end"].search(s):
        return f"Tỷ trọng {_lower_first(s)}"
    return f"Tỷ lệ {_lower_first(s)}"


def _count_name(s: str, unit: str) -> str:
    """A count of the noun the subject starts with: "doanh nghiệp số" → "Số doanh nghiệp số"."""
    n = _names()
    noun = unit.split()[0].lower() if unit else ""
    if not s or not noun or unit in n["money_units"] or n["measure_start"].match(s):
        return s
    if s.lower().startswith(noun):
        # "45 công trình … được nghiệm thu mỗi năm đạt công trình": the noun restated at the end
        tail = re.search(r"\s+(?:đạt|là)\s+(\w+(?:\s+\w+)?)\s*$", s)
        if tail and s.lower().startswith(tail.group(1).lower()):
            s = s[: tail.start()]
        return f"Số {_lower_first(s)}"
    return s


def readable(subject: str, hit: Hit, lead: str = "") -> str:
    """``subject`` as an indicator's name: no dangling words, the measure noun first ("Tỷ lệ …",
    "Số …", "Tốc độ …"), the document's words otherwise kept. ``lead``: the text just before the
    value ("giảm 30%": a change of a number)."""
    s = " ".join((subject or "").split())
    if hit.kind != "count":  # a count's measure is its counted noun, whatever else is named
        s = _from_measure(_measure_first(s), hit)
    s = _trim_dangling(s)
    if not s:
        return s
    if hit.kind == "named":
        if "%" in hit.unit:  # "%/năm": a growth rate of what the name names
            s = _drop_change_verb(s)[0]
        s = _unit_measure(s, hit.unit)
    elif hit.kind == "percent":
        s, changed = _drop_change_verb(_drop_duty(s))
        change = changed or bool(_names()["change_lead"].search(lead))
        s = _ratio_name(_of_counted(s, hit.unit, change), change)
    elif hit.kind == "count":
        s = _count_name(s, hit.unit)
    return s


def problems(subject: str | None, unit: str | None = None) -> list[str]:
    """Why ``subject`` would not read as an indicator's name out of context (none when it does):
    empty, a fragment (ends or starts on a preposition, conjunction or bracket; unbalanced
    brackets), a bare generic word, a percentage with no measure noun ("Tỷ lệ …"), a rate of
    things with nothing said of them ("Tỷ lệ khu dân cư": covered by what?), a duty rather than
    what it is to achieve ("Tỷ lệ đôn đốc các doanh nghiệp …"), a thing with no quantity for a
    unit that measures one ("Xoài" for tấn or USD: "Sản lượng …", "Giá trị …"), or a value of a rate unit named
    by its unit ("Số trẻ sơ sinh trai/100 trẻ sơ sinh gái" for "Tỷ số giới tính khi sinh")."""
    n = _names()
    s = " ".join((subject or "").split())
    if not s:
        return ["trống"]
    out = []
    if n["dangling_end"].search(s) or n["measure_tail"].search(s) or s.endswith(("(", "“", '"')):
        out.append("cụt cuối")
    if n["dangling_start"].match(s) or s.startswith(")"):
        out.append("cụt đầu")
    if not _balanced(s) or s.count("“") != s.count("”"):
        out.append("ngoặc lệch")
    rest = s
    m = n["measure_start"].match(s)
    if m:
        rest = s[m.end() :].strip()
    unit_noun = (unit or "").lower()
    low_rest = rest.lower()
    if s.lower() in n["generic"] or low_rest in n["generic"] or s.lower() == unit_noun:
        out.append("chung chung")
    elif unit in ("%", "%/năm") and not m:
        out.append("thiếu tỷ lệ")
    elif m and low_rest in n["populations"]:
        out.append("chỉ có đối tượng")
    elif (
        not m
        and unit
        and (unit in n["unit_measures"] or unit in n["money_units"])
        and not n["money_holder"].search(s)
    ):
        out.append("thiếu đại lượng")  # "Xoài" = 13.500 tấn: its output? its area? its value?
    if n["duty_start"].match(rest):
        out.append("là nhiệm vụ")
    if "/" in unit_noun and "/" in s and low_rest.startswith(unit_noun.split("/")[0].strip()):
        out.append("tên là đơn vị đo")
    return out


# --- Rows of a table of indicators ---------------------------------------------------------------

_TOTAL_ROW = re.compile(r"(?i)^\s*(?:tổng|tổng cộng|cộng)(?:\s+(?:số|cộng|[IVX]+|\d+|[+&]))*\s*$")


def _kind_of_unit(unit: str) -> str:
    """The kind of value a table's unit gives, as ``measures.scan`` would call it."""
    if unit in ("%", "%/năm"):
        return "percent"
    if unit in ("rank", "index"):
        return unit
    if unit in _names()["unit_measures"] or unit in _names()["money_units"]:
        return "named"
    return "count"


def _as_tail(group: str) -> str:
    """A group row's name written after another name: "CÂY CÔNG NGHIỆP", "Cà Phê" → lower case."""
    words = group.split()
    if group.isupper() or all(w[:1].isupper() and w[1:].islower() for w in words if len(w) > 1):
        return group.lower()
    return _lower_first(group)


def _says_group(label: str, group: str) -> bool:
    """ "Sản lượng cà phê nhân" under "Cà Phê" already names its group (whole words, with their
    accents: "Sản lượng" does not name "Sắn")."""
    g = re.escape(" ".join(group.lower().split()))
    return bool(re.search(rf"(?<![\w]){g}(?![\w])", " ".join(label.lower().split())))


def table_name(
    label: str,
    unit: str,
    *,
    measure: str = "",
    qualifier: str = "",
    group: str = "",
    whole: str = "",
) -> str:
    """A row of a table of indicators as an indicator's name, from the row's label and what the
    table says around it:

    - ``measure``: the quantity its column's header names ("Lượng", "Giá trị tham gia xuất khẩu"),
      written first ("Giá trị tham gia xuất khẩu xoài"); ``qualifier``: what a bare quantity's
      sibling header adds ("tham gia xuất khẩu" for "Lượng": "Lượng xoài tham gia xuất khẩu");
      a total row ("Tổng I + II") is the total of that quantity;
    - ``group``: the group row over it, when the label is a bare quantity ("Diện tích" under
      "Cà phê": "Diện tích cà phê");
    - the unit: a percentage of a named whole ("% GDP", "% tổng chi NSNN") is a weight in it,
      another percentage a rate ("Tỷ lệ …"), a count the number of its noun, a unit that measures
      one quantity that quantity (ha: "Diện tích …", tấn: "Sản lượng …"), money its value.
    The document's words are kept."""
    s = " ".join((label or "").split())
    m = " ".join((measure or "").split())
    if m and _TOTAL_ROW.match(s):
        return _upper_first(f"tổng {_lower_first(m)}")
    if m and not _names()["measure_start"].match(s):
        s = f"{m} {_lower_first(s)} {qualifier}".strip()
    elif group and len(s.split()) <= 4 and not _says_group(s, group):
        s = f"{s} {_as_tail(group)}"
    n = _names()
    if not s or n["measure_start"].match(s):
        if "%" in unit:  # "Số lượng đơn đăng ký sáng chế tăng trung bình" (%/năm): its growth
            s = _drop_change_verb(s)[0]
        return _upper_first(_trim_dangling(s))  # the table names its quantity: its words stand
    kind = _kind_of_unit(unit)
    if kind == "percent" and whole and _is_share_whole(whole):
        return _upper_first(f"tỷ trọng {_lower_first(s)} trong {whole}")
    if unit in n["money_units"]:
        return _upper_first(f"giá trị {_lower_first(s)}")
    return _upper_first(readable(s, Hit(0, 0, 0, unit, kind)))


def _is_share_whole(whole: str) -> bool:
    """ "GDP", "tổng chi NSNN": a whole a share is taken of; not people ("% dân số": a rate of
    them, "Tỷ lệ …")."""
    people = vocab.load("subjects")["rate_wholes"]
    low = " ".join(whole.lower().split())
    return bool(_rx()["share_whole"].match(low)) and not any(
        low == w or low.startswith(w + " ") for w in people
    )


def measure_split(name: str) -> tuple[str, str]:
    """ "Giá trị tham gia xuất khẩu" → ("Giá trị", "tham gia xuất khẩu"); "Lượng" → ("Lượng",
    ""); a name that does not start with a quantity → ("", name)."""
    s = " ".join(name.split())
    m = _names()["measure_start"].match(s)
    if not m:
        return "", s
    return s[: m.end()].strip(), s[m.end() :].strip()
