"""Reads of reports, and who may see them.

The coordinator and administrators see every report, drafts included; leaders (UBND tỉnh, Ban
Chỉ đạo) see issued reports only; units and the public see none.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy

from dxtrack.core.permissions import ADMIN, COORDINATOR, LEADER, role_of
from dxtrack.outputs.models import Report, ReportFile
from dxtrack.outputs.narrative import Section, report_sections

NOT_ALLOWED = gettext_lazy("Bạn không có quyền xem báo cáo tổng hợp.")


def can_write_reports(user: Any) -> bool:
    return role_of(user) in {ADMIN, COORDINATOR}


def can_read_reports(user: Any) -> bool:
    return role_of(user) in {ADMIN, COORDINATOR, LEADER}


def reports_for_user(*, user: Any) -> QuerySet[Report]:
    """The reports `user` may see, newest first (leaders: issued ones only)."""
    if not can_read_reports(user):
        raise PermissionDenied(NOT_ALLOWED)
    reports = (
        Report.objects.select_related("program", "supersedes")
        .defer("program__source_text")
        .prefetch_related("superseded_by")
    )
    if not can_write_reports(user):
        reports = reports.filter(state=Report.State.ISSUED)
    return reports.order_by("-created_at", "-pk")


def report_for_user(*, user: Any, pk: int) -> Report:
    """The access helper every view calls first: 403 for units and the public, 404 for a
    report the user may not see (a leader asking for a draft)."""
    try:
        return reports_for_user(user=user).get(pk=pk)
    except Report.DoesNotExist:
        raise Http404(gettext("Không có báo cáo này.")) from None


def report_file(*, report: Report, fmt: str) -> ReportFile | None:
    """The stored file of an issued report in that format (None for drafts or a format that was
    not produced when it was issued)."""
    if not report.is_issued:
        return None
    return report.files.filter(format=fmt).first()


def sections_of(*, report: Report) -> list[Section]:
    return report_sections(report.snapshot, report.edits)


def superseding(*, report: Report) -> Report | None:
    return Report.objects.filter(supersedes=report).first()
