"""Vocabulary loaded from the JSON files in ``vocab/`` (comparators, units, headings, agencies).

Code holds no word lists: to support another province or another style of plan, edit the data
files. Every lookup compares accent-folded, lower-case text (``dxtrack.core.text.match_key``),
except ``lower_list`` (accents kept) and ``words`` (as written).
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from dxtrack.core.text import match_key, nfc

VOCAB_DIR = Path(__file__).with_name("vocab")


@cache
def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VOCAB_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return data


@cache
def comparator_phrases() -> tuple[tuple[str, str], ...]:
    """(folded phrase, comparator), longest phrase first."""
    pairs = [(match_key(p), c) for p, c in load("comparators")["phrases"]]
    return tuple(sorted(pairs, key=lambda pc: -len(pc[0])))


@cache
def folded_list(name: str, *path: str) -> tuple[str, ...]:
    return tuple(sorted({match_key(x) for x in _node(name, path)}, key=lambda s: -len(s)))


@cache
def named_units() -> tuple[tuple[str, str], ...]:
    pairs = [(match_key(k), v) for k, v in load("units")["named"].items()]
    return tuple(sorted(pairs, key=lambda kv: -len(kv[0])))


@cache
def heading_classes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (cls, tuple("^" + match_key(w[1:]) if w.startswith("^") else match_key(w) for w in words))
        for cls, words in load("headings")["classes"]
    )


@cache
def table_columns() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (col, tuple(match_key(w) for w in words))
        for col, words in load("headings")["table_columns"]
    )


@cache
def lower_list(name: str, *path: str) -> tuple[str, ...]:
    """Like folded_list but keeping accents (lower case, NFC): for short words where folding would
    merge different words (thứ/thu, năm/Nam)."""
    lowered = {" ".join(nfc(x).lower().split()) for x in _node(name, path)}
    return tuple(sorted(lowered, key=lambda s: -len(s)))


@cache
def words(name: str, *path: str) -> tuple[str, ...]:
    """A word list exactly as the data file writes it (already folded where the file says so;
    spaces kept: "von " is the word "vốn", not the start of "vọng")."""
    return tuple(_node(name, path))


def _node(name: str, path: tuple[str, ...]) -> Any:
    node: Any = load(name)
    for key in path:
        node = node[key]
    return node
