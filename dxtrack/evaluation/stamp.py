"""Reading the evaluation stamp once per request.

The stamp's token keys every cached dashboard part (`selectors.cache_key`), and its date is the
date of the stored statuses (`selectors.evaluation_as_of`). A page asks for it several times (the
view's cached body, the programs the reader may see, the simulated-data marks of the context
processor): inside a request the first answer is kept for the rest of the request (one query
instead of two to four). Outside a request (commands, tests calling selectors directly) it is
read every time. A new token in this thread (`services.stamp_bump`) forgets the kept answer at
once, so a request that writes and then reads sees its own write.
"""

from __future__ import annotations

import threading
from datetime import date

from django.core.signals import request_finished, request_started
from django.db import connection

from dxtrack.evaluation.models import EvaluationStamp

Stamp = tuple[str, date | None]

_STAMP_SQL = f"SELECT token, as_of FROM {EvaluationStamp._meta.db_table} WHERE id = 1"
_MISSING = object()


class _RequestMemo(threading.local):
    active: bool = False
    value: object = _MISSING


_memo = _RequestMemo()


def stamp_read() -> Stamp | None:
    """(token, as_of) of the stored results, None before any evaluation. One plain statement
    (compiling the ORM query cost more than running it), kept for the rest of a request."""
    if _memo.active and _memo.value is not _MISSING:
        return _memo.value  # type: ignore[return-value]
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL)
        row = cursor.fetchone()
    stamp: Stamp | None = None
    if row is not None:
        token, as_of = row
        if isinstance(as_of, str):  # SQLite hands dates back as text on a raw cursor
            as_of = date.fromisoformat(as_of)
        stamp = (token, as_of)
    if _memo.active:
        _memo.value = stamp
    return stamp


def stamp_forget() -> None:
    """The stamp changed in this thread: read it again next time."""
    _memo.value = _MISSING


def _request_started(**kwargs: object) -> None:
    _memo.active = True
    _memo.value = _MISSING


def _request_finished(**kwargs: object) -> None:
    _memo.active = False
    _memo.value = _MISSING


request_started.connect(_request_started, dispatch_uid="dxtrack.evaluation.stamp.started")
request_finished.connect(_request_finished, dispatch_uid="dxtrack.evaluation.stamp.finished")
