"""Document metadata: number, kind, issuer, title, issue date, place, horizon year.

The header of an official document (Nghị định 30/2020, Hướng dẫn 36-HD/VPTW) is a two-column
table: the issuing agency on the left ("ỦY BAN NHÂN DÂN" / "TỈNH X", "BỘ VĂN HÓA, THỂ THAO" / "VÀ DU
LỊCH"), the national motto on the right, then "Số: …" and "…, ngày …". Readers and portals write the
two columns one after the other or interleaved, with the agency's name cut anywhere; the issuer is
rebuilt from the upper-case lines just above the number, whatever the motto lines between them.
A legal portal's own fields ("Số hiệu:", "Loại văn bản:", "Nơi ban hành:", "Ngày ban hành:") fill
what the text's header does not give. Word lists: ``vocab/headings.json`` (kinds), ``vocab/issuers.json``.
"""

import re
from datetime import date
from functools import cache, lru_cache
from typing import Any

from dxtrack.core.text import match_key

from . import vocab
from .blocks import Block
from .textutil import clean_inline

_DATE_LINE = re.compile(
    r"^(?P<place>[^,\d]{2,40}),\s*ngày\s*(?:"
    r"(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))",  # "ngày 05/3/2025"
    re.I,
)
# a draft: "Lào Cai, ngày      tháng 5 năm 2024" names the place, not the day
_DRAFT_DATE_LINE = re.compile(r"^(?P<place>[^,\d]{2,40}),\s*ngày[\s._…]*tháng\b", re.I)
_PORTAL_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_HEAD_LINES = 120  # a portal copy prints its own fields and notices before the text
_HEAD_CHARS = 400  # header lines are short: a long paragraph is read only as far as needed


def metadata(
    lines: list[str], blocks: list[Block], warnings: list[dict[str, Any]]
) -> dict[str, Any]:
    head = _number_label_joined(_head_entries(lines))
    doc: dict[str, Any] = {
        "number": None,
        "kind": None,
        "issuer": None,
        "title": None,
        "issued_on": None,
        "place": None,
        "horizon_year": None,
    }
    portal, portal_lines = _portal_fields(lines)
    number_line = number_at = None
    suffix = ""
    for at, (ln, text) in enumerate(head):
        m = _number_re().match(text)
        if m and number_line is None:
            number_line, number_at, suffix = ln, at, re.sub(r"\s+", "", m.group("s"))
            if m.group("n")[:1].isdigit():  # "Số:      /KH-UBND" of a draft has no number yet
                doc["number"] = f"{m.group('n').strip()}/{suffix}".replace(" ", "")
        d = _DATE_LINE.match(text)
        if m and not d:
            # "Số: 45/KH-UBND<Tab>Bắc Ninh, ngày 20 tháng 02 năm 2025": number and date on one line
            d = _DATE_LINE.match(text[m.end() :].strip())
        if not d and not doc["place"]:
            draft = _DRAFT_DATE_LINE.match(text[m.end() :].strip() if m else text)
            if draft:
                doc["place"] = draft.group("place").strip()
        if d and not doc["issued_on"]:
            doc["place"] = d.group("place").strip()
            day, month, year = (d.group(k) or d.group(k + "2") for k in ("d", "m", "y"))
            try:
                doc["issued_on"] = date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                warnings.append(
                    {
                        "line": ln,
                        "code": "impossible-date",
                        "message": f"Ngày ban hành không có thật: {d.group(0)}.",
                    }
                )
    kind_line = _kind(head, portal_lines, doc)
    if kind_line and not doc["title"]:
        doc["title"] = _title_after(lines, kind_line)
    elif kind_line and _is_upper(doc["title"]) and len(doc["title"].split()) <= 3:
        # "KẾ HOẠCH HÀNH ĐỘNG" / "THỰC HIỆN NGHỊ QUYẾT …": the kind's words go on into the title
        after = _title_after(lines, kind_line)
        if after and _is_upper(after):
            doc["title"] = f"{doc['title']} {after}"
    if not doc["number"] and portal.get("number"):
        doc["number"] = portal["number"].replace(" ", "")
    if not doc["issued_on"] and portal.get("issued_on"):
        doc["issued_on"] = _portal_date(portal["issued_on"])
    if doc["number"] and not suffix:
        suffix = doc["number"].split("/", 1)[-1]  # from the portal's "Số hiệu"
    number_kinds = vocab.load("headings")["number_kinds"]
    if not doc["kind"] and portal.get("kind"):
        kinds = {match_key(k): v for k, v in vocab.load("headings")["kinds"].items()}
        doc["kind"] = kinds.get(match_key(portal["kind"]))
    if not doc["kind"] and suffix:
        code = re.split(r"[-/]", suffix)[0]
        doc["kind"] = number_kinds.get(code)
    if not doc["kind"] and doc["number"]:
        doc["kind"] = _party_number_kind(doc["number"], number_kinds)
    subject = _subject_line(head, number_at) if number_at is not None else None
    if subject and not doc["title"]:
        doc["title"] = subject
    if subject and not doc["kind"]:
        doc["kind"] = "Công văn"  # the "V/v …" under the number is the official letter's mark
    kind_at = next((at for at, h in enumerate(head) if h[0] == kind_line), None)
    anchor_at = number_at if number_at is not None else kind_at
    enacted_by = doc.pop("_enacted_by", None)
    doc["issuer"] = _issuer(head, anchor_at, kind_line, suffix, doc["place"], portal, enacted_by)
    if number_line is None and kind_line is None and not doc["issuer"]:
        _fill_from_parent(head, doc)
    if number_line is None and kind_line is None and not doc["number"]:
        _fill_from_lead(head, doc)
    doc["horizon_year"] = horizon_of_title(doc["title"] or "") or horizon_of_goals(blocks)
    number_text = head[number_at][1] if number_at is not None else ""
    _unread_header_warnings(doc, number_text, number_line, kind_line, warnings)
    return doc


# the subject of an official letter, under its number (Nghị định 30/2020): "V/v xin ý kiến …"
_SUBJECT = re.compile(r"(?:^|\s)(?P<t>(?:V/v|Về việc)\s+\S.*)$")
_SUBJECT_REACH = 3


def _subject_line(head: list[tuple[int, str]], number_at: int) -> str | None:
    """ "Số 402-CV/VPĐU" / "V/v xin ý kiến dự thảo báo cáo …": a letter's subject, on the number's
    line (a reader joins them) or just under it, is its title."""
    number_text = head[number_at][1]
    m = _number_re().match(number_text)
    after = [number_text[m.end() :] if m else ""]
    after += [text.strip() for _ln, text in head[number_at + 1 :] if text][: _SUBJECT_REACH + 3]
    for k, text in enumerate(after[: _SUBJECT_REACH + 1]):
        s = _SUBJECT.search(text.strip()) if k == 0 else _SUBJECT.match(text)
        if s:
            # a subject the header cell wraps ("V/v triển khai thực hiện" / "chuyển đổi số …")
            pieces = [s.group("t").strip()]
            for more in after[k + 1 : k + 4]:
                if not more[:1].islower() or _DATE_LINE.match(more):
                    break
                pieces.append(more)
            return _without_preamble(" ".join(pieces))[:300] or None
    return None


def _party_number_kind(number: str, number_kinds: dict[str, str]) -> str | None:
    """A party document's number names its kind before the issuer's code: "402-CV/VPĐU" (công
    văn), "69-KL/TW" (kết luận), "18-NQ/TU"."""
    m = re.match(r"^\d+[.\w]*-(?P<code>[^\W\d_]+)/", number)
    if not m:
        return None
    code = m.group("code")
    return number_kinds.get(code) or ("Công văn" if code.upper() == "CV" else None)


_PARENT_LINE = re.compile(
    r"^\(?\s*(?:Ban hành\s+)?kèm theo\s+(?P<what>[^()]{0,80}?)\bsố\s*:?\s*"
    r"(?P<n>\d[\w.\-]{0,11}?|[\s._…]{0,30}?)\s*/\s*(?P<s>(?:\d{4}\s*/\s*)?[^\W\d_][\wĐđ\-]*)"
    r"(?:[^()]*?\bngày\s*(?P<d>\d{1,2})\s*(?:tháng\s*|/\s*)(?P<m>\d{1,2})\s*(?:năm\s*|/\s*)"
    r"(?P<y>\d{4}))?(?:[^()]*?\bcủa\s+(?P<by>[^()]+?))?\s*\)?$",
    re.I,
)
_PARENT_REACH = 12  # an appendix names its parent under its own heading, at the top


def _fill_from_parent(head: list[tuple[int, str]], doc: dict[str, Any]) -> None:
    """An appendix saved on its own has no header, but names the document it belongs to under its
    heading ("(Kèm theo Chương trình hành động tại Nghị quyết số /NQ-CP ngày 01 tháng 01 năm 2025
    của Chính phủ)"): that document's kind, issuer, number and day are the appendix's."""
    for _ln, text in [h for h in head if h[1]][:_PARENT_REACH]:
        m = _PARENT_LINE.match(text.strip(" *_"))
        if not m:
            continue
        kinds = {match_key(k): v for k, v in vocab.load("headings")["kinds"].items()}
        what = match_key(m.group("what"))
        named = [(what.rfind(k), v) for k, v in kinds.items() if k in what]
        doc["kind"] = max(named)[1] if named else doc["kind"]
        if m.group("n")[:1].isdigit():
            doc["number"] = f"{m.group('n').strip()}/{m.group('s')}".replace(" ", "")
        if m.group("y"):
            try:
                day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                doc["issued_on"] = day.isoformat()
            except ValueError:
                pass
        written = (m.group("by") or "").strip(" .;")
        by = written.upper()
        if _head_of(by) and by not in vocab.load("issuers")["needs_name"] and _complete(by):
            # the city as the appendix writes it ("Thành phố Hồ Chí Minh")
            place = re.search(r"(?i:tỉnh|thành phố)\s+.+$", written)
            doc["issuer"] = proper_name(by, place.group(0) if place else doc["place"])
        return


_GOAL_HEAD = re.compile(
    r"^mục tiêu\b|^chỉ tiêu\b|^(?:đến|tới)\s+(?:hết\s+)?năm\s+(?:19|20)\d{2}", re.I
)
_DEADLINE = re.compile(
    r"(?:đến|tới|trước|trong)\s+(?:hết\s+)?(?:năm\s+)?((?:19|20)\d{2})"
    r"|giai đoạn\s*(?:19|20)\d{2}\s*[-–]\s*((?:19|20)\d{2})",
    re.I,
)


_TERM = re.compile(r"(?:\s+Đảng)?\s+kh(?:oá|óa|oa)\s+[IVXL]+$", re.I)
_LEAD_REACH = 4  # a republished text names itself in its heading or first sentence


@cache
def _lead_re() -> re.Pattern[str]:
    kinds = sorted(vocab.load("headings")["kinds"], key=len, reverse=True)
    named = "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in kinds)
    return re.compile(
        rf"^(?P<kind>{named})\s+(?:số\s*:?\s*)?(?P<n>\d[\w.\-]*/[\wĐđ.\-/]*[\wĐđ])"
        r"(?:\s*,?\s*ngày\s*(?P<d>\d{1,2})\s*(?:tháng\s*|/\s*)(?P<m>\d{1,2})\s*(?:năm\s*|/\s*)"
        r"(?P<y>\d{4}))?"
        r"(?:\s*,?\s*của\s+(?P<by>.+?))?(?:\s+(?P<about>về\s+.+))?\s*$",
        re.I,
    )


def _fill_from_lead(head: list[tuple[int, str]], doc: dict[str, Any]) -> None:
    """A text republished without its header names itself at the top: "# Kết luận số 69-KL/TW" and
    "Kết luận số 69-KL/TW ngày 11/01/2024 của Bộ Chính trị về tiếp tục …". Such a line, opening
    with the kind and its number, gives kind, number, day, issuer and title (the "về …" subject);
    a line that opens otherwise ("Thực hiện Kết luận số …") cites another document."""
    kinds = {match_key(k): v for k, v in vocab.load("headings")["kinds"].items()}
    for _ln, text in [h for h in head if h[1]][:_LEAD_REACH]:
        m = _lead_re().match(text.strip(" *_"))
        if not m:
            continue
        doc["kind"] = doc["kind"] or kinds.get(match_key(m.group("kind")))
        doc["number"] = doc["number"] or m.group("n")
        if m.group("y") and not doc["issued_on"]:
            try:
                day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                doc["issued_on"] = day.isoformat()
            except ValueError:
                pass
        # the term ("… Trung ương Đảng khoá XIII") is no part of the body's name
        by = _TERM.sub("", (m.group("by") or "").strip(" ,.;"))
        if by and not doc["issuer"] and _head_of(by.upper()) and _complete(by.upper()):
            # a sentence writes the body in its ordinary spelling already
            doc["issuer"] = by if not _is_upper(by) else proper_name(by, doc["place"])
        if m.group("about") and not doc["title"]:
            doc["title"] = m.group("about").strip()[:300]


def horizon_of_goals(blocks: list[Block]) -> int | None:
    """The horizon of a plan whose title names no year: the deadline its goals section is headed
    with ("II. MỤC TIÊU" / "1. Đến năm 2030", "2. Mục tiêu cụ thể đến năm 2030"); not its vision
    ("Tầm nhìn đến năm 2045"). The headings of the first goals section only, and only headings:
    a year inside a goal statement may be a milestone on the way."""
    heads = [b for b in blocks if b.kind in ("heading", "item") and len(b.text) < 120]
    start = next((i for i, b in enumerate(heads) if _GOAL_HEAD.match(b.text.strip())), None)
    if start is None:
        return None
    section = [heads[start]]
    for b in heads[start + 1 :]:
        if b.rank <= heads[start].rank:
            break
        section.append(b)
    years = [
        int(m.group(1) or m.group(2))
        for b in section
        for m in _DEADLINE.finditer(_VISION.sub(" ", b.text))
    ]
    return max(years) if years else _enclosing_deadline(blocks, heads[start])


def _enclosing_deadline(blocks: list[Block], goals: Block) -> int | None:
    """ "B- ĐỊNH HƯỚNG … ĐẾN NĂM 2020 VÀ TẦM NHÌN ĐẾN NĂM 2030" / "I- QUAN ĐIỂM" / "II- MỤC TIÊU":
    goals whose headings name no year are those of the part above them, in capitals, that does.
    Only that part: a heading of the goals' own rank ("I. KẾT QUẢ … ĐẾN NĂM 2025") is a sibling,
    and the first part above in capitals ends the search, whether it names a year or not."""
    at = next(i for i, b in enumerate(blocks) if b is goals)
    for b in reversed(blocks[:at]):
        if b.kind not in ("heading", "title") or len(b.text) > 200:
            continue
        if b.kind == goals.kind and b.style == goals.style and b.rank == goals.rank:
            continue  # a sibling of the goals heading
        if not _is_upper(b.text):
            continue  # a lower heading ("1- Mục tiêu tổng quát")
        own = _CITED_NUMBER.sub(" ", _CITED_DATE.sub(" ", b.text))
        years = [int(m.group(1) or m.group(2)) for m in _DEADLINE.finditer(_VISION.sub(" ", own))]
        return max(years) if years else None
    return None


def horizon_of_tasks(tasks: list[dict[str, Any]]) -> int | None:
    """The horizon of a plan whose title names no year of its own ("Kế hoạch triển khai Quyết định
    số 06/QĐ-TTg …"): the year its last task is due ("Quý II/2030", "Năm 2025-2030"), the plan's
    own end. A task done every year or "khi có phát sinh" has no end year and says nothing."""
    years = [t["end_year"] for t in tasks if isinstance(t.get("end_year"), int)]
    return max(years) if years else None


def _unread_header_warnings(
    doc: dict[str, Any],
    number_text: str,
    number_line: int | None,
    kind_line: int | None,
    warnings: list[dict[str, Any]],
) -> None:
    """Never a silent gap in the header: a number or an issuer that could not be read is said, at
    the line where it was looked for, so that the reviewer fills it in."""
    if not doc["number"]:
        if number_line:
            msg = (
                f"Văn bản chưa có số hiệu: dòng «{number_text[:60]}» để trống số "
                "(bản dự thảo?); điền số hiệu khi duyệt."
            )
        else:
            msg = (
                "Không đọc được số hiệu văn bản: phần đầu văn bản không có dòng «Số: …»; "
                "điền số hiệu khi duyệt."
            )
        warnings.append({"line": number_line or kind_line, "code": "no-number", "message": msg})
    if not doc["issuer"]:
        msg = (
            "Không xác định được cơ quan ban hành: phần đầu văn bản không có tên cơ quan đọc được "
            "(dòng chữ in hoa bên trái, trên số hiệu); điền cơ quan ban hành khi duyệt."
        )
        warnings.append({"line": number_line or kind_line, "code": "no-issuer", "message": msg})


# a document the title cites: its number ("số 06/QĐ-TTg", "57-NQ/TW", "72/2025/QH15") and the day
# it was issued ("ngày 02 tháng 01 năm 2025", "ngày 22/12/2024")
_CITED_NUMBER = re.compile(r"(?<![\w/])\d+[\w.\-]*(?:/[\wĐđ.\-]+)+", re.I)
_CITED_DATE = re.compile(
    r"\bngày\s*\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm\s*\d{4}|[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4})",
    re.I,
)
_VISION = re.compile(
    r"(?:tầm nhìn|định hướng)\s*(?:đến|tới)?\s*(?:năm)?\s*(?:19|20)\d{2}", re.I
)  # "tầm nhìn đến năm 2045", "định hướng đến năm 2030": beyond the plan
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_PERIOD = re.compile(r"giai đoạn\s*((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})", re.I)


def horizon_of_title(title: str) -> int | None:
    """The plan's horizon from its title: the end of its period ("giai đoạn 2026 - 2030"), else its
    latest year ("… đến năm 2030"). The vision ("tầm nhìn đến năm 2045", "định hướng đến năm
    2030") only when the title names no other year. Never a year of a document the plan carries
    out: the day it was issued ("Quyết định số 06/QĐ-TTg ngày 02 tháng 01 năm 2025") or its
    number ("Luật số 72/2025/QH15") says nothing of the plan's own end."""
    own = _CITED_NUMBER.sub(" ", _CITED_DATE.sub(" ", title))
    m = _PERIOD.search(own)
    if m:
        return int(m.group(2))
    years = [int(y) for y in _YEAR.findall(_VISION.sub(" ", own))]
    vision = [int(y) for y in _YEAR.findall(" ".join(_VISION.findall(own)))]
    return max(years or vision) if years or vision else None


@cache
def _number_label() -> str:
    """ "Số:", or the number cell named by the document's kind ("Nghị quyết số:", "Luật số:", as
    the National Assembly and the Government write it; the colon tells it from a citation)."""
    kinds = sorted(
        {*vocab.load("headings")["kinds"], *vocab.load("issuers")["number_label_kinds"]},
        key=len,
        reverse=True,
    )
    named = "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in kinds)
    return rf"(?:(?:{named})\s+số\s*:|Số\s*:?)"


@cache
def _number_re() -> re.Pattern[str]:
    # 2840/QĐ-UBND, 18-NQ/TU, 87 /2025/QĐ-UBND, a PDF's "15/2014/QĐ- UBND"; a draft's blank
    # "Số:    /KH-UBND", "…/KH-UBND";
    # never a count per something ("Số doanh nghiệp/1000 dân"): the number opens with a figure
    # and the code with a letter (or the year of a legal act's number)
    return re.compile(
        rf"^{_number_label()}\s*(?P<n>\d[\w.\-]{{0,11}}?|[\s._…]{{0,30}}?)\s*/\s*"
        r"(?P<s>(?:\d{4}\s*/\s*)?[^\W\d_][\wĐđ]*"
        r"(?:[-/][\wĐđ]+|\s*-\s*(?-i:[A-ZĐ]{2,}[a-z]?)(?!\w)|-)*)",
        re.I,
    )


@cache
def _number_label_re() -> re.Pattern[str]:
    return re.compile(rf"^{_number_label()}$", re.I)


# what can open a document number: its figures, or the blank of a draft ("…/KH-UBND", "/KH-UBND")
_NUMBER_START = re.compile(r"^[\d/._…]")
_BARE_NUMBER = re.compile(r"^[\d\s._…]*/[\wĐđ\-/]+$")


def _number_label_joined(head: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """ "Số:" alone on its line and "2820/QĐ-UBND" on the next (a header cell that a reader or a
    portal wrapped): the number is read as if written after its label, on the label's line."""
    out = list(head)
    for k, (ln, text) in enumerate(out):
        if not _number_label_re().match(text):
            continue
        nxt = next((j for j in range(k + 1, min(k + 4, len(out))) if out[j][1].strip("| ")), None)
        if nxt is not None and _NUMBER_START.match(out[nxt][1]):
            out[k] = (ln, f"{text} {out[nxt][1]}")
            out[nxt] = (out[nxt][0], "")
    return out


def _head_entries(lines: list[str]) -> list[tuple[int, str]]:
    """The header's lines as (line, text). A header written as a Markdown table by a converter
    ("| ỦY BAN NHÂN DÂN<br>TỈNH X | CỘNG HÒA …<br>Độc lập … |" / "| Số: 45/KH-UBND | X, ngày … |")
    is read cell by cell, and each cell piece by piece, left column first, as if written one
    under the other; a table of the body is left whole."""
    out: list[tuple[int, str]] = []
    for i, line in enumerate(lines[:_HEAD_LINES]):
        cells = _header_row_cells(line)
        texts = [_head_text(piece) for piece in cells] if cells else [_head_text(line)]
        out += [(i + 1, piece) for text in texts for piece in _unjoined(text)]
    return out


_STAR_BETWEEN = re.compile(r"\s\\?\*\s+(?=Số\b)")


def _unjoined(text: str) -> list[str]:
    """Header lines a reader ran into one ("BAN CHẤP HÀNH TRUNG ƯƠNG * Số 57-NQ/TW", "ĐẢNG CỘNG
    SẢN VIỆT NAM Hà Nội, ngày 22 tháng 12 năm 2024"), apart again: the agency and the number on
    either side of the party's "*", the motto and the place and day after it."""
    star = _STAR_BETWEEN.search(text)
    if star and _is_upper(text[: star.start()]):
        return [text[: star.start()].strip(), *_unjoined(text[star.end() :])]
    for motto in vocab.load("issuers")["mottos"]:
        n = len(motto)
        if len(text) <= n or text[:1].upper() != motto[:1]:
            continue  # most lines: not worth comparing
        rest = text[n:].strip(" -–")
        if match_key(text[:n]) == match_key(motto) and rest and _DATE_LINE.match(rest):
            return [text[:n], *_unjoined(rest)]  # "CỘNG HÒA … Độc lập - … Thái Nguyên, ngày"
    return [text]


def _header_row_cells(line: str) -> list[str] | None:
    """The pieces of a Markdown table row of the header (one with the motto, the number or the
    date in a cell), else None."""
    s = line.strip()
    if not (s.startswith("|") and s.endswith("|") and s.count("|") >= 3):
        return None
    pieces = [
        piece
        for cell in s[1:-1].split("|")
        for piece in re.split(r"<br\s*/?>", cell, flags=re.I)
        if piece.strip()
    ]
    texts = [_head_text(piece) for piece in pieces]
    mottos = _issuer_vocab()["mottos"]
    if any(
        _number_re().match(t)
        or _number_label_re().match(t)
        or _DATE_LINE.match(t)
        or any(m.search(t) for m in mottos)
        for t in texts
    ):
        return pieces
    return None


# the "*" a party document puts under its issuer, run by a reader into the number's line
_STAR_BEFORE_NUMBER = re.compile(r"^\s*(?:\\?\*\s*)+(?=Số\b)")


@lru_cache(maxsize=2048)
def _head_text(line: str) -> str:
    """A header line's words: heading hashes, a party's "*" and emphasis gone. Cached: a header
    row's cells are read once to tell a header row and again as its entries."""
    if not line.strip():
        return ""
    text = re.sub(r"^\s*#{1,6}\s+", "", line[:_HEAD_CHARS])
    text = _STAR_BEFORE_NUMBER.sub("", text)
    return clean_inline(text.replace("**", " ** ").replace("** **", " "))


# ---------------------------------------------------------------- portal fields, kind, title


def _portal_fields(lines: list[str]) -> tuple[dict[str, str], set[int]]:
    """A legal portal's fields before the text ("Số hiệu:" / "2530/QĐ-TTg", one cell per line or a
    row of cells): {field: value} and the lines of the values (a value "Quyết định" is no heading
    of the document)."""
    labels = {match_key(k): v for k, v in vocab.load("issuers")["portal_labels"].items()}
    cells = [
        (i + 1, _cell_text(cell))
        for i, line in enumerate(lines[:_HEAD_LINES])
        for cell in (line.split("\t") if "\t" in line else [line])
    ]
    out: dict[str, str] = {}
    value_lines: set[int] = set()
    for i, (_ln, text) in enumerate(cells):
        if not text.endswith(":"):
            continue
        field = labels.get(match_key(text.rstrip(": ")))
        if not field:
            continue
        for ln, value in cells[i + 1 : i + 4]:
            if value and value != "|":
                if not value.endswith(":"):
                    out.setdefault(field, value)
                    value_lines.add(ln)
                break
    return out, value_lines


def _cell_text(cell: str) -> str:
    if not cell.strip():
        return ""
    return clean_inline(cell) if len(cell) < 120 else "…"  # labels and values are short


def _portal_date(text: str) -> str | None:
    m = _PORTAL_DATE.match(text.strip())
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return None


def _kind(head: list[tuple[int, str]], skip: set[int], doc: dict[str, Any]) -> int | None:
    """The line naming the document's kind ("KẾ HOẠCH", "ĐỀ ÁN Phát triển …"); sets kind and,
    when the title follows on the same line, title. The heading written in capitals (as the
    official form writes it) wins over a mixed-case line that is only the kind's word."""
    kinds = {match_key(k): v for k, v in vocab.load("headings")["kinds"].items()}
    for upper_only in (True, False):
        for ln, text in head:
            if ln in skip:
                continue
            f = match_key(text).rstrip(":")
            for k, v in kinds.items():
                if upper_only and not text[: len(k)].isupper():
                    continue
                if f == k or (f.startswith(k + " ") and text[: len(k)].isupper()):
                    doc["kind"] = v
                    rest = _without_preamble(text[len(k) :].strip(" :"))
                    body, rest = _split_enactment(rest)
                    if body:
                        doc["_enacted_by"] = body
                    if rest:
                        doc["title"] = _trim_title(rest)
                    return ln
    return _legal_act_kind(head, skip, doc)


def _split_enactment(rest: str) -> tuple[str | None, str]:
    """ "CỦA BỘ CHÍNH TRỊ về đột phá …" run into the kind's line by a reader: the enacting body (in
    capitals, after "CỦA") and the title after it."""
    if not match_key(rest).startswith("cua "):
        return None, rest
    words = rest.split()[1:]
    n = next((i for i, w in enumerate(words) if not _is_upper(w)), len(words))
    return (" ".join(words[:n]) or None), " ".join(words[n:])


def _legal_act_kind(head: list[tuple[int, str]], skip: set[int], doc: dict[str, Any]) -> int | None:
    """A legal act's heading, alone on its line in capitals ("NGHỊ ĐỊNH", "LUẬT", "THÔNG TƯ"): its
    kind, and its line for the title after it. Not "QUY ĐỊNH" / "QUY CHẾ": those are issued with a
    decision, and an appendix saved alone takes its kind from that decision."""
    for ln, text in head:
        if ln in skip or not _is_upper(text):
            continue
        key = match_key(text).rstrip(":")
        kind = next((k for k in vocab.load("issuers")["act_headings"] if match_key(k) == key), None)
        if kind:
            doc["kind"] = kind[:1].upper() + kind[1:]
            return ln
    return None


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _title_after(lines: list[str], kind_line: int) -> str | None:
    """The title: the lines after the kind's line in the same paragraph, else the next paragraph;
    a "CỦA …" line (the enacting body) is left out, and the title stops where the writing changes
    from capitals to ordinary text (a portal copy runs the title into the first sentence)."""
    i = kind_line  # 0-based index of the line after the kind line
    raw: list[str] = []
    while i < len(lines) and lines[i].strip() and len(raw) < 6:
        raw.append(lines[i])
        i += 1
    if not raw or all(_names_enactment(line) for line in raw):
        # "NGHỊ QUYẾT" / "HỘI NGHỊ LẦN THỨ SÁU …" / (blank) / "VỀ …": the subject is further on
        raw = []
        while i < len(lines) and not lines[i].strip():
            i += 1
        while i < len(lines) and lines[i].strip() and len(raw) < 4:
            raw.append(lines[i])
            i += 1
    return _title_of_lines(raw)


def _names_enactment(line: str) -> bool:
    """The body or the meeting that enacted the document, under its kind ("CỦA BAN CHẤP HÀNH …",
    "HỘI NGHỊ LẦN THỨ SÁU BAN CHẤP HÀNH TRUNG ƯƠNG …", "KỲ HỌP THỨ 9"): not its title."""
    key = match_key(clean_inline(re.sub(r"^\s*#{1,6}\s+", "", line)))
    opens = [match_key(w) for w in vocab.load("issuers")["enactment_opens"]]
    return any(key == w or key.startswith(w + " ") for w in opens)


def _title_of_lines(raw: list[str]) -> str | None:
    out: list[str] = []
    for line in raw:
        text = re.sub(r"^\s*#{1,6}\s+", "", line)
        # "TITLE **THỦ TƯỚNG CHÍNH PHỦ** *Căn cứ …": the title is the first bold or plain run
        runs = _title_runs(text)
        run = clean_inline(runs[0]) if runs else ""
        if _without_preamble(run) != run:
            run, runs = _without_preamble(run), [run, ""]
        if not run or _names_enactment(run):
            continue
        if out and run.startswith(tuple(vocab.load("issuers")["title_stops"])):
            break  # "Căn cứ …", "Thực hiện …": the preamble after the title
        if out and _is_upper(run) != _is_upper(out[0]):
            break
        out.append(run)
        if len(runs) > 1 and clean_inline(text) != run:
            break  # the rest of the line is another paragraph glued to the title
    title = _trim_title(" ".join(out).strip()) or None
    if title and len(title) > 300:
        title = title[:300]
    return title


def _title_runs(text: str) -> list[str]:
    """A line's bold and plain runs, those that go on with the same sentence joined: "**về đột
    phá …, công nghệ**, **đổi mới sáng tạo và chuyển** đổi **số quốc gia**" (bold put on words
    here and there) is one run; a run that opens with a capital is another paragraph."""
    runs: list[str] = []
    for r in (r for r in text.split("**") if r.strip()):
        head = r.strip(" *_")[:1]
        if runs and (head in ",;" or head.islower()):
            runs[-1] = f"{runs[-1].rstrip()}{r}" if head in ",;" else f"{runs[-1]} {r}"
        else:
            runs.append(r)
    return runs


def _without_preamble(text: str) -> str:
    """ "… năm 2025 Căn cứ Luật …": the preamble glued to the title by a reader is cut off."""
    opens = "|".join(re.escape(w) for w in vocab.load("issuers")["preamble_opens"])
    cut = re.search(rf"\s(?:{opens})\s", text)
    return text[: cut.start()].rstrip(" ,;:") if cut else text


def _trim_title(title: str) -> str:
    """An upper-case title ends before the first word in ordinary writing ("… ĐỀ ÁN 06 Ngày 15
    tháng 11 …": the first sentence of the text glued to it)."""
    words = title.split()
    if len(words) < 3 or not all(
        _is_upper(w) or not any(c.isalpha() for c in w) for w in words[:2]
    ):
        return title
    for i, w in enumerate(words):
        core = w.strip("“”\"'(),.;:")
        if i >= 2 and core.isalpha() and len(core) > 1 and (core.islower() or core.istitle()):
            return " ".join(words[:i]).rstrip(" ,;:")
    return title


# ---------------------------------------------------------------- issuer


@cache
def _issuer_vocab() -> dict[str, Any]:
    data = vocab.load("issuers")

    def words_re(phrases: list[str]) -> list[tuple[str, re.Pattern[str]]]:
        pats = [
            (p, re.compile(r"^" + r"\s+".join(re.escape(w) for w in p.split()) + r"(?!\w)"))
            for p in phrases
        ]
        return sorted(pats, key=lambda pp: -len(pp[0]))

    # a motto, or a piece of one cut by the header's wrapping: three words or more anywhere
    # ("XÃ HỘI CHỦ NGHĨA"), the first two at a line's end ("… CỘNG HÒA")
    pieces: set[str] = set()
    for m in data["mottos"]:
        w = m.split()
        pieces |= {
            r"\s*".join(re.escape(x) for x in w[i:j])
            for i in range(len(w))
            for j in range(i + 3, len(w) + 1)
        }
        pieces.add(r"\s*".join(re.escape(x) for x in w[:2]) + r"\s*$")
    mottos = [re.compile(p, re.I) for p in sorted(pieces, key=len, reverse=True)]
    return {
        "heads": words_re(list(data["heads"])),
        "levels": words_re(list(data["levels"])),
        "mottos": mottos,
    }


def _header_text(text: str) -> str:
    """A header line without the motto column, separators and markup."""
    for pat in _issuer_vocab()["mottos"]:
        text = pat.sub(" ", text)
    text = re.sub(r"[-_=–—]{3,}|\*+|#+", " ", text)
    return " ".join(text.split()).strip(" |")


def _agency_block(head: list[tuple[int, str]], anchor_at: int) -> list[str]:
    """The upper-case lines just above line ``anchor`` (the number, or the kind when there is no
    number), skipping blank lines, the motto column and the date: the left column of the header."""
    out: list[str] = []
    for _ln, text in reversed(head[:anchor_at]):
        if _DATE_LINE.match(text) or _number_re().match(text) or _number_label_re().match(text):
            continue
        if _BARE_NUMBER.match(text):
            continue  # "2820/QĐ-UBND" under a "Số:" the reader left on its own line
        t = _header_text(text)
        if not t:
            continue
        if not _is_upper(t) or len(out) >= 6:
            break
        out.append(t)
    return out[::-1]


def _head_of(text: str) -> str | None:
    for h, pat in _issuer_vocab()["heads"]:
        if pat.match(text):
            return str(h)
    return None


def _complete(unit: str) -> bool:
    """An agency's name that a following line would not continue."""
    data = vocab.load("issuers")
    u = unit.rstrip()
    if u.endswith((",", "-", "&")) or re.search(r"\sVÀ$", u):
        return False
    if u in data["needs_name"]:
        return False
    last = u.split()[-1] if u.split() else ""
    return not any(last == lvl.split()[-1] for lvl in data["levels"])


def _units(block: list[str]) -> list[str]:
    """The header's lines grouped into agencies: a line opens a new one only when it starts with
    an agency head ("SỞ", "BỘ", "TỈNH ỦY" …) and the one above is a whole name. Lines joined by a
    reader ("ỦY BAN NHÂN DÂN TỈNH X SỞ Y TẾ") are cut where a head follows a body named by its
    place."""
    units: list[str] = []
    for line in block:
        if units and (_head_of(line) is None or not _complete(units[-1])):
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
    return [part for unit in units for part in _split_inside(unit)]


def _split_inside(unit: str) -> list[str]:
    words = unit.split()
    data = vocab.load("issuers")
    levels = [lv.split() for lv in data["levels"]]
    parent = _head_of(unit) in data["parent_heads"]
    for i in range(2, len(words)):
        before = words[:i]
        named = any(
            before[k : k + len(lv)] == lv and k + len(lv) < len(before)
            for lv in levels
            for k in range(len(before))
        )
        head = _head_of(" ".join(words[i:]))
        if (
            head
            # a head with a name after it, or a body named by its parent ("… VĂN PHÒNG")
            and (len(words) - i > len(head.split()) or head in data["of_parent"])
            and (named or parent and i >= 3)
            and _complete(" ".join(before))
        ):
            return [" ".join(before), *_split_inside(" ".join(words[i:]))]
    return [unit]


def _issuer_of_block(block: list[str]) -> str | None:
    """The issuing agency of a header block, upper case: the lowest agency ("UBND TỈNH X" / "SỞ Y
    TẾ" → the department), named with the one above when it is one of its bodies ("ĐẢNG BỘ TỈNH X"
    / "BAN CHẤP HÀNH")."""
    units = _units(block)
    if not units:
        return None
    issuer = units[-1]
    if len(units) > 1:
        issuer = _committee_of_party(issuer, units[-2]) or issuer
    head = _head_of(issuer)
    if head in vocab.load("issuers")["of_parent"] and len(units) > 1 and issuer.strip() == head:
        issuer = f"{issuer} {units[-2]}"
    return issuer


def _committee_of_party(unit: str, above: str) -> str | None:
    """A party committee under its party organisation (Hướng dẫn 36-HD/VPTW: "ĐẢNG BỘ TỈNH
    THÁI NGUYÊN" / "TỈNH ỦY"): the committee named by the place ("TỈNH ỦY THÁI NGUYÊN", "BAN
    THƯỜNG VỤ TỈNH ỦY THÁI NGUYÊN", "ĐẢNG ỦY XÃ X"), not by the organisation above it."""
    data = vocab.load("issuers")
    org = "ĐẢNG BỘ"
    if not above.startswith(org + " ") or unit not in data["party_committees"]:
        return None
    rest = above[len(org) :].strip()
    level = next((lv for lv in data["party_level_committees"] if rest.startswith(lv + " ")), None)
    committee = data["party_level_committees"][level] if level else "ĐẢNG ỦY"
    name = rest[len(level) :].strip() if level else rest
    if unit == "ĐẢNG ỦY" or unit == "ĐẢNG UỶ":
        return f"{unit} {rest}"
    if match_key(unit) == match_key(committee):
        return f"{unit} {name}"
    if unit in data["of_parent"] and committee != "ĐẢNG ỦY":
        return f"{unit} {committee} {name}"  # "BAN THƯỜNG VỤ" of the provincial committee
    return None


def proper_name(upper: str, place: str | None = None) -> str:
    """An agency's name written in capitals, in its ordinary spelling: "BỘ VĂN HÓA, THỂ THAO VÀ DU
    LỊCH" → "Bộ Văn hóa, Thể thao và Du lịch", "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" → "Ủy ban nhân
    dân thành phố Cần Thơ"; a level without a name takes ``place`` ("… TỈNH" → "… tỉnh Thái Nguyên")."""
    data = vocab.load("issuers")
    v = _issuer_vocab()
    text = " ".join(upper.split())
    out: list[str] = []
    head = _head_of(text)
    capitalised = head in data["capitalised_names"]
    place_mode = head in data["place_heads"]
    if head:
        out.append(data["heads"][head])
        text = text[len(head) :].strip()
    cap_next = capitalised
    while text:
        lvl = next((lv for lv, pat in v["levels"] if pat.match(text)), None)
        if lvl:
            out.append(data["levels"][lvl])
            text = text[len(lvl) :].strip()
            place_mode = True
            continue
        sub = _head_of(text) if not out or out[-1] in data["heads"].values() else None
        if sub and sub != head and out:
            out.append(proper_name(text, place))
            break
        word, _, text = text.partition(" ")
        if word.lower() == "và":
            out.append("và")
            cap_next = capitalised
            continue
        if re.fullmatch(r"[IVXL]{2,6}[,.]?", word):
            out.append(word)  # a term's number ("KHOÁ XIII") stays a Roman numeral
        elif place_mode or cap_next:
            out.append("-".join(p.capitalize() for p in word.split("-")))
        else:
            out.append(word.lower())
        cap_next = capitalised and word.endswith(",")
    name = _proper_words(" ".join(out))
    for known in [*data["names"], *_agency_names()]:
        if match_key(known) == match_key(name):
            return str(known)
    return _with_place(name, place)


@cache
def _agency_names() -> tuple[str, ...]:
    return tuple(u["name"] for u in vocab.load("agencies")["units"])


def _issuer(
    head: list[tuple[int, str]],
    anchor_at: int | None,
    kind_line: int | None,
    suffix: str,
    place: str | None,
    portal: dict[str, str],
    enacted_by: str | None = None,
) -> str | None:
    # "NGHỊ QUYẾT" / "CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH": the enacting body named under the kind
    # (or on its line, "NGHỊ QUYẾT CỦA BỘ CHÍNH TRỊ", when a reader joined them)
    if enacted_by and _head_of(enacted_by) and _complete(enacted_by):
        return proper_name(enacted_by, place)
    if kind_line:
        for _ln, text in [h for h in head if kind_line < h[0] <= kind_line + 2]:
            if match_key(text).startswith("cua "):
                body = text[4:].strip()
                if _head_of(body.upper()):
                    return proper_name(body.upper(), place)
    if anchor_at is not None:
        found = _issuer_of_block(_agency_block(head, anchor_at))
        # only a name that opens as an agency does ("CÔNG TY …" or a stray heading is not trusted)
        if found and _head_of(found) and found not in vocab.load("issuers")["needs_name"]:
            return proper_name(found, place)
    if portal.get("issuer") and _head_of(portal["issuer"].upper()):
        return portal["issuer"]
    parts = re.split(r"[-/]", suffix) if suffix else []
    number_issuers = vocab.load("headings")["number_issuers"]
    for p in reversed(parts):
        if p in number_issuers:
            return _with_place(
                number_issuers[p] + (" tỉnh" if p in ("UBND", "HĐND") else ""), place
            )
    return None


def central_issuer(issuer: str | None) -> bool:
    """A body of the whole country (a ministry, the Government and its Prime Minister, the National
    Assembly, the Politburo, the Central Committee and their offices and party bodies): its
    document has no province of its own, whatever place it is signed in ("Hà Nội, ngày …")."""
    if not issuer:
        return False
    data = vocab.load("issuers")
    # accents kept: "quận" is not "Quân", "tỉnh" not "tính"
    key = " " + " ".join(re.findall(r"\w+", issuer.lower())) + " "
    if any(f" {w.lower()} " in key for w in data["local_levels"]):
        return False  # "Bộ Chỉ huy Quân sự tỉnh …", "Cục Thống kê tỉnh …"
    return key.startswith(" bộ ") or any(f" {w.lower()} " in key for w in data["central_words"])


def _with_place(issuer: str, place: str | None) -> str:
    """ "… tỉnh" → "… tỉnh X" from the place of issue; "… thành phố Hồ Chí Minh" written as the
    document writes its place ("Thành phố Hồ Chí Minh, ngày …")."""
    if place and issuer.endswith((" tỉnh", " thành phố")):
        # "TP. Hồ Chí Minh, ngày …" / "… THÀNH PHỐ": the level is written once
        name = _PLACE_LEVEL.sub("", place)
        return _proper_words(f"{issuer} {name}")
    if place:
        m = re.search(r"(?<!\w)(?:tỉnh|thành phố)\s+.+$", issuer)
        if m and match_key(m.group(0)) == match_key(place):
            return issuer[: m.start()] + place
    return issuer


_PLACE_LEVEL = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s*", re.I)


def _proper_words(name: str) -> str:
    """Words and names that keep their capitals ("Chính phủ", "Thành phố Hồ Chí Minh": the city's
    name, as the law writes it)."""
    for pw in vocab.load("issuers")["proper_words"]:
        name = re.sub(rf"(?<!\w){re.escape(pw)}(?!\w)", pw, name, flags=re.I)
    return name
