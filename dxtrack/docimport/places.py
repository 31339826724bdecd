"""Whose figure is it: the document's own province, and the place that is the subject of a value.

A plan reports its own province's results, but also the country's ("Việt Nam … xếp hạng 71/193"),
a province merged into it ("Tỉnh Bắc Kạn (trước hợp nhất) đã … đạt 7,31%") or a list per province
("gồm: Tỉnh Thái Nguyên 95 nhiệm vụ; tỉnh Bắc Kạn 36 nhiệm vụ"). ``place_of`` returns the place
written as the subject of a value, or None when it is the document's own province or none is clear.
Contexts are tried innermost first: the value's own segment (from the last ';' or '(' before it),
the sentence, the paragraph's first sentence, the heading ("2. Tại Việt Nam"). A place counts as a
subject only at the start of its segment / sentence or after a comma, ':' or "của", and followed by
the value or a verb ("đã", "đạt", "xếp" …). Vocabulary: vocab/places.json.
"""

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any

from dxtrack.core.text import match_key

from . import vocab
from .blocks import Block
from .document import central_issuer

OWN = "__own__"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], list[str], set[str]]:
    pv = vocab.load("places")
    names = sorted(pv["provinces"], key=len, reverse=True)
    prefixes = sorted(pv["prefixes"], key=len, reverse=True)
    prefix = "|".join(re.escape(p) for p in prefixes)
    country = "|".join(re.escape(c) for c in sorted(pv["country"], key=len, reverse=True))
    quals = "|".join(re.escape(q) for q in pv["qualifiers"])
    rx = re.compile(
        rf"(?<![\w])(?:(?P<pre>(?i:{prefix}))\s+(?P<n1>[^\W\d_][\w\-]*(?:\s+[^\W\d_][\w\-]*){{0,3}})"
        rf"|(?P<n2>{'|'.join(re.escape(n) for n in names)})(?![\w])"
        rf"|(?P<c>(?i:{country}))(?![\w]))"
        rf"(?P<q>\s*\((?:{quals})\))?"
    )
    verbs = re.compile(
        r"^\s*(?::\s*)?(?:"
        + "|".join(re.escape(v) for v in sorted(pv["verbs"], key=len, reverse=True))
        + r")(?!\w)",
        re.I,
    )
    own = [match_key(w) for w in pv["own"]]
    return rx, verbs, own, {match_key(n) for n in names}


class Place:
    """One place written in a text: where, as written, and a key for comparison."""

    __slots__ = ("start", "end", "text", "key")

    def __init__(self, start: int, end: int, text: str, key: str) -> None:
        self.start, self.end, self.text, self.key = start, end, text, key


def find_places(text: str) -> list[Place]:
    """Places in ``text``: "tỉnh/thành phố + capitalised name", a known province name, the country;
    with a remark in brackets ("(trước hợp nhất)")."""
    rx = _patterns()[0]
    quals = "|".join(re.escape(q) for q in vocab.load("places")["qualifiers"])
    out = []
    for m in rx.finditer(text):
        if m.group("n1") is not None:
            words = []
            for w in re.finditer(r"\S+", m.group("n1")):
                core = w.group(0)
                if not core[0].isupper():
                    break
                trail = re.search(r"[^\w\-]+$", core)
                words.append((w, trail))
                if trail:
                    break
            if not words:
                continue
            last, trail = words[-1]
            end = m.start("n1") + last.end() - (len(trail.group(0)) if trail else 0)
            name = text[m.start("n1") : end]
            q = re.match(rf"\s*\((?:{quals})\)", text[end:])
            full_end = end + (q.end() if q else 0)
            written = f"{m.group('pre').lower()} {name}" + (" " + q.group(0).strip() if q else "")
            out.append(Place(m.start(), full_end, written, match_key(name)))
        else:
            txt, key = _name(m)
            out.append(Place(m.start(), m.end(), txt, key))
    return out


def province_of(doc: dict[str, Any], lines: list[str]) -> str | None:
    """The document's own province: from the issuer ("UBND tỉnh X"), the header lines, the place of
    issue when it is a province ("Thái Nguyên, ngày …"), or the title ("… tỉnh X")."""
    if central_issuer(doc.get("issuer")):
        return None  # a ministry, the Government, the Politburo …: no province of its own
    rx, _, _, names = _patterns()
    if any(re.match(r"^[\s*#]*BỘ\s", line) for line in lines[:12]) or re.search(
        r"(?:^|\s)của Bộ\s", doc.get("title") or ""
    ):
        return None  # a ministry's plan: no province of its own
    for text in (doc.get("issuer") or "",):
        m = re.search(r"(?i:tỉnh|thành phố)\s+(.+)$", text)
        if m and match_key(m.group(1)) in names:
            return m.group(1).strip()
    for line in lines[:12]:
        m = re.search(r"(?i:TỈNH|THÀNH PHỐ)\s+([^\n*|]{2,30})", line)
        if m:
            cand = match_key(m.group(1).strip(" *"))
            for n in vocab.load("places")["provinces"]:
                if match_key(n) == cand:
                    return str(n)
    issuer = match_key(doc.get("issuer") or "")
    if (
        doc.get("place")
        and match_key(doc["place"]) in names
        and (not issuer or re.search(r"tinh|thanh pho", issuer))
    ):
        return str(doc["place"])  # "Hà Nội, ngày …" of a ministry is no province of the plan
    for p in find_places(doc.get("title") or ""):
        if p.key != "viet nam":
            return re.sub(r"^(?i:tỉnh|thành phố|tp\.?)\s+", "", p.text.split(" (")[0])
    return None


def _name(m: re.Match[str]) -> tuple[str, str]:
    """(place as written, key for comparison)."""
    if m.group("c"):
        text = m.group("c")
        return (
            text if text[0].isupper() and match_key(text) == "viet nam" else text.lower()
        ), match_key(text)
    name = (m.group("n1") or m.group("n2") or "").strip()
    pre = (m.group("pre") or "").lower()
    text = f"{pre} {name}".strip() + (" " + m.group("q").strip() if m.group("q") else "")
    return text, match_key(name)


def _subject_place(seg: str, own_key: str | None, end_ok: bool = False) -> str | None:
    """The place written as the subject of ``seg`` (text leading up to a value or a verb), OWN when it is
    the document's province, else None. ``end_ok``: a place right before the value counts
    ("tỉnh Bắc Kạn 36 nhiệm vụ")."""
    rx, verbs, own, _ = _patterns()
    f = match_key(seg)
    if any(re.search(rf"(?:^|\W){re.escape(w)}(?:\W|$)", f) for w in own) or re.search(
        r"(?i:của\s+tỉnh)(?!\s+[A-ZĐ])", seg
    ):
        return OWN
    for m in find_places(seg):
        pre = seg[: m.start].rstrip(" *").lstrip(";( *")
        fpre = match_key(pre)
        if pre and not (
            pre.endswith((",", ":", "("))
            or re.search(r"(?:^|\W)(?:cua|gom|trong do|trong do co)$", fpre)
        ):
            continue
        post = seg[m.end :]
        if not (verbs.match(post) or end_ok and not post.strip(" :*")):
            continue
        if own_key and m.key == own_key:
            return OWN
        return m.text
    return None


_SENT = re.compile(r"(?<=[.!?…])[\s⁰¹²³⁴⁵⁶⁷⁸⁹]+(?=[A-ZĐÀ-Ỹ])")


@lru_cache(maxsize=256)
def _sentence_starts(text: str) -> tuple[int, ...]:
    return (0,) + tuple(m.end() for m in _SENT.finditer(text))


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (computed once per paragraph, then a bisection)."""
    starts = _sentence_starts(text)
    return starts[bisect_right(starts, pos) - 1]


def heading_place(stack: list[Block] | None, own_key: str | None) -> str | None:
    """A heading that names a place ("2. Tại Việt Nam"): the section reports that place's figures."""
    rx, _, _, _ = _patterns()
    leads = vocab.folded_list("places", "heading_lead")
    for h in reversed(stack or []):
        title = h.text.strip(" .:*")
        f = match_key(title)
        for w in leads:
            if f.startswith(w + " "):
                rest = title[len(w) + 1 :].strip()
                found = find_places(rest)
                if len(found) == 1 and found[0].start == 0 and found[0].end == len(rest):
                    return None if own_key and found[0].key == own_key else found[0].text
    return None


def place_of(
    block_text: str,
    pos: int,
    hit_start: int,
    prev_end: int,
    own: str | None,
    default: str | None = None,
) -> str | None:
    """The place whose value starts at ``hit_start`` of ``block_text`` (``pos``: where the value's
    clause starts; ``prev_end``: end of the previous value in the block, or -1)."""
    own_key = match_key(own) if own else None
    # 1. the value's own segment: from the last ';' / '(' (or the previous value) to the value
    seg_start = max(
        block_text.rfind(";", 0, hit_start), block_text.rfind("(", 0, hit_start), prev_end, 0
    )
    s0 = sentence_start(block_text, hit_start)
    seg_start = max(seg_start, s0)
    seg = block_text[seg_start:hit_start]
    found = _subject_place(seg, own_key, end_ok=True)
    if found:
        return None if found == OWN else found
    # 2. the sentence: a place at its start or after a comma, followed by a verb
    first = _subject_place(_head(block_text[s0:hit_start]), own_key)
    if first:
        return None if first == OWN else first
    # 3. the paragraph's first sentence
    if s0 > 0:
        head = _first_sentence(block_text)
        first = _subject_place(_head(head), own_key)
        if first:
            return None if first == OWN else first
    return default


@lru_cache(maxsize=256)
def _first_sentence(text: str) -> str:
    end = _SENT.search(text)
    return text[: end.start()] if end else text


def _head(sentence: str) -> str:
    """A sentence up to its first value or bracket: where its subject is written."""
    m = re.search(
        r"(?<![\d.,])(?!(?:19|20)\d{2}(?!\d|[.,]\d))\d|\((?!(?:trước|sau) hợp nhất)", sentence
    )
    return sentence[: m.start()] if m else sentence
