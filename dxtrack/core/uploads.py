"""Checks of an uploaded ZIP package (.xlsx, .docx) before any parser opens it. No Django.

A package is refused, with a Vietnamese reason, when its directory says it would expand too much:
too many entries, an entry or the whole larger than the limits, or a ratio of uncompressed to
compressed size that only a "zip bomb" has. The sizes in the directory can be trusted as upper
bounds: Python's ``zipfile`` never returns more than an entry's declared size (it stops there and
the CRC check fails), and every reader here (openpyxl included) reads through ``zipfile``.

With ``markup=True`` every entry is also read, in chunks, and refused when it declares a DTD
(``<!DOCTYPE``, ``<!ENTITY``: the "billion laughs" entity expansion and external entities) in
UTF-8, UTF-16 or an ASCII-compatible encoding, or when its XML declaration names any other
encoding (in which those markers would not be seen). Office files never carry a DTD.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

MIB = 1024 * 1024
_CHUNK = MIB
_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_LONGEST = max(len(m) for m in _MARKERS)
_DECLARATION = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "us-ascii", "ascii"}
_EOCD = b"PK\x05\x06"


class UploadRefused(ValueError):
    """An upload refused before it is parsed. ``reason``: a Vietnamese sentence for the person
    who uploaded (no server path); ``code``: "corrupt", "encrypted", "zip-bomb" or "markup"."""

    def __init__(self, reason: str, *, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int
    max_total_bytes: int  # the sum of the entries' uncompressed sizes
    max_entry_bytes: int  # one entry, uncompressed (a sheet, the shared strings, a part)
    max_ratio: float  # uncompressed / compressed, of each entry and of the whole
    ratio_from_bytes: int = MIB  # smaller expansions are harmless whatever their ratio
    markup: bool = False  # read every entry and refuse a DTD (see the module's text)


def _name(info: zipfile.ZipInfo) -> str:
    """An entry's name as the package gives it (never a server path), cut to a readable length."""
    return info.filename if len(info.filename) <= 80 else info.filename[:79] + "…"


def _mb(n: float) -> str:
    return f"{n / MIB:.1f}".replace(".", ",")


def _declared_entries(data: bytes) -> int | None:
    """The entry count of the end-of-directory record, read before ``zipfile`` builds one object
    per entry; None when absent or a ZIP64 placeholder (then the directory is counted)."""
    at = data.rfind(_EOCD, max(0, len(data) - 65557))
    if at < 0 or at + 12 > len(data):
        return None
    count = int.from_bytes(data[at + 10 : at + 12], "little")
    return None if count == 0xFFFF else count


def _check_markup(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    name = _name(info)
    with package.open(info) as part:
        chunk = part.read(_CHUNK)
        head = chunk.removeprefix(b"\xef\xbb\xbf").lstrip()
        declared = _DECLARATION.match(head[:512])
        if declared and declared.group(1).decode("ascii").lower() not in _ENCODINGS:
            raise UploadRefused(
                f"Thành phần “{name}” dùng bảng mã {declared.group(1).decode('ascii')}: "
                f"chỉ nhận UTF-8 hoặc UTF-16.",
                code="markup",
            )
        tail = b""
        while chunk:
            window = (tail + chunk).upper()
            if any(marker in window for marker in _MARKERS):
                raise UploadRefused(
                    f"Thành phần “{name}” khai báo DTD hoặc thực thể XML "
                    f"(<!DOCTYPE>, <!ENTITY>): không nhận.",
                    code="markup",
                )
            tail = window[-(_LONGEST - 1) :]
            chunk = part.read(_CHUNK)


def zip_check(data: bytes, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """The package's entries, once its directory (and with ``limits.markup`` its content) passed
    the limits; UploadRefused otherwise. Nothing is extracted to disk or kept in memory."""
    declared = _declared_entries(data)
    if declared is not None and declared > limits.max_entries:
        raise _too_many(declared, limits)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,  # a mangled header: "zip file version 12.9"
    ) as exc:
        raise UploadRefused(
            "Tệp bị hỏng: không đọc được cấu trúc tệp nén.", code="corrupt"
        ) from exc
    with package:
        if len(infos) > limits.max_entries:
            raise _too_many(len(infos), limits)
        total = packed = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise UploadRefused(
                    "Tệp được đặt mật khẩu: gỡ mật khẩu rồi tải lên lại.", code="encrypted"
                )
            if info.file_size > limits.max_entry_bytes:
                raise UploadRefused(
                    f"Thành phần “{_name(info)}” giải nén ra {_mb(info.file_size)} MB, tối đa "
                    f"{_mb(limits.max_entry_bytes)} MB: không nhận (nghi là tệp nén độc hại).",
                    code="zip-bomb",
                )
            _check_ratio(info.file_size, info.compress_size, limits)
            total += info.file_size
            packed += info.compress_size
        if total > limits.max_total_bytes:
            raise UploadRefused(
                f"Tệp giải nén ra {_mb(total)} MB, tối đa {_mb(limits.max_total_bytes)} MB: "
                f"không nhận (nghi là tệp nén độc hại).",
                code="zip-bomb",
            )
        _check_ratio(total, packed, limits)
        if limits.markup:
            try:
                for info in infos:
                    _check_markup(package, info)
            except (
                zipfile.BadZipFile,
                OSError,
                EOFError,
                NotImplementedError,
                RuntimeError,
                zlib.error,
            ) as exc:
                raise UploadRefused("Tệp bị hỏng: không giải nén được.", code="corrupt") from exc
    return infos


def _too_many(count: int, limits: ZipLimits) -> UploadRefused:
    return UploadRefused(
        f"Tệp nén có {count} thành phần, tối đa {limits.max_entries}: không nhận "
        f"(nghi là tệp nén độc hại).",
        code="zip-bomb",
    )


def _check_ratio(size: int, packed: int, limits: ZipLimits) -> None:
    if size > limits.ratio_from_bytes and size > limits.max_ratio * max(packed, 1):
        raise UploadRefused(
            f"Tệp nén có tỷ lệ giải nén bất thường ({size // max(packed, 1)}:1, tối đa "
            f"{limits.max_ratio:g}:1): nghi là tệp nén độc hại (zip bomb), không nhận.",
            code="zip-bomb",
        )
