"""Reporting periods, their Nghị định 09/2019 cut-off windows and working-day arithmetic.

Pure Python (no Django). Periods use DHIS2-style codes, the same ones the API and the
database carry:

    ``2025``     year
    ``2025S1``   half-year (S1 = January–June, S2 = July–December)
    ``2025Q3``   quarter
    ``202507``   month

Working days follow the Vietnamese public-holiday calendar of the ``holidays`` package
(Tết included, plus the government's yearly swaps of a Saturday for a bridge day), with
Saturday and Sunday off as for state agencies.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import holidays

from dxtrack.core.numbers import roman

__all__ = [
    "KINDS",
    "MAX_YEAR",
    "MIN_YEAR",
    "Period",
    "PeriodKind",
    "add_working_days",
    "due_date",
    "for_date",
    "fractional_year",
    "is_working_day",
    "reporting_window",
]

PeriodKind = Literal["year", "half", "quarter", "month"]

#: Kinds from the longest to the shortest.
KINDS: tuple[str, ...] = ("year", "half", "quarter", "month")

# Plans of a province look back to the 2000s and forward to 2045 at most; a bounded range
# keeps typos such as "20255" from becoming a valid year 2025 month 5 or a year 20255.
MIN_YEAR = 1900
MAX_YEAR = 2999

# How many sub-periods of each kind a year holds, and how many months each lasts.
_PER_YEAR = {"year": 1, "half": 2, "quarter": 4, "month": 12}
_MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_CODE_FORMAT_VI = "định dạng phải là YYYY, YYYYS1, YYYYS2, YYYYQn hoặc YYYYMM"


def _bad(code: str, reason: str) -> ValueError:
    return ValueError(f"Mã kỳ '{code}' không hợp lệ: {reason}")


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    """One reporting period: ``kind`` plus ``year`` plus ``number`` within the year.

    ``number`` is 1 for a year, 1–2 for a half, 1–4 for a quarter, 1–12 for a month.
    Periods sort by start date, the longer first on the same start (so ``2025`` sorts
    before ``2025S1``, which sorts before ``2025Q1``, then ``202501``).
    """

    kind: str
    year: int
    number: int = 1

    def __post_init__(self) -> None:
        if self.kind not in _PER_YEAR:
            raise ValueError(
                f"Loại kỳ '{self.kind}' không hợp lệ: phải là một trong {', '.join(KINDS)}"
            )
        if not isinstance(self.year, int) or not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(
                f"Năm {self.year!r} không hợp lệ: năm phải từ {MIN_YEAR} đến {MAX_YEAR}"
            )
        last = _PER_YEAR[self.kind]
        if not isinstance(self.number, int) or not 1 <= self.number <= last:
            raise ValueError(
                f"Số thứ tự {self.number!r} không hợp lệ cho kỳ loại '{self.kind}': phải từ 1 đến {last}"
            )

    # -- construction --------------------------------------------------------------

    @classmethod
    def parse(cls, code: str) -> Period:
        """Parse a DHIS2-style code; raise ValueError (Vietnamese message) on a bad one.

        Surrounding spaces and a lower-case ``s``/``q`` are tolerated because codes are
        typed by people in forms and Excel sheets; ``.code`` always gives the canonical form.
        """
        if not isinstance(code, str):
            raise ValueError(f"Mã kỳ {code!r} không hợp lệ: phải là chuỗi ký tự")
        text = code.strip().upper()
        m = re.fullmatch(r"(\d{4})(?:([SQ])(\d+)|(\d{2}))?", text)
        if m is None:
            raise _bad(code, _CODE_FORMAT_VI)
        year = int(m.group(1))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise _bad(code, f"năm phải từ {MIN_YEAR} đến {MAX_YEAR}")
        letter, number, month = m.group(2), m.group(3), m.group(4)
        if letter == "S":
            if number not in ("1", "2"):
                raise _bad(code, "kỳ 6 tháng phải là S1 hoặc S2")
            return cls("half", year, int(number))
        if letter == "Q":
            if len(number) != 1 or not 1 <= int(number) <= 4:
                raise _bad(code, "quý phải từ 1 đến 4")
            return cls("quarter", year, int(number))
        if month is not None:
            if not 1 <= int(month) <= 12:
                raise _bad(code, "tháng phải từ 01 đến 12")
            return cls("month", year, int(month))
        return cls("year", year, 1)

    @classmethod
    def for_date(cls, kind: str, d: date) -> Period:
        """The period of ``kind`` that contains ``d``."""
        if kind not in _PER_YEAR:
            raise ValueError(f"Loại kỳ '{kind}' không hợp lệ: phải là một trong {', '.join(KINDS)}")
        return cls(kind, d.year, (d.month - 1) // _MONTHS[kind] + 1)

    # -- identity and display ------------------------------------------------------

    @property
    def code(self) -> str:
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "half":
            return f"{self.year}S{self.number}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        return f"{self.year}{self.number:02d}"

    def __str__(self) -> str:
        return self.code

    @property
    def label_vi(self) -> str:
        """ "Năm 2025", "6 tháng đầu năm 2025", "Quý IV năm 2025", "Tháng 7 năm 2025"."""
        if self.kind == "year":
            return f"Năm {self.year}"
        if self.kind == "half":
            part = "đầu" if self.number == 1 else "cuối"
            return f"6 tháng {part} năm {self.year}"
        if self.kind == "quarter":
            return f"Quý {roman(self.number)} năm {self.year}"
        return f"Tháng {self.number} năm {self.year}"

    @property
    def label_en(self) -> str:
        if self.kind == "year":
            return f"Year {self.year}"
        if self.kind == "half":
            part = "First" if self.number == 1 else "Second"
            return f"{part} half of {self.year}"
        if self.kind == "quarter":
            return f"Q{self.number} {self.year}"
        return f"{MONTHS_EN[self.number - 1]} {self.year}"

    # -- calendar ------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        return (self.number - 1) * _MONTHS[self.kind] + 1

    @property
    def last_month(self) -> int:
        return self.number * _MONTHS[self.kind]

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        month = self.last_month
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def next(self) -> Period:
        if self.number < _PER_YEAR[self.kind]:
            return Period(self.kind, self.year, self.number + 1)
        return Period(self.kind, self.year + 1, 1)

    def previous(self) -> Period:
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1, _PER_YEAR[self.kind])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        # Longer first on the same start: a year lists before the halves and quarters it holds.
        return (self.start, -self.end.toordinal()) < (other.start, -other.end.toordinal())


def for_date(kind: str, d: date) -> Period:
    """The period of ``kind`` ('year', 'half', 'quarter', 'month') that contains ``d``."""
    return Period.for_date(kind, d)


def fractional_year(d: date) -> float:
    """Time of a date in fractional years, e.g. 2025-07-01 → 2025.4986.

    A date stands for the moment its day *ends*: ``year + day_of_year / days_in_year``.
    We use a period's end date as the time of its value, so with this convention the end of
    a year is exactly the next whole number (31/12/2023 → 2024.0) and the span between two
    year-end values is exactly a whole number of years, as in Open SDG's yearly method; a
    quarter-end lands on the quarter boundary (30/09/2025 → 2025.7479).
    """
    days_in_year = 366 if calendar.isleap(d.year) else 365
    return d.year + d.timetuple().tm_yday / days_in_year


def reporting_window(period: Period) -> tuple[date, date]:
    """First and last day of data a periodic report covers (Nghị định 09/2019/NĐ-CP, Điều 12).

    The cut-off runs from the 15th of the month before the period's first month to the 14th
    of its last month: month 15/(m-1) → 14/m; quarter 15th of the month before the quarter →
    14th of its last month (Q1: 15/12 of the previous year → 14/3); half-year 15/12 → 14/6 and
    15/6 → 14/12; year 15/12 of the previous year → 14/12.
    """
    first_month = period.first_month
    if first_month == 1:
        first = date(period.year - 1, 12, 15)
    else:
        first = date(period.year, first_month - 1, 15)
    return first, date(period.year, period.last_month, 14)


@functools.lru_cache(maxsize=64)
def _vn_calendar(year: int) -> holidays.HolidayBase:
    # One calendar per year, never expanded afterwards: a shared object that grows lazily
    # would be mutated from several request threads at once.
    return holidays.country_holidays("VN", years=year, expand=False)


def is_working_day(d: date) -> bool:
    """True on a working day of a Vietnamese state agency.

    Saturday and Sunday are off, public holidays are off (Tết and the other days of the
    Labour Code, with the substitute days the ``holidays`` package knows), and a Saturday
    the government swapped into a working day (e.g. 26/4/2025) counts as working.
    """
    return bool(_vn_calendar(d.year).is_working_day(d))


def add_working_days(d: date, n: int) -> date:
    """The ``n``-th working day after ``d`` (``d`` itself not counted); before it if n < 0.

    ``n == 0`` gives ``d`` when it is a working day, otherwise the next working day, so a
    deadline never falls on a day off.
    """
    step = 1 if n >= 0 else -1
    current = d
    if n == 0:
        while not is_working_day(current):
            current += timedelta(days=1)
        return current
    remaining = abs(n)
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def due_date(period: Period, working_days_after_cutoff: int) -> date:
    """Due date of a report: that many working days after the cut-off (the 14th).

    Nghị định 09/2019 fixes the cut-off; each reporting regime fixes how long units have
    after it, counted in working days, so the round carries ``working_days_after_cutoff``.
    """
    if working_days_after_cutoff < 0:
        raise ValueError("Số ngày làm việc sau ngày chốt số liệu không được âm")
    return add_working_days(reporting_window(period)[1], working_days_after_cutoff)
