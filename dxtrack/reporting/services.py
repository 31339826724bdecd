"""Reporting writes. Each action runs in one transaction and writes its audit row in it.

Errors are raised, never returned: `ReportingError` carries field errors (400 in the API, the
messages next to the fields in a form), `StaleVersion` a lost race (409), `Locked` a round that
is not open (409).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from dxtrack.core import permissions
from dxtrack.core.audit import audit_record, changed, snapshot
from dxtrack.core.periods import Period, due_date, reporting_window
from dxtrack.registry.models import Observation, Unit
from dxtrack.reporting import evidence as evidence_checks
from dxtrack.reporting import hooks, rules, selectors
from dxtrack.reporting.models import (
    Assignment,
    Evidence,
    Notice,
    Round,
    TaskUpdate,
    UnitApprovalPolicy,
    ValueRevision,
)


class ReportingError(Exception):
    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class StaleVersion(ReportingError):
    pass


class Locked(ReportingError):
    pass


STALE_MESSAGE = gettext_lazy(
    "Mục này vừa được người khác cập nhật (phiên bản hiện tại {current}, bạn "
    "đang sửa phiên bản {given}). Thay đổi của bạn chưa được lưu: hãy tải lại "
    "trang, xem giá trị mới rồi nhập lại."
)
EDITABLE = {"draft", "returned"}
SUBMITTED = "submitted"
PENDING_APPROVAL = "pending_approval"


def _actor_name(user, via: str) -> str:
    if getattr(user, "is_authenticated", False):
        return user.get_username()
    return via


def _require_writer(user, unit: Unit) -> None:
    if user is None:  # the command line, run by the operator
        return
    if not permissions.can_report_for(user, unit):
        raise PermissionDenied(selectors.REFUSED)


def _require_open(rnd: Round) -> None:
    if rnd.state == Round.State.CLOSED:
        raise Locked(
            gettext(
                "Kỳ báo cáo đã khoá: không thể thay đổi số liệu. Liên hệ cơ quan điều phối "
                "nếu cần mở lại."
            )
        )
    if rnd.state != Round.State.OPEN:
        raise Locked(gettext("Kỳ báo cáo chưa mở."))


def _check_version(item, version) -> None:
    current = item.version if item is not None else 0
    if version is None or version == "":
        if item is not None and item.pk is not None:
            # Saving over an existing item needs the version it was read at.
            raise StaleVersion(
                STALE_MESSAGE.format(current=current, given=gettext("(không rõ)")),
                {"version": [gettext("Thiếu phiên bản của mục đang sửa.")]},
            )
        return
    try:
        given = int(version)
    except (TypeError, ValueError):
        raise ReportingError(
            gettext("Phiên bản không hợp lệ."),
            {"version": [gettext("Phiên bản phải là số nguyên.")]},
        ) from None
    if given != current:
        raise StaleVersion(
            STALE_MESSAGE.format(current=current, given=given),
            {"version": [gettext("Phiên bản hiện tại là %(current)s.") % {"current": current}]},
        )


def _revision(item, *, user, action: str, via: str, data: dict, comment: str = "") -> None:
    kwargs = {"observation": item} if isinstance(item, Observation) else {"task_update": item}
    ValueRevision.objects.create(
        version=item.version,
        action=action,
        state=item.state,
        data=data,
        comment=comment,
        actor=user if getattr(user, "is_authenticated", False) else None,
        actor_name=_actor_name(user, via),
        via=via,
        **kwargs,
    )


def _errors(findings) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for finding in findings:
        if finding.blocking:
            errors.setdefault(finding.field, []).append(finding.message)
    return errors


# -- the unit's own sign-off (ký duyệt của lãnh đạo đơn vị) -------------------------------------


def unit_approval_required(*, unit: Unit) -> bool:
    """Whether what the unit's reporters send waits for the unit's leader before it reaches the
    coordinator: the unit's `UnitApprovalPolicy`, else the setting `REPORTING_UNIT_APPROVAL`
    (default on); and in either case only if the unit has an active approver account (a unit
    without one sends straight to the coordinator). One plain statement: it runs on every write
    of the API, where compiling the equivalent ORM query (a subquery and an EXISTS) cost more
    than running it."""
    with connection.cursor() as cursor:
        cursor.execute(_approval_sql(), [unit.pk, unit.pk, permissions.APPROVER])
        policy, has_approver = cursor.fetchone()
    required = settings.REPORTING_UNIT_APPROVAL if policy is None else bool(policy)
    return bool(required and has_approver)


@functools.cache
def _approval_sql() -> str:
    """Built on first use: the table names are known only once the apps are loaded."""
    from django.contrib.auth import get_user_model

    from dxtrack.registry.models import Role

    return (
        f"SELECT (SELECT approval_required FROM {UnitApprovalPolicy._meta.db_table} WHERE unit_id = %s), "
        f"EXISTS (SELECT 1 FROM {Role._meta.db_table} r JOIN {get_user_model()._meta.db_table} u "
        f"ON u.id = r.user_id WHERE r.unit_id = %s AND r.name = %s AND u.is_active)"
    )


def sent_state(*, acting_user, unit: Unit) -> str:
    """Where a "send" by this user goes: the unit's approver submits to the coordinator
    (`submitted`); a reporter's (or the operator's, from the command line) waits for the unit's
    leader (`pending_approval`) when the unit needs that step."""
    if acting_user is not None and permissions.can_approve_for(acting_user, unit):
        return SUBMITTED
    return PENDING_APPROVAL if unit_approval_required(unit=unit) else SUBMITTED


def _mark_sent(item, *, acting_user, to: str, now) -> None:
    """Move an item to `to` (`submitted` or `pending_approval`). Only reaching the coordinator
    sets `submitted_by`/`submitted_at`/`first_submitted_at`: timeliness (Nghị định 09 due date)
    counts the time the unit's report reached the coordinator, not the internal step."""
    item.state = to
    if to == SUBMITTED:
        item.submitted_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
        item.submitted_at = now
        item.first_submitted_at = item.first_submitted_at or now


def _send_action(to: str) -> str:
    return "submit" if to == SUBMITTED else "send_for_approval"


# -- rounds ------------------------------------------------------------------------------------


def round_create(
    *, acting_user, programs, period: str, working_days: int, title: str = "", propose: bool = True
) -> Round:
    permissions.require(permissions.can_review_rounds(acting_user))
    try:
        p = Period.parse(period)
    except ValueError as exc:
        raise ReportingError(str(exc), {"period": [str(exc)]}) from None
    programs = list(programs)
    if not programs:
        raise ReportingError(
            gettext("Chọn ít nhất một chương trình."),
            {"programs": [gettext("Chọn ít nhất một chương trình.")]},
        )
    if working_days < 0 or working_days > 60:
        raise ReportingError(
            gettext("Số ngày làm việc không hợp lệ."),
            {"working_days": [gettext("Số ngày làm việc sau ngày chốt phải từ 0 đến 60.")]},
        )
    start, end = reporting_window(p)
    with transaction.atomic():
        rnd = Round.objects.create(
            title=title.strip()
            or f"Báo cáo {p.label_vi} — " + ", ".join(pr.number or str(pr) for pr in programs),
            period=p.code,
            window_start=start,
            window_end=end,
            due_date=due_date(p, working_days),
            created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        rnd.programs.set(programs)
        proposal = (
            selectors.assignments_proposed(programs=programs, period=p.code) if propose else None
        )
        if proposal:
            Assignment.objects.bulk_create(
                [
                    Assignment(
                        round=rnd,
                        unit=unit,
                        kind=kind,
                        role=role,
                        indicator=item if kind == Assignment.Kind.INDICATOR else None,
                        task=item if kind == Assignment.Kind.TASK else None,
                    )
                    for unit, kind, role, item in proposal.items
                ]
            )
        audit_record(
            actor=acting_user,
            action="round.create",
            obj=rnd,
            after={
                **snapshot(rnd),
                "programs": [pr.pk for pr in programs],
                "assignments": rnd.assignments.count(),
                "not_assigned": proposal.skipped if proposal else [],
            },
        )
    return rnd


def _state_now(pk) -> str:
    return Round.objects.filter(pk=pk).values_list("state", flat=True).first()


def assignment_add(
    *,
    acting_user,
    rnd: Round,
    unit: Unit,
    kind: str,
    role: str = "report",
    indicator=None,
    task=None,
) -> Assignment:
    permissions.require(permissions.can_review_rounds(acting_user))
    if _state_now(rnd.pk) == Round.State.CLOSED:
        raise Locked(gettext("Kỳ báo cáo đã khoá."))
    if (kind == Assignment.Kind.INDICATOR) == (indicator is None) or (
        kind == Assignment.Kind.TASK
    ) == (task is None):
        raise ReportingError(
            gettext("Chọn một chỉ số hoặc một nhiệm vụ."),
            {"item": [gettext("Chọn một chỉ số hoặc một nhiệm vụ.")]},
        )
    if role not in Assignment.Role.values:
        raise ReportingError(
            gettext("Vai trò không hợp lệ."), {"role": [gettext("Vai trò không hợp lệ.")]}
        )
    with transaction.atomic():
        existing = Assignment.objects.filter(
            round=rnd, unit=unit, indicator=indicator, task=task
        ).first()
        if existing is not None:
            raise ReportingError(
                gettext("Đơn vị đã được phân công mục này."),
                {"item": [gettext("Đã có phân công này.")]},
            )
        assignment = Assignment.objects.create(
            round=rnd, unit=unit, kind=kind, role=role, indicator=indicator, task=task
        )
        audit_record(
            actor=acting_user,
            action="assignment.add",
            obj=assignment,
            after=snapshot(assignment),
            unit_code=unit.code,
        )
    return assignment


def assignment_remove(*, acting_user, assignment: Assignment) -> None:
    permissions.require(permissions.can_review_rounds(acting_user))
    if _state_now(assignment.round_id) == Round.State.CLOSED:
        raise Locked(gettext("Kỳ báo cáo đã khoá."))
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="assignment.remove",
            obj=assignment,
            before=snapshot(assignment),
            unit_code=assignment.unit.code,
        )
        assignment.delete()


def _round_state(
    *, acting_user, rnd: Round, to: str, action: str, allowed_from: set[str], comment: str = ""
) -> Round:
    permissions.require(permissions.can_review_rounds(acting_user))
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=rnd.pk)
        if rnd.state not in allowed_from:
            raise ReportingError(
                gettext("Không thể chuyển kỳ báo cáo từ trạng thái “%(state)s”.")
                % {"state": rnd.get_state_display()}
            )
        before = snapshot(rnd)
        rnd.state = to
        now = timezone.now()
        if to == Round.State.OPEN:
            rnd.opened_at = now
            rnd.closed_at = None
        else:
            rnd.closed_at = now
        rnd.save()
        audit_record(
            actor=acting_user,
            action=action,
            obj=rnd,
            comment=comment,
            before=changed(before, snapshot(rnd))[0],
            after=changed(before, snapshot(rnd))[1],
        )
    return rnd


def round_open(*, acting_user, rnd: Round) -> Round:
    return _round_state(
        acting_user=acting_user,
        rnd=rnd,
        to=Round.State.OPEN,
        action="round.open",
        allowed_from={Round.State.DRAFT},
    )


def round_close(*, acting_user, rnd: Round) -> Round:
    return _round_state(
        acting_user=acting_user,
        rnd=rnd,
        to=Round.State.CLOSED,
        action="round.close",
        allowed_from={Round.State.OPEN},
    )


def round_reopen(*, acting_user, rnd: Round, reason: str) -> Round:
    if not (reason or "").strip():
        raise ReportingError(
            gettext("Cần nêu lý do mở lại."),
            {"reason": [gettext("Cần nêu lý do mở lại kỳ báo cáo.")]},
        )
    return _round_state(
        acting_user=acting_user,
        rnd=rnd,
        to=Round.State.OPEN,
        action="round.reopen",
        allowed_from={Round.State.CLOSED},
        comment=reason.strip(),
    )


# -- indicator values ----------------------------------------------------------------------------

OBS_FIELDS = ["value", "note", "state", "version", "flags", "review_comment"]
#: What a save of a reported value changes (an UPDATE of these columns only).
OBS_SAVE_FIELDS = [
    "value",
    "note",
    "flags",
    "round",
    "source_kind",
    "version",
    "state",
    "submitted_by",
    "submitted_at",
    "first_submitted_at",
    "updated_at",
]


def observation_check(*, assignment: Assignment, value, note: str = "", earlier=None):
    """Run the rules on a value for an assignment: (parsed value, findings).

    `earlier`: the unit's accepted values of earlier periods, latest first, when the caller has
    read them already (`selectors.reported_and_previous`)."""
    indicator, unit, period = assignment.indicator, assignment.unit, assignment.round.period
    if earlier is None:
        earlier = selectors.previous_values(indicator=indicator, unit=unit, period=period, limit=0)
    previous = earlier[0] if earlier else None
    return rules.check_value(
        value,
        profile=selectors.indicator_profile(indicator),
        note=note,
        previous=previous.value if previous else None,
        previous_period=previous.period if previous else "",
        history=[o.value for o in earlier],
    )


def observation_save(
    *,
    acting_user,
    assignment: Assignment,
    value,
    note: str = "",
    version=None,
    submit: bool = False,
    via: str = "web",
) -> Observation:
    """Save (and optionally submit) the unit's value for an assignment, checking every rule."""
    return observation_write(
        acting_user=acting_user,
        assignment=assignment,
        value=value,
        note=note,
        version=version,
        submit=submit,
        via=via,
    )[0]


def observation_write(
    *,
    acting_user,
    assignment: Assignment,
    value,
    note: str = "",
    version=None,
    submit: bool = False,
    via: str = "web",
    version_if_new: bool = True,
    round_read_in_transaction: bool = False,
    caller_rolls_back: bool = False,
) -> tuple[Observation, bool]:
    """`observation_save`, returning (observation, created). For the write API:

    - `version_if_new=False`: the version is checked only against an existing value (a client
      that posts a value nobody has entered yet needs no version);
    - `round_read_in_transaction=True`: `assignment.round` was read in the caller's open
      transaction, so it is not read again;
    - `caller_rolls_back=True`: the caller's transaction is rolled back whole on any error, so no
      savepoints are needed (two round trips each).
    """
    if assignment.kind != Assignment.Kind.INDICATOR:
        raise ReportingError(gettext("Phân công này không phải là chỉ số."))
    _require_writer(acting_user, assignment.unit)
    note = (note or "").strip()
    with transaction.atomic(savepoint=not caller_rolls_back):
        if round_read_in_transaction:
            rnd = assignment.round
        else:
            # A fresh read, not a lock: a lock on the round would queue every unit behind one row.
            rnd = Round.objects.get(pk=assignment.round_id)
        _require_open(rnd)
        # The value being written and the unit's history (outlier rule) in one query; the value
        # itself, if there is one, is then locked and read again.
        obs, earlier = selectors.reported_and_previous(
            indicator=assignment.indicator, unit=assignment.unit, period=rnd.period
        )
        if obs is not None:
            obs = Observation.objects.select_for_update().get(pk=obs.pk)
            obs.indicator, obs.unit = assignment.indicator, assignment.unit
        created = obs is None
        _check_version(obs, version if (obs is not None or version_if_new) else None)
        if obs is not None and obs.state not in EDITABLE:
            raise Locked(
                gettext("Số liệu đã gửi hoặc đã được chấp nhận, không thể sửa.")
                if obs.state == "accepted"
                else gettext(
                    "Số liệu đang chờ lãnh đạo đơn vị duyệt: không thể sửa cho đến khi được trả lại."
                )
                if obs.state == PENDING_APPROVAL
                else gettext(
                    "Số liệu đã gửi và đang chờ duyệt: không thể sửa cho đến khi được trả lại."
                )
            )
        parsed, findings = observation_check(
            assignment=assignment, value=value, note=note, earlier=earlier
        )
        errors = _errors(findings)
        if errors:
            raise ReportingError(gettext("Số liệu chưa hợp lệ."), errors)
        flags = [f.flag for f in findings if f.flag]
        before = snapshot(obs, OBS_FIELDS) if obs is not None else None
        source_kind = Observation.SourceKind.API if via == "api" else Observation.SourceKind.REPORT
        if obs is None:
            obs = Observation(
                indicator=assignment.indicator,
                unit=assignment.unit,
                period=rnd.period,
                round=rnd,
                source_kind=source_kind,
                version=0,
                source=f"Kỳ báo cáo #{rnd.pk}",
            )
        obs.value = parsed
        obs.note = note
        obs.flags = flags
        obs.round = rnd
        obs.source_kind = source_kind
        obs.version += 1
        now = timezone.now()
        to = sent_state(acting_user=acting_user, unit=assignment.unit) if submit else None
        if submit:
            _mark_sent(obs, acting_user=acting_user, to=to, now=now)
        elif obs.state != Observation.State.RETURNED:
            obs.state = Observation.State.DRAFT
        try:
            with transaction.atomic(savepoint=not caller_rolls_back):
                if created:
                    obs.save(force_insert=True)
                else:
                    obs.save(update_fields=OBS_SAVE_FIELDS)
        except IntegrityError:
            raise StaleVersion(
                STALE_MESSAGE.format(current=gettext("mới"), given=version or 0)
            ) from None
        verb = _send_action(to) if submit else "save"
        action = f"observation.{verb}"
        _revision(
            obs,
            user=acting_user,
            action=verb,
            via=via,
            data={"value": obs.value, "note": obs.note, "flags": obs.flags},
        )
        b, a = (
            changed(before, snapshot(obs, OBS_FIELDS))
            if before
            else (None, snapshot(obs, OBS_FIELDS))
        )
        audit_record(
            actor=acting_user,
            actor_name=_actor_name(acting_user, via),
            action=action,
            obj=obs,
            before=b,
            after=a,
            unit_code=obs.unit.code,
            comment=f"qua {via}",
        )
    return obs, created


def _lock_in_open_round(item, *, related: tuple[str, ...] = (), not_in_round: str | None = None):
    """The item read again and locked for this transaction, refused unless its round is open.

    Only the item's own row is locked: its round is an outer join, which PostgreSQL cannot lock.
    """
    locked = (
        type(item)
        .objects.select_for_update(of=("self",))
        .select_related("round", "unit", *related)
        .get(pk=item.pk)
    )
    if locked.round is None:
        raise ReportingError(not_in_round or gettext("Mục không thuộc kỳ báo cáo nào."))
    _require_open(locked.round)
    return locked


def observation_submit(
    *, acting_user, observation: Observation, version, via: str = "web"
) -> Observation:
    _require_writer(acting_user, observation.unit)
    with transaction.atomic():
        obs = _lock_in_open_round(
            observation,
            related=("indicator",),
            not_in_round=gettext("Số liệu không thuộc kỳ báo cáo nào."),
        )
        _check_version(obs, version)
        if obs.state not in EDITABLE:
            raise Locked(gettext("Số liệu đã được gửi."))
        before = snapshot(obs, OBS_FIELDS)
        to = sent_state(acting_user=acting_user, unit=obs.unit)
        _mark_sent(obs, acting_user=acting_user, to=to, now=timezone.now())
        obs.version += 1
        obs.save()
        _revision(
            obs,
            user=acting_user,
            action=_send_action(to),
            via=via,
            data={"value": obs.value, "note": obs.note, "flags": obs.flags},
        )
        b, a = changed(before, snapshot(obs, OBS_FIELDS))
        audit_record(
            actor=acting_user,
            actor_name=_actor_name(acting_user, via),
            action=f"observation.{_send_action(to)}",
            obj=obs,
            before=b,
            after=a,
            unit_code=obs.unit.code,
        )
    return obs


# -- task updates ---------------------------------------------------------------------------------

TU_FIELDS = [
    "progress",
    "percent_done",
    "narrative",
    "difficulties",
    "proposals",
    "expected_completion",
    "note",
    "state",
    "version",
    "review_comment",
]


@dataclass
class TaskUpdateData:
    progress: str
    percent_done: object = None
    narrative: str = ""
    difficulties: str = ""
    proposals: str = ""
    expected_completion: date | None = None
    note: str = ""


def task_update_save(
    *,
    acting_user,
    assignment: Assignment,
    data: TaskUpdateData,
    version=None,
    submit: bool = False,
    via: str = "web",
    files=(),
) -> TaskUpdate:
    """Save (and optionally submit) a task update; `files` are (name, bytes) evidence to attach."""
    if assignment.kind != Assignment.Kind.TASK:
        raise ReportingError(gettext("Phân công này không phải là nhiệm vụ."))
    _require_writer(acting_user, assignment.unit)
    if data.progress not in TaskUpdate.Progress.values:
        raise ReportingError(
            gettext("Tình trạng không hợp lệ."),
            {
                "progress": [
                    gettext("Chọn một tình trạng: %(choices)s.")
                    % {"choices": ", ".join(str(label) for label in TaskUpdate.Progress.labels)}
                ]
            },
        )
    with transaction.atomic():
        # A fresh read, not a lock: a lock on the round would queue every unit behind one row.
        rnd = Round.objects.get(pk=assignment.round_id)
        _require_open(rnd)
        update = (
            TaskUpdate.objects.select_for_update()
            .filter(task=assignment.task, unit=assignment.unit, period=rnd.period)
            .first()
        )
        _check_version(update, version)
        if update is not None and update.state not in EDITABLE:
            raise Locked(gettext("Báo cáo tiến độ đã gửi hoặc đã được chấp nhận, không thể sửa."))
        checked_files = [_check_file(name, content) for name, content in files]
        existing_evidence = update.evidence.count() if update is not None else 0
        percent, findings = rules.check_task_update(
            progress=data.progress,
            percent_done=data.percent_done,
            submitting=submit,
            evidence_count=existing_evidence + len(checked_files),
        )
        errors = _errors(findings)
        if errors:
            raise ReportingError(gettext("Báo cáo tiến độ chưa hợp lệ."), errors)
        before = snapshot(update, TU_FIELDS) if update is not None else None
        if update is None:
            update = TaskUpdate(
                task=assignment.task, unit=assignment.unit, period=rnd.period, version=0
            )
        update.round = rnd
        update.progress = data.progress
        update.percent_done = percent
        update.narrative = (data.narrative or "").strip()
        update.difficulties = (data.difficulties or "").strip()
        update.proposals = (data.proposals or "").strip()
        update.expected_completion = data.expected_completion
        update.note = (data.note or "").strip()
        update.version += 1
        now = timezone.now()
        to = sent_state(acting_user=acting_user, unit=assignment.unit) if submit else None
        if submit:
            _mark_sent(update, acting_user=acting_user, to=to, now=now)
        elif update.state != TaskUpdate.State.RETURNED:
            update.state = TaskUpdate.State.DRAFT
        try:
            with transaction.atomic():
                update.save()
        except IntegrityError:
            raise StaleVersion(
                STALE_MESSAGE.format(current=gettext("mới"), given=version or 0)
            ) from None
        for (name, content), checked in zip(files, checked_files):
            _store_evidence(acting_user, update, name, content, checked, via)
        verb = _send_action(to) if submit else "save"
        _revision(update, user=acting_user, action=verb, via=via, data=_task_data(update))
        after = snapshot(update, TU_FIELDS)
        b, a = changed(before, after) if before else (None, after)
        audit_record(
            actor=acting_user,
            actor_name=_actor_name(acting_user, via),
            action=f"task_update.{verb}",
            obj=update,
            before=b,
            after=a,
            unit_code=update.unit.code,
            comment=f"qua {via}",
        )
    return update


def _task_data(update: TaskUpdate) -> dict:
    return {
        "progress": update.progress,
        "percent_done": update.percent_done,
        "narrative": update.narrative,
        "difficulties": update.difficulties,
        "proposals": update.proposals,
        "expected_completion": update.expected_completion.isoformat()
        if update.expected_completion
        else None,
        "note": update.note,
    }


def task_update_submit(*, acting_user, update: TaskUpdate, version, via: str = "web") -> TaskUpdate:
    _require_writer(acting_user, update.unit)
    with transaction.atomic():
        update = _lock_in_open_round(
            update, related=("task",), not_in_round=gettext("Báo cáo không thuộc kỳ báo cáo nào.")
        )
        _check_version(update, version)
        if update.state not in EDITABLE:
            raise Locked(gettext("Báo cáo tiến độ đã được gửi."))
        _, findings = rules.check_task_update(
            progress=update.progress,
            percent_done=update.percent_done,
            submitting=True,
            evidence_count=update.evidence.count(),
        )
        errors = _errors(findings)
        if errors:
            raise ReportingError(gettext("Báo cáo tiến độ chưa thể gửi."), errors)
        before = snapshot(update, TU_FIELDS)
        to = sent_state(acting_user=acting_user, unit=update.unit)
        _mark_sent(update, acting_user=acting_user, to=to, now=timezone.now())
        update.version += 1
        update.save()
        _revision(
            update, user=acting_user, action=_send_action(to), via=via, data=_task_data(update)
        )
        b, a = changed(before, snapshot(update, TU_FIELDS))
        audit_record(
            actor=acting_user,
            actor_name=_actor_name(acting_user, via),
            action=f"task_update.{_send_action(to)}",
            obj=update,
            before=b,
            after=a,
            unit_code=update.unit.code,
        )
    return update


def unit_submit_all(*, acting_user, rnd: Round, unit: Unit) -> tuple[int, list[str]]:
    """Submit every draft or corrected item of the unit; items that cannot go are listed."""
    _require_writer(acting_user, unit)
    sent, problems = 0, []
    for row in selectors.workspace_rows(rnd=rnd, unit=unit):
        item = row.item
        if item is None or item.state not in EDITABLE:
            continue
        try:
            if isinstance(item, Observation):
                observation_submit(acting_user=acting_user, observation=item, version=item.version)
            else:
                task_update_submit(acting_user=acting_user, update=item, version=item.version)
            sent += 1
        except ReportingError as exc:
            label = row.assignment.indicator or row.assignment.task
            details = "; ".join(m for ms in exc.errors.values() for m in ms) or exc.message
            problems.append(f"{str(label)[:80]}: {details}")
    return sent, problems


# -- the unit's leader signs off (ký duyệt) ----------------------------------------------------------

APPROVER_ONLY = gettext_lazy(
    "Chỉ lãnh đạo của đơn vị (tài khoản duyệt của đơn vị) được duyệt báo cáo của đơn vị."
)


def _with_channel(comment: str, via: str) -> str:
    """The leader's comment and the channel it came through ("qua api"), as the saves write it:
    the audit log is where an agency system's sign-off is told apart from one on the web."""
    channel = f"qua {via}"
    return f"{comment} ({channel})" if comment else channel


def _unit_decision(
    *, acting_user, item, approve: bool, comment: str = "", version=None, via: str = "web"
):
    """The unit's approver: `pending_approval` → `submitted` (reaches the coordinator), or back
    to the reporter as `draft` with a comment (required). Audited, with the item's history."""
    permissions.require(permissions.can_approve_for(acting_user, item.unit), APPROVER_ONLY)
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ReportingError(
            gettext("Cần ghi rõ lý do trả lại cho cán bộ."),
            {"comment": [gettext("Cần ghi rõ lý do trả lại cho cán bộ.")]},
        )
    is_obs = isinstance(item, Observation)
    fields = OBS_FIELDS if is_obs else TU_FIELDS
    kind = "observation" if is_obs else "task_update"
    with transaction.atomic():
        item = _lock_in_open_round(item)
        if version not in (None, ""):
            _check_version(item, version)
        if item.state != PENDING_APPROVAL:
            raise Locked(gettext("Chỉ duyệt được mục đang chờ lãnh đạo đơn vị duyệt."))
        if approve and not is_obs:
            _, findings = rules.check_task_update(
                progress=item.progress,
                percent_done=item.percent_done,
                submitting=True,
                evidence_count=item.evidence.count(),
            )
            errors = _errors(findings)
            if errors:
                raise ReportingError(gettext("Báo cáo tiến độ chưa thể gửi."), errors)
        before = snapshot(item, fields)
        if approve:
            _mark_sent(item, acting_user=acting_user, to=SUBMITTED, now=timezone.now())
        else:
            item.state = "draft"
            item.review_comment = comment
        item.version += 1
        item.save()
        data = (
            {"value": item.value, "note": item.note, "flags": item.flags}
            if is_obs
            else _task_data(item)
        )
        verb = "approve" if approve else "unit_return"
        _revision(item, user=acting_user, action=verb, via=via, data=data, comment=comment)
        b, a = changed(before, snapshot(item, fields))
        audit_record(
            actor=acting_user,
            actor_name=_actor_name(acting_user, via),
            action=f"{kind}.{verb}",
            obj=item,
            before=b,
            after=a,
            unit_code=item.unit.code,
            comment=_with_channel(comment, via),
        )
        if not approve:
            _notify_unit(
                item.unit,
                f"Lãnh đạo đơn vị trả lại: {selectors.item_label(item)[:200]} — {comment[:200]}",
                url=f"/bao-cao/ky/{item.round_id}/don-vi/{item.unit.code}/",
                roles=[permissions.REPORTER],
            )
    return item


def item_approve(*, acting_user, item, comment: str = "", version=None, via: str = "web"):
    """ "Duyệt, gửi Sở KH&CN": the unit's leader sends a pending item to the coordinator."""
    return _unit_decision(
        acting_user=acting_user, item=item, approve=True, comment=comment, version=version, via=via
    )


def item_return_to_reporter(*, acting_user, item, comment: str, version=None, via: str = "web"):
    """The unit's leader sends a pending item back to its reporter (→ draft, with the comment)."""
    return _unit_decision(
        acting_user=acting_user, item=item, approve=False, comment=comment, version=version, via=via
    )


def unit_approve_all(*, acting_user, rnd: Round, unit: Unit) -> tuple[int, list[str]]:
    """The unit's leader approves every item of the round waiting for them; each item is its own
    transaction (one that cannot go is listed, the others go)."""
    permissions.require(permissions.can_approve_for(acting_user, unit), APPROVER_ONLY)
    approved, problems = 0, []
    for row in selectors.workspace_rows(rnd=rnd, unit=unit):
        item = row.item
        if item is None or item.state != PENDING_APPROVAL:
            continue
        try:
            item_approve(acting_user=acting_user, item=item, version=item.version)
            approved += 1
        except ReportingError as exc:
            label = row.assignment.indicator or row.assignment.task
            details = "; ".join(m for ms in exc.errors.values() for m in ms) or exc.message
            problems.append(f"{str(label)[:80]}: {details}")
    return approved, problems


# -- review ---------------------------------------------------------------------------------------


def _review(*, acting_user, item, accept: bool, comment: str, version=None):
    permissions.require(
        permissions.can_review_rounds(acting_user),
        gettext("Chỉ cơ quan điều phối được duyệt số liệu."),
    )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ReportingError(
            gettext("Cần ghi rõ lý do trả lại."),
            {"comment": [gettext("Cần ghi rõ lý do trả lại.")]},
        )
    is_obs = isinstance(item, Observation)
    fields = OBS_FIELDS if is_obs else TU_FIELDS
    with transaction.atomic():
        item = _lock_in_open_round(item)
        if version not in (None, ""):
            _check_version(item, version)
        if item.state != "submitted":
            raise Locked(gettext("Chỉ duyệt được mục đã gửi và đang chờ duyệt."))
        before = snapshot(item, fields)
        item.state = "accepted" if accept else "returned"
        item.review_comment = comment
        item.reviewed_by = acting_user
        item.reviewed_at = timezone.now()
        item.version += 1
        item.save()
        data = (
            {"value": item.value, "note": item.note, "flags": item.flags}
            if is_obs
            else _task_data(item)
        )
        _revision(
            item,
            user=acting_user,
            action="accept" if accept else "return",
            via="web",
            data=data,
            comment=comment,
        )
        kind = "observation" if is_obs else "task_update"
        b, a = changed(before, snapshot(item, fields))
        audit_record(
            actor=acting_user,
            action=f"{kind}.{'accept' if accept else 'return'}",
            obj=item,
            before=b,
            after=a,
            unit_code=item.unit.code,
            comment=comment,
        )
        if accept:
            hooks.item_accepted(item=item)
        else:
            _notify_unit(
                item.unit,
                f"Mục bị trả lại: {selectors.item_label(item)[:200]} — {comment[:200]}",
                url=f"/bao-cao/ky/{item.round_id}/don-vi/{item.unit.code}/",
            )
    return item


def item_accept(*, acting_user, item, comment: str = "", version=None):
    return _review(
        acting_user=acting_user, item=item, accept=True, comment=comment, version=version
    )


def item_return(*, acting_user, item, comment: str, version=None):
    return _review(
        acting_user=acting_user, item=item, accept=False, comment=comment, version=version
    )


# -- evidence ---------------------------------------------------------------------------------------


def _check_file(name: str, content: bytes) -> evidence_checks.Checked:
    try:
        return evidence_checks.check(data=content, name=name, max_bytes=settings_evidence_max())
    except evidence_checks.EvidenceError as exc:
        raise ReportingError(str(exc), {"evidence": [f"{name}: {exc}"]}) from None


def settings_evidence_max() -> int:
    return settings.EVIDENCE_MAX_BYTES


def _store_evidence(acting_user, item, name, content, checked, via) -> Evidence:
    safe_name = name.replace("/", "_").replace("\\", "_")[-200:] or "minh-chung"
    kwargs = {"observation": item} if isinstance(item, Observation) else {"task_update": item}
    ext = checked.kind
    row = Evidence(
        original_name=safe_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        **kwargs,
    )
    # Stored under its hash (once per content): the name a user chose never reaches the disk.
    path = f"evidence/{checked.sha256[:2]}/{checked.sha256}.{ext}"
    storage = row.file.storage
    if not storage.exists(path):
        path = storage.save(path, ContentFile(content))
    row.file.name = path
    row.save()
    audit_record(
        actor=acting_user,
        actor_name=_actor_name(acting_user, via),
        action="evidence.add",
        obj=row,
        after={
            **snapshot(row, ["original_name", "content_type", "size", "sha256"]),
            "item": str(item)[:200],
        },
        unit_code=item.unit.code,
    )
    return row


def evidence_attach(*, acting_user, item, name: str, content: bytes, via: str = "web") -> Evidence:
    _require_writer(acting_user, item.unit)
    checked = _check_file(name, content)
    with transaction.atomic():
        item = _lock_in_open_round(item)
        if item.state not in EDITABLE:
            raise Locked(gettext("Mục đã gửi: không thể thêm minh chứng."))
        return _store_evidence(acting_user, item, name, content, checked, via)


def evidence_remove(*, acting_user, evidence: Evidence) -> None:
    item = evidence.observation or evidence.task_update
    _require_writer(acting_user, item.unit)
    with transaction.atomic():
        if item.round is not None:
            _require_open(item.round)
        if item.state not in EDITABLE:
            raise Locked(gettext("Mục đã gửi: không thể xoá minh chứng."))
        audit_record(
            actor=acting_user,
            action="evidence.remove",
            obj=evidence,
            before=snapshot(evidence, ["original_name", "sha256", "size"]),
            unit_code=item.unit.code,
        )
        evidence.delete()


# -- notices and reminders ---------------------------------------------------------------------------


def unit_users(unit: Unit, roles=("reporter", "approver")):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, dx_role__unit=unit, dx_role__name__in=list(roles)
    )


def _notify_unit(unit: Unit, text: str, url: str = "", roles=("reporter", "approver")) -> list:
    users = list(unit_users(unit, roles))
    Notice.objects.bulk_create([Notice(user=u, text=text[:500], url=url) for u in users])
    return users


def notice_read(*, acting_user, notice: Notice) -> None:
    if notice.user_id != acting_user.pk:
        raise PermissionDenied(gettext("Không phải thông báo của bạn."))
    Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())


def reminders_plan(*, today: date, days_before: int) -> list[tuple[Round, Unit, str, int]]:
    """Which (round, unit, kind) reminders are due today: units with items still missing (to the
    unit's reporters and approvers), and units whose leader has items waiting for sign-off
    (`approval`, to the approvers only; once per round and unit)."""
    from dxtrack.core.periods import add_working_days

    due = []
    for rnd in Round.objects.filter(state=Round.State.OPEN).order_by("due_date", "pk"):
        if today > rnd.due_date:
            kind = "overdue"
        elif add_working_days(today, days_before) >= rnd.due_date:
            kind = "before_due"
        else:
            kind = None
        for status in selectors.completeness(rnd=rnd).values():
            if kind is not None and status.missing > 0:
                due.append((rnd, status.unit, kind, status.missing))
            if status.awaiting_approval > 0:
                due.append((rnd, status.unit, "approval", status.awaiting_approval))
    return due


def reminders_send(*, today: date | None = None, days_before: int | None = None) -> int:
    """Queue the reminders due today (one row per round, unit and kind: sent once), then send
    every queued one not yet sent, by e-mail and as an in-app notice. Returns how many went."""
    from django.core.mail import send_mail

    from dxtrack.reporting.models import Reminder

    today = today or timezone.localdate()
    if days_before is None:
        days_before = settings.REMINDER_DAYS_BEFORE
    for rnd, unit, kind, missing in reminders_plan(today=today, days_before=days_before):
        Reminder.objects.get_or_create(
            round=rnd, unit=unit, kind=kind, defaults={"missing": missing}
        )
    sent = 0
    pending = list(Reminder.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
    for pk in pending:
        with transaction.atomic():
            reminder = (
                Reminder.objects.select_for_update(skip_locked=True)
                .select_related("round", "unit")
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if reminder is None:
                continue
            rnd, unit = reminder.round, reminder.unit
            url = f"{settings.SITE_URL}/bao-cao/ky/{rnd.pk}/don-vi/{unit.code}/"
            due_text = rnd.due_date.strftime("%d/%m/%Y")
            roles = ("reporter", "approver")
            if reminder.kind == Reminder.Kind.APPROVAL:
                roles = ("approver",)
                subject = f"[dxtrack] Báo cáo chờ lãnh đạo đơn vị duyệt: {rnd.title}"
                text = (
                    f"{unit.name} có {reminder.missing} mục của “{rnd.title}” đang chờ lãnh đạo "
                    f"đơn vị duyệt để gửi Sở Khoa học và Công nghệ; hạn gửi ngày {due_text}."
                )
            elif reminder.kind == Reminder.Kind.OVERDUE:
                subject = f"[dxtrack] Quá hạn báo cáo: {rnd.title}"
                text = (
                    f"{unit.name} còn {reminder.missing} mục chưa gửi của “{rnd.title}”, "
                    f"đã quá hạn ngày {due_text}."
                )
            else:
                subject = f"[dxtrack] Sắp đến hạn báo cáo: {rnd.title}"
                text = (
                    f"{unit.name} còn {reminder.missing} mục chưa gửi của “{rnd.title}”; "
                    f"hạn gửi ngày {due_text}."
                )
            users = _notify_unit(
                unit, text, url=f"/bao-cao/ky/{rnd.pk}/don-vi/{unit.code}/", roles=roles
            )
            emails = sorted({u.email for u in users if u.email})
            if emails:
                send_mail(
                    subject,
                    f"{text}\n\nNhập và gửi số liệu tại: {url}\n\n— dxtrack",
                    settings.DEFAULT_FROM_EMAIL,
                    emails,
                )
            reminder.sent_at = timezone.now()
            reminder.recipients = emails
            reminder.save(update_fields=["sent_at", "recipients"])
            audit_record(
                actor=None,
                actor_name="dxtrack remind",
                action="reminder.send",
                obj=reminder,
                object_type="reporting.reminder",
                after={
                    "round": rnd.pk,
                    "kind": reminder.kind,
                    "missing": reminder.missing,
                    "recipients": emails,
                },
                unit_code=unit.code,
            )
            sent += 1
    return sent
