"""A small WordprocessingML writer for tests: builds .docx packages with the features real plans
have and python-docx cannot write (automatic numbering, footnotes, tracked changes, merged cells,
text boxes, headers/footers). Each helper returns an XML string; ``package`` zips them."""

import io
import zipfile
from xml.sax.saxutils import escape

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def r(text: str = "", rpr: str = "", *, extra: str = "") -> str:
    """A run; ``rpr`` inner run properties ("<w:vanish/>"), ``extra`` raw run content after the text."""
    t = f'<w:t xml:space="preserve">{escape(text)}</w:t>' if text else ""
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{t}{extra}</w:r>"


def p(*content: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    """A paragraph: plain strings become runs, strings starting with '<' are raw XML."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    body = "".join(c if c.startswith("<") else r(c) for c in content)
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{body}</w:p>"


def tc(*paras: str, span: int = 1, vmerge: str | None = None) -> str:
    pr = ""
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    body = "".join(x if x.startswith(("<w:p", "<w:tbl")) else p(x) for x in paras) or "<w:p/>"
    return f"<w:tc>{f'<w:tcPr>{pr}</w:tcPr>' if pr else ''}{body}</w:tc>"


def tr(*cells: str, header: bool = False) -> str:
    cells_xml = "".join(c if c.startswith("<w:tc") else tc(c) for c in cells)
    return f"<w:tr>{'<w:trPr><w:tblHeader/></w:trPr>' if header else ''}{cells_xml}</w:tr>"


def tbl(cols: int, *rows: str, borders: bool = True) -> str:
    grid = "".join('<w:gridCol w:w="1500"/>' for _ in range(cols))
    bd = (
        ""
        if borders
        else (
            '<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
            '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
        )
    )
    return f"<w:tbl><w:tblPr>{bd}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def textbox(*paras: str) -> str:
    """A floating text box as Word writes it: a DrawingML shape with a VML fallback copy."""
    inner = "".join(p(x) for x in paras)
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox>"
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def footnote_ref(note_id: int) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'


def abstract(aid: int, *levels: tuple[str, str] | tuple[str, str, int]) -> str:
    """An abstract list: levels as (numFmt, lvlText[, start])."""
    out = []
    for i, lv in enumerate(levels):
        fmt, text = lv[0], lv[1]
        start = lv[2] if len(lv) > 2 else 1
        out.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{escape(text)}"/></w:lvl>'
        )
    return f'<w:abstractNum w:abstractNumId="{aid}">{"".join(out)}</w:abstractNum>'


def num(num_id: int, aid: int, start_override: dict[int, int] | None = None) -> str:
    ov = "".join(
        f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
        for k, v in (start_override or {}).items()
    )
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{ov}</w:num>'


HEADING_STYLES = (
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="TieuDe2"><w:name w:val="Tiêu đề 2"/></w:style>'
    '<w:style w:type="character" w:styleId="An"><w:name w:val="Ẩn"/><w:rPr><w:vanish/></w:rPr></w:style>'
)


def package(
    body: str,
    *,
    numbering: str = "",
    footnotes: dict[int, str] | None = None,
    header: str = "",
    footer: str = "",
    styles: str = HEADING_STYLES,
) -> bytes:
    """Zip a .docx: ``body`` is the XML inside <w:body>; ``numbering`` the inside of <w:numbering>;
    ``footnotes`` id → paragraph XML; ``header`` / ``footer`` paragraph XML of the page header/footer."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
            '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
            '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
            '<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}'
            '<w:sectPr><w:headerReference w:type="default" r:id="rId5"/><w:footerReference w:type="default" r:id="rId6"/>'
            "</w:sectPr></w:body></w:document>"
        ),
        "word/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}>{styles}</w:styles>',
        "word/numbering.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {NS}>{numbering}</w:numbering>',
        "word/header1.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {NS}>{header or "<w:p/>"}</w:hdr>',
        "word/footer1.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:ftr {NS}>{footer or "<w:p/>"}</w:ftr>',
    }
    notes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    )
    for nid, xml in (footnotes or {}).items():
        notes += f'<w:footnote w:id="{nid}">{xml}</w:footnote>'
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {NS}>{notes}</w:footnotes>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts.items():
            zf.writestr(name, xml)
    return buf.getvalue()
