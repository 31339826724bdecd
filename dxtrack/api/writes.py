"""API v1 writes and reporting reads (DESIGN.md "API v1"): observations, task updates, the unit's
leader's approve/return of them, round status.

Authenticated by a token bound to one unit (`Authorization: Token dxt_…`); the same services and
rules as the web forms (`reporting.services`: `observation_write_api`, `task_update_write_api`,
`item_transition`); 400 with field errors, 403 for another unit's data, 409 for a stale version
or a locked round; `Idempotency-Key` makes a retried POST return the first response.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, NoReturn, Protocol, TypeVar, cast

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status as http
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import api_view, authentication_classes, parser_classes
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from dxtrack.api import openapi as oa
from dxtrack.api.auth import UnitTokenAuthentication
from dxtrack.api.errors import Conflict
from dxtrack.api.pagination import Pagination
from dxtrack.api.parsing import PARSERS, RequestFields, bad_string, request_body, short
from dxtrack.api.shapes import observation_shape, round_status_shape, task_update_shape
from dxtrack.core import permissions
from dxtrack.registry.models import Indicator, Task, Unit
from dxtrack.reporting import selectors, services
from dxtrack.reporting.models import Assignment, IdempotencyKey, Observation, Round, TaskUpdate

# The token first, so a missing or bad token is a 401 with WWW-Authenticate (not a 403).
AUTH = [UnitTokenAuthentication, SessionAuthentication]

Body = dict[str, Any]

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "maxLength": 200},
    location=OpenApiParameter.HEADER,
    required=False,
    description="Gửi lại cùng yêu cầu với cùng khóa: nhận lại câu trả lời đầu (không ghi hai "
    "lần); cùng khóa cho một yêu cầu khác: 409.",
)
Context = TypeVar("Context")


def _body(request: Request) -> Mapping[str, Any]:
    """The parsed body, checked (`parsing.request_body`): an object (JSON) or the form's fields."""
    return request_body(request)


def _user(request: Request) -> User:
    """The authenticated user (every write checks that first, `_require_unit_user`)."""
    return cast(User, request.user)


def _require_unit_user(request: Request) -> Unit:
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    unit = permissions.unit_of(request.user)
    if unit is None:
        raise PermissionDenied("Chỉ tài khoản của một đơn vị báo cáo mới được gửi số liệu.")
    return unit


def _own_unit_code(code: Any, unit: Unit, fields: RequestFields, *, what: str) -> None:
    """`unit_code` must be the token's unit: another existing unit's is a 403, an unknown one a
    field error. `what`: "số liệu" or "báo cáo", for the 403's message."""
    if code and code != unit.code:
        if Unit.objects.filter(code=code).exists():
            raise PermissionDenied(
                f"Mã truy cập của đơn vị {unit.code} không được gửi {what} của {code}."
            )
        fields.error("unit_code", f"Không có đơn vị mã {code!r}.")


def _assignment(
    *,
    kind: str,
    item_id: int | None,
    unit: Unit,
    period: str | None,
    round_id: int | None,
) -> Assignment | None:
    """The assignment the write answers: an open (or the given) round of that period.

    One query: the assignment with its round, unit and item (and the indicator's rule profile).
    """
    rounds = Round.objects.filter(period=period)
    if round_id is not None:
        rounds = rounds.filter(pk=round_id)
    field = "indicator_id" if kind == Assignment.Kind.INDICATOR else "task_id"
    related = (
        ["round", "unit", "indicator__profile"]
        if kind == Assignment.Kind.INDICATOR
        else ["round", "unit", "task"]
    )
    assignments = Assignment.objects.filter(
        round__in=rounds, unit=unit, kind=kind, **{field: item_id}
    )
    candidates = list(assignments.select_related(*related).order_by("-round__state", "-round_id"))
    if not candidates:
        return None
    opened = [a for a in candidates if a.round.state == Round.State.OPEN]
    return opened[0] if opened else candidates[0]


def _indicator_exists(indicator_id: int | None, fields: RequestFields) -> bool:
    if indicator_id is not None and not Indicator.objects.filter(pk=indicator_id).exists():
        fields.error("indicator", f"Không có chỉ số {indicator_id}.")
        return False
    return indicator_id is not None


def _assignment_missing(kind: str, unit: Unit, period: str | None, fields: RequestFields) -> None:
    fields.error(
        kind, f"Đơn vị {unit.code} không được phân công báo cáo mục này trong kỳ {period}."
    )


def _raise_service_error(exc: services.ReportingError) -> NoReturn:
    if isinstance(exc, (services.StaleVersion, services.Locked)):
        raise Conflict(exc.message)
    raise ValidationError(exc.errors or {"non_field_errors": [exc.message]})


def _request_digest(request: Request) -> str:
    payload = {
        k: (
            v
            if not hasattr(v, "read")
            else f"<file {getattr(v, 'name', '')} {getattr(v, 'size', '')}>"
        )
        for k, v in _body(request).items()
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _idempotent(
    request: Request,
    endpoint: str,
    handler: Callable[[Context], tuple[int, Body]],
    prepare: Callable[[], Context],
) -> Response:
    """Run `handler(prepare())` once per (user, Idempotency-Key); a retry gets the first response
    back.

    Everything runs in one transaction: `prepare` (the checks that answer 400, and the reads the
    write relies on, such as the round's state), the replay look-up, the write and the key row,
    so a crash stores neither data nor key; a concurrent duplicate waits on the key's unique index
    and then returns the stored response. `prepare` comes before the replay, as the checks did.
    """
    key = (request.headers.get("Idempotency-Key") or "").strip()
    if key and len(key) > 200:
        raise ValidationError({"Idempotency-Key": ["Khóa quá dài (tối đa 200 ký tự)."]})
    if key and bad_string(key):
        raise ValidationError({"Idempotency-Key": ["Khóa chứa ký tự không được phép."]})
    digest = _request_digest(request) if key else ""

    def replay() -> Response | None:
        stored = IdempotencyKey.objects.filter(user=_user(request), key=key).first()
        if stored is None:
            return None
        if stored.endpoint != endpoint or stored.request_hash != digest:
            raise Conflict("Idempotency-Key đã dùng cho một yêu cầu khác.")
        response = Response(stored.body, status=stored.status)
        response["Idempotent-Replayed"] = "true"
        return response

    try:
        with transaction.atomic():
            context = prepare()
            if key:
                earlier = replay()
                if earlier is not None:
                    return earlier
            status_code, body = handler(context)
            if key:
                IdempotencyKey.objects.create(
                    user=_user(request),
                    key=key,
                    endpoint=endpoint,
                    request_hash=digest,
                    status=status_code,
                    body=body,
                )
    except IntegrityError:
        earlier = replay() if key else None
        if earlier is None:
            raise
        return earlier
    return Response(body, status=status_code)


def _nothing() -> None:
    return None


# -- indicator values -------------------------------------------------------------------------------


@extend_schema(
    operation_id="observation_write",
    auth=oa.UNIT_AUTH,
    summary="Gửi (hoặc lưu nháp) số liệu của đơn vị cho một chỉ số và kỳ",
    tags=["Báo cáo"],
    parameters=[IDEMPOTENCY_KEY],
    request=oa.OBSERVATION_BODY,
    responses=oa.responses(
        {201: oa.ref("Observation"), 200: oa.ref("Observation")}, oa.WRITE_ERRORS
    ),
)
@api_view(["POST"])
@authentication_classes(AUTH)
@parser_classes(PARSERS)
def observation_create(request: Request) -> Response:
    unit = _require_unit_user(request)
    fields = RequestFields(_body(request))
    indicator_id = fields.integer("indicator")
    code = fields.raw("unit_code")
    period = fields.period()
    value = fields.raw("value")
    version = fields.integer("version", required=False)
    round_id = fields.integer("round", required=False)
    # A note not sent (None) keeps the stored one (the service reads the value anyway).
    note = fields.text("note") if fields.sent("note") else None
    submit = fields.flag("submit", default=True)
    _own_unit_code(code, unit, fields, what="số liệu")
    if fields.errors:
        _indicator_exists(indicator_id, fields)
        fields.raise_errors()

    def prepare() -> Assignment:
        # Inside the write's transaction: the round's state read here is the one the write checks.
        assignment = _assignment(
            kind=Assignment.Kind.INDICATOR,
            item_id=indicator_id,
            unit=unit,
            period=period,
            round_id=round_id,
        )
        if assignment is None:
            # No assignment: say first whether the indicator exists at all.
            if _indicator_exists(indicator_id, fields):
                _assignment_missing(Assignment.Kind.INDICATOR, unit, period, fields)
            fields.raise_errors()
            raise AssertionError("unreachable: an error was recorded")
        return assignment

    def handler(assignment: Assignment) -> tuple[int, Body]:
        try:
            obs, created = services.observation_write_api(
                acting_user=request.user,
                assignment=assignment,
                value=value,
                note=note,
                version=version,
                submit=submit,
            )
        except services.ReportingError as exc:
            _raise_service_error(exc)
        # The saved row as written (no second read): its unit, indicator and submitter are known.
        return (http.HTTP_201_CREATED if created else http.HTTP_200_OK), observation_shape(obs)

    return _idempotent(request, "observations", handler, prepare)


@extend_schema(
    operation_id="indicator_observations_list",
    summary="Các số liệu của một chỉ số (công khai: đã chấp nhận; đơn vị: cả của mình)",
    tags=["Báo cáo"],
    parameters=[
        oa.query("unit_code", "Mã đơn vị."),
        oa.query("unit", "Như unit_code."),
        oa.query("period", "Kỳ (2025Q4…)."),
        oa.query("state", "Trạng thái.", enum=list(Observation.State.values)),
        *oa.PAGE_PARAMETERS,
    ],
    responses=oa.responses({200: oa.page_of("Observation")}, oa.READ_ERRORS),
)
@api_view(["GET"])
@authentication_classes(AUTH)
def indicator_observations(request: Request, pk: int) -> Response:
    indicator = Indicator.objects.filter(pk=pk).first()
    if indicator is None:
        raise Http404
    rows = Observation.objects.filter(indicator=indicator).select_related("unit", "submitted_by")
    if not permissions.can_see_drafts(request.user):
        # The public sees accepted values; a unit also sees its own drafts and submissions.
        own = permissions.unit_of(request.user)
        visible = Q(state=Observation.State.ACCEPTED)
        if own is not None:
            visible |= Q(unit=own)
        rows = rows.filter(visible)
    code = request.GET.get("unit_code") or request.GET.get("unit")
    if code:
        rows = rows.filter(unit__code=code)
    period = request.GET.get("period")
    if period:
        rows = rows.filter(period=period)
    state = request.GET.get("state")
    if state:
        if state not in Observation.State.values:
            raise ValidationError(
                {"state": [f"Trạng thái phải là một trong {', '.join(Observation.State.values)}."]}
            )
        rows = rows.filter(state=state)
    paginator = Pagination()
    page = paginator.paginate_queryset(rows.order_by("period", "unit__code", "pk"), request) or []
    return paginator.get_paginated_response([observation_shape(o) for o in page])


# -- task updates ---------------------------------------------------------------------------------


def _evidence_files(request: Request) -> list[tuple[str, bytes]]:
    files = []
    for upload in request.FILES.getlist("evidence"):
        if upload.size is not None and upload.size > services.settings_evidence_max():
            raise ValidationError({"evidence": [f"{short(upload.name)}: tệp quá lớn."]})
        files.append((upload.name or "", upload.read()))
    return files


#: The free texts of a task update, and with them every field a write may leave out to keep the
#: stored update's value (docs/reporting.md, "a field not sent is not changed").
TASK_UPDATE_TEXTS = ("narrative", "difficulties", "proposals", "note")
TASK_UPDATE_KEPT = (
    *TASK_UPDATE_TEXTS,
    "percent_done",
    "expected_completion",
    "completed_on",
    "disbursed",
)


@extend_schema(
    operation_id="task_update_write",
    auth=oa.UNIT_AUTH,
    summary="Gửi (hoặc lưu nháp) báo cáo tiến độ một nhiệm vụ, có thể kèm minh chứng",
    tags=["Báo cáo"],
    parameters=[IDEMPOTENCY_KEY],
    request=oa.TASK_UPDATE_BODY,
    responses=oa.responses({201: oa.ref("TaskUpdate"), 200: oa.ref("TaskUpdate")}, oa.WRITE_ERRORS),
)
@api_view(["POST"])
@authentication_classes(AUTH)
@parser_classes(PARSERS)
def task_update_create(request: Request) -> Response:
    unit = _require_unit_user(request)
    fields = RequestFields(_body(request))
    task_id = fields.integer("task")
    code = fields.raw("unit_code")
    period = fields.period()
    progress = fields.raw("progress")
    version = fields.integer("version", required=False)
    round_id = fields.integer("round", required=False)
    expected = fields.day("expected_completion")
    completed_on = fields.day("completed_on")
    disbursed = fields.raw("disbursed", required=False)
    submit = fields.flag("submit", default=True)
    sent = {name: fields.sent(name) for name in TASK_UPDATE_KEPT}
    percent_done = fields.raw("percent_done", required=False)
    texts = {name: fields.text(name) for name in TASK_UPDATE_TEXTS}
    if progress and progress not in TaskUpdate.Progress.values:
        fields.error("progress", f"Phải là một trong {', '.join(TaskUpdate.Progress.values)}.")
    _own_unit_code(code, unit, fields, what="báo cáo")
    if task_id is not None and not Task.objects.filter(pk=task_id).exists():
        fields.error("task", f"Không có nhiệm vụ {task_id}.")
    fields.raise_errors()
    assignment = _assignment(
        kind=Assignment.Kind.TASK, item_id=task_id, unit=unit, period=period, round_id=round_id
    )
    if assignment is None:
        _assignment_missing(Assignment.Kind.TASK, unit, period, fields)
        fields.raise_errors()
        raise AssertionError("unreachable: an error was recorded")
    files = _evidence_files(request)

    def prepare() -> services.TaskUpdateData:
        """The update's data: what was sent, and for a field not sent the stored update's value
        (read in the write's transaction, locked); a new update starts empty."""
        stored = None
        if not all(sent.values()):
            stored = (
                TaskUpdate.objects.select_for_update()
                .filter(task=assignment.task, unit=unit, period=period)
                .first()
            )
        percent = percent_done
        if not sent["percent_done"]:
            # A task now reported completed gets 100 unless a percentage is sent.
            keep = stored is not None and progress != TaskUpdate.Progress.COMPLETED
            percent = stored.percent_done if keep and stored is not None else None
        kept = {
            name: value if sent[name] else (getattr(stored, name) if stored is not None else "")
            for name, value in texts.items()
        }
        # A task no longer reported completed drops its stored day unless one is sent.
        day = completed_on
        if not sent["completed_on"] and stored is not None:
            done = progress == TaskUpdate.Progress.COMPLETED
            day = stored.completed_on if done else None
        money = disbursed if sent["disbursed"] or stored is None else stored.disbursed
        return services.TaskUpdateData(
            progress=str(progress),
            percent_done=percent,
            expected_completion=(
                expected
                if sent["expected_completion"] or stored is None
                else stored.expected_completion
            ),
            completed_on=day,
            disbursed=money,
            **kept,
        )

    def handler(payload: services.TaskUpdateData) -> tuple[int, Body]:
        try:
            update, created = services.task_update_write_api(
                acting_user=request.user,
                assignment=assignment,
                data=payload,
                version=version,
                submit=submit,
                files=files,
            )
        except services.ReportingError as exc:
            _raise_service_error(exc)
        update = TaskUpdate.objects.select_related("unit", "submitted_by").get(pk=update.pk)
        return (http.HTTP_201_CREATED if created else http.HTTP_200_OK), task_update_shape(update)

    return _idempotent(request, "task-updates", handler, prepare)


# -- the unit's leader signs off through the API (ký duyệt) ---------------------------------------


class _ItemReader(Protocol):
    """An access helper of `reporting.selectors` for one item (`observation_for_user`, …)."""

    def __call__(self, *, user: User | AnonymousUser, pk: int) -> Observation | TaskUpdate: ...


_DECIDED_ITEMS: dict[str, tuple[_ItemReader, Callable[[Any], Body]]] = {
    # URL segment → (the item as its user may read it, its shape)
    "observations": (selectors.observation_for_user, observation_shape),
    "task-updates": (selectors.task_update_for_user, task_update_shape),
}


@extend_schema(
    summary="Lãnh đạo đơn vị ký duyệt hoặc trả lại một mục đang chờ duyệt",
    auth=oa.UNIT_AUTH,
    tags=["Báo cáo"],
    parameters=[IDEMPOTENCY_KEY],
    request=oa.DECISION_BODY,
    # 200: the item's shape, Observation or TaskUpdate by the path (openapi.postprocess).
    responses=oa.responses({200: oa.ref("Observation")}, oa.WRITE_ERRORS),
)
@api_view(["POST"])
@authentication_classes(AUTH)
@parser_classes(PARSERS)
def unit_decision(request: Request, pk: int, *, kind: str, approve: bool) -> Response:
    """`pending_approval` → `submitted` (approve: the unit's leader sends the item to the
    coordinator) or → `draft` with the leader's comment, required (return: back to the reporter).
    `kind` and `approve` come from the URL (api/urls.py). As the web view does: the access helper
    first (404 unknown, 403 another unit), then only the unit's approver (403)."""
    _require_unit_user(request)
    read, shape = _DECIDED_ITEMS[kind]
    item = read(user=request.user, pk=pk)
    permissions.require(
        permissions.can_approve_for(request.user, item.unit), str(services.APPROVER_ONLY)
    )
    # `version` is required: an agency's system approves the version it showed its leader, not
    # whatever the reporter resubmitted meanwhile. Whether a comment is required (a return) is
    # the workflow's rule, not repeated here.
    fields = RequestFields(_body(request))
    version = fields.integer("version")
    comment = fields.string("comment")
    fields.raise_errors()
    transition = services.Transition.APPROVE if approve else services.Transition.UNIT_RETURN
    verb = "approve" if approve else "return"

    def handler(_context: None) -> tuple[int, Body]:
        try:
            decided = services.item_transition(
                acting_user=request.user,
                item=item,
                transition=transition,
                comment=comment,
                version=version,
                via="api",
            )
        except services.ReportingError as exc:
            _raise_service_error(exc)
        return http.HTTP_200_OK, shape(decided)

    return _idempotent(request, f"{kind}/{pk}/{verb}", handler, _nothing)


# -- rounds -------------------------------------------------------------------------------------------


@extend_schema(
    operation_id="round_status_retrieve",
    auth=oa.UNIT_AUTH,
    summary="Tình trạng một kỳ báo cáo: đã nộp, đã chấp nhận, còn thiếu theo đơn vị",
    tags=["Báo cáo"],
    responses=oa.responses({200: oa.ref("RoundStatus")}, (*oa.READ_ERRORS, 403)),
)
@api_view(["GET"])
@authentication_classes(AUTH)
def round_status(request: Request, pk: int) -> Response:
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    units = None
    if not selectors.can_follow_rounds(user=request.user):
        units = [permissions.unit_of(request.user)]
    table = selectors.completeness(rnd=rnd, units=units)
    return Response(
        round_status_shape(
            rnd,
            totals=selectors.completeness_totals(table=table),
            units=[s.as_dict(rnd) for s in table.values()],
        )
    )
