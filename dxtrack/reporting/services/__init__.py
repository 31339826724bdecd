"""Reporting writes (HackSoft style: `<entity>_<action>`, keyword-only, typed). Each write runs in
one transaction with `acting_user` and writes its audit row in it (Zulip's actions).

- `rounds`: rounds and their assignments (the coordinator);
- `items`: the unit's values and task updates, entered and moved through their life, whose
  table is `reporting/workflow.py`;
- `evidence`: evidence files attached to an item;
- `notices`: in-app notices and reminders.

`from dxtrack.reporting import services; services.round_create(...)` reaches them all.
"""

from dxtrack.reporting.errors import Locked, ReportingError, StaleVersion
from dxtrack.reporting.services.evidence import (
    evidence_attach,
    evidence_check,
    evidence_remove,
    settings_evidence_max,
)
from dxtrack.reporting.services.items import (
    TaskUpdateData,
    item_accept,
    item_approve,
    item_return,
    item_return_to_reporter,
    observation_check,
    observation_save,
    observation_submit,
    observation_write_api,
    task_update_save,
    task_update_submit,
    task_update_write_api,
    unit_approve_all,
    unit_submit_all,
)
from dxtrack.reporting.services.notices import notice_read, reminders_plan, reminders_send
from dxtrack.reporting.services.rounds import (
    assignment_add,
    assignment_remove,
    round_close,
    round_create,
    round_open,
    round_reopen,
)
from dxtrack.reporting.workflow import (
    APPROVER_ONLY,
    Transition,
    item_transition,
    sent_state,
    unit_approval_required,
)

__all__ = [
    "APPROVER_ONLY",
    "Locked",
    "ReportingError",
    "StaleVersion",
    "TaskUpdateData",
    "Transition",
    "assignment_add",
    "assignment_remove",
    "evidence_attach",
    "evidence_check",
    "evidence_remove",
    "item_accept",
    "item_approve",
    "item_return",
    "item_return_to_reporter",
    "item_transition",
    "notice_read",
    "observation_check",
    "observation_save",
    "observation_submit",
    "observation_write_api",
    "reminders_plan",
    "reminders_send",
    "round_close",
    "round_create",
    "round_open",
    "round_reopen",
    "sent_state",
    "settings_evidence_max",
    "task_update_save",
    "task_update_submit",
    "task_update_write_api",
    "unit_approval_required",
    "unit_approve_all",
    "unit_submit_all",
]
