"""Text → blocks. A block is one logical line of the document: a heading, a list item, a
paragraph, a table row or a footnote. Each carries the 1-based line where it starts.

Like Python-Markdown's block processors and mistune's block parser, classification is a list of
small named rules, each a ``test`` (a regular expression) and a ``run`` (builds the block), tried
in priority order (``LINE_RULES``). Multi-line forms (pipe tables, tables flattened one cell per
line, paragraphs broken by a page break) are handled by the passes in ``parse_blocks``.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from dxtrack.core.text import match_key

from . import vocab
from .textutil import clean_inline as _clean_inline
from .textutil import footnote_refs, sup_to_digits

# a line is cleaned by the title test, the title check and the block it makes: once is enough
clean_inline = lru_cache(maxsize=8192)(_clean_inline)

ROMAN_RE = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"

# rank of a numbering style in the heading tree; lower = outer
RANK = {"appendix": -1, "part": 0, "roman": 1, "num": 2, "letter": 7, "paren": 8, "md": 1}


@dataclass
class Block:
    kind: str  # heading | item | bullet | para | title | row | footnote | blank
    line: int
    text: str = ""  # cleaned text without the marker
    raw: str = ""
    marker: str = ""  # "IV", "1.1", "a", "(1)", "-", "+"
    style: str = ""  # part | roman | num | letter | paren | dash | plus
    depth: int = 0  # for num: number of components
    cells: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)  # footnote references in the block
    bold: bool = False
    md_level: int = 0
    # (offset in ``text``, line) where the rest of a paragraph a page break cut starts
    continued: list[tuple[int, int]] = field(default_factory=list)

    @property
    def rank(self) -> int:
        if self.style == "num":
            return RANK["num"] + self.depth - 1
        if self.style == "md":
            return self.depth  # "# …" = I., "## …" = 1., "### …" = 1.1.
        return RANK.get(self.style, 99)


class _Test(Protocol):
    def match(self, string: str, /) -> re.Match[str] | None: ...


#: run(match, line_no, raw, stripped, bold, md_level) -> Block
_Run = Callable[[re.Match[str], int, str, str, bool, int], Block]


@dataclass
class Rule:
    name: str
    test: _Test
    run: _Run


def _strip_md(raw: str) -> tuple[str, bool, int]:
    s = raw.strip()
    md_level = 0
    m = re.match(r"^(#{1,6})\s+", s)
    if m:
        md_level = len(m.group(1))
        s = s[m.end() :]
    s = re.sub(r"^(?:>\s*)+", "", s)
    bare = re.sub(r"</?b>|</?strong>", "**", s, flags=re.I)
    bold = bool(re.fullmatch(r"\*{2,3}.+\*{2,3}[.:]?", bare.strip())) and bare.count("**") <= 4
    return s, bold, md_level


def _block(kind: str, style: str = "") -> _Run:
    def run(m: re.Match[str], line: int, raw: str, s: str, bold: bool, md_level: int) -> Block:
        marker = m.group("marker") if "marker" in m.groupdict() and m.group("marker") else ""
        rest = s[m.end() :] if kind != "para" else s
        text = clean_inline(rest)
        depth = marker.count(".") + 1 if style == "num" else 0
        b = Block(
            kind=kind,
            line=line,
            text=text,
            raw=raw,
            marker=marker.rstrip("."),
            style=style,
            depth=depth,
            refs=footnote_refs(s),
            bold=bold,
            md_level=md_level,
        )
        if kind == "heading" and not _looks_like_heading(text):
            b.kind = "item"
        return b

    return run


def _looks_like_heading(text: str) -> bool:
    t = text.strip()
    if not t:
        return True
    if len(t) > 260:
        return False
    return not t.endswith((".", ";"))


def _footnote(m: "_FootMatch", line: int, raw: str, s: str, bold: bool, md_level: int) -> Block:
    return Block(
        kind="footnote",
        line=line,
        marker=sup_to_digits(m.group("marker")),
        text=clean_inline(s[m.end() :]),
        raw=raw,
    )


def _part(m: re.Match[str], line: int, raw: str, s: str, bold: bool, md_level: int) -> Block:
    return Block(
        kind="heading",
        line=line,
        marker=clean_inline(m.group("marker")),
        style="part",
        text=clean_inline(s[m.end() :]).strip(" :.-"),
        raw=raw,
        bold=bold,
        md_level=md_level,
    )


def _title(m: re.Match[str], line: int, raw: str, s: str, bold: bool, md_level: int) -> Block:
    return Block(
        kind="title",
        line=line,
        text=clean_inline(s),
        raw=raw,
        bold=bold,
        md_level=md_level,
        refs=footnote_refs(s),
    )


def _blank(m: re.Match[str], line: int, raw: str, s: str, bold: bool, md_level: int) -> Block:
    return Block(kind="blank", line=line, raw=raw)


class _TitleTest:
    """A whole-bold line, or a line in capitals: a title that is not numbered."""

    _bold = re.compile(r"^(?:\*\*|<b>).*(?:\*\*|</b>)[.:]?$", re.I)

    def match(self, s: str, /) -> re.Match[str] | None:
        if self._bold.match(s):
            return re.match(r"^", s)
        if any(c.islower() for c in s) and any(c.islower() for c in clean_inline(s)):
            return None  # a lower-case letter (not of a tag): no line in capitals
        letters = [c for c in clean_inline(s) if c.isalpha()]
        if len(letters) >= 3 and all(c.isupper() for c in letters):
            return re.match(r"^", s)
        return None


_LEAD = r"^[*_\s]*"  # emphasis marks before a marker (***b) …***)

LINE_RULES: list[Rule] = [
    Rule("blank", re.compile(r"^\s*$"), _blank),
    Rule(
        "footnote",
        re.compile(
            r"^(?:<sup>\s*(?P<marker>\d{1,3})\s*</sup>|(?P<m2>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|\[\^(?P<m3>\d{1,3})\]:"
            r"|\[(?P<m4>\d{1,3})\](?!\())\s*(?=\S)"
        ),
        lambda m, *a: _footnote(_FootMatch(m), *a),
    ),
    Rule(
        "part",
        re.compile(
            _LEAD
            + r"(?P<marker>(?:PHẦN|Phần)\s+(?:thứ\s+\w+|THỨ\s+\w+|mở đầu|MỞ ĐẦU|kết luận|KẾT LUẬN|"
            + ROMAN_RE
            + r"\b|\d+\b))[*_\s]*[:.\-–]?\s*"
        ),
        _part,
    ),
    Rule(
        "roman",
        re.compile(_LEAD + r"(?P<marker>" + ROMAN_RE + r")(?<=\w)[.)]\s*[*_]*\s*(?=\S)"),
        _block("heading", "roman"),
    ),
    Rule(
        "num",
        re.compile(_LEAD + r"(?P<marker>\d{1,2}(?:\.\d{1,2}){0,4})(?:\.|\))(?!\d)[*_]*\s+(?=\S)"),
        _block("heading", "num"),
    ),
    Rule(
        "letter",
        re.compile(_LEAD + r"(?P<marker>[a-zđ])\)[*_]*\s+(?=\S)"),
        _block("heading", "letter"),
    ),
    Rule(
        "paren",
        re.compile(_LEAD + r"\((?P<marker>\d{1,2}|[ivx]{1,4})\)[*_]*\s+(?=\S)"),
        _block("heading", "paren"),
    ),
    Rule("plus", re.compile(r"^(?:[-*•]\s+)?(?P<marker>\+)\s+"), _block("bullet", "plus")),
    Rule("dash", re.compile(r"^(?P<marker>[-–•*·])\s+(?=\S)"), _block("bullet", "dash")),
    Rule("title", _TitleTest(), _title),
    Rule("para", re.compile(r"^"), _block("para")),
]


def _md_heading(b: Block) -> Block:
    """An unnumbered Markdown heading ("## Mục tiêu cụ thể", as the .docx reader writes a paragraph in
    a Word heading style) is a heading of its level: always when in mixed case (not ending a sentence
    or a label), and in capitals only when its title names a known section ("MỤC TIÊU"), so that
    "# KẾ HOẠCH" or "### ỦY BAN NHÂN DÂN TỈNH …" stay titles."""
    if not b.md_level or b.kind not in ("para", "title") or not b.text or len(b.text) > 150:
        return b
    if b.text.endswith((".", ";", ":")) or b.refs:
        return b
    if b.kind == "title" and not _names_a_section(b.text):
        return b
    b.kind, b.style, b.depth, b.marker = "heading", "md", min(b.md_level, 6), ""
    return b


def _names_a_section(title: str) -> bool:
    f = match_key(title)
    return any(
        re.search(rf"(?:^|\W){re.escape(w)}(?:\W|$)", f)
        for cls, words in vocab.heading_classes()
        if cls != "other"
        for w in words
    )


class _FootMatch:
    """Adapter so the footnote rule sees one 'marker' group whichever syntax matched."""

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def group(self, name: str) -> str:
        if name == "marker":
            return (
                self._m.group("marker")
                or self._m.group("m2")
                or self._m.group("m3")
                or self._m.group("m4")
            )
        return self._m.group(name)

    def end(self) -> int:
        return self._m.end()


def classify_line(raw: str, line: int) -> list[Block]:
    """Apply LINE_RULES to one line (a line holding several bold headings run together is split)."""
    s, bold, md_level = _strip_md(raw)
    if "****" in s:
        pieces = [p for p in re.split(r"\*{4,}", s) if p.strip(" *")]
        if len(pieces) > 1:
            out = []
            for p in pieces:
                out.extend(classify_line("**" + p.strip(" *") + "**", line))
            return out
    for rule in LINE_RULES:
        m = rule.test.match(s)
        if m:
            if rule.name == "title" and (
                len(clean_inline(s)) > 200 or not re.search(r"[A-Za-zÀ-ỹ]", s)
            ):
                continue
            return [_md_heading(rule.run(m, line, raw, s, bold, md_level))]
    raise AssertionError("the para rule matches every line")


# ---------------------------------------------------------------- tables

_PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _row_block(cells: list[str], line: int, raw: str) -> Block:
    clean = [clean_inline(c) for c in cells]
    return Block(kind="row", line=line, cells=clean, raw=raw, text=" ".join(c for c in clean if c))


def parse_blocks(text: str) -> list[Block]:
    lines = text.split("\n")
    blocks: list[Block] = []
    i, n = 0, len(lines)
    while i < n:
        raw = lines[i]
        line_no = i + 1
        stripped = raw.strip()
        # flattened table: a line holding only '|' opens a row whose cells follow one per line
        if stripped == "|" and i + 1 < n and lines[i + 1].strip() not in ("", "|"):
            rows, j = _flattened_table(lines, i)
            if rows:
                blocks.extend(rows)
                i = j
                continue
        if _PIPE_SEP.match(raw) and "|" in raw:
            i += 1
            continue
        m = _PIPE_ROW.match(raw)
        if m and raw.count("|") >= 3:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", m.group(1))]
            blocks.append(_row_block(cells, line_no, raw))
            i += 1
            continue
        if "\t" in raw and len(raw.split("\t")) >= 3:
            blocks.append(_row_block(raw.split("\t"), line_no, raw))
            i += 1
            continue
        blocks.extend(classify_line(raw, line_no))
        i += 1
    return _join_continuations(blocks)


def _flattened_table(lines: list[str], i: int) -> tuple[list[Block], int]:
    """Rows written as '|' then one cell per line, the next '|' closing the row.

    The header row fixes the number of columns; rows are read until a blank line follows a '|'.
    """
    groups: list[tuple[int, list[str]]] = []
    j, n = i, len(lines)
    while j < n and lines[j].strip() == "|":
        start = j + 1
        cells = []
        j += 1
        while j < n and lines[j].strip() != "|":
            if lines[j].strip() == "" and (j + 1 >= n or lines[j + 1].strip() == ""):
                break
            cells.append(lines[j].strip())
            j += 1
        if not cells:
            break
        groups.append((start, cells))
        if j < n and lines[j].strip() == "|" and (j + 1 >= n or lines[j + 1].strip() in ("",)):
            j += 1
            break
    if len(groups) < 2:
        return [], i
    width = len(groups[0][1])
    rows = []
    for start, cells in groups:
        if len(cells) != width:
            cells = (
                (cells + [""] * width)[:width]
                if len(cells) < width
                else cells[: width - 1] + [" ".join(cells[width - 1 :])]
            )
        rows.append(_row_block(cells, start, "\t".join(cells)))
    return rows, j


_SENTENCE_END = re.compile(r"[.:;!?…)\"”']\s*$")


def _join_continuations(blocks: list[Block]) -> list[Block]:
    """A paragraph cut by a page break goes on in a later block starting in lower case.

    The previous text block must not end a sentence; blank lines and footnote definitions between
    them are skipped (a footnote sits at the foot of the page the break cut). Where the rest
    starts after such a gap is kept (``Block.continued``): a sentence there is on that line.
    """
    out: list[Block] = []
    last_text: Block | None = None
    gap = False  # blank lines or footnotes since last_text
    for b in blocks:
        if b.kind in ("blank", "footnote"):
            out.append(b)
            gap = True
            continue
        if (
            b.kind == "para"
            and last_text is not None
            and last_text.kind in ("para", "item", "bullet", "heading")
            and b.text[:1].islower()
            and not _SENTENCE_END.search(last_text.text)
            and not (last_text.kind == "heading" and len(last_text.text) < 80)
        ):
            if gap:  # after a page break, not a mere wrap
                last_text.continued.append((len(last_text.text) + 1, b.line))
            last_text.text = f"{last_text.text} {b.text}".strip()
            last_text.refs.extend(b.refs)
            gap = False
            continue
        out.append(b)
        last_text = b if b.kind in ("para", "item", "bullet", "heading", "title") else None
        gap = False
    return [b for b in out if b.kind != "blank"]


def folded(block: Block) -> str:
    return match_key(block.text)


# ---------------------------------------------------------------- heading classes


@lru_cache(maxsize=4096)
def classify_title(title: str) -> str | None:
    """The class of a heading by its words (vocab headings.classes: goal, tasks, status …)."""
    f = match_key(title)
    for cls, opening, anywhere in _heading_patterns():
        if (opening and opening.match(f)) or (anywhere and anywhere.search(f)):
            return cls
    return None


@lru_cache(maxsize=1)
def _heading_patterns() -> list[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None]]:
    """Per heading class (vocab headings.classes, in order): its words that must open the title
    ("^…") and its words anywhere, each as one compiled alternation of whole words."""
    out = []
    for cls, words in vocab.heading_classes():
        opening = [re.escape(w[1:]) for w in words if w.startswith("^")]
        anywhere = [re.escape(w) for w in words if not w.startswith("^")]
        out.append(
            (
                cls,
                re.compile(rf"[\W\d]*(?:{'|'.join(opening)})(?:\W|$)") if opening else None,
                re.compile(rf"(?:^|\W)(?:{'|'.join(anywhere)})(?:\W|$)") if anywhere else None,
            )
        )
    return out
