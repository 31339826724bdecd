"""Template filters for the Vietnamese conventions of DESIGN.md (numbers, money, dates, periods)."""
from django import template

from dxtrack.core import vn
from dxtrack.core.periods import Period

register = template.Library()


@register.filter
def vnnum(value, decimals=None):
    if value is None or value == "":
        return "—"
    return vn.format_number(value, decimals)


@register.filter
def money(value):
    return "—" if value is None else vn.format_money_vnd(int(value))


@register.filter
def vndate(value):
    return "" if not value else vn.format_date(value)


@register.filter
def shortdate(value):
    return "" if not value else vn.format_date_short(value)


@register.filter
def period_label(code):
    try:
        return Period.parse(str(code)).label_vi
    except ValueError:
        return code


@register.filter
def comparator_vi(code):
    return {">": "trên", ">=": "tối thiểu", "=": "bằng", "<": "dưới", "<=": "tối đa",
            "top": "thuộc nhóm", "increase": "tăng", "decrease": "giảm"}.get(code, code)
