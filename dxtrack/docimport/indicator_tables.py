"""Tables of indicators: the appendix tables that list a plan's chỉ tiêu row by row.

Each data row of such a table is a target (and, for a column of results or estimates, an
observation). Task tables (a task-name and an agency column) are not read here (tasks.py).
"""

import re
from typing import Any

from dxtrack.core.numbers import NUMBER, parse_number
from dxtrack.core.text import match_key

from . import vocab
from .blocks import Block
from .tasks import ROMAN_CODE, header_map, is_numbering_row
from .textutil import strip_refs

_YEAR_COL = re.compile(r"(?:^|\s)(?:năm\s+)?((?:19|20)\d{2})\s*$", re.I)
_ESTIMATE_COL = re.compile(r"\b(?:ư?ớc|ưth|uth|th|thực hiện|ước thực hiện|hiện trạng)\b", re.I)


def _year_columns(cells: list[str]) -> dict[int, tuple[int, bool]]:
    """Header cells naming a year ("Năm 2026", "ƯTH Năm 2025", "2030"): column → (year, is an
    estimate or a result)."""
    out = {}
    for i, cell in enumerate(cells):
        m = _YEAR_COL.search(cell.strip(" *"))
        if m:
            out[i] = (int(m.group(1)), bool(_ESTIMATE_COL.search(cell)))
    return out


def indicator_tables(
    blocks: list[Block], issue_year: int | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Tables of indicators by year ("TT | Chỉ tiêu | ĐVT | ƯTH Năm 2025 | Năm 2026 | … | Năm
    2030"; or years over sub-columns with their units: "Kế hoạch 2026" over "Lượng (Tấn)" and
    "Giá trị (Nghìn USD)"): each data row is a target with one measure per future year column
    (planned level, ``>=``), and an observation for a column of results or estimates ("ƯTH",
    "Thực hiện", or a year before the plan's). Group rows ("I | CÂY CÔNG NGHIỆP", "1 | Cà phê")
    name the rows under them. Task tables (a task-name and an agency column) are not read."""
    unit_words = vocab.folded_list("headings", "unit_columns")
    label_words = vocab.folded_list("headings", "indicator_columns")
    targets_out: list[dict[str, Any]] = []
    obs_out: list[dict[str, Any]] = []
    # column (negative: counted from the right) → (year, is a result, unit or None, scale)
    cols: dict[int, tuple[int, bool, str | None, int]] = {}
    unit_col = label_col = None
    pending: tuple[dict[int, tuple[int, bool]], int] | None = None  # years waiting for units
    groups: list[str] = []
    title = None
    for b in blocks:
        if b.kind == "title" and re.match(r"(?i)phụ lục", b.text):
            title = b.text
        if b.kind != "row":
            cols, unit_col, label_col, pending = {}, None, None, None
            continue
        cells = [strip_refs(c).strip() for c in b.cells]
        found = _year_columns(cells)
        folded = [match_key(c) for c in cells] if len(found) >= 2 or pending else []
        u = next((i for i, f in enumerate(folded) if f in unit_words), None)
        lab = next(
            (i for i, f in enumerate(folded) if any(f.startswith(w) for w in label_words)), None
        )
        if len(found) >= 2 and lab is not None and not header_map(b.cells):
            groups = []
            if u is not None:
                cols = {i: (y, est, None, 1) for i, (y, est) in found.items()}
                unit_col, label_col, pending = u, lab, None
            else:
                cols, unit_col, label_col, pending = {}, None, None, (found, lab)
            continue
        if pending is not None:
            cols, label_col = _sub_columns(cells, pending[0]), pending[1]
            pending = None
            if cols:
                continue
        if not cols or label_col is None or is_numbering_row(cells):
            continue
        idx = {(c if c >= 0 else len(cells) + c): spec for c, spec in cols.items()}
        values = {
            i: cells[i] for i in idx if 0 <= i < len(cells) and re.fullmatch(NUMBER, cells[i])
        }
        label = cells[label_col] if label_col < len(cells) else ""
        if not values:
            if label and not re.fullmatch(r"[\d\s*]+", label):
                groups = (
                    [label]
                    if ROMAN_CODE.match(cells[0] or "-") and cells[0]
                    else groups[:1] + [label]
                )
            continue
        row_unit = (
            _table_unit(cells[unit_col])
            if unit_col is not None and unit_col < len(cells)
            else "count"
        )
        subject = label if not groups else f"{label} {groups[-1].lower()}"
        text = " | ".join(c for c in cells if c)
        ms = []
        for i, (year, estimate, unit, scale) in sorted(idx.items()):
            if i not in values:
                continue
            value = _scaled_value(parse_number(values[i]), scale)
            unit = unit or row_unit
            if estimate or (issue_year and year < issue_year):
                obs_out.append(
                    {
                        "line": b.line,
                        "text": text,
                        "subject": subject,
                        "value": value,
                        "unit": unit,
                        "year": year,
                        "of": None,
                        "place": None,
                    }
                )
            else:
                ms.append(
                    {
                        "subject": subject,
                        "comparator": ">=",
                        "value": value,
                        "unit": unit,
                        "year": year,
                        "scope": None,
                    }
                )
        if ms:
            targets_out.append(
                {
                    "line": b.line,
                    "section": title,
                    "text": text,
                    "measures": ms,
                    "reason": "dòng của bảng chỉ tiêu theo năm",
                }
            )
    return targets_out, obs_out


_SUB_UNIT = re.compile(r"\(\s*(?:(nghìn|ngàn|triệu|tỷ)\s+)?([^()]{1,20}?)\s*\)\s*$", re.I)
_SCALES = {"nghìn": 1000, "ngàn": 1000, "triệu": 1_000_000, "tỷ": 10**9}


def _sub_columns(
    cells: list[str], years: dict[int, tuple[int, bool]]
) -> dict[int, tuple[int, bool, str | None, int]]:
    """Years written over sub-columns ("Kế hoạch 2026" over "Lượng (Tấn)" | "Giá trị (Nghìn
    USD)"): the sub-header's cells with a unit in brackets, read in order, k per year; as the
    rows below may start with merged cells, their columns are counted from the right."""
    subs: list[tuple[int, re.Match[str]]] = []
    for i, c in enumerate(cells):
        m = _SUB_UNIT.search(c.replace("*", " ").strip())
        if m:
            subs.append((i, m))
    ordered = [years[k] for k in sorted(years)]
    if not subs or len(subs) % len(ordered):
        return {}
    per = len(subs) // len(ordered)
    last = max(i for i, _ in subs)
    out: dict[int, tuple[int, bool, str | None, int]] = {}
    for k, (i, m) in enumerate(subs):
        year, estimate = ordered[k // per]
        scale = _SCALES.get((m.group(1) or "").lower(), 1)
        unit = _table_unit(m.group(2))
        out[i - last - 1] = (year, estimate, unit, scale)  # the last unit column is the row's last
    return out


def _scaled_value(value: float | int, scale: int) -> float | int:
    if scale == 1:
        return value
    scaled = value * scale
    return int(round(scaled)) if abs(scaled - round(scaled)) < 1e-6 else scaled


def _table_unit(cell: str) -> str:
    f = match_key(cell)
    named = vocab.load("units")["named"]
    for k, v in named.items():
        if match_key(k) == f:
            return str(v)
    return cell.strip().lower() or "count"
