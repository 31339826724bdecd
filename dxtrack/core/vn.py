"""Vietnamese conventions: numbers, money, dates, search keys, slugs, Roman numerals.

Pure Python (no Django). Numbers are written as in Vietnamese official documents: "." groups
thousands and "," separates decimals ("2.389,05"). Dates follow Nghị định 30/2020/NĐ-CP.

Dates live here; text (``fold``, ``nfc``, ``slugify_vi``) in dxtrack.core.text and numbers
(``format_number``, money, percent, ``roman``) in dxtrack.core.numbers, which this module
re-exports so that ``from dxtrack.core.vn import fold`` keeps working.
"""

from __future__ import annotations

from datetime import date

from dxtrack.core.numbers import format_money_vnd, format_number, format_percent, roman
from dxtrack.core.text import fold, nfc, slugify_vi

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
