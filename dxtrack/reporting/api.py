"""API v1 writes and reporting reads (DESIGN.md "API v1"): observations, task updates, the unit's
leader's approve/return of them, round status.

Authenticated by a token bound to one unit (`Authorization: Token dxt_…`); the same services and
rules as the web forms; 400 with field errors, 403 for another unit's data, 409 for a stale
version or a locked round; `Idempotency-Key` makes a retried POST return the first response.
"""

import hashlib
import json
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from rest_framework import status as http
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import api_view, authentication_classes, parser_classes
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from dxtrack.api.auth import UnitTokenAuthentication
from dxtrack.api.errors import Conflict
from dxtrack.api.pagination import Pagination
from dxtrack.core import permissions
from dxtrack.core.periods import Period
from dxtrack.registry.models import Indicator, Observation, Task, Unit
from dxtrack.reporting import selectors, services
from dxtrack.reporting.models import Assignment, IdempotencyKey, Round, TaskUpdate

# The token first, so a missing or bad token is a 401 with WWW-Authenticate (not a 403).
AUTH = [UnitTokenAuthentication, SessionAuthentication]


def observation_shape(o: Observation) -> dict:
    return {
        "id": o.pk,
        "indicator": o.indicator_id,
        "unit_code": o.unit.code,
        "period": o.period,
        "value": o.value,
        "state": o.state,
        "source": o.source_kind,
        "submitted_by": o.submitted_by.get_username() if o.submitted_by_id else None,
        "submitted_at": o.submitted_at.isoformat() if o.submitted_at else None,
        "version": o.version,
        "note": o.note or None,
        "round": o.round_id,
        "flags": o.flags,
        "review_comment": o.review_comment or None,
    }


def task_update_shape(u: TaskUpdate) -> dict:
    return {
        "id": u.pk,
        "task": u.task_id,
        "unit_code": u.unit.code,
        "period": u.period,
        "progress": u.progress,
        "percent_done": u.percent_done,
        "narrative": u.narrative,
        "difficulties": u.difficulties,
        "proposals": u.proposals,
        "expected_completion": u.expected_completion.isoformat() if u.expected_completion else None,
        "state": u.state,
        "version": u.version,
        "round": u.round_id,
        "submitted_by": u.submitted_by.get_username() if u.submitted_by_id else None,
        "submitted_at": u.submitted_at.isoformat() if u.submitted_at else None,
        "evidence": [
            {"id": e.pk, "name": e.original_name, "sha256": e.sha256, "size": e.size}
            for e in u.evidence.all()
        ],
        "review_comment": u.review_comment or None,
    }


def _require_unit_user(request) -> Unit:
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    unit = permissions.unit_of(request.user)
    if unit is None:
        raise PermissionDenied("Chỉ tài khoản của một đơn vị báo cáo mới được gửi số liệu.")
    return unit


def _field(data, name, errors, *, required=True):
    value = data.get(name)
    if required and value in (None, ""):
        errors.setdefault(name, []).append("Trường này là bắt buộc.")
    return value


def _period(value, errors) -> str | None:
    if value in (None, ""):
        return None
    try:
        return Period.parse(str(value)).code
    except ValueError as exc:
        errors.setdefault("period", []).append(str(exc))
        return None


def _int(data, name, errors, *, required=True):
    value = _field(data, name, errors, required=required)
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        errors.setdefault(name, []).append("Phải là số nguyên.")
        return None
    try:
        number = int(str(value))
    except ValueError:
        errors.setdefault(name, []).append("Phải là số nguyên.")
        return None
    return number


def _assignment(*, kind, item_id, unit, period, round_id, errors) -> Assignment | None:
    """The assignment the write answers: an open (or the given) round of that period.

    One query: the assignment with its round, unit and item (and the indicator's rule profile).
    """
    rounds = Round.objects.filter(period=period)
    if round_id is not None:
        rounds = rounds.filter(pk=round_id)
    field = "indicator_id" if kind == "indicator" else "task_id"
    related = (
        ["round", "unit", "indicator__profile"]
        if kind == "indicator"
        else ["round", "unit", "task"]
    )
    candidates = list(
        Assignment.objects.filter(round__in=rounds, unit=unit, kind=kind, **{field: item_id})
        .select_related(*related)
        .order_by("-round__state", "-round_id")
    )
    if not candidates:
        _assignment_missing(kind, unit, period, errors)
        return None
    opened = [a for a in candidates if a.round.state == Round.State.OPEN]
    return opened[0] if opened else candidates[0]


def _indicator_exists(indicator_id, errors) -> bool:
    if indicator_id is not None and not Indicator.objects.filter(pk=indicator_id).exists():
        errors.setdefault("indicator", []).append(f"Không có chỉ số {indicator_id}.")
        return False
    return indicator_id is not None


def _assignment_missing(kind, unit, period, errors) -> None:
    errors.setdefault(kind, []).append(
        f"Đơn vị {unit.code} không được phân công báo cáo mục này trong kỳ {period}."
    )


def _raise_service_error(exc: services.ReportingError):
    if isinstance(exc, (services.StaleVersion, services.Locked)):
        raise Conflict(exc.message)
    raise ValidationError(exc.errors or {"non_field_errors": [exc.message]})


def _idempotent(request, endpoint: str, handler, prepare=None):
    """Run `handler(prepare())` once per (user, Idempotency-Key); a retry gets the first response back.

    Everything runs in one transaction: `prepare` (the checks that answer 400, and the reads the
    write relies on, such as the round's state), the replay look-up, the write and the key row,
    so a crash stores neither data nor key; a concurrent duplicate waits on the key's unique index
    and then returns the stored response. `prepare` comes before the replay, as the checks did.
    """
    key = (request.headers.get("Idempotency-Key") or "").strip()
    if key and len(key) > 200:
        raise ValidationError({"Idempotency-Key": ["Khóa quá dài (tối đa 200 ký tự)."]})
    digest = None
    if key:
        payload = {
            k: (
                v
                if not hasattr(v, "read")
                else f"<file {getattr(v, 'name', '')} {getattr(v, 'size', '')}>"
            )
            for k, v in request.data.items()
        }
        digest = hashlib.sha256(
            json.dumps(payload, sort_keys=True, default=str).encode()
        ).hexdigest()

    def replay():
        stored = IdempotencyKey.objects.filter(user=request.user, key=key).first()
        if stored is None:
            return None
        if stored.endpoint != endpoint or stored.request_hash != digest:
            raise Conflict("Idempotency-Key đã dùng cho một yêu cầu khác.")
        response = Response(stored.body, status=stored.status)
        response["Idempotent-Replayed"] = "true"
        return response

    try:
        with transaction.atomic():
            context = prepare() if prepare is not None else None
            if key:
                earlier = replay()
                if earlier is not None:
                    return earlier
            status_code, body = handler(context)
            if key:
                IdempotencyKey.objects.create(
                    user=request.user,
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


@api_view(["POST"])
@authentication_classes(AUTH)
@parser_classes([JSONParser, FormParser, MultiPartParser])
def observation_create(request):
    unit = _require_unit_user(request)
    data = request.data
    errors: dict[str, list[str]] = {}
    indicator_id = _int(data, "indicator", errors)
    code = _field(data, "unit_code", errors)
    period = _period(_field(data, "period", errors), errors)
    value = _field(data, "value", errors)
    version = _int(data, "version", errors, required=False)
    round_id = _int(data, "round", errors, required=False)
    note = str(data.get("note") or "")
    submit = str(data.get("submit", "true")).lower() not in ("false", "0", "no")
    if code and code != unit.code:
        if Unit.objects.filter(code=code).exists():
            raise PermissionDenied(
                f"Mã truy cập của đơn vị {unit.code} không được gửi số liệu của {code}."
            )
        errors.setdefault("unit_code", []).append(f"Không có đơn vị mã {code!r}.")
    if errors:
        _indicator_exists(indicator_id, errors)
        raise ValidationError(errors)

    def prepare():
        # Inside the write's transaction: the round's state read here is the one the write checks.
        assignment = _assignment(
            kind="indicator",
            item_id=indicator_id,
            unit=unit,
            period=period,
            round_id=round_id,
            errors=errors,
        )
        if assignment is None:
            # No assignment: say first whether the indicator exists at all (as before).
            errors.clear()
            if _indicator_exists(indicator_id, errors):
                _assignment_missing("indicator", unit, period, errors)
            raise ValidationError(errors)
        return assignment

    def handler(assignment):
        try:
            obs, created = services.observation_write(
                acting_user=request.user,
                assignment=assignment,
                value=value,
                note=note,
                version=version,
                version_if_new=False,
                submit=submit,
                via="api",
                round_read_in_transaction=True,
                caller_rolls_back=True,
            )
        except services.ReportingError as exc:
            _raise_service_error(exc)
        # The saved row as written (no second read): its unit, indicator and submitter are known.
        return (http.HTTP_201_CREATED if created else http.HTTP_200_OK), observation_shape(obs)

    return _idempotent(request, "observations", handler, prepare)


@api_view(["GET"])
@authentication_classes(AUTH)
def indicator_observations(request, pk: int):
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
    page = paginator.paginate_queryset(rows.order_by("period", "unit__code", "pk"), request)
    return paginator.get_paginated_response([observation_shape(o) for o in page])


def _date(value, errors):
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault("expected_completion", []).append("Ngày phải có dạng YYYY-MM-DD.")
        return None


@api_view(["POST"])
@authentication_classes(AUTH)
@parser_classes([JSONParser, FormParser, MultiPartParser])
def task_update_create(request):
    unit = _require_unit_user(request)
    data = request.data
    errors: dict[str, list[str]] = {}
    task_id = _int(data, "task", errors)
    code = _field(data, "unit_code", errors)
    period = _period(_field(data, "period", errors), errors)
    progress = _field(data, "progress", errors)
    version = _int(data, "version", errors, required=False)
    round_id = _int(data, "round", errors, required=False)
    expected = _date(data.get("expected_completion"), errors)
    submit = str(data.get("submit", "true")).lower() not in ("false", "0", "no")
    if progress and progress not in TaskUpdate.Progress.values:
        errors.setdefault("progress", []).append(
            f"Phải là một trong {', '.join(TaskUpdate.Progress.values)}."
        )
    if code and code != unit.code:
        if Unit.objects.filter(code=code).exists():
            raise PermissionDenied(
                f"Mã truy cập của đơn vị {unit.code} không được gửi báo cáo của {code}."
            )
        errors.setdefault("unit_code", []).append(f"Không có đơn vị mã {code!r}.")
    if task_id is not None and not Task.objects.filter(pk=task_id).exists():
        errors.setdefault("task", []).append(f"Không có nhiệm vụ {task_id}.")
    if errors:
        raise ValidationError(errors)
    assignment = _assignment(
        kind="task", item_id=task_id, unit=unit, period=period, round_id=round_id, errors=errors
    )
    if errors:
        raise ValidationError(errors)
    files = []
    if hasattr(request, "FILES"):
        for upload in request.FILES.getlist("evidence"):
            if upload.size > services.settings_evidence_max():
                raise ValidationError({"evidence": [f"{upload.name}: tệp quá lớn."]})
            files.append((upload.name, upload.read()))
    payload = services.TaskUpdateData(
        progress=progress,
        percent_done=data.get("percent_done"),
        narrative=str(data.get("narrative") or ""),
        difficulties=str(data.get("difficulties") or ""),
        proposals=str(data.get("proposals") or ""),
        expected_completion=expected,
        note=str(data.get("note") or ""),
    )

    def handler(_context):
        existing = TaskUpdate.objects.filter(task=assignment.task, unit=unit, period=period).first()
        try:
            update = services.task_update_save(
                acting_user=request.user,
                assignment=assignment,
                data=payload,
                version=version if existing is not None else None,
                submit=submit,
                via="api",
                files=files,
            )
        except services.ReportingError as exc:
            _raise_service_error(exc)
        update = TaskUpdate.objects.select_related("unit", "submitted_by").get(pk=update.pk)
        return (http.HTTP_201_CREATED if existing is None else http.HTTP_200_OK), task_update_shape(
            update
        )

    return _idempotent(request, "task-updates", handler)


# -- the unit's leader signs off through the API (ký duyệt) ---------------------------------------


def _unit_decision_body(data) -> tuple[str, int]:
    """(comment, version) of an approve/return body; 400 with field errors otherwise.

    `version` is required: an agency's system approves the version it showed its leader, not
    whatever the reporter resubmitted meanwhile. Whether a comment is required (a return) is the
    service's rule, not repeated here."""
    errors: dict[str, list[str]] = {}
    version = _int(data, "version", errors)
    comment = data.get("comment")
    if comment is None:
        comment = ""
    elif not isinstance(comment, str):
        errors.setdefault("comment", []).append("Phải là chuỗi ký tự.")
    if errors:
        raise ValidationError(errors)
    return comment, version


def _decide_on_item(request, *, item, endpoint: str, approve: bool, shape):
    """Run the unit's leader's decision on `item` once per Idempotency-Key, as the web view does:
    access helper first (404 unknown, 403 another unit), then only the unit's approver (403)."""
    permissions.require(
        permissions.can_approve_for(request.user, item.unit), services.APPROVER_ONLY
    )
    comment, version = _unit_decision_body(request.data)
    decide = services.item_approve if approve else services.item_return_to_reporter

    def handler(_context):
        try:
            decided = decide(
                acting_user=request.user, item=item, comment=comment, version=version, via="api"
            )
        except services.ReportingError as exc:
            _raise_service_error(exc)
        return http.HTTP_200_OK, shape(decided)

    return _idempotent(request, endpoint, handler)


_DECIDED_ITEMS = {
    # URL segment → (the item as its user may read it, its shape)
    "observations": (selectors.observation_for_user, observation_shape),
    "task-updates": (selectors.task_update_for_user, task_update_shape),
}


@api_view(["POST"])
@authentication_classes(AUTH)
@parser_classes([JSONParser, FormParser, MultiPartParser])
def unit_decision(request, pk: int, *, kind: str, approve: bool):
    """`pending_approval` → `submitted` (approve: the unit's leader sends the item to the
    coordinator) or → `draft` with the leader's comment, required (return: back to the reporter).
    `kind` and `approve` come from the URL (api_urls.py)."""
    _require_unit_user(request)
    read, shape = _DECIDED_ITEMS[kind]
    item = read(request.user, pk)
    verb = "approve" if approve else "return"
    return _decide_on_item(
        request, item=item, endpoint=f"{kind}/{pk}/{verb}", approve=approve, shape=shape
    )


@api_view(["GET"])
@authentication_classes(AUTH)
def round_status(request, pk: int):
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    rnd = selectors.round_for_user(request.user, pk)
    units = None
    if not selectors.can_follow_rounds(request.user):
        units = [permissions.unit_of(request.user)]
    table = selectors.completeness(rnd=rnd, units=units)
    return Response(
        {
            "id": rnd.pk,
            "title": rnd.title,
            "period": rnd.period,
            "state": rnd.state,
            "programs": [p.pk for p in rnd.programs.all()],
            "window_start": rnd.window_start.isoformat(),
            "window_end": rnd.window_end.isoformat(),
            "due_date": rnd.due_date.isoformat(),
            "totals": selectors.completeness_totals(table),
            "units": [s.as_dict(rnd) for s in table.values()],
        }
    )
