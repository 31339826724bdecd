"""Rankings (DESIGN.md, Methods): competition ranking of scores and the move since last period."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

# Scores are 0–100 and printed with at most two decimals; comparing them rounded to 9 places
# makes 100/3·3 and 100 tie instead of splitting on float noise.
_TIE_DIGITS = 9


@dataclass(frozen=True)
class RankRow:
    key: str
    score: float | None
    rank: int | None  # None for a unit with no score: listed last, not ranked


@dataclass(frozen=True)
class RankChange:
    key: str
    rank: int | None
    previous_rank: int | None
    change: int | None  # previous − current: +2 means up two places; None if not ranked before


def rank(items: Iterable[tuple[str, float | None]]) -> list[RankRow]:
    """Competition ranking, higher score first: ties share a rank and the next rank skips
    (1, 2, 2, 4). Ties are listed by key so the order is reproducible; units without a
    score come last with rank None. Duplicate keys are refused."""
    items = list(items)
    keys = [k for k, _ in items]
    if len(set(keys)) != len(keys):
        dupes = sorted({str(k) for k in keys if keys.count(k) > 1})
        raise ValueError(f"Xếp hạng không hợp lệ: trùng đơn vị {', '.join(dupes)}")
    for k, s in items:
        if s is not None and (isinstance(s, bool) or not math.isfinite(s)):
            raise ValueError(f"Điểm của {k} = {s!r} không phải là số hữu hạn")
    scored = sorted(
        ((k, s) for k, s in items if s is not None),
        key=lambda ks: (-round(ks[1], _TIE_DIGITS), str(ks[0])),
    )
    rows: list[RankRow] = []
    previous: float | None = None
    current_rank = 0
    for position, (k, s) in enumerate(scored, start=1):
        rounded = round(s, _TIE_DIGITS)
        if rounded != previous:
            current_rank, previous = position, rounded
        rows.append(RankRow(key=k, score=s, rank=current_rank))
    rows.extend(
        RankRow(key=k, score=None, rank=None)
        for k in sorted((k for k, s in items if s is None), key=str)
    )
    return rows


def rank_change(previous: Iterable[RankRow], current: Iterable[RankRow]) -> dict[str, RankChange]:
    """For each row of ``current`` (in its order), its rank before and the move since."""
    before = {row.key: row.rank for row in previous}
    changes: dict[str, RankChange] = {}
    for row in current:
        old = before.get(row.key)
        move = old - row.rank if old is not None and row.rank is not None else None
        changes[row.key] = RankChange(key=row.key, rank=row.rank, previous_rank=old, change=move)
    return changes
