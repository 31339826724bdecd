"""Template filters for the conventions of DESIGN.md (numbers, money, dates, periods).

Vietnamese by default; on the English pages (language "en", the switch) they follow English
conventions: "2,389.05", "5 January 2026", "Q4 2025". The pure modules (core.vn, core.periods)
hold both languages' data without Django; here the page's language picks. Evaluation's labels
(scorecard components) are evaluation's filters: `{% load evaluation_labels %}`.
"""

from django import template
from django.utils.translation import get_language

from dxtrack.core import comparators, vn
from dxtrack.core.numbers import english_separators
from dxtrack.core.periods import MONTHS_EN, Period

register = template.Library()


_MONEY_UNITS_EN = (("tỷ đồng", "billion VND"), ("triệu đồng", "million VND"), ("đồng", "VND"))


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def vnnum(value, decimals=None):
    if value is None or value == "":
        return "—"
    text = vn.format_number(value, decimals)
    return english_separators(text) if _english() else text


@register.filter
def money(value):
    if value is None:
        return "—"
    text = vn.format_money_vnd(int(value))
    if not _english():
        return text
    number, _, unit = text.partition(" ")
    return f"{english_separators(number)} {dict(_MONEY_UNITS_EN).get(unit, unit)}"


@register.filter
def vndate(value):
    if not value:
        return ""
    if _english():
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
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
    return comparators.words(code, "en" if _english() else "vi")
