"""Evidence files (minh chứng): type decided by content, never by the name or the browser.

Accepted: PDF, DOCX, XLSX, PNG, JPEG. DOCX and XLSX are ZIP packages that must carry their
main part; macro-enabled packages and ZIP bombs are refused (`core.uploads.zip_check`, the same
checker as the Excel import's; evidence is stored, never parsed, so its parts are not read). Files are stored under their
SHA-256 and always served as attachments (see views.evidence_download).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from dxtrack.core import uploads

ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}
EXTENSIONS = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "png": {"png"},
    "jpg": {"jpg", "jpeg"},
}
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
ZIP_LIMITS = uploads.ZipLimits(
    max_entries=5000,
    max_total_bytes=MAX_UNCOMPRESSED,
    max_entry_bytes=MAX_UNCOMPRESSED,
    max_ratio=MAX_RATIO,
)


class EvidenceError(ValueError):
    pass


@dataclass(frozen=True)
class Checked:
    kind: str
    content_type: str
    size: int
    sha256: str


def sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = {info.filename for info in uploads.zip_check(data, ZIP_LIMITS)}
        except uploads.UploadRefused as exc:
            if exc.code == "corrupt":
                return None
            raise EvidenceError(exc.reason) from None
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise EvidenceError("Tệp có macro (VBA) không được nhận làm minh chứng.")
        if "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check(*, data: bytes, name: str, max_bytes: int) -> Checked:
    """Check an upload's size and content; raise EvidenceError with a Vietnamese reason."""
    if not data:
        raise EvidenceError("Tệp rỗng.")
    if len(data) > max_bytes:
        raise EvidenceError(
            f"Tệp quá lớn: {len(data) / 1048576:.1f} MB, tối đa "
            f"{max_bytes / 1048576:.0f} MB.".replace(".", ",")
        )
    kind = sniff(data)
    if kind is None:
        raise EvidenceError(
            "Chỉ nhận tệp PDF, DOCX, XLSX, PNG hoặc JPEG (kiểm tra theo nội dung tệp)."
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS[kind]:
        raise EvidenceError(
            f"Phần mở rộng “.{extension}” không khớp với nội dung tệp ({kind.upper()})."
        )
    return Checked(kind, ALLOWED[kind], len(data), hashlib.sha256(data).hexdigest())
