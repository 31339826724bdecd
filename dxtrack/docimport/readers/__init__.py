"""Readers: a file → the plain text that the importer parses (and saves beside its output).

- ``text.py``: .txt / .md, and the normalisation every reader's output goes through.
- ``docx.py``: Word documents read from their XML parts (numbering, styles, notes, tracked changes).
- ``pdf.py``: PDFs with a text layer (pdfplumber): paragraphs, tables, running heads, footnotes.

In both, a table cell merged down rows gives its value to every row it spans (w:vMerge in Word,
no ruling line between the rows in a PDF): a sub-row of a task keeps the TT, the lead, the time
and the source of funds written once beside it.

Anything it cannot read raises DocumentError with a Vietnamese message.
"""

from pathlib import Path

from dxtrack.docimport.errors import DocumentError

from .docx import check_zip, read_docx_bytes
from .pdf import read_pdf_bytes
from .text import (
    MAX_FILE_BYTES,
    MAX_PDF_PAGES,
    MAX_TEXT_CHARS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_ENTRIES,
    MAX_ZIP_RATIO,
    check_has_text,
    normalise_text,
    read_text_bytes,
)

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}

__all__ = [
    "read_path",
    "read_text_bytes",
    "read_docx_bytes",
    "read_pdf_bytes",
    "check_zip",
    "check_has_text",
    "normalise_text",
    "detect_kind",
    "MAX_FILE_BYTES",
    "MAX_PDF_PAGES",
    "MAX_TEXT_CHARS",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_ENTRIES",
    "MAX_ZIP_RATIO",
]


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
        raise DocumentError(
            f"tệp quá lớn ({size // (1024 * 1024)} MB; tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB).",
            code="too-large",
            where=where,
        )
    suffix = p.suffix.lower()
    data = p.read_bytes()
    if suffix in TEXT_SUFFIXES:
        return read_text_bytes(data, where=where)
    if suffix == ".docx":
        return read_docx_bytes(data, where=where)
    if suffix == ".pdf":
        return read_pdf_bytes(data, where=where)
    if suffix == ".doc":
        raise DocumentError(
            "định dạng .doc (Word 97-2003) không được hỗ trợ; hãy lưu lại thành .docx.",
            code="unsupported",
            where=where,
        )
    raise DocumentError(
        f"định dạng '{suffix or '(không có phần mở rộng)'}' không được hỗ trợ; "
        "chỉ nhận .docx, .pdf, .txt, .md.",
        code="unsupported",
        where=where,
    )


def detect_kind(data: bytes) -> str:
    """Guess a document's kind from its bytes (used by extract_bytes)."""
    head = data.lstrip()[:8]
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"PK"):
        return ".docx"
    return ".txt"
