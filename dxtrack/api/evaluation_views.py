"""API v1, evaluation: `GET /api/v1/targets/` and `GET /api/v1/rankings/` (DESIGN.md shapes)."""

from datetime import date

from django.core.cache import cache
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from dxtrack.api import openapi as oa
from dxtrack.api.pagination import Pagination
from dxtrack.api.parsing import ECHO_CHARS, short
from dxtrack.api.shapes import ranking_row_shape, target_shape
from dxtrack.api.views import is_id
from dxtrack.core.periods import Period
from dxtrack.evaluation import selectors
from dxtrack.evaluation.methods import TARGET_STATUSES
from dxtrack.evaluation.models import RankingRow
from dxtrack.registry.models import Target

GROUPS = RankingRow.Group.values


def _paginated(request, items, extra=None):
    paginator = Pagination()
    page: list | None = paginator.paginate_queryset(items, request)
    response = paginator.get_paginated_response(page)
    if extra:
        response.data = {**extra, **response.data}
    return response


@extend_schema(
    operation_id="targets_list",
    summary="Các chỉ tiêu với trạng thái, tỷ lệ tiến độ và giá trị mới nhất",
    tags=["Đánh giá"],
    parameters=[
        oa.query("program", "Mã (id) chương trình.", int),
        oa.query("status", "Trạng thái chỉ tiêu.", enum=list(TARGET_STATUSES)),
        oa.query("as_of", "Đánh giá tại ngày (YYYY-MM-DD); mặc định: lần đánh giá đã lưu.", date),
        *oa.PAGE_PARAMETERS,
    ],
    responses=oa.responses({200: oa.page_of("Target")}, oa.READ_ERRORS),
)
@api_view(["GET"])
def target_list(request):
    """Targets with status, R, expected value now and latest value; `?program=&status=&as_of=`."""
    errors = {}
    program = request.GET.get("program") or None
    if program is not None and not is_id(program):
        errors["program"] = ["Mã chương trình phải là số nguyên."]
    status = request.GET.get("status") or None
    if status is not None and status not in TARGET_STATUSES:
        errors["status"] = [f"Trạng thái phải là một trong {', '.join(TARGET_STATUSES)}."]
    as_of = None
    if request.GET.get("as_of"):
        try:
            as_of = date.fromisoformat(request.GET["as_of"])
        except ValueError:
            errors["as_of"] = ["Ngày phải có dạng YYYY-MM-DD."]
    if errors:
        raise ValidationError(errors)
    qs = selectors.targets_for_api(user=request.user, program=int(program) if program else None)
    if as_of is None or as_of == selectors.evaluation_as_of():
        # Stored evaluations: filter and paginate in the database, shape only the page; the
        # page is cached until the next evaluation (selectors.cache_key).
        key = selectors.cache_key(
            parts=(
                "api-targets",
                selectors.visible_program_ids(user=request.user),
                program,
                status,
                request.GET.get("page"),
                request.GET.get("page_size"),
                request.build_absolute_uri("/"),
            )
        )
        data = cache.get(key) if key else None
        if data is None and not qs.filter(evaluation__isnull=True).exists():
            if status:
                qs = qs.filter(evaluation__status=status)
            paginator = Pagination()
            page: list[Target] = (
                paginator.paginate_queryset(qs.select_related("evaluation"), request) or []
            )
            data = paginator.get_paginated_response(
                [target_shape(t, t.evaluation) for t in page]
            ).data
            if key:
                cache.set(key, data, selectors.CACHE_SECONDS)
        if data is not None:
            return Response(data)
    targets = list(qs)
    evaluations = selectors.target_evaluations(targets=targets, as_of=as_of)
    items = [target_shape(t, evaluations[t.pk]) for t in targets]
    if status:
        items = [item for item in items if item["status"] == status]
    return _paginated(request, items)


@extend_schema(
    operation_id="rankings_list",
    summary="Xếp hạng một nhóm đơn vị trong một kỳ, với công thức và trọng số",
    tags=["Đánh giá"],
    parameters=[
        oa.query("period", "Kỳ (2025, 2025S1, 2025Q4, 202507); mặc định: kỳ gần nhất."),
        oa.query("group", "Nhóm (mặc định department).", enum=list(GROUPS)),
        *oa.PAGE_PARAMETERS,
    ],
    responses=oa.responses(
        {
            200: oa.page_of(
                "RankingRow",
                {
                    "group": oa.STRING,
                    "period": oa.STRING,
                    "previous_period": oa.STRING,
                    "method": oa.nullable(oa.STRING),
                    "weights": {},
                },
            )
        },
        oa.READ_ERRORS,
    ),
)
@api_view(["GET"])
def ranking_list(request):
    """One group's ranking for a period: `?period=2025Q4&group=department|commune|enterprise|sme`."""
    errors = {}
    group = request.GET.get("group") or "department"
    if group not in GROUPS:
        errors["group"] = [f"Nhóm phải là một trong {', '.join(GROUPS)}."]
    period = None
    if request.GET.get("period"):
        try:
            period = Period.parse(request.GET["period"])
        except ValueError as error:
            errors["period"] = [short(str(error), 2 * ECHO_CHARS)]
    if errors:
        raise ValidationError(errors)
    period = period or selectors.default_ranking_period()
    data = selectors.ranking(group=group, period=period)
    return _paginated(
        request,
        [ranking_row_shape(r) for r in data["rows"]],
        extra={
            "group": group,
            "period": period.code,
            "previous_period": period.previous().code,
            "method": data["formula"],
            "weights": data["weights"],
        },
    )
