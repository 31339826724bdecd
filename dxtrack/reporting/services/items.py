"""The unit's reported items: indicator values (`Observation`) and task progress reports
(`TaskUpdate`), entered, sent, signed off and reviewed. The states and who may move an item
between them are in `reporting/workflow.py`; the functions here write the item's fields (a save)
or name the transition (`item_transition`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from dxtrack.core import permissions
from dxtrack.core.audit import audit_record, changed, snapshot
from dxtrack.core.models import ReviewState
from dxtrack.registry.models import Indicator, Task, Unit
from dxtrack.reporting import rules, selectors
from dxtrack.reporting.errors import STALE_MESSAGE, ReportingError, StaleVersion
from dxtrack.reporting.models import Assignment, Observation, Round, TaskUpdate
from dxtrack.reporting.services.evidence import evidence_check, evidence_store
from dxtrack.reporting.workflow import (
    APPROVER_ONLY,
    EDITABLE,
    OBS_FIELDS,
    TU_FIELDS,
    Actor,
    Item,
    Transition,
    Version,
    actor_name,
    findings_errors,
    item_saved_state,
    item_transition,
    require_changed_since_return,
    require_editable,
    require_open,
    require_writer,
    returned_unchanged,
    revision_record,
    version_check,
    with_channel,
)

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


def _indicator(assignment: Assignment) -> Indicator:
    if assignment.kind != Assignment.Kind.INDICATOR or assignment.indicator is None:
        raise ReportingError(gettext("Phân công này không phải là chỉ số."))
    return assignment.indicator


def _task(assignment: Assignment) -> Task:
    if assignment.kind != Assignment.Kind.TASK or assignment.task is None:
        raise ReportingError(gettext("Phân công này không phải là nhiệm vụ."))
    return assignment.task


# -- indicator values ----------------------------------------------------------------------------


def observation_check(
    *,
    assignment: Assignment,
    value: object,
    note: str = "",
    earlier: Sequence[Observation] | None = None,
) -> tuple[float | None, list[rules.Finding]]:
    """Run the rules on a value for an assignment: (parsed value, findings).

    `earlier`: the unit's accepted values of earlier periods, latest first, when the caller has
    read them already (`selectors.reported_and_previous`)."""
    indicator, unit, period = _indicator(assignment), assignment.unit, assignment.round.period
    if earlier is None:
        earlier = selectors.previous_values(indicator=indicator, unit=unit, period=period, limit=0)
    previous = earlier[0] if earlier else None
    return rules.check_value(
        value,
        profile=selectors.indicator_profile(indicator=indicator),
        note=note,
        previous=previous.value if previous else None,
        previous_period=previous.period if previous else "",
        history=[o.value for o in earlier],
    )


def _saved_record(
    item: Observation | TaskUpdate,
    *,
    kind: str,
    fields: list[str],
    before: dict[str, Any] | None,
    acting_user: Actor,
    verb: str,
    via: str,
) -> None:
    """What a unit's save leaves behind: the item's history row and the audit row (before → after)."""
    revision_record(item, acting_user=acting_user, action=verb, via=via)
    after = snapshot(item, fields)
    old, new = changed(before, after) if before else (None, after)
    audit_record(
        actor=acting_user,
        actor_name=actor_name(acting_user, via),
        action=f"{kind}.{verb}",
        obj=item,
        before=old,
        after=new,
        unit_code=item.unit.code,
        comment=with_channel("", via),
    )


def _observation_start(*, acting_user: Actor, assignment: Assignment, note: str | None) -> str:
    """The checks before any read: an indicator assignment, written by its unit. The note, trimmed."""
    _indicator(assignment)
    require_writer(acting_user, assignment.unit)
    return (note or "").strip()


def _observation_read(
    *, assignment: Assignment, rnd: Round
) -> tuple[Observation | None, list[Observation]]:
    """The value being written (locked) and the unit's earlier values (outlier rule), refused
    unless the round is open. The value and the history come in one query; the value, if there
    is one, is then locked and read again."""
    require_open(rnd)
    indicator = _indicator(assignment)
    obs, earlier = selectors.reported_and_previous(
        indicator=indicator, unit=assignment.unit, period=rnd.period
    )
    if obs is not None:
        obs = Observation.objects.select_for_update().get(pk=obs.pk)
        obs.indicator, obs.unit = indicator, assignment.unit
    return obs, earlier


def _observation_store(
    *,
    acting_user: Actor,
    assignment: Assignment,
    rnd: Round,
    obs: Observation | None,
    earlier: list[Observation],
    value: object,
    note: str,
    version: Version,
    submit: bool,
    via: str,
    savepoint: bool,
) -> tuple[Observation, bool]:
    """Check and write the value read by `_observation_read` (its version already checked), with
    its revision and audit row: (observation, created). `savepoint=False` when the caller's
    transaction is rolled back whole on any error (the API), so no savepoint is needed."""
    require_editable(obs)
    parsed, findings = observation_check(
        assignment=assignment, value=value, note=note, earlier=earlier
    )
    errors = findings_errors(findings)
    if errors or parsed is None:
        raise ReportingError(gettext("Số liệu chưa hợp lệ."), errors)
    flags = [f.flag for f in findings if f.flag]
    before = snapshot(obs, OBS_FIELDS) if obs is not None else None
    source_kind = Observation.SourceKind.API if via == "api" else Observation.SourceKind.REPORT
    created = obs is None
    if obs is None:
        obs = Observation(
            indicator=_indicator(assignment),
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
    if submit:
        require_changed_since_return(obs)
    verb = item_saved_state(obs, acting_user=acting_user, send=submit, now=timezone.now())
    try:
        with transaction.atomic(savepoint=savepoint):
            if created:
                obs.save(force_insert=True)
            else:
                obs.save(update_fields=OBS_SAVE_FIELDS)
    except IntegrityError:
        raise StaleVersion(
            STALE_MESSAGE.format(current=gettext("mới"), given=version or 0)
        ) from None
    _saved_record(
        obs,
        kind="observation",
        fields=OBS_FIELDS,
        before=before,
        acting_user=acting_user,
        verb=verb,
        via=via,
    )
    return obs, created


def observation_save(
    *,
    acting_user: Actor,
    assignment: Assignment,
    value: object,
    note: str = "",
    version: Version = None,
    submit: bool = False,
    via: str = "web",
) -> Observation:
    """Save (and, with `submit`, send) the unit's value for an assignment, checking every rule.
    The web form, the Excel upload and the command line; `version` is the one the user read (0
    or None for a value not yet entered)."""
    note = _observation_start(acting_user=acting_user, assignment=assignment, note=note)
    with transaction.atomic():
        # A fresh read, not a lock: a lock on the round would queue every unit behind one row.
        rnd = Round.objects.get(pk=assignment.round_id)
        obs, earlier = _observation_read(assignment=assignment, rnd=rnd)
        version_check(obs, version)
        return _observation_store(
            acting_user=acting_user,
            assignment=assignment,
            rnd=rnd,
            obs=obs,
            earlier=earlier,
            value=value,
            note=note,
            version=version,
            submit=submit,
            via=via,
            savepoint=True,
        )[0]


def observation_write_api(
    *,
    acting_user: Actor,
    assignment: Assignment,
    value: object,
    note: str | None = None,
    version: Version = None,
    submit: bool = True,
) -> tuple[Observation, bool]:
    """The write API's save of a value: (observation, created). The same checks as
    `observation_save`, for the API's hot path:

    - a note not sent (`None`) keeps the stored value's note (read with the value anyway);

    - the version is checked only against an existing value (a client that posts a value nobody
      has entered yet needs no version);
    - `assignment.round` was read in the caller's open transaction, so it is not read again;
    - the caller's transaction is rolled back whole on any error, so no savepoints are made.
    """
    sent_note = _observation_start(acting_user=acting_user, assignment=assignment, note=note)
    with transaction.atomic(savepoint=False):
        rnd = assignment.round
        obs, earlier = _observation_read(assignment=assignment, rnd=rnd)
        if obs is not None:
            version_check(obs, version)
        return _observation_store(
            acting_user=acting_user,
            assignment=assignment,
            rnd=rnd,
            obs=obs,
            earlier=earlier,
            value=value,
            note=sent_note if note is not None else (obs.note if obs is not None else ""),
            version=version,
            submit=submit,
            via="api",
            savepoint=False,
        )


def observation_submit(
    *, acting_user: Actor, observation: Observation, version: Version, via: str = "web"
) -> Observation:
    """Send a saved value (to the unit's leader or the coordinator: `workflow.sent_state`)."""
    sent = item_transition(
        acting_user=acting_user,
        item=observation,
        transition=Transition.SEND,
        version=version,
        via=via,
    )
    return cast(Observation, sent)


# -- task updates ---------------------------------------------------------------------------------


@dataclass
class TaskUpdateData:
    progress: str
    percent_done: object = None
    narrative: str = ""
    difficulties: str = ""
    proposals: str = ""
    expected_completion: date | None = None
    note: str = ""
    #: The day the task was done (a date, or text dd/mm/yyyy or yyyy-mm-dd as typed).
    completed_on: object = None
    #: Money disbursed so far, in đồng (a number, or text as typed: "1.250.000.000", "1,25 tỷ").
    disbursed: object = None


Files = Sequence[tuple[str, bytes]]


def _task_update_start(*, acting_user: Actor, assignment: Assignment, data: TaskUpdateData) -> None:
    """The checks before any read: a task assignment, written by its unit, a known progress."""
    _task(assignment)
    require_writer(acting_user, assignment.unit)
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


def _task_update_read(*, assignment: Assignment) -> tuple[Round, TaskUpdate | None]:
    """The round (a fresh read, not a lock: a lock on the round would queue every unit behind
    one row), refused unless open, and the unit's update of the task for its period, locked."""
    rnd = Round.objects.get(pk=assignment.round_id)
    require_open(rnd)
    update = (
        TaskUpdate.objects.select_for_update()
        .filter(task=assignment.task, unit=assignment.unit, period=rnd.period)
        .first()
    )
    return rnd, update


def _task_update_store(
    *,
    acting_user: Actor,
    assignment: Assignment,
    rnd: Round,
    update: TaskUpdate | None,
    data: TaskUpdateData,
    version: Version,
    submit: bool,
    via: str,
    files: Files,
) -> tuple[TaskUpdate, bool]:
    """Check and write the update read by `_task_update_read` (its version already checked),
    its evidence files, revision and audit row: (update, created)."""
    require_editable(update)
    checked_files = [evidence_check(name=name, content=content) for name, content in files]
    existing_evidence = update.evidence.count() if update is not None else 0
    percent, findings = rules.check_task_update(
        progress=data.progress,
        percent_done=data.percent_done,
        submitting=submit,
        evidence_count=existing_evidence + len(checked_files),
    )
    completed_on, disbursed, fact_findings = rules.check_task_facts(
        progress=data.progress,
        completed_on=data.completed_on,
        disbursed=data.disbursed,
        today=timezone.localdate(),
    )
    errors = findings_errors(findings + fact_findings)
    if errors:
        raise ReportingError(gettext("Báo cáo tiến độ chưa hợp lệ."), errors)
    before = snapshot(update, TU_FIELDS) if update is not None else None
    created = update is None
    if update is None:
        update = TaskUpdate(
            task=_task(assignment), unit=assignment.unit, period=rnd.period, version=0
        )
    update.round = rnd
    update.progress = data.progress
    update.percent_done = percent
    update.narrative = (data.narrative or "").strip()
    update.difficulties = (data.difficulties or "").strip()
    update.proposals = (data.proposals or "").strip()
    update.expected_completion = data.expected_completion
    update.completed_on = completed_on
    update.disbursed = disbursed
    update.note = (data.note or "").strip()
    update.version += 1
    if submit and not checked_files:
        require_changed_since_return(update)
    verb = item_saved_state(update, acting_user=acting_user, send=submit, now=timezone.now())
    try:
        with transaction.atomic():
            update.save()
    except IntegrityError:
        raise StaleVersion(
            STALE_MESSAGE.format(current=gettext("mới"), given=version or 0)
        ) from None
    for (name, content), checked in zip(files, checked_files, strict=True):
        evidence_store(
            acting_user=acting_user,
            item=update,
            name=name,
            content=content,
            checked=checked,
            via=via,
        )
    _saved_record(
        update,
        kind="task_update",
        fields=TU_FIELDS,
        before=before,
        acting_user=acting_user,
        verb=verb,
        via=via,
    )
    return update, created


def task_update_save(
    *,
    acting_user: Actor,
    assignment: Assignment,
    data: TaskUpdateData,
    version: Version = None,
    submit: bool = False,
    via: str = "web",
    files: Files = (),
) -> TaskUpdate:
    """Save (and, with `submit`, send) a task update; `files` are (name, bytes) evidence to
    attach. The web form, the Excel upload and the command line."""
    _task_update_start(acting_user=acting_user, assignment=assignment, data=data)
    with transaction.atomic():
        rnd, update = _task_update_read(assignment=assignment)
        version_check(update, version)
        return _task_update_store(
            acting_user=acting_user,
            assignment=assignment,
            rnd=rnd,
            update=update,
            data=data,
            version=version,
            submit=submit,
            via=via,
            files=files,
        )[0]


def task_update_write_api(
    *,
    acting_user: Actor,
    assignment: Assignment,
    data: TaskUpdateData,
    version: Version = None,
    submit: bool = True,
    files: Files = (),
) -> tuple[TaskUpdate, bool]:
    """The write API's save of a task update: (update, created). The same checks as
    `task_update_save`; the version is checked only against an existing update (a client that
    posts the first report of a task needs no version)."""
    _task_update_start(acting_user=acting_user, assignment=assignment, data=data)
    with transaction.atomic():
        rnd, update = _task_update_read(assignment=assignment)
        if update is not None:
            version_check(update, version)
        return _task_update_store(
            acting_user=acting_user,
            assignment=assignment,
            rnd=rnd,
            update=update,
            data=data,
            version=version,
            submit=submit,
            via="api",
            files=files,
        )


def task_update_submit(
    *, acting_user: Actor, update: TaskUpdate, version: Version, via: str = "web"
) -> TaskUpdate:
    """Send a saved task update; a completed task needs its evidence first."""
    sent = item_transition(
        acting_user=acting_user, item=update, transition=Transition.SEND, version=version, via=via
    )
    return cast(TaskUpdate, sent)


# -- a whole unit at once ------------------------------------------------------------------------


def _problem(row: selectors.Row, exc: ReportingError) -> str:
    label = row.assignment.indicator or row.assignment.task
    details = "; ".join(m for ms in exc.errors.values() for m in ms) or exc.message
    return f"{str(label)[:80]}: {details}"


def _unit_transition_all(
    *,
    acting_user: Actor,
    rnd: Round,
    unit: Unit,
    transition: Transition,
    states: frozenset[str],
) -> tuple[int, list[str]]:
    """`transition` on every item of the unit in `states`, each its own transaction: (how many
    went, the items that could not go with why). A send skips the returned items nobody changed
    since the return (`returned_unchanged`): they are counted in one line of the problems."""
    done, problems, unchanged = 0, [], 0
    for row in selectors.workspace_rows(rnd=rnd, unit=unit):
        item = row.item
        if item is None or item.state not in states:
            continue
        if transition == Transition.SEND and returned_unchanged(item):
            unchanged += 1
            continue
        try:
            item_transition(
                acting_user=acting_user, item=item, transition=transition, version=item.version
            )
            done += 1
        except ReportingError as exc:
            problems.append(_problem(row, exc))
    if unchanged:
        problems.append(
            ngettext(
                "%(n)d mục bị trả lại chưa sửa, chưa gửi lại: hãy sửa số liệu hoặc ghi chú "
                "giải trình trước khi gửi.",
                "%(n)d mục bị trả lại chưa sửa, chưa gửi lại: hãy sửa số liệu hoặc ghi chú "
                "giải trình trước khi gửi.",
                unchanged,
            )
            % {"n": unchanged}
        )
    return done, problems


def unit_submit_all(*, acting_user: Actor, rnd: Round, unit: Unit) -> tuple[int, list[str]]:
    """Send every draft or corrected item of the unit; items that cannot go are listed."""
    require_writer(acting_user, unit)
    return _unit_transition_all(
        acting_user=acting_user, rnd=rnd, unit=unit, transition=Transition.SEND, states=EDITABLE
    )


# -- the unit's leader signs off (ký duyệt) ------------------------------------------------------


def item_approve(
    *, acting_user: Actor, item: Item, comment: str = "", version: Version = None, via: str = "web"
) -> Item:
    """ "Duyệt, gửi Sở KH&CN": the unit's leader sends a pending item to the coordinator."""
    return item_transition(
        acting_user=acting_user,
        item=item,
        transition=Transition.APPROVE,
        comment=comment,
        version=version,
        via=via,
    )


def item_return_to_reporter(
    *, acting_user: Actor, item: Item, comment: str, version: Version = None, via: str = "web"
) -> Item:
    """The unit's leader sends a pending item back to its reporter (→ draft, with the comment)."""
    return item_transition(
        acting_user=acting_user,
        item=item,
        transition=Transition.UNIT_RETURN,
        comment=comment,
        version=version,
        via=via,
    )


def unit_approve_all(*, acting_user: Actor, rnd: Round, unit: Unit) -> tuple[int, list[str]]:
    """The unit's leader approves every item of the round waiting for them; each item is its own
    transaction (one that cannot go is listed, the others go)."""
    permissions.require(permissions.can_approve_for(acting_user, unit), str(APPROVER_ONLY))
    return _unit_transition_all(
        acting_user=acting_user,
        rnd=rnd,
        unit=unit,
        transition=Transition.APPROVE,
        states=frozenset({ReviewState.PENDING_APPROVAL}),
    )


# -- the coordinator's review ------------------------------------------------------------------------


def item_accept(
    *, acting_user: Actor, item: Item, comment: str = "", version: Version = None
) -> Item:
    return item_transition(
        acting_user=acting_user,
        item=item,
        transition=Transition.ACCEPT,
        comment=comment,
        version=version,
    )


def item_return(*, acting_user: Actor, item: Item, comment: str, version: Version = None) -> Item:
    return item_transition(
        acting_user=acting_user,
        item=item,
        transition=Transition.RETURN,
        comment=comment,
        version=version,
    )
