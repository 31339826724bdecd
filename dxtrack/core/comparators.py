"""The comparators of a target (chỉ tiêu) and their words, from ``vocab/comparators.json``.

Pure Python (no Django). A target's threshold is one of ``COMPARATORS``: ``>``, ``>=``, ``<``,
``<=``, ``=``, ``top`` (a rank among the first N), ``increase``/``decrease`` (a change in % on
the baseline). What each means in the status of a target is in dxtrack.evaluation; how the
importer reads them from a plan's words is dxtrack/docimport/vocab/comparators.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

__all__ = ["ALIASES", "COMPARATORS", "goal_phrase", "normalize", "words"]

Lang = Literal["vi", "en"]

_DATA = json.loads(
    (Path(__file__).with_name("vocab") / "comparators.json").read_text(encoding="utf-8")
)

#: Every comparator, in the order messages list them.
COMPARATORS: tuple[str, ...] = tuple(_DATA["codes"])
#: Other spellings that reach us from documents and forms ("≥" for ">=").
ALIASES: dict[str, str] = dict(_DATA["aliases"])
_WORDS: dict[str, dict[str, str]] = _DATA["words"]
_GOALS: dict[str, dict[str, str]] = _DATA["goals"]


def normalize(comparator: str) -> str | None:
    """The canonical comparator for a spelling (" >= ", "≥", "TOP"), or None when there is none."""
    key = comparator.strip().lower()
    key = ALIASES.get(key, key)
    return key if key in COMPARATORS else None


def words(comparator: str, lang: Lang = "vi") -> str:
    """The comparator in words ("tối thiểu", "at least"); an unknown code is returned as it is."""
    return _WORDS[lang].get(comparator, comparator)


def goal_phrase(comparator: str, value_text: str, lang: Lang = "vi") -> str:
    """The goal a comparator and a value set: ("≥", "80") → "từ 80 trở lên", "at least 80"."""
    return _GOALS[lang][comparator].format(n=value_text)
