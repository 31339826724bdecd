"""The "Báo cáo tổng hợp" pages. Every view calls the access helper first
(`selectors.reports_for_user` / `report_for_user`): the coordinator and administrators write,
leaders read issued reports, units and the public are refused."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxtrack.core.numbers import roman
from dxtrack.outputs import forms, selectors, services
from dxtrack.outputs import render as files
from dxtrack.outputs.models import Report


def _errors_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(str(m) for msgs in error.message_dict.values() for m in msgs)
    return " ".join(error.messages)


def _form_errors_text(form) -> str:
    """The form's errors in one line; each message names its field."""
    return " ".join(str(m) for msgs in form.errors.values() for m in msgs)


def _paragraph_label(report: Report, key: str) -> str:
    for section in selectors.sections_of(report=report):
        for p in section.paragraphs():
            if p.key == key:
                return p.label or key
    return key


def _require_writer(user) -> None:
    if not selectors.can_write_reports(user):
        raise PermissionDenied(_("Chỉ cơ quan điều phối được lập, sửa và ban hành báo cáo."))


@login_required
def report_list(request):
    reports = list(selectors.reports_for_user(user=request.user))
    can_write = selectors.can_write_reports(request.user)
    form = forms.ReportCreateForm(request.POST or None) if can_write else None
    if request.method == "POST":
        _require_writer(request.user)
        assert form is not None
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_create(
                    actor=request.user,
                    kind=data["kind"],
                    period=data["period"],
                    scope=data["scope"],
                    program_id=data["program"].pk if data["program"] else None,
                    pillar=data["pillar"] or "",
                    as_of=data["as_of"],
                    subject=data["subject"],
                )
            except ValidationError as error:
                for field, msgs in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, msgs)
            else:
                messages.success(request, _("Đã lập dự thảo báo cáo."))
                return redirect("outputs:detail", pk=report.pk)
    return render(
        request,
        "outputs/list.html",
        {
            "drafts": [r for r in reports if not r.is_issued],
            "issued": [r for r in reports if r.is_issued],
            "form": form,
            "can_write": can_write,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def report_detail(request, pk: int):
    report = selectors.report_for_user(user=request.user, pk=pk)
    can_write = selectors.can_write_reports(request.user)
    s = report.snapshot
    appendices = []
    for i, (title, build) in enumerate(files.APPENDICES):
        headers, rows = build(s)
        formats = files.NUMBER_COLUMNS[i]
        cells = [
            [(files.cell_text(v, formats.get(c)), c in formats) for c, v in enumerate(row)]
            for row in rows
        ]
        note = files.RANKING_SIMULATED if i == 3 and s.get("simulated_any") else ""
        appendices.append(
            {
                "n": i + 1,
                "numeral": roman(i + 1),
                "title": title,
                "headers": headers,
                "rows": cells,
                "note": note,
            }
        )
    return render(
        request,
        "outputs/detail.html",
        {
            "report": report,
            "sections": selectors.sections_of(report=report),
            "fields": files.document_fields(report),
            "annex_note": files.annex_note(report),
            "appendices": appendices,
            "can_edit": can_write and not report.is_issued,
            "can_write": can_write,
            "issue_form": forms.ReportIssueForm(initial={"signer_name": report.signer_name}),
            "recompute_form": forms.RecomputeForm(initial={"as_of": report.as_of}),
            "superseded_by": selectors.superseding(report=report),
            "stored_formats": {f.format for f in report.files.all()},
            "pdf_available": files.soffice_path() is not None,
        },
    )


@login_required
def report_download(request, pk: int, fmt: str):
    report = selectors.report_for_user(user=request.user, pk=pk)
    if fmt not in files.FORMATS:
        raise Http404(_("Định dạng không hỗ trợ."))
    if report.is_issued:
        stored = selectors.report_file(report=report, fmt=fmt)
        if stored is None:
            messages.error(
                request,
                _("Báo cáo này được ban hành khi máy chủ chưa tạo được bản %(fmt)s.")
                % {"fmt": fmt.upper()},
            )
            return redirect("outputs:detail", pk=report.pk)
        data = bytes(stored.content)
    else:
        try:
            data = files.render_format(report, fmt)
        except files.PdfUnavailable as error:
            messages.error(request, str(error))
            return redirect("outputs:detail", pk=report.pk)
    response = HttpResponse(data, content_type=files.FORMATS[fmt])
    response["Content-Disposition"] = files.content_disposition(report, fmt)
    return response


def _back(report: Report, anchor: str = "") -> HttpResponse:
    return redirect(reverse("outputs:detail", args=[report.pk]) + anchor)


@login_required
@require_POST
def paragraph_edit(request, pk: int):
    report = selectors.report_for_user(user=request.user, pk=pk)
    _require_writer(request.user)
    form = forms.ParagraphForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nội dung đoạn không hợp lệ (tối đa 20.000 ký tự)."))
        return _back(report)
    key = form.cleaned_data["key"]
    try:
        services.report_paragraph_edit(
            actor=request.user, report=report, key=key, text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        messages.error(request, _errors_text(error))
    else:
        label = _paragraph_label(report, key)
        messages.success(request, _("Đã lưu đoạn: %(label)s.") % {"label": label})
    return _back(report, f"#p-{key}")


@login_required
@require_POST
def report_recompute(request, pk: int):
    report = selectors.report_for_user(user=request.user, pk=pk)
    _require_writer(request.user)
    form = forms.RecomputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors_text(form))
        return _back(report)
    try:
        services.report_recompute(
            actor=request.user, report=report, as_of=form.cleaned_data["as_of"]
        )
    except ValidationError as error:
        messages.error(request, _errors_text(error))
    else:
        messages.success(request, _("Đã tính lại số liệu; các đoạn đã sửa được giữ nguyên."))
    return _back(report)


@login_required
@require_POST
def report_issue(request, pk: int):
    report = selectors.report_for_user(user=request.user, pk=pk)
    _require_writer(request.user)
    form = forms.ReportIssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors_text(form))
        return _back(report)
    try:
        services.report_issue(
            actor=request.user,
            report=report,
            number=form.cleaned_data["number"],
            issued_on=form.cleaned_data["issued_on"],
            signer_name=form.cleaned_data["signer_name"],
        )
    except ValidationError as error:
        messages.error(request, _errors_text(error))
    else:
        messages.success(request, _("Đã ban hành báo cáo; nội dung và các tệp được giữ nguyên."))
    return _back(report)


@login_required
@require_POST
def report_supersede(request, pk: int):
    report = selectors.report_for_user(user=request.user, pk=pk)
    _require_writer(request.user)
    try:
        new = services.report_supersede(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, _errors_text(error))
        return _back(report)
    messages.success(request, _("Đã lập phiên bản %(v)s (dự thảo).") % {"v": new.version})
    return _back(new)
