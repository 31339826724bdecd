from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dxtrack.evaluation.pillars import pillar_labels, pillar_labels_en
from dxtrack.outputs.models import Report
from dxtrack.registry.models import Program


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=Report.Kind.choices)
    period = forms.CharField(
        label=pgettext_lazy("kỳ của báo cáo tổng hợp", "Kỳ báo cáo"),
        max_length=8,
        help_text=_("Ví dụ 2026Q3 (quý), 2026S1 (6 tháng), 2026 (năm)."),
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
    as_of = forms.DateField(
        label=_("Ngày chốt số liệu"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Để trống: hôm nay."),
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
    issued_on = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Để trống: hôm nay."),
    )


class RecomputeForm(forms.Form):
    as_of = forms.DateField(
        label=_("Ngày chốt số liệu"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ParagraphForm(forms.Form):
    key = forms.CharField(max_length=80, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Nội dung đoạn"), required=False, max_length=20_000, widget=forms.Textarea
    )
