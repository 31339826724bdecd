"""Plain-text reader (.txt / .md) and the normalisation every reader's output goes through.

- decoded as UTF-8, UTF-8 with BOM or UTF-16 with BOM; NFC; line ends normalised;
- control characters dropped; soft hyphens and zero-width characters removed; non-breaking and
  other Unicode spaces become plain spaces; smart quotes are kept.
"""

import re

from dxtrack.core.text import nfc
from dxtrack.docimport.errors import DocumentError

MAX_FILE_BYTES = 50 * 1024 * 1024  # a plan is a few MB at most
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # sum of a .docx's uncompressed parts
MAX_ZIP_RATIO = 200  # uncompressed / compressed, per part
MAX_ZIP_ENTRIES = 5000
MAX_PDF_PAGES = 2000
MAX_TEXT_CHARS = 20 * 1024 * 1024


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


# Control characters other than newline and tab (one pass of a regex, not a loop over characters).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def normalise_text(text: str) -> str:
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_INVISIBLE).replace("\x0c", "\n")
    text = _SPACES.sub(" ", text)
    return _CONTROL.sub("", text)


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
            raise DocumentError(
                "tệp văn bản UTF-16 bị hỏng.", code="encoding", where=where
            ) from exc
    else:
        if b"\x00" in data[:4096]:
            raise DocumentError(
                "tệp có đuôi văn bản nhưng chứa dữ liệu nhị phân.", code="binary", where=where
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise DocumentError(
                f"tệp không phải UTF-8 (byte lỗi ở dòng {line}); hãy lưu lại với mã hoá UTF-8.",
                code="encoding",
                where=where,
            ) from exc
    return check_has_text(normalise_text(text), where)


# a paragraph opening with a plural noun phrase ("các bộ, ngành", "các cơ quan liên quan") is the
# next item of a list of bodies, unless the one before stopped on a word that needs more
_NEW_ITEM = re.compile(r"^(?:các|những)\s", re.IGNORECASE)
_OPEN_END = re.compile(
    r"(?:^|\s)(?:và|với|của|cho|cùng|hoặc|tại|trong|theo|về|để|các|những|từ|đến|là)$", re.IGNORECASE
)


def join_cell_pieces(pieces: list[str]) -> str:
    """Paragraphs / lines of a table cell (Word paragraphs, or lines of a PDF cell that end a
    paragraph) → one string: "; " between them; a space when the next goes on in lower case or
    after "(", or the previous ends with "," ":" ";" or "-"; but "; " before a lower-case
    "các …" / "những …" (the next body of a list: "Bộ Tài chính" / "các bộ, ngành") unless the
    previous stopped on a word that needs more ("Sở Tài chính và" / "các đơn vị liên quan")."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        sep = "" if not out else " " if _goes_on(out, piece) else "; "
        out = f"{out}{sep}{piece}"
    return out


def _goes_on(before: str, piece: str) -> bool:
    if before.endswith((",", ":", ";", "-", "(")) or piece.startswith(("(", ")")):
        return True
    if _NEW_ITEM.match(piece) and not _OPEN_END.search(before):
        return False
    return piece[:1].islower()
