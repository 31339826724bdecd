"""Normalisation before the rules: any source text → logical lines, each knowing its original line.

The block rules (blocks.py) read one logical line per paragraph, list item, heading or table row.
Real sources are not written that way; this stage rewrites them so that they are:

- **hard-wrapped text** (legal portals cut every line at ~80 characters, mid-sentence, also inside
  bold headings): the lines of one paragraph are joined, but a line that opens a list item, a
  numbered heading, a table or a footnote always starts a new logical line;
- **converter Markdown**: ``\\-``, ``1\\.``, ``\\&`` unescaped; ``** **`` (empty emphasis) dropped;
  bold or italic that spans lines joined into one line;
- **numbering variants**: "II-" / "II –" become "II.";
- **portal-flattened tables**: a ``|`` line between cells and ``|`` ``|`` between rows. Rows are
  split at the doubled ``|``; extra empty segments are empty cells; a row shorter than the table
  whose first cell is not a row number continues a row above (cells merged down, as the portal
  writes a vertically merged cell only once), so its missing left cells are repeated from the row
  above. Tables of three or more columns become one tab-separated line per row (a cell's lines
  joined: bulleted lines "- Bộ A;" / "- Bộ B;" with "; ", wrapped lines with a space); layout
  tables of one or two columns (the agency | quốc hiệu header, the signature block) become their
  cells' lines, left column first.

``normalise(text)`` returns the new text and ``origin``: for every output line (0-based index) the
1-based line of the input where it starts, so records keep the line of the source the user sees.
"""

import re
from dataclasses import dataclass
from functools import cached_property

from . import vocab

__all__ = ["Normalised", "normalise", "starts_new_line"]


@dataclass
class Normalised:
    text: str
    origin: list[int]  # origin[i]: 1-based source line of output line i + 1
    source: str = ""

    @cached_property
    def source_lines(self) -> list[str]:
        return self.source.split("\n")

    def source_line(self, line: int, at: str | None = None, after: str | None = None) -> int:
        """The source line of a 1-based output line; with ``at`` (words of that line), the source
        line where those words start, for a statement in the middle of a long paragraph; with
        ``after`` (the words that open a table cell), ``at`` is looked for in the last place that
        opens with them (a results cell that repeats the task's name)."""
        if not 1 <= line <= len(self.origin):
            return line
        first = self.origin[line - 1]
        if at:
            last = self.origin[line] if line < len(self.origin) else first + 200
            found = self._find(first, max(first, last), at, after)
            if found is None and line < len(self.origin):
                # a paragraph the page break cut goes on after the footnotes of that page: the
                # words are on the lines after them
                found = self._find(first, last + self.PAGE_BREAK_REACH, at, after)
            if found is not None:
                return found
        return first

    # how far past a paragraph's own lines the rest of it may sit, after a page's footnotes
    PAGE_BREAK_REACH = 30

    def _find(self, first: int, last: int, at: str, after: str | None) -> int | None:
        """The source line, between ``first`` and ``last``, where the words of ``at`` start (None
        when they are not there or start at the first line)."""
        src = self.source_lines[first - 1 : last]
        words = at.split()
        if words:
            flat = " ".join(" ".join(ln.replace("*", "") for ln in src).split())
            # the longest start of ``at`` found (four words may also occur earlier in a row)
            pos, since = -1, 0
            if after:
                since = max(0, flat.rfind(" ".join(after.split())))
            for n in (12, 8, 4):
                if len(words) >= n or n == 4:
                    pos = flat.find(" ".join(words[:n]), since)
                    if pos >= 0:
                        break
            if pos == 0:
                return first
            if pos > 0:
                # positions in the whitespace-collapsed text: count line starts before it
                collapsed = 0
                for k, ln in enumerate(src):
                    collapsed += len(" ".join(ln.replace("*", "").split())) + 1
                    if collapsed > pos:
                        return first + k
        return None


# A line that opens a list item, a numbered heading, a table, a footnote or a Markdown heading: never
# joined onto the line before it (emphasis marks may come first: "**1. Mục tiêu**", "*a) …*").
_MARKER = re.compile(
    r"^[*_\s]*(?:"
    r"[-–•+·]\s"  # bullets
    r"|\d{1,2}(?:\.\d{1,2}){0,4}[.)](?!\d)"  # 1. 1.2. 1)
    r"|[a-zđ]\)"  # a)
    r"|\((?:\d{1,2}|[a-zđ]|[ivx]{1,4})\)"  # (1) (a) (iv)
    r"|(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?<=[IVXL])\s*[.)\-–]"  # II. II) II-
    r"|(?:PHẦN|Phần)\s+\S"
    r"|(?:Điều|ĐIỀU)\s+\d"
    r"|(?:PHỤ LỤC|Phụ lục)\b"
    r"|(?:Nơi nhận|NƠI NHẬN)"
    r"|\[\d{1,3}\](?!\()"  # portal footnote definitions
    r"|[⁰¹²³⁴⁵⁶⁷⁸⁹]"
    r"|<sup>"
    r"|\|"
    r"|#"
    r")"
)
_ESCAPE = re.compile(r"\\([-.&*_#+()\[\]!|>~`=])")
_EMPTY_EMPHASIS = re.compile(r"^\s*([*_]+)\s+\1\s*$")
# "II- KẾT QUẢ" → "II. KẾT QUẢ", also under Markdown hashes ("#### II- …") or emphasis
_ROMAN_DASH = re.compile(
    r"^((?:#{1,6}\s+)?[*_\s]*(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?<=[IVXL]))\s*[-–]\s+"
)
# "**1- **Phát triển …", "2- Mục tiêu cụ thể" (Party documents number so): "1. …"; a space after
# the dash, so that a document number wrapped to the line start ("02-KH/BCĐTW") stays
_NUM_DASH = re.compile(r"^([*_\s]*\d{1,2})\s*[-–]((?:[*_]*\s+|\s+[*_]*)(?=\S))")
_SENTENCE_END = re.compile(r"[.;:!?…]\**\s*$")
_CODE_CELL = re.compile(
    r"^[*_\s]*(?:(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})|\d{1,3}(?:\.\d{1,3}){0,3}|[a-zđA-Z]|[-+])[.)]?[*_\s]*$"
)
_BULLET = re.compile(r"^[*_]*[-–•+]\s+")


def starts_new_line(line: str) -> bool:
    """True when ``line`` opens a list item, heading, table row or footnote."""
    return bool(_MARKER.match(line))


def normalise(text: str) -> Normalised:
    lines = text.split("\n")
    pieces = [(_unescape(ln), i + 1) for i, ln in enumerate(lines)]
    pieces = _tables(pieces)
    pieces = _join_wrapped(pieces, hard_wrapped=_is_hard_wrapped(pieces))
    return Normalised("\n".join(p for p, _ in pieces), [o for _, o in pieces], text)


def _unescape(line: str) -> str:
    if _EMPTY_EMPHASIS.match(line) and "*" in line:
        return " "  # "** **": nothing, but in a table an empty cell, not the blank line ending it
    line = _ESCAPE.sub(r"\1", line) if "\\" in line else line
    line = _NUM_DASH.sub(r"\1.\2", line)
    return _ROMAN_DASH.sub(r"\1. ", line)


# ---------------------------------------------------------------- wrapped lines


def _is_hard_wrapped(pieces: list[tuple[str, int]]) -> bool:
    """Text cut at a fixed width: almost no line is longer than ~100 characters, and many lines
    run on into the next one."""
    body = [p for p, _ in pieces if p.strip() and "\t" not in p]
    if len(body) < 10:
        return False
    long = sum(1 for p in body if len(p) > 110)
    runs = sum(
        1
        for (a, _), (b, _) in zip(pieces, pieces[1:], strict=False)
        if a.strip() and b.strip() and "\t" not in a + b and not starts_new_line(b)
    )
    return long <= 0.03 * len(body) and runs >= 0.2 * len(body)


def _open_emphasis(line: str) -> bool:
    return line.count("**") % 2 == 1 or (
        line.replace("**", "").count("*") % 2 == 1 and not _BULLET.match(line)
    )


def _join_wrapped(pieces: list[tuple[str, int]], *, hard_wrapped: bool) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for text, origin in pieces:
        if out and _continues(out[-1][0], text, hard_wrapped=hard_wrapped):
            prev, o = out[-1]
            out[-1] = (_glue(prev, text), o)
        else:
            out.append((text, origin))
    return out


_ENDS_IN_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d+)?\s*$")
_DASH_NUMBER = re.compile(r"^[-–]\s*\d{1,3}(?:[.,]\d+)?\s*(?:%|[^\W\d])")


def _continues(prev: str, line: str, *, hard_wrapped: bool) -> bool:
    if not prev.strip() or not line.strip() or "\t" in prev or "\t" in line:
        return False
    if prev.lstrip().startswith("|"):
        return False
    if _ENDS_IN_NUMBER.search(prev) and _DASH_NUMBER.match(line.strip()):
        return True  # a range cut at its dash ("tăng bình quân 05" / "- 06%/năm"), not a bullet
    if starts_new_line(line):
        return False
    if hard_wrapped and _cut_label(prev.strip()):
        return True
    if (
        starts_new_line(prev)
        and len(prev.strip()) < 40
        and line.lstrip("*_ ")[:1].isupper()
        and not line.strip(" *_").isupper()
        and not _open_emphasis(prev)
        and not (hard_wrapped and _BULLET.match(prev.strip()) and _acronym_first(line))
    ):
        return False  # a short numbered heading ("3. Tầm nhìn đến năm 2045") ends its line
    if _open_emphasis(prev):
        return True  # "**II. ĐỐI TƯỢNG VÀ THỜI GIAN" / "THI ĐUA**"
    if not hard_wrapped:
        return False
    s = prev.strip()
    starts_lower = line.lstrip('*_ “"(')[:1].islower()
    if s.startswith("**") and s.endswith("**") and len(s) > 4:
        return starts_lower  # a whole bold line is a heading
    # a paragraph ends (in text with no blank lines between paragraphs) at a sentence end
    # followed by a capital
    return not (_SENTENCE_END.search(s) and not starts_lower)


def _acronym_first(line: str) -> bool:
    """A line that opens with an acronym and goes on in lower case ("NTTS và hướng dẫn …"): after a
    short bullet cut by the wrap, the bullet's own words go on (an acronym is no capital that
    starts a sentence)."""
    words = line.strip(" *_").split()
    return (
        len(words) >= 2
        and len(words[0].strip(",.;:")) >= 2
        and words[0].strip(",.;:").isupper()
        and words[1][:1].islower()
    )


def _cut_label(s: str) -> bool:
    """A bullet's lead-in label that the wrap cut at its colon ("- Tại địa bàn có khu công nghiệp:" /
    "Phấn đấu 100% …"): the statement goes on. A lead-in that announces a list ("… như sau:",
    "gồm:") does not."""
    return bool(
        _BULLET.match(s)
        and s.endswith(":")
        and len(s) < 60
        and not re.search(r"(?:sau|gồm|như|đây)\s*:$", s, re.I)
    )


def _glue(prev: str, line: str) -> str:
    a, b = prev.rstrip(), line.strip()
    # "**Tên\nđiểm**" joins inside the emphasis; "**3. **Phối hợp" keeps its marks
    return f"{a} {b}"


# ---------------------------------------------------------------- portal tables


def _tables(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    i, n = 0, len(pieces)
    while i < n:
        if pieces[i][0].strip() == "|":
            end, convert = _table_end(pieces, i)
            if end is not None:
                # a table of another shape (one row per '|', read by blocks.py) is kept whole
                # tables before any text are the header blocks (agency | quốc hiệu, portal
                # metadata): layout, whatever their width
                at_top = not any(p.strip() and p.strip() != "|" for p, _ in out)
                region = pieces[i : end + 1]
                out.extend(_table(region, layout=at_top) if convert else region)
                i = end + 1
                continue
        out.append(pieces[i])
        i += 1
    return out


def _table_end(pieces: list[tuple[str, int]], i: int) -> tuple[int | None, bool]:
    """The last '|' of a table opening at ``i`` (None: not a table), and whether it is a
    cell-per-segment table to convert (else a table of another shape, left to blocks.py). A '|'
    closes the table when a blank line, the end or an appendix title
    follows, or when the row it closes is as wide as the widest row so far and a numbered heading
    follows (two tables under two headings with no blank line between). The region must have a
    doubled '|' (a row break), or be a single row of one or two cells (the signature block
    "Nơi nhận | KT. CHỦ TỊCH")."""
    n = len(pieces)
    doubled = False
    segments, seg_len, row_cells, widest = 0, 0, 0, 0
    last_bar: int | None = None
    j = i + 1
    while j < n:
        s = pieces[j][0].strip()
        if s == "|":
            if pieces[j - 1][0].strip() == "|":
                doubled = True
                widest, row_cells = max(widest, row_cells), 0
            elif j > i:
                segments += 1
                row_cells += 1
            nxt_raw = pieces[j + 1][0] if j + 1 < n else ""
            nxt = nxt_raw.strip()
            if (
                (not nxt and nxt_raw != " ")
                or _APPENDIX.match(nxt)
                or _FOOTNOTE_DEF.match(nxt)
                or _is_kind_title(nxt)
                or (doubled and row_cells >= widest and _HEADING.match(nxt))
            ):
                return j, doubled or segments <= 2
            seg_len = 0
            last_bar = j
        else:
            if last_bar is not None and doubled and _FOOTNOTE_DEF.match(s):
                # "|" "|" "** **" "[1] …": the footnotes under a table end it at its last '|'
                return last_bar, True
            seg_len += 1
            # two empty lines end the region (" "/" " lines are empty cells, not breaks)
            if seg_len > 80 or (not pieces[j][0] and j + 1 < n and not pieces[j + 1][0]):
                return None, False
        j += 1
    return None, False


def _is_kind_title(line: str) -> bool:
    """ "**THÔNG BÁO**", "KẾ HOẠCH": the document's title after its header table."""
    words = line.strip(" *_").lower()
    return line.strip(" *_").isupper() and words in vocab.load("headings")["kinds"]


_FOOTNOTE_DEF = re.compile(r"^(?:\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?:\s|$)")
_APPENDIX = re.compile(r"^[*_\s]*(?:PHỤ LỤC|Phụ lục)\b")
_HEADING = re.compile(
    r"^[*_]*(?:\d{1,2}(?:\.\d{1,2})*[.)]|(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?<=[IVXL])[.)])"
    r"[*_]*\s+\S+\s+\S+"
)


Cell = tuple[list[tuple[str, int]], int]  # (lines with origins, origin of the cell)


def _segments(region: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    segs: list[list[tuple[str, int]]] = []
    cur: list[tuple[str, int]] | None = None
    for text, o in region:
        if text.strip() == "|":
            if cur is not None:
                segs.append(cur)
            cur = []
        elif cur is not None and text.strip():
            cur.append((text, o))
    return segs


def _rows(segs: list[list[tuple[str, int]]]) -> list[list[list[tuple[str, int]]]]:
    """Rows of cells: a row ends at an empty segment; further empty segments are empty cells, at the
    end of the row before (up to the table's width) or else at the start of the next row."""
    runs: list[list[list[tuple[str, int]]]] = []
    gaps: list[int] = []  # empty segments after each run
    cur: list[list[tuple[str, int]]] = []
    k = 0
    while k < len(segs):
        if segs[k]:
            cur.append(segs[k])
            k += 1
            continue
        gap = 0
        while k < len(segs) and not segs[k]:
            gap += 1
            k += 1
        runs.append(cur)
        gaps.append(gap)
        cur = []
    if cur:
        runs.append(cur)
        gaps.append(0)
    width = _usual_width([len(r) for r in runs])
    runs, gaps = _numeric_continuations(runs, gaps, width)
    rows: list[list[list[tuple[str, int]]]] = []
    lead = 0
    for run, gap in zip(runs, gaps, strict=True):
        row: list[list[tuple[str, int]]] = [[] for _ in range(lead)] + run
        extra = max(0, gap - 1)  # one empty segment is the row break
        trail = min(extra, max(0, width - len(row)))
        row += [[] for _ in range(trail)]
        lead = extra - trail
        if any(row):
            rows.append(row)
    return rows


def _numeric_continuations(
    runs: list[list[list[tuple[str, int]]]], gaps: list[int], width: int
) -> tuple[list[list[list[tuple[str, int]]]], list[int]]:
    """A row with empty cells between its values ("9 | Sữa | | 14.000 | | 19.000"): the portal
    writes each empty cell as an empty segment, which reads like a row break; a run of numbers
    only that still fits in the row goes on the row, its gap being empty cells."""
    out_runs: list[list[list[tuple[str, int]]]] = []
    out_gaps: list[int] = []
    for run, gap in zip(runs, gaps, strict=True):
        if (
            out_runs
            and run
            and (
                (
                    all(_is_number_cell(c) for c in run)
                    and len(out_runs[-1]) + out_gaps[-1] + len(run) <= width
                    and not all(
                        _is_number_cell(c) for c in out_runs[-1]
                    )  # a numbering row is whole
                )
                or (
                    # "24 | Tên | Bộ Y tế | 31/12/2025 | (empty) | Đang thực hiện": a numbered row
                    # cut by one empty cell, whose rest (not a new numbered row) exactly fills it
                    out_gaps[-1] == 1
                    and out_runs[-1]
                    and _is_code(out_runs[-1][0])
                    and not _is_code(run[0])
                    and len(out_runs[-1]) + 1 + len(run) == width
                )
            )
        ):
            out_runs[-1] = out_runs[-1] + [[] for _ in range(out_gaps[-1])] + run
            out_gaps[-1] = gap
            continue
        out_runs.append(run)
        out_gaps.append(gap)
    return out_runs, out_gaps


_NUMBER_CELL = re.compile(r"^[*_\s]*\d{1,3}(?:[.,]\d{3})*(?:,\d+)?[*_\s]*$")


def _is_number_cell(cell: list[tuple[str, int]]) -> bool:
    return len(cell) == 1 and bool(_NUMBER_CELL.match(cell[0][0]))


def _usual_width(lengths: list[int]) -> int:
    """The table's width: the longest row length found at least twice (a stray long run, two rows
    read as one, does not widen the table); else the longest row."""
    repeated = [n for n in set(lengths) if lengths.count(n) >= 2 and n >= 2]
    return max(repeated) if repeated else max(lengths, default=0)


def _cell_text(cell: list[tuple[str, int]]) -> str:
    parts: list[str] = []
    for t, _ in cell:
        s = t.strip()
        if _BULLET.match(s) and parts:
            parts[-1] = parts[-1].rstrip().rstrip(";,.") + ";"
            parts.append(_BULLET.sub("", s))
        elif _BULLET.match(s):
            parts.append(_BULLET.sub("", s))
        elif parts:
            parts[-1] = f"{parts[-1]} {s}"
        else:
            parts.append(s)
    return " ".join(p for p in parts if p).replace("\t", " ")


def _is_code(cell: list[tuple[str, int]]) -> bool:
    return len(cell) == 1 and bool(_CODE_CELL.match(cell[0][0].strip()))


def _table(region: list[tuple[str, int]], *, layout: bool = False) -> list[tuple[str, int]]:
    rows = _rows(_segments(region))
    width = _usual_width([len(r) for r in rows])
    if width <= 2 or layout:
        # a layout table: each cell's lines (wrapped only where emphasis runs on), left column
        # first, a blank line after each cell so that no later join crosses cells
        out: list[tuple[str, int]] = []
        for row in rows:
            for cell in row:
                out += _join_wrapped([(t.strip(), o) for t, o in cell], hard_wrapped=False)
                out.append(("", cell[-1][1] if cell else region[-1][1]))
        return out
    out = []
    prev: list[list[tuple[str, int]]] | None = None
    out.append(("", region[0][1]))
    for row in rows:
        full = row + [[] for _ in range(width - len(row))]
        filled = sum(1 for c in row if c)
        if (
            filled >= 2
            and len(row) < width
            and row[0]
            and not _is_code(row[0])
            and prev is not None
        ):
            full = prev[: width - len(row)] + row  # cells merged down from the row above
        origin = next((c[0][1] for c in row if c), region[0][1])
        out.append(("\t".join(_cell_text(c) for c in full), origin))
        prev = full
    return out + [("", region[-1][1])]
