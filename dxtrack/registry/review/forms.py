"""Forms of the review workspace. The checks are those `dxtrack load` applies to an extraction
(registry/extraction.py: comparator known, value a number, years 1900–2100, quarter 1–4, end year
not before start year, budget a whole number of đồng not below zero, a document number or title);
each message names the field in words, in Vietnamese."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dxtrack.core.numbers import format_number, parse_typed_number
from dxtrack.core.periods import Period
from dxtrack.core.templatetags.vn import unit_label
from dxtrack.registry.models import COMPARATORS, Indicator, Program
from dxtrack.registry.review import selectors

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YEAR_MIN, YEAR_MAX = 1900, 2100


def _year_field(label: StrOrPromise, *, required: bool = False) -> forms.IntegerField:
    # Labels and messages stay lazy: a form class is built once, at import, in whatever
    # language is active then; each page translates them in its reader's language.
    years = _("{label}: năm phải từ {low} đến {high}.")
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={
            "invalid": format_lazy(
                _("{label}: hãy nhập năm bằng 4 chữ số (ví dụ 2030)."), label=label
            ),
            "min_value": format_lazy(years, label=label, low=YEAR_MIN, high=YEAR_MAX),
            "max_value": format_lazy(years, label=label, low=YEAR_MIN, high=YEAR_MAX),
            "required": format_lazy(_("{label}: hãy nhập năm."), label=label),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _text(
    label: StrOrPromise, *, required: bool = False, size: int = 300, area: bool = False
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=size,
        error_messages={
            "required": format_lazy(_("{label}: không được để trống."), label=label),
            "max_length": format_lazy(_("{label}: dài quá {size} ký tự."), label=label, size=size),
        },
        widget=forms.Textarea(attrs={"rows": 3}) if area else forms.TextInput,
    )


QUARTERS = [("", "—"), ("1", "Quý I"), ("2", "Quý II"), ("3", "Quý III"), ("4", "Quý IV")]


def _quarter_field(label: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=QUARTERS,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={
            "invalid_choice": format_lazy(_("{label}: quý phải từ 1 đến 4."), label=label)
        },
    )


class MetadataForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["number", "kind", "title", "issuer", "issued_on", "place", "horizon_year"]
        labels = {
            "number": _("Số hiệu văn bản"),
            "kind": _("Loại văn bản"),
            "title": _("Tên (trích yếu) văn bản"),
            "issuer": _("Cơ quan ban hành"),
            "issued_on": _("Ngày ban hành"),
            "place": _("Nơi ban hành"),
            "horizon_year": _("Tầm nhìn đến năm"),
        }
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "issued_on": {"invalid": "Ngày ban hành: ngày không hợp lệ (ví dụ 15/11/2025)."},
            "number": {"max_length": "Số hiệu văn bản: dài quá 80 ký tự."},
            "kind": {"max_length": "Loại văn bản: dài quá 40 ký tự."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["horizon_year"] = _year_field(_("Tầm nhìn đến năm"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("number") or "").strip() and not (data.get("title") or "").strip():
            raise forms.ValidationError("Văn bản cần có số hiệu hoặc tên (trích yếu).")
        return data


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        words = unit_label(obj.unit)  # "hạng", not the stored code "rank"; none for "index"
        unit = f" ({words})" if words else ""
        mark = " — danh mục dùng chung" if obj.code else ""
        return f"{obj.name[:140]}{unit}{mark}"


def typed_number_text(value: object) -> str:
    """A stored number as a person types it back: 100 not "100.0", 12,5 not "12.5" (the
    Vietnamese decimal comma, as the help text shows); parse_typed_number reads it again.
    In English the decimal point, without thousands separators (so "1.5", never "1,500")."""
    text = format_number(value)  # type: ignore[arg-type]
    if get_language() == "en":
        return text.replace(".", "").replace(",", ".")
    return text


class TypedNumberField(forms.CharField):
    """A number typed as text ("12,5", "1.800"), shown as a person writes it."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return typed_number_text(value)
        return super().prepare_value(value)


def _value_field() -> forms.CharField:
    return TypedNumberField(
        label=_("Giá trị"),
        max_length=40,
        error_messages={"required": "Giá trị: hãy nhập một số (ví dụ 80 hoặc 12,5)."},
    )


class IndicatorFieldsForm(forms.Form):
    """A record measured by an indicator (a target, a reported result): its value, and the
    indicator chosen from the catalogue, renamed, or created with a readable name."""

    value = _value_field()
    indicator = IndicatorChoiceField(
        label=_("Chỉ số"),
        queryset=Indicator.objects.none(),
        required=False,
        help_text=_("Chọn chỉ số của danh mục dùng chung, hoặc đặt tên để tạo chỉ số mới."),
    )
    indicator_name = _text(_("Tên chỉ số"), size=500)
    new_indicator = forms.BooleanField(
        label=_("Tạo chỉ số mới với tên này (không dùng chỉ số đã chọn)"), required=False
    )

    require_indicator = False

    def __init__(self, *args: Any, program: Program | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        current = self.initial.get("indicator")
        field.queryset = selectors.indicator_choices(
            program=program, keep=current if isinstance(current, Indicator) else None
        )

    def clean_value(self) -> float:
        raw = self.cleaned_data["value"]
        try:
            return parse_typed_number(str(raw))
        except ValueError:
            raise forms.ValidationError(
                f"Giá trị: “{raw}” không phải là số (ví dụ 80 hoặc 12,5)."
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_indicator") and not (data.get("indicator_name") or "").strip():
            self.add_error("indicator_name", "Tên chỉ số: hãy nhập tên cho chỉ số mới.")
        if (
            not data.get("new_indicator")
            and data.get("indicator") is None
            and self.require_indicator
        ):
            self.add_error("indicator", "Chỉ số: hãy chọn một chỉ số hoặc tạo chỉ số mới.")
        return data


INDICATOR_FIELDS = ["indicator", "indicator_name", "new_indicator"]


class TargetForm(IndicatorFieldsForm):
    """One threshold: comparator, value, unit, year, quarter, scope, and its indicator."""

    subject = _text(_("Nội dung chỉ tiêu (cái được đo, như văn bản viết)"), size=500)
    comparator = forms.ChoiceField(
        label=_("Phép so sánh"),
        choices=COMPARATORS,
        error_messages={"invalid_choice": "Phép so sánh: hãy chọn một phép trong danh sách."},
    )
    unit = _text(_("Đơn vị tính"), size=60)
    year = _year_field(_("Năm đạt"))
    quarter = _quarter_field(_("Quý"))
    scope = _text(_("Phạm vi (cấp tỉnh, xã…)"), size=200)

    field_order = [
        "subject",
        "comparator",
        "value",
        "unit",
        "year",
        "quarter",
        "scope",
        *INDICATOR_FIELDS,
    ]


class TargetAddForm(TargetForm):
    """A missing target: its goal statement (the span's text) and the threshold."""

    text = _text(_("Câu mục tiêu (như văn bản viết)"), required=True, size=4000, area=True)
    section = _text(_("Mục trong văn bản"), size=300)
    require_indicator = True

    field_order = ["text", "section", *TargetForm.field_order]


def _names(raw: str) -> list[str]:
    """One agency a line (or separated by ";"), as the plan writes it."""
    return [" ".join(n.split()) for n in re.split(r"[\n;]", raw or "") if n.strip()]


class TaskForm(forms.Form):
    code = _text(_("Mã, số thứ tự"), size=20)
    group = _text(_("Nhóm nhiệm vụ"), size=500)
    name = _text(_("Tên nhiệm vụ"), required=True, size=4000, area=True)
    leads = forms.CharField(
        label=_("Cơ quan chủ trì (mỗi dòng một cơ quan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    coordinators = forms.CharField(
        label=_("Cơ quan phối hợp (mỗi dòng một cơ quan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    timeframe = _text(_("Thời gian thực hiện (như văn bản viết)"), size=200)
    start_year = _year_field(_("Năm bắt đầu"))
    end_year = _year_field(_("Năm hoàn thành"))
    end_quarter = _quarter_field(_("Quý hoàn thành"))
    budget = TypedNumberField(
        label=_("Kinh phí (đồng; có thể viết 1,5 tỷ hoặc 300 triệu)"),
        required=False,
        max_length=40,
    )
    budget_source = _text(_("Nguồn kinh phí"), size=200)
    product = _text(_("Sản phẩm"), size=2000, area=True)

    def clean_budget(self) -> int | None:
        raw = (self.cleaned_data.get("budget") or "").strip()
        if not raw:
            return None
        scale = 1
        words = {"tỷ": 1_000_000_000, "ty": 1_000_000_000, "triệu": 1_000_000, "trieu": 1_000_000}
        text = re.sub(r"\s*(đồng|đ|vnđ|vnd)\.?$", "", raw, flags=re.I)
        for word, factor in words.items():
            if text.lower().endswith(word):
                text, scale = text[: -len(word)].strip(), factor
                break
        try:
            amount = parse_typed_number(text) * scale
        except ValueError:
            raise forms.ValidationError(
                f"Kinh phí: “{raw}” không phải là số tiền (ví dụ 1.500.000.000 hoặc 1,5 tỷ)."
            ) from None
        if amount < 0:
            raise forms.ValidationError("Kinh phí: số tiền không được âm.")
        if amount != int(amount):
            raise forms.ValidationError("Kinh phí: phải là một số nguyên đồng.")
        return int(amount)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error(
                "end_year", f"Năm hoàn thành ({end}) không được trước năm bắt đầu ({start})."
            )
        data["budget_vnd"] = data.get("budget")
        data["lead_names"] = _names(data.get("leads") or "")
        data["coordinator_names"] = _names(data.get("coordinators") or "")
        both = set(data["lead_names"]) & set(data["coordinator_names"])
        if both:
            self.add_error(
                "coordinators",
                "Cơ quan phối hợp: "
                + ", ".join(sorted(both))
                + " đã là cơ quan chủ trì; mỗi cơ quan một vai trò.",
            )
        return data


class AgencyMapForm(forms.Form):
    written_name = forms.CharField(max_length=300, widget=forms.HiddenInput)
    unit = forms.IntegerField(
        label=_("Đơn vị"),
        error_messages={"required": "Đơn vị: hãy chọn một đơn vị trong kết quả tìm kiếm."},
    )
    save_alias = forms.BooleanField(
        label=_("Lưu tên này làm tên gọi khác của đơn vị (lần nhập sau tự nhận ra)"),
        required=False,
        initial=True,
    )


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Tôi đã rà soát bản nháp và đồng ý công bố chương trình."),
        error_messages={"required": "Xác nhận: hãy đánh dấu ô đồng ý công bố."},
    )
    acknowledge_budget = forms.BooleanField(
        label=_("Đã đối chiếu kinh phí (tổng văn bản nêu khác tổng các nhiệm vụ)"),
        required=False,
    )


class AmendmentForm(forms.Form):
    """The amending document of a published program, with its number and date when the file
    does not say them."""

    document = forms.FileField(
        label=_("Văn bản điều chỉnh, bổ sung (.docx, .pdf có lớp chữ, .txt hoặc .md)"),
        required=False,
        help_text=_(
            "Không có tệp: bản điều chỉnh là bản sao của chương trình để sửa trực tiếp (khi đó "
            "cần số hiệu văn bản điều chỉnh)."
        ),
    )
    document_number = _text(_("Số hiệu văn bản điều chỉnh (để trống: lấy theo văn bản)"), size=80)
    document_date = forms.DateField(
        label=_("Ngày ban hành văn bản điều chỉnh"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày ban hành: ngày không hợp lệ (ví dụ 15/11/2026).")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("document") and not (data.get("document_number") or "").strip():
            self.add_error(
                "document",
                _(
                    "Văn bản điều chỉnh: hãy tải lên tệp văn bản, hoặc ghi số hiệu văn bản điều "
                    "chỉnh để sửa trực tiếp trên bản sao của chương trình."
                ),
            )
        return data


class ObservationForm(IndicatorFieldsForm):
    """A result the plan reports: its indicator, place, period, value and unit of measure,
    checked with the rules of `dxtrack load` (a number, a year 1900–2100, a place the unit
    catalogue knows)."""

    place = _text(_("Nơi (đơn vị; để trống: toàn tỉnh)"), size=300)
    period = forms.CharField(
        label=_("Kỳ (năm như 2024; hoặc 2024S1, 2024Q3, 202407)"),
        max_length=40,
        error_messages={"required": _("Kỳ: hãy nhập năm của số liệu (ví dụ 2024).")},
    )
    measure = _text(_("Đơn vị tính"), size=60)

    field_order = [*INDICATOR_FIELDS, "place", "period", "value", "measure"]

    def clean_period(self) -> str:
        raw = self.cleaned_data["period"]
        try:
            period = Period.parse(raw)
        except ValueError:
            raise forms.ValidationError(
                _(
                    "Kỳ: “%(raw)s” không phải là kỳ báo cáo (năm như 2024; hoặc 2024S1, "
                    "2024Q3, 202407)."
                )
                % {"raw": raw}
            ) from None
        if not YEAR_MIN <= period.year <= YEAR_MAX:
            raise forms.ValidationError(
                _("Kỳ: năm phải từ %(a)s đến %(b)s.") % {"a": YEAR_MIN, "b": YEAR_MAX}
            )
        return period.code


class ObservationAddForm(ObservationForm):
    """A result the importer missed: the sentence it comes from, and the value."""

    text = _text(_("Câu nêu số liệu (như văn bản viết)"), required=True, size=2000, area=True)
    require_indicator = True

    field_order = ["text", *ObservationForm.field_order]
