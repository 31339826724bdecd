"""API v1, official reports (issue 10): `GET /api/v1/reports/` lists the issued reports,
`GET /api/v1/reports/<id>/` one with its frozen figures, `GET /api/v1/reports/<id>/files/<fmt>/`
its file as issued (docx, pdf, xlsx). Who may read: the coordinator, administrators and leaders
(as on the "Báo cáo tổng hợp" page); units and the public get 403. Drafts are not served here.

They live in `outputs`, not in `dxtrack.api`: the two apps are siblings of the top layer and may
not import each other (import-linter), so `dxtrack/urls.py` mounts `outputs/api_urls.py` under
`/api/v1/reports/` before the rest of the API. Same auth, pagination and error shape as the API
(DRF's settings: session or unit token, `{"count", "next", "previous", "results"}`, `{"detail"}`).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings

from dxtrack.outputs import render, selectors
from dxtrack.outputs.models import Report

# The OpenAPI description (drf-spectacular): written here with raw schemas, since outputs may
# not import dxtrack.api's helpers; errors point at the API's shared `Error` component.
ERROR = {"$ref": "#/components/schemas/Error"}
REPORT_SCHEMA = {
    "type": "object",
    "description": "Một báo cáo đã ban hành: số, ngày, phiên bản, mã SHA-256 nội dung, các tệp.",
    "additionalProperties": True,
}
PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Trang (từ 1).", required=False),
    OpenApiParameter("page_size", int, description="Số dòng mỗi trang (≤ 1000).", required=False),
]


def _errors(*statuses: int) -> dict[int, OpenApiResponse]:
    words = {403: "Không có quyền xem báo cáo tổng hợp.", 404: "Không có báo cáo hoặc tệp này."}
    return {s: OpenApiResponse(response=ERROR, description=words[s]) for s in statuses}


def report_shape(request, report: Report, *, figures: bool = False) -> dict:
    stored = {f.format: f for f in report.files.all()}
    superseded_by = getattr(report, "superseded_by", None)
    data = {
        "id": report.pk,
        "kind": report.kind,
        "scope": report.scope,
        "program": report.program_id,
        "pillar": report.pillar or None,
        "period": report.period,
        "as_of": report.as_of.isoformat(),
        "title": report.title,
        "number": report.number or None,
        "issued_on": report.issued_on.isoformat() if report.issued_on else None,
        "issuer": report.issuer,
        "version": report.version,
        "supersedes": report.supersedes_id,
        "superseded_by": superseded_by.pk if superseded_by else None,
        "content_sha256": report.content_sha256,
        "files": {
            fmt: {
                "url": request.build_absolute_uri(
                    reverse("api-report-file", args=[report.pk, fmt])
                ),
                "sha256": f.sha256,
                "size": f.size,
            }
            for fmt, f in sorted(stored.items())
        },
        "counts": {
            "targets": len(report.snapshot.get("targets", [])),
            "tasks": len(report.snapshot.get("tasks", [])),
        },
    }
    if figures:
        data["figures"] = report.snapshot
        data["edits"] = report.edits
    return data


def _issued(request):
    return selectors.reports_for_user(user=request.user).filter(state=Report.State.ISSUED)


@extend_schema(
    operation_id="reports_list",
    summary="Các báo cáo tổng hợp đã ban hành (cơ quan điều phối, lãnh đạo)",
    tags=["Báo cáo tổng hợp"],
    parameters=PAGE_PARAMETERS,
    responses={
        200: OpenApiResponse(
            response={
                "type": "object",
                "properties": {
                    "count": {"type": "integer"},
                    "next": {"type": "string", "nullable": True},
                    "previous": {"type": "string", "nullable": True},
                    "results": {"type": "array", "items": REPORT_SCHEMA},
                },
            },
            description="Thành công.",
        ),
        **_errors(403, 404),
    },
)
@api_view(["GET"])
def report_list(request):
    reports = _issued(request).prefetch_related("files")
    paginator: BasePagination = api_settings.DEFAULT_PAGINATION_CLASS()  # type: ignore[operator,misc]
    page: list = paginator.paginate_queryset(reports, request) or []
    return paginator.get_paginated_response([report_shape(request, r) for r in page])


@extend_schema(
    operation_id="report_retrieve",
    summary="Một báo cáo đã ban hành, kèm toàn bộ số liệu đã chốt (figures)",
    tags=["Báo cáo tổng hợp"],
    responses={
        200: OpenApiResponse(response=REPORT_SCHEMA, description="Thành công."),
        **_errors(403, 404),
    },
)
@api_view(["GET"])
def report_detail(request, pk: str):
    report = _issued(request).filter(pk=int(pk)).first()
    if report is None:
        raise NotFound("Không có báo cáo đã ban hành này.")
    return Response(report_shape(request, report, figures=True))


@extend_schema(
    operation_id="report_file",
    summary="Tệp của báo cáo đúng như khi ban hành (docx, pdf, xlsx)",
    tags=["Báo cáo tổng hợp"],
    responses={
        200: OpenApiResponse(
            response={"type": "string", "format": "binary"}, description="Tệp DOCX, PDF hoặc XLSX."
        ),
        **_errors(403, 404),
    },
)
@api_view(["GET"])
def report_file(request, pk: str, fmt: str):
    report = _issued(request).filter(pk=int(pk)).first()
    if report is None:
        raise NotFound("Không có báo cáo đã ban hành này.")
    stored = selectors.report_file(report=report, fmt=fmt)
    if stored is None:
        raise NotFound(f"Báo cáo này không có tệp {fmt.upper()[:8]} (docx, pdf, xlsx).")
    response = HttpResponse(bytes(stored.content), content_type=render.FORMATS[fmt])
    response["Content-Disposition"] = render.content_disposition(report, fmt)
    return response
