"""The audit log: every write action calls `audit_record` inside its own transaction.

Writing the row is also how a write announces itself: `audit_record` then calls
`core.freshness.data_changed`, so whatever is computed from the data is refreshed in the same
transaction (the dashboards' stamp, evaluation's running sums; see freshness.py).
"""

from datetime import date, datetime
from decimal import Decimal

from django.db import models, transaction

from dxtrack.core.freshness import data_changed
from dxtrack.core.models import AuditLog


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """A JSON-safe picture of a model row's concrete fields (foreign keys by id)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(obj, field.attname)
        data[field.name] = _json_safe(value)
    return data


def _json_safe(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def changed(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Keep only the keys whose values differ, so a row shows what changed and nothing else."""
    if before is None or after is None:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict | None = None,
    after: dict | None = None,
    unit_code: str = "",
    comment: str = "",
    actor_name: str = "",
) -> AuditLog:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the write's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    row = AuditLog.objects.create(
        actor=user,
        actor_name=actor_name or (user.get_username() if user else "hệ thống"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=str(obj)[:300] if obj is not None else "",
        unit_code=unit_code,
        before=_json_safe(before) if before is not None else None,
        after=_json_safe(after) if after is not None else None,
        comment=comment,
    )
    data_changed(action=action, object_type=object_type)
    return row
