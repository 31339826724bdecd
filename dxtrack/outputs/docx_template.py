"""The replaceable Word template of the report (Nghị định 30/2020/NĐ-CP, Phụ lục I).

The fixed parts of the document live in a .docx file the office can replace with its own
(settings.REPORT_DOCX_TEMPLATE; default `templates_docx/bao-cao-tong-hop.docx`, made by
`python -m dxtrack.outputs.docx_template FILE`): page size and margins, the styles, the header
with the page number from page 2, the header block (quốc hiệu, tiêu ngữ, agency, number, place
and date), the title, the "Nơi nhận" and signature block. The renderer fills the fields written
`{{name}}` (a field must stay inside one paragraph; Word may split it into runs, the renderer
joins them) and puts the body where the paragraph `{{noi_dung}}` is.

Fields: co_quan_chu_quan, co_quan, so, dia_danh_ngay, tieu_de, noi_nhan (one line per
recipient), chuc_vu (one line per line of the signer's title), nguoi_ky, noi_dung.

Styles the body uses (a replacement template must have them): "Normal" (the body: Times New
Roman 14, justified, first-line indent), "Heading 1" (I., II., …), "Heading 2" (1., 2., …),
"Table Grid" (the appendices' tables).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "bao-cao-tong-hop.docx"


def set_font(style_or_run, *, size: float, bold: bool | None = None, italic: bool | None = None):
    """Times New Roman for Latin and East-Asian text alike (Word picks by script)."""
    font = style_or_run.font
    font.name = FONT
    font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    # A theme font (the headings' default) would win over the named one.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def fixed_widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths (the grid Word and LibreOffice lay the table out by)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)


def add_page_number(paragraph: Paragraph) -> None:
    """A PAGE field, so Word and LibreOffice number the pages themselves."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    set_font(run, size=13)


def _line(cell, text: str, *, size: float, bold=False, italic=False, space_after: float = 0):
    p = (
        cell.add_paragraph()
        if cell.paragraphs[-1].text or len(cell.paragraphs) > 1
        else cell.paragraphs[0]
    )
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    run = p.add_run(text)
    set_font(run, size=size, bold=bold, italic=italic)
    return p


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _rule_under(paragraph: Paragraph) -> None:
    """The short rule under the agency and under the tiêu ngữ (a bottom border, as Word draws it
    when the office types it)."""
    p_pr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    p_pr.append(border)


def template_build() -> DocumentObject:
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    header_p = section.header.paragraphs[0]
    header_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number(header_p)

    normal = doc.styles["Normal"]
    set_font(normal, size=14)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Cm(1.27)
    pf.space_before, pf.space_after = Pt(0), Pt(6)
    pf.line_spacing = 1.15
    for name, size in (("Heading 1", 14), ("Heading 2", 14)):
        style = doc.styles[name]
        set_font(style, size=size, bold=True, italic=False)
        style.font.color.rgb = None
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        style.paragraph_format.first_line_indent = Cm(1.27)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(head)
    fixed_widths(head, [62, 103])
    left, right = head.rows[0].cells
    _line(left, "{{co_quan_chu_quan}}", size=13)
    _rule_under(_line(left, "{{co_quan}}", size=13, bold=True, space_after=6))
    _line(left, "Số: {{so}}", size=13)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    _rule_under(_line(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, space_after=6))
    _line(right, "{{dia_danh_ngay}}", size=14, italic=True)

    for text, space_before in (("BÁO CÁO", 18), ("{{tieu_de}}", 0)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.first_line_indent = Cm(0)
        p.paragraph_format.space_before = Pt(space_before)
        p.paragraph_format.space_after = Pt(0 if text == "BÁO CÁO" else 12)
        set_font(p.add_run(text), size=14, bold=True)
    doc.add_paragraph("{{noi_dung}}")

    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    fixed_widths(sign, [82, 83])
    left, right = sign.rows[0].cells
    p = left.paragraphs[0]
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.space_after = Pt(0)
    set_font(p.add_run("Nơi nhận:"), size=12, bold=True, italic=True)
    p = left.add_paragraph()
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(0)
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    set_font(p.add_run("{{noi_nhan}}"), size=11)
    _line(right, "{{chuc_vu}}", size=14, bold=True).paragraph_format.space_before = Pt(12)
    for _ in range(3):
        _line(right, "", size=14)
    _line(right, "{{nguoi_ky}}", size=14, bold=True)
    return doc


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else DEFAULT_TEMPLATE
    out.parent.mkdir(parents=True, exist_ok=True)
    template_build().save(str(out))
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
