"""PDF reader (text layer, pdfplumber) → plain text.

Per page: tables (pdfplumber's ruled-table finder), each row one tab-separated line; the text
outside them as paragraphs, one line each. Across the document:

- **merged table cells**, told by the ruling lines: a cell with no rule between two columns is
  written once; a cell with no rule between two rows gives its text to every row it spans, across
  a page break too (as the Word reader does for w:vMerge); a heading row repeated at the top of
  each page is dropped, and a row cut by a page break is joined;
- **running heads and page numbers** are dropped: a line in the top or bottom band of the page
  that recurs (digits ignored) at the same height on at least half the pages, and any line there
  that is only a page number ("3", "- 3 -", "Trang 3", "3/12");
- **paragraphs**: the lines of one paragraph are joined; a new one starts after a gap wider than
  0.6 line, at a list marker ("- ", "+ ", "1.", "a)", "II.", "(1)"), after a short line (the last line
  of a paragraph), at an indented first line, or where the font size changes;
- **superscript digits** (smaller and raised) become superscript numbers ("…4G¹"): footnote marks;
- **footnotes**: the run of lines in a smaller font at the foot of a page goes after the page's
  text as footnote lines ("¹ Báo cáo số …"), one per note;
- a blank line at every page break (the text reader joins a paragraph or a table cut by it).
"""

import ctypes
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from dxtrack.core.text import match_key
from dxtrack.docimport import vocab
from dxtrack.docimport.errors import DocumentError
from dxtrack.docimport.textutil import SUPERSCRIPT_DIGITS

from .text import MAX_PDF_PAGES, check_has_text, join_cell_pieces, normalise_text

_SUP_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
MARKER = re.compile(
    r"^(?:[-–•+*·]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|[IVXLC]{1,6}[.)]\s|\(\d{1,2}\)\s|"
    r"[⁰¹²³⁴⁵⁶⁷⁸⁹]|Phần\s|PHẦN\s)"
)
# a bullet drawn as a glyph: Word's Symbol/Wingdings bullets come out of a PDF as private-use
# characters (U+F0B7 "", U+F0A7 "", U+F0D8 "" …), or as "•", "▪", "◦", "●", "➢"
BULLET_GLYPH = re.compile(r"^[\uf000-\uf0ff•▪◦●■□➢►]\s*")
# how much more room than the next word and a space a cell's line must leave to have ended its
# paragraph (in ems): the measures of a PDF's glyphs are good to a fraction of a point
PARAGRAPH_SLACK = 0.1
PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:Trang|trang|Page)?\s*\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$")
BAND = 0.1  # top / bottom share of the page where running heads live
#: A table cell covered by the cell above it (no ruling line between them); never in the text read.
MERGED_ABOVE = "\x1f"


@dataclass
class Line:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    cols: list[str] = field(default_factory=list)  # pieces split at wide gaps (columns), if any


@dataclass
class PageLayout:
    height: float
    width: float
    lines: list[Line] = field(default_factory=list)  # outside tables
    tables: list[tuple[float, list[str]]] = field(default_factory=list)  # (top, row lines)


def read_pdf_bytes(data: bytes, where: str | None = None) -> str:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise DocumentError("tệp .pdf bị hỏng (thiếu phần đầu %PDF).", code="corrupt", where=where)
    fast = _fast_layouts(data)
    if fast is not None:
        return _layouts_to_text(fast, where)
    return _read_with_pdfplumber(data, where)


def _layouts_to_text(layouts: list[PageLayout], where: str | None) -> str:
    if not any(layout.lines or layout.tables for layout in layouts):
        raise DocumentError(
            "tệp PDF không có lớp văn bản (có thể là bản quét); hãy dùng bản .docx hoặc PDF có chữ.",
            code="no-text",
            where=where,
        )
    drop_running_lines(layouts)
    drop_repeated_header_rows(layouts)
    join_rows_cut_by_page_breaks(layouts)
    fill_merged_cells(layouts)
    size = body_size(layouts)
    out: list[str] = []
    for layout in layouts:
        out.extend(page_text(layout, size))
        out.append("")
    return check_has_text(normalise_text("\n".join(out).rstrip() + "\n"), where)


def _continued_tables(layouts: list[PageLayout]) -> Iterator[tuple[list[str], list[str]]]:
    """(last rows of a page's last table, rows of the next page's first table) where the table
    goes on over the page break: nothing after it on the page before, nothing before it on the
    next page, the same number of columns. The page's footnotes (under the table, at its foot)
    do not end the table."""
    size: float | None = None
    for prev, page in zip(layouts, layouts[1:], strict=False):
        if not prev.tables or not page.tables:
            continue
        last_top, last_rows = max(prev.tables, key=lambda t: t[0])
        first_top, first_rows = min(page.tables, key=lambda t: t[0])
        if not last_rows or not first_rows:
            continue
        after = [ln for ln in prev.lines if last_top < ln.top < prev.height * (1 - BAND)]
        if after:
            size = body_size(layouts) if size is None else size
            if any(ln.top > last_top for ln in after[: footnote_start(after, size, prev.height)]):
                continue  # text after the table on the page before: the table ended there
        if any(ln.bottom <= first_top for ln in page.lines):
            continue  # text before the table: a new table
        if last_rows[-1].count("\t") != first_rows[0].count("\t"):
            continue
        yield last_rows, first_rows


def drop_repeated_header_rows(layouts: list[PageLayout]) -> None:
    """A table going on over a page break whose heading row is repeated on the new page (Word's
    "repeat as header row"): the repeat is dropped, the rows go on from the page before."""
    heads: dict[int, str] = {}  # id of a page's rows → the heading row of the table they go on
    for last_rows, first_rows in _continued_tables(layouts):
        head = heads.get(id(last_rows), last_rows[0])
        if _without_marks(first_rows[0]) == _without_marks(head):
            del first_rows[0]
        heads[id(first_rows)] = head


def _without_marks(row: str) -> str:
    """A row without its note marks: a heading row repeated on the next page shows no footnote
    reference ("Thuộc nhóm nhiệm vụ, hành động¹" / "… hành động")."""
    return " ".join(row.translate(_NO_SUP).split())


_NO_SUP = dict.fromkeys(map(ord, "⁰¹²³⁴⁵⁶⁷⁸⁹"), None)


def join_rows_cut_by_page_breaks(layouts: list[PageLayout]) -> None:
    """A table row cut by a page break: the next page opens with the same table (its repeated
    heading row dropped) whose first row has an empty first cell; its cells go on the cells of
    the row above ("Các bộ, cơ" + "quan quản lý …", "31/10/2" + "025"). (A sub-row whose first
    cell is merged from the page before looks the same and is joined too: the ruling lines do not
    tell them apart.)"""
    for last_rows, first_rows in _continued_tables(layouts):
        above, below = last_rows[-1].split("\t"), first_rows[0].split("\t")
        if below[0].strip():
            continue
        last_rows[-1] = "\t".join(_join_cut(a, b) for a, b in zip(above, below, strict=True))
        del first_rows[0]


def fill_merged_cells(layouts: list[PageLayout]) -> None:
    """Give a cell merged down rows its text on every row it spans (each task row needs its lead,
    its timeframe, its source of funds), across page breaks too: on a page where the table goes
    on, an empty first cell of a column spanning rows is the rest of the cell above it on the page
    before. An amount in a money column is kept once (it is the total of those rows), as the
    Word reader does."""
    money_words = vocab.words("headings", "money_columns")
    carried: dict[int, tuple[list[str], set[int]]] = {}  # id(rows) → (last row, money columns)
    for last_rows, first_rows in _continued_tables(layouts):
        carried[id(first_rows)] = (last_rows, set())
    for layout in layouts:
        for _top, rows in layout.tables:
            before = carried.get(id(rows))
            above = before[0][-1].split("\t") if before and before[0] else []
            money = before[1] if before else set()
            grid = [row.split("\t") for row in rows]
            if before is None and grid:
                money = {
                    j
                    for j, c in enumerate(grid[0])
                    if any(w in match_key(c) + " " for w in money_words)
                }
            if above:
                _mark_continued_columns(grid)
            for cells in grid:
                for c, cell in enumerate(cells):
                    if cell == MERGED_ABOVE:
                        text = above[c] if c < len(above) else ""
                        cells[c] = "" if c in money and re.search(r"\d", text) else text
                above = cells
            rows[:] = ["\t".join(cells) for cells in grid]
            for key, (last, _) in list(carried.items()):
                if last is rows:
                    carried[key] = (rows, money)


def _mark_continued_columns(grid: list[list[str]]) -> None:
    """On a page where the table goes on: a column whose first cell is empty and spans rows
    (MERGED_ABOVE below it) is the cell from the page before."""
    if len(grid) < 2:
        return
    for c, cell in enumerate(grid[0]):
        if not cell.strip() and c < len(grid[1]) and grid[1][c] == MERGED_ABOVE:
            grid[0][c] = MERGED_ABOVE


def _join_code_cuts(parts: list[str]) -> str:
    """A cell's lines (pdfplumber's slow path) joined with a space, or without one where a document
    code was cut ("2618/QĐ-" + "BKHCN", "02-KH/BCĐT" + "W")."""
    out = ""
    for p in (p.strip() for p in parts):
        if out and (
            re.search(r"(?<![\s-])\w-$", out)
            and p[:1].isalnum()
            or (re.search(r"\d[\w./-]*[/-][A-ZĐ]+$", out) and re.match(r"[A-ZĐ]{1,4}(?:\s|$)", p))
        ):
            out += p
        else:
            out = f"{out} {p}" if out else p
    return out


def _join_cut(a: str, b: str) -> str:
    if not b or b == MERGED_ABOVE:
        return a
    if not a or a == MERGED_ABOVE:
        return b
    if re.search(r"[\d/]$", a) and b[:1].isdigit():
        return a + b  # a date or number cut at the line: "31/10/2" + "025"
    if _join_code_cuts([a, b]) == a + b:
        return a + b  # a code cut: "2618/QĐ-" + "BKHCN", "2025-" + "2030", "02-KH/BCĐT" + "W"
    return f"{a} {b}"


# ---------------------------------------------------------------- fast path (pdfium)


def _fast_layouts(data: bytes) -> list[PageLayout] | None:
    """Characters, boxes and font sizes from pdfium (pypdfium2, ~10× faster than pdfplumber's
    per-character objects); a page that draws lines (a ruled table) is read by pdfplumber, whose
    table finder this reader keeps. None when pdfium cannot open the file (the pdfplumber path then
    gives the right error: password, corrupt file)."""
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c
    except ImportError:  # pragma: no cover
        return None
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:
        return None
    try:
        if len(pdf) > MAX_PDF_PAGES:
            return None
        layouts: list[PageLayout] = []
        slow: list[int] = []
        for i in range(len(pdf)):
            page = pdf[i]
            edges = _edges(page, pdfium_c)
            grids = _grids(edges, page.get_height()) if edges else []
            if grids is None:
                slow.append(i)  # lines that make no clean grid: pdfplumber's table finder
                layouts.append(PageLayout(height=page.get_height(), width=page.get_width()))
            else:
                layouts.append(_pdfium_page_layout(page, pdfium_c, grids))
            page.close()
    finally:
        pdf.close()
    if slow:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for i in slow:
                layouts[i] = page_layout(plumber.pages[i])
    return layouts


Edge = tuple[str, float, float, float]  # ("h", y, x0, x1) or ("v", x, top, bottom), top-based


def _edges(page: Any, pdfium_c: Any) -> list[Edge]:
    """The page's drawn lines, from the bounds of its path objects (top-based coordinates): a thin
    path is one edge, a box (a cell's border) its four sides."""
    height = page.get_height()
    out: list[Edge] = []
    left, bot, right, top_ = (ctypes.c_float() for _ in range(4))
    for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, k)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bot, right, top_):
            continue
        x0, x1, top, bottom = left.value, right.value, height - top_.value, height - bot.value
        w, h = x1 - x0, bottom - top
        if h <= 3 and w > 3:
            out.append(("h", (top + bottom) / 2, x0, x1))
        elif w <= 3 and h > 3:
            out.append(("v", (x0 + x1) / 2, top, bottom))
        elif w > 3 and h > 3:
            out += [("h", top, x0, x1), ("h", bottom, x0, x1)]
            out += [("v", x0, top, bottom), ("v", x1, top, bottom)]
    return out


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    edges: list[Edge]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _clusters(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _grids(edges: list[Edge], height: float) -> list[Grid] | None:
    """Ruled tables as grids (connected groups of edges with at least 2 columns and 1 row); None
    when a group of lines is not a clean grid (then pdfplumber reads the page)."""
    parent = list(range(len(edges)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def touch(a: Edge, b: Edge) -> bool:
        if a[0] == b[0]:
            return abs(a[1] - b[1]) <= 2 and a[2] <= b[3] + 2 and b[2] <= a[3] + 2
        h, v = (a, b) if a[0] == "h" else (b, a)
        return h[2] - 2 <= v[1] <= h[3] + 2 and v[2] - 2 <= h[1] <= v[3] + 2

    # compare only edges that share a 24-pt bucket of the page (linear in practice)
    buckets: dict[tuple[int, int], list[int]] = {}
    for i, e in enumerate(edges):
        if e[0] == "h":
            x0, x1, y0, y1 = e[2], e[3], e[1], e[1]
        else:
            x0, x1, y0, y1 = e[1], e[1], e[2], e[3]
        for bx in range(int((x0 - 2) // 24), int((x1 + 2) // 24) + 1):
            for by in range(int((y0 - 2) // 24), int((y1 + 2) // 24) + 1):
                buckets.setdefault((bx, by), []).append(i)
    for members in buckets.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                if find(i) != find(j) and touch(edges[i], edges[j]):
                    parent[find(i)] = find(j)
    groups: dict[int, list[Edge]] = {}
    for i, e in enumerate(edges):
        groups.setdefault(find(i), []).append(e)
    grids = []
    for group in groups.values():
        xs = _clusters([e[1] for e in group if e[0] == "v"])
        ys = _clusters([e[1] for e in group if e[0] == "h"])
        if len(xs) < 3 or len(ys) < 2:
            if len(xs) >= 2 and len(ys) >= 2:
                return None  # a box or a one-column table: leave it to pdfplumber
            continue  # a rule under a heading, an underline
        grids.append(Grid(xs, ys, group))
    return grids


def _has_edge(grid: Grid, kind: str, at: float, lo: float, hi: float) -> bool:
    """Whether a drawn line of ``kind`` runs at ``at`` over the middle of ``lo``..``hi``."""
    mid = (lo + hi) / 2
    return any(
        e[0] == kind and abs(e[1] - at) <= 2 and e[2] - 2 <= mid <= e[3] + 2 for e in grid.edges
    )


def _grid_rows(grid: Grid, chars: list[dict[str, Any]]) -> list[str]:
    """The grid's rows as tab-separated lines: a cell with no rule between two columns spans them
    and keeps its text in its first position (the others empty); a cell with no rule between two
    rows spans them and the rows below hold MERGED_ABOVE (``fill_merged_cells`` repeats its text
    there, as the Word reader does for w:vMerge)."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(nrows):
        top, bottom = grid.ys[r], grid.ys[r + 1]
        for c in range(ncols):
            left, right = grid.xs[c], grid.xs[c + 1]
            o = (r, c)
            if c > 0 and not _has_edge(grid, "v", left, top, bottom):
                o = owner[(r, c - 1)]
            elif r > 0 and not _has_edge(grid, "h", top, left, right):
                o = owner[(r - 1, c)]
            owner[(r, c)] = o
    texts: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (grid.xs[0] <= cx <= grid.xs[-1] and grid.ys[0] <= cy <= grid.ys[-1]):
            continue
        c = max(0, min(ncols - 1, next(i for i in range(ncols) if cx <= grid.xs[i + 1])))
        r = max(0, min(nrows - 1, next(i for i in range(nrows) if cy <= grid.ys[i + 1])))
        texts.setdefault(owner[(r, c)], []).append(ch)
    rows = []
    for r in range(nrows):
        cells = []
        for c in range(ncols):
            if owner[(r, c)] != (r, c):
                # merged down from a row above: the document pass gives it that cell's text;
                # merged across from the left: written once, as Word's gridSpan
                cells.append(MERGED_ABOVE if owner[(r, c)][1] == c else "")
                continue
            lines = _char_lines(texts.get((r, c), []))
            last = c  # a cell merged across columns reaches the right edge of its last one
            while last + 1 < ncols and owner.get((r, last + 1)) == (r, c):
                last += 1
            right = grid.xs[last + 1]
            cells.append(" ".join(_join_cell_lines(lines, grid.xs[c], right).split()))
        if any(c.strip(MERGED_ABOVE) for c in cells):  # a row with text of its own
            rows.append("\t".join(cells))
    return rows


def _join_cell_lines(lines: list[list[dict[str, Any]]], left: float, right: float) -> str:
    """A cell's lines joined with a space, except where a narrow cell cut a document code: a line
    of one token that ends in a hyphen inside the code ("2618/QĐ-" / "BKHCN"), or that fills the
    line so that not even the next letter fitted and goes on in the same kind of character
    ("180/2025/NĐ" / "-CP", "02-KH/BCĐT" / "W", "14423:202" / "5"; not "44-TB/TGV" / "ngày").
    A line that left room for the next line's first word ended its paragraph (a line only wraps
    when the next word does not fit): the paragraphs are joined as the Word reader joins a cell's
    paragraphs (``join_cell_pieces``: "Bộ Công an" / "Bộ Tài chính" → "Bộ Công an; Bộ Tài chính")."""
    texts = [_line_text(ln, _median_size(ln)) for ln in lines]
    # a bullet glyph opens a paragraph and is dropped, as the Word reader drops a cell's bullets
    bullets = [bool(BULLET_GLYPH.match(t)) for t in texts]
    texts = [BULLET_GLYPH.sub("", t) if b else t for t, b in zip(texts, bullets, strict=True)]
    pad = max(0.0, min((ln[0]["x0"] - left for ln in lines if ln), default=0.0))
    paragraphs = [texts[0] if texts else ""]
    for k in range(1, len(lines)):
        a, b = texts[k - 1], texts[k]
        cut = False
        if a and b and " " not in a and lines[k - 1] and lines[k]:
            room = right - pad - lines[k - 1][-1]["x1"]
            glyph = lines[k][0]["x1"] - lines[k][0]["x0"]
            full = room < glyph + 0.15 * _median_size(lines[k - 1])
            same_kind = (a[-1].isdigit() and b[0].isdigit()) or (
                a[-1].isupper() and (b[0].isupper() or b[0] == "-")
            )
            cut = full and same_kind
        if a and b and len(a) > 1 and a[-1] == "-" and a[-2].isalnum() and b[0].isalnum():
            cut = True  # "Thông báo số 30-" / "TB/TGV"
        if cut:
            paragraphs[-1] += b
        elif bullets[k] or _ends_paragraph(lines[k - 1], lines[k], right - left - 2 * pad):
            paragraphs.append(b)
        else:
            paragraphs[-1] += " " + b
    return join_cell_pieces(paragraphs) if len(paragraphs) > 1 else paragraphs[0]


def _ends_paragraph(line: list[dict[str, Any]], after: list[dict[str, Any]], width: float) -> bool:
    """Whether ``line`` (of a cell whose text is ``width`` wide) ended its paragraph: the next
    line's first word, with a space, would have fitted after it (left, right or centred alike)."""
    if not line or not after:
        return False
    size = _median_size(line)
    free = width - (line[-1]["x1"] - line[0]["x0"])
    word_end = after[0]["x1"]
    for prev, ch in zip(after, after[1:], strict=False):
        if ch["x0"] - prev["x1"] > 0.15 * size or not ch["text"].strip():
            break  # the gap after the first word
        word_end = ch["x1"]
    word = word_end - after[0]["x0"]
    # a space, and slack for the measures
    return bool(free > word + (0.25 + PARAGRAPH_SLACK) * size)


def _median_size(chars: list[dict[str, Any]]) -> float:
    sizes = sorted(c["size"] for c in chars)
    return sizes[len(sizes) // 2] if sizes else 0.0


def _pdfium_chars(page: Any, pdfium_c: Any) -> list[dict[str, Any]]:
    """The page's visible characters as pdfplumber gives them (text, x0, x1, top, bottom, size);
    spaces are left out (words are told apart by the gaps, as pdfplumber does)."""
    textpage = page.get_textpage()
    try:
        n = pdfium_c.FPDFText_CountChars(textpage.raw)
        height = page.get_height()
        rect = pdfium_c.FS_RECTF()
        ref = ctypes.byref(rect)
        get_unicode, get_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox
        get_size, raw = pdfium_c.FPDFText_GetFontSize, textpage.raw
        chars = []
        for k in range(n):
            code = get_unicode(raw, k)
            if code == 2:
                code = 0x2D  # pdfium marks a hyphen that ends a line; the text keeps it ("NQ-CP")
            if code <= 32 or code in (0xA0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
                continue
            get_box(raw, k, ref)
            chars.append(
                {
                    "text": chr(code),
                    "x0": rect.left,
                    "x1": rect.right,
                    "top": height - rect.top,
                    "bottom": height - rect.bottom,
                    "size": get_size(raw, k),
                    "upright": True,
                }
            )
        return chars
    finally:
        textpage.close()


def _pdfium_page_layout(page: Any, pdfium_c: Any, grids: list[Grid] | None = None) -> PageLayout:
    layout = PageLayout(height=page.get_height(), width=page.get_width())
    chars = _pdfium_chars(page, pdfium_c)
    mark_superscripts(chars)  # note marks in table cells too ("hành động¹")
    for grid in grids or []:
        layout.tables.append((grid.ys[0], _grid_rows(grid, chars)))
        x0, top, x1, bottom = grid.bbox
        chars = [
            c
            for c in chars
            if not (
                x0 - 1 <= c["x0"]
                and c["x1"] <= x1 + 1
                and top - 1 <= c["top"]
                and c["bottom"] <= bottom + 1
            )
        ]
    for line_chars in _char_lines(chars):
        sizes = sorted(round(c["size"], 1) for c in line_chars if c["text"] not in _SUP_CHARS)
        size = sizes[len(sizes) // 2] if sizes else 0.0
        text = _line_text(line_chars, size)
        if text:
            layout.lines.append(
                Line(
                    text,
                    min(c["top"] for c in line_chars),
                    max(c["bottom"] for c in line_chars),
                    line_chars[0]["x0"],
                    max(c["x1"] for c in line_chars),
                    size,
                    columns(line_chars, size),
                )
            )
    return layout


def _char_lines(chars: list[dict[str, Any]], tolerance: float = 3.0) -> list[list[dict[str, Any]]]:
    """Characters grouped into lines by their bottom (within ``tolerance``: pdfium's loose boxes
    end at the font's descent, the same for every glyph, while capitals with stacked accents
    reach higher), each sorted left to right."""
    lines: list[list[dict[str, Any]]] = []
    for c in sorted(chars, key=lambda c: c["bottom"]):
        if lines and c["bottom"] - lines[-1][0]["bottom"] <= tolerance:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [sorted(ln, key=lambda c: c["x0"]) for ln in lines]


def _line_text(chars: list[dict[str, Any]], size: float) -> str:
    gap = 0.15 * (size or 10.0)
    out: list[str] = []
    prev = None
    for c in chars:
        if prev is not None and c["x0"] - prev["x1"] > gap:
            out.append(" ")
        out.append(c["text"])
        prev = c
    return "".join(out).strip()


# ---------------------------------------------------------------- pdfplumber path


def _read_with_pdfplumber(data: bytes, where: str | None) -> str:
    try:
        # import here: pdfplumber and pdfminer cost ~0.26 s, which `dxtrack import plan.txt`
        # need not pay, and a missing install becomes a DocumentError, not a traceback
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError as exc:  # pragma: no cover
        raise DocumentError(
            "thiếu thư viện pdfplumber để đọc PDF.", code="missing-dependency", where=where
        ) from exc
    layouts: list[PageLayout] = []
    chars_total = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise DocumentError(
                    f"tệp PDF có quá nhiều trang ({len(pdf.pages)}).", code="too-large", where=where
                )
            for page in pdf.pages:
                chars_total += len(page.chars)
                layouts.append(page_layout(page))
                page.flush_cache() if hasattr(page, "flush_cache") else None
    except DocumentError:
        raise
    except PDFPasswordIncorrect as exc:
        raise DocumentError(
            "tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi nhập lại.",
            code="encrypted",
            where=where,
        ) from exc
    except Exception as exc:
        name = type(exc).__name__
        inner = " ".join(
            type(a).__name__ for a in getattr(exc, "args", ()) if isinstance(a, BaseException)
        )
        if (
            "Password" in inner
            or "Encrypt" in inner
            or "Password" in name
            or "Encrypt" in name
            or "password" in str(exc).lower()
        ):
            raise DocumentError(
                "tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi nhập lại.",
                code="encrypted",
                where=where,
            ) from exc
        raise DocumentError(
            f"không đọc được tệp PDF ({name}).", code="corrupt", where=where
        ) from exc
    if chars_total == 0:
        raise DocumentError(
            "tệp PDF không có lớp văn bản (có thể là bản quét); hãy dùng bản .docx hoặc PDF có chữ.",
            code="no-text",
            where=where,
        )
    return _layouts_to_text(layouts, where)


# ---------------------------------------------------------------- one page


def mark_superscripts(chars: list[dict[str, Any]]) -> None:
    """Small raised digits next to normal text become superscript digits sitting on its line."""
    for i, c in enumerate(chars):
        t = c.get("text", "")
        if len(t) != 1 or not t.isdigit():
            continue
        for j in (i - 1, i + 1, i - 2, i + 2):
            if not 0 <= j < len(chars):
                continue
            n = chars[j]
            size = n.get("size", 0)
            near = (
                abs(n["x0"] - c["x1"]) < 3
                or abs(c["x0"] - n["x1"]) < 3
                or abs(n["x0"] - c["x1"]) < 9
                and j == i + 2
            )
            if (
                n.get("text", "").strip()
                and size > 1.25 * c.get("size", 0)
                and near
                and c["bottom"] < n["bottom"] - 0.15 * size
                and c["bottom"] > n["top"] - 0.3 * size
            ):
                c["text"] = t.translate(SUPERSCRIPT_DIGITS)
                for key in ("top", "bottom", "doctop", "y0", "y1"):
                    if key in n and key in c:
                        c[key] = n[key]
                break


def page_layout(page: Any) -> PageLayout:  # a pdfplumber Page
    try:
        tables = page.find_tables()
    except Exception:
        tables = []
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
        for bx0, btop, bx1, bbottom in boxes:
            if x0 >= bx0 - 1 and x1 <= bx1 + 1 and top >= btop - 1 and bottom <= bbottom + 1:
                return False
        return True

    layout = PageLayout(height=float(page.height), width=float(page.width))
    text_page = page.filter(outside) if boxes else page
    mark_superscripts(text_page.chars)
    for ln in text_page.extract_text_lines(keep_blank_chars=False, return_chars=True) or []:
        sizes = sorted(
            round(c.get("size", 0), 1)
            for c in ln.get("chars", [])
            if c.get("text", "").strip() and c.get("text") not in _SUP_CHARS
        )
        size = sizes[len(sizes) // 2] if sizes else 0.0
        text = ln["text"].strip()
        if text:
            layout.lines.append(
                Line(
                    text,
                    ln["top"],
                    ln["bottom"],
                    ln["x0"],
                    ln["x1"],
                    size,
                    columns(ln.get("chars", []), size),
                )
            )
    for t in tables:
        layout.tables.append((t.bbox[1], _plumber_rows(t)))
    return layout


def _plumber_rows(table: Any) -> list[str]:
    """A pdfplumber table's rows as tab-separated lines, as ``_grid_rows`` writes them: a cell
    covered by the cell above it (that cell reaches below this row's top) is MERGED_ABOVE."""
    try:
        grid = [row.cells for row in table.rows]
        tops = [row.bbox[1] for row in table.rows]
    except Exception:  # an older pdfplumber without rows: merged cells stay empty
        grid, tops = [], []
    chars = _table_chars(table)
    rows = []
    for r, row in enumerate(table.extract() or []):
        cells = []
        for c, text in enumerate(row):
            if text is None and r < len(grid) and _covered_from_above(grid, tops, r, c):
                cells.append(MERGED_ABOVE)
                continue
            box = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
            if text and box is not None and chars is not None:
                # the cell's characters joined as on the fast path (codes cut by the edge,
                # paragraphs told by the room a line left)
                text = _join_cell_lines(_char_lines(_chars_in(chars, box)), box[0], box[2])
            else:
                text = _join_code_cuts((text or "").split("\n"))
            cells.append(" ".join(text.split()))
        if any(c.strip(MERGED_ABOVE) for c in cells):
            rows.append("\t".join(cells))
    return rows


def _table_chars(table: Any) -> list[dict[str, Any]] | None:
    """The visible characters inside a pdfplumber table, None if its page is not at hand."""
    try:
        x0, top, x1, bottom = table.bbox
        chars = [
            dict(ch)
            for ch in table.page.chars
            if ch.get("text", "").strip()
            and x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1
            and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom
        ]
    except Exception:
        return None
    mark_superscripts(chars)  # note marks in cells, as on the fast path
    return chars


def _chars_in(
    chars: list[dict[str, Any]], box: tuple[float, float, float, float]
) -> list[dict[str, Any]]:
    x0, top, x1, bottom = box
    return [
        ch
        for ch in chars
        if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom
    ]


def _covered_from_above(grid: list[list[Any]], tops: list[float], r: int, c: int) -> bool:
    for above in range(r - 1, -1, -1):
        if c < len(grid[above]) and grid[above][c] is not None:
            return bool(grid[above][c][3] > tops[r] + 1)  # its bottom is below this row's top
    return False


def columns(chars: list[dict[str, Any]], size: float) -> list[str]:
    """The pieces of a line separated by gaps wider than 2.5 characters (a two-column agency
    header, a table drawn without rules); [] when the line is one piece."""
    size = size or 10.0
    chars = sorted((c for c in chars if c.get("upright", True)), key=lambda c: c["x0"])
    pieces: list[list[str]] = [[]]
    prev = None
    for c in chars:
        t = c.get("text", "")
        if prev is not None and c["x0"] - prev["x1"] > 2.5 * size and pieces[-1]:
            pieces.append([])
        elif prev is not None and not t.isspace() and c["x0"] - prev["x1"] > min(3.0, 0.3 * size):
            pieces[-1].append(" ")
        if not t.isspace() or pieces[-1]:
            pieces[-1].append(t)
        if not t.isspace():
            prev = c
    out = [" ".join("".join(p).split()) for p in pieces]
    out = [p for p in out if p]
    return out if len(out) > 1 else []


def body_size(layouts: list[PageLayout]) -> float:
    """The most common font size, counted by characters."""
    sizes: Counter[float] = Counter()
    for layout in layouts:
        for ln in layout.lines:
            sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def drop_running_lines(layouts: list[PageLayout]) -> None:
    """Remove page numbers and running heads/feet (see the module docstring)."""

    def in_band(layout: PageLayout, ln: Line) -> bool:
        return ln.bottom < layout.height * BAND or ln.top > layout.height * (1 - BAND)

    counts: Counter[tuple[str, int]] = Counter()
    for layout in layouts:
        keys = {_running_key(ln) for ln in layout.lines if in_band(layout, ln)}
        counts.update(keys)
    threshold = max(2, (len(layouts) + 1) // 2)
    for layout in layouts:
        layout.lines = [
            ln
            for ln in layout.lines
            if not (
                in_band(layout, ln)
                and (PAGE_NUMBER.match(ln.text) or counts[_running_key(ln)] >= threshold)
            )
        ]


def _running_key(ln: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", ln.text), round(ln.top / 6)


def footnote_start(lines: list[Line], size: float, height: float) -> int:
    """Index of the first line of the page's footnotes (a trailing run of smaller lines in the lower
    half of the page that starts with a note mark); len(lines) when there are none."""
    k = len(lines)
    while (
        k > 0
        and size
        and lines[k - 1].size
        and lines[k - 1].size < size - 0.8
        and lines[k - 1].top > height / 2
    ):
        k -= 1
    while k < len(lines) and not re.match(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹\d]", lines[k].text):
        k += 1
    return k


def paragraphs(lines: list[Line]) -> list[tuple[float, str]]:
    """Join the lines of each paragraph; (top, text) per paragraph."""
    if not lines:
        return []
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    width = max(1.0, right - left)
    out: list[tuple[float, list[str]]] = []
    prev: Line | None = None
    prev_item = False
    for ln in lines:
        height = max(1.0, ln.bottom - ln.top)
        text = BULLET_GLYPH.sub("- ", ln.text)  # a bullet glyph is the "- " typed by hand
        item = bool(MARKER.match(text))
        new = (
            prev is None
            or ln.top - prev.bottom > 0.6 * max(height, prev.bottom - prev.top)
            or item
            or prev.x1 < right - 0.12 * width
            or ln.x0 > left + 6
            and ln.x0 > prev.x0 + 6
            and not _hanging(prev_item, prev, ln)
            or abs(ln.size - prev.size) > 0.8
        )
        if new:
            out.append((ln.top, [text]))
            prev_item = item
        else:
            out[-1][1].append(text)
        prev = ln
    return [(top, join_wrapped(parts)) for top, parts in out]


def _hanging(prev_item: bool, prev: Line | None, ln: Line) -> bool:
    """Whether ``ln`` goes on a list item under a hanging indent: the item's first line holds
    its number or bullet at the left, and the lines after it start where its text does, a few
    characters to the right (Word's numbered and bulleted lists)."""
    if not prev_item or prev is None:
        return False
    return 0 < ln.x0 - prev.x0 <= 4 * max(prev.size, ln.size, 1.0)


def join_wrapped(parts: list[str]) -> str:
    text = parts[0]
    for p in parts[1:]:
        text = text[:-1] + p if text.endswith("\u00ad") else f"{text} {p}"
    return text


def footnote_lines(lines: list[Line]) -> list[str]:
    notes: list[str] = []
    for ln in lines:
        m = re.match(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,3}(?=\s*\S))\s*", ln.text)
        if m or not notes:
            mark = (m.group(1) if m else "").translate(SUPERSCRIPT_DIGITS)
            notes.append(f"{mark} {ln.text[m.end() :] if m else ln.text}".strip())
        else:
            notes[-1] = join_wrapped([notes[-1], ln.text])
    return notes


def column_runs(lines: list[Line]) -> list[tuple[float, list[str]] | list[Line]]:
    """Split the page's lines into runs: plain lines (a list of Line, for ``paragraphs``) and
    column runs already written out: consecutive two-piece lines column by column (left column
    first, as the agency header reads), lines of three or more pieces as tab-separated rows."""
    runs: list[tuple[float, list[str]] | list[Line]] = []
    i = 0
    while i < len(lines):
        n = len(lines[i].cols)
        if n < 2:
            last = runs[-1] if runs else None
            if not isinstance(last, list):
                last = []
                runs.append(last)
            last.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and (len(lines[j].cols) == 2 if n == 2 else len(lines[j].cols) >= 3):
            j += 1
        if n == 2:
            out = [ln.cols[0] for ln in lines[i:j]] + [ln.cols[1] for ln in lines[i:j]]
            runs.append((lines[i].top, [x for piece in out for x in (piece, "")]))
        else:
            runs.append((lines[i].top, ["\t".join(ln.cols) for ln in lines[i:j]] + [""]))
        i = j
    return runs


def page_text(layout: PageLayout, size: float) -> list[str]:
    k = footnote_start(layout.lines, size, layout.height)
    body, notes = layout.lines[:k], layout.lines[k:]
    items: list[tuple[float, list[str]]] = []
    for run in column_runs(body):
        if isinstance(run, list):
            items += [(top, [text, ""]) for top, text in paragraphs(run)]
        else:
            items.append(run)
    items += [(top, rows + [""]) for top, rows in layout.tables]
    items.sort(key=lambda it: it[0])
    out = [line for _, chunk in items for line in chunk]
    for note in footnote_lines(notes):
        out += [note, ""]
    return out
