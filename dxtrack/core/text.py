"""Vietnamese text: the stored form (NFC), search and matching keys, dashes, slugs.

Pure Python (no Django). Two keys fold case, accents (đ → d) and tone placement (hoà/hòa,
uỷ/ủy), because every mark goes wherever it sits:

- ``fold`` is the *search key* that the registry stores and searches on;
- ``match_key`` is the key the importer compares document words with its vocabulary on; it
  also turns every dash (– — − …) into "-", and it is cached (the importer calls it on the
  same short strings thousands of times).

They were two functions in two modules and differ in three details, kept as they were so that
neither stored search keys nor the importer's output change:

====================  =================================  ==========================================
                      ``fold``                           ``match_key``
====================  =================================  ==========================================
case                  ``str.casefold`` ("ß" → "ss")      ``str.lower`` ("ß" stays)
marks removed         combining class ≠ 0                Unicode category Mn (also variation
                                                         selectors and other class-0 marks)
dashes                kept                               "‐‑‒–—―−" → "-"
====================  =================================  ==========================================

``fold_keep_len`` is ``match_key`` character by character (one character in, one out, spaces
not collapsed) so that positions in the key are positions in the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "DASHES",
    "fold",
    "fold_keep_len",
    "match_key",
    "nfc",
    "norm_dashes",
    "slugify_vi",
]

#: The dashes documents use between years and in ranges ("2025–2030"); all read as "-".
DASHES = "‐‑‒–—―−"

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC: the form text is stored in (a Word file may hold decomposed accents)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """A search key: case, accents (đ → d) and tone placement folded, spaces collapsed.

    "Sở Khoa học và Công nghệ" → "so khoa hoc va cong nghe"; "hoà" and "hòa", "uỷ" and "ủy"
    give the same key because all marks go, wherever they sit. Two different names can share
    a key (Văn Lang, Văn Lăng): keep the accented form for identity, use this only to find.
    """
    text = unicodedata.normalize("NFC", text).casefold()
    # đ has no decomposition in Unicode, so it must be mapped by hand.
    text = text.replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


def norm_dashes(text: str) -> str:
    """Every dash of ``DASHES`` written as "-"."""
    for d in DASHES:
        text = text.replace(d, "-")
    return text


@lru_cache(maxsize=65536)
def match_key(text: str | None) -> str:
    """Lower case, no accents, đ → d, dashes → '-', spaces collapsed: the importer's key for
    matching words against its vocabulary (see the module docstring for how it differs from
    ``fold``). ``None`` gives "".
    """
    # one C-level pass: each character folded once and remembered (_KeyTable)
    return " ".join(str(text or "").lower().translate(_KEY_TABLE).split())


class _KeyTable(dict[int, str]):
    """``str.translate`` table for match_key: a character's NFD without its marks, đ → d, a
    dash → '-', worked out on first sight (NFD decomposes character by character, so folding
    each character is folding the text)."""

    def __missing__(self, code: int) -> str:
        f = unicodedata.normalize("NFD", chr(code))
        f = "".join(c for c in f if unicodedata.category(c) != "Mn")
        f = norm_dashes(f.replace("đ", "d").replace("Đ", "d"))
        self[code] = f
        return f


_KEY_TABLE = _KeyTable()


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    f = unicodedata.normalize("NFD", ch.lower())
    f = "".join(c for c in f if unicodedata.category(c) != "Mn") or " "
    f = f.replace("đ", "d")
    if f in DASHES:
        f = "-"
    return f[0]


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds each character on first sight (one char → one char)."""

    def __missing__(self, code: int) -> str:
        self[code] = _fold_char(chr(code))
        return self[code]


_FOLD_TABLE = _FoldTable()


def fold_keep_len(text: str) -> str:
    """``match_key`` without collapsing spaces, so that indexes match the input (one char → one char)."""
    return text.translate(_FOLD_TABLE)


def slugify_vi(text: str) -> str:
    """ "Sở Khoa học và Công nghệ" → "so-khoa-hoc-va-cong-nghe" (stable unit codes, URLs)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def capitalise_first(text: str) -> str:
    """``text`` with its first letter upper-case ("tỷ lệ dân số…" → "Tỷ lệ dân số…"): a name
    the importer cut out of a sentence becomes a heading, and Vietnamese headings start with a
    capital. Nothing else changes (abbreviations and proper names keep their case)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            word = text[i:].split(" ", 1)[0]
            if not ch.islower() or any(c.isupper() for c in word):  # "eGov", "iOS" stay
                return text
            return text[:i] + ch.upper() + text[i + 1 :]
        if not ch.isspace() and ch not in "\"'“‘(":
            return text
    return text


def shorten_text(value: object, limit: int = 80) -> str:
    """``value`` cut before ``limit`` characters at a word boundary, with an ellipsis."""
    text = " ".join(str(value if value is not None else "").split())
    limit = int(limit)
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head[:limit] else text[:limit]
    return cut.rstrip(" ,.;:-–—(") + "…"


#: Units of measure the importer and the catalogue store as codes, as a Vietnamese text writes
#: them (an index value such as DTI 0,71 and a plain count have none).
UNIT_CODE_WORDS = {"rank": "hạng", "index": "", "count": "", "racks": "tủ rack"}


def unit_words(unit: str) -> str:
    """A stored unit of measure as written in a Vietnamese text: "rank" → "hạng"."""
    return UNIT_CODE_WORDS.get(unit, unit)
