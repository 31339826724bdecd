"""Rebuild the .docx and .pdf versions of annotated real plans kept as fixtures here.

    .venv/bin/python tests/docimport/corpus_formats/build.py 157-kh-ubnd 182-kh-ubnd
    .venv/bin/python tests/docimport/corpus_formats/build.py --merged 2820-qd-ubnd

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

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
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


def write_docx(src: Path, out: Path) -> None:
    lines = normalise(src.read_text(encoding="utf-8")).text.split("\n")
    d = new_document()
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            table = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    # a cell bold in the source (header, group row) is bold, as offices write it
                    text = cell.replace("**", "").strip()
                    para = table.cell(r, c).paragraphs[0]
                    para.add_run(text).bold = bool(text) and cell.strip().startswith("**")
            continue
        add_line(d, lines[i])
        i += 1
    d.save(out)


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
    merged = "--merged" in args
    for stem in [a for a in args if a != "--merged"]:
        out = HERE / f"{stem}.docx"
        src = HERE.parent / "corpus" / f"{stem}.md"
        (write_merged_docx if merged else write_docx)(src, out)
        to_pdf(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
