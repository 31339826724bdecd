"""Task lists: tables found by their header words (any column order), and prose task blocks.

Table rules, applied row by row (``ROW_RULES`` order): a header row (re)maps the columns; a row
that repeats the header marks a page break; a row with an empty first cell right after a page
break (or starting in lower case, with no agency) continues the task before it; a row with a name
but no agency, time or money is a group; any other row is a task. A group that turns out to have
no row under it is a task after all.
"""

import re
from functools import lru_cache
from typing import Any

from dxtrack.core.text import match_key

from . import vocab
from .agencies import (
    fused_lines,
    looks_like_agencies,
    partners_in_text,
    split_agencies,
    split_roles,
)
from .blocks import Block
from .numbers import parse_money, parse_timeframe
from .textutil import strip_refs

ROMAN_CODE = re.compile(r"^(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")


_AMBIGUOUS_TIME = ("tien do", "tien do thuc hien")


def header_map(cells: list[str]) -> dict[str, int] | None:
    # each column kind goes to the header cell that names it best: the whole cell, then a cell
    # starting with the word, then one containing it ("Nội dung nhiệm vụ" is the name column
    # rather than "Thuộc nhóm nhiệm vụ, hành động")
    best: dict[str, tuple[int, int]] = {}
    taken: set[int] = set()
    for i, cell in enumerate(cells):
        named = _column_named(match_key(strip_refs(cell)))
        if named is None:
            continue
        col, fit = named
        if col not in best or fit > best[col][0]:
            best[col] = (fit, i)
    # "Tiến độ" is a schedule, or the progress a report gives beside "Thời gian hoàn thành": a
    # header naming the time in plain words wins over it
    if (
        "timeframe" in best
        and match_key(strip_refs(cells[best["timeframe"][1]])) in _AMBIGUOUS_TIME
    ):
        plain = next(
            (
                i
                for i, c in enumerate(cells)
                if re.match(r"(?:thoi gian|thoi han)\b", match_key(strip_refs(c)))
            ),
            None,
        )
        if plain is not None:
            best["timeframe"] = (best["timeframe"][0], plain)
    cols: dict[str, int] = {}
    for col, (_fit, i) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1])):
        if i not in taken:
            cols[col] = i
            taken.add(i)
    if "name" in cols and ("lead" in cols or "timeframe" in cols) and len(cols) >= 3:
        return cols
    return None


@lru_cache(maxsize=1)
def _column_words() -> tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]:
    """Each column kind with its header words and one pattern finding any of them at the start of
    a word (what ``f" {w}" in f" {f}"`` tests), so that a cell naming no column costs one search."""
    return tuple(
        (col, words, re.compile(r"(?<![^ ])(?:" + "|".join(map(re.escape, words)) + ")"))
        for col, words in vocab.table_columns()
    )


@lru_cache(maxsize=8192)
def _column_named(f: str) -> tuple[str, int] | None:
    """The first column kind (vocabulary order) whose words the folded header cell ``f`` holds,
    with how well: 3 the whole cell, 2 the cell's first words, 1 words inside it. A long cell
    ("code" over 12 characters) is no code column. Cached: the same cells come row after row."""
    if not f:
        return None
    for col, words, any_word in _column_words():
        if not any_word.search(f) or (col == "code" and len(f) > 12):
            continue
        fit = max(
            (3 if f == w else 2 if f.startswith(w + " ") else 1 if f" {w}" in f" {f}" else 0)
            for w in words
        )
        return col, fit
    return None


def _scale_from_header(cell: str) -> int:
    f = match_key(cell)
    if "ty dong" in f or "ty d" in f:
        return 1_000_000_000
    if "trieu" in f:
        return 1_000_000
    if "nghin" in f or "ngan dong" in f:
        return 1000
    return 1


def _code_depth(code: str) -> int:
    if not code:
        return 99
    if ROMAN_CODE.match(code):
        return 0
    if re.fullmatch(r"\d+(?:\.\d+)*", code):
        return code.count(".") + 1
    return 50


def _split_code_name(cell: str) -> tuple[str, str] | None:
    m = re.match(r"^((?:[IVXL]+|\d+(?:\.\d+)*|[a-zđ])[.)]?)\s+(\S.*)$", cell.strip())
    if m:
        return m.group(1).rstrip(".)"), m.group(2)
    return None


def is_numbering_row(cells: list[str]) -> bool:
    """ "(1) | (2) | (3) …" or "1 | 2 | 3 …" under a header: the columns' numbers, not data."""
    nums = [re.sub(r"[*_()\s]", "", c) for c in cells if c.strip(" *_")]
    return (
        len(nums) >= 3
        and all(n.isdigit() for n in nums)
        and [int(n) for n in nums] == list(range(int(nums[0]), int(nums[0]) + len(nums)))
    )


# ---------------------------------------------------------------- rows under merged cells

# words that name where money comes from, not how much ("Chi thường xuyên hoặc nguồn vốn hợp
# pháp khác", "Đầu tư công", "Ngân sách tỉnh", "Xã hội hóa")
_FUNDING_WORDS = re.compile(
    r"\b(?:ngan sach|nguon von|von hop phap|chi thuong xuyen|dau tu cong|xa hoi hoa|"
    r"kinh phi|von dau tu|von vay|von oda|nguon khac)\b"
)
_MONEY_UNIT = re.compile(r"\b(?:dong|trieu|ty|nghin|ngan)\b")
# words a time cell opens with, so that "Ban hành trong quý I năm 2026. Thực hiện rà soát …" is a
# time, while a task's name holding a year ("Xây dựng kế hoạch năm 2026 …") is not
_TIME_OPENERS = (
    "quy ",
    "nam ",
    "giai doan",
    "thang ",
    "truoc ",
    "trong ",
    "tu nam",
    "tu quy",
    "den ",
    "hang ",
    "thuong xuyen",
    "ban hanh trong",
    "hoan thanh",
    "dinh ky",
    "lien tuc",
)


@lru_cache(maxsize=4096)
def _cell_kind(cell: str) -> str:
    """What a table cell holds, read from its words: "empty", "funding" (where money comes from),
    "money", "time", "agency", "dated" (a sentence with a date) or "prose". Cached: a merged cell
    is read again on every row under it."""
    text = strip_refs(cell).strip()
    if not text:
        return "empty"
    f = match_key(text)
    if _FUNDING_WORDS.search(f) and len(f.split()) <= 20:
        return "funding"
    if re.search(r"\d", f) and _MONEY_UNIT.search(f) and len(f.split()) <= 8:
        return "money"
    tf = parse_timeframe(text)
    dated = bool(tf.end_year or tf.start_year or tf.recurrence)
    if dated and (len(f.split()) <= 8 or f.startswith(_TIME_OPENERS)):
        return "time"
    if looks_like_agencies(text):
        return "agency"
    # a sentence with a date: a time cell written out ("Trình … trong năm 2026 và triển khai …")
    # or a task's name ("Xây dựng kế hoạch năm 2026"), either is as likely
    return "dated" if dated else "prose"


# how well a cell of each kind fits a column kind; a kind not listed scores 0 (a column the
# header does not name takes anything)
_FIT: dict[str, dict[str, int]] = {
    "name": {"prose": 2, "dated": 1, "agency": -2, "time": -2, "money": -2, "funding": -2},
    "lead": {"agency": 2, "prose": -2, "dated": -2, "time": -2, "money": -2, "funding": -2},
    "coordinators": {"agency": 2, "prose": -2, "dated": -2, "time": -2, "money": -2, "funding": -2},
    "timeframe": {"time": 2, "dated": 1, "prose": -2, "agency": -2, "money": -2, "funding": -2},
    "budget": {"money": 2, "funding": 1, "prose": -2, "dated": -2, "agency": -2, "time": -2},
    "source": {"funding": 2, "money": 1, "agency": -1, "time": -2},
    "result": {"prose": 1, "agency": -1, "time": -1},
    "product": {"prose": 1, "agency": -1, "time": -1},
    "": {"agency": -1, "time": -1, "money": -1},
}


def _placement(kinds: list[str], columns: list[str]) -> tuple[tuple[int, int], list[int]]:
    """The columns (indices into ``columns``, in order) the cells of a short row fill best: each
    cell's fit to its column, less one for each column skipped between two cells (cells written
    side by side sit side by side unless a merged cell lies between them); of equal fits the one
    lying furthest right (the reader's old reading: cells merged down on the left)."""
    n, m = len(kinds), len(columns)
    neg = (-(10**6), 0)
    # best[i][j]: best (score, rightness) placing cells i.. with cell i in column j
    best = [[neg] * m for _ in range(n)]
    nxt: list[list[int]] = [[-1] * m for _ in range(n)]
    for i in range(n - 1, -1, -1):
        for j in range(m):
            if m - j < n - i:
                continue
            fit = _FIT.get(columns[j], _FIT[""]).get(kinds[i], 0)
            if i == n - 1:
                best[i][j] = (fit, j)
                continue
            for k in range(j + 1, m):
                if best[i + 1][k] == neg:
                    continue
                s, r = best[i + 1][k]
                cand = (fit + s - (k - j - 1), j + r)
                if cand > best[i][j]:
                    best[i][j], nxt[i][j] = cand, k
    start = max(range(m), key=lambda j: best[0][j])
    if best[0][start] == neg:
        return neg, []
    path, j = [start], start
    for i in range(n - 1):
        j = nxt[i][j]
        path.append(j)
    return best[0][start], path


def _copied_prefix(cells: list[str], prev: list[str] | None) -> int:
    """How many leading cells of a row repeat the row above: the normaliser fills a row shorter than
    the table (its cells under merged ones) from the row above, counting its cells from the right."""
    if prev is None or len(prev) != len(cells):
        return 0
    k = 0
    while k < len(cells) and cells[k] == prev[k]:
        k += 1
    if k == 0 or k >= len(cells) or not cells[k].strip() or not any(c.strip() for c in prev[:k]):
        return 0
    return k


def realign_merged_row(
    cells: list[str], raw_prev: list[str] | None, prev: list[str] | None, cols: dict[str, int]
) -> list[str]:
    """A row written under merged cells, put back in its columns by what its cells hold.

    The cells a short row has are laid in the table from the right, the rest repeated from the
    row above. When the merged cells are not all on the left (the code column merged on the left,
    coordinators, time and source merged on the right: "Xây dựng hạ tầng dự phòng … | Trung tâm
    Chuyển đổi số"), the cells are moved to the columns their contents fit (a task's wording under
    the name, an agency under an agency column, a date under the time), and every column they do
    not fill keeps the merged value of the row above. Unchanged unless the move fits better."""
    k = _copied_prefix(cells, raw_prev)
    if not k:
        return cells
    own = cells[k:]
    kind_of = {i: col for col, i in cols.items()}
    free = [i for i in range(len(cells)) if kind_of.get(i) != "code"]
    columns = [kind_of.get(i, "") for i in free]
    kinds = [_cell_kind(c) for c in own]
    score, path = _placement(kinds, columns)
    as_read = [free.index(i) for i in range(k, len(cells)) if i in free]
    if len(as_read) != len(own) or not path:
        return cells
    read_score = sum(_FIT.get(columns[j], _FIT[""]).get(kinds[n], 0) for n, j in enumerate(as_read))
    if score[0] <= read_score:
        return cells
    out = list(
        prev if prev is not None and len(prev) == len(cells) else cells[:k] + [""] * len(own)
    )
    for n, j in enumerate(path):
        out[free[j]] = own[n]
    return out


def table_starts(blocks: list[Block], gap: int = 3) -> set[int]:
    """Lines of the rows that open a table of their own: rows with ``gap`` or more other blocks
    (paragraphs, headings) before them since the last row. A task table's header mapping does not
    reach past them (the portal's page furniture after a plan is not its task table)."""
    out, since = set(), None
    for b in blocks:
        if b.kind == "row":
            if since is not None and since >= gap:
                out.add(b.line)
            since = 0
        elif b.kind != "blank" and since is not None:
            since += 1
    return out


def tasks_from_rows(
    rows: list[Block], warnings: list[dict[str, Any]], starts: set[int] | None = None
) -> list[dict[str, Any]]:
    """Tasks of the task tables among ``rows``; ``starts``: lines where another table begins
    (see table_starts)."""
    items: list[dict[str, Any]] = []
    cols: dict[str, int] | None = None
    header_fold: list[str] | None = None
    scale = 1
    after_header = False
    raw_prev: list[str] | None = None  # the row above as read
    prev_cells: list[str] | None = None  # the row above, put back in its columns
    for row in rows:
        cells = row.cells
        hm = header_map(cells)
        if starts and row.line in starts and not hm:
            cols, header_fold, after_header = None, None, False
        if cols is not None and not hm:
            cells = realign_merged_row(cells, raw_prev, prev_cells, cols)
        # a header's words are no merged value for the row under it
        raw_prev, prev_cells = row.cells, [""] * len(cells) if hm else cells
        if hm:
            f_cells = [match_key(c) for c in cells]  # folded only for a header: to see it repeated
            if header_fold is not None and f_cells == header_fold:
                after_header = True  # a header repeated after a page break
            else:
                cols, header_fold, after_header = hm, f_cells, False
                scale = _scale_from_header(cells[hm["budget"]]) if "budget" in hm else 1
            continue
        if cols is None or is_numbering_row(cells):
            continue
        width = max(cols.values()) + 1
        cells = list(cells) + [""] * max(0, width - len(cells))

        def get(col: str, cols: dict[str, int] = cols, cells: list[str] = cells) -> str:
            """The cell of column ``col`` in this row (the row's ``cols`` and ``cells`` bound)."""
            i = cols.get(col)
            return strip_refs(cells[i]).strip() if i is not None and i < len(cells) else ""

        code, name = get("code"), get("name")
        if "code" in cols and code and not name:
            split = _split_code_name(code)
            if split:
                code, name = split
        elif "code" not in cols and name:
            split = _split_code_name(name)
            if split and len(split[0]) <= 6:
                code, name = split
        code = code.rstrip(".)").strip()
        lead, coord, time_, budget = (
            get("lead"),
            get("coordinators"),
            get("timeframe"),
            get("budget"),
        )
        source, product, result = get("source"), get("product"), get("result")
        if not (code or name or lead or coord or time_ or budget or result or product):
            continue
        filled = [c for c in cells if strip_refs(c).strip()]
        if code and not name and len(filled) == 2:
            # "A. | BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" spread over the row: a group row whose name sits
            # in whatever column the merged cell starts
            name, lead, coord, time_, budget, source = filled[1].strip(), "", "", "", "", ""
        prev_task = next((it for it in reversed(items) if it["_type"] == "task"), None)
        if _spilled_fragment(time_):
            time_ = ""  # "năm tiếp theo": the end of the row above's time, repeated by a page break
        continuing = (
            not code
            and prev_task is not None
            and not time_
            and not budget
            # a row cut by a page break goes on in lower case, its agency cell too ("cơ" / "quan");
            # a row with only its results or product cell goes on the row above; a row with no
            # number and no lead goes on a task whose wording the break cut mid-list
            and (
                after_header
                or (name[:1].islower() and (not lead or lead[:1].islower()))
                or (not name and not lead and bool(result or product or coord))
                or (
                    "code" in cols
                    and bool(name)
                    and not lead
                    and items[-1] is prev_task
                    and _runs_on(prev_task["name"])
                )
            )
        )
        after_header = False
        if continuing and prev_task is not None:
            prev_task["name"] = f"{prev_task['name']} {name}".strip()
            for key, val in (
                ("_lead", lead),
                ("_coord", _new_agencies(coord, prev_task)),
                ("product", product),
                ("result", result),
            ):
                if val:
                    prev_task[key] = f"{prev_task.get(key) or ''} {val}".strip()
            continue
        if name and not (lead or coord or time_ or budget or source):
            items.append(
                {
                    "_type": "group",
                    "code": code,
                    "name": name,
                    "line": row.line,
                    "_depth": _code_depth(code),
                }
            )
            continue
        items.append(
            {
                "_type": "task",
                "code": code,
                "name": name,
                "line": row.line,
                "_lead": lead,
                "_coord": coord,
                "timeframe": time_,
                "_budget": budget,
                "_source": source,
                "product": product or None,
                "result": result or None,
                "_scale": scale,
                "_has_coord_col": "coordinators" in cols,
            }
        )
    # a group with nothing under it is a task with empty cells
    for i, it in enumerate(items):
        if it["_type"] != "group":
            continue
        nxt = items[i + 1] if i + 1 < len(items) else None
        if nxt is None or (nxt["_type"] == "group" and nxt["_depth"] <= it["_depth"]):
            it.update(
                {
                    "_type": "task",
                    "_lead": "",
                    "_coord": "",
                    "timeframe": "",
                    "_budget": "",
                    "_source": "",
                    "product": None,
                    "_scale": scale,
                }
            )
    return _finish(items)


def _spilled_fragment(time_: str) -> bool:
    """A time cell holding only the lower-case end of a phrase ("năm tiếp theo") and no date: text
    a page break carried over from the row above, not this row's time."""
    if not time_[:1].islower():
        return False
    tf = parse_timeframe(time_)
    return not (tf.end_year or tf.start_year or tf.recurrence or tf.end_quarter)


def _runs_on(name: str) -> bool:
    """Whether a task's wording stops mid-list, so that a page break may have cut it: it ends in
    ";", "," or ":" (an enumeration "(4) Xây dựng sàn giao dịch bất động sản;")."""
    return name.rstrip().endswith((";", ",", ":"))


def _new_agencies(cell: str, task: dict[str, Any]) -> str:
    """The agencies of a continuation row's coordinator cell that the task does not list yet: a
    page break repeats the end of the agency list ("nghiệp và phát triển nông thôn, Bộ Tài chính"
    under "…, Bộ Nông nghiệp và Phát triển nông thôn, Bộ Tài chính"). A cell going on a cut name
    ("cơ" / "quan") is kept whole."""
    if not cell or (cell[:1].islower() and task.get("_coord")):
        return cell
    known = [
        match_key(a) for a in split_agencies(f"{task.get('_lead', '')}; {task.get('_coord', '')}")
    ]
    fresh = [
        a
        for a in split_agencies(cell)
        if not any(k == match_key(a) or k.endswith(" " + match_key(a)) for k in known)
    ]
    return ", ".join(fresh)


def _finish(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    tasks = []
    stack: list[dict[str, Any]] = []
    for it in items:
        if it["_type"] == "group":
            depth = it["_depth"]
            while stack and stack[-1]["_depth"] >= depth:
                stack.pop()
            stack.append(it)
            continue
        code = it["code"]
        group = stack[-1] if stack else None
        gcode = group["code"] if group else ""
        if not code:
            code = gcode
        elif (
            gcode
            and not code.startswith(gcode + ".")
            and code != gcode
            and re.fullmatch(r"[a-zđ]|\d+", code)
            and (
                _code_depth(code) > _code_depth(gcode)
                or re.fullmatch(r"[a-zđ]", code)
                or ROMAN_CODE.match(gcode)
            )
        ):
            code = f"{gcode}.{code}"
        for name, lead_text, coord_text in _tasks_side_by_side(it):
            coord = split_agencies(coord_text)
            if not it.get("_has_coord_col"):
                coord = partners_in_text(name)  # "Chủ trì, phối hợp với Bộ Công an …"
            tasks.append(
                make_task(
                    line=it["line"],
                    code=code,
                    group=f"{group['code']} {group['name']}".strip() if group else None,
                    name=name,
                    lead=split_agencies(lead_text),
                    coordinators=coord,
                    timeframe=it["timeframe"],
                    budget_text=it["_budget"],
                    source_text=it["_source"],
                    scale=it["_scale"],
                    product=it.get("product"),
                    result=it.get("result"),
                )
            )
    return tasks


def _tasks_side_by_side(it: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(name, lead, coordinators) of each task a table row holds. One, unless the row lists
    several tasks one per line, each with its agencies on the matching line of the agency cells
    ("Bố trí nhân lực để xây dựng … . / Bố trí nhân lực để vận hành … ." beside "Các sở, ngành /
    Sở Tài chính" and "Sở Tài chính / Các sở, ngành"): as many sentences in the name as names
    written one per line in the lead cell (and in the coordinators cell, if it has any), two or
    more, make as many tasks, paired in order."""
    one = [(it["name"], it["_lead"], it["_coord"])]
    sentences = [
        x.strip() for x in re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])", it["name"] or "") if x.strip()
    ]
    if len(sentences) < 2 or any(len(x.split()) < 4 for x in sentences):
        return one
    leads = _cell_lines(it["_lead"])
    coords = _cell_lines(it["_coord"]) if it["_coord"] else [""] * len(leads)
    if not len(sentences) == len(leads) == len(coords):
        return one
    # a Word cell's paragraphs come joined with "; ": the sentence ends at its own full stop
    names = [x.rstrip("; ") if x.rstrip("; ").endswith(".") else x for x in sentences]
    return list(zip(names, leads, coords, strict=True))


def _cell_lines(cell: str) -> list[str]:
    """The lines of an agency cell: paragraphs a reader joined with "; " (a Word cell), or names
    one per line joined with a space (a portal's flattened cell)."""
    return [line for part in cell.split(";") for line in fused_lines(part.strip()) if line]


def make_task(
    *,
    line: int,
    code: str | None,
    group: str | None,
    name: str,
    lead: list[str],
    coordinators: list[str],
    timeframe: str,
    budget_text: str = "",
    source_text: str = "",
    scale: int = 1,
    product: str | None = None,
    result: str | None = None,
) -> dict[str, Any]:
    tf = parse_timeframe(timeframe)
    money = parse_money(budget_text, default_scale=scale)
    source = source_text or money.source
    return {
        "line": line,
        "code": code or None,
        "group": group,
        "name": " ".join(strip_refs(name).split()),
        "lead": lead,
        "coordinators": coordinators,
        "timeframe": timeframe or None,
        "start_year": tf.start_year,
        "end_year": tf.end_year,
        "end_quarter": tf.end_quarter,
        "recurrence": tf.recurrence,
        "budget_vnd": money.vnd,
        "budget_per_year": money.per_year if money.vnd is not None else False,
        "budget_source": source or None,
        "budget_text": budget_text or None,
        "product": product or None,
        **({"result": result} if result else {}),
    }


def prose_tasks(
    blocks: list[Block], classes: list[str | None], heading_of: list[Block | None]
) -> list[dict[str, Any]]:
    """Task blocks written as prose under a numbered heading:
    "Cơ quan thực hiện: X chủ trì, phối hợp với A, B." / "Thời gian hoàn thành: Quý II năm 2025"."""
    fields = vocab.load("headings")["prose_task_fields"]
    agency_keys = sorted((match_key(w) for w in fields["agencies"]), key=len, reverse=True)
    time_keys = sorted((match_key(w) for w in fields["time"]), key=len, reverse=True)
    budget_keys = sorted((match_key(w) for w in fields["budget"]), key=len, reverse=True)
    coord_keys = sorted(
        (match_key(w) for w in fields.get("coordinators", [])), key=len, reverse=True
    )
    found: dict[int, dict[str, Any]] = {}
    order: list[int] = []
    for i, b in enumerate(blocks):
        if (
            b.kind not in ("para", "bullet", "item")
            or classes[i] != "tasks"
            or heading_of[i] is None
        ):
            continue
        h = heading_of[i]
        assert h is not None  # tested above
        for seg_label, seg_text in _labelled_segments(b.text):
            key = match_key(seg_label)
            task = found.get(id(h))
            if key in agency_keys:
                if task is None:
                    task = found[id(h)] = {
                        "heading": h,
                        "line": h.line,
                        "agencies": "",
                        "time": "",
                        "budget": "",
                        "coord": "",
                    }
                    order.append(id(h))
                if not task["agencies"]:
                    task["agencies"] = seg_text
            elif key in coord_keys and task is not None and not task["coord"]:
                task["coord"] = seg_text  # "Cơ quan phối hợp: A, B" after "Cơ quan chủ trì: X"
            elif key in time_keys and task is not None and not task["time"]:
                task["time"] = seg_text.rstrip(". ")
            elif key in budget_keys and task is not None and not task["budget"]:
                task["budget"] = seg_text
    out = []
    for k in order:
        t = found[k]
        h = t["heading"]
        lead, coord = split_roles(t["agencies"])
        if t["coord"]:
            coord = coord + [c for c in split_agencies(t["coord"].rstrip(". ")) if c not in coord]
        out.append(
            make_task(
                line=h.line,
                code=h.marker or None,
                group=None,
                name=h.text,
                lead=lead,
                coordinators=coord,
                timeframe=t["time"],
                budget_text=t["budget"],
            )
        )
    return out


def _labelled_segments(text: str) -> list[tuple[str, str]]:
    """ "Cơ quan thực hiện: A. Thời gian: B" → [("Cơ quan thực hiện", "A."), ("Thời gian", "B")]."""
    out = []
    for m in re.finditer(
        r"(?:^|(?<=[.;]\s))([A-ZĐÀ-Ỹ][^:.;]{2,40}):\s*([^:]*?)(?=(?:[.;]\s+[A-ZĐÀ-Ỹ][^:.;]{2,40}:)|$)",
        text,
    ):
        out.append((m.group(1).strip(), m.group(2).strip()))
    return out


# ---------------------------------------------------------------- labelled task blocks


def _field_keys() -> dict[str, tuple[str, ...]]:
    fields = vocab.load("headings")["prose_task_fields"]
    keys = {k: tuple(match_key(w) for w in fields.get(k, [])) for k in fields}
    keys["lead"] = tuple(match_key(w) for w in fields.get("lead", []))
    return keys


def _label_of(text: str) -> tuple[str, str, str] | None:
    """ "Nội dung: Triển khai …" → ("name", "Nội dung", "Triển khai …"); the field a leading label
    names, or None."""
    m = re.match(r"^([A-ZĐÀ-Ỹ][^:;.()]{1,45}?)\s*:\s*(.*)$", text.strip(), re.S)
    if not m:
        return None
    key = match_key(m.group(1))
    for field, keys in _field_keys().items():
        if key in keys:
            return field, m.group(1), m.group(2).strip()
    return None


def labelled_tasks(blocks: list[Block], classes: list[str | None]) -> list[dict[str, Any]]:
    """Tasks written as labelled blocks ("a) Hoạt động 1" / "- Nội dung: …" / "- Cơ quan thực hiện:
    Sở X chủ trì, phối hợp với …" / "- Thời gian thực hiện: …"; or "a) Nhiệm vụ: …" / "b) Cơ quan
    thực hiện: Đơn vị chủ trì: …; Đơn vị phối hợp: …" / "c) Thời gian thực hiện: …"). A task opens
    at its "Nội dung"/"Nhiệm vụ" label, and its name is that text, never the label nor the
    heading's "Hoạt động 1"; an agency label with nothing after it takes the "+"/"-" lines that
    follow. [] when the document has no such name label (prose_tasks reads the other forms)."""
    tasks: list[dict[str, Any]] = []
    cur: dict[str, Any] | None = None
    collecting: str | None = None  # the field whose value runs on in the following bullets
    for i, b in enumerate(blocks):
        if b.kind not in ("para", "bullet", "item", "heading") or classes[i] in (
            "goal",
            "status",
            "closing",
        ):
            continue
        label = _label_of(b.text)
        if label is None:
            if collecting and cur is not None and b.kind in ("bullet", "item", "para"):
                cur[collecting] = f"{cur[collecting]}; {b.text}".strip("; ")
                continue
            if b.kind == "heading":
                collecting = None
                if cur is not None and b.style in ("roman", "num", "part", "md"):
                    cur = None
            continue
        field, _, value = label
        if field == "name":
            cur = {
                "line": b.line,
                "name": value,
                "agencies": "",
                "coord": "",
                "time": "",
                "budget": "",
                "product": "",
                "lead": "",
            }
            tasks.append(cur)
            collecting = None if value else "name"
            continue
        if cur is None:
            continue
        key = {
            "agencies": "agencies",
            "coordinators": "coord",
            "time": "time",
            "budget": "budget",
            "product": "product",
            "lead": "lead",
        }.get(field)
        if key is None:
            continue
        cur[key] = value
        collecting = None if value else key
    out = []
    for t in tasks:
        lead_text, coord_text = t["lead"], t["coord"]
        agencies = t["agencies"]
        # "Cơ quan thực hiện: Đơn vị chủ trì: A; Đơn vị phối hợp: B"
        for part in re.split(r";\s*(?=[A-ZĐÀ-Ỹ][^:;]{2,40}:)", agencies):
            inner = _label_of(part)
            if inner and inner[0] == "lead":
                lead_text = inner[2]
            elif inner and inner[0] == "coordinators":
                coord_text = inner[2]
            elif inner is None and part.strip():
                lead_text = f"{lead_text}; {part}".strip("; ") if lead_text else part
        lead, coord = (
            split_roles(lead_text)
            if "chủ trì" in lead_text.lower()
            else (split_agencies(lead_text.rstrip(". ")), [])
        )
        if coord_text:
            coord += [c for c in split_agencies(coord_text.rstrip(". ")) if c not in coord]
        if not (lead or coord) or not t["name"]:
            continue
        out.append(
            make_task(
                line=t["line"],
                code=None,
                group=None,
                name=t["name"].rstrip(". "),
                lead=lead,
                coordinators=coord,
                timeframe=t["time"].rstrip(". "),
                budget_text=t["budget"],
                product=t["product"] or None,
            )
        )
    return out
