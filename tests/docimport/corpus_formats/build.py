"""Rebuild the .docx and .pdf versions of annotated real plans kept as fixtures here.

    .venv/bin/python tests/docimport/corpus_formats/build.py 157-kh-ubnd 182-kh-ubnd
    .venv/bin/python tests/docimport/corpus_formats/build.py --merged 2820-qd-ubnd
    .venv/bin/python tests/docimport/corpus_formats/build.py --office 03-nq-cp 2954-qd-ubnd

``--office`` lays the plain build out as offices do: the appendices (from the first "PHỤ LỤC"
heading) on landscape pages when a table there is wide (five columns or more; a wide table in the
body gets a landscape section of its own), each table's header row repeated on every page
(w:tblHeader), column widths by how much each column holds (a narrow TT column, a wide task
column) rather than equal, and Markdown pipe tables ("| a | b |" rows, as a converter writes
them) as Word tables like the portal's tab-separated rows. As offices type them: "- " lines are
Word bullets (style List Bullet), an agency column's cell holds each of its "; "-joined lines as a paragraph, the
notes "[1] …" at the end of the portal text are true Word footnotes referenced where "[1]" stands
(in the PDF at the foot of their page, under the table), and the portal's page trailer
("Văn bản liên quan" …) is left out.

The .docx is written with python-docx from the plan's logical text (docimport.normalise: one
paragraph per logical line, Word tables for table rows, bold lines bold, Times New Roman 13 as
offices write); the .pdf is that .docx converted by LibreOffice headless (Debian package
libreoffice-writer), which lays the text out and wraps lines as an office's PDF export does.

``--merged`` writes the plan's task table as an office types it, with TRUE merged cells: the
portal export (the corpus .md) writes a table as "|"-separated cells and leaves out a cell merged
from the row above, so a short row is read as the gold README ("annotator D6") reads it: a row
whose first cell is not a TT number is a sub-row (its TT cell is merged from above), its cells
fill the columns left to right and the columns after them are merged from above (w:vMerge);
a group row (TT and one bold title) spans the table's width (w:gridSpan); the header row repeats
on every page (w:tblHeader); the appendix is a landscape section, as offices lay out wide tables.
"""

import re
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from dxtrack.docimport.normalise import normalise  # noqa: E402

MERGED = None  # a grid position whose cell is merged from the row above


def new_document() -> docx.Document:
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    return d


def write_docx(src: Path, out: Path, office: bool = False) -> None:
    lines = normalise(src.read_text(encoding="utf-8")).text.split("\n")
    d = new_document()
    notes: Footnotes | None = None
    if office:
        portrait(d.sections[0])
        lines = lines[: portal_trailer(lines)]
        lines, notes = take_footnotes(lines)
    appendix = first_appendix_line(lines) if office else -1
    landscape = False
    i = 0
    while i < len(lines):
        if i == appendix and not landscape and has_wide_table(lines[i:]):
            landscape_section(d)  # the appendices start on a landscape page
            landscape = True
        rows, end = table_rows(lines, i, office)
        if rows:
            wide = office and not landscape and max(len(r) for r in rows) >= WIDE
            if wide:
                landscape_section(d)
            add_table(d, rows, notes)
            if wide:
                d.add_paragraph()  # Word ends a section with a paragraph, not a table
                portrait(d.add_section(WD_SECTION.NEW_PAGE))
            i = end
            continue
        if notes is None:
            add_line(d, lines[i])
        else:
            add_office_line(d, lines[i], notes)
        i += 1
    if notes is not None:
        notes.save(d)
    d.save(out)


WIDE = 5  # columns from which offices turn a table's page to landscape
_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def pipe_cells(line: str) -> list[str] | None:
    """The cells of a Markdown pipe-table row ("| a | b |"), None for any other line."""
    s = line.strip()
    if len(s) < 3 or not (s.startswith("|") and s.endswith("|")) or s.count("|") < 3:
        return None
    return [c.strip() for c in s[1:-1].split("|")]


def table_rows(lines: list[str], i: int, pipes: bool) -> tuple[list[list[str]], int]:
    """The rows of the table starting at line ``i`` (tab-separated, or with ``pipes`` also
    Markdown pipe rows, their "---" rule left out) and the line after it; no rows if none."""
    rows: list[list[str]] = []
    while i < len(lines):
        if "\t" in lines[i]:
            rows.append(lines[i].split("\t"))
        elif pipes and _PIPE_RULE.match(lines[i].strip()) and rows:
            pass
        elif pipes and (cells := pipe_cells(lines[i])) is not None:
            rows.append(cells)
        else:
            break
        i += 1
    return rows, i


def add_table(d: docx.Document, rows: list[list[str]], notes: "Footnotes | None") -> None:
    """A plain table; with ``notes`` (the office layout) a bold header row repeated on every
    page, widths by content, one agency per paragraph in agency columns, "[n]" as footnotes."""
    office = notes is not None
    width = max(len(r) for r in rows)
    table = d.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    agency_cols = {c for c, h in enumerate(rows[0]) if AGENCY_HEADER.search(h)} if office else set()
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            # a cell bold in the source (header, group row) is bold, as offices write it
            text = cell.replace("**", "").strip()
            bold = bool(text) and (cell.strip().startswith("**") or (office and r == 0))
            pieces = one_agency_each(text) if r and c in agency_cols else [text]
            for k, piece in enumerate(pieces):
                target = table.cell(r, c)
                para = target.paragraphs[0] if k == 0 else target.add_paragraph()
                add_text(para, piece, bold, notes)
    if office:
        set_widths(table, column_widths(rows, width, d.sections[-1]))
        set_repeat_header(table.rows[0])


AGENCY_HEADER = re.compile(r"(?i)cơ quan|đơn vị (chủ trì|phối hợp|thực hiện)")


def one_agency_each(text: str) -> list[str]:
    """An agency cell's paragraphs: the normalised text joins a cell's separate lines ("- Bộ A;"
    / "- Bộ B") with "; ", so each part between semicolons was a line of its own; a comma list
    typed on one line ("Bộ A, Bộ B") stays one paragraph."""
    return [p.strip() for p in text.split(";") if p.strip()] or [text]


def add_office_line(d: docx.Document, line: str, notes: "Footnotes") -> None:
    """A body line as offices type it: "- " items as Word bullets (style List Bullet)."""
    s = line.strip()
    if not s:
        return
    bold = s.startswith("**") and s.endswith("**")
    text = s.replace("**", "").replace("*", "").strip()
    if text.startswith("- "):
        add_text(d.add_paragraph(style="List Bullet"), text[2:].strip(), bold, notes)
    else:
        add_text(d.add_paragraph(), text, bold, notes)


def portal_trailer(lines: list[str]) -> int:
    """Where the portal's page trailer ("Văn bản liên quan", its list of related documents)
    starts: no part of the office's document."""
    return next(
        (k for k, x in enumerate(lines) if x.lstrip("# ").strip() == "Văn bản liên quan"),
        len(lines),
    )


_NOTE_LINE = re.compile(r"^\[(\d{1,2})\](?:\s+(.*))?$")
_NOTE_MARK = re.compile(r"\[(\d{1,2})\]")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class Footnotes:
    """The notes of a plan as Word footnotes: texts in order, referenced in order."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.used = 0

    def reference(self, para) -> None:
        self.used += 1
        run = para.add_run()
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        run._r.get_or_add_rPr().append(va)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(self.used))
        run._r.append(ref)

    def save(self, d: docx.Document) -> None:
        if not self.used:
            return
        small = '<w:rPr><w:sz w:val="20"/></w:rPr>'
        notes = "".join(
            f'<w:footnote w:id="{k}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
            f'<w:sz w:val="20"/></w:rPr><w:footnoteRef/></w:r><w:r>{small}'
            f'<w:t xml:space="preserve"> {escape(t)}</w:t></w:r></w:p></w:footnote>'
            for k, t in enumerate(self.texts[: self.used], start=1)
        )
        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{_W}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            f"<w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"
        )
        part = Part(
            PackURI("/word/footnotes.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
            xml.encode("utf-8"),
            d.part.package,
        )
        d.part.relate_to(part, RT.FOOTNOTES)


def take_footnotes(lines: list[str]) -> tuple[list[str], "Footnotes"]:
    """The lines without the notes block (the "[1] text" lines; a bare "[2]" takes the next line
    as its text) and the notes, when there is one note for each "[n]" mark in the text before
    them; else the lines as they are and no notes (the marks stay text)."""
    start = next((k for k, x in enumerate(lines) if _NOTE_LINE.match(x.strip())), None)
    if start is None:
        return lines, Footnotes([])
    texts: list[str] = []
    k = start
    while k < len(lines) and (m := _NOTE_LINE.match(lines[k].strip())):
        text = (m.group(2) or "").strip()
        if not text and k + 1 < len(lines) and not _NOTE_LINE.match(lines[k + 1].strip()):
            k += 1
            text = lines[k].strip()
        texts.append(text)
        k += 1
    marks = sum(len(_NOTE_MARK.findall(x)) for x in lines[:start])
    if marks != len(texts):
        return lines, Footnotes([])
    return lines[:start] + lines[k:], Footnotes(texts)


def add_text(para, text: str, bold: bool, notes: "Footnotes | None") -> None:
    """``text`` as runs; with notes, each "[n]" mark a footnote reference."""
    if notes is None or not notes.texts:
        para.add_run(text).bold = bold
        return
    pos = 0
    for m in _NOTE_MARK.finditer(text):
        if m.start() > pos:
            para.add_run(text[pos : m.start()]).bold = bold
        notes.reference(para)
        pos = m.end()
    if pos < len(text) or not text:
        para.add_run(text[pos:]).bold = bold


def column_widths(rows: list[list[str]], width: int, section) -> list[int]:
    """Widths (EMU) sharing the text block by each column's longest cell (square root, so a task
    column is wide without starving the others), at least 1.2 cm: a TT column stays narrow."""
    block = section.page_width - section.left_margin - section.right_margin
    weight = []
    for c in range(width):
        longest = max((len(r[c]) for r in rows if c < len(r)), default=1)
        weight.append(max(1.0, longest) ** 0.5)
    least = Cm(1.2)
    spare = block - least * width
    return [int(least + spare * w / sum(weight)) for w in weight]


def set_widths(table, widths: list[int]) -> None:
    table.autofit = False
    for c, col in enumerate(table.columns):
        col.width = widths[c]  # w:gridCol, which LibreOffice lays the table out by
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]


def first_appendix_line(lines: list[str]) -> int:
    return next(
        (
            k
            for k, x in enumerate(lines)
            if x.replace("*", "").strip().upper().startswith("PHỤ LỤC")
        ),
        -1,
    )


def has_wide_table(lines: list[str]) -> bool:
    return any(len(ln.split("\t")) >= WIDE or len(pipe_cells(ln) or []) >= WIDE for ln in lines)


def portrait(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)


def add_line(d: docx.Document, line: str) -> None:
    s = line.strip()
    if s:
        run = d.add_paragraph().add_run(s.replace("**", "").replace("*", "").strip())
        run.bold = s.startswith("**") and s.endswith("**")


# ---------------------------------------------------------------- --merged


def portal_grids(src_text: str) -> list[list[list[list[str]]]]:
    """The "|"-separated tables of a portal export: tables → rows → cells → the cell's lines.

    A cell is the lines between two "|" lines; "|" "|" ends a row and starts the next; each
    further "|" in a run is an empty cell at the end of the row (the export's convention)."""
    grids: list[list[list[list[str]]]] = []
    lines = src_text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() != "|":
            i += 1
            continue
        rows: list[list[list[str]]] = [[]]
        cell: list[str] | None = None
        pipes = 0
        while i < len(lines) and lines[i].strip():
            s = lines[i].strip()
            if s == "|":
                pipes += 1
            else:
                if pipes:
                    if cell is not None:
                        rows[-1].append(cell)
                    if pipes >= 2 and rows[-1]:
                        rows[-1].extend([[""]] * (pipes - 2))
                        rows.append([])
                    cell, pipes = [], 0
                cell.append(s)
            i += 1
        if cell is not None:
            rows[-1].append(cell)
            if pipes >= 3:
                rows[-1].extend([[""]] * (pipes - 2))
        grids.append([r for r in rows if r])
    return grids


def cell_paragraphs(cell_lines: list[str], agencies: bool = False) -> list[str]:
    """A portal cell's wrapped lines → its paragraphs: a line starting with a capital after a line
    ending in "." starts a new one; in an agency column so does every capital line (one agency
    list per paragraph)."""
    paras: list[str] = []
    for line in cell_lines:
        text = line.replace("**", "").replace("*", "").strip()
        starts_new = text[:1].isupper() and (not paras or paras[-1].endswith(".") or agencies)
        if not paras or starts_new:
            paras.append(text)
        else:
            paras[-1] += " " + text
    return [p for p in paras if p] or [""]


def layout_rows(rows: list[list[list[str]]]) -> list[list[list[str] | None]]:
    """Rows of cells placed on the grid of the header row; MERGED where the cell above spans."""
    width = len(rows[0])
    out: list[list[list[str] | None]] = []
    for row in rows:
        first = " ".join(row[0]).replace("*", "").strip()
        if len(row) == 2 and re.fullmatch(r"[IVXLC]+\.?", first) and out:
            out.append([row[0], row[1]] + [[]] * (width - 2))  # [] : spanned across (gridSpan)
            continue
        cells: list[list[str] | None] = list(row)
        if len(row) < width and not re.fullmatch(r"\d{1,3}\.?", first) and out:
            cells = [MERGED] + cells  # a sub-row: its TT is the row above's
        cells += [MERGED] * (width - len(cells))
        out.append(cells[:width])
    return out


def set_repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def add_merged_table(d: docx.Document, rows: list[list[list[str]]]) -> None:
    grid = layout_rows(rows)
    width = len(grid[0])
    agency_cols = {c for c, cell in enumerate(rows[0]) if "cơ quan" in " ".join(cell).lower()}
    table = d.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    widths = [Cm(w) for w in (1.2, 7.4, 3.8, 4.0, 2.8, 4.1, 3.0)][:width]
    for r, cells in enumerate(grid):
        if len(cells) > 1 and cells[1] and all(c == [] for c in cells[2:]):
            table.cell(r, 1).merge(table.cell(r, width - 1))  # a group row: one title cell
    for c in range(width):
        r = 0
        while r < len(grid):
            end = r
            while end + 1 < len(grid) and grid[end + 1][c] is MERGED:
                end += 1
            if end > r:
                table.cell(r, c).merge(table.cell(end, c))
            r = end + 1
    for r, cells in enumerate(grid):
        for c, cell in enumerate(cells):
            if not cell:
                continue
            bold = r == 0 or cell[0].startswith("**")
            target = table.cell(r, c)
            for k, text in enumerate(cell_paragraphs(cell, c in agency_cols)):
                para = target.paragraphs[0] if k == 0 else target.add_paragraph()
                para.add_run(text).bold = bold
    table.autofit = False
    for c, col in enumerate(table.columns):
        col.width = widths[c]  # w:gridCol, which LibreOffice lays the table out by
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]
    set_repeat_header(table.rows[0])


def landscape_section(d: docx.Document) -> None:
    section = d.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.5)


def write_merged_docx(src: Path, out: Path) -> None:
    """The plan as in ``write_docx``; its widest portal table with true merged cells."""
    raw = src.read_text(encoding="utf-8")
    table = max(portal_grids(raw), key=lambda g: (max(len(r) for r in g), len(g)))
    header = [" ".join(c).replace("*", "").strip() for c in table[0]]
    lines = normalise(raw).text.split("\n")
    d = new_document()
    first = d.sections[0]
    first.page_width, first.page_height = Cm(21.0), Cm(29.7)
    first.left_margin, first.right_margin = Cm(3.0), Cm(2.0)
    appendix = next(
        (k for k, x in enumerate(lines) if x.replace("*", "").strip().startswith("PHỤ LỤC")), -1
    )
    i = 0
    while i < len(lines):
        if i == appendix:
            landscape_section(d)  # the appendix starts on a landscape page
        if "\t" in lines[i]:
            block = []
            while i < len(lines) and "\t" in lines[i]:
                block.append(lines[i])
                i += 1
            if [c.replace("*", "").strip() for c in block[0].split("\t")] == header:
                if appendix < 0:
                    landscape_section(d)
                add_merged_table(d, table)
                d.add_paragraph()  # Word ends a section with a paragraph, not a table
            continue
        add_line(d, lines[i])
        i += 1
    d.save(out)


def to_pdf(out: Path) -> None:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(HERE), str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )


def main(args: list[str]) -> int:
    merged, office = "--merged" in args, "--office" in args
    for stem in [a for a in args if not a.startswith("--")]:
        out = HERE / f"{stem}.docx"
        src = HERE.parent / "corpus" / f"{stem}.md"
        if merged:
            write_merged_docx(src, out)
        else:
            write_docx(src, out, office)
        to_pdf(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
