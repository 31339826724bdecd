"""Template filters for the conventions of DESIGN.md (numbers, money, dates, periods).

Vietnamese by default; on the English pages (language "en", the switch) they follow English
conventions: "2,389.05", "5 January 2026", "Q4 2025". The pure modules (core.vn, core.periods)
hold both languages' data without Django; here the page's language picks. Evaluation's labels
(scorecard components) are evaluation's filters: `{% load evaluation_labels %}`.
"""

import re

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, pgettext, pgettext_lazy

from dxtrack.core import comparators, vn
from dxtrack.core.numbers import english_separators
from dxtrack.core.period_text import one_quarter_format
from dxtrack.core.periods import MONTHS_EN, Period
from dxtrack.core.text import UNIT_CODE_WORDS, fold, shorten_text, unit_words

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


# The words of core.text.UNIT_CODE_WORDS, for the catalogue (the filter translates them).
_UNIT_WORDS_MARKED = (pgettext_lazy("đơn vị tính", "hạng"), pgettext_lazy("đơn vị tính", "tủ rack"))


@register.filter
def unit_label(value) -> str:
    """A unit of measure as a reader writes it: "rank" → "hạng"; other units as written."""
    text = str(value or "")
    if text not in UNIT_CODE_WORDS:
        return text
    word = unit_words(text)
    return pgettext("đơn vị tính", word) if word else ""


@register.filter
def indicator_label(indicator) -> str:
    """An indicator's name with its unit as a reader writes it: "Chính quyền số (hạng)", the
    name alone when the unit is a code with no words ("index", "count")."""
    if indicator is None:
        return ""
    name = str(getattr(indicator, "name", indicator) or "")
    unit = unit_label(getattr(indicator, "unit", ""))
    return f"{name} ({unit})" if unit else name


@register.filter
def goal(target) -> str:
    """A target's threshold in words, in the page's language: "tối thiểu 80 %"; a rank among
    the first N reads "thuộc nhóm 3 dẫn đầu" / "among the top 3", never "thuộc nhóm 3 hạng"."""
    comparator = comparators.normalize(str(getattr(target, "comparator", "") or "")) or ""
    value = vnnum(getattr(target, "value", None))
    if comparator == "top":
        return pgettext("mục tiêu xếp hạng", "thuộc nhóm %(n)s dẫn đầu") % {"n": value}
    unit = unit_label(getattr(target, "unit", ""))
    return " ".join(part for part in (comparator_vi(comparator), value, unit) if part)


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
def quarters_vi(text):
    """A plan's own time text with its quarters written as the pages write them ("Q4 2024" on
    the English pages)."""
    if not text:
        return text
    return one_quarter_format(str(text), english=_english())


@register.filter
def comparator_vi(code):
    """The comparator of a target in words, in the page's language (the name is historical)."""
    return comparators.words(code, "en" if _english() else "vi")


# -- readable text: names cut at a word, no file names, no repetition ---------------------------

_FILE_NAME = re.compile(r"^[\w./-]+\.(?:json|csv|xlsx?|docx?|pdf|txt|md|ya?ml)$", re.I)


@register.filter(name="shorten_text")
def shorten_text_filter(value, limit=80):
    """Plain text (for attributes and titles): ``{{ name|shorten_text:60 }}``."""
    return shorten_text(value, limit)


@register.filter
def shorten(value, limit=80):
    """A name cut at a word boundary, the full name on hover: ``{{ task|shorten:90 }}``."""
    full = " ".join(str(value if value is not None else "").split())
    short = shorten_text(full, limit)
    if short == full:
        return full
    return format_html('<span title="{}">{}</span>', full, short)


@register.filter
def hide_file_name(value):
    """ "" when ``value`` is only a file name ("000.json"): the source then is the note."""
    text = str(value or "").strip()
    return "" if _FILE_NAME.match(text) else text


def mentions(text, name) -> bool:
    """Whether ``text`` already names ``name`` (case and accents folded)."""
    if not text or not name:
        return False
    return fold(str(name)) in fold(str(text))


@register.filter
def account_label(user, unit) -> str:
    """The header's "who": the user's name, then the unit unless the name already says it
    ("Cán bộ báo cáo Sở Y tế", never "Cán bộ báo cáo Sở Y tế · Sở Y tế")."""
    name = user.get_full_name() or user.get_username()
    if unit is None or mentions(name, unit.name) or mentions(name, unit.short_name):
        return name
    return f"{name} · {unit.short_name or unit.name}"
