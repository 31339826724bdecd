"""The life of a reported item — an indicator value (`Observation`) or a task progress report
(`TaskUpdate`) — in one place: the transitions, from which states, to which state, who may make
them and what each records. Every write path (web pages, Excel upload, API, command line) goes
through here.

    (new) ─save→ draft ─send→ pending_approval ─approve→ submitted ─accept→ accepted
                   ↑                │                      ↑    │
                   └──unit_return───┘   send (approver, ───┘    └─return→ returned ─save, send→ …
                                        or no sign-off step)

- `save`: the unit writes the item (`observation_save`, `task_update_save`); a new item or a draft
  stays `draft`, a returned one stays `returned` until it is sent again.
- `send`: to `submitted` (the coordinator) when the sender is the unit's approver or the unit has
  no sign-off step, else to `pending_approval` (the unit's leader), see `sent_state`.
- `approve` / `unit_return`: the unit's approver decides on `pending_approval`.
- `accept` / `return`: the coordinator decides on `submitted`; an accept runs evaluation's hook.
- Nothing leaves `accepted`: there is no reopening of an item.
- Separation of duties: whoever wrote, sent or signed off an item for the unit (its history,
  `ValueRevision`, says who) never accepts it, whatever role they hold when they try
  (`UNIT_SIDE_ACTIONS`, `SEPARATION_REFUSED`).
- An edit through the admin (`item_admin_save`) is recorded as a step is: a new version, a
  history row (via "admin") and an audit row; it never changes the item's state.

Each transition is one transaction: the item is locked and read again, its round must be open,
the version the user read must still be current, the state must be one the transition starts
from; then the item gets its new state, a `ValueRevision` (its own history, shown on its page)
and an audit row, and, as the table says, a notice to the unit or the accept hook.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeAlias

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from dxtrack.core import permissions
from dxtrack.core.audit import audit_record, changed, snapshot
from dxtrack.core.models import ReviewState
from dxtrack.registry.models import Role, Unit
from dxtrack.reporting import hooks, rules, selectors
from dxtrack.reporting.errors import STALE_MESSAGE, Locked, ReportingError, StaleVersion
from dxtrack.reporting.models import (
    Notice,
    Observation,
    Round,
    TaskUpdate,
    UnitApprovalPolicy,
    ValueRevision,
)

#: Who acts: a logged-in user, or None for the operator at the command line.
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None
Item: TypeAlias = Observation | TaskUpdate
Message: TypeAlias = str | Promise
Version: TypeAlias = int | str | None


class Transition(StrEnum):
    SAVE = "save"
    SEND = "send"
    APPROVE = "approve"
    UNIT_RETURN = "unit_return"
    ACCEPT = "accept"
    RETURN = "return"


APPROVER_ONLY = gettext_lazy(
    "Chỉ lãnh đạo của đơn vị (tài khoản duyệt của đơn vị) được duyệt báo cáo của đơn vị."
)


def _may_write(user: Actor, unit: Unit) -> bool:
    # None: the command line, run by the operator.
    return user is None or permissions.can_report_for(user, unit)


def _may_approve(user: Actor, unit: Unit) -> bool:
    return permissions.can_approve_for(user, unit)


def _may_review(user: Actor, unit: Unit) -> bool:
    return permissions.can_review_rounds(user)


@dataclass(frozen=True)
class Notify:
    """The notice a transition leaves the unit: `text` formatted with the item and the comment."""

    text: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """One row of the table."""

    sources: frozenset[str]
    #: None: `send`, whose target depends on the sender and the unit (`sent_state`).
    target: ReviewState | None
    may: Callable[[Actor, Unit], bool]
    refused: Message
    #: Locked, when the item is in another state: by item kind, or by "kind.state".
    locked: dict[str, Message]
    #: The revision's (and the audit row's) action; None: that of `send` (`send_verb`).
    verb: str | None
    version_required: bool = False
    comment_required: Message | None = None
    #: The item must pass the rules of a sent task update (a completed task needs evidence).
    sendable: bool = False
    #: The comment becomes the item's `review_comment`.
    keeps_comment: bool = False
    #: The coordinator's decision: `reviewed_by`/`reviewed_at` are recorded.
    review: bool = False
    #: The audit row's comment names the channel ("… (qua api)"), as saves do.
    channel_in_audit: bool = False
    #: Not in a round: the message by item kind (else the general one).
    not_in_round: dict[str, Message] | None = None
    notice: Notify | None = None
    accepted_hook: bool = False
    #: Refused, with this message, to whoever acted for the unit on the item (separation of
    #: duties, `acted_for_unit`).
    separate_from_unit: Message | None = None


EDITABLE = frozenset({ReviewState.DRAFT, ReviewState.RETURNED})
_REVIEW_ONLY = gettext_lazy("Chỉ cơ quan điều phối được duyệt số liệu.")
_WAITING_FOR_LEADER = gettext_lazy("Chỉ duyệt được mục đang chờ lãnh đạo đơn vị duyệt.")
_WAITING_FOR_COORDINATOR = gettext_lazy("Chỉ duyệt được mục đã gửi và đang chờ duyệt.")
SEPARATION_REFUSED = gettext_lazy(
    "Bạn đã nhập, gửi hoặc duyệt mục này cho đơn vị nên không thể chấp nhận nó: người ký duyệt "
    "của đơn vị và người chấp nhận của cơ quan điều phối phải là hai người khác nhau."
)
#: The history actions of the unit's side (`ValueRevision.action`): a save, a send (to the
#: unit's leader or to the coordinator) and the leader's sign-off.
UNIT_SIDE_ACTIONS = frozenset({"save", "send_for_approval", "submit", "approve"})

TABLE: dict[Transition, Step] = {
    Transition.SAVE: Step(
        sources=EDITABLE,
        target=None,  # a new item or a draft: draft; a returned one stays returned
        may=_may_write,
        refused=selectors.REFUSED,
        locked={
            "observation": gettext_lazy(
                "Số liệu đã gửi và đang chờ duyệt: không thể sửa cho đến khi được trả lại."
            ),
            f"observation.{ReviewState.ACCEPTED}": gettext_lazy(
                "Số liệu đã gửi hoặc đã được chấp nhận, không thể sửa."
            ),
            f"observation.{ReviewState.PENDING_APPROVAL}": gettext_lazy(
                "Số liệu đang chờ lãnh đạo đơn vị duyệt: không thể sửa cho đến khi được trả lại."
            ),
            "task_update": gettext_lazy(
                "Báo cáo tiến độ đã gửi hoặc đã được chấp nhận, không thể sửa."
            ),
        },
        verb="save",
    ),
    Transition.SEND: Step(
        sources=EDITABLE,
        target=None,
        may=_may_write,
        refused=selectors.REFUSED,
        locked={
            "observation": gettext_lazy("Số liệu đã được gửi."),
            "task_update": gettext_lazy("Báo cáo tiến độ đã được gửi."),
        },
        verb=None,
        version_required=True,
        sendable=True,
        not_in_round={
            "observation": gettext_lazy("Số liệu không thuộc kỳ báo cáo nào."),
            "task_update": gettext_lazy("Báo cáo không thuộc kỳ báo cáo nào."),
        },
    ),
    Transition.APPROVE: Step(
        sources=frozenset({ReviewState.PENDING_APPROVAL}),
        target=ReviewState.SUBMITTED,
        may=_may_approve,
        refused=APPROVER_ONLY,
        locked={"observation": _WAITING_FOR_LEADER, "task_update": _WAITING_FOR_LEADER},
        verb="approve",
        sendable=True,
        channel_in_audit=True,
    ),
    Transition.UNIT_RETURN: Step(
        sources=frozenset({ReviewState.PENDING_APPROVAL}),
        target=ReviewState.DRAFT,
        may=_may_approve,
        refused=APPROVER_ONLY,
        locked={"observation": _WAITING_FOR_LEADER, "task_update": _WAITING_FOR_LEADER},
        verb="unit_return",
        comment_required=gettext_lazy("Cần ghi rõ lý do trả lại cho cán bộ."),
        keeps_comment=True,
        channel_in_audit=True,
        notice=Notify("Lãnh đạo đơn vị trả lại: {item} — {comment}", (permissions.REPORTER,)),
    ),
    Transition.ACCEPT: Step(
        sources=frozenset({ReviewState.SUBMITTED}),
        target=ReviewState.ACCEPTED,
        may=_may_review,
        refused=_REVIEW_ONLY,
        locked={"observation": _WAITING_FOR_COORDINATOR, "task_update": _WAITING_FOR_COORDINATOR},
        verb="accept",
        keeps_comment=True,
        review=True,
        accepted_hook=True,
        separate_from_unit=SEPARATION_REFUSED,
    ),
    Transition.RETURN: Step(
        sources=frozenset({ReviewState.SUBMITTED}),
        target=ReviewState.RETURNED,
        may=_may_review,
        refused=_REVIEW_ONLY,
        locked={"observation": _WAITING_FOR_COORDINATOR, "task_update": _WAITING_FOR_COORDINATOR},
        verb="return",
        comment_required=gettext_lazy("Cần ghi rõ lý do trả lại."),
        keeps_comment=True,
        review=True,
        notice=Notify(
            "Mục bị trả lại: {item} — {comment}", (permissions.REPORTER, permissions.APPROVER)
        ),
    ),
}


# -- the item's parts ------------------------------------------------------------------------------

OBS_FIELDS = ["value", "note", "state", "version", "flags", "review_comment"]
TU_FIELDS = [
    "progress",
    "percent_done",
    "narrative",
    "difficulties",
    "proposals",
    "expected_completion",
    "completed_on",
    "disbursed",
    "note",
    "state",
    "version",
    "review_comment",
]


def item_kind(item: Item) -> str:
    """The item's name in audit actions: "observation" or "task_update"."""
    return "observation" if isinstance(item, Observation) else "task_update"


def item_fields(item: Item) -> list[str]:
    """The fields an audit row compares before and after."""
    return OBS_FIELDS if isinstance(item, Observation) else TU_FIELDS


def item_data(item: Item) -> dict[str, Any]:
    """What a revision keeps of the item: what the unit wrote."""
    if isinstance(item, Observation):
        return {"value": item.value, "note": item.note, "flags": item.flags}
    return {
        "progress": item.progress,
        "percent_done": item.percent_done,
        "narrative": item.narrative,
        "difficulties": item.difficulties,
        "proposals": item.proposals,
        "expected_completion": item.expected_completion.isoformat()
        if item.expected_completion
        else None,
        "completed_on": item.completed_on.isoformat() if item.completed_on else None,
        "disbursed": item.disbursed,
        "note": item.note,
    }


def item_owner(item: Item) -> dict[str, Item]:
    """The keyword a row attached to the item (revision, evidence) names it by."""
    if isinstance(item, Observation):
        return {"observation": item}
    return {"task_update": item}


# -- the checks every write shares ---------------------------------------------------------------


def actor_name(user: Actor, via: str) -> str:
    if user is not None and user.is_authenticated:
        return user.get_username()
    return via


def authenticated(user: Actor) -> Any:
    """The user to store in a "by" column: None for the command line and anonymous users."""
    return user if user is not None and user.is_authenticated else None


def with_channel(comment: str, via: str) -> str:
    """A comment and the channel it came through ("qua api"): the audit log is where an agency
    system's write is told apart from one on the web."""
    channel = f"qua {via}"
    return f"{comment} ({channel})" if comment else channel


def require_writer(user: Actor, unit: Unit) -> None:
    """Only the unit's own reporters and approver write its items (the operator's command line
    too)."""
    if not _may_write(user, unit):
        raise PermissionDenied(selectors.REFUSED)


def require_open(rnd: Round) -> None:
    if rnd.state == Round.State.CLOSED:
        raise Locked(
            gettext(
                "Kỳ báo cáo đã khoá: không thể thay đổi số liệu. Liên hệ cơ quan điều phối "
                "nếu cần mở lại."
            )
        )
    if rnd.state != Round.State.OPEN:
        raise Locked(gettext("Kỳ báo cáo chưa mở."))


def version_check(item: Item | None, version: Version) -> None:
    """The version the user read must be the item's current one (0 for an item not yet saved);
    saving over an existing item needs it."""
    current = item.version if item is not None else 0
    if version is None or version == "":
        if item is not None and item.pk is not None:
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


def require_editable(item: Item | None) -> None:
    """A save is refused unless the item is new, a draft or returned."""
    if item is not None and item.state not in EDITABLE:
        raise Locked(_locked_message(TABLE[Transition.SAVE], item))


def _locked_message(step: Step, item: Item) -> str:
    kind = item_kind(item)
    return str(step.locked.get(f"{kind}.{item.state}") or step.locked[kind])


def findings_errors(findings: Iterable[rules.Finding]) -> dict[str, list[str]]:
    """The blocking findings of the rules, by field."""
    errors: dict[str, list[str]] = {}
    for finding in findings:
        if finding.blocking:
            errors.setdefault(finding.field, []).append(finding.message)
    return errors


def task_update_require_sendable(update: TaskUpdate) -> None:
    """A task update is sent only if it passes the rules of a sent update (a completed task
    carries evidence)."""
    _, findings = rules.check_task_update(
        progress=update.progress,
        percent_done=update.percent_done,
        submitting=True,
        evidence_count=update.evidence.count(),
    )
    # A completed task sent without its day (an update saved before the day was asked for).
    findings += rules.check_task_facts(
        progress=update.progress,
        completed_on=update.completed_on,
        disbursed=update.disbursed,
        today=timezone.localdate(),
    )[2]
    errors = findings_errors(findings)
    if errors:
        raise ReportingError(gettext("Báo cáo tiến độ chưa thể gửi."), errors)


#: Sending a returned item as it was returned (`returned_unchanged`).
RETURNED_UNCHANGED = gettext_lazy(
    "Mục này bị trả lại nhưng chưa được sửa: hãy sửa số liệu hoặc ghi chú giải trình (trả lời "
    "ý kiến của cơ quan điều phối) rồi mới gửi lại."
)


def _written(data: dict[str, Any]) -> dict[str, Any]:
    """What the unit wrote, as its history keeps it (JSON), without what the rules derive."""
    plain = json.loads(json.dumps(data, default=str))
    plain.pop("flags", None)
    return dict(plain)


def returned_unchanged(item: Item) -> bool:
    """Whether a returned item is, in memory, still what the coordinator returned: the values
    and the note (its explanation) of the item's last "return" step, and, for a task update, no
    evidence attached since. Only such an item is refused a new send: it would go back with
    nothing changed and no answer to the coordinator's comment."""
    if item.state != ReviewState.RETURNED or item.pk is None:
        return False
    returned = (
        ValueRevision.objects.filter(**item_owner(item), action="return")
        .order_by("-pk")
        .only("data", "at")
        .first()
    )
    if returned is None:
        return False
    if _written(item_data(item)) != _written(returned.data):
        return False
    return not (
        isinstance(item, TaskUpdate) and item.evidence.filter(uploaded_at__gt=returned.at).exists()
    )


def require_changed_since_return(item: Item) -> None:
    """A returned item is sent again only when edited or explained (`returned_unchanged`)."""
    if returned_unchanged(item):
        message = str(RETURNED_UNCHANGED)
        raise ReportingError(message, {"note": [message]})


def lock_in_open_round(item: Item, *, not_in_round: Message | None = None) -> Item:
    """The item read again and locked for this transaction, refused unless its round is open.

    Only the item's own row is locked: its round is an outer join, which PostgreSQL cannot lock.
    """
    related = "indicator" if isinstance(item, Observation) else "task"
    locked = (
        type(item)
        ._default_manager.select_for_update(of=("self",))
        .select_related("round", "unit", related)
        .get(pk=item.pk)
    )
    if locked.round is None:
        raise ReportingError(str(not_in_round or gettext("Mục không thuộc kỳ báo cáo nào.")))
    require_open(locked.round)
    return locked


# -- where a send goes: the unit's own sign-off (ký duyệt của lãnh đạo đơn vị) -------------------


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
    """Built on first use: the user model is known only once the apps are loaded."""
    policies = UnitApprovalPolicy._meta.db_table
    roles = Role._meta.db_table
    users = get_user_model()._meta.db_table
    return (
        f"SELECT (SELECT approval_required FROM {policies} WHERE unit_id = %s), "
        f"EXISTS (SELECT 1 FROM {roles} r JOIN {users} u "
        f"ON u.id = r.user_id WHERE r.unit_id = %s AND r.name = %s AND u.is_active)"
    )


def sent_state(*, acting_user: Actor, unit: Unit) -> ReviewState:
    """Where a "send" by this user goes: the unit's approver submits to the coordinator
    (`submitted`); a reporter's (or the operator's, from the command line) waits for the unit's
    leader (`pending_approval`) when the unit needs that step."""
    if acting_user is not None and permissions.can_approve_for(acting_user, unit):
        return ReviewState.SUBMITTED
    if unit_approval_required(unit=unit):
        return ReviewState.PENDING_APPROVAL
    return ReviewState.SUBMITTED


def send_verb(to: str) -> str:
    """The action a send records: it reached the coordinator, or went to the unit's leader."""
    return "submit" if to == ReviewState.SUBMITTED else "send_for_approval"


def _enter(
    item: Item,
    *,
    to: ReviewState,
    acting_user: Actor,
    now: datetime,
    step: Step | None = None,
    comment: str = "",
) -> None:
    """Put the item in state `to`. Only reaching the coordinator sets `submitted_by`,
    `submitted_at` and `first_submitted_at`: timeliness (Nghị định 09 due date) counts the time
    the unit's report reached the coordinator, not the internal step."""
    item.state = to
    if to == ReviewState.SUBMITTED:
        item.submitted_by = authenticated(acting_user)
        item.submitted_at = now
        item.first_submitted_at = item.first_submitted_at or now
    if step is not None and step.keeps_comment:
        item.review_comment = comment
    if step is not None and step.review:
        item.reviewed_by = authenticated(acting_user)
        item.reviewed_at = now


def item_saved_state(item: Item, *, acting_user: Actor, send: bool, now: datetime) -> str:
    """A save of the item's fields, and a send with it when `send`: the new state; returns the
    action to record ("save", or that of the send)."""
    if send:
        to = sent_state(acting_user=acting_user, unit=item.unit)
        _enter(item, to=to, acting_user=acting_user, now=now)
        return send_verb(to)
    if item.state != ReviewState.RETURNED:
        item.state = ReviewState.DRAFT
    return "save"


def acted_for_unit(item: Item, *, user: Actor) -> bool:
    """Whether `user` wrote, sent or signed off the item for its unit: a row of its history
    (`UNIT_SIDE_ACTIONS`), or the item reached the coordinator from them. Who holds which role
    now does not matter: a role can be changed between the sign-off and the accept."""
    if user is None or not user.is_authenticated or user.pk is None:
        return False
    if item.submitted_by_id is not None and item.submitted_by_id == user.pk:
        return True
    return ValueRevision.objects.filter(
        **item_owner(item), actor_id=user.pk, action__in=UNIT_SIDE_ACTIONS
    ).exists()


# -- what is recorded ------------------------------------------------------------------------------


def revision_record(
    item: Item, *, acting_user: Actor, action: str, via: str, comment: str = ""
) -> ValueRevision:
    """The item's own history row (shown on its page), at its new version."""
    return ValueRevision.objects.create(
        version=item.version,
        action=action,
        state=item.state,
        data=item_data(item),
        comment=comment,
        actor=authenticated(acting_user),
        actor_name=actor_name(acting_user, via),
        via=via,
        **item_owner(item),
    )


def unit_notify(
    *, unit: Unit, text: str, url: str = "", roles: Sequence[str] = ("reporter", "approver")
) -> list[Any]:
    """An in-app notice to the unit's active users of these roles; returns them."""
    users = list(selectors.unit_users(unit=unit, roles=roles))
    Notice.objects.bulk_create([Notice(user=u, text=text[:500], url=url) for u in users])
    return users


def _notice_send(step: Step, item: Item, comment: str) -> None:
    if step.notice is None or item.round_id is None:
        return
    text = step.notice.text.format(
        item=selectors.item_label(item=item)[:200], comment=comment[:200]
    )
    url = reverse("reporting:workspace", args=[item.round_id, item.unit.code])
    unit_notify(unit=item.unit, text=text, url=url, roles=step.notice.roles)


def item_admin_save(
    *, acting_user: Actor, item: Item, created: bool, write: Callable[[], None]
) -> Item:
    """An edit of an item through the admin (`write` stores the admin's form), recorded as a
    step is: in one transaction, the stored item locked and read first; a new version; the state
    kept (only the workflow moves an item: an accept runs its hook); a history row (via "admin")
    and an audit row `<kind>.admin_update` (or `admin_create`) with every changed field before
    and after (the audit row also forgets evaluation's running sums, see `core.freshness`)."""
    kind = item_kind(item)
    verb = "admin_create" if created else "admin_update"
    with transaction.atomic():
        before: dict[str, Any] | None = None
        if not created and item.pk is not None:
            stored = type(item)._default_manager.select_for_update().get(pk=item.pk)
            before = snapshot(stored)
            item.state = stored.state
            item.version = stored.version + 1
        else:
            item.state = ReviewState.DRAFT
            item.version = 1
        write()
        revision_record(item, acting_user=acting_user, action=verb, via="admin")
        b, a = changed(before, snapshot(item))
        audit_record(
            actor=acting_user,
            actor_name=actor_name(acting_user, "admin"),
            action=f"{kind}.{verb}",
            obj=item,
            before=b,
            after=a,
            unit_code=item.unit.code,
            comment=with_channel("", "admin"),
        )
    return item


# -- the one entry point -----------------------------------------------------------------------------


def item_transition(
    *,
    acting_user: Actor,
    item: Item,
    transition: Transition,
    comment: str = "",
    version: Version = None,
    via: str = "web",
) -> Item:
    """Move an existing item by `transition` (every one but `save`, which writes the item's
    fields: `services.observation_save`, `services.task_update_save`). Checks, in order: who may
    (403), a comment where one is required, then in the transaction the item's round is open,
    the version (required for a send, else checked when given), the state, the rules of a sent
    task update; records the revision, the audit row, and the notice or the accept hook."""
    step = TABLE[transition]
    if transition == Transition.SAVE:
        raise ValueError("A save writes the item's fields: observation_save or task_update_save.")
    if not step.may(acting_user, item.unit):
        raise PermissionDenied(step.refused)
    comment = (comment or "").strip()
    if step.comment_required is not None and not comment:
        message = str(step.comment_required)
        raise ReportingError(message, {"comment": [message]})
    kind = item_kind(item)
    with transaction.atomic():
        not_in_round = (step.not_in_round or {}).get(kind)
        item = lock_in_open_round(item, not_in_round=not_in_round)
        if step.version_required or version not in (None, ""):
            version_check(item, version)
        if item.state not in step.sources:
            raise Locked(_locked_message(step, item))
        if step.separate_from_unit is not None and acted_for_unit(item, user=acting_user):
            raise PermissionDenied(step.separate_from_unit)
        if transition == Transition.SEND:
            require_changed_since_return(item)
        if step.sendable and isinstance(item, TaskUpdate):
            task_update_require_sendable(item)
        fields = item_fields(item)
        before = snapshot(item, fields)
        to = step.target or sent_state(acting_user=acting_user, unit=item.unit)
        _enter(item, to=to, acting_user=acting_user, now=timezone.now(), step=step, comment=comment)
        item.version += 1
        item.save()
        verb = step.verb or send_verb(to)
        revision_record(item, acting_user=acting_user, action=verb, via=via, comment=comment)
        b, a = changed(before, snapshot(item, fields))
        audit_record(
            actor=acting_user,
            actor_name=actor_name(acting_user, via),
            action=f"{kind}.{verb}",
            obj=item,
            before=b,
            after=a,
            unit_code=item.unit.code,
            comment=with_channel(comment, via) if step.channel_in_audit else comment,
        )
        if step.accepted_hook:
            hooks.item_accepted(item=item)
        _notice_send(step, item, comment)
    return item
