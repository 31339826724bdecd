"""Template filters for the conventions of DESIGN.md (numbers, money, dates, periods).

Vietnamese by default; on the English pages (language "en", the switch) they follow English
conventions: "2,389.05", "5 January 2026", "Q4 2025". The pure modules (core.vn, core.periods)
hold both languages' data without Django; here the page's language picks. Evaluation's labels
(scorecard components) are evaluation's filters: `{% load evaluation_labels %}`.
"""

from django import template
from django.utils.translation import get_language

from dxtrack.core import vn
from dxtrack.core.periods import Period

register = template.Library()

_MONTHS_EN = (
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

_COMPARATORS_VI: dict[str, str] = {
    ">": "trên",
    ">=": "tối thiểu",
    "=": "bằng",
    "<": "dưới",
    "<=": "tối đa",
    "top": "thuộc nhóm",
    "increase": "tăng",
    "decrease": "giảm",
}
_COMPARATORS_EN = {
    ">": "above",
    ">=": "at least",
    "=": "equal to",
    "<": "below",
    "<=": "at most",
    "top": "among the top",
    "increase": "increase",
    "decrease": "decrease",
}

_MONEY_UNITS_EN = (("tỷ đồng", "billion VND"), ("triệu đồng", "million VND"), ("đồng", "VND"))


_ENGLISH_SEPARATORS = str.maketrans(".,", ",.")


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _english_digits(text: str) -> str:
    """ "2.389,05" → "2,389.05": the Vietnamese separators swapped."""
    return text.translate(_ENGLISH_SEPARATORS)


@register.filter
def vnnum(value, decimals=None):
    if value is None or value == "":
        return "—"
    text = vn.format_number(value, decimals)
    return _english_digits(text) if _english() else text


@register.filter
def money(value):
    if value is None:
        return "—"
    text = vn.format_money_vnd(int(value))
    if not _english():
        return text
    number, _, unit = text.partition(" ")
    return f"{_english_digits(number)} {dict(_MONEY_UNITS_EN).get(unit, unit)}"


@register.filter
def vndate(value):
    if not value:
        return ""
    if _english():
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
    return vn.format_date(value)


@register.filter
def shortdate(value):
    # dd/mm/yyyy reads the same in British English.
    return "" if not value else vn.format_date_short(value)


@register.filter
def period_label(code):
    try:
        period = Period.parse(str(code))
    except ValueError:
        return code
    return period.label_en if _english() else period.label_vi


@register.filter
def comparator_vi(code):
    """The comparator of a target in words, in the page's language (the name is historical)."""
    return (_COMPARATORS_EN if _english() else _COMPARATORS_VI).get(code, code)
