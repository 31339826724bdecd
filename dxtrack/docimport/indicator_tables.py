"""Tables of indicators: the appendix tables that list a plan's chỉ tiêu row by row.

Each data row of such a table is a target (and, for a column of results or estimates, an
observation). Task tables (a task-name and an agency column) are not read here (tasks.py).
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dxtrack.core.numbers import NUMBER, parse_number
from dxtrack.core.text import match_key

from . import vocab
from .agencies import looks_like_agencies
from .blocks import Block, classify_title
from .measures import year_marks
from .subjects import measure_split, table_name
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
    blocks: list[Block], issue_year: int | None, horizon_year: int | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Both shapes of indicator table: a column per year, or one column of levels."""
    targets_out, obs_out = year_column_tables(blocks, issue_year)
    more_targets, more_obs = value_column_tables(blocks, issue_year, horizon_year)
    return targets_out + more_targets, obs_out + more_obs


@dataclass
class _YearCol:
    """A column of a table by year: its year, whether it holds a result or an estimate, its unit
    and scale when its sub-header writes them ("Giá trị tham gia xuất khẩu (Nghìn USD)"), the
    quantity that sub-header names and, for a bare one ("Lượng"), what its sibling adds ("tham
    gia xuất khẩu"); ``when``: the year's header as written ("ƯTH Năm 2025")."""

    year: int
    estimate: bool
    unit: str | None = None
    scale: int = 1
    measure: str = ""
    qualifier: str = ""
    when: str = ""
    unit_words: str = ""  # the sub-header's unit as written ("Nghìn USD")


def year_column_tables(
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
    cols: dict[int, _YearCol] = {}  # column (negative: counted from the right) → what it holds
    unit_col = label_col = None
    pending: tuple[dict[int, tuple[int, bool]], int, list[str]] | None = None  # years, no units
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
                cols = {i: _YearCol(y, est, when=_when(cells[i])) for i, (y, est) in found.items()}
                unit_col, label_col, pending = u, lab, None
            else:
                cols, unit_col, label_col, pending = {}, None, None, (found, lab, cells)
            continue
        if pending is not None:
            cols, label_col = _sub_columns(cells, pending[0], pending[2]), pending[1]
            pending = None
            if cols:
                continue
        if not cols or label_col is None or is_numbering_row(cells):
            continue
        idx = {(c if c >= 0 else len(cells) + c): spec for c, spec in cols.items()}
        values = {i: cells[i] for i in idx if 0 <= i < len(cells) and _figure(cells[i])}
        label = cells[label_col] if label_col < len(cells) else ""
        if not values:
            if label and not re.fullmatch(r"[\d\s*]+", label):
                groups = (
                    [label]
                    if ROMAN_CODE.match(cells[0] or "-") and cells[0]
                    else groups[:1] + [label]
                )
            continue
        unit_cell = cells[unit_col] if unit_col is not None and unit_col < len(cells) else ""
        unit_of_row = row_unit(unit_cell) or "count"
        readings = {}
        for i, col in sorted(idx.items()):
            if i in values:
                # a cell may write its comparator ("≥ 80", "Trên 90%"); a plain number is a level
                # to reach, read as in a table with one column of levels
                reading = _figure(values[i])
                assert reading is not None
                readings[i] = (reading, _measure_unit(reading, col.unit or unit_of_row))
        text = _year_row_text(label, groups, unit_cell, [(idx[i], values[i]) for i in readings])
        ms = []
        for i, (reading, unit) in readings.items():
            col = idx[i]
            value = _scaled_value(reading.value, col.scale)
            subject = table_name(
                label,
                unit,
                measure=col.measure,
                qualifier=col.qualifier,
                group=groups[-1] if groups else "",
            )
            if col.estimate or (issue_year and col.year < issue_year):
                obs_out.append(
                    {
                        "line": b.line,
                        "text": text,
                        "subject": subject,
                        "value": value,
                        "unit": unit,
                        "year": col.year,
                        "of": None,
                        "place": None,
                    }
                )
            else:
                ms.append(
                    {
                        "subject": subject,
                        "comparator": _comparator(reading.comparator, unit, label),
                        "value": value,
                        "unit": unit,
                        "year": col.year,
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


def _when(header: str) -> str:
    """A year column's header as a reader quotes it: "ƯTH Năm 2025" → "ƯTH năm 2025"; a plain
    "Năm 2026" or "Kế hoạch 2026" → "2026"."""
    h = " ".join(header.replace("*", " ").split())
    m = _YEAR_COL.search(h)
    if not m or not _ESTIMATE_COL.search(h):
        return m.group(1) if m else h
    return re.sub(r"(?i)\bnăm\b", "năm", h)


def _year_row_text(
    label: str, groups: list[str], unit_cell: str, cells: list[tuple[_YearCol, str]]
) -> str:
    """A row of a table by year as a sentence-like goal text, the document's words and figures
    kept: "Cà Phê – Diện tích (Ha): 26.120 (ƯTH năm 2025); 27.000 (2026); …", "Xoài: 13.500
    Tấn, 7.000 Nghìn USD (2026); …"."""
    head = " ".join(label.split())
    if groups and len(head.split()) <= 4:
        head = f"{groups[-1]} – {head}"
    if unit_cell:
        head = f"{head} ({unit_cell})"
    by_year: dict[str, list[str]] = {}
    for col, cell in cells:
        figure = f"{cell} {col.unit_words}".strip()
        by_year.setdefault(col.when or str(col.year), []).append(figure)
    return f"{head}: " + "; ".join(f"{', '.join(f)} ({w})" for w, f in by_year.items())


_SUB_UNIT = re.compile(r"\(\s*(?:(nghìn|ngàn|triệu|tỷ)\s+)?([^()]{1,20}?)\s*\)\s*$", re.I)
_SCALES = {"nghìn": 1000, "ngàn": 1000, "triệu": 1_000_000, "tỷ": 10**9}


def _sub_columns(
    cells: list[str], years: dict[int, tuple[int, bool]], year_cells: list[str]
) -> dict[int, _YearCol]:
    """Years written over sub-columns ("Kế hoạch 2026" over "Lượng (Tấn)" | "Giá trị (Nghìn
    USD)"): the sub-header's cells with a unit in brackets, read in order, k per year; as the
    rows below may start with merged cells, their columns are counted from the right."""
    subs: list[tuple[int, re.Match[str], str]] = []
    for i, c in enumerate(cells):
        flat = " ".join(c.replace("*", " ").split())
        m = _SUB_UNIT.search(flat)
        if m:
            subs.append((i, m, flat[: m.start()].strip()))
    ordered = [(years[k], _when(year_cells[k])) for k in sorted(years)]
    if not subs or len(subs) % len(ordered):
        return {}
    per = len(subs) // len(ordered)
    last = max(i for i, _, _ in subs)
    quantities = [measure_split(name) for _, _, name in subs[:per]]
    out: dict[int, _YearCol] = {}
    for k, (i, m, name) in enumerate(subs):
        (year, estimate), when = ordered[k // per]
        noun, rest = quantities[k % per]
        # a bare quantity ("Lượng") takes what its siblings add ("Giá trị tham gia xuất khẩu")
        qualifier = "" if rest else next((r for _, r in quantities if r), "")
        out[i - last - 1] = _YearCol(  # the last unit column is the row's last
            year=year,
            estimate=estimate,
            unit=_table_unit(m.group(2)),
            scale=_SCALES.get((m.group(1) or "").lower(), 1),
            measure=name if noun else "",
            qualifier=qualifier if noun else "",
            when=when,
            unit_words=m.group(0).strip(" ()"),
        )
    return out


def _figure(cell: str) -> "_Reading | None":
    """The one figure of a cell in a year's column: a plain number, or one written with its
    comparator or "%" and nothing else ("≥ 80", "Trên 90%")."""
    if re.fullmatch(NUMBER, cell):
        return _Reading(None, parse_number(cell), False, "", None)
    readings = cell_readings(cell)
    if len(readings) == 1 and not readings[0].rest and not readings[0].year:
        return readings[0]
    return None


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


# ---------------------------------------------------------------- one column of levels
#
# "TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan theo dõi" (Nghị quyết 03/NQ-CP's Phụ lục I), "STT |
# Nội dung | ĐVT | Chỉ tiêu năm 2025": the level to reach sits in ONE column, written with its
# comparator ("≥ 55", "> 0,7", "40 - 50", "≤ 3 Đông Nam Á; ≤ 50 Thế giới"), the year in a group
# row ("Đến năm 2030"), in the column's header, or in the heading over the table.


@dataclass
class _Columns:
    label: int  # the indicator's name
    unit: int | None  # None: the unit is written in the value cell ("80%", "05 doanh nghiệp")
    value: int
    year: int | None  # a year in the value column's header ("Chỉ tiêu năm 2025")
    results: bool  # the column holds results achieved or estimated, not levels to reach
    levels: bool = True  # its header says levels to reach ("Mục tiêu", "Kế hoạch", a year)


@dataclass
class _Reading:
    """One figure of a value cell."""

    comparator: str | None  # as written before the number; None when bare
    value: float | int
    percent: bool  # "%" written after it
    rest: str  # the words after it: the scope of one of several figures ("≤ 3 Đông Nam Á")
    year: int | None  # its own year ("80 (2025)", "100% năm 2030")


@dataclass
class _Row:
    """A row of the table with its place among the group rows above it."""

    depth: int
    code: str
    label: str


def _starts_with(folded: str, words: tuple[str, ...]) -> bool:
    return any(folded == w or folded.startswith(w + " ") for w in words)


def value_column_header(cells: list[str]) -> _Columns | None:
    """A header naming an indicator column, a unit column and ONE column of values after them
    (by what the headers mean, whatever the words); with no unit column, only a column named for
    indicators ("Chỉ tiêu") and one named for levels to reach ("Mục tiêu năm 2025"). Not a task
    table (tasks.py reads those), not a table by year (year_column_tables), not a table of
    amounts."""
    unit_words = vocab.folded_list("headings", "unit_columns")
    whole = match_key(" ".join(cells))
    if not any(
        w in whole for w in unit_words + vocab.folded_list("headings", "indicator_name_columns")
    ):
        return None  # most rows of a document: no header of this kind, told by one look
    folded = [match_key(strip_refs(c)).strip(" *:") for c in cells]
    unit = next((i for i, f in enumerate(folded) if f in unit_words), None)
    label_words = vocab.folded_list(
        "headings", "indicator_columns" if unit is not None else "indicator_name_columns"
    )
    label = next(
        (i for i, f in enumerate(folded) if i != unit and _starts_with(f, label_words)), None
    )
    if label is None or len(cells) < 3:
        return None
    value = _value_column(cells, folded, label, unit)
    if value is None or header_map(cells) or len(_year_columns(cells)) >= 2:
        return None
    money = vocab.folded_list("headings", "money_columns")
    checked = (label, value) if unit is not None else range(len(folded))
    if any(w in folded[i] + " " for w in money for i in checked):
        return None  # "Kinh phí (triệu đồng)", "Giá trị (tỷ đồng)": amounts, not indicators
    header_years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", cells[value])
    return _Columns(
        label=label,
        unit=unit,
        value=value,
        year=int(header_years[-1]) if header_years else None,
        results=_starts_with(
            folded[value], vocab.folded_list("headings", "indicator_result_columns")
        ),
        levels=value in _year_columns(cells)
        or _starts_with(folded[value], vocab.folded_list("headings", "indicator_target_columns")),
    )


def _value_column(cells: list[str], folded: list[str], label: int, unit: int | None) -> int | None:
    """The first column after the indicator's naming its values: a year, or a word for levels or
    for results; with no unit column, a year or a word for levels to reach only ("Kết quả" beside
    a bare "Chỉ tiêu" may be a report's results)."""
    words = vocab.folded_list(
        "headings", "indicator_value_columns" if unit is not None else "indicator_target_columns"
    )
    result_words = vocab.folded_list("headings", "indicator_result_columns")
    years = _year_columns(cells)
    return next(
        (
            i
            for i, f in enumerate(folded)
            if i > label
            and i != unit
            and (
                i in years
                or _starts_with(f, words)
                or (unit is not None and _starts_with(f, result_words))
            )
        ),
        None,
    )


_CELL_VALUE = re.compile(
    rf"(?<![\w.,])(?P<v>{NUMBER})\s*(?P<pct>%)?(?:\s*(?:-|–|—|đến)\s*(?:{NUMBER})\s*%?)?", re.I
)
_CELL_YEAR = re.compile(
    r"(?:(?:đến|tới|vào|trong|hết|cuối)\s+)*năm\s+((?:19|20)\d{2})|\(\s*((?:19|20)\d{2})\s*\)",
    re.I,
)
_SIGNS = {
    "≥": ">=",
    "⩾": ">=",
    ">=": ">=",
    "=>": ">=",
    "≤": "<=",
    "⩽": "<=",
    "<=": "<=",
    "=<": "<=",
    ">": ">",
    "<": "<",
    "=": "=",
}


def cell_readings(cell: str) -> list[_Reading]:
    """The figures of a value cell, one per ";"-separated part: "≥ 55", ">= 30", "> 0,7",
    "40 - 50" (a range: its lower bound), "20% - 50%", "≥ 3% và tăng dần …", "09",
    "≤ 3 Đông Nam Á; ≤ 50 Thế giới". A year written in the part is its own."""
    out = []
    for part in re.split(r"[;\n]", cell):
        years = [int(m.group(1) or m.group(2)) for m in _CELL_YEAR.finditer(part)]
        blanked = _CELL_YEAR.sub(lambda m: " " * len(m.group(0)), part)
        m = next((m for m in _CELL_VALUE.finditer(blanked) if not _names_a_thing(blanked, m)), None)
        if not m:
            continue
        out.append(
            _Reading(
                comparator=_written_comparator(part[: m.start()]),
                value=parse_number(m.group("v")),
                percent=bool(m.group("pct")),
                rest=blanked[m.end() :].strip(" ,.:;()-"),
                year=years[-1] if years else None,
            )
        )
    return out


def _names_a_thing(text: str, m: re.Match[str]) -> bool:
    """A number that is part of a name, not a level: "5G", "mức độ 4", "Đề án 06" (the words
    before a number that make it a name, vocab units.names_before_number; "nhóm"/"top"/"hạng"
    still give a rank)."""
    if re.match(r"[^\W\d_]", text[m.end("v") : m.end("v") + 1]):
        return True
    before = " ".join(text[: m.start()].lower().split())
    keep = set(vocab.lower_list("comparators", "top", "group_words")) | {"hạng", "thứ"}
    return any(
        re.search(rf"(?:^|\s){re.escape(w)}$", before)
        for w in vocab.lower_list("units", "names_before_number")
        if w not in keep
    )


def _written_comparator(prefix: str) -> str | None:
    """The comparator written before a figure: a sign ("≥", ">="), a word ("tối thiểu", "trên",
    "dưới"), "top"/"nhóm" (a rank among the first N); None when there is none."""
    p = prefix.strip(" *")
    if not p:
        return None
    change = _change_written(p)
    if change:
        return change
    for sign in sorted(_SIGNS, key=len, reverse=True):
        if p.endswith(sign):
            return _SIGNS[sign]
    words = match_key(p).replace(",", " ").split()
    if words and words[-1] in vocab.folded_list("comparators", "top", "group_words"):
        return "top"
    for k in range(min(5, len(words)), 0, -1):
        phrase = " ".join(words[-k:])
        for w, c in vocab.comparator_phrases():
            if phrase == w:
                return c
    return None


def _change_written(prefix: str) -> str | None:
    """ "Tăng 10%", "Giảm tối thiểu 20%": a change written in the cell. Matched with accents."""
    low = " ".join(prefix.lower().replace(",", " ").split())
    if any(nc in low for nc in vocab.lower_list("comparators", "change", "not_change")):
        return None
    for kind in ("increase", "decrease"):
        for w in vocab.lower_list("comparators", "change", kind):
            if re.search(rf"(?:^|\s){re.escape(w)}(?:\s|$)", low):
                return kind
    return None


def _comparator(written: str | None, unit: str | None, label: str) -> str:
    """A rank at most N is among the first N ("Thứ bậc | ≤ 3" → top 3); a yearly rate or an
    indicator named by its change ("… tăng trung bình | %/năm | 10") is a change; a level with no
    sign is a floor, or a ceiling for an indicator where higher is worse (as in prose)."""
    if unit == "rank" and written in (None, "<=", "<", "=", "top"):
        return "top"
    change = _change_named(label, unit)
    if change:
        return change
    if written:
        return written
    if _higher_is_worse(label):
        return "<="
    return str(vocab.load("comparators")["bare_comparator"])


def _change_named(label: str, unit: str | None) -> str | None:
    """ "increase"/"decrease" for an indicator whose name ends on its change verb, the figure
    right after it ("Số lượng công bố … tăng trung bình | %/năm | 10"), or a yearly rate with a
    change verb anywhere in its name; not a share named after a change ("Tỉ lệ đóng góp … vào
    tăng trưởng kinh tế", "Tỉ lệ cắt giảm thủ tục …"). Matched with accents: folded, "tăng" would
    also match "nền tảng"."""
    low = " ".join(label.lower().replace(",", " ").split())
    if any(nc in low for nc in vocab.lower_list("comparators", "change", "not_change")):
        return None
    for kind, at_end, anywhere in _change_patterns():
        if at_end.search(low) or (unit == "%/năm" and anywhere.search(low)):
            return kind
    return None


@lru_cache(maxsize=1)
def _change_patterns() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """Per change kind, its verbs (vocab comparators.change) as one alternation: ending the name
    (a yearly word may follow) and anywhere in it, compiled once."""
    tail = r"(?:\s+(?:hàng năm|hằng năm|mỗi năm))?\s*$"
    out = []
    for kind in ("increase", "decrease"):
        verbs = "|".join(map(re.escape, vocab.lower_list("comparators", "change", kind))) or "(?!)"
        out.append(
            (
                kind,
                re.compile(rf"(?:^|\s)(?:{verbs}){tail}"),
                re.compile(rf"(?:^|\s)(?:{verbs})(?:\s|$)"),
            )
        )
    return tuple(out)


def _higher_is_worse(label: str) -> bool:
    f = re.sub(r"(?:^|(?<=\W))ti (?=le|so|suat)", "ty ", match_key(label))  # "tỉ lệ" is "tỷ lệ"
    return bool(_worse_words().search(f))


@lru_cache(maxsize=1)
def _worse_words() -> re.Pattern[str]:
    """The words of an indicator where higher is worse (ceiling verbs, lower-is-better nouns) as
    one alternation of whole words, compiled once."""
    words = vocab.folded_list("comparators", "ceiling_verbs") + vocab.folded_list(
        "comparators", "lower_is_better"
    )
    alternation = "|".join(map(re.escape, words)) or "(?!)"  # no words: nothing is worse
    return re.compile(rf"(?:^|\W)(?:{alternation})(?:\W|$)")


def row_unit(cell: str) -> str | None:
    """The unit a unit cell names, as SCHEMA.md writes it: "Thứ bậc" → rank, "Chỉ số … (HDI)" →
    index, "% GDP"/"% dân số"/"% tổng chi NSNN" → % (a share of something), "%/năm", a named unit
    ("Người/vạn dân"), else the counted noun ("Doanh nghiệp" → doanh nghiệp; "Số doanh
    nghiệp/1000 dân" → doanh nghiệp/1000 dân)."""
    text = " ".join(cell.replace("*", " ").split())
    f = match_key(text)
    if not f:
        return None
    if f in vocab.folded_list("headings", "rank_unit_cells"):
        return "rank"
    if _starts_with(f, vocab.folded_list("units", "index_words")):
        return "index"
    if text.startswith("%"):
        return "%/năm" if re.match(r"%\s*/\s*năm", text) else "%"
    for k, v in vocab.named_units():
        if k == f:
            return v
    noun = re.sub(r"(?i)^số\s+(?!lượng)", "", text)
    return noun if re.fullmatch(r"[kKMGTP]?(?:bps|b/s|B|W|Wh|Hz)", noun) else noun.lower()


def _is_money(unit: str | None) -> bool:
    return bool(unit) and bool(re.search(r"(?:^|\s)(?:dong|usd|vnd)$", match_key(unit)))


_YEAR_ROW = re.compile(
    r"^(?:(?:các\s+)?(?:chỉ tiêu|mục tiêu|kế hoạch)\s+)?"
    r"(?:(?:đến|tới|vào|trong)\s+)?(?:(?:hết|cuối)\s+)?(?:năm|giai đoạn)?\s*"
    r"((?:19|20)\d{2})(?:\s*[-–]\s*((?:19|20)\d{2}))?\s*:?$",
    re.I,
)


def year_row(label: str) -> int | None:
    """A group row that dates the rows under it: "Đến năm 2030", "Năm 2025", "Giai đoạn
    2026 - 2030" (its end)."""
    m = _YEAR_ROW.match(" ".join(label.replace("*", " ").split()))
    return int(m.group(2) or m.group(1)) if m else None


def _depth(code: str) -> int:
    """How deep a row's number puts it: I < 1 < 1.1 < a < "-"/"+"/none."""
    c = code.strip(" *.")
    if c and ROMAN_CODE.match(c):
        return 1
    if re.fullmatch(r"\d+(?:\.\d+)*", c):
        return 2 + c.count(".")
    if re.fullmatch(r"[a-zđ]\)?", c, re.I):
        return 8
    return 9


def _heading_year(b: Block) -> int | None:
    """The year a heading over a table of indicators sets ("Phụ lục: Các chỉ tiêu chuyển đổi số
    đến năm 2025"); not the date of the document it goes with ("Kèm theo … ngày … năm 2025")."""
    if b.kind not in ("title", "heading"):
        return None
    f = match_key(b.text)
    if not re.search(r"\b(?:chi tieu|muc tieu)\b", f) or re.search(r"\b(?:kem theo|ngay)\b", f):
        return None
    marks = year_marks(b.text)
    return marks[-1][1] if marks else None


def _heading_class(title: str) -> str | None:
    """The class of a heading (vocab headings.classes, as the sections are classed): a table
    under "Kết quả đạt được", "Thực trạng" reports results. The same test as blocks'
    classify_title (one compiled alternation per class, cached), so it is that function."""
    return classify_title(title)


def value_column_tables(
    blocks: list[Block], issue_year: int | None, horizon_year: int | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Tables of indicators with one column of levels (see value_column_header): each data row
    is a target, one measure per figure of its value cell; a row with words and no figure a goal
    with no number; a column of results gives observations instead."""
    targets_out: list[dict[str, Any]] = []
    obs_out: list[dict[str, Any]] = []
    title, heading_year, status = None, None, False
    k = 0
    while k < len(blocks):
        b = blocks[k]
        k += 1
        if b.kind != "row":
            if b.kind == "title" and re.match(r"(?i)phụ lục", b.text):
                title, heading_year = b.text, None
            heading_year = _heading_year(b) or heading_year
            if b.kind in ("title", "heading"):
                status = _heading_class(b.text) == "status"
            continue
        cols = value_column_header([strip_refs(c).strip() for c in b.cells])
        if cols is None:
            continue
        end = k
        while end < len(blocks) and blocks[end].kind == "row":
            end += 1
        if status and not cols.levels:
            cols.results = True  # "Kết quả" in a part on what was achieved: results
        table = _Table(cols, title, heading_year or horizon_year, issue_year)
        tgts, obs = table.read(blocks[k:end])
        targets_out += tgts
        obs_out += obs
        k = end
    return targets_out, obs_out


class _Table:
    """One table of indicators with one value column, read row by row."""

    def __init__(
        self, cols: _Columns, title: str | None, default_year: int | None, issue_year: int | None
    ):
        self.cols = cols
        self.title = title
        self.default_year = default_year
        self.issue_year = issue_year
        self.year: tuple[int, str] | None = None  # the year row over the rows (year, its text)
        self.stack: list[_Row] = []  # the rows each row is under

    def read(self, rows: list[Block]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        targets: list[dict[str, Any]] = []
        obs: list[dict[str, Any]] = []
        unit_cells: list[str] = []
        for b in rows:
            cells = [strip_refs(c).strip() for c in b.cells]
            if is_numbering_row(cells) or value_column_header(cells):
                continue  # "(1) | (2) | …", or the header repeated after a page break
            unit_cell = self._cell(cells, self.cols.unit)
            if unit_cell:
                unit_cells.append(unit_cell)
            rec = self._row(b, cells)
            if rec is None:
                continue
            if "measures" in rec:
                targets.append(rec)
            else:
                obs.extend(rec["observations"])
        return self._checked(targets, unit_cells), obs

    @staticmethod
    def _checked(targets: list[dict[str, Any]], unit_cells: list[str]) -> list[dict[str, Any]]:
        """A table read as indicators only where it reads as one: its "Đơn vị" column holds units,
        not the agencies in charge, and some rows give a figure; rows with words only are goals
        with no number only among rows that mostly give figures."""
        distinct = set(unit_cells)
        if sum(looks_like_agencies(u) for u in distinct) * 2 > len(distinct):
            return []
        numeric = [t for t in targets if t["measures"]]
        if not numeric:
            return []
        if len(numeric) < len(targets) - len(numeric):
            return numeric
        return targets

    @staticmethod
    def _cell(cells: list[str], i: int | None) -> str:
        return cells[i].strip(" *") if i is not None and 0 <= i < len(cells) else ""

    def _row(self, b: Block, cells: list[str]) -> dict[str, Any] | None:
        cols = self.cols
        code = self._cell(cells, cols.label - 1) if cols.label else ""
        label = " ".join(self._cell(cells, cols.label).split())
        unit_cell, value_cell = self._cell(cells, cols.unit), self._cell(cells, cols.value)
        if not label:
            return None
        if not unit_cell and not value_cell:
            # a group row: a year over the rows under it, or a name for them
            y = year_row(label)
            if y:
                self.year, self.stack = (y, f"{code} {label}".strip()), []
            else:
                self._push(code, label)
            return None
        parents = self._push(code, label)
        unit = row_unit(unit_cell)
        if _is_money(unit) and any(
            w in match_key(label) for w in vocab.folded_list("headings", "funding_row_words")
        ):
            return None  # a budget figure, not an indicator
        year = self.year[0] if self.year else cols.year or self.default_year
        results = cols.results or bool(self.issue_year and year and year < self.issue_year)
        readings = cell_readings(value_cell)
        if unit is None and len(readings) == 1 and not readings[0].percent:
            unit = _counted_noun(readings[0].rest)  # "05 doanh nghiệp" with no unit column
        unit_of = _measure_unit(readings[0], unit) if readings else unit or "count"
        subject = self._subject(label, unit_cell, unit_of, parents)
        text = _level_row_text(label, unit_cell, value_cell, year)
        if results:
            return {
                "observations": [
                    self._observation(b, text, subject, r, unit, year) for r in readings
                ]
            }
        measures = [
            {
                "subject": subject,
                "comparator": _comparator(r.comparator, unit, label),
                "value": r.value,
                "unit": _measure_unit(r, unit),
                "year": r.year or year,
                "scope": (r.rest or None) if len(readings) > 1 else None,
            }
            for r in readings
        ]
        if not measures and not re.search(r"[^\W\d_]", value_cell):
            return None  # "-", "x", "…": nothing set for this row
        section = ", ".join(
            x
            for x in [self.title, self.year[1] if self.year else None]
            + [f"{p.code} {p.label}".strip() for p in parents]
            if x
        )
        return {
            "line": b.line,
            "section": section or None,
            "text": text,
            "measures": measures,
            "reason": "dòng của bảng chỉ tiêu",
        }

    def _push(self, code: str, label: str) -> list[_Row]:
        """Put a row under the rows it belongs to ("11.1" under "11", "-" under "1"); the rows
        it is under."""
        d = _depth(code)
        while self.stack and self.stack[-1].depth >= d:
            self.stack.pop()
        parents = list(self.stack)
        self.stack.append(_Row(d, code, label))
        return parents

    @staticmethod
    def _subject(label: str, unit_cell: str, unit: str, parents: list[_Row]) -> str:
        """The indicator's name: the row's own, written as an indicator's name (table_name); the
        index the unit cell names when the row describes it ("Khoa học … góp phần … | Chỉ số
        phát triển con người (HDI)"); a short name under a group completed by it ("Diện tích"
        under "Cà phê"); a percentage of a whole the unit cell names ("% GDP") a weight in it."""
        if unit == "index" and not match_key(label).startswith(match_key(unit_cell)[:8]):
            return unit_cell
        group = parents[-1].label if parents and len(label.split()) <= 3 else ""
        whole = unit_cell.lstrip("% ").strip() if unit_cell.startswith("%") else ""
        return table_name(label, unit, group=group, whole=whole)

    @staticmethod
    def _observation(
        b: Block, text: str, subject: str, r: _Reading, unit: str | None, year: int | None
    ) -> dict[str, Any]:
        return {
            "line": b.line,
            "text": text,
            "subject": subject,
            "value": r.value,
            "unit": _measure_unit(r, unit),
            "year": r.year or year,
            "of": None,
            "place": None,
        }


def _level_row_text(label: str, unit_cell: str, value_cell: str, year: int | None) -> str:
    """A row of a table with one column of levels as a sentence-like goal text, the document's
    words kept: "Quy mô kinh tế số (% GDP): ≥ 30 (năm 2030)"."""
    head = f"{label} ({unit_cell})" if unit_cell else label
    text = f"{head}: {value_cell}" if value_cell else head
    if year and not re.search(rf"(?<!\d){year}(?!\d)", value_cell):
        text += f" (năm {year})"
    return text


def _counted_noun(rest: str) -> str | None:
    """The noun a figure counts, written after it ("05 doanh nghiệp", "3 sàn dữ liệu")."""
    m = re.match(r"[^\W\d][^,;()]*", rest)
    words = m.group(0).split()[:4] if m else []
    return " ".join(words) if words and words[0][0].islower() else None


def _measure_unit(r: _Reading, unit: str | None) -> str:
    if r.percent:
        return "%/năm" if unit == "%/năm" else "%"
    return unit or "count"


def indicator_table_lines(blocks: list[Block]) -> set[int]:
    """Lines of the rows of tables with one value column, header included: rows that are read as
    indicators (their "Cơ quan chủ trì theo dõi" column names who follows an indicator up, not a
    task table missing its name column)."""
    lines: set[int] = set()
    in_table = False
    for b in blocks:
        if b.kind != "row":
            in_table = False
            continue
        in_table = in_table or value_column_header(b.cells) is not None
        if in_table:
            lines.add(b.line)
    return lines
