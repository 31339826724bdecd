"""Plan-document importer: a pure library (no Django) that reads an official plan (.docx, .pdf,
.txt/.md) and extracts its goals and targets, reported results, task list and budget, each with
the line of the source text it comes from. See docs/importer.md and shared/gold/SCHEMA.md.

    >>> from dxtrack.docimport import extract_file, extract_text, DocumentError
"""

from pathlib import Path
from typing import Any

from .errors import DocumentError
from .extract import extract_text as _extract_text
from .readers import detect_kind, read_docx_bytes, read_path, read_pdf_bytes, read_text_bytes

__all__ = ["DocumentError", "extract_bytes", "extract_file", "extract_text", "read_file_text"]


def read_file_text(path: str | Path) -> str:
    """The plain text the importer reads from a file (what ``-o`` saves as OUT.txt)."""
    return read_path(path)


def extract_text(text: str) -> dict[str, Any]:
    """Extract from plain text (lines counted in ``text``)."""
    return _extract_text(text)


def extract_file(path: str | Path) -> dict[str, Any]:
    """Read a .docx/.pdf/.txt/.md file and extract from it; raises DocumentError."""
    text = read_path(path)
    result = _extract_text(text)
    result["document"]["source_file"] = Path(path).name
    return result


def extract_bytes(data: bytes, suffix: str | None = None) -> dict[str, Any]:
    """Extract from a file's bytes (``suffix`` ".docx", ".pdf" or ".txt"; guessed when None)."""
    kind = (suffix or detect_kind(data)).lower()
    reader = {".docx": read_docx_bytes, ".pdf": read_pdf_bytes}.get(kind, read_text_bytes)
    return _extract_text(reader(data))
