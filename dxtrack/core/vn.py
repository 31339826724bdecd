"""Vietnamese conventions: numbers, money, dates, search keys, slugs, Roman numerals.

Pure Python (no Django). Numbers are written as in Vietnamese official documents: "." groups
thousands and "," separates decimals ("2.389,05"). Dates follow Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

__all__ = [
    "fold",
    "format_date",
    "format_date_short",
    "format_money_vnd",
    "format_number",
    "format_percent",
    "nfc",
    "roman",
    "slugify_vi",
]

# When the caller does not fix the decimals, show the number as written, but cut the noise
# of binary floats (0.1 + 0.2) at six places: no indicator in the plans needs more.
_MAX_AUTO_DECIMALS = 6


def _to_decimal(x: float | int | Decimal) -> Decimal:
    if isinstance(x, bool):
        raise ValueError(f"Giá trị {x!r} không phải là số")
    if isinstance(x, Decimal):
        value = x
    elif isinstance(x, int):
        value = Decimal(x)
    elif isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"Giá trị {x!r} không phải là số hữu hạn")
        # repr() is the shortest string that round-trips, so 2389.05 stays 2389.05.
        value = Decimal(repr(x))
    else:
        raise ValueError(f"Giá trị {x!r} không phải là số")
    if not value.is_finite():
        raise ValueError(f"Giá trị {x!r} không phải là số hữu hạn")
    return value


def format_number(x: float | int | Decimal, decimals: int | None = None) -> str:
    """ "2.389,05", "1.800", "-0,5".

    ``decimals`` fixes the number of decimal places (rounded half up, as people round);
    ``None`` shows as many as the value has (at most six), without trailing zeros.
    """
    value = _to_decimal(x)
    if decimals is not None and decimals < 0:
        raise ValueError("Số chữ số thập phân không được âm")
    places = _MAX_AUTO_DECIMALS if decimals is None else decimals
    # Enough precision for every digit of a huge number plus the decimals asked for, so that
    # quantize never fails (the default context holds only 28 digits).
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + places + 2)
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(value, "f")
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    negative = text.startswith("-")
    text = text.lstrip("-")
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups)
    if fraction:
        result += "," + fraction
    # "-0" after rounding a tiny negative number is just 0.
    if negative and result.strip("0.,") != "":
        result = "-" + result
    return result


_MONEY_UNITS = ((10**9, "tỷ đồng"), (10**6, "triệu đồng"), (1, "đồng"))


def format_money_vnd(dong: int, *, decimals: int = 2) -> str:
    """Money in đồng, in the unit the plans use: "2.389,05 tỷ đồng", "650 triệu đồng", "1.500 đồng".

    tỷ from 10⁹, triệu from 10⁶, otherwise đồng. Up to ``decimals`` places in tỷ/triệu,
    trailing zeros dropped; rounding that reaches 1.000 of a unit moves up to the next unit
    (999.999.999 đồng → "1 tỷ đồng", not "1.000 triệu đồng").
    """
    if isinstance(dong, bool) or not isinstance(dong, int):
        raise ValueError(f"Số tiền {dong!r} phải là số nguyên đồng")
    amount = Decimal(dong)
    magnitude = abs(amount)
    for i, (size, unit) in enumerate(_MONEY_UNITS):
        if magnitude >= size or size == 1:
            scaled = (magnitude / size).quantize(
                Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
            )
            if i > 0 and size > 1 and scaled >= 1000:
                size, unit = _MONEY_UNITS[i - 1]
                scaled = (magnitude / size).quantize(
                    Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
                )
            text = format_number(scaled if size > 1 else magnitude)
            sign = "-" if dong < 0 else ""
            return f"{sign}{text} {unit}"
    raise AssertionError("unreachable")


def format_percent(value: float | int | Decimal, decimals: int | None = None) -> str:
    """A value already in percent points: 31.4 → "31,4%", 100 → "100%".

    ``None`` shows up to two decimals without trailing zeros.
    """
    if decimals is None:
        number = _to_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{format_number(number)}%"
    return f"{format_number(value, decimals)}%"


def format_date(d: date) -> str:
    """ "ngày 05 tháng 01 năm 2026", as Nghị định 30/2020 writes the place-and-date line.

    Nghị định 30/2020 (Phụ lục I) puts a 0 before days below 10 and before months 1 and 2
    only: "ngày 05 tháng 01 năm 2026", "ngày 15 tháng 3 năm 2026", "ngày 09 tháng 12 năm 2025".
    """
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def format_date_short(d: date) -> str:
    """ "05/01/2026"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def nfc(text: str) -> str:
    """Unicode NFC: the form text is stored in (a Word file may hold decomposed accents)."""
    return unicodedata.normalize("NFC", text)


_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """A search key: case, accents (đ → d) and tone placement folded, spaces collapsed.

    "Sở Khoa học và Công nghệ" → "so khoa hoc va cong nghe"; "hoà" and "hòa", "uỷ" and "ủy"
    give the same key because all marks go, wherever they sit. Two different names can share
    a key (Văn Lang, Văn Lăng): keep the accented form for identity, use this only to find.
    """
    text = unicodedata.normalize("NFC", text).casefold()
    # đ has no decomposition in Unicode, so it must be mapped by hand.
    text = text.replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


def slugify_vi(text: str) -> str:
    """ "Sở Khoa học và Công nghệ" → "so-khoa-hoc-va-cong-nghe" (stable unit codes, URLs)."""
    key = fold(text)
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-")


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """Roman numeral for "Quý IV", "Phụ lục I", section "II.1.6"; 1 to 3999."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 3999:
        raise ValueError(f"Không viết được số La Mã cho {n!r}: phải là số nguyên từ 1 đến 3999")
    parts = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        parts.append(letters * count)
    return "".join(parts)
