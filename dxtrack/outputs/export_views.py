"""Download views of the quick exports (`exports.py`): the dashboards' tables as XLSX or CSV.

Each view reads its parameters as its page does (the same refusals: 404 for a bad date, group or
period) and calls the page's access helper first, so a file never holds more than its page.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dxtrack.core.periods import Period
from dxtrack.evaluation import selectors as ev
from dxtrack.evaluation.models import RankingRow
from dxtrack.outputs import exports
from dxtrack.registry import selectors as registry
from dxtrack.reporting import selectors as reporting

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _as_of(request: HttpRequest) -> date | None:
    value = request.GET.get("as_of")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404(_("Ngày không hợp lệ (YYYY-MM-DD).")) from None


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404(_("Định dạng tải về là xlsx hoặc csv."))
    return fmt


def _download(table: exports.Table, fmt: str) -> HttpResponse | StreamingHttpResponse:
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_rows(table), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(exports.xlsx_bytes(table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{table.name}.{fmt}"'
    # The figures depend on who asks: no shared cache keeps them.
    response["Cache-Control"] = "private, no-store"
    return response


def _pick(tables: dict[str, exports.Table], name: str) -> exports.Table:
    if name not in tables:
        raise Http404(_("Không có bảng này."))
    return tables[name]


@require_GET
def overview_export(
    request: HttpRequest, table: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    fmt = _format(fmt)
    tables = exports.overview_tables(user=request.user, as_of=_as_of(request))
    return _download(_pick(tables, table), fmt)


@require_GET
def program_export(
    request: HttpRequest, pk: int, table: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    fmt = _format(fmt)
    program = registry.program_for_user(user=request.user, pk=pk)
    tables = exports.program_tables(program=program, as_of=_as_of(request))
    return _download(_pick(tables, table), fmt)


@require_GET
def ranking_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    fmt = _format(fmt)
    group = request.GET.get("group") or "department"
    if group not in RankingRow.Group.values:
        raise Http404(_("Nhóm xếp hạng không hợp lệ."))
    period = ev.default_ranking_period()
    if request.GET.get("period"):
        try:
            period = Period.parse(request.GET["period"])
        except ValueError:
            raise Http404(_("Kỳ không hợp lệ.")) from None
    return _download(exports.ranking_table(group=group, period=period), fmt)


@require_GET
def completeness_export(
    request: HttpRequest, pk: int, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    fmt = _format(fmt)
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Đăng nhập để xem tình hình gửi báo cáo."))
    rnd = reporting.round_for_user(user=request.user, pk=pk)
    if not reporting.can_follow_rounds(user=request.user):
        raise PermissionDenied(_("Chỉ cơ quan điều phối và lãnh đạo xem được trang này."))
    return _download(exports.completeness_table(rnd=rnd), fmt)
