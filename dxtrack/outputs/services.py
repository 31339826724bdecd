"""Writes of reports: create, recompute, edit a paragraph, issue, supersede.

Each checks who acts first (only the coordinator and administrators write), runs in one
transaction and writes its audit row in it. An issued report is never written again.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext

from dxtrack.core.audit import audit_record
from dxtrack.core.periods import Period
from dxtrack.core.templatetags.vn import vnnum
from dxtrack.evaluation.compute import today
from dxtrack.evaluation.pillars import pillar_labels
from dxtrack.outputs import render
from dxtrack.outputs.conf import report_recipients, report_setting
from dxtrack.outputs.figures import Scope, figures_gather, period_label, province_name
from dxtrack.outputs.models import Report, ReportFile
from dxtrack.outputs.narrative import paragraph_keys
from dxtrack.outputs.selectors import can_write_reports
from dxtrack.registry.models import Program

MAX_PARAGRAPH_CHARS = 20_000
KIND_OF_PERIOD = {"quarter": "quarter", "half": "half", "year": "year"}
DEFAULT_RECIPIENTS = [
    "Thường trực Tỉnh ủy (để b/c)",
    "Thường trực HĐND tỉnh (để b/c)",
    "Chủ tịch, các PCT UBND tỉnh",
    "Thành viên Ban Chỉ đạo chuyển đổi số tỉnh",
    "Các sở, ban, ngành",
    "UBND các xã, phường",
    "Lưu: VT, KGVX",
]


def _require_writer(actor: Any) -> None:
    if not can_write_reports(actor):
        raise PermissionDenied(
            gettext("Chỉ cơ quan điều phối được lập, sửa và ban hành báo cáo tổng hợp.")
        )


def _require_draft(report: Report) -> None:
    if report.is_issued:
        raise ValidationError(
            gettext("Báo cáo đã ban hành thì không sửa được; hãy lập phiên bản mới thay thế.")
        )


def _setting(name: str, default: str) -> str:
    # The signer's title is written on several lines; the environment writes them "\n".
    return report_setting(name, default).replace("\\n", "\n")


def province_issuer() -> tuple[str, str]:
    """The issuing agency and the place, from the registry's province unit ("UBND tỉnh Thái
    Nguyên" -> "Ủy ban nhân dân tỉnh Thái Nguyên", "Thái Nguyên"); settings override both."""
    name = province_name() or "UBND tỉnh"
    issuer = re.sub(r"^UBND\b", "Ủy ban nhân dân", name)
    place = name.split("tỉnh", 1)[1].strip() if "tỉnh" in name else ""
    return issuer, place or name


def report_title(*, kind: str, scope: Scope, period: Period, subject: str = "") -> str:
    """ "Kết quả thực hiện chuyển đổi số quý III năm 2026" (the line under "BÁO CÁO")."""
    if scope.kind == "program" and scope.program_id is not None:
        program = Program.objects.get(pk=scope.program_id)
        what = f"{program.kind} {program.number}".strip() if program.number else program.title
        what = f"thực hiện {what}"
    elif scope.kind == "pillar":
        what = f"thực hiện chuyển đổi số lĩnh vực {pillar_labels().get(scope.pillar, scope.pillar)}"
    else:
        what = "thực hiện chuyển đổi số"
    when = period_label(period)
    when = when[:1].lower() + when[1:]
    if kind == Report.Kind.TOPIC and subject:
        return f"{subject} ({when})"
    return f"Kết quả {what} {when}"


def _period_words(period: Period) -> str:
    """A period in a message: the report's own words, or English on the English pages."""
    return period.label_en if (get_language() or "").startswith("en") else period_label(period)


def _parse_inputs(
    *, kind: str, scope: str, period: str, program_id: int | None, pillar: str
) -> tuple[Period, Scope]:
    errors: dict[str, str] = {}
    if kind not in Report.Kind.values:
        errors["kind"] = gettext("Loại báo cáo phải là một trong %(values)s.") % {
            "values": ", ".join(Report.Kind.values)
        }
    try:
        parsed = Period.parse(period)
    except ValueError as error:
        errors["period"] = gettext("Kỳ báo cáo “%(period)s” không hợp lệ: %(error)s.") % {
            "period": period,
            "error": error,
        }
        parsed = None
    if parsed is not None and KIND_OF_PERIOD.get(kind, parsed.kind) != parsed.kind:
        example = "2026Q3" if kind == "quarter" else "2026S1" if kind == "half" else "2026"
        errors["period"] = gettext(
            "Báo cáo %(kind)s cần kỳ tương ứng (ví dụ %(example_label)s, mã %(example)s), "
            "không phải %(label)s (“%(period)s”)."
        ) % {
            "kind": str(Report.Kind(kind).label).lower(),
            "example_label": _period_words(Period.parse(example)),
            "example": example,
            "label": _period_words(parsed),
            "period": period,
        }
    if scope not in Report.Scope.values:
        errors["scope"] = gettext("Phạm vi phải là một trong %(values)s.") % {
            "values": ", ".join(Report.Scope.values)
        }
    if scope == Report.Scope.PROGRAM and (
        program_id is None or not Program.objects.filter(pk=program_id).exists()
    ):
        errors["program"] = gettext("Chọn một chương trình, kế hoạch có trong hệ thống.")
    if scope == Report.Scope.PILLAR and pillar not in pillar_labels():
        errors["pillar"] = gettext("Trụ cột phải là một trong %(values)s.") % {
            "values": ", ".join(pillar_labels())
        }
    if errors:
        raise ValidationError(errors)
    assert parsed is not None
    return parsed, Scope(
        kind=scope,
        program_id=program_id if scope == Report.Scope.PROGRAM else None,
        pillar=pillar if scope == Report.Scope.PILLAR else "",
    )


def report_scope(report: Report) -> Scope:
    return Scope(kind=report.scope, program_id=report.program_id, pillar=report.pillar)


def _compute(report: Report) -> None:
    report.snapshot = figures_gather(
        scope=report_scope(report), period=Period.parse(report.period), as_of=report.as_of
    )
    report.computed_at = timezone.now()


def _summary(report: Report) -> dict[str, Any]:
    s = report.snapshot
    return {
        "as_of": report.as_of.isoformat(),
        "targets": len(s.get("targets", [])),
        "tasks": len(s.get("tasks", [])),
    }


def report_build(
    *,
    kind: str,
    period: str,
    scope: str = "province",
    program_id: int | None = None,
    pillar: str = "",
    as_of: date | None = None,
    subject: str = "",
    actor: Any = None,
) -> Report:
    """An unsaved report with its figures gathered as of `as_of` (default: today): what
    `report_create` stores, and what `dxtrack report` renders without storing anything."""
    parsed, sc = _parse_inputs(
        kind=kind, scope=scope, period=period, program_id=program_id, pillar=pillar
    )
    issuer, place = province_issuer()
    report = Report(
        kind=kind,
        scope=sc.kind,
        program_id=sc.program_id,
        pillar=sc.pillar,
        subject=subject.strip()[:300],
        period=parsed.code,
        as_of=as_of or today(),
        title=report_title(kind=kind, scope=sc, period=parsed, subject=subject.strip()),
        issuer=_setting("REPORT_ISSUER", issuer),
        issuer_parent=_setting("REPORT_ISSUER_PARENT", ""),
        place=_setting("REPORT_PLACE", place),
        signer_title=_setting(
            "REPORT_SIGNER_TITLE", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
        ),
        signer_name=_setting("REPORT_SIGNER_NAME", ""),
        recipients=report_recipients(DEFAULT_RECIPIENTS),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _compute(report)
    return report


@transaction.atomic
def report_create(
    *,
    actor: Any,
    kind: str,
    period: str,
    scope: str = "province",
    program_id: int | None = None,
    pillar: str = "",
    as_of: date | None = None,
    subject: str = "",
) -> Report:
    """A draft report with its figures gathered as of `as_of` (default: today)."""
    _require_writer(actor)
    report = report_build(
        kind=kind,
        period=period,
        scope=scope,
        program_id=program_id,
        pillar=pillar,
        as_of=as_of,
        subject=subject,
        actor=actor,
    )
    report.save()
    audit_record(actor=actor, action="report.create", obj=report, after=_summary(report))
    return report


@transaction.atomic
def report_recompute(*, actor: Any, report: Report, as_of: date | None = None) -> Report:
    """Gather the draft's figures again (a new cut-off date if given); edits are kept."""
    _require_writer(actor)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    before = _summary(report)
    if as_of is not None:
        report.as_of = as_of
    _compute(report)
    report.save()
    audit_record(
        actor=actor, action="report.recompute", obj=report, before=before, after=_summary(report)
    )
    return report


@transaction.atomic
def report_paragraph_edit(*, actor: Any, report: Report, key: str, text: str) -> Report:
    """Replace one paragraph's text; an empty text (or the generated one) brings the generated
    text back. Only the draft's paragraphs that exist may be edited."""
    _require_writer(actor)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    if key not in paragraph_keys(report.snapshot):
        raise ValidationError(
            {"key": gettext("Báo cáo không có đoạn “%(key)s”.") % {"key": key[:40]}}
        )
    text = text.replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise ValidationError({"text": gettext("Nội dung có ký tự không hợp lệ.")})
    if len(text) > MAX_PARAGRAPH_CHARS:
        raise ValidationError(
            {"text": gettext("Đoạn văn dài quá %(n)s ký tự.") % {"n": vnnum(MAX_PARAGRAPH_CHARS)}}
        )
    edits = dict(report.edits)
    before = edits.get(key)
    if text:
        edits[key] = text
    else:
        edits.pop(key, None)
    report.edits = edits
    report.save(update_fields=["edits"])
    audit_record(
        actor=actor,
        action="report.paragraph_edit",
        obj=report,
        before={"key": key, "text": before},
        after={"key": key, "text": edits.get(key)},
    )
    return report


def content_hash(report: Report) -> str:
    """SHA-256 of what the report says: its figures, edits and document fields."""
    body = {
        "snapshot": report.snapshot,
        "edits": report.edits,
        "document": render.document_fields(report),
    }
    data = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def report_issue(
    *,
    actor: Any,
    report: Report,
    number: str = "",
    issued_on: date | None = None,
    signer_name: str = "",
) -> Report:
    """Freeze the draft as it was previewed: number and date, content hash, and its DOCX, XLSX
    (and PDF, when LibreOffice is installed) stored as issued.

    The files are rendered before the transaction (LibreOffice takes seconds, and a write
    transaction that long would hold SQLite's lock); the transaction then checks that nobody
    edited or recomputed the draft in between and stores everything at once."""
    _require_writer(actor)
    draft = Report.objects.get(pk=report.pk)
    _require_draft(draft)
    number = number.strip()
    if len(number) > 60:
        raise ValidationError({"number": gettext("Số văn bản dài quá 60 ký tự.")})
    signer_name = " ".join(signer_name.split())
    if len(signer_name) > 200:
        raise ValidationError({"signer_name": gettext("Tên người ký dài quá 200 ký tự.")})
    draft.number = number
    draft.signer_name = signer_name or draft.signer_name
    draft.issued_on = issued_on or today()
    draft.state = Report.State.ISSUED
    digest = content_hash(draft)
    files = render.render_all(draft)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _require_draft(report)
        if (report.snapshot, report.edits) != (draft.snapshot, draft.edits):
            raise ValidationError(
                gettext(
                    "Dự thảo vừa được sửa hoặc tính lại trong lúc ban hành; "
                    "hãy xem lại rồi ban hành."
                )
            )
        report.number, report.issued_on, report.state = draft.number, draft.issued_on, draft.state
        report.signer_name = draft.signer_name
        report.issued_by = actor if getattr(actor, "is_authenticated", False) else None
        report.issued_at = timezone.now()
        report.content_sha256 = digest
        report.save()
        for fmt, data in files.items():
            ReportFile.objects.create(
                report=report,
                format=fmt,
                content=data,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
            )
        audit_record(
            actor=actor,
            action="report.issue",
            obj=report,
            before={"state": "draft"},
            after={
                "state": "issued",
                "number": report.number,
                "signer_name": report.signer_name,
                "issued_on": report.issued_on.isoformat(),
                "content_sha256": report.content_sha256,
                "files": {fmt: hashlib.sha256(data).hexdigest() for fmt, data in files.items()},
            },
        )
    return report


@transaction.atomic
def report_supersede(*, actor: Any, report: Report) -> Report:
    """A new draft version of an issued report, its edits kept and its figures gathered again."""
    _require_writer(actor)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.is_issued:
        raise ValidationError(
            gettext("Chỉ báo cáo đã ban hành mới được thay thế bằng phiên bản mới.")
        )
    if Report.objects.filter(supersedes=report).exists():
        raise ValidationError(gettext("Báo cáo này đã có phiên bản thay thế."))
    new = Report(
        kind=report.kind,
        scope=report.scope,
        program_id=report.program_id,
        pillar=report.pillar,
        subject=report.subject,
        period=report.period,
        as_of=today(),
        title=report.title,
        issuer=report.issuer,
        issuer_parent=report.issuer_parent,
        place=report.place,
        signer_title=report.signer_title,
        signer_name=report.signer_name,
        recipients=report.recipients,
        version=report.version + 1,
        supersedes=report,
        edits=dict(report.edits),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _compute(new)
    new.save()
    audit_record(
        actor=actor,
        action="report.supersede",
        obj=new,
        before={"report": report.pk, "version": report.version},
        after={"report": new.pk, "version": new.version},
    )
    return new
