from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dxtrack.core.period_picker import PeriodField
from dxtrack.core.periods import Period
from dxtrack.registry.models import Program
from dxtrack.reporting.models import Assignment, TaskUpdate


class RoundForm(forms.Form):
    programs = forms.ModelMultipleChoiceField(
        label=_("Chương trình, kế hoạch"),
        widget=forms.CheckboxSelectMultiple,
        queryset=Program.objects.filter(status=Program.Status.PUBLISHED).order_by("-issued_on"),
    )
    period = PeriodField(
        label=pgettext_lazy("khoảng thời gian", "Kỳ báo cáo"),
        initial=lambda: Period.for_date("quarter", date.today()).code,
    )
    working_days = forms.IntegerField(
        label=_("Hạn gửi: số ngày làm việc sau ngày chốt số liệu"),
        min_value=0,
        max_value=60,
        initial=5,
    )
    title = forms.CharField(
        label=_("Tên kỳ báo cáo (để trống: tự đặt)"), max_length=300, required=False
    )


class AssignmentForm(forms.Form):
    unit = forms.CharField(
        label=_("Mã đơn vị"),
        max_length=64,
        help_text=_("Mã xã 5 chữ số hoặc mã của sở, ví dụ so-y-te"),
    )
    item = forms.CharField(
        label=_("Mục"), max_length=40, help_text=_("I-<số> cho chỉ số, T-<số> cho nhiệm vụ")
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=Assignment.Role.choices)


class ValueForm(forms.Form):
    value = forms.CharField(label=_("Giá trị kỳ này"), max_length=40)
    note = forms.CharField(
        label=_("Ghi chú, giải trình"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class TaskUpdateForm(forms.Form):
    progress = forms.ChoiceField(label=_("Tình trạng"), choices=TaskUpdate.Progress.choices)
    percent_done = forms.CharField(label=_("% hoàn thành"), max_length=10, required=False)
    narrative = forms.CharField(
        label=_("Kết quả thực hiện"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=8000,
    )
    difficulties = forms.CharField(
        label=_("Khó khăn, vướng mắc"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=8000,
    )
    proposals = forms.CharField(
        label=_("Kiến nghị, đề xuất"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=8000,
    )
    expected_completion = forms.DateField(
        label=_("Dự kiến hoàn thành"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    completed_on = forms.DateField(
        label=_("Ngày hoàn thành"),
        required=False,
        help_text=_("Bắt buộc khi tình trạng là “Đã hoàn thành”; không sau ngày hôm nay."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    disbursed = forms.CharField(
        label=_("Kinh phí đã giải ngân, lũy kế (đồng)"),
        max_length=40,
        required=False,
        help_text=_("Ví dụ 1.250.000.000 hoặc 1,25 tỷ."),
        # A text keyboard, not a numeric one: "1,25 tỷ" needs letters.
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng (PDF, DOCX, XLSX, PNG, JPEG)"))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Chấp nhận")), ("return", _("Trả lại"))])
    comment = forms.CharField(
        label=_("Nhận xét (bắt buộc khi trả lại)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class UnitDecisionForm(forms.Form):
    """The unit's leader on an item waiting for them (ký duyệt)."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Duyệt, gửi Sở KH&CN")), ("return", _("Trả lại cán bộ"))]
    )
    comment = forms.CharField(
        label=_("Ý kiến (bắt buộc khi trả lại)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) đã điền"))
    submit = forms.BooleanField(label=_("Gửi báo cáo ngay sau khi nạp"), required=False)
