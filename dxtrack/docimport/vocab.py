"""Vocabulary loaded from the JSON files in ``vocab/`` (comparators, units, headings, agencies).

Code holds no word lists: to support another province or another style of plan, edit the data
files. Every lookup compares accent-folded, lower-case text (see ``textutil.fold``).
"""

import json
from functools import cache
from pathlib import Path

from .textutil import fold

VOCAB_DIR = Path(__file__).with_name("vocab")


@cache
def load(name: str) -> dict:
    return json.loads((VOCAB_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def comparator_phrases() -> tuple[tuple[str, str], ...]:
    """(folded phrase, comparator), longest phrase first."""
    pairs = [(fold(p), c) for p, c in load("comparators")["phrases"]]
    return tuple(sorted(pairs, key=lambda pc: -len(pc[0])))


@cache
def folded_list(name: str, *path: str) -> tuple[str, ...]:
    node = load(name)
    for key in path:
        node = node[key]
    return tuple(sorted({fold(x) for x in node}, key=lambda s: -len(s)))


@cache
def named_units() -> tuple[tuple[str, str], ...]:
    pairs = [(fold(k), v) for k, v in load("units")["named"].items()]
    return tuple(sorted(pairs, key=lambda kv: -len(kv[0])))


@cache
def heading_classes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((cls, tuple(fold(w) for w in words)) for cls, words in load("headings")["classes"])


@cache
def table_columns() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (col, tuple(fold(w) for w in words)) for col, words in load("headings")["table_columns"]
    )


@cache
def lower_list(name: str, *path: str) -> tuple[str, ...]:
    """Like folded_list but keeping accents (lower case, NFC): for short words where folding would
    merge different words (thứ/thu, năm/Nam)."""
    import unicodedata

    node = load(name)
    for key in path:
        node = node[key]
    words = {" ".join(unicodedata.normalize("NFC", x).lower().split()) for x in node}
    return tuple(sorted(words, key=lambda s: -len(s)))
