"""Vietnamese numbers: reading and writing them, money, percent, Roman numerals.

Pure Python (no Django). Numbers are written as in Vietnamese official documents: "." groups
thousands and "," separates decimals ("2.389,05"); the English pages swap the two ("2,389.05").

Two readers, because two kinds of text reach us:

- ``parse_number`` reads a number *as a document writes it* (the importer): only the Vietnamese
  form, so that "1.800" is 1800 and "2.389,05" is 2389.05; an integer stays an ``int``;
- ``parse_typed_number`` reads a number *typed by a person* in a form or a workbook: the
  Vietnamese form first, the English one too ("12.5", "1,234.5"), spaces as thousands
  separators, a sign; always a ``float``.

One writer, ``format_number``, and ``group_digits`` under it for callers that round their own way.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

__all__ = [
    "NUMBER",
    "NUMBER_RE",
    "Lang",
    "english_separators",
    "format_money_vnd",
    "format_number",
    "format_percent",
    "group_digits",
    "number_text",
    "parse_number",
    "parse_typed_number",
    "roman",
]

Lang = Literal["vi", "en"]

# ---------------------------------------------------------------------------------- reading

#: A Vietnamese number: thousands with '.', decimals with ','. "1.800" is 1800, "2.389,05" is 2389.05.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
#: ``NUMBER`` in running text: not part of a longer number.
NUMBER_RE = re.compile(rf"(?<![\d.,])(?:{NUMBER})(?![\d]|[.,]\d)")


def parse_number(text: str) -> int | float:
    """Parse one number written the Vietnamese way; raises ValueError when it is not one.

    ``parse_number("2.389,05") == 2389.05``, ``parse_number("01") == 1``,
    ``parse_number("0,8") == 0.8``. An English decimal point is tolerated where it cannot be a
    thousands separator ("0.79", "12.5", not "1.800").
    """
    s = text.strip().replace(" ", "")
    if not re.fullmatch(NUMBER, s):
        if re.fullmatch(r"\d+\.\d{1,2}|\d+\.\d{4,}", s):
            value = float(s)
            return int(value) if value.is_integer() else value
        raise ValueError(f"not a number: {text!r}")
    s = s.replace(".", "").replace(",", ".")
    value = float(s)
    return int(value) if value.is_integer() and "." not in s else value


_THOUSANDS_WITH_DOTS = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+")
_THOUSANDS_WITH_COMMAS = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3}){2,}")


def parse_typed_number(raw: object) -> float:
    """A number typed by a person, Vietnamese first: "12,5", "1.234,5", "1.800", "1 234";
    also "12.5", "0.79", "1,234.5" as English keyboards type them. ValueError otherwise.

    With both separators the last one is the decimal mark. A lone comma is the Vietnamese decimal
    comma. A lone dot is a decimal point, except where Vietnamese writes thousands: groups of
    exactly three digits after a non-zero lead ("1.800", "12.345.678").
    """
    if isinstance(raw, bool):
        raise ValueError("not a number")
    value = float(raw) if isinstance(raw, (int, float)) else float(_normalise_number_text(str(raw)))
    if math.isnan(value) or math.isinf(value):
        raise ValueError("not finite")
    return value


def _normalise_number_text(text: str) -> str:
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise ValueError("empty")
    if "," in text and "." in text:
        decimal, group = (",", ".") if text.rfind(",") > text.rfind(".") else (".", ",")
        return text.replace(group, "").replace(decimal, ".")
    if "," in text:
        if _THOUSANDS_WITH_COMMAS.fullmatch(text):
            return text.replace(",", "")
        if text.count(",") > 1:
            raise ValueError("ambiguous")
        return text.replace(",", ".")
    if _THOUSANDS_WITH_DOTS.fullmatch(text):
        return text.replace(".", "")
    return text


# ---------------------------------------------------------------------------------- writing

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


def group_digits(text: str) -> str:
    """A number written the English way without grouping ("-1234.5") in the Vietnamese way
    ("-1.234,5"): "." between groups of three digits, "," before the decimals; the sign kept."""
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups)
    if fraction:
        result += "," + fraction
    return sign + result


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
    result = group_digits(text.lstrip("-"))
    # "-0" after rounding a tiny negative number is just 0.
    if negative and result.strip("0.,") != "":
        result = "-" + result
    return result


_ENGLISH_SEPARATORS = str.maketrans({".": ",", ",": "."})


def english_separators(text: str) -> str:
    """ "2.389,05" → "2,389.05": the Vietnamese separators swapped, for the English pages."""
    return text.translate(_ENGLISH_SEPARATORS)


def number_text(x: float, lang: Lang, decimals: int | None = None) -> str:
    """A number as the pages of ``lang`` write it: "2.389,05" (vi) or "2,389.05" (en)."""
    text = format_number(x, decimals)
    return english_separators(text) if lang == "en" else text


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


def roman(n: int, *, bounded: bool = True) -> str:
    """Roman numeral for "Quý IV", "Phụ lục I", section "II.1.6"; 1 to 3999.

    ``bounded=False`` writes what a Word list numbering would go on to write past 3999 (one
    more "M" per thousand) instead of refusing.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1 or (bounded and n > 3999):
        raise ValueError(f"Không viết được số La Mã cho {n!r}: phải là số nguyên từ 1 đến 3999")
    parts = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        parts.append(letters * count)
    return "".join(parts)
