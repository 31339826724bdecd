from datetime import date

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dxtrack.core.period_picker import PeriodField
from dxtrack.core.periods import Period
from dxtrack.evaluation.pillars import pillar_labels, pillar_labels_en
from dxtrack.outputs.models import Report
from dxtrack.registry.models import Program

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


class VnDateField(forms.DateField):
    """A day typed the Vietnamese way: a text box with the hint dd/mm/yyyy (the browser's date
    box shows mm/dd/yyyy in Chromium), read as dd/mm/yyyy or ISO yyyy-mm-dd; a bad day is
    refused naming the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
            ),
        )
        super().__init__(input_formats=DATE_FORMATS, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("%(field)s “%(value)s” không phải ngày dạng dd/mm/yyyy (ví dụ 30/09/2026)."),
                code="invalid",
                params={"field": self.label, "value": str(value).strip()[:40]},
            ) from None


def quarter_just_ended() -> str:
    """The code of the last full quarter: the report a coordinator most often drafts."""
    return Period.for_date("quarter", date.today()).previous().code


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=Report.Kind.choices)
    period = PeriodField(
        label=pgettext_lazy("kỳ của báo cáo tổng hợp", "Kỳ báo cáo"),
        initial=quarter_just_ended,
        help_text=_(
            "Báo cáo quý chọn một quý, báo cáo 6 tháng chọn 6 tháng, báo cáo năm chọn cả năm."
        ),
    )
    scope = forms.ChoiceField(label=_("Phạm vi"), choices=Report.Scope.choices)
    program = forms.ModelChoiceField(
        label=_("Chương trình, kế hoạch"),
        queryset=Program.objects.filter(status=Program.Status.PUBLISHED).order_by("issued_on"),
        required=False,
        help_text=_("Khi phạm vi là một chương trình."),
    )
    pillar = forms.ChoiceField(
        label=_("Trụ cột"), required=False, help_text=_("Khi phạm vi là một trụ cột.")
    )
    as_of = VnDateField(
        label=_("Ngày chốt số liệu"),
        required=False,
        help_text=_("dd/mm/yyyy; để trống: hôm nay."),
    )
    subject = forms.CharField(label=_("Chủ đề (báo cáo chuyên đề)"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pillar = self.fields["pillar"]
        assert isinstance(pillar, forms.ChoiceField)
        english = (get_language() or "").startswith("en")  # the report itself stays Vietnamese
        pillar.choices = [("", "—"), *(pillar_labels_en() if english else pillar_labels()).items()]


class ReportIssueForm(forms.Form):
    number = forms.CharField(
        label=_("Số văn bản"),
        max_length=60,
        required=False,
        help_text=_("Ví dụ 125/BC-UBND; để trống nếu văn thư ghi số sau."),
    )
    signer_name = forms.CharField(
        label=_("Người ký"),
        max_length=200,
        required=False,
        help_text=_("Để trống: theo cấu hình (REPORT_SIGNER_NAME)."),
    )
    issued_on = VnDateField(
        label=_("Ngày ban hành"),
        required=False,
        help_text=_("dd/mm/yyyy; để trống: hôm nay."),
    )


class RecomputeForm(forms.Form):
    as_of = VnDateField(
        label=_("Ngày chốt số liệu"),
        required=False,
    )


class ParagraphForm(forms.Form):
    key = forms.CharField(max_length=80, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Nội dung đoạn"), required=False, max_length=20_000, widget=forms.Textarea
    )
