"""Money and timeframes as plans write them (numbers themselves: dxtrack.core.numbers).

``parse_money("1,5 tỷ/năm (Ngân sách nhà nước)") == Money(1500000000, True, "Ngân sách nhà nước")``;
``parse_timeframe("Quý IV, năm 2024")`` gives end 2024, quarter 4.
"""

import re
from dataclasses import dataclass

from dxtrack.core.numbers import NUMBER, parse_number
from dxtrack.core.text import match_key, norm_dashes

from . import vocab


@dataclass(frozen=True)
class Money:
    vnd: int | None
    per_year: bool
    source: str | None


def _money_scales() -> list[tuple[str, int]]:
    scales = vocab.load("units")["money"]
    return sorted(((match_key(k), v) for k, v in scales.items()), key=lambda kv: -len(kv[0]))


_MONEY_RE = re.compile(
    rf"(?P<num>{NUMBER})\s*(?P<scale>nghìn|ngàn|triệu|tr\b|tỷ|tỉ)?\s*(?:đồng|VNĐ|VND|đ\b)?\s*(?P<per>/\s*năm)?",
    re.I,
)


def parse_money(text: str, default_scale: int = 1) -> Money:
    """Parse a budget cell such as "650 triệu", "1,5 tỷ/năm (Ngân sách nhà nước)", "2.389,05 tỷ đồng".

    ``default_scale`` applies to a bare number (a column headed "(triệu đồng)" gives 1_000_000).
    Returns Money(None, False, source) when there is no amount.
    """
    text = " ".join(str(text or "").split()).rstrip(" .;")
    source = None
    m_src = re.search(r"\(([^()]*)\)\s*$", text)
    if m_src and not re.fullmatch(r"\s*[\d.,\s]*\s*", m_src.group(1)):
        source = m_src.group(1).strip() or None
        text = text[: m_src.start()].strip()
    m = _MONEY_RE.search(text)
    if not m:
        return Money(None, False, source)
    try:
        value = parse_number(m.group("num"))
    except ValueError:
        return Money(None, False, source)
    scale = default_scale
    if m.group("scale"):
        key = match_key(m.group("scale"))
        scale = dict(_money_scales()).get(key, default_scale)
    per_year = bool(m.group("per")) or bool(
        re.search(r"/\s*năm|mỗi năm|hằng năm|hàng năm", text, re.I)
    )
    return Money(int(round(value * scale)), per_year, source)


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_QUARTER_RE = re.compile(r"qu[ýy]\s*(IV|III|II|I|[1-4])\b", re.I)
_YEAR = r"(?:19|20)\d{2}"


@dataclass(frozen=True)
class Timeframe:
    start_year: int | None
    end_year: int | None
    end_quarter: int | None
    recurrence: str | None


def _first_year(raw: str) -> int:
    m = re.search(rf"(?:năm|nam)\s+({_YEAR})", raw, re.I)
    return int(m.group(1)) if m else 0


def parse_timeframe(text: str) -> Timeframe:
    """ "Quý IV năm 2025" → end 2025 Q4; "2025 - 2030" → 2025..2030; "Từ năm 2025" → start 2025;
    "Năm 2025" → 2025..2025; "Hàng năm" → annual; "Thường xuyên" → continuous."""
    raw = norm_dashes(" ".join(str(text or "").split()))
    f = match_key(raw)
    recurrence = None
    # "… thường xuyên, liên tục, hiệu quả hàng năm": continuous work, whatever else it says
    if re.search(r"thuong xuyen|lien tuc", f):
        recurrence = "continuous"
    elif re.search(r"\b(hang|hang) nam\b|\bmoi nam\b|\bthuong nien\b|\bdinh ky hang nam\b", f):
        recurrence = "annual"
    years = [int(y) for y in re.findall(rf"(?<!\d){_YEAR}(?!\d)", raw)]
    start = end = quarter = None
    m_range = re.search(rf"({_YEAR})\s*(?:-|đến|tới|den|toi)\s*(?:năm\s*)?({_YEAR})", raw, re.I)
    mq = _QUARTER_RE.search(raw)
    m_month = re.search(
        rf"(?:tháng|thang)\s*(\d{{1,2}})\s*(?:/|năm|nam)\s*({_YEAR})", raw, re.I
    ) or re.search(rf"(?<!\d)(?:\d{{1,2}}/)?(\d{{1,2}})/({_YEAR})(?!\d)", raw)
    m_before = re.search(rf"(?:trước|truoc)\s+(?:năm|nam)\s+({_YEAR})", raw, re.I)
    m_list = re.search(rf"({_YEAR})(?:\s*(?:,|và|va)\s*(?:năm\s+)?({_YEAR}))+", raw, re.I)
    if m_range:
        start, end = int(m_range.group(1)), int(m_range.group(2))
    elif m_list and not mq:
        listed = [int(y) for y in re.findall(_YEAR, m_list.group(0))]
        start, end = listed[0], listed[-1]  # "Năm 2025, 2026", "năm 2025 và 2026"
    elif (
        re.search(rf"(?:^|\s)(?:từ|tu|bắt đầu từ|bat dau tu)\s+(?:năm|nam)?\s*{_YEAR}", raw, re.I)
        and len(years) == 1
        and not mq
    ):
        start = years[0]  # "Từ năm 2025", "Triển khai từ năm 2026 và thực hiện thường xuyên"
    elif (
        len(years) == 1
        and not mq
        and re.search(
            rf"{_YEAR}\s*(?:,|và|va)?\s*(?:các|cac|những|nhung)\s+(?:năm|nam)\s+(?:tiếp theo|tiep theo)"
            rf"|{_YEAR}\s*(?:trở đi|tro di|trở về sau|tro ve sau)",
            raw,
            re.I,
        )
    ):
        start = years[0]  # "Năm 2026 và các năm tiếp theo", "Từ 2026 trở đi": open-ended
    elif m_before and len(years) == 1 and not mq and not m_month:
        end = int(m_before.group(1)) - 1  # "Trước năm 2030": done by the end of 2029
    elif years:
        end = years[-1] if not re.search(r"(?:năm|nam)\s+\d{4}", raw, re.I) else _first_year(raw)
        # a whole year ("trong năm 2026", "Năm 2025") runs the year; a later open-ended phase
        # ("… và rà soát trong các năm tiếp theo") does not move it
        if (
            not mq
            and not m_month
            and (not recurrence or re.search(r"(?:năm|nam)\s+\d{4}", raw, re.I))
        ):
            start = end if re.search(r"(?:năm|nam)\s+\d{4}", raw, re.I) else years[0]
    if mq:
        q = mq.group(1).upper()
        quarter = ROMAN.get(q) or int(q)
        if end is None and years:
            end = years[-1]
    elif m_month and end is not None:
        month = int(m_month.group(1))
        if 1 <= month <= 12 and int(m_month.group(2)) == end:
            quarter = (month - 1) // 3 + 1
    return Timeframe(start, end, quarter, recurrence)
