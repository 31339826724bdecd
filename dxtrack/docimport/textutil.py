"""Small helpers for Vietnamese text: folding, cleaning inline markup, footnote references."""

import re
import unicodedata
from functools import lru_cache

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = {ord(c): str(i) for i, c in enumerate(_SUPERSCRIPTS)}
DASHES = "‐‑‒–—―−"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no accents, đ → d, dashes → '-', spaces collapsed: a key for matching.

    Tone placement (hoà/hòa, uỷ/ủy) folds the same way because the accents go.
    """
    text = unicodedata.normalize("NFD", str(text or "").lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "d")
    for d in DASHES:
        text = text.replace(d, "-")
    return " ".join(text.split())


class _FoldTable(dict):
    """``str.translate`` table that folds each character on first sight (one char → one char)."""

    def __missing__(self, code: int) -> str:
        self[code] = _fold_char(chr(code))
        return self[code]


_FOLD_TABLE = _FoldTable()


def fold_keep_len(text: str) -> str:
    """``fold`` without collapsing spaces, so that indexes match the input (one char → one char)."""
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    f = unicodedata.normalize("NFD", ch.lower())
    f = "".join(c for c in f if unicodedata.category(c) != "Mn") or " "
    f = f.replace("đ", "d")
    if f in DASHES:
        f = "-"
    return f[0]


_SUP_TAG = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>", re.I)
_UNI_SUP = re.compile(f"[{_SUPERSCRIPTS}]+")
_MD_FOOTREF = re.compile(
    r"\[\^(\d{1,3})\]|(?<=[^\s\[(])\[(\d{1,3})\](?!\()"
)  # [^1], and "đạt 17,2%[1]" as portals export
_TAGS = re.compile(r"</?(?:b|i|u|em|strong|span|br|p)\b[^>]*>", re.I)
_EMPH = re.compile(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])|\*{2,3}")
_UNDERSCORE_EMPH = re.compile(r"(?<!\w)_{1,2}(?=\S)|(?<=\S)_{1,2}(?!\w)")


def footnote_refs(text: str) -> list[str]:
    refs = [m.group(1) for m in _SUP_TAG.finditer(text)]
    refs += [m.group(0).translate(_SUP_TO_DIGIT) for m in _UNI_SUP.finditer(text)]
    refs += [m.group(1) or m.group(2) for m in _MD_FOOTREF.finditer(text)]
    return refs


def to_sup(digits: str) -> str:
    return "".join(_SUPERSCRIPTS[int(d)] for d in digits if d.isdigit())


def clean_inline(text: str) -> str:
    """Remove Markdown/HTML emphasis, keep the words; NFC, spaces collapsed.

    Footnote references (<sup>3</sup>, [^3], ³) are kept as Unicode superscript digits, which
    ``\\d`` does not match, so that number rules ignore them and clause rules can still see them.
    """
    text = _SUP_TAG.sub(lambda m: to_sup(m.group(1)), text)
    text = _MD_FOOTREF.sub(lambda m: to_sup(m.group(1) or m.group(2)), text)
    text = _TAGS.sub("", text)
    text = text.replace("\\*", "*")
    text = _EMPH.sub("", text)
    text = re.sub(r"\*+", lambda m: "" if len(m.group(0)) > 1 else m.group(0), text)
    text = _UNDERSCORE_EMPH.sub("", text)
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return " ".join(nfc(text).split())


def norm_dashes(text: str) -> str:
    for d in DASHES:
        text = text.replace(d, "-")
    return text


def sup_to_digits(text: str) -> str:
    return text.translate(_SUP_TO_DIGIT)


def split_outside_parens(text: str, seps: str) -> list[tuple[int, str]]:
    """Split ``text`` at any char of ``seps`` that is not inside brackets; returns (offset, piece)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            out.append((start, text[start:i]))
            start = i + 1
    out.append((start, text[start:]))
    return out


def strip_refs(text: str) -> str:
    """Text for output: footnote reference marks removed."""
    return " ".join(_UNI_SUP.sub("", text).split())


def refs_in(text: str) -> list[str]:
    return [m.group(0).translate(_SUP_TO_DIGIT) for m in _UNI_SUP.finditer(text)]
