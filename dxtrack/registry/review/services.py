"""Writes of the review workspace. Each checks who acts and that the program is still a draft,
runs in one transaction and writes its audit row (before → after) in it. Every audit comment
starts with `review_comment_prefix`, so the program's review history reads back in one query."""

import json
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.base import File
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext

from dxtrack.core import permissions
from dxtrack.core.audit import audit_record, changed, snapshot
from dxtrack.registry import services as registry_services
from dxtrack.registry.extensions import program_contents_load
from dxtrack.registry.extraction import validate_extraction
from dxtrack.registry.in_force import in_force
from dxtrack.registry.models import (
    Goal,
    Indicator,
    Program,
    ProgramVersion,
    Target,
    Task,
    TaskUnit,
    Unit,
)
from dxtrack.registry.resolve import UnitResolver, name_key
from dxtrack.registry.review import selectors

Actor = User | AnonymousUser | None


class ReviewError(ValueError):
    """A review write that cannot be done; the message says why, in Vietnamese."""


PROGRAM_FIELDS = ("number", "kind", "title", "issuer", "issued_on", "place", "horizon_year")
TARGET_FIELDS = ("subject", "comparator", "value", "unit", "year", "quarter", "scope")
TASK_FIELDS = ("name", *selectors.TASK_RECORD_FIELDS)


def _require_reviewer(acting_user: Actor, program: Program) -> None:
    permissions.require(permissions.can_manage_registry(acting_user))
    if program.is_published:
        raise ReviewError(
            gettext(
                "Chương trình đã công bố: không sửa trực tiếp được; hãy chọn “Điều chỉnh chương "
                "trình” trên trang chương trình để nạp văn bản điều chỉnh, bổ sung thành một "
                "phiên bản mới."
            )
        )


def _audit(
    *,
    acting_user: Actor,
    program: Program,
    action: str,
    obj: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    object_type: str = "",
    object_id: str = "",
) -> None:
    prefix = selectors.review_comment_prefix(program_pk=program.pk)
    audit_record(
        actor=acting_user,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        comment=f"{prefix} {note}".strip()[:1000],
    )


def _audit_change(
    *,
    acting_user: Actor,
    program: Program,
    action: str,
    obj: Any,
    before: dict[str, Any],
    after: dict[str, Any],
    note: str,
) -> None:
    """Audit an edit with only the fields it changed (before → after); nothing when none did."""
    old, new = changed(before, after)
    if new:
        _audit(
            acting_user=acting_user,
            program=program,
            action=action,
            obj=obj,
            before=old,
            after=new,
            note=note,
        )


def _record_delete(
    *, acting_user: Actor, program: Program, action: str, obj: Any, before: Any, note: str
) -> None:
    """A false record leaves the draft; its audit row keeps what it was."""
    _require_reviewer(acting_user, program)
    _audit(
        acting_user=acting_user, program=program, action=action, obj=obj, before=before, note=note
    )
    obj.delete()


# -- the document ---------------------------------------------------------------------------------


@transaction.atomic
def program_metadata_update(
    *, program: Program, values: dict[str, Any], acting_user: Actor
) -> Program:
    """Number, kind, title, issuer, date, place and horizon as the reviewer corrects them. The
    program's key stays: it is how a new version of the same file finds this draft."""
    _require_reviewer(acting_user, program)
    before = snapshot(program, list(PROGRAM_FIELDS))
    for name in PROGRAM_FIELDS:
        if name in values:
            setattr(program, name, values[name])
    after = snapshot(program, list(PROGRAM_FIELDS))
    if before != after:
        program.save(update_fields=list(PROGRAM_FIELDS))
        old, new = changed(before, after)
        _audit(
            acting_user=acting_user,
            program=program,
            action="review.program_update",
            obj=program,
            before=old,
            after=new,
            note="sửa thông tin văn bản",
        )
    return program


# -- targets and their indicators -----------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorChoice:
    """What the reviewer said about a target's indicator: keep or pick one (`indicator`), give
    it a readable name (`name`), or create a new one with that name (`create`)."""

    indicator: Indicator | None
    name: str
    create: bool = False


def _target_picture(target: Target) -> dict[str, Any]:
    picture = snapshot(target, list(TARGET_FIELDS))
    picture["indicator"] = f"{target.indicator_id}: {target.indicator.name}"
    return picture


def _indicator_for(
    *,
    choice: IndicatorChoice,
    current: Indicator | None,
    unit: str,
    comparator: str,
    program: Program,
    acting_user: Actor,
) -> Indicator:
    name = " ".join(choice.name.split())[:500]
    if choice.create:
        if not name:
            raise ReviewError("Tên chỉ số mới: hãy nhập tên chỉ số.")
        indicator = Indicator.objects.create(
            name=name,
            unit=unit[:60],
            direction=(
                Indicator.Direction.DECREASE
                if comparator == "decrease"
                else Indicator.Direction.INCREASE
            ),
        )
        _audit(
            acting_user=acting_user,
            program=program,
            action="review.indicator_create",
            obj=indicator,
            after=snapshot(indicator, ["name", "unit", "direction"]),
            note="tạo chỉ số khi rà soát",
        )
        return indicator
    chosen = choice.indicator or current
    if chosen is None:
        raise ReviewError("Chỉ số: hãy chọn một chỉ số hoặc tạo chỉ số mới.")
    indicator = chosen
    if name and name != indicator.name:
        _indicator_rename(indicator=indicator, name=name, program=program, acting_user=acting_user)
    elif indicator.pk not in selectors.confirmed_indicators(ids={indicator.pk}):
        _audit(
            acting_user=acting_user,
            program=program,
            action="review.indicator_confirm",
            obj=indicator,
            after={"name": indicator.name},
            note="xác nhận tên chỉ số",
        )
    return indicator


def _indicator_rename(
    *, indicator: Indicator, name: str, program: Program, acting_user: Actor
) -> None:
    if indicator.code:
        raise ReviewError(
            f"Chỉ số “{indicator.name}” thuộc danh mục chỉ số dùng chung nên không đổi tên ở "
            f"đây: hãy chọn chỉ số khác hoặc tạo chỉ số mới."
        )
    if indicator.targets.filter(program__status=Program.Status.PUBLISHED).exists():
        raise ReviewError(
            f"Chỉ số “{indicator.name}” đã dùng trong chương trình đã công bố: đổi tên sẽ đổi "
            f"cả chương trình đó; hãy tạo chỉ số mới."
        )
    before = {"name": indicator.name}
    indicator.name = name
    indicator.save(update_fields=["name", "search_key"])
    _audit(
        acting_user=acting_user,
        program=program,
        action="review.indicator_rename",
        obj=indicator,
        before=before,
        after={"name": name},
        note="đặt tên chỉ số",
    )


@transaction.atomic
def target_update(
    *, target: Target, values: dict[str, Any], choice: IndicatorChoice, acting_user: Actor
) -> Target:
    program = target.program
    _require_reviewer(acting_user, program)
    before = _target_picture(target)
    target.indicator = _indicator_for(
        choice=choice,
        current=target.indicator,
        unit=values.get("unit") or "",
        comparator=values.get("comparator") or "",
        program=program,
        acting_user=acting_user,
    )
    for name in TARGET_FIELDS:
        if name in values:
            setattr(target, name, values[name])
    target.save()
    _audit_change(
        acting_user=acting_user,
        program=program,
        action="review.target_update",
        obj=target,
        before=before,
        after=_target_picture(target),
        note=f"sửa chỉ tiêu (dòng {target.goal.line or '?'})",
    )
    _catalogue_match_confirm(target=target, program=program, acting_user=acting_user)
    return target


def _catalogue_match_confirm(*, target: Target, program: Program, acting_user: Actor) -> None:
    """The reviewer saved this target on a catalogue indicator the checklist questioned (its
    name shares little with the target's words): their look settles it for this target only."""
    if selectors.catalogue_match_open(target):
        _audit(
            acting_user=acting_user,
            program=program,
            action=selectors.TARGET_CATALOGUE_CONFIRM,
            obj=target,
            after={"indicator": f"{target.indicator_id}: {target.indicator.name}"},
            note="xác nhận chỉ số dùng chung của chỉ tiêu",
        )


@transaction.atomic
def target_delete(*, target: Target, acting_user: Actor) -> None:
    """A false target (a number the importer misread as a threshold) leaves the draft; its goal
    statement stays."""
    before = _target_picture(target)
    before["goal"] = target.goal.text[:300]
    _record_delete(
        acting_user=acting_user,
        program=target.program,
        action="review.target_delete",
        obj=target,
        before=before,
        note=f"xoá chỉ tiêu sai (dòng {target.goal.line or '?'})",
    )


def _make_room(records: list[Any], line: int) -> int:
    """The order a record starting at `line` takes among `records` (ordered, each with `order`
    and `line`); the records after it move down one, last first (order is unique)."""
    after = [r for r in records if (r.line or 0) > line]
    if not after:
        return max((r.order for r in records), default=0) + 1
    place = after[0].order
    for record in reversed(after):
        record.order += 1
        record.save(update_fields=["order"])
    return place


@transaction.atomic
def target_add(
    *,
    program: Program,
    first: int,
    last: int,
    text: str,
    section: str,
    values: dict[str, Any],
    choice: IndicatorChoice,
    acting_user: Actor,
) -> Target:
    """A missing target, from a span of the text: its goal statement (the span's text, at the
    span's first line) and the threshold the reviewer checked."""
    _require_reviewer(acting_user, program)
    goals = list(program.goals.order_by("order"))
    goal = Goal.objects.create(
        program=program,
        order=_make_room(goals, first),
        text=text.strip(),
        section=section.strip()[:300],
        line=first,
    )
    indicator = _indicator_for(
        choice=choice,
        current=None,
        unit=values.get("unit") or "",
        comparator=values.get("comparator") or "",
        program=program,
        acting_user=acting_user,
    )
    target = Target.objects.create(
        program=program,
        goal=goal,
        order=0,
        indicator=indicator,
        **{name: values.get(name) for name in TARGET_FIELDS if values.get(name) is not None},
    )
    after = _target_picture(target)
    after["goal"] = goal.text[:300]
    _audit(
        acting_user=acting_user,
        program=program,
        action="review.target_create",
        obj=target,
        after=after,
        note=f"thêm chỉ tiêu từ dòng {first}–{last}",
    )
    _catalogue_match_confirm(target=target, program=program, acting_user=acting_user)
    return target


# -- tasks and their units ------------------------------------------------------------------------


def _task_picture(task: Task) -> dict[str, Any]:
    picture = snapshot(task, list(TASK_FIELDS))
    units = list(task.task_units.select_related("unit").order_by("role", "order"))
    picture["lead"] = [f"{tu.written_name} → {tu.unit.code}" for tu in units if tu.role == "lead"]
    picture["coordinators"] = [
        f"{tu.written_name} → {tu.unit.code}" for tu in units if tu.role == "coordinator"
    ]
    return picture


class LazyResolver:
    """The registry's resolver, built (every unit and alias read) only when a name that is not
    already on the task has to be resolved: most edits keep the task's agencies."""

    def __init__(self) -> None:
        self._resolver: UnitResolver | None = None

    def get(self) -> UnitResolver:
        if self._resolver is None:
            self._resolver = UnitResolver.build()
        return self._resolver


def _unit_for_name(
    *, name: str, resolver: LazyResolver, program: Program, acting_user: Actor
) -> Unit:
    """The unit a written name means, or — as the loader does — a new external unit kept as
    written, to be mapped on the agencies page."""
    unit = resolver.get().resolve(name)
    if unit is not None:
        return unit
    unit, created = registry_services.unit_external_get_or_create(
        name=name, note="Tên chưa có trong danh mục, tạo khi rà soát văn bản."
    )
    if created:
        _audit(
            acting_user=acting_user,
            program=program,
            action="unit.auto_create",
            obj=unit,
            after=snapshot(unit, ["code", "name", "kind"]),
            note="tên cơ quan chưa có trong danh mục",
        )
    resolver.get().add(unit)
    return unit


def _set_task_units(
    *,
    task: Task,
    role: str,
    names: list[str],
    program: Program,
    acting_user: Actor,
    resolver: LazyResolver,
) -> None:
    kept = {tu.written_name: tu for tu in task.task_units.filter(role=role)}
    wanted = [" ".join(n.split())[:300] for n in names if n.strip()]
    TaskUnit.objects.filter(task=task, role=role).exclude(written_name__in=wanted).delete()
    used: set[int] = set()
    for position, written in enumerate(wanted):
        existing = kept.get(written)
        unit = (
            existing.unit
            if existing
            else _unit_for_name(
                name=written, resolver=resolver, program=program, acting_user=acting_user
            )
        )
        if unit.pk in used:
            if existing:
                existing.delete()
            continue
        used.add(unit.pk)
        if existing:
            if existing.order != position:
                existing.order = position
                existing.save(update_fields=["order"])
        else:
            TaskUnit.objects.create(
                task=task, unit=unit, role=role, written_name=written, order=position
            )


def _set_agencies(
    *,
    task: Task,
    leads: list[str],
    coordinators: list[str],
    program: Program,
    acting_user: Actor,
    resolver: LazyResolver,
) -> None:
    """The task's lead and coordinating agencies, as written."""
    for role, names in ((TaskUnit.Role.LEAD, leads), (TaskUnit.Role.COORDINATOR, coordinators)):
        _set_task_units(
            task=task,
            role=role,
            names=names,
            program=program,
            acting_user=acting_user,
            resolver=resolver,
        )


@transaction.atomic
def task_update(
    *,
    task: Task,
    values: dict[str, Any],
    leads: list[str],
    coordinators: list[str],
    acting_user: Actor,
) -> Task:
    program = task.program
    _require_reviewer(acting_user, program)
    before = _task_picture(task)
    for name in TASK_FIELDS:
        if name in values:
            setattr(task, name, values[name])
    task.save()
    _set_agencies(
        task=task,
        leads=leads,
        coordinators=coordinators,
        program=program,
        acting_user=acting_user,
        resolver=LazyResolver(),
    )
    _audit_change(
        acting_user=acting_user,
        program=program,
        action="review.task_update",
        obj=task,
        before=before,
        after=_task_picture(task),
        note=f"sửa nhiệm vụ (dòng {task.line or '?'})",
    )
    return task


@transaction.atomic
def task_delete(*, task: Task, acting_user: Actor) -> None:
    _record_delete(
        acting_user=acting_user,
        program=task.program,
        action="review.task_delete",
        obj=task,
        before=_task_picture(task),
        note=f"xoá nhiệm vụ sai (dòng {task.line or '?'})",
    )


@transaction.atomic
def task_add(
    *,
    program: Program,
    first: int,
    last: int,
    values: dict[str, Any],
    leads: list[str],
    coordinators: list[str],
    acting_user: Actor,
) -> Task:
    """A task the importer missed, from a span of the text, placed in the plan's order."""
    _require_reviewer(acting_user, program)
    tasks = list(program.tasks.order_by("order"))
    order = _make_room(tasks, first) if tasks else 1
    fields = {
        name: values.get(name) if values.get(name) is not None else ""
        for name in ("code", "group", "name", "timeframe", "budget_source", "product")
    }
    task = Task.objects.create(
        program=program,
        order=order,
        line=first,
        start_year=values.get("start_year"),
        end_year=values.get("end_year"),
        end_quarter=values.get("end_quarter"),
        budget_vnd=values.get("budget_vnd"),
        **fields,
    )
    _set_agencies(
        task=task,
        leads=leads,
        coordinators=coordinators,
        program=program,
        acting_user=acting_user,
        resolver=LazyResolver(),
    )
    _audit(
        acting_user=acting_user,
        program=program,
        action="review.task_create",
        obj=task,
        after=_task_picture(task),
        note=f"thêm nhiệm vụ từ dòng {first}–{last}",
    )
    return task


# -- agencies -------------------------------------------------------------------------------------


def _drop_if_orphan(*, unit: Unit, program: Program, acting_user: Actor) -> None:
    """An import-made unit nothing refers to any more goes, so it cannot shadow the alias."""
    if not unit.auto_created or unit.task_units.exists():
        return
    picture = snapshot(unit, ["code", "name", "kind"])
    try:
        with transaction.atomic():
            unit.delete()
    except ProtectedError:
        return
    _audit(
        acting_user=acting_user,
        program=program,
        action="unit.delete",
        obj=None,
        object_type="registry.unit",
        object_id=picture["code"],
        before=picture,
        note="đơn vị tạo tự động không còn dùng",
    )


@transaction.atomic
def unit_alias_add(*, unit: Unit, name: str, program: Program, acting_user: Actor) -> bool:
    """Keep `name` as another name of `unit`, so the next import resolves it. False when the
    unit already answers to that name."""
    permissions.require(permissions.can_manage_registry(acting_user))
    clean = " ".join(name.split())[:300]
    known = {name_key(n) for n in [unit.name, unit.short_name, *(unit.aliases or [])] if n}
    if not clean or name_key(clean) in known:
        return False
    before = {"aliases": list(unit.aliases or [])}
    unit.aliases = [*(unit.aliases or []), clean]
    unit.save()
    _audit(
        acting_user=acting_user,
        program=program,
        action="unit.alias_add",
        obj=unit,
        before=before,
        after={"aliases": unit.aliases},
        note=f"tên “{clean}” là tên gọi khác của {unit.name}",
    )
    return True


@transaction.atomic
def agency_map(
    *, program: Program, written_name: str, unit: Unit, save_alias: bool, acting_user: Actor
) -> int:
    """Every task of the draft naming `written_name` now names `unit`; with `save_alias` the
    name is kept as the unit's alias. Returns how many task rows changed."""
    _require_reviewer(acting_user, program)
    if unit.auto_created:
        raise ReviewError("Đơn vị được chọn chưa có trong danh mục: hãy chọn một đơn vị khác.")
    rows = list(
        TaskUnit.objects.filter(task__program=program, written_name=written_name).select_related(
            "unit"
        )
    )
    if not rows:
        raise ReviewError(f"Không có nhiệm vụ nào ghi tên “{written_name}”.")
    old_units = {tu.unit for tu in rows}
    moved = 0
    for tu in rows:
        if tu.unit_id == unit.pk:
            continue
        if TaskUnit.objects.filter(task_id=tu.task_id, unit=unit, role=tu.role).exists():
            tu.delete()
        else:
            tu.unit = unit
            tu.save(update_fields=["unit"])
        moved += 1
    _audit(
        acting_user=acting_user,
        program=program,
        action="review.agency_map",
        obj=program,
        before={"written_name": written_name, "units": sorted(u.code for u in old_units)},
        after={"written_name": written_name, "unit": unit.code, "tasks": moved},
        note=f"gán “{written_name}” cho {unit.name}",
    )
    if save_alias:
        unit_alias_add(unit=unit, name=written_name, program=program, acting_user=acting_user)
    for old in old_units:
        if old.pk != unit.pk:
            _drop_if_orphan(unit=old, program=program, acting_user=acting_user)
    return moved


@transaction.atomic
def agencies_keep(*, program: Program, written_name: str | None, acting_user: Actor) -> int:
    """The reviewer confirms unresolved names (one, or all still open) as units outside the
    province's catalogue (a ministry, a national body): they stay as written. Returns how many."""
    _require_reviewer(acting_user, program)
    rows = [r for r in selectors.agency_rows(program=program) if not r.resolved]
    if written_name is not None:
        rows = [r for r in rows if r.written_name == written_name]
    units = {r.unit.pk: r.unit for r in rows}
    for unit in units.values():
        unit.auto_created = False
        unit.note = (unit.note + " Người rà soát xác nhận là đơn vị ngoài danh mục.").strip()
        unit.save(update_fields=["auto_created", "note"])
        _audit(
            acting_user=acting_user,
            program=program,
            action="review.agency_keep",
            obj=unit,
            before={"auto_created": True},
            after={"auto_created": False},
            note=f"giữ “{unit.name}” là đơn vị ngoài danh mục",
        )
    return len(units)


# -- indicators and publication ------------------------------------------------------------------


@transaction.atomic
def indicators_confirm(
    *, program: Program, acting_user: Actor, indicator_ids: AbstractSet[int] | None = None
) -> int:
    """The reviewer vouches for the names of the draft's indicators still open: those ticked
    (`indicator_ids`, each shown with its sentence), or all of them when None. A catalogue
    indicator questioned for a target is not a name to vouch for: the reviewer settles it on
    that target's form (`_catalogue_match_confirm`)."""
    _require_reviewer(acting_user, program)
    open_targets = selectors.checklist(program=program).unnamed_targets
    indicators = {
        t.indicator.pk: t.indicator
        for t in open_targets
        if not t.indicator.code and (indicator_ids is None or t.indicator.pk in indicator_ids)
    }
    for indicator in indicators.values():
        _audit(
            acting_user=acting_user,
            program=program,
            action="review.indicator_confirm",
            obj=indicator,
            after={"name": indicator.name},
            note="xác nhận tên chỉ số",
        )
    return len(indicators)


def _check_publishable(*, program: Program, acknowledge_budget: bool, acting_user: Actor) -> None:
    """The checklist before a publication (a draft or an amendment): nothing open, and a budget
    difference acknowledged; its state is audited."""
    state = selectors.checklist(program=program)
    if state.blocking:
        raise ReviewError(
            f"Chưa công bố được: còn {state.blocking} mục trong danh sách kiểm tra "
            f"({len(state.unresolved_agencies)} cơ quan chưa xác định, "
            f"{len(state.unnamed_targets)} chỉ tiêu chưa rõ chỉ số, "
            f"{len(state.tasks_without_lead)} nhiệm vụ chưa có cơ quan chủ trì)."
        )
    if not state.budget_matches and not acknowledge_budget:
        raise ReviewError(
            "Kinh phí: tổng kinh phí văn bản nêu khác tổng các nhiệm vụ; hãy đối chiếu rồi đánh "
            "dấu “Đã đối chiếu kinh phí”."
        )
    _audit(
        acting_user=acting_user,
        program=program,
        action="review.checklist",
        obj=program,
        after={
            "budget_stated": state.budget_stated,
            "budget_tasks": state.budget_tasks,
            "budget_acknowledged": not state.budget_matches,
            "tasks": program.tasks.count(),
            "targets": program.targets.count(),
        },
        note="danh sách kiểm tra trước khi công bố đã xong",
    )


@transaction.atomic
def review_publish(*, program: Program, acknowledge_budget: bool, acting_user: Actor) -> Program:
    """Publish after the checklist: nothing open, and a budget difference acknowledged."""
    _require_reviewer(acting_user, program)
    if program.amends_id:
        raise ReviewError(
            gettext("Đây là bản điều chỉnh: hãy chọn các thay đổi rồi công bố bản điều chỉnh.")
        )
    _check_publishable(
        program=program, acknowledge_budget=acknowledge_budget, acting_user=acting_user
    )
    if isinstance(acting_user, AnonymousUser):
        raise ReviewError("Hãy đăng nhập.")
    return registry_services.program_publish(program=program, acting_user=acting_user)


# -- a new version of the same plan ----------------------------------------------------------------


def _pending_path(program: Program) -> Path:
    return Path(settings.VAR_DIR) / "review-versions" / f"{program.pk}.json"


def version_pending(*, program: Program) -> dict[str, Any] | None:
    """The new version uploaded for this draft and not yet accepted or discarded."""
    path = _pending_path(program)
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def version_upload(
    *, program: Program, uploaded: "File[bytes]", max_bytes: int, acting_user: Actor
) -> dict[str, Any]:
    """A new version of the plan (an amended or corrected file) is read by the importer and kept
    aside until the reviewer accepts the changes it makes; nothing in the draft changes yet."""
    _require_reviewer(acting_user, program)
    try:
        data, text, name = registry_services.plan_upload_read(
            uploaded=uploaded, max_bytes=max_bytes
        )
    except registry_services.LoadError as error:
        raise ReviewError(str(error)) from None
    pending = {"name": name, "text": text, "data": data}
    target = _pending_path(program)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(pending, ensure_ascii=False), encoding="utf-8")
    return pending


def version_discard(*, program: Program, acting_user: Actor) -> None:
    permissions.require(permissions.can_manage_registry(acting_user))
    _pending_path(program).unlink(missing_ok=True)


def _task_values_of(item: dict[str, Any]) -> dict[str, Any]:
    """A task of an extraction as the model's fields (texts fitted to their columns)."""
    values = {name: item.get(name) for name in TASK_FIELDS}
    for name, size in (("code", 20), ("group", 500), ("timeframe", 200), ("budget_source", 200)):
        values[name] = (values.get(name) or "")[:size]
    values["product"] = values.get("product") or ""
    values["name"] = item.get("name") or ""
    return values


def _locate(*, program: Program, item: dict[str, Any]) -> Any:
    """The draft's record an item of the previous version was loaded as (a Target or a Task)."""
    if "position" in item:
        return selectors.target_for_item(program=program, item=item)
    return selectors.task_for_item(program=program, item=item)


def _version_apply(
    *,
    program: Program,
    change: selectors.Change,
    found: dict[int, Any],
    acting_user: Actor,
    resolver: LazyResolver,
) -> None:
    old, new = change.old or {}, change.new or {}
    if change.kind == "task":
        if change.op == "add":
            task = Task.objects.create(
                program=program,
                order=_make_room(list(program.tasks.order_by("order")), new.get("line") or 0),
                line=new.get("line"),
                **_task_values_of(new),
            )
            _set_agencies(
                task=task,
                leads=new["lead"],
                coordinators=new["coordinators"],
                program=program,
                acting_user=acting_user,
                resolver=resolver,
            )
            return
        existing = found.get(id(old))
        if existing is None:
            return
        if change.op == "remove":
            existing.delete()
            return
        for name in change.fields:
            if name in ("lead", "coordinators"):
                role = "lead" if name == "lead" else "coordinator"
                _set_task_units(
                    task=existing,
                    role=role,
                    names=new[name],
                    program=program,
                    acting_user=acting_user,
                    resolver=resolver,
                )
            else:
                setattr(existing, name, _task_values_of(new).get(name))
        existing.save()
        return
    if change.op == "add":
        goals = list(program.goals.order_by("order"))
        goal = Goal.objects.create(
            program=program,
            order=_make_room(goals, new.get("line") or 0),
            text=new["goal"],
            section=(new.get("section") or "")[:300],
            line=new.get("line"),
        )
        indicator, _created = registry_services.IndicatorFinder().find(
            texts=[new.get("subject") or "", new["goal"]],
            subject=new.get("subject") or new["goal"],
            unit=new.get("unit") or "",
            scope=new.get("scope") or "",
        )
        Target.objects.create(
            program=program,
            goal=goal,
            order=new["position"],
            indicator=indicator,
            subject=(new.get("subject") or "")[:500],
            comparator=new["comparator"],
            value=float(new["value"]),
            unit=(new.get("unit") or "")[:60],
            year=new.get("year") or program.horizon_year,
            quarter=new.get("quarter"),
            scope=(new.get("scope") or "")[:200],
        )
        return
    target = found.get(id(old))
    if target is None:
        return
    if change.op == "remove":
        target.delete()
        return
    for name in change.fields:
        value = new.get(name)
        if name in ("unit", "scope"):
            value = value or ""
        setattr(target, name, float(str(value)) if name == "value" else value)
    target.save()
    if new.get("goal") and target.goal.text != new["goal"]:
        # The goal statement says the new threshold too ("trên 85%" → "trên 90%").
        target.goal.text = new["goal"]
        target.goal.save(update_fields=["text"])


def _move_lines(
    *,
    matched: list[tuple[dict[str, Any], dict[str, Any]]],
    found: dict[int, Any],
) -> None:
    """Records that still match keep the reviewer's edits; their line numbers follow the new
    text (a target through its goal)."""
    for old, new in matched:
        record = found.get(id(old))
        if record is None or old.get("line") == new.get("line"):
            continue
        if isinstance(record, Target):
            record = record.goal
        record.line = new.get("line")
        record.save(update_fields=["line"])


@transaction.atomic
def version_accept(*, program: Program, accepted: set[str], acting_user: Actor) -> int:
    """Apply the accepted changes of the pending new version; records that still match keep the
    reviewer's edits; the draft then points at the new text. Returns how many were applied."""
    _require_reviewer(acting_user, program)
    pending = version_pending(program=program)
    if pending is None:
        raise ReviewError("Chưa có phiên bản mới nào được tải lên.")
    count = _version_take(
        program=program, pending=pending, accepted=accepted, acting_user=acting_user
    )
    _pending_path(program).unlink(missing_ok=True)
    return count


def _version_take(
    *, program: Program, pending: dict[str, Any], accepted: set[str] | None, acting_user: Actor
) -> int:
    """The draft takes a new version of its text (`pending`: name, text, extraction) with the
    accepted changes (every change when `accepted` is None)."""
    changes, matched = selectors.version_changes(program=program, new_data=pending["data"])
    chosen = [c for c in changes if accepted is None or c.key in accepted]
    # Find every record of the previous version before anything moves (lines change below).
    olds = [old for old, _new in matched] + [c.old for c in changes if c.op == "remove" and c.old]
    found = {id(old): _locate(program=program, item=old) for old in olds}
    # Lines follow the new text first, so added records take their place in the plan's order.
    _move_lines(matched=matched, found=found)
    resolver = LazyResolver()
    for change in chosen:
        _version_apply(
            program=program,
            change=change,
            found=found,
            acting_user=acting_user,
            resolver=resolver,
        )
    before = {"source_name": program.source_name, "lines": len(program.source_text.splitlines())}
    data = pending["data"]
    program.source_text = pending["text"]
    program.source_name = pending["name"][:300]
    program.warnings = data.get("warnings") or []
    program.budget_stated_vnd = (data.get("budget") or {}).get("stated_total_vnd")
    program.extraction_sha256 = registry_services.extraction_digest(
        data=data, source_text=pending["text"]
    )
    program.save()
    _audit(
        acting_user=acting_user,
        program=program,
        action="review.version_accept",
        obj=program,
        before=before,
        after={
            "source_name": program.source_name,
            "lines": len(program.source_text.splitlines()),
            "accepted": [f"{c.op} {c.kind}: {c.label[:120]}" for c in chosen],
            "not_accepted": [
                f"{c.op} {c.kind}: {c.label[:120]}" for c in changes if c not in chosen
            ],
        },
        note=f"nạp phiên bản mới {program.source_name}: chấp nhận {len(chosen)}/{len(changes)} thay đổi",
    )
    return len(chosen)


@transaction.atomic
def agency_merge(
    *, program: Program, names: list[str], merged_name: str, acting_user: Actor
) -> int:
    """Names the importer cut out of one agency ("Sở Văn hóa" | "Thể thao và Du lịch") become
    one name again ("Sở Văn hóa, Thể thao và Du lịch") on every task of the draft that names
    them, resolved to one unit (or kept as written, to be mapped). Returns how many tasks."""
    _require_reviewer(acting_user, program)
    wanted = list(dict.fromkeys(" ".join(n.split())[:300] for n in names if n.strip()))
    merged = " ".join(merged_name.split())[:300] or ", ".join(wanted)[:300]
    if len(wanted) < 2:
        raise ReviewError(
            gettext("Ghép tên: hãy nêu ít nhất hai tên, phân cách bằng dấu chấm phẩy (;).")
        )
    rows = list(
        TaskUnit.objects.filter(task__program=program, written_name__in=wanted)
        .select_related("unit")
        .order_by("task_id", "role", "order")
    )
    missing = [n for n in wanted if n not in {tu.written_name for tu in rows}]
    if missing:
        raise ReviewError(
            gettext("Ghép tên: không có nhiệm vụ nào ghi tên “%(name)s”.") % {"name": missing[0]}
        )
    unit = _unit_for_name(
        name=merged, resolver=LazyResolver(), program=program, acting_user=acting_user
    )
    groups: dict[tuple[int, str], list[TaskUnit]] = {}
    for tu in rows:
        groups.setdefault((tu.task_id, tu.role), []).append(tu)
    old_units = {tu.unit for tu in rows}
    for (task_id, role), group in groups.items():
        order = min(tu.order for tu in group)
        TaskUnit.objects.filter(pk__in=[tu.pk for tu in group]).delete()
        if not TaskUnit.objects.filter(task_id=task_id, role=role, unit=unit).exists():
            TaskUnit.objects.create(
                task_id=task_id, unit=unit, role=role, written_name=merged, order=order
            )
    tasks = len({task_id for task_id, _role in groups})
    _audit(
        acting_user=acting_user,
        program=program,
        action="review.agency_merge",
        obj=program,
        before={"names": wanted, "units": sorted(u.code for u in old_units)},
        after={"written_name": merged, "unit": unit.code, "tasks": tasks},
        note=f"ghép {' | '.join(wanted)} thành “{merged}”",
    )
    for old in old_units:
        if old.pk != unit.pk:
            _drop_if_orphan(unit=old, program=program, acting_user=acting_user)
    return tasks


@transaction.atomic
def agency_split(
    *, program: Program, written_name: str, parts: list[str], acting_user: Actor
) -> int:
    """A name that is really several agencies ("Sở Y tế và Sở Tài chính", a split the importer
    missed) becomes one entry per agency on every task of the draft that names it, each resolved
    (or kept as written to be mapped). Returns how many task rows were split."""
    _require_reviewer(acting_user, program)
    names = list(dict.fromkeys(" ".join(p.split())[:300] for p in parts if p.strip()))
    if len(names) < 2:
        raise ReviewError(
            "Tách tên: hãy viết ít nhất hai tên cơ quan, phân cách bằng dấu chấm phẩy (;)."
        )
    rows = list(
        TaskUnit.objects.filter(task__program=program, written_name=written_name).select_related(
            "unit", "task"
        )
    )
    if not rows:
        raise ReviewError(f"Không có nhiệm vụ nào ghi tên “{written_name}”.")
    old_units = {tu.unit for tu in rows}
    resolver = LazyResolver()
    for tu in rows:
        task, role, order = tu.task, tu.role, tu.order
        tu.delete()
        named = set(TaskUnit.objects.filter(task=task, role=role).values_list("unit_id", flat=True))
        for position, name in enumerate(names):
            unit = _unit_for_name(
                name=name, resolver=resolver, program=program, acting_user=acting_user
            )
            if unit.pk in named:
                continue
            named.add(unit.pk)
            TaskUnit.objects.create(
                task=task, unit=unit, role=role, written_name=name, order=order + position
            )
    _audit(
        acting_user=acting_user,
        program=program,
        action="review.agency_split",
        obj=program,
        before={"written_name": written_name, "tasks": len(rows)},
        after={"names": names},
        note=f"tách “{written_name}” thành {len(names)} cơ quan",
    )
    for old in old_units:
        _drop_if_orphan(unit=old, program=program, acting_user=acting_user)
    return len(rows)


# -- an amendment (điều chỉnh, bổ sung) of a published program -------------------------------------


def _program_copy(*, published: Program, key: str) -> Program:
    """A draft copy of the published program's records in force, as the reviewer left them
    (names, agencies, indicators): an amendment starts from it."""
    copy = Program.objects.create(
        key=key,
        amends=published,
        **{
            name: getattr(published, name)
            for name in (
                "kind",
                "title",
                "issuer",
                "place",
                "horizon_year",
                "parent",
                "source_name",
                "source_text",
                "budget_stated_vnd",
                "budget_parts",
                "warnings",
            )
        },
    )
    goals = {}
    for goal in published.goals.order_by("order"):
        goals[goal.pk] = Goal.objects.create(
            program=copy, order=goal.order, section=goal.section, text=goal.text, line=goal.line
        )
    Target.objects.bulk_create(
        Target(
            program=copy,
            goal=goals[t.goal_id],
            **{
                name: getattr(t, name)
                for name in (*TARGET_FIELDS, "order", "indicator_id", "baseline_value")
            },
            baseline_period=t.baseline_period,
            owner_id=t.owner_id,
        )
        for t in published.targets.filter(in_force())
    )
    for task in published.tasks.filter(in_force()).prefetch_related("task_units"):
        twin = Task.objects.create(
            program=copy,
            order=task.order,
            line=task.line,
            recurrence=task.recurrence,
            budget_per_year=task.budget_per_year,
            **{name: getattr(task, name) for name in TASK_FIELDS},
        )
        TaskUnit.objects.bulk_create(
            TaskUnit(
                task=twin,
                unit_id=tu.unit_id,
                role=tu.role,
                written_name=tu.written_name,
                order=tu.order,
            )
            for tu in task.task_units.all()
        )
    return copy


def _amending_document(
    *, program: Program, uploaded: "File[bytes]", max_bytes: int
) -> tuple[dict[str, Any], str, str]:
    """The amending document read by the importer and checked as `dxtrack load` checks a plan."""
    try:
        data, text, name = registry_services.plan_upload_read(
            uploaded=uploaded, max_bytes=max_bytes
        )
    except registry_services.LoadError as error:
        raise ReviewError(str(error)) from None
    # The amending document keeps the program's title when the importer found none.
    data["document"]["title"] = data["document"].get("title") or program.title
    errors = validate_extraction(data)
    if errors:
        raise ReviewError(
            gettext("Tệp %(name)s có %(n)s lỗi, không nạp gì: %(errors)s")
            % {"name": name, "n": len(errors), "errors": "; ".join(errors[:5])}
        )
    return data, text, name


def _amending_results_load(*, amendment: Program, data: dict[str, Any]) -> None:
    """The results the amending document quotes, loaded as a plan's are (by reporting, which
    registers the loader), to review; publishing moves the new ones to the program."""
    try:
        program_contents_load(
            program=amendment,
            data=data,
            province=registry_services.province_unit(),
            resolver=UnitResolver.build(),
            report=registry_services.LoadReport(program=amendment, created=True),
        )
    except registry_services.LoadError as error:
        raise ReviewError(str(error)) from None


@transaction.atomic
def amendment_start(
    *,
    program: Program,
    uploaded: "File[bytes] | None",
    max_bytes: int,
    document_number: str = "",
    document_date: date | None = None,
    acting_user: Actor,
) -> Program:
    """The amending document of a published program becomes a draft amendment linked to it: a
    copy of the program as it stands (the reviewer's names, agencies and indicators kept) with
    every change the importer reads between the published text and the amended one applied.
    Without a file, the amendment starts as the copy alone (a decision amending a few records,
    written in by hand); its document number is then required. It is reviewed in the same
    workspace, then published with the changes the coordinator accepts (`amendment_publish`).
    Nothing of the published program changes yet."""
    permissions.require(permissions.can_manage_registry(acting_user))
    if not program.is_published or program.amends_id:
        raise ReviewError(
            gettext(
                "Chỉ điều chỉnh được chương trình đã công bố; bản nháp được sửa trực tiếp "
                "trong trang rà soát."
            )
        )
    open_amendment = selectors.amendment_of(program=program)
    if open_amendment is not None:
        raise ReviewError(
            gettext(
                "Đã có bản điều chỉnh đang rà soát (%(name)s): hãy công bố hoặc bỏ bản đó trước."
            )
            % {"name": open_amendment}
        )
    if uploaded is None and not document_number.strip():
        raise ReviewError(
            gettext(
                "Văn bản điều chỉnh: hãy tải lên tệp văn bản, hoặc ghi số hiệu văn bản điều chỉnh "
                "để sửa trực tiếp trên bản sao của chương trình."
            )
        )
    number = program.versions.count() + 2
    key = f"{program.key[:150]} ~ điều chỉnh {number}"
    document = (
        None
        if uploaded is None
        else _amending_document(program=program, uploaded=uploaded, max_bytes=max_bytes)
    )
    amendment = _program_copy(published=program, key=key)
    name, issued_on = "", None
    if document is not None:
        data, text, name = document
        _version_take(
            program=amendment,
            pending={"name": name, "text": text, "data": data},
            accepted=None,
            acting_user=acting_user,
        )
        _amending_results_load(amendment=amendment, data=data)
        document_number = document_number.strip() or data["document"].get("number") or ""
        issued_on = registry_services.parse_date(data["document"].get("issued_on"))
    amendment.number = document_number.strip()[:80]
    amendment.issued_on = document_date or issued_on
    amendment.save(update_fields=["number", "issued_on"])
    _audit(
        acting_user=acting_user,
        program=program,
        action="amendment.start",
        obj=program,
        after={
            "amendment": amendment.pk,
            "source_name": name,
            "document_number": amendment.number,
            "document_date": str(amendment.issued_on or ""),
        },
        note=f"bắt đầu điều chỉnh theo {amendment.number or name}",
    )
    return amendment


@transaction.atomic
def amendment_discard(*, amendment: Program, acting_user: Actor) -> Program:
    """The draft amendment is dropped; the published program stays as it was. (The audit
    action is an `admin_` one: the draft's quoted figures go with it, so evaluation forgets
    its running sums.)"""
    _require_reviewer(acting_user, amendment)
    published = amendment.amends
    if published is None:
        raise ReviewError(gettext("Bản nháp này không phải là bản điều chỉnh."))
    _audit(
        acting_user=acting_user,
        program=published,
        action="program.admin_amendment_discard",
        obj=published,
        before={"amendment": amendment.pk, "source_name": amendment.source_name},
        note=f"bỏ bản điều chỉnh {amendment.number or amendment.source_name}",
    )
    amendment.delete()
    return published


class _Amender:
    """Applies the accepted changes of a draft amendment to the published program, keeping the
    identity (primary key) of every matched target and task: rounds, values, task updates,
    statuses and rankings keep their history."""

    def __init__(self, *, published: Program, version: ProgramVersion, acting_user: Actor):
        self.published = published
        self.version = version
        self.acting_user = acting_user
        self.goals: dict[int, Goal] = {}

    def audit(self, action: str, obj: Any, before: Any = None, after: Any = None) -> None:
        _audit(
            acting_user=self.acting_user,
            program=self.published,
            action=action,
            obj=obj,
            before=before,
            after=after,
            note=f"điều chỉnh theo {self.version}",
        )

    def audit_change(
        self, action: str, obj: Any, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        _audit_change(
            acting_user=self.acting_user,
            program=self.published,
            action=action,
            obj=obj,
            before=before,
            after=after,
            note=f"điều chỉnh theo {self.version}",
        )

    def apply(self, change: selectors.Change) -> None:
        old, new = change.old or {}, change.new or {}
        if change.kind == "target":
            if change.op == "add":
                self.target_add(
                    Target.objects.select_related("goal", "indicator").get(pk=new["pk"])
                )
            elif change.op == "remove":
                self.repeal(Target.objects.select_related("indicator").get(pk=old["pk"]))
            else:
                self.target_update(
                    Target.objects.select_related("goal", "indicator").get(pk=old["pk"]),
                    Target.objects.select_related("goal", "indicator").get(pk=new["pk"]),
                )
        elif change.op == "add":
            self.task_add(Task.objects.get(pk=new["pk"]))
        elif change.op == "remove":
            self.repeal(Task.objects.get(pk=old["pk"]))
        else:
            self.task_update(Task.objects.get(pk=old["pk"]), Task.objects.get(pk=new["pk"]))

    def _goal_for(self, source: Goal) -> Goal:
        """The published goal an added target goes under: the one with the same statement, or
        a copy of the amendment's."""
        if source.pk not in self.goals:
            same = [
                g
                for g in self.published.goals.order_by("order")
                if selectors.identity_text(g.text) == selectors.identity_text(source.text)
            ]
            self.goals[source.pk] = (
                same[0]
                if same
                else Goal.objects.create(
                    program=self.published,
                    order=_make_room(
                        list(self.published.goals.order_by("order")), source.line or 0
                    ),
                    text=source.text,
                    section=source.section,
                    line=source.line,
                )
            )
        return self.goals[source.pk]

    def target_add(self, target: Target) -> None:
        target.goal = self._goal_for(target.goal)
        target.program = self.published
        target.save(update_fields=["goal", "program"])
        after = _target_picture(target)
        after["goal"] = target.goal.text[:300]
        self.audit("amendment.target_add", target, after=after)

    def target_update(self, target: Target, source: Target) -> None:
        before = _target_picture(target)
        before["goal"] = target.goal.text[:300]
        for name in (*TARGET_FIELDS, "indicator"):
            setattr(target, name, getattr(source, name))
        target.save()
        target.goal.text = source.goal.text
        target.goal.save(update_fields=["text"])
        after = _target_picture(target)
        after["goal"] = target.goal.text[:300]
        self.audit_change("amendment.target_update", target, before, after)

    def task_add(self, task: Task) -> None:
        task.order = _make_room(list(self.published.tasks.order_by("order")), task.line or 0)
        task.program = self.published
        task.save(update_fields=["order", "program"])
        self.audit("amendment.task_add", task, after=_task_picture(task))

    def task_update(self, task: Task, source: Task) -> None:
        before = _task_picture(task)
        before["name"] = task.name[:300]
        for name in (*TASK_FIELDS, "recurrence", "budget_per_year"):
            setattr(task, name, getattr(source, name))
        task.save()
        task.task_units.all().delete()
        TaskUnit.objects.bulk_create(
            TaskUnit(
                task=task,
                unit_id=tu.unit_id,
                role=tu.role,
                written_name=tu.written_name,
                order=tu.order,
            )
            for tu in source.task_units.all()
        )
        after = _task_picture(task)
        after["name"] = task.name[:300]
        self.audit_change("amendment.task_update", task, before, after)

    def repeal(self, record: Target | Task) -> None:
        """A removed target or task stays, with its data, marked as repealed by this version."""
        before = _target_picture(record) if isinstance(record, Target) else _task_picture(record)
        record.repealed_by = self.version
        record.save(update_fields=["repealed_by"])
        kind = "target" if isinstance(record, Target) else "task"
        self.audit(
            f"amendment.{kind}_repeal",
            record,
            before=before,
            after={"repealed_by": str(self.version)},
        )

    def follow_lines(self, matched: selectors.Pairs) -> None:
        """Records still in force point at their lines in the amended text."""
        for old, new in matched:
            if old.get("line") == new.get("line"):
                continue
            if "position" in old:
                Goal.objects.filter(targets__pk=old["pk"]).update(line=new.get("line"))
            else:
                Task.objects.filter(pk=old["pk"]).update(line=new.get("line"))


def _change_entry(change: selectors.Change, accepted: bool) -> dict[str, Any]:
    return {
        "op": change.op,
        "kind": change.kind,
        "label": change.label[:200],
        "fields": [list(f) for f in change.described],
        "accepted": accepted,
    }


@transaction.atomic
def amendment_publish(
    *, amendment: Program, accepted: set[str], acknowledge_budget: bool, acting_user: Actor
) -> ProgramVersion:
    """Publish a draft amendment: after its checklist, the accepted changes (added, removed,
    modified vs the published version) are applied to the published program, which then reads
    the amended text; the version (amending document, who, when, the change list, the text it
    replaced) is recorded. Removed records are marked repealed, not deleted."""
    _require_reviewer(acting_user, amendment)
    published = amendment.amends
    if published is None or not published.is_published:
        raise ReviewError(
            gettext("Bản nháp này không phải là bản điều chỉnh của chương trình đã công bố.")
        )
    _check_publishable(
        program=amendment, acknowledge_budget=acknowledge_budget, acting_user=acting_user
    )
    changes, matched = selectors.amendment_changes(amendment=amendment)
    chosen = [c for c in changes if c.key in accepted]
    version = ProgramVersion.objects.create(
        program=published,
        number=published.versions.count() + 2,
        document_number=amendment.number,
        document_date=amendment.issued_on,
        document_title=amendment.title,
        source_name=amendment.source_name,
        source_text=amendment.source_text,
        previous_source_text=published.source_text,
        changes=[_change_entry(c, c in chosen) for c in changes],
        created_by=acting_user if isinstance(acting_user, User) else None,
    )
    amender = _Amender(published=published, version=version, acting_user=acting_user)
    amender.follow_lines(matched)
    for change in chosen:
        amender.apply(change)
    before = {
        "source_name": published.source_name,
        "budget_stated_vnd": published.budget_stated_vnd,
    }
    published.source_text = amendment.source_text
    published.source_name = amendment.source_name
    published.warnings = amendment.warnings
    published.budget_stated_vnd = amendment.budget_stated_vnd
    published.budget_parts = amendment.budget_parts
    published.save()
    _observations_merge(amendment=amendment, published=published, acting_user=acting_user)
    _audit(
        acting_user=acting_user,
        program=published,
        action="amendment.publish",
        obj=published,
        before=before,
        after={
            "version": version.number,
            "document_number": version.document_number,
            "document_date": str(version.document_date or ""),
            "source_name": published.source_name,
            "accepted": [f"{c.op} {c.kind}: {c.label[:120]}" for c in chosen],
            "not_accepted": [
                f"{c.op} {c.kind}: {c.label[:120]}" for c in changes if c not in chosen
            ],
        },
        note=f"công bố phiên bản {version.number} ({version}): {len(chosen)}/{len(changes)} thay đổi",
    )
    amendment.delete()
    return version


def _observations_merge(*, amendment: Program, published: Program, acting_user: Actor) -> None:
    """The results the amending document quotes join the published program's, except those it
    already quotes (same indicator, unit, period and value). The values are reporting's rows,
    reached through the program's relation; the audit action is an `admin_` one so that
    evaluation forgets its running sums."""
    quoted = set(published.observations.values_list("indicator_id", "unit_id", "period", "value"))
    moved, repeated = [], []
    for obs in amendment.observations.all():
        if (obs.indicator_id, obs.unit_id, obs.period, obs.value) in quoted:
            repeated.append(obs.pk)
        else:
            moved.append(obs.pk)
    if not moved and not repeated:
        return
    amendment.observations.filter(pk__in=repeated).delete()
    amendment.observations.filter(pk__in=moved).update(program=published)
    _audit(
        acting_user=acting_user,
        program=published,
        action="observation.admin_amendment_merge",
        obj=published,
        after={"moved": moved, "already_quoted": len(repeated)},
        note="số liệu của văn bản điều chỉnh",
    )


# -- the results the plan reports (số liệu) -------------------------------------------------------
# They are reporting's `Observation` rows, quoted from the document as accepted values; the
# registry reaches them only through the program's relation (`program.observations`), never an
# import. Their audit actions are `admin_` ones: evaluation forgets its running sums after them.


@dataclass(frozen=True)
class ObservationValues:
    """A result as the reviewer checked it: where (a place the unit catalogue knows, the
    province when blank), which period, the value and the unit of measure."""

    place: str
    period: str
    value: float
    measure: str


def _observation_picture(observation: Any) -> dict[str, Any]:
    return {
        "indicator": f"{observation.indicator_id}: {observation.indicator.name}",
        "unit": observation.unit.code,
        "period": observation.period,
        "value": observation.value,
        "measure": observation.indicator.unit,
        "line": observation.line,
    }


def _observation_where(
    *,
    program: Program,
    values: ObservationValues,
    choice: IndicatorChoice,
    current: Any,
    acting_user: Actor,
) -> tuple[Indicator, Unit]:
    """The indicator and unit a checked result is stored under, with the loader's rules: a
    place outside the unit catalogue is not stored; the unit of measure is the indicator's."""
    place = " ".join(values.place.split())
    if place:
        unit = UnitResolver.build().resolve(place)
        if unit is None:
            raise ReviewError(
                gettext(
                    "Nơi: “%(place)s” không có trong danh mục đơn vị; số liệu của nơi ngoài danh "
                    "mục không được nạp (như lệnh dxtrack load)."
                )
                % {"place": place}
            )
    else:
        try:
            unit = registry_services.province_unit()
        except registry_services.LoadError as error:
            raise ReviewError(str(error)) from None
    indicator = _indicator_for(
        choice=choice,
        current=current,
        unit=values.measure,
        comparator="",
        program=program,
        acting_user=acting_user,
    )
    measure = " ".join(values.measure.split())
    if not choice.create and measure and indicator.unit and measure != indicator.unit:
        raise ReviewError(
            gettext(
                "Đơn vị tính: “%(measure)s” khác đơn vị tính của chỉ số “%(name)s” (%(unit)s); "
                "hãy chọn chỉ số khác hoặc tạo chỉ số mới với đơn vị này."
            )
            % {"measure": measure, "name": indicator.name, "unit": indicator.unit}
        )
    return indicator, unit


@transaction.atomic
def observation_update(
    *, observation: Any, values: ObservationValues, choice: IndicatorChoice, acting_user: Actor
) -> Any:
    program = observation.program
    _require_reviewer(acting_user, program)
    before = _observation_picture(observation)
    observation.indicator, observation.unit = _observation_where(
        program=program,
        values=values,
        choice=choice,
        current=observation.indicator,
        acting_user=acting_user,
    )
    observation.period = values.period
    observation.value = values.value
    observation.save()
    _audit_change(
        acting_user=acting_user,
        program=program,
        action="observation.admin_review_update",
        obj=observation,
        before=before,
        after=_observation_picture(observation),
        note=f"sửa số liệu (dòng {observation.line or '?'})",
    )
    return observation


@transaction.atomic
def observation_delete(*, observation: Any, acting_user: Actor) -> None:
    """A false result (a target or a budget the importer read as a reported value) leaves the
    draft."""
    _record_delete(
        acting_user=acting_user,
        program=observation.program,
        action="observation.admin_review_delete",
        obj=observation,
        before=_observation_picture(observation),
        note=f"xoá số liệu sai (dòng {observation.line or '?'})",
    )


@transaction.atomic
def observation_add(
    *,
    program: Program,
    first: int,
    last: int,
    text: str,
    values: ObservationValues,
    choice: IndicatorChoice,
    acting_user: Actor,
) -> Any:
    """A result the importer missed, from a span of the text, stored as the loader stores one:
    an accepted value quoted from the document, with its line."""
    _require_reviewer(acting_user, program)
    indicator, unit = _observation_where(
        program=program, values=values, choice=choice, current=None, acting_user=acting_user
    )
    observation = program.observations.create(
        indicator=indicator,
        unit=unit,
        period=values.period,
        value=values.value,
        state="accepted",
        source_kind="document",
        source=f"{program.number or program.title[:60]}, dòng {first}",
        line=first,
        text=" ".join(text.split())[:2000],
        submitted_at=timezone.now(),
    )
    _audit(
        acting_user=acting_user,
        program=program,
        action="observation.admin_review_create",
        obj=observation,
        after=_observation_picture(observation),
        note=f"thêm số liệu từ dòng {first}–{last}",
    )
    return observation
