"""The report's files: DOCX (python-docx over the replaceable template), XLSX (openpyxl, one sheet
per appendix) and PDF (LibreOffice converting the DOCX, so both have the same layout).

Everything is made from the report's stored fields, snapshot and edits, never from the live
data, so an issued report's files can be made again identically in content.
"""

from __future__ import annotations

import copy
import io
import re
import shutil
import unicodedata
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.core.exceptions import ValidationError
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, gettext_noop
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from dxtrack.core.numbers import format_money_vnd, format_number, roman
from dxtrack.core.periods import Period
from dxtrack.core.vn import format_date
from dxtrack.outputs import pdf
from dxtrack.outputs.conf import report_setting
from dxtrack.outputs.docx_template import DEFAULT_TEMPLATE, fixed_widths, set_font, template_build
from dxtrack.outputs.narrative import SIMULATED, report_sections
from dxtrack.reporting.excel import _as_text as excel_text_cells

if TYPE_CHECKING:
    from dxtrack.outputs.models import Report

# Re-exported: the views, the command and the tests know them as render's.
PDF_UNAVAILABLE = pdf.PDF_UNAVAILABLE
PdfUnavailable = pdf.PdfUnavailable


# -- what the document says around the body ------------------------------------------------------


def _upper(text: str) -> str:
    return text.upper()


def document_fields(report: Report) -> dict[str, str]:
    """The template's fields (docx_template), as the document prints them."""
    issued = report.is_issued and report.issued_on is not None
    number = report.number if issued and report.number else "        /BC-UBND"
    if issued:
        assert report.issued_on is not None
        when = f"{report.place}, {format_date(report.issued_on)}"
    else:
        year = date.fromisoformat(report.snapshot.get("as_of", date.today().isoformat())).year
        when = f"{report.place}, ngày      tháng      năm {year}"
    recipients = [f"- {r};" for r in report.recipients]
    if recipients:
        recipients[-1] = recipients[-1].rstrip(";") + "."
    return {
        "co_quan_chu_quan": _upper(report.issuer_parent),
        "co_quan": _upper(report.issuer),
        "so": number,
        "dia_danh_ngay": when,
        "tieu_de": report.title,
        "noi_nhan": "\n".join(recipients),
        "chuc_vu": report.signer_title.upper(),
        "nguoi_ky": report.signer_name,
    }


def annex_note(report: Report) -> str:
    """ "(Kèm theo Báo cáo số 125/BC-UBND ngày 05/10/2026 của Ủy ban nhân dân tỉnh …)"."""
    issued = report.is_issued and report.issued_on is not None
    number = report.number if issued and report.number else "…/BC-UBND"
    when = ""
    if issued:
        assert report.issued_on is not None
        d = report.issued_on
        when = f" ngày {d.day:02d}/{d.month:02d}/{d.year}"
    return f"(Kèm theo Báo cáo số {number}{when} của {report.issuer})"


# -- the appendices as rows (shared by DOCX and XLSX) --------------------------------------------

Cell = str | int | float | None


def _note(row: dict[str, Any], *extra: str) -> str:
    notes = [SIMULATED.capitalize()] if row.get("simulated") else []
    return "; ".join(notes + [e for e in extra if e])


def appendix_i(s: dict[str, Any]) -> tuple[list[str], list[list[Cell]]]:
    headers = [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Mục tiêu (giá trị, năm)",
        "Kết quả kỳ này",
        "Lũy kế/giá trị mới nhất",
        "Kỳ số liệu",
        "% so với mục tiêu",
        "Trạng thái",
        "Nguồn số liệu",
        "Ghi chú",
    ]
    rows: list[list[Cell]] = [
        [
            r["n"],
            r["name"],
            r["unit"],
            r["goal"],
            r["period_value"],
            r["latest_value"],
            r["latest_period"],
            r["percent"],
            r["status_label"],
            r["source"],
            _note(r),
        ]
        for r in s["targets"]
    ]
    return headers, rows


def appendix_ii(s: dict[str, Any]) -> tuple[list[str], list[list[Cell]]]:
    headers = [
        "STT",
        "Nhiệm vụ",
        "Chủ trì",
        "Phối hợp",
        "Thời hạn",
        "Sản phẩm",
        "Tiến độ (%)",
        "Tình trạng",
        "Khó khăn, vướng mắc",
        "Kiến nghị",
        "Ghi chú",
    ]
    rows: list[list[Cell]] = []
    for r in s["tasks"]:
        rows.append(
            [
                r["n"],
                r["name"],
                "; ".join(r["lead"]),
                "; ".join(r["coordinators"]),
                r["deadline"],
                r["product"],
                round(r["percent_done"], 1) if r["percent_done"] is not None else None,
                r["tracking_label"],
                "\n".join(
                    f"{w['unit']}: {w['difficulties']}" for w in r["words"] if w["difficulties"]
                ),
                "\n".join(f"{w['unit']}: {w['proposals']}" for w in r["words"] if w["proposals"]),
                _note(r),
            ]
        )
    return headers, rows


def appendix_iii(s: dict[str, Any]) -> tuple[list[str], list[list[Cell]]]:
    headers = [
        "STT",
        "Nhiệm vụ (STT Phụ lục II)",
        "Nguồn kinh phí",
        "Kinh phí kế hoạch (đồng)",
        "Đã giải ngân, lũy kế (đồng)",
        "Tỷ lệ giải ngân (%)",
        "Ghi chú",
    ]
    rows: list[list[Cell]] = []
    for r in s["budget"]:
        share = None
        if r["planned_vnd"] and r["disbursed_vnd"] is not None:
            share = round(r["disbursed_vnd"] * 100 / r["planned_vnd"], 1)
        rows.append(
            [
                r["n"],
                f"{r['name']} (STT {r['task_n']})",
                r["source"],
                r["planned_vnd"],
                r["disbursed_vnd"],
                share,
                _note(r, "kinh phí mỗi năm" if r["per_year"] else ""),
            ]
        )
    return headers, rows


def appendix_iv(s: dict[str, Any]) -> tuple[list[str], list[list[Cell]]]:
    headers = ["STT", "Nhóm", "Đơn vị", "Điểm", "Xếp hạng", "Xếp hạng kỳ trước", "Thay đổi"]
    rows: list[list[Cell]] = []
    for group in s["rankings"]["groups"]:
        for r in group["rows"]:
            rows.append(
                [
                    len(rows) + 1,
                    group["label"],
                    r["unit"],
                    r["score"],
                    r["rank"],
                    r["previous_rank"],
                    r["change"],
                ]
            )
    return headers, rows


def budget_totals(s: dict[str, Any]) -> tuple[int, int]:
    planned = sum(r["planned_vnd"] or 0 for r in s["budget"])
    disbursed = sum(r["disbursed_vnd"] or 0 for r in s["budget"])
    return planned, disbursed


RANKING_SIMULATED = (
    "Lưu ý: điểm và xếp hạng được tính từ mọi số liệu đã tiếp nhận, trong đó có số liệu mô phỏng."
)

APPENDICES = (
    ("CHỈ TIÊU VÀ KẾT QUẢ THỰC HIỆN", appendix_i),
    ("NHIỆM VỤ VÀ TIẾN ĐỘ THỰC HIỆN", appendix_ii),
    ("KINH PHÍ THỰC HIỆN VÀ GIẢI NGÂN", appendix_iii),
    ("ĐIỂM ĐÁNH GIÁ VÀ XẾP HẠNG CÁC ĐƠN VỊ", appendix_iv),
)
# Which columns are numbers, and how each shows (DOCX text; XLSX number format).
NUMBER_COLUMNS: dict[int, dict[int, str]] = {
    0: {0: "0", 4: "#,##0.##", 5: "#,##0.##", 7: "#,##0.0"},
    1: {0: "0", 6: "#,##0.0"},
    2: {0: "0", 3: "#,##0", 4: "#,##0", 5: "#,##0.0"},
    3: {0: "0", 3: "#,##0.0", 4: "0", 5: "0", 6: "+0;-0;0"},
}


def cell_text(value: Cell, fmt: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if fmt == "+0;-0;0":
            return f"+{format_number(value)}" if value > 0 else format_number(value)
        if fmt == "#,##0":
            return format_number(round(value))
        return format_number(round(value, 2))
    return str(value)


# -- DOCX ----------------------------------------------------------------------------------------


def template_document() -> DocumentObject:
    path = Path(report_setting("REPORT_DOCX_TEMPLATE") or DEFAULT_TEMPLATE)
    if path.exists():
        return Document(str(path))
    return template_build()


def _fill(paragraph: Paragraph, fields: dict[str, str]) -> None:
    """Replace the `{{field}}`s of one paragraph, keeping its first run's look; a value with line
    breaks becomes one paragraph a line."""
    text = paragraph.text
    if "{{" not in text:
        return
    for name, value in fields.items():
        text = text.replace("{{" + name + "}}", value)
    lines = text.split("\n")
    runs = paragraph.runs
    if not runs:
        return
    runs[0].text = lines[0]
    for run in runs[1:]:
        run._r.getparent().remove(run._r)
    anchor = paragraph._p
    for line in lines[1:]:
        clone = copy.deepcopy(paragraph._p)
        anchor.addnext(clone)
        anchor = clone
        p = Paragraph(clone, paragraph._parent)
        p.runs[0].text = line


def _all_paragraphs(doc: DocumentObject) -> list[Paragraph]:
    found = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(cell.paragraphs)
    return found


def _body(doc: DocumentObject, report: Report, anchor: Paragraph) -> None:
    """Sections I–V before the `{{noi_dung}}` paragraph, which is then removed. Paragraphs are
    written as XML with the style's id looked up once (python-docx looks the style up by name
    for every paragraph, ~7 ms each)."""
    style_ids = {name: doc.styles[name].style_id for name in ("Heading 1", "Heading 2")}

    def add(text: str, style: str | None) -> None:
        pstyle = f'<w:pPr><w:pStyle w:val="{style_ids[style]}"/></w:pPr>' if style else ""
        run = f'<w:r><w:t xml:space="preserve">{escape(CONTROL_CHARS.sub("", text))}</w:t></w:r>'
        anchor._p.addprevious(parse_xml(f"<w:p {nsdecls('w')}>{pstyle}{run}</w:p>"))

    for section in report_sections(report.snapshot, report.edits):
        add(section.heading, "Heading 1")
        for block in section.blocks:
            if block.heading:
                add(block.heading, "Heading 2")
            for paragraph in block.paragraphs:
                for line in paragraph.lines:
                    add(line, None)
    anchor._p.getparent().remove(anchor._p)


def _landscape_section(doc: DocumentObject) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.different_first_page_header_footer = False


def _centered(doc: DocumentObject, text: str, *, bold=False, italic=False, size: float = 14):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(0)
    set_font(p.add_run(text), size=size, bold=bold, italic=italic)
    return p


# Characters XML 1.0 cannot hold (a unit's text pasted from elsewhere may carry them).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# The paragraph style of the appendices' cells: 11 pt, no indent, single spacing, no space
# around. One style instead of those properties on each of the 16 000 paragraphs of a province's
# appendices: LibreOffice reads the DOCX ≈ 0,3 s of CPU faster, and an empty cell's line is 11 pt
# like the others (it was the body's 14 pt). A template may define it (the office's own look);
# otherwise it is added (`_table_style`).
TABLE_STYLE_NAME = "Bảng phụ lục"
TABLE_STYLE_ID = "BangPhuLuc"


def _table_style(doc: DocumentObject) -> str:
    """The style id of "Bảng phụ lục", added to the document when its template lacks it."""
    for style in doc.styles:
        if style.name == TABLE_STYLE_NAME:
            return style.style_id
    style = doc.styles.add_style(TABLE_STYLE_NAME, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = TABLE_STYLE_ID
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(11)
    style.element.rPr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="22"/>'))
    form = style.paragraph_format
    form.space_before = form.space_after = Pt(0)
    form.line_spacing = 1.0
    form.first_line_indent = Cm(0)
    form.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return TABLE_STYLE_ID


def _cell_xml(text: str, *, twips: int, style: str, align: str, bold: bool = False) -> str:
    """One table cell as WordprocessingML in the table style (its alignment when not left); a
    line break in the text is a <w:br/>. Written as text because python-docx's cell objects cost
    ~1 ms each (a province's appendices hold tens of thousands of cells)."""
    text = CONTROL_CHARS.sub("", text)
    runs = "<w:br/>".join(
        f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n")
    )
    weight = "<w:rPr><w:b/></w:rPr>" if bold else ""
    jc = "" if align == "left" else f'<w:jc w:val="{align}"/>'
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{twips}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
        f'<w:pStyle w:val="{style}"/>{jc}</w:pPr><w:r>{weight}{runs}</w:r></w:p></w:tc>'
    )


# Column widths in the landscape appendices (mm; 262 mm between the margins).
DOCX_WIDTHS: dict[int, list[float]] = {
    0: [12, 60, 16, 34, 18, 20, 14, 16, 24, 30, 16],
    1: [12, 53, 28, 28, 18, 30, 14, 22, 25, 20, 12],
    2: [12, 98, 40, 30, 30, 20, 30],
    3: [12, 38, 100, 20, 20, 30, 20],
}


def _docx_table(
    doc: DocumentObject,
    headers: list[str],
    rows: list[list[Cell]],
    formats: dict[int, str],
    widths: list[float],
):
    table = doc.add_table(rows=0, cols=len(headers))
    style = _table_style(doc)
    twips = [round(w * 1440 / 25.4) for w in widths]
    header = "".join(
        _cell_xml(text, twips=t, style=style, align="center", bold=True)
        for text, t in zip(headers, twips, strict=True)
    )
    body = "".join(
        "<w:tr>"
        + "".join(
            _cell_xml(
                cell_text(value, formats.get(i)),
                twips=twips[i],
                style=style,
                align="right" if i in formats and i != 0 else "left",
            )
            for i, value in enumerate(values)
        )
        + "</w:tr>"
        for values in rows
    )
    rows_xml = parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tr><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>{body}</w:tbl>"
    )
    for tr in list(rows_xml):
        table._tbl.append(tr)
    fixed_widths(table, widths)
    _grid_borders(table._tbl.tblPr)
    return table


def _grid_borders(tbl_pr) -> None:
    """The look of Word's "Table Grid" (½-point single borders, 0,19 cm cell margins) written on
    the table itself. LibreOffice applies a table style to every cell and paragraph as it reads
    the DOCX (a province's appendices: 16 000 cells, ≈ 1 s of the PDF's CPU); direct borders cost
    nothing and look the same in Word and in the PDF."""
    sides = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    layout = tbl_pr.find(qn("w:tblLayout"))
    layout.addprevious(parse_xml(f"<w:tblBorders {nsdecls('w')}>{sides}</w:tblBorders>"))
    layout.addnext(
        parse_xml(
            f"<w:tblCellMar {nsdecls('w')}>"
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        )
    )


# A long appendix is written as tables of this many rows, one after the other: LibreOffice lays a
# long table out in more than linear time (a province's 600 tasks: 6,8 -> 4,6 s of CPU for the
# PDF). Each part repeats the header row, as every printed page does anyway.
TABLE_CHUNK_ROWS = 40


def _joint(doc: DocumentObject) -> None:
    """A 1-point paragraph between two parts of a table (two tables that touch would be merged
    into one by Word)."""
    doc.add_paragraph()._p.append(
        parse_xml(
            f"<w:pPr {nsdecls('w')}>"
            '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
            '<w:ind w:firstLine="0"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr>'
        )
    )


def render_docx(report: Report) -> bytes:
    doc = template_document()
    fields = document_fields(report)
    body_anchor = None
    for p in _all_paragraphs(doc):
        if p.text.strip() == "{{noi_dung}}":
            body_anchor = p
        else:
            _fill(p, fields)
    if body_anchor is None:
        raise ValueError("Mẫu báo cáo (.docx) thiếu đoạn {{noi_dung}}.")
    _body(doc, report, body_anchor)
    s = report.snapshot
    for i, (title, build) in enumerate(APPENDICES):
        _landscape_section(doc) if i == 0 else doc.add_page_break()
        _centered(doc, f"Phụ lục {roman(i + 1)}", bold=True)
        _centered(doc, title, bold=True)
        _centered(doc, annex_note(report), italic=True, size=13).paragraph_format.space_after = Pt(
            6
        )
        headers, rows = build(s)
        if i == 3:
            _centered(doc, f"Kỳ xếp hạng: {s['rankings']['period_label']}", size=13)
        for start in range(0, max(len(rows), 1), TABLE_CHUNK_ROWS):
            if start:
                _joint(doc)
            chunk = rows[start : start + TABLE_CHUNK_ROWS]
            _docx_table(doc, headers, chunk, NUMBER_COLUMNS[i], DOCX_WIDTHS[i])
        if i == 2:
            planned, disbursed = budget_totals(s)
            p = doc.add_paragraph(
                f"Tổng kinh phí kế hoạch: {format_money_vnd(planned)}; đã giải ngân: "
                f"{format_money_vnd(disbursed)}. Kinh phí ghi “mỗi năm” được tính một lần."
            )
            p.paragraph_format.space_before = Pt(6)
        if i == 3:
            doc.add_paragraph(
                f"Phương pháp: {s['rankings']['method']}"
            ).paragraph_format.space_before = Pt(6)
            if s.get("simulated_any"):
                doc.add_paragraph(RANKING_SIMULATED)
        if not rows:
            doc.add_paragraph("Không có số liệu trong phạm vi báo cáo.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# -- XLSX ----------------------------------------------------------------------------------------

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = {
    0: [6, 45, 12, 28, 14, 16, 10, 12, 20, 35, 18],
    1: [6, 50, 25, 25, 14, 30, 10, 24, 40, 40, 18],
    2: [6, 55, 25, 20, 20, 12, 24],
    3: [6, 22, 45, 10, 10, 14, 10],
}
HEADER_ROW = 4


def _xlsx_styles(wb: Workbook) -> dict[str, Any]:
    """The cell styles the sheets use, made once on a scratch sheet: copying a cell's style array
    is ~50× cheaper than assigning font, border and alignment objects to every cell."""
    ws = wb.create_sheet("styles")
    header = ws.cell(row=1, column=1)
    header.font = Font(bold=True)
    header.border = BORDER
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    text = ws.cell(row=2, column=1)
    text.border = BORDER
    text.alignment = Alignment(vertical="top", wrap_text=True)
    styles = {"header": copy.copy(header._style), "text": copy.copy(text._style)}
    for n, fmt in enumerate({f for formats in NUMBER_COLUMNS.values() for f in formats.values()}):
        cell = ws.cell(row=3 + n, column=1)
        cell.border = BORDER
        cell.alignment = Alignment(vertical="top")
        cell.number_format = fmt
        styles[fmt] = copy.copy(cell._style)
    wb.remove(ws)
    return styles


def render_xlsx(report: Report) -> bytes:
    """One sheet per appendix: title, "(Kèm theo …)", a bold bordered header (frozen), numbers as
    numbers with a display format (Excel shows the reader's separators: 2.389,05 in Vietnamese)."""
    s = report.snapshot
    wb = Workbook()
    wb.remove(wb.active)
    styles = _xlsx_styles(wb)
    for i, (title, build) in enumerate(APPENDICES):
        ws = wb.create_sheet(f"Phụ lục {roman(i + 1)}")
        headers, rows = build(s)
        ws.cell(row=1, column=1, value=f"Phụ lục {roman(i + 1)}. {title}").font = Font(
            bold=True, size=13
        )
        ws.cell(row=2, column=1, value=annex_note(report)).font = Font(italic=True)
        if i == 3:
            ws.cell(row=3, column=1, value=f"Kỳ xếp hạng: {s['rankings']['period_label']}")
        for c, text in enumerate(headers, 1):
            ws.cell(row=HEADER_ROW, column=c, value=text)._style = copy.copy(styles["header"])
        formats = NUMBER_COLUMNS[i]
        for r, values in enumerate(rows, HEADER_ROW + 1):
            for c, value in enumerate(values):
                cell = ws.cell(row=r, column=c + 1, value=value)
                number = c in formats and isinstance(value, (int, float))
                cell._style = copy.copy(styles[formats[c]] if number else styles["text"])
        for c, width in enumerate(WIDTHS[i], 1):
            ws.column_dimensions[get_column_letter(c)].width = width
        ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
        if i == 2:
            planned, disbursed = budget_totals(s)
            total_row = HEADER_ROW + len(rows) + 2
            ws.cell(row=total_row, column=2, value="Tổng cộng (kinh phí “mỗi năm” tính một lần)")
            ws.cell(row=total_row, column=2).font = Font(bold=True)
            for c, value in ((4, planned), (5, disbursed)):
                cell = ws.cell(row=total_row, column=c, value=value)
                cell.number_format = "#,##0"
                cell.font = Font(bold=True)
        if i == 3:
            ws.cell(
                row=HEADER_ROW + len(rows) + 2,
                column=1,
                value=f"Phương pháp: {s['rankings']['method']}",
            )
            if s.get("simulated_any"):
                ws.cell(row=HEADER_ROW + len(rows) + 3, column=1, value=RANKING_SIMULATED)
    excel_text_cells(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- PDF -----------------------------------------------------------------------------------------


def soffice_path() -> str | None:
    configured = report_setting("REPORT_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes:
    """LibreOffice's PDF of the DOCX: the resident converter, else LibreOffice started cold
    (dxtrack/outputs/pdf.py); PdfUnavailable with a Vietnamese message when neither can."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(gettext(PDF_UNAVAILABLE))
    return pdf.convert(soffice, data)


def render_pdf(report: Report, *, docx: bytes | None = None) -> bytes:
    return docx_to_pdf(docx if docx is not None else render_docx(report))


PDF_NOT_ISSUED = gettext_noop(
    "Chưa ban hành: không tạo được bản PDF của báo cáo (%(reason)s) Báo cáo vẫn là dự thảo; hãy "
    "ban hành lại sau ít phút."
)


def render_all(report: Report) -> dict[str, bytes]:
    """The files stored when a report is issued, the PDF made once here and then served as
    stored. Without LibreOffice the report is issued with DOCX and XLSX (the PDF link says why);
    when LibreOffice is there but the conversion failed (timed out, crashed) the issue stops with
    a ValidationError: an issued report is frozen, and it would stay without its PDF for good."""
    docx = render_docx(report)
    files = {"docx": docx, "xlsx": render_xlsx(report)}
    if soffice_path() is None:
        return files
    try:
        files["pdf"] = render_pdf(report, docx=docx)
    except PdfUnavailable as error:
        raise ValidationError(
            gettext(PDF_NOT_ISSUED) % {"reason": str(error).split(";")[0] + "."}
        ) from error
    return files


FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def render_format(report: Report, fmt: str) -> bytes:
    if fmt == "docx":
        return render_docx(report)
    if fmt == "xlsx":
        return render_xlsx(report)
    if fmt == "pdf":
        return render_pdf(report)
    raise ValueError(f"Định dạng “{fmt}” không hỗ trợ: chọn docx, pdf hoặc xlsx.")


def _period_words(code: str) -> str:
    """ "2026Q3" → "Quy-III-2026", "2026S1" → "6-Thang-Dau-Nam-2026", "2026" → "Nam-2026"."""
    try:
        period = Period.parse(code)
    except ValueError:
        return _ascii_words(code)
    if period.kind == "quarter":
        return f"Quy-{roman(period.number)}-{period.year}"
    if period.kind == "half":
        return f"6-Thang-{'Dau' if period.number == 1 else 'Cuoi'}-Nam-{period.year}"
    if period.kind == "month":
        return f"Thang-{period.number}-{period.year}"
    return f"Nam-{period.year}"


def _ascii_words(text: str) -> str:
    """ASCII letters and digits joined by "-": "15/BC-UBND" → "15-BC-UBND", "Đà" → "Da"."""
    plain = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    plain = plain.encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")


def file_name(report: Report, fmt: str) -> str:
    """A readable, ASCII-safe name: "BaoCao-CDS-Quy-III-2026-v1.pdf"; an issued report with a
    number carries it: "BaoCao-CDS-Quy-III-2026-So-15-BC-UBND-v1.pdf"."""
    base = f"BaoCao-CDS-{_period_words(report.period)}"
    number = _ascii_words(report.number) if report.is_issued and report.number else ""
    if number:
        base += f"-So-{number}"
    return f"{base}-v{report.version}.{fmt}"


def content_disposition(report: Report, fmt: str) -> str:
    """The download header (an ASCII ``filename`` and, if ever needed, ``filename*=UTF-8''``)."""
    return content_disposition_header(True, file_name(report, fmt)) or "attachment"
