"""The period picker of the forms: a year, then the year itself, a half, a quarter or a month.

Nobody types a period code: two selects ("Năm" 2026; "Quý IV") give the code the services
take ("2026Q4"). Without JavaScript, one request, readable on a phone. A GET form (filters)
uses ``PeriodField(required=False)`` and reads the code from ``cleaned_data``; a link that
still carries ``?period=2026Q4`` fills the two selects through ``initial_for``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dxtrack.core.numbers import roman
from dxtrack.core.period_text import parse_period_text
from dxtrack.core.periods import Period

__all__ = ["PeriodField", "PeriodPickerWidget", "part_choices", "split_code"]


def part_choices() -> list[tuple[Any, Any]]:
    """The second select: the whole year, its halves, quarters and months (grouped)."""
    return [
        ("Y", _("Cả năm")),
        (
            _("6 tháng"),
            [("S1", _("6 tháng đầu năm")), ("S2", _("6 tháng cuối năm"))],
        ),
        (_("Quý"), [(f"Q{n}", _("Quý %(n)s") % {"n": roman(n)}) for n in range(1, 5)]),
        (_("Tháng"), [(f"M{n:02d}", _("Tháng %(n)s") % {"n": n}) for n in range(1, 13)]),
    ]


def split_code(code: str | None) -> list[str | None]:
    """ "2026Q4" → ["2026", "Q4"]; "202607" → ["2026", "M07"]; a bad code → [None, None]."""
    try:
        period = Period.parse(code or "")
    except ValueError:
        return [None, None]
    part = {
        "year": "Y",
        "half": f"S{period.number}",
        "quarter": f"Q{period.number}",
        "month": f"M{period.number:02d}",
    }[period.kind]
    return [str(period.year), part]


def join_parts(year: str | None, part: str | None) -> str:
    """The code of the two selects' values: ("2026", "Q4") → "2026Q4"; "" when incomplete."""
    if not year or not part:
        return ""
    if part == "Y":
        return year
    if part.startswith("M"):
        return f"{year}{part[1:]}"
    return f"{year}{part}"


class PeriodPickerWidget(forms.MultiWidget):
    """Two selects: the year and the period within it."""

    def __init__(self, years: Sequence[int] = (), attrs=None, *, blank: bool = False):
        year_choices: list[tuple[str, Any]] = [(str(y), str(y)) for y in years]
        parts = part_choices()
        if blank:
            year_choices = [("", _("— năm —")), *year_choices]
            parts = [("", _("— kỳ —")), *parts]
        widgets = (
            forms.Select(attrs={"aria-label": _("Năm")}, choices=year_choices),
            forms.Select(attrs={"aria-label": _("Kỳ trong năm")}, choices=parts),
        )
        super().__init__(widgets, attrs={"class": "period-picker", **(attrs or {})})

    def decompress(self, value):
        return split_code(value)

    def value_from_datadict(self, data, files, name):
        # A client that still posts one ``period`` field (a code, or "Quý IV năm 2026"): its
        # value fills the two selects, so links, scripts and older pages keep working.
        if f"{name}_0" not in data and data.get(name):
            try:
                return split_code(parse_period_text(str(data.get(name))).code)
            except ValueError:
                return [str(data.get(name)), "?"]
        return super().value_from_datadict(data, files, name)


class PeriodField(forms.MultiValueField):
    """A period chosen in two selects; ``cleaned_data`` holds its code ("2026Q4" or "")."""

    def __init__(self, *, years: Sequence[int] | None = None, required: bool = True, **kwargs):
        if years is None:
            this_year = date.today().year
            years = range(this_year + 1, this_year - 6, -1)
        year_values = [str(y) for y in years]
        part_values = ["Y", "S1", "S2", *(f"Q{n}" for n in range(1, 5))]
        part_values += [f"M{n:02d}" for n in range(1, 13)]
        invalid = {"invalid_choice": _("Kỳ không hợp lệ: chọn năm và kỳ trong danh sách.")}
        fields = (
            forms.ChoiceField(
                choices=[(v, v) for v in year_values], required=False, error_messages=invalid
            ),
            forms.ChoiceField(
                choices=[(v, v) for v in part_values], required=False, error_messages=invalid
            ),
        )
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", _("Chọn năm và kỳ."))
        kwargs["error_messages"].setdefault("incomplete", _("Chọn cả năm và kỳ trong năm."))
        super().__init__(
            fields,
            required=required,
            require_all_fields=False,
            widget=PeriodPickerWidget(years, blank=not required),
            **kwargs,
        )

    def clean(self, value):
        # Both selects may fail with the same message; say it once.
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            messages = list(dict.fromkeys(error.messages))
            raise forms.ValidationError(messages) from None

    def compress(self, data_list) -> str:
        if not data_list:
            return ""
        year, part = (list(data_list) + [None, None])[:2]
        if bool(year) != bool(part):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        return join_parts(year, part)
