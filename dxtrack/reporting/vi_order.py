"""Vietnamese alphabetical order for lists of names (units, communes): a A Ă Â B C D Đ E Ê … O Ô
Ơ … U Ư … Y, so "Đắk" comes after every "D…" name and before "E…", not after "V…" (where code
point order puts it). Tones only break ties (ngang, huyền, hỏi, ngã, sắc, nặng). Not folded for
search: `core.text.fold` is the search key, where đ matches d."""

from __future__ import annotations

import functools
import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
#: Combining tone marks (NFD): the order of the tones when two names differ only by them.
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_RANK = {ch: 0x100 + i for i, ch in enumerate(ALPHABET)}


def _letters_and_tones(text: str) -> tuple[str, list[int]]:
    """The text lower-cased without its tone marks (letters such as ă, ơ, đ kept) and the tone of
    each character."""
    base: list[str] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", text.casefold()):
        if ch in TONES:
            if tones:
                tones[-1] = TONES[ch]
            continue
        base.append(ch)
        tones.append(0)
    letters = unicodedata.normalize("NFC", "".join(base))
    if len(letters) != len(tones):  # a mark that did not compose: tones cannot be aligned
        tones = []
    return letters, tones


@functools.lru_cache(maxsize=4096)
def vi_sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """The key that sorts names in Vietnamese alphabetical order (see the module)."""
    letters, tones = _letters_and_tones(" ".join((text or "").split()))
    primary = tuple(
        _RANK.get(ch, ord(ch) if ord(ch) < 0x100 else ord(ch) + 0x100) for ch in letters
    )
    return primary, tuple(tones), text
