"""Search over a folded-key index kept in each process, so a search stays fast at 100 000 rows.

The registry's search matches every folded word of the query ("so khoa hoc" finds "Sở Khoa học
và Công nghệ") in programs, goals, tasks and units. Folding needs Python (core.text.fold), so
the old search read every program (with its full source text), goal and task on each request:
about a second on the demo. Here the folded keys are built once per process from a few columns
(never ``source_text``) into one text per kind, one row per line; a search finds the query's
longest word with ``str.find`` (C speed) and checks the other words on the hit's line only,
stopping at the limit. Units carry a stored ``search_key`` already and are searched in SQL.

The index is rebuilt when its token changes: the newest audit row about a program, goal, task
or target (every write through a service writes one; a deletion too) and the newest id of
programs, goals and tasks (bulk loads). In the process itself, any ORM save or delete of those
models drops it at once.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.db.models.signals import post_delete, post_save

from dxtrack.core import permissions
from dxtrack.core.models import AuditLog
from dxtrack.core.vn import fold
from dxtrack.registry.in_force import listed_program
from dxtrack.registry.models import Goal, Program, Task, Unit
from dxtrack.registry.selectors import SearchResults

__all__ = ["search"]

_AUDIT, _PROGRAM = AuditLog._meta.db_table, Program._meta.db_table
_GOAL, _TASK = Goal._meta.db_table, Task._meta.db_table
# Only the registry's own writes renew the index (a value saved in a round does not), and
# rows added in bulk (their newest id); each part is one indexed lookup, no count.
_TOKEN_SQL = (
    f"SELECT (SELECT MAX(id) FROM {_AUDIT} WHERE object_type IN"
    " ('registry.program', 'registry.goal', 'registry.task', 'registry.target')),"
    f" (SELECT MAX(id) FROM {_PROGRAM}), (SELECT MAX(id) FROM {_GOAL}),"
    f" (SELECT MAX(id) FROM {_TASK})"
)


@dataclass(frozen=True)
class _Index:
    token: tuple
    #: One line per row: "pk program_id|folded text\n" (program_id 0 for a program itself).
    programs: str
    goals: str
    tasks: str


_lock = threading.Lock()
_current: _Index | None = None


def _token() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL)
        return (connection.alias, *cursor.fetchone())


def _lines(rows) -> str:
    """One line per row, "<pk> <program_id>|<folded text>\n", folded all at once: ``fold``
    run row by row cost ~80 µs a row (8 s at 100 000 rows), the same steps on the whole text
    run in C (see ``_fold_lines``) and give the same keys."""
    raw = "\n".join(
        f"{pk} {program_id}|{' '.join(' '.join(t for t in texts if t).split())}"
        for pk, program_id, *texts in rows
    )
    return _fold_lines(raw) + "\n" if raw else ""


def _fold_lines(text: str) -> str:
    """``core.text.fold`` of every line, newlines kept (each line already has single spaces).

    The marks are removed with one ``str.replace`` per distinct mark in the text (Vietnamese
    uses about ten): C speed, where a per-character filter or ``str.translate`` is not."""
    text = unicodedata.normalize("NFC", text).casefold().replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    for mark in [ch for ch in set(text) if unicodedata.combining(ch)]:
        text = text.replace(mark, "")
    return unicodedata.normalize("NFC", text)


def _build(token: tuple) -> _Index:
    return _Index(
        token=token,
        programs=_lines(
            (pk, 0, title, number, kind)
            for pk, title, number, kind in Program.objects.values_list(
                "pk", "title", "number", "kind"
            ).iterator()
        ),
        goals=_lines(Goal.objects.values_list("pk", "program_id", "text", "section").iterator()),
        tasks=_lines(
            Task.objects.values_list(
                "pk", "program_id", "name", "group", "code", "product"
            ).iterator()
        ),
    )


def _index() -> _Index:
    global _current
    token = _token()
    current = _current
    if current is not None and current.token == token:
        return current
    with _lock:
        if _current is None or _current.token != token:
            _current = _build(token)
        return _current


def _forget(**_kwargs) -> None:
    global _current
    _current = None


for _model in (Program, Goal, Task):
    post_save.connect(_forget, sender=_model, dispatch_uid=f"search-index-{_model.__name__}")
    post_delete.connect(_forget, sender=_model, dispatch_uid=f"search-index-d-{_model.__name__}")


def _find(text: str, words: list[str], programs: set[int], limit: int) -> list[int]:
    """The pks of the lines holding every word, of a visible program, in the index's order."""
    needle = max(words, key=len)
    others = [w for w in words if w is not needle]
    found: list[int] = []
    seen: set[int] = set()
    at = text.find(needle)
    while at != -1 and len(found) < limit:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        line = text[start:end]
        head, _, key = line.partition("|")
        if needle in key and all(w in key for w in others):
            pk_text, _, program_text = head.partition(" ")
            pk, program_id = int(pk_text), int(program_text)
            if pk not in seen and (program_id or pk) in programs:
                seen.add(pk)
                found.append(pk)
        at = text.find(needle, end)
    return found


def _in_order(model, pks: list[int], *related: str) -> list:
    rows = model.objects.filter(pk__in=pks).defer(*(f"{r}__source_text" for r in related))
    if related:
        rows = rows.select_related(*related)
    by_pk = {row.pk: row for row in rows}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def search(*, user: User | AnonymousUser, query: str, limit: int = 30) -> SearchResults:
    """Programs, goals (targets), tasks and units whose text holds every folded word of
    ``query``, among the programs ``user`` may see."""
    words = fold(query).split()
    if not words:
        return {"programs": [], "targets": [], "tasks": [], "units": []}
    programs = Program.objects.filter(listed_program())  # no draft amendment
    if not permissions.can_see_drafts(user):  # as selectors.programs_visible_to, no counts
        programs = programs.filter(status=Program.Status.PUBLISHED)
    visible = set(programs.values_list("pk", flat=True))
    index = _index()
    program_rows = Program.objects.filter(
        pk__in=_find(index.programs, words, visible, limit)
    ).defer("source_text")
    units = Unit.objects.all()
    for word in words:
        units = units.filter(search_key__contains=word)
    return {
        "programs": sorted(program_rows, key=lambda p: (p.issued_on is None, p.pk)),
        "targets": _in_order(Goal, _find(index.goals, words, visible, limit), "program"),
        "tasks": _in_order(Task, _find(index.tasks, words, visible, limit), "program"),
        "units": list(units.order_by("name")[:limit]),
    }
