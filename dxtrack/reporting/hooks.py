"""The one upward step: an accepted value updates its statuses in the accept's own transaction.

Reporting sits below evaluation and does not import it. Evaluation registers its incremental
update here when Django starts (`EvaluationConfig.ready`); the accept transition calls
`item_accepted`, inside its transaction, so the next read in the same request already sees the
new status. An accept with nothing registered fails loudly: a value accepted without its status
being updated would leave every dashboard wrong until the next full recompute.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

AcceptedListener = Callable[..., None]

_accepted: list[AcceptedListener] = []


def on_item_accepted(listener: AcceptedListener) -> None:
    """Register `listener(item=…)`, called for every accepted observation or task update."""
    if listener not in _accepted:
        _accepted.append(listener)


def item_accepted(*, item: Any) -> None:
    if not _accepted:
        raise RuntimeError("No evaluation hook is registered: is dxtrack.evaluation installed?")
    for listener in _accepted:
        listener(item=item)
