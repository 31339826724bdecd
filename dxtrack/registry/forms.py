"""Registry forms: the coordinator's edit of an indicator's responsibility."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dxtrack.registry import selectors
from dxtrack.registry.models import IndicatorResponsibility


class UnitChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class ResponsibilityForm(forms.Form):
    """Lead and contributing units or groups of one indicator, and why it changed (the audit's
    comment)."""

    lead_units = UnitChoices(
        queryset=selectors.responsibility_unit_choices(),
        required=False,
        label=_("Đơn vị chủ trì báo cáo"),
        help_text=_("Số liệu của đơn vị chủ trì là số liệu cấp tỉnh của chỉ số cấp tỉnh."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    lead_groups = forms.MultipleChoiceField(
        choices=IndicatorResponsibility.Group.choices,
        required=False,
        label=_("Nhóm đơn vị chủ trì"),
        widget=forms.CheckboxSelectMultiple,
    )
    contributing_units = UnitChoices(
        queryset=selectors.responsibility_unit_choices(),
        required=False,
        label=_("Đơn vị phối hợp cung cấp số liệu"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    contributing_groups = forms.MultipleChoiceField(
        choices=IndicatorResponsibility.Group.choices,
        required=False,
        label=_("Nhóm đơn vị phối hợp"),
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        max_length=500,
        required=False,
        label=_("Lý do thay đổi (ghi vào nhật ký)"),
        widget=forms.TextInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the choices per request: units can be added after start-up.
        for name in ("lead_units", "contributing_units"):
            unit_field = self.fields[name]
            assert isinstance(unit_field, forms.ModelMultipleChoiceField)
            unit_field.queryset = selectors.responsibility_unit_choices()

    def clean(self) -> dict:
        data = super().clean() or {}
        both = set(data.get("lead_units") or []) & set(data.get("contributing_units") or [])
        if both:
            self.add_error(
                "contributing_units",
                _("Một đơn vị không thể vừa chủ trì vừa phối hợp: %(names)s.")
                % {"names": ", ".join(sorted(u.name for u in both))},
            )
        groups = set(data.get("lead_groups") or []) & set(data.get("contributing_groups") or [])
        if groups:
            self.add_error("contributing_groups", _("Một nhóm không thể vừa chủ trì vừa phối hợp."))
        return data

    @classmethod
    def initial_for(cls, rows: list[IndicatorResponsibility]) -> dict:
        lead, contributing = (
            IndicatorResponsibility.Role.LEAD,
            IndicatorResponsibility.Role.CONTRIBUTING,
        )
        return {
            "lead_units": [r.unit for r in rows if r.role == lead and r.unit],
            "lead_groups": [r.group for r in rows if r.role == lead and r.group],
            "contributing_units": [r.unit for r in rows if r.role == contributing and r.unit],
            "contributing_groups": [r.group for r in rows if r.role == contributing and r.group],
        }
