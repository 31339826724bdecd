"""REST API v1, reads of the registry. Evaluation reads: `evaluation_views.py`; the units' writes
and sign-off: `writes.py`; every JSON shape: `shapes.py`."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.urls import Resolver404, resolve
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from dxtrack.api import openapi as oa
from dxtrack.api.errors import MESSAGES_VI
from dxtrack.api.pagination import Pagination
from dxtrack.api.parsing import short
from dxtrack.api.shapes import (
    program_budget_total,
    program_shape,
    target_shape_basic,
    task_shape,
    unit_shape,
)
from dxtrack.registry import selectors
from dxtrack.registry.in_force import in_force, is_in_force
from dxtrack.registry.models import Task, Unit


def is_id(text: str) -> bool:
    """An id in a query string: ASCII digits ("²".isdigit() is true too), within 64 bits."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def stored_task_status(task) -> str | None:
    """The status `dxtrack evaluate` (or the last accepted update) stored; None before any run."""
    try:
        return task.evaluation.status
    except ObjectDoesNotExist:
        return None


def task_with_status(task) -> dict:
    return task_shape(task, status=stored_task_status(task))


def paginated(request, items, shape):
    paginator = Pagination()
    page: list = paginator.paginate_queryset(items, request) or []
    return paginator.get_paginated_response([shape(item) for item in page])


@extend_schema(
    operation_id="programs_list",
    summary="Các chương trình, kế hoạch (đã công bố; cán bộ thấy cả bản nháp)",
    tags=["Danh mục"],
    parameters=oa.PAGE_PARAMETERS,
    responses=oa.responses({200: oa.page_of("Program")}, oa.READ_ERRORS),
)
@api_view(["GET"])
def program_list(request):
    # Each program's budget total from its tasks' amounts, read for the whole page at once.
    budgets = Task.objects.only("id", "program_id", "budget_vnd", "budget_source", "repealed_by")
    programs = (
        selectors.programs_visible_to(user=request.user)
        .prefetch_related(Prefetch("tasks", queryset=budgets))
        .order_by("issued_on", "pk")
    )
    return paginated(
        request, programs, lambda p: program_shape(p, budget_total=program_budget_total(p))
    )


@extend_schema(
    operation_id="program_retrieve",
    summary="Một chương trình: mục tiêu, chỉ tiêu, nhiệm vụ",
    tags=["Danh mục"],
    responses=oa.responses({200: oa.ref("ProgramDetail")}, oa.READ_ERRORS),
)
@api_view(["GET"])
def program_detail(request, pk: int):
    program = selectors.program_for_user(user=request.user, pk=pk)
    goals = selectors.program_goals(program=program)
    # Records in force only (`in_force`): a repealed target or task is in no list of the API.
    tasks = selectors.tasks_with_units(
        queryset=program.tasks.filter(in_force()).select_related("evaluation")
    )
    data = program_shape(
        program,
        counts={
            "goals": len(goals),
            "targets": program.targets.filter(in_force()).count(),
            "tasks": tasks.count(),
        },
        budget_total=program_budget_total(program),
    )
    data["goals"] = [
        {
            "id": g.pk,
            "section": g.section,
            "text": g.text,
            "line": g.line,
            "targets": [target_shape_basic(t) for t in g.targets.all() if is_in_force(t)],
        }
        for g in goals
    ]
    data["tasks"] = [task_with_status(t) for t in tasks]
    data["warnings"] = program.warnings
    return Response(data)


@extend_schema(
    operation_id="units_list",
    summary="Các đơn vị (sở, ngành, xã, doanh nghiệp)",
    tags=["Danh mục"],
    parameters=[
        oa.query("kind", "Loại đơn vị.", enum=list(Unit.Kind.values)),
        *oa.PAGE_PARAMETERS,
    ],
    responses=oa.responses({200: oa.page_of("Unit")}, oa.READ_ERRORS),
)
@api_view(["GET"])
def unit_list(request):
    units = Unit.objects.select_related("parent").prefetch_related("successors").order_by("code")
    kind = request.GET.get("kind")
    if kind:
        if kind not in Unit.Kind.values:
            raise ValidationError(
                {"kind": [f"Loại đơn vị phải là một trong {', '.join(Unit.Kind.values)}."]}
            )
        units = units.filter(kind=kind)
    return paginated(request, units, unit_shape)


@extend_schema(
    operation_id="tasks_list",
    summary="Các nhiệm vụ, với trạng thái đã đánh giá",
    tags=["Danh mục"],
    parameters=[
        oa.query("program", "Mã (id) chương trình.", int),
        oa.query("unit", "Mã đơn vị (gồm cả các đơn vị tiền thân)."),
        *oa.PAGE_PARAMETERS,
    ],
    responses=oa.responses({200: oa.page_of("Task")}, oa.READ_ERRORS),
)
@api_view(["GET"])
def task_list(request):
    visible = selectors.programs_visible_to(user=request.user).values("pk")
    tasks = (
        Task.objects.filter(in_force(), program__in=visible)
        .select_related("evaluation")
        .order_by("program", "order")
    )
    program = request.GET.get("program")
    if program:
        if not is_id(program):
            raise ValidationError({"program": ["Mã chương trình phải là số nguyên."]})
        tasks = tasks.filter(program_id=int(program))
    code = request.GET.get("unit")
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise ValidationError({"unit": [f"Không có đơn vị mã {short(code)!r}."]})
        tasks = tasks.filter(task_units__unit__in=selectors.unit_family(unit=unit)).distinct()
    return paginated(request, selectors.tasks_with_units(queryset=tasks), task_with_status)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([AllowAny])
def not_found(request, path: str = "") -> Response:
    """Any other path under /api/v1/: a JSON 404 in the API's error shape (not the HTML page).
    A path that only lacks its final "/" says so (a redirect would lose a POST's body)."""
    detail = MESSAGES_VI[404]
    if not path:
        # The API's root: say where its description is.
        detail = f"{detail} Tài liệu API: /api/v1/docs/; lược đồ OpenAPI 3: /api/v1/schema/."
    elif not request.path.endswith("/"):
        try:
            resolve(request.path + "/")
        except Resolver404:
            pass
        else:
            detail = f"{detail} Địa chỉ của API kết thúc bằng dấu “/”."
    return Response({"detail": detail, "errors": {}}, status=status.HTTP_404_NOT_FOUND)
