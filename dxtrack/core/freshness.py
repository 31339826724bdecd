"""The freshness of computed data: one call that every write makes, through its audit row.

Pages cache what they compute from the stored data (the dashboards under the evaluation stamp;
evaluation keeps running sums of the accepted values). Whoever computes registers a listener at
start-up (`on_data_changed`, from an `AppConfig.ready`); `core.audit.audit_record` calls
`data_changed` after writing its row, inside the write's transaction. Every write in dxtrack
writes an audit row in its transaction, so every write refreshes what depends on it, and no
writer can forget to: no writer calls a cache by hand.

Core imports no app: it only knows the listeners' signature, not who they are.
"""

from __future__ import annotations

from collections.abc import Callable

DataChangedListener = Callable[..., None]
"""Called as ``listener(action=…, object_type=…)``, inside the write's transaction."""

_listeners: list[DataChangedListener] = []


def on_data_changed(listener: DataChangedListener) -> None:
    """Register `listener` for every write (once: registering it again changes nothing)."""
    if listener not in _listeners:
        _listeners.append(listener)


def data_changed(*, action: str, object_type: str) -> None:
    """A write happened in the current transaction: `action` as in the audit log
    (``program.load``, ``observation.accept``, ``unit.admin_update``), `object_type` the
    audited object's ``app_label.model`` (or the type the writer named)."""
    for listener in _listeners:
        listener(action=action, object_type=object_type)
