"""Readers: a file → the plain text that the importer parses (and saves beside its output).

- .txt / .md: decoded (UTF-8, UTF-8 with BOM, UTF-16 with BOM), NFC, line ends normalised.
- .docx: paragraphs and tables in document order; a table row becomes one tab-separated line;
  a cell merged across columns is written once, a cell merged down rows is repeated.
- .pdf (text layer): pdfplumber; text outside tables line by line (a blank line where the gap
  between lines says a new paragraph starts), each table row tab-separated, a blank line at
  each page break.

Anything it cannot read raises DocumentError with a Vietnamese message.
"""
import io
import re
import zipfile
from pathlib import Path

from .errors import DocumentError
from .textutil import nfc

MAX_FILE_BYTES = 50 * 1024 * 1024          # a plan is a few MB at most
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024     # sum of a .docx's uncompressed parts
MAX_ZIP_RATIO = 200                        # uncompressed / compressed, per part
MAX_ZIP_ENTRIES = 5000
MAX_PDF_PAGES = 2000
MAX_TEXT_CHARS = 20 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


def read_path(path: str | Path) -> str:
    p = Path(path)
    where = str(p)
    if not p.exists():
        raise DocumentError("không tìm thấy tệp.", code="not-found", where=where)
    if not p.is_file():
        raise DocumentError("đây không phải là một tệp.", code="not-a-file", where=where)
    size = p.stat().st_size
    if size == 0:
        raise DocumentError("tệp rỗng, không có nội dung.", code="empty", where=where)
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"tệp quá lớn ({size // (1024 * 1024)} MB; tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB).",
                            code="too-large", where=where)
    suffix = p.suffix.lower()
    data = p.read_bytes()
    if suffix in TEXT_SUFFIXES:
        return read_text_bytes(data, where=where)
    if suffix == ".docx":
        return read_docx_bytes(data, where=where)
    if suffix == ".pdf":
        return read_pdf_bytes(data, where=where)
    if suffix == ".doc":
        raise DocumentError("định dạng .doc (Word 97-2003) không được hỗ trợ; hãy lưu lại thành .docx.",
                            code="unsupported", where=where)
    raise DocumentError(f"định dạng '{suffix or '(không có phần mở rộng)'}' không được hỗ trợ; "
                        "chỉ nhận .docx, .pdf, .txt, .md.", code="unsupported", where=where)


def normalise_text(text: str) -> str:
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\ufeff", "").replace("\x0c", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch >= " " or ch == "\u00a0")


def check_has_text(text: str, where: str | None) -> str:
    if not text.strip():
        raise DocumentError("tài liệu không có nội dung văn bản.", code="empty", where=where)
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError("văn bản quá dài để nhập.", code="too-large", where=where)
    return text


def read_text_bytes(data: bytes, where: str | None = None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentError("tệp văn bản UTF-16 bị hỏng.", code="encoding", where=where) from exc
    else:
        if b"\x00" in data[:4096]:
            raise DocumentError("tệp có đuôi văn bản nhưng chứa dữ liệu nhị phân.", code="binary", where=where)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise DocumentError(f"tệp không phải UTF-8 (byte lỗi ở dòng {line}); hãy lưu lại với mã hoá UTF-8.",
                                code="encoding", where=where) from exc
    return check_has_text(normalise_text(text), where)


# ---------------------------------------------------------------- zip safety (docx)

def check_zip(data: bytes, where: str | None) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise DocumentError("tệp .docx bị hỏng (không phải tệp zip hợp lệ).", code="corrupt", where=where) from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise DocumentError("tệp .docx có quá nhiều thành phần.", code="zip-bomb", where=where)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise DocumentError("tệp .docx được đặt mật khẩu; hãy gỡ mật khẩu rồi nhập lại.",
                                code="encrypted", where=where)
        total += info.file_size
        if info.file_size > MAX_UNZIPPED_BYTES or total > MAX_UNZIPPED_BYTES:
            raise DocumentError("tệp .docx giải nén quá lớn (nghi là zip bomb).", code="zip-bomb", where=where)
        if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO and info.file_size > 1024 * 1024:
            raise DocumentError("tệp .docx có tỉ lệ nén bất thường (nghi là zip bomb).", code="zip-bomb", where=where)
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        if "EncryptedPackage" in names:
            raise DocumentError("tệp .docx được đặt mật khẩu.", code="encrypted", where=where)
        raise DocumentError("tệp zip không phải tài liệu Word (.docx): thiếu word/document.xml.",
                            code="corrupt", where=where)
    return zf


def read_docx_bytes(data: bytes, where: str | None = None) -> str:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # OLE container: a password-protected .docx, or a renamed .doc
        raise DocumentError("tệp .docx được đặt mật khẩu hoặc là định dạng .doc cũ; hãy gỡ mật khẩu / lưu lại thành .docx.",
                            code="encrypted", where=where)
    check_zip(data, where)
    try:
        import docx  # python-docx
        from docx.oxml.ns import qn

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        out: list[str] = []
        for child in body.iterchildren():
            if child.tag == qn("w:p"):
                out.append(_para_text(child, qn))
                out.append("")
            elif child.tag == qn("w:tbl"):
                out.extend(_table_lines(child, qn))
                out.append("")
    except DocumentError:
        raise
    except Exception as exc:  # python-docx/lxml raise many kinds on broken parts
        raise DocumentError(f"không đọc được tệp .docx ({type(exc).__name__}).", code="corrupt", where=where) from exc
    return check_has_text(normalise_text("\n".join(out).rstrip() + "\n"), where)


def _para_text(p, qn) -> str:
    parts = []
    for node in p.iter():
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append(" ")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _table_lines(tbl, qn) -> list[str]:
    lines = []
    above: dict[int, str] = {}
    for tr in tbl.iterchildren(qn("w:tr")):
        cells: list[str] = []
        col = 0
        for tc in tr.iterchildren(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None:
                    try:
                        span = max(1, int(gs.get(qn("w:val"))))
                    except (TypeError, ValueError):
                        span = 1
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(qn("w:val")) or "continue"
            paras = [_para_text(p, qn) for p in tc.iter(qn("w:p"))]
            text = " ".join(t for t in paras if t)
            if vmerge == "continue":
                text = above.get(col, "")
            else:
                above[col] = text
            cells.append(text.replace("\t", " "))
            cells.extend([""] * (span - 1))
            col += span
        if any(c.strip() for c in cells):
            lines.append("\t".join(cells))
    return lines


# ---------------------------------------------------------------- pdf

def read_pdf_bytes(data: bytes, where: str | None = None) -> str:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise DocumentError("tệp .pdf bị hỏng (thiếu phần đầu %PDF).", code="corrupt", where=where)
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError as exc:  # pragma: no cover
        raise DocumentError("thiếu thư viện pdfplumber để đọc PDF.", code="missing-dependency", where=where) from exc
    out: list[str] = []
    chars_total = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise DocumentError(f"tệp PDF có quá nhiều trang ({len(pdf.pages)}).", code="too-large", where=where)
            for number, page in enumerate(pdf.pages, start=1):
                chars_total += len(page.chars)
                out.extend(_pdf_page_lines(page))
                out.append("")
                page.flush_cache() if hasattr(page, "flush_cache") else None
    except DocumentError:
        raise
    except PDFPasswordIncorrect as exc:
        raise DocumentError("tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi nhập lại.", code="encrypted", where=where) from exc
    except Exception as exc:
        name = type(exc).__name__
        inner = " ".join(type(a).__name__ for a in getattr(exc, "args", ()) if isinstance(a, BaseException))
        if "Password" in inner or "Encrypt" in inner or "Password" in name or "Encrypt" in name or "password" in str(exc).lower():
            raise DocumentError("tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi nhập lại.",
                                code="encrypted", where=where) from exc
        raise DocumentError(f"không đọc được tệp PDF ({name}).", code="corrupt", where=where) from exc
    if chars_total == 0:
        raise DocumentError("tệp PDF không có lớp văn bản (có thể là bản quét); hãy dùng bản .docx hoặc PDF có chữ.",
                            code="no-text", where=where)
    return check_has_text(normalise_text("\n".join(out).rstrip() + "\n"), where)


def _pdf_page_lines(page) -> list[str]:
    tables = []
    try:
        tables = page.find_tables()
    except Exception:
        tables = []
    boxes = [t.bbox for t in tables]

    def outside(obj):
        x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
        for bx0, btop, bx1, bbottom in boxes:
            if x0 >= bx0 - 1 and x1 <= bx1 + 1 and top >= btop - 1 and bottom <= bbottom + 1:
                return False
        return True

    text_page = page.filter(outside) if boxes else page
    items: list[tuple[float, list[str]]] = []
    lines = text_page.extract_text_lines(keep_blank_chars=False, return_chars=False) if text_page else []
    prev_bottom, prev_height = None, None
    block: list[str] = []
    for ln in lines:
        height = max(1.0, ln["bottom"] - ln["top"])
        if prev_bottom is not None and ln["top"] - prev_bottom > 0.6 * max(height, prev_height or height):
            items.append((block_top, block))
            block = []
        if not block:
            block_top = ln["top"]
        block.append(ln["text"].strip())
        prev_bottom, prev_height = ln["bottom"], height
    if block:
        items.append((block_top, block))
    for t in tables:
        rows = []
        for row in t.extract() or []:
            cells = [" ".join((c or "").split()) for c in row]
            if any(cells):
                rows.append("\t".join(cells))
        items.append((t.bbox[1], rows + [""]))
    items.sort(key=lambda it: it[0])
    out: list[str] = []
    for _, chunk in items:
        if chunk and "\t" in chunk[0]:
            out.extend(chunk)
        else:
            out.append(" ".join(chunk))
            out.append("")
    return out


def detect_kind(data: bytes) -> str:
    """Guess a document's kind from its bytes (used by extract_bytes)."""
    head = data.lstrip()[:8]
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"PK"):
        return ".docx"
    return ".txt"


_ = re  # re is used by callers through this module in tests
