"""The importer's text helpers: cleaning inline markup, footnote references, splitting.

Vietnamese text in general (NFC, the matching key ``match_key``, dashes) is in dxtrack.core.text.
"""

import re

from dxtrack.core.text import nfc

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = {ord(c): str(i) for i, c in enumerate(_SUPERSCRIPTS)}
#: ``str.translate`` table: digits → superscript digits (other characters kept).
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", _SUPERSCRIPTS)


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


def ref_positions(text: str) -> list[tuple[int, str]]:
    """(position, number) of each superscript footnote mark of ``text``."""
    return [(m.start(), m.group(0).translate(_SUP_TO_DIGIT)) for m in _UNI_SUP.finditer(text)]
