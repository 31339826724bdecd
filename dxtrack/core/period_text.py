"""Periods as people write them: "Quý IV năm 2026", "Quý 4/2026", "Q4/2026", "2026Q4".

Pure Python (no Django). The pages show periods with ``Period.label_vi`` and carry codes in
URLs and the API; a box where someone types or pastes a period (the rankings box, a link
copied from a report) accepts any of the forms below and gives back the ``Period``:

=====================================  ==========================================
written                                 period
=====================================  ==========================================
``2026``, ``Năm 2026``, ``Year 2026``   the year 2026
``2026S1``, ``6 tháng đầu năm 2026``,   the first half of 2026
``S1/2026``, ``First half of 2026``
``2026Q4``, ``Quý IV năm 2026``,        the fourth quarter of 2026
``Quý 4/2026``, ``Q4/2026``, ``Q4 2026``
``202607``, ``Tháng 7 năm 2026``,       July 2026
``Tháng 7/2026``, ``07/2026``,
``T7/2026``, ``July 2026``
=====================================  ==========================================

Case, accents ("Quy IV nam 2026"), commas and extra spaces do not matter.
"""

from __future__ import annotations

import re

from dxtrack.core.periods import MONTHS_EN, Period
from dxtrack.core.text import fold

__all__ = ["PERIOD_TEXT_EXAMPLES", "one_quarter_format", "parse_period_text"]

#: What the error message offers as examples.
PERIOD_TEXT_EXAMPLES = "Quý IV năm 2026, Quý 4/2026, 6 tháng đầu năm 2026, Tháng 7/2026, Năm 2026"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(?P<year>\d{4})"
# Between the part and the year: "năm", "/", "-", "of", a comma or only a space.
_JOIN = r"\s*(?:[,/-]\s*)?(?:(?:nam|of)\s+)?"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("year", rf"(?:nam|year)\s+{_YEAR}"),
        ("quarter", rf"(?:quy|quarter|q)\s*(?P<n>[1-4]|iv|iii|ii|i){_JOIN}{_YEAR}"),
        ("half", rf"6\s+thang\s+(?P<part>dau|cuoi){_JOIN}{_YEAR}"),
        ("half", rf"(?P<part>first|second)\s+half{_JOIN}{_YEAR}"),
        ("half", rf"(?:s|h)\s*(?P<n>[12]){_JOIN}{_YEAR}"),
        ("month", rf"(?:thang\s*|t)?(?P<n>\d{{1,2}}){_JOIN}{_YEAR}"),
        ("month", rf"(?P<name>[a-z]+){_JOIN}{_YEAR}"),
    )
)

_HALF_PARTS = {"dau": 1, "first": 1, "cuoi": 2, "second": 2}
_MONTHS = {name.lower(): i for i, name in enumerate(MONTHS_EN, start=1)}


def _number(kind: str, match: re.Match[str]) -> int | None:
    groups = match.groupdict()
    if kind == "year":
        return 1
    if groups.get("part"):
        return _HALF_PARTS[groups["part"]]
    if groups.get("name"):
        return _MONTHS.get(groups["name"])
    n = groups["n"]
    return _ROMAN[n] if n in _ROMAN else int(n)


def parse_period_text(text: str) -> Period:
    """The period ``text`` names, in a code or in words; ValueError (Vietnamese) otherwise."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("Chưa nhập kỳ.")
    try:
        return Period.parse(text)
    except ValueError:
        pass
    key = fold(text).replace(",", " ").strip(" .")
    key = re.sub(r"\s+", " ", key)
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(key)
        if match is None:
            continue
        number = _number(kind, match)
        if number is None:
            break
        try:
            return Period(kind, int(match["year"]), number)
        except ValueError:
            break
    raise ValueError(f"Không hiểu kỳ '{text.strip()[:40]}'. Viết theo mẫu: {PERIOD_TEXT_EXAMPLES}.")


# "Quý IV, năm 2024", "Quý 4/2024", "quý IV-2024", "Quý IV 2024" inside a longer text.
_QUARTER_IN_TEXT = re.compile(
    r"\b[Qq]u[ýy]\s+(?P<n>IV|III|II|I|[1-4])\s*(?:,\s*|/|-|\s)\s*(?:năm\s+)?(?P<year>\d{4})\b"
)


def one_quarter_format(text: str, *, english: bool = False) -> str:
    """``text`` with every quarter written the one way the pages write it ("Quý IV năm
    2024", or "Q4 2024" on the English pages): plans write "Quý IV, năm 2024", "Quý 4/2024"…,
    and the pages showed them side by side with the labels."""

    def label(match: re.Match[str]) -> str:
        n = match["n"]
        number = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(n) or int(n)
        period = Period("quarter", int(match["year"]), number)
        return period.label_en if english else period.label_vi

    return _QUARTER_IN_TEXT.sub(label, text)
