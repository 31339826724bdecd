"""Word (.docx) reader: the document's XML parts → plain text, as Word shows the document.

Read straight from the zip with lxml (no DTDs, no entities, no network), in document order:

- paragraphs, one line each, with the text of **automatic numbering** rendered in front
  (``word/numbering.xml``: counters per list and level, ``w:start``, ``w:startOverride``,
  level restarts, multi-level ``lvlText`` such as "%1.%2.", decimal/letter/roman formats);
  bullets become "- " ("+ " when the bullet glyph is "+");
- paragraphs in a heading style ("Heading 1" …, a style with an outline level, or a custom
  "Tiêu đề 1" / "Đề mục 1") are written as Markdown headings ("## …");
- tracked changes as accepted: ``w:del`` / ``w:moveFrom`` dropped, ``w:ins`` / ``w:moveTo`` kept;
  hidden text (``w:vanish``) and field instructions dropped; text boxes written as their own lines
  (the VML fallback copy of a text box is skipped); page headers and footers are not read;
- tables: a row is one tab-separated line; a cell merged across columns (``gridSpan``) is written
  once; a cell merged down rows (``vMerge``) is repeated on every row it covers (each task needs its
  lead), except an amount in a money column, kept once (it is the total of those rows);
  paragraphs and line breaks inside a cell are joined with "; " (a space when the next part goes on
  in lower case or the previous ends with "," or ":"); nested tables are flattened into their cell;
  tables of one or two columns (the agency/"CỘNG HÒA …" header, boxes) are layout: their cells are
  written as paragraphs;
- footnotes and endnotes: a reference becomes a superscript number ("…4G¹") numbered in order of
  reference, and the notes are appended at the end as footnote lines ("¹ Báo cáo số …").
"""

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from dxtrack.core.numbers import roman
from dxtrack.core.text import match_key
from dxtrack.core.uploads import UploadRefused, ZipLimits, zip_check
from dxtrack.docimport import vocab
from dxtrack.docimport.errors import DocumentError
from dxtrack.docimport.textutil import SUPERSCRIPT_DIGITS

from .text import (
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_ENTRIES,
    MAX_ZIP_RATIO,
    check_has_text,
    join_cell_pieces,
    normalise_text,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


#: An lxml element. lxml is imported where a .docx is read (see ``_xml``), so its types are not
#: at hand here.
El = Any


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, R, T, TBL, TR, TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
VAL = w("val")


# ---------------------------------------------------------------- zip safety


DOCX_LIMITS = ZipLimits(
    max_entries=MAX_ZIP_ENTRIES,
    max_total_bytes=MAX_UNZIPPED_BYTES,
    max_entry_bytes=MAX_UNZIPPED_BYTES,
    max_ratio=MAX_ZIP_RATIO,
)
# The importer's own words for a refused package (its messages name the format it expected).
_REFUSED: dict[str, Callable[[str], str]] = {
    "corrupt": lambda reason: "tệp .docx bị hỏng (không phải tệp zip hợp lệ).",
    "encrypted": lambda reason: "tệp .docx được đặt mật khẩu; hãy gỡ mật khẩu rồi nhập lại.",
    "zip-bomb": lambda reason: f"tệp .docx giải nén quá lớn (nghi là zip bomb): {reason}",
    "markup": lambda reason: f"tệp .docx không hợp lệ: {reason}",
}


def check_zip(data: bytes, where: str | None) -> zipfile.ZipFile:
    """The package, once the upload checker every upload passes (core.uploads) let it through."""
    try:
        infos = zip_check(data, DOCX_LIMITS)
    except UploadRefused as refused:
        raise DocumentError(
            _REFUSED[refused.code](refused.reason), code=refused.code, where=where
        ) from refused
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        if "EncryptedPackage" in names:
            raise DocumentError("tệp .docx được đặt mật khẩu.", code="encrypted", where=where)
        raise DocumentError(
            "tệp zip không phải tài liệu Word (.docx): thiếu word/document.xml.",
            code="corrupt",
            where=where,
        )
    return zf


def _xml(zf: zipfile.ZipFile, name: str) -> El | None:
    """Parse one part safely; None when the part is absent."""
    # import here: lxml costs ~20 ms, which `dxtrack import plan.txt` need not pay
    from lxml import etree

    try:
        raw = zf.read(name)
    except KeyError:
        return None
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    return etree.fromstring(raw, parser)


def read_docx_bytes(data: bytes, where: str | None = None) -> str:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # OLE container: a password-protected .docx, or a renamed .doc
        raise DocumentError(
            "tệp .docx được đặt mật khẩu hoặc là định dạng .doc cũ; hãy gỡ mật khẩu / lưu lại thành .docx.",
            code="encrypted",
            where=where,
        )
    zf = check_zip(data, where)
    try:
        root = _xml(zf, "word/document.xml")
        body = root.find(w("body")) if root is not None else None
        if body is None:
            raise DocumentError(
                "tệp .docx không có phần nội dung (w:body).", code="corrupt", where=where
            )
        reader = DocxReader(
            styles=Styles(_xml(zf, "word/styles.xml")),
            numbering=Numbering(_xml(zf, "word/numbering.xml")),
            notes={
                "footnote": _notes(_xml(zf, "word/footnotes.xml"), "footnote"),
                "endnote": _notes(_xml(zf, "word/endnotes.xml"), "endnote"),
            },
        )
        lines = reader.body_lines(body) + reader.note_lines()
    except DocumentError:
        raise
    except Exception as exc:  # lxml and broken parts raise many kinds
        raise DocumentError(
            f"không đọc được tệp .docx ({type(exc).__name__}).", code="corrupt", where=where
        ) from exc
    return check_has_text(normalise_text("\n".join(lines).rstrip() + "\n"), where)


# ---------------------------------------------------------------- styles

_HEADING_NAME = re.compile(r"^(?:heading|tieu de|de muc|muc)\s*(\d)$")


class Styles:
    """Paragraph styles: heading level, numbering and hidden text, following ``w:basedOn``."""

    def __init__(self, root: El | None) -> None:
        self._by_id: dict[str, El] = {}
        if root is not None:
            for st in root.iter(w("style")):
                sid = st.get(w("styleId"))
                if sid:
                    self._by_id[sid] = st

    def _chain(self, sid: str | None) -> Iterator[El]:
        seen = set()
        while sid and sid in self._by_id and sid not in seen:
            seen.add(sid)
            st = self._by_id[sid]
            yield st
            based = st.find(w("basedOn"))
            sid = based.get(VAL) if based is not None else None

    def heading_level(self, sid: str | None) -> int:
        for st in self._chain(sid):
            name = st.find(w("name"))
            m = _HEADING_NAME.match(
                match_key((name.get(VAL) if name is not None else "") or "").strip()
            )
            if m and m.group(1) != "0":
                return int(m.group(1))
            lvl = st.find(f"{w('pPr')}/{w('outlineLvl')}")
            if lvl is not None and (lvl.get(VAL) or "").isdigit() and int(lvl.get(VAL)) < 9:
                return int(lvl.get(VAL)) + 1
        return 0

    def numbering(self, sid: str | None) -> tuple[str | None, int]:
        for st in self._chain(sid):
            num = st.find(f"{w('pPr')}/{w('numPr')}")
            if num is not None:
                nid, ilvl = num.find(w("numId")), num.find(w("ilvl"))
                return (
                    nid.get(VAL) if nid is not None else None,
                    _int(ilvl.get(VAL) if ilvl is not None else None, 0),
                )
        return None, 0

    def hidden(self, sid: str | None) -> bool:
        return any(_on(st.find(f"{w('rPr')}/{w('vanish')}")) for st in self._chain(sid))


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _on(el: El | None) -> bool:
    """A toggle property (``<w:vanish/>``, ``<w:vanish w:val="true"/>``) that is set."""
    return el is not None and (el.get(VAL) or "true").lower() not in ("0", "false", "off")


# ---------------------------------------------------------------- numbering


class Level:
    def __init__(self, el: El) -> None:
        def g(tag: str) -> El:  # the child element, or None
            return el.find(w(tag))

        self.start = _int(g("start").get(VAL) if g("start") is not None else None, 1)
        self.fmt = (g("numFmt").get(VAL) if g("numFmt") is not None else None) or "decimal"
        self.text = g("lvlText").get(VAL) if g("lvlText") is not None else None
        restart = g("lvlRestart")
        self.restart = (
            _int(restart.get(VAL), -1) if restart is not None else -1
        )  # -1: after any higher level
        self.legal = _on(g("isLgl"))


class Numbering:
    """Counters and rendered text of Word's automatic numbering.

    Counters belong to the abstract list (Word continues a list across ``w:num`` instances of the
    same abstract list); a ``w:num`` with ``w:startOverride`` restarts its levels when first used.
    """

    def __init__(self, root: El | None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str | None, dict[int, int], dict[int, Level]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for an in root.iter(w("abstractNum")):
            self.abstract[an.get(w("abstractNumId"))] = {
                _int(lv.get(w("ilvl")), 0): Level(lv) for lv in an.iter(w("lvl"))
            }
        for num in root.iter(w("num")):
            aid = num.find(w("abstractNumId"))
            overrides: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for ov in num.iter(w("lvlOverride")):
                ilvl = _int(ov.get(w("ilvl")), 0)
                so = ov.find(w("startOverride"))
                if so is not None:
                    overrides[ilvl] = _int(so.get(VAL), 1)
                lv = ov.find(w("lvl"))
                if lv is not None:
                    levels[ilvl] = Level(lv)
            self.nums[num.get(w("numId"))] = (
                aid.get(VAL) if aid is not None else None,
                overrides,
                levels,
            )

    def _level(self, num_id: str, ilvl: int) -> Level | None:
        aid, _, levels = self.nums.get(num_id, (None, {}, {}))
        return levels.get(ilvl) or self.abstract.get(aid or "", {}).get(ilvl)

    def next(self, num_id: str | None, ilvl: int, in_cell: bool = False) -> str:
        """Advance the counter of (list, level) and return the paragraph's number text ("" if none)."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = max(0, min(ilvl, 8))
        aid, overrides, _ = self.nums[num_id]
        key = aid if aid in self.abstract else f"num:{num_id}"
        counters = self.counters.setdefault(key, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for ov_level, start in overrides.items():
                counters[ov_level] = start - 1
                for deeper in [d for d in counters if d > ov_level]:
                    del counters[deeper]
        level = self._level(num_id, ilvl)
        if level is None:
            return ""
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [d for d in counters if d > ilvl]:
            lv = self._level(num_id, deeper)
            if lv is None or lv.restart == -1 or (lv.restart > 0 and ilvl < lv.restart):
                del counters[deeper]
        if level.fmt == "bullet":
            return "" if in_cell else ("+ " if (level.text or "").strip() == "+" else "- ")
        if level.fmt == "none" or level.text is None:
            return ""

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = self._level(num_id, k)
            if lv is None:
                return ""
            value = counters.get(k, lv.start)
            return list_label(value, "decimal" if level.legal and k < ilvl else lv.fmt)

        text = re.sub(r"%([1-9])", render, level.text).strip()
        return text + " " if text else ""


def list_label(n: int, fmt: str) -> str:
    """The label of list item number ``n`` in a Word numbering format (lowerRoman, upperLetter …)."""
    if fmt in ("lowerRoman", "upperRoman"):
        numeral = roman(max(1, n), bounded=False)
        return numeral if fmt == "upperRoman" else numeral.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        k = max(1, n)
        letter = chr(ord("a") + (k - 1) % 26) * ((k - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


# ---------------------------------------------------------------- notes


def _notes(root: El | None, kind: str) -> dict[str, list[El]]:
    """Note id → its paragraphs (separator notes skipped)."""
    out: dict[str, list[El]] = {}
    if root is None:
        return out
    for note in root.iter(w(kind)):
        if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        out[note.get(w("id"))] = list(note.iter(P))
    return out


# ---------------------------------------------------------------- body


class DocxReader:
    def __init__(
        self, styles: Styles, numbering: Numbering, notes: dict[str, dict[str, list[El]]]
    ) -> None:
        self.styles, self.numbering, self.notes = styles, numbering, notes
        self.note_order: list[tuple[str, str]] = []  # (kind, id) in order of reference

    # -- blocks

    def body_lines(self, body: El) -> list[str]:
        out: list[str] = []
        for child in self._blocks(body):
            if child.tag == P:
                out.extend(self.paragraph_lines(child))
            elif child.tag == TBL:
                out.extend(self.table_lines(child))
        return out

    def _blocks(self, parent: El) -> Iterator[El]:
        """Block-level children, looking through content controls, custom XML and tracked insertions."""
        for child in parent:
            if child.tag in (P, TBL):
                yield child
            elif child.tag in (w("sdt"),):
                content = child.find(w("sdtContent"))
                if content is not None:
                    yield from self._blocks(content)
            elif child.tag in (w("customXml"), w("ins"), w("moveTo"), w("smartTag")):
                yield from self._blocks(child)

    def paragraph_lines(self, p: El) -> list[str]:
        boxes: list[str] = []
        text = self.paragraph_text(p, boxes)
        out = boxes
        if text:
            out += [self._decorate(p, text), ""]
        return out

    def _decorate(self, p: El, text: str, in_cell: bool = False) -> str:
        ppr = p.find(w("pPr"))
        style = num_id = None
        ilvl = 0
        if ppr is not None:
            ps = ppr.find(w("pStyle"))
            style = ps.get(VAL) if ps is not None else None
            num = ppr.find(w("numPr"))
            if num is not None:
                nid, lv = num.find(w("numId")), num.find(w("ilvl"))
                num_id = nid.get(VAL) if nid is not None else None
                ilvl = _int(lv.get(VAL) if lv is not None else None, 0)
        if num_id is None:
            num_id, style_ilvl = self.styles.numbering(style)
            ilvl = (
                style_ilvl if ppr is None or ppr.find(f"{w('numPr')}/{w('ilvl')}") is None else ilvl
            )
        prefix = self.numbering.next(num_id, ilvl, in_cell)
        if prefix and text.startswith(prefix.strip()):
            prefix = ""  # the number was also typed by hand
        line = prefix + text
        if in_cell:
            return line
        level = self.styles.heading_level(style)
        if ppr is not None and not level:
            ol = ppr.find(w("outlineLvl"))
            if ol is not None and (ol.get(VAL) or "").isdigit() and int(ol.get(VAL)) < 9:
                level = int(ol.get(VAL)) + 1
        if level:
            line = "#" * min(level, 6) + " " + line
        return line

    # -- inline

    def paragraph_text(self, p: El, boxes: list[str] | None = None, breaks: bool = False) -> str:
        """The paragraph's visible text, spaces collapsed (line breaks kept as "\\n" if ``breaks``)."""
        style = None
        ppr = p.find(w("pPr"))
        if ppr is not None and ppr.find(w("pStyle")) is not None:
            style = ppr.find(w("pStyle")).get(VAL)
        parts: list[str] = []
        self._inline(p, parts, boxes, self.styles.hidden(style))
        if breaks:
            return "\n".join(" ".join(x.split()) for x in "".join(parts).split("\n")).strip("\n")
        return " ".join("".join(parts).split())

    def _inline(
        self, el: El, parts: list[str], boxes: list[str] | None, hidden_style: bool
    ) -> None:
        for child in el:
            tag = child.tag
            if tag == R:
                self._run(child, parts, boxes, hidden_style)
            elif tag in (w("del"), w("moveFrom"), w("pPr"), w("rPr")):
                continue
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self._inline(choice, parts, boxes, hidden_style)
            elif tag in (
                w("ins"),
                w("moveTo"),
                w("hyperlink"),
                w("smartTag"),
                w("fldSimple"),
                w("customXml"),
                w("sdt"),
                w("sdtContent"),
                w("bdo"),
                w("dir"),
            ):
                self._inline(child, parts, boxes, hidden_style)

    def _run(self, r: El, parts: list[str], boxes: list[str] | None, hidden_style: bool) -> None:
        rpr = r.find(w("rPr"))
        if rpr is not None:
            if _on(rpr.find(w("vanish"))) or _on(rpr.find(w("specVanish"))):
                return
            rs = rpr.find(w("rStyle"))
            if rs is not None and self.styles.hidden(rs.get(VAL)):
                return
        elif hidden_style:
            return
        for node in r:
            tag = node.tag
            if tag == T:
                parts.append(node.text or "")
            elif tag in (w("tab"), w("ptab")):
                parts.append(" ")
            elif tag in (w("br"), w("cr")):
                parts.append("\n")
            elif tag == w("noBreakHyphen"):
                parts.append("-")
            elif tag in (w("footnoteReference"), w("endnoteReference")):
                kind = "footnote" if tag == w("footnoteReference") else "endnote"
                self.note_order.append((kind, node.get(w("id"))))
                parts.append(str(len(self.note_order)).translate(SUPERSCRIPT_DIGITS))
            elif tag == f"{{{MC}}}AlternateContent":
                choice = node.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self._boxes(choice, boxes)
            elif tag in (w("drawing"), w("pict"), w("object")):
                self._boxes(node, boxes)

    def _boxes(self, el: El, boxes: list[str] | None) -> None:
        """Paragraphs of text boxes inside a drawing, each written as its own line."""
        if boxes is None:
            return
        for content in el.iter(w("txbxContent")):
            for p in content.iter(P):
                text = self.paragraph_text(p, None)
                if text:
                    boxes += [text, ""]

    # -- tables

    def cell_text(self, tc: El) -> str:
        pieces: list[str] = []
        for child in self._blocks(tc):
            if child.tag == P:
                lines = [
                    x for x in self.paragraph_text(child, breaks=True).split("\n") if x.strip()
                ] or [""]
                lines[0] = self._decorate(
                    child, lines[0], in_cell=True
                ).strip()  # an empty numbered paragraph shows its number
                pieces.extend(x for x in lines if x)
            elif child.tag == TBL:
                for row in self._rows(child):
                    pieces.extend(c for c in row if c)
        return join_cell_pieces(pieces)

    def _rows(self, tbl: El) -> list[list[str]]:
        """The table's rows on the grid, vertical merges resolved."""
        rows: list[list[str]] = []
        above: dict[int, str] = {}
        money: set[int] = set()
        money_words = vocab.words("headings", "money_columns")
        for tr in tbl.iter(TR):
            if tr.getparent() is not tbl and tr.getparent().tag != w("sdtContent"):
                continue  # a row of a nested table
            trpr = tr.find(w("trPr"))
            if trpr is not None and trpr.find(w("del")) is not None:
                continue  # a deleted row (tracked change)
            cells: list[str] = []
            before = trpr.find(w("gridBefore")) if trpr is not None else None
            if before is not None:
                cells.extend([""] * max(0, min(_int(before.get(VAL), 0), 64)))
            for tc in tr.iter(TC):
                if tc.getparent() is not tr and tc.getparent().getparent() is not tr:
                    continue
                tcpr = tc.find(w("tcPr"))
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(w("gridSpan"))
                    if gs is not None:
                        span = max(1, min(_int(gs.get(VAL), 1), 64))
                    vm = tcpr.find(w("vMerge"))
                    if vm is not None:
                        vmerge = vm.get(VAL) or "continue"
                col = len(cells)
                if vmerge == "continue":
                    text = above.get(col, "")
                    if col in money and re.search(r"\d", text):
                        text = ""  # an amount merged down rows is their total: once
                else:
                    text = self.cell_text(tc).replace("\t", " ")
                    above[col] = text
                cells.append(text)
                cells.extend([""] * (span - 1))
            if not rows:
                money = {
                    j
                    for j, c in enumerate(cells)
                    if any(k in match_key(c) + " " for k in money_words)
                }
            rows.append(cells)
        return rows

    def table_lines(self, tbl: El) -> list[str]:
        out: list[str] = []
        if grid_width(tbl) <= 2:
            # a layout table (the agency / "CỘNG HÒA …" header, a framed note): cells as paragraphs
            for tr in tbl.iter(TR):
                if tr.getparent() is not tbl:
                    continue
                for tc in tr.iter(TC):
                    if tc.getparent() is tr:
                        for child in self._blocks(tc):
                            if child.tag == P:
                                out.extend(self.paragraph_lines(child))
                            elif child.tag == TBL:
                                out.extend(self.table_lines(child))
            return out
        for cells in self._rows(tbl):
            while cells and not cells[-1].strip() and len(cells) > 3:
                cells = cells[:-1]  # empty trailing columns
            if any(c.strip() for c in cells):
                out.append("\t".join(cells))
        return out + [""]

    def note_lines(self) -> list[str]:
        out: list[str] = []
        for number, (kind, nid) in enumerate(self.note_order, start=1):
            paras = self.notes.get(kind, {}).get(nid, [])
            text = " ".join(t for t in (self.paragraph_text(p) for p in paras) if t)
            if text:
                out += [f"{str(number).translate(SUPERSCRIPT_DIGITS)} {text}", ""]
        return out


def grid_width(tbl: El) -> int:
    """Number of grid columns: ``w:tblGrid``, else the widest row."""
    grid = tbl.find(w("tblGrid"))
    cols = len(grid.findall(w("gridCol"))) if grid is not None else 0
    if cols:
        return cols
    widths = [
        sum(
            max(1, _int(tc.find(f"{w('tcPr')}/{w('gridSpan')}").get(VAL), 1))
            if tc.find(f"{w('tcPr')}/{w('gridSpan')}") is not None
            else 1
            for tc in tr.findall(TC)
        )
        for tr in tbl.findall(TR)
    ]
    return max(widths, default=0)
