"""Document metadata: number, kind, issuer, title, issue date, place, horizon year."""

import re
from datetime import date
from typing import Any

from dxtrack.core.text import match_key

from . import vocab
from .blocks import Block
from .textutil import clean_inline

_DATE_LINE = re.compile(
    r"^(?P<place>[^,\d]{2,40}),\s*ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})",
    re.I,
)
_NUMBER = re.compile(
    r"^Số\s*:?\s*(?P<n>[\w\s.\-]{1,12}?)\s*/\s*(?P<s>[\wĐđ\-/]+)", re.I
)  # 2840/QĐ-UBND, 18-NQ/TU


def metadata(
    lines: list[str], blocks: list[Block], warnings: list[dict[str, Any]]
) -> dict[str, Any]:
    head = [
        (
            i + 1,
            clean_inline(
                re.sub(r"^\s*#{1,6}\s+", "", line).replace("**", " ** ").replace("** **", " ")
            ),
        )
        for i, line in enumerate(lines[:80])
    ]
    doc: dict[str, Any] = {
        "number": None,
        "kind": None,
        "issuer": None,
        "title": None,
        "issued_on": None,
        "place": None,
        "horizon_year": None,
    }
    number_line = None
    for ln, text in head:
        m = _NUMBER.match(text)
        if m and not doc["number"]:
            doc["number"] = f"{m.group('n').strip()}/{m.group('s').strip()}".replace(" ", "")
            number_line = ln
        d = _DATE_LINE.match(text)
        if m and not d:
            # "Số: 45/KH-UBND<Tab>Bắc Ninh, ngày 20 tháng 02 năm 2025": number and date on one line
            d = _DATE_LINE.match(text[m.end() :].strip())
        if d and not doc["issued_on"]:
            doc["place"] = d.group("place").strip()
            try:
                doc["issued_on"] = date(
                    int(d.group("y")), int(d.group("m")), int(d.group("d"))
                ).isoformat()
            except ValueError:
                warnings.append(
                    {
                        "line": ln,
                        "code": "impossible-date",
                        "message": f"Ngày ban hành không có thật: {d.group(0)}.",
                    }
                )
    kinds = {match_key(k): v for k, v in vocab.load("headings")["kinds"].items()}
    kind_line = None
    for ln, text in head:
        f = match_key(text).rstrip(":")
        for k, v in kinds.items():
            if f == k or (f.startswith(k + " ") and text[: len(k)].isupper()):
                doc["kind"], kind_line = v, ln
                rest = text[len(k) :].strip(" :")
                if rest:
                    doc["title"] = rest
                break
        if doc["kind"]:
            break
    if kind_line and not doc["title"]:
        doc["title"] = _title_after(lines, kind_line)
    suffix = (doc["number"] or "").split("/", 1)[-1] if doc["number"] else ""
    number_kinds = vocab.load("headings")["number_kinds"]
    if not doc["kind"] and suffix:
        code = re.split(r"[-/]", suffix)[0]
        doc["kind"] = number_kinds.get(code)
    doc["issuer"] = _issuer(head, number_line, kind_line, suffix, doc["place"])
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", doc["title"] or "")]
    m = re.search(
        r"giai đoạn\s*((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})", doc["title"] or "", re.I
    )
    doc["horizon_year"] = int(m.group(2)) if m else (max(years) if years else None)
    return doc


def _title_after(lines: list[str], kind_line: int) -> str | None:
    out = []
    i = kind_line  # 0-based index of the line after the kind line
    # lines of the same paragraph first, else the next paragraph
    while i < len(lines) and lines[i].strip():
        out.append(clean_inline(re.sub(r"^\s*#{1,6}\s+", "", lines[i])))
        i += 1
    if not out:
        while i < len(lines) and not lines[i].strip():
            i += 1
        while i < len(lines) and lines[i].strip() and len(out) < 4:
            out.append(clean_inline(re.sub(r"^\s*#{1,6}\s+", "", lines[i])))
            i += 1
    out = [o for o in out if not match_key(o).startswith("cua ")]
    title = " ".join(out).strip() or None
    if title and len(title) > 300:
        title = title[:300]
    return title


def _issuer(
    head: list[tuple[int, str]],
    number_line: int | None,
    kind_line: int | None,
    suffix: str,
    place: str | None,
) -> str | None:
    issuers = vocab.load("headings").get("issuers", {})
    cand = []
    for ln, text in head:
        if number_line and ln >= number_line:
            break
        if text and text.upper() == text and len(text) > 3:
            cand.append(text)
    for _ln, text in head:
        if match_key(text).startswith("cua "):
            cand.append(text[4:])
    joined = match_key(" ".join(cand))
    for key, proper in sorted(issuers.items(), key=lambda kv: -len(kv[0])):
        if match_key(key) in joined:
            return _with_place(proper, place)
    parts = re.split(r"[-/]", suffix) if suffix else []
    number_issuers = vocab.load("headings")["number_issuers"]
    for p in reversed(parts):
        if p in number_issuers:
            return _with_place(
                number_issuers[p] + (" tỉnh" if p in ("UBND", "HĐND") else ""), place
            )
    return None


def _with_place(issuer: str, place: str | None) -> str:
    if place and issuer.endswith(" tỉnh"):
        return f"{issuer} {place}"
    return issuer
