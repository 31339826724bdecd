"""The pipeline: text → blocks → sections → targets, observations, tasks, budget, checks.

``extract_text(text)`` returns the object of shared/gold/SCHEMA.md. Each part is a small
function over the block list; the section class of every block (goal, status, tasks, budget,
other) comes from the nearest heading whose title the vocabulary recognises.
"""

import re
from datetime import date
from functools import lru_cache
from typing import Any

from dxtrack.core.numbers import NUMBER, format_number
from dxtrack.core.text import fold_keep_len, match_key

from . import vocab
from .agencies import is_collective, lookup
from .blocks import RANK, Block, classify_title, parse_blocks
from .document import horizon_of_tasks, metadata
from .indicator_tables import indicator_table_lines, indicator_tables
from .measures import Hit, comparator_for, per_year, scan, scope_for, year_marks
from .normalise import Normalised, normalise
from .numbers import parse_money
from .places import heading_place, place_of, province_of
from .readers import check_has_text, normalise_text
from .subjects import Carry, merge_shared, subjects
from .tasks import (
    labelled_tasks,
    prose_tasks,
    table_starts,
    tasks_from_rows,
)
from .textutil import ref_positions, refs_in, split_outside_parens, strip_refs

# ---------------------------------------------------------------- sections


def build_sections(
    blocks: list[Block],
) -> tuple[list[str | None], list[Block | None], list[str | None], list[list[Block]]]:
    """For every block: its section class, the heading it sits under, its section label and
    the heading stack (outermost first)."""
    stack: list[Block] = []
    classes, heading_of, labels, stacks = [], [], [], []
    appendix_words = vocab.folded_list("headings", "appendix")
    closing_words = vocab.folded_list("headings", "closing")
    pending_part: Block | None = None
    # a heading stack's label, made once (the stack is kept with it, so no id is reused)
    label_of: dict[tuple[Any, ...], tuple[str | None, list[Block]]] = {}
    for b in blocks:
        f = match_key(b.text) if b.kind == "title" else ""
        if b.kind == "title" and any(f.startswith(w) for w in appendix_words):
            stack = [Block(kind="heading", line=b.line, text=b.text, style="appendix", marker="PL")]
            pending_part = None
        elif b.kind == "title" and any(f.startswith(w) for w in closing_words):
            stack = [Block(kind="heading", line=b.line, text=b.text, style="appendix", marker="NN")]
        elif b.kind == "title" and pending_part is not None and not pending_part.text:
            pending_part.text = b.text
        elif b.kind in ("heading", "item") and b.style in RANK:
            if b.kind == "heading" and stack and stack[0].marker == "NN":
                # a recipients' list holds no heading: one after "Nơi nhận" starts the next
                # document of the file (a cover letter's draft report: "#### I- …")
                stack = []
            while stack and stack[-1].rank >= b.rank:
                stack.pop()
            stack.append(b)
            pending_part = b if b.style == "part" else None
        heads = stack[:-1] if stack and stack[-1] is b else stack
        cls = None
        status_part = False
        label = _item_label(b)
        for h in reversed(heads + ([b] if b.kind == "heading" else [label] if label else [])):
            if h.style == "appendix":
                cls = "appendix" if h.marker == "PL" else "closing"
                break
            cls = classify_title(h.text[:160])
            if cls == "other" and _is_status_part(h.text[:160]):
                status_part = True
                continue  # "2. Tồn tại, hạn chế" under "I. KẾT QUẢ THỰC HIỆN": still the status part
            if cls:
                break
        else:
            if status_part:
                cls = "status"  # "II. VỀ TỒN TẠI, HẠN CHẾ" on its own reports the present state
        classes.append(cls)
        heading_of.append(heads[-1] if heads else None)
        key = (*map(id, heads), heads[-1].text if heads else None)
        if key not in label_of:
            label_of[key] = (_label(heads), list(heads))
        labels.append(label_of[key][0])
        stacks.append(list(heads))
    return classes, heading_of, labels, stacks


def _item_label(b: Block) -> Block | None:
    """A numbered item that is a section in one line, its title a label before a colon ("3. Thời
    gian thực hiện: Từ năm 2026 - 2030."): its label, as a heading that classes the item."""
    if b.kind != "item" or b.style not in RANK or ":" not in b.text[:62]:
        return None
    m = re.match(r"^([^:;.]{3,60}):\s", b.text)
    if not m or not classify_title(m.group(1)):
        return None
    return Block(kind="heading", line=b.line, text=m.group(1), style=b.style, marker=b.marker)


@lru_cache(maxsize=4096)
def _is_status_part(title: str) -> bool:
    """Headings such as "Tồn tại, hạn chế", "Nguyên nhân": a part of whatever section holds them."""
    words = "|".join(map(re.escape, vocab.folded_list("headings", "inherit_class")))
    return bool(re.search(rf"(?:^|\W)(?:{words})(?:\W|$)", match_key(title)))


def _label(heads: list[Block]) -> str | None:
    path = []
    for h in heads:
        if h.style in ("part", "appendix"):
            continue
        marker = h.marker.split(".")[-1] if h.style == "num" else h.marker
        if marker:
            path.append(marker.strip("()"))
    if not heads:
        return None
    title = short_title(strip_refs(heads[-1].text))
    return (".".join(path) + " " + title).strip() if path else title


def short_title(title: str, limit: int = 120) -> str:
    """A section's name for a label: a numbered item that runs on as a statement ("(3) Về phát
    triển khoa học, công nghệ: Tiềm lực … đạt mức tiên tiến …") is named by its lead-in."""
    if len(title) <= limit:
        return title
    m = re.match(r"^([^:;.]{3,100}):\s", title)
    if m:
        return m.group(1).strip()
    cut = title.rfind(" ", 0, limit)
    return title[: cut if cut > 0 else limit].rstrip(" ,;") + " …"


def heading_year(stack: list[Block], horizon: int | None) -> int | None:
    for h in reversed(stack):
        marks = year_marks(h.text)
        if marks:
            return max(y for _, y in marks)
        years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", h.text)
        if years and re.search(r"giai đoạn|đến|năm", h.text, re.I):
            return max(int(y) for y in years)
    return horizon


# ---------------------------------------------------------------- targets


def clauses(text: str) -> list[tuple[int, str]]:
    return [(off, c) for off, c in _split_semicolons(text) if c.strip()]


@lru_cache(maxsize=4096)
def _split_semicolons(text: str) -> tuple[tuple[int, str], ...]:
    """``split_outside_parens(text, ";")``, made once per text (targets, observations and the
    milestones all split the same blocks) and at once when the text has no brackets."""
    if ";" not in text:
        return ((0, text),)
    if not any(ch in text for ch in "([{"):
        out, start = [], 0
        for piece in text.split(";"):
            out.append((start, piece))
            start += len(piece) + 1
        return tuple(out)
    return tuple(split_outside_parens(text, ";"))


_SENTENCE = re.compile(r"(?<=[.!?…])[\s⁰¹²³⁴⁵⁶⁷⁸⁹]+(?=[A-ZĐÀ-Ỹ])")


def sentence_clauses(text: str) -> list[tuple[int, str]]:
    """Clauses (split at ';') further split into sentences."""
    out = []
    for off, c in clauses(text):
        start = 0
        for m in _SENTENCE.finditer(c):
            if c[start : m.start()].strip():
                out.append((off + start, c[start : m.start()]))
            start = m.end()
        if c[start:].strip():
            out.append((off + start, c[start:]))
    return out


def targets(
    blocks: list[Block],
    classes: list[str | None],
    labels: list[str | None],
    stacks: list[list[Block]],
    horizon: int | None,
) -> list[dict[str, Any]]:
    out = []
    for i, b in enumerate(blocks):
        if classes[i] != "goal" or b.kind not in ("para", "bullet", "item", "heading"):
            continue
        text = strip_refs(b.text)
        if b.kind == "heading" and (
            not scan(text) or (classify_title(text) == "goal" and not re.search(r"\d\s*%", text))
        ):
            continue
        if not text or len(text) < 8:
            continue
        default_year = heading_year(stacks[i], horizon)
        # "Hằng năm, số vụ … tăng trên 3%; số vụ … tăng trên 5%": the lead-in covers every clause
        yearly = bool(re.match(r"\W*(?:hằng|hàng|mỗi)\s+năm\b", text, re.I))
        carry = Carry()  # one per statement: a clause opening with its value shares a verb
        hits_by_clause = []
        lead_year: int | None = None  # "Đến năm 2020, …": its year holds for the clauses after
        for off, c in clauses(text):
            opening = _LEAD_YEAR.match(c)
            if opening:
                lead_year = int(opening.group(1))
            year = lead_year or default_year
            hits_by_clause.append((off, c, _hit_measures(c, year, yearly=yearly, carry=carry)))
            leads = _LEAD_YEAR.findall(c)
            lead_year = int(leads[-1]) if leads else lead_year
        measures_by_clause = [(off, c, [m for _, m in hm]) for off, c, hm in hits_by_clause]
        with_measures = [mc for mc in measures_by_clause if mc[2]]
        if b.kind in ("para", "item") and len(with_measures) >= 2 and len(measures_by_clause) >= 4:
            for _off, c, ms in measures_by_clause:
                merge_shared(ms)
                out.append(
                    {
                        "line": b.line,
                        "section": labels[i],
                        "text": c.strip(),
                        "measures": ms,
                        "_at": c.strip(),
                    }
                )
        else:
            ms = [m for _, _, mlist in measures_by_clause for m in mlist]
            merge_shared(ms)
            rec = {"line": b.line, "section": labels[i], "text": text, "measures": ms}
            out += _split_at_page_breaks(rec, b, hits_by_clause)
    return out


# a sentence that opens with its deadline ("Đến năm 2020, …"): the goals after it in the same
# statement are for that year, until another sentence opens with its own
_LEAD_YEAR = re.compile(
    r"(?:^|(?<=[.!?…])\s+)[\W\d]*?(?:đến|tới|trong|vào)\s+(?:hết\s+)?năm\s+((?:19|20)\d{2})\s*,",
    re.I,
)


def _leads_sentence(clause: str, pos: int) -> bool:
    """Whether the year mark at ``pos`` opens a later sentence of ``clause`` ("Đến năm 2030, …")."""
    return any(m.start() > 0 and m.start() <= pos < m.end() for m in _LEAD_YEAR.finditer(clause))


def _split_at_page_breaks(
    rec: dict[str, Any], b: Block, hits_by_clause: list[tuple[int, str, list[tuple[Hit, Any]]]]
) -> list[dict[str, Any]]:
    """A bullet the page break cut (its rest is a later line, see blocks._join_continuations)
    states the goals of a sentence that starts after the break on that later line: those
    measures go to a record of their own there, the bullet keeps its first sentences."""
    if not b.continued:
        return [rec]
    text = rec["text"]
    breaks = [(len(strip_refs(b.text[:at]).rstrip()) + 1, line) for at, line in b.continued]

    def line_at(pos: int) -> int:
        return max((ln for at, ln in breaks if at <= pos), default=b.line)

    starts = [
        _sentence_start(text, off, c, h.start) for off, c, hm in hits_by_clause for h, _ in hm
    ]
    groups: dict[int, list[int]] = {}  # sentence start (0: the bullet's own line) → measures
    for k, start in enumerate(starts):
        groups.setdefault(start if line_at(start) != b.line else 0, []).append(k)
    if set(groups) <= {0}:
        return [rec]
    cuts = sorted(groups)
    out = [] if 0 in groups else [{**rec, "text": text[: cuts[0]].strip(), "measures": []}]
    for n, start in enumerate(cuts):
        end = cuts[n + 1] if n + 1 < len(cuts) else len(text)
        piece = {**rec, "text": text[start:end].strip()}
        piece["measures"] = [rec["measures"][k] for k in groups[start]]
        piece["line"] = line_at(start)
        out.append(piece)
    return out


def _sentence_start(text: str, off: int, clause: str, pos: int) -> int:
    """Where the sentence holding ``pos`` of ``clause`` (at ``off`` in ``text``) starts in
    ``text``: a bullet that runs on past a page break states each goal on the line where its
    own sentence or ';' clause starts, not on the bullet's first line."""
    start = 0
    for m in _SENTENCE.finditer(clause, 0, pos):
        start = m.end()
    start += len(clause[start:]) - len(clause[start:].lstrip())
    return off + start


# the longest period a plan sets goals for ("giai đoạn 2021 - 2030"); a longer one is what the
# figures cover
PLAN_SPAN = 10


def _measures(
    clause: str, default_year: int | None, *, yearly: bool = False, nearest_year: bool = False
) -> list[dict[str, Any]]:
    return [
        m for _, m in _hit_measures(clause, default_year, yearly=yearly, nearest_year=nearest_year)
    ]


def _hit_measures(
    clause: str,
    default_year: int | None,
    *,
    yearly: bool = False,
    nearest_year: bool = False,
    carry: Carry | None = None,
) -> list[tuple[Hit, dict[str, Any]]]:
    """The measures of a clause, each with the hit it reads (a baseline, or a value in the
    condition for relaxing a goal, gives none)."""
    hits = scan(clause)
    marks = year_marks(clause, max_span=PLAN_SPAN)
    out, prev_end = [], 0
    yearly = yearly or per_year(clause)
    subj = subjects(clause, hits, carry)
    adjustable = vocab.lower_list("comparators", "adjustable_words")
    baseline: Hit | None = None
    for k, h in enumerate(hits):
        nxt = hits[k + 1].start if k + 1 < len(hits) else len(clause)
        sentence = _sentence_at(clause, h.start).lower()
        if any(w in sentence for w in adjustable):
            continue  # "… thấp dưới 30% có thể điều chỉnh mục tiêu": when a goal may be relaxed
        if _qualifies_rate(clause, hits, k, prev_end):
            prev_end = h.end
            continue
        if (
            k + 1 < len(hits)
            and re.search(r"(?:giảm|tăng)\s+từ\s*$", clause[max(0, h.start - 12) : h.start], re.I)
            and re.search(r"\b(?:xuống|lên)\b", clause[h.end : hits[k + 1].start])
        ):
            baseline = h  # "giảm từ 23 … xuống 18 …": 23 is where it starts from
            prev_end = h.end
            continue
        comp = comparator_for(clause, h, prev_end)
        unit = h.unit or "count"
        if comp in ("increase", "decrease") and unit == "%" and yearly:
            unit = "%/năm"
        if h.kind == "rank" and comp != "top":
            comp = "<=" if comp in (">=", "=") else comp
        # "đạt 85% (năm 2026), 90% (năm 2028)": a year written right after a figure is that
        # figure's, so it dates neither the figure before it nor the next one
        prev_hit_end = hits[k - 1].end if k else None
        before = [
            (pos, y)
            for pos, y in marks
            if pos < h.start
            and not (prev_hit_end is not None and _right_after(clause, prev_hit_end, pos))
        ]
        # a later sentence that opens with its deadline ("… 20%/năm. Đến năm 2030, …") dates its
        # own figures, not this one
        after = [(pos, y) for pos, y in marks if pos >= h.end and not _leads_sentence(clause, pos)]
        own = [
            y
            for pos, y in after
            if pos < nxt and _right_after(clause, h.end, pos, nxt if k + 1 < len(hits) else None)
        ]
        year: int | None
        if own:
            year = own[0]
        elif nearest_year and before and after:
            # "… đạt 20% xã … ngay trong năm 2025, … đến năm 2030 đạt 50%": the closer milestone
            near = min((h.start - before[-1][0], before[-1]), (after[0][0] - h.end, after[0]))
            year = near[1][1]
        else:
            year = before[-1][1] if before else (after[0][1] if after else default_year)
        m = {
            "subject": subj[k],
            "comparator": comp,
            "value": h.value,
            "unit": unit,
            "year": year,
            "scope": scope_for(clause, h, nxt),
        }
        if baseline is not None:
            m["baseline"] = baseline.value
            baseline = None
        out.append((h, m))
        prev_end = h.end
    return out


def _right_after(clause: str, end: int, pos: int, next_start: int | None = None) -> bool:
    """Whether a year at ``pos`` follows the figure ending at ``end`` with nothing between but
    a space or a bracket ("85% (năm 2026)", "3,8% năm 2024"), and does not lead the next figure
    ("50% (năm 2025 đạt 30%)": 2025 is the 30%'s)."""
    if end > pos or clause[end:pos].strip(" ("):
        return False
    return next_start is None or bool(re.search(r"[,;)]", clause[pos:next_start]))


_RATE_WORDS = re.compile(r"(?:^|\W)(?:tỷ lệ|tỉ lệ)(?:\W|$)", re.I)
_RATE_VERB = re.compile(r"\s*(?:đạt|là|ở mức)(?:\s+(?:tối thiểu|ít nhất|trên|từ))?\s*$", re.I)


def _qualifies_rate(clause: str, hits: list[Hit], k: int, prev_end: int) -> bool:
    """A value inside the name of a rate that the clause then sets ("tỷ lệ người sử dụng có khả năng
    truy cập băng rộng cố định với tốc độ trên 01 Gbps đạt 100%"): it says which users are counted,
    it is no threshold of its own."""
    h = hits[k]
    if h.unit == "%" or k + 1 >= len(hits) or hits[k + 1].unit != "%":
        return False
    return bool(
        _RATE_VERB.match(clause[h.end : hits[k + 1].start])
        and _RATE_WORDS.search(clause[prev_end : h.start])
    )


def _sentence_at(text: str, pos: int) -> str:
    """The sentence of ``text`` that holds position ``pos``."""
    start, end = 0, len(text)
    for m in _SENTENCE.finditer(text):
        if m.end() <= pos:
            start = m.end()
        else:
            end = m.start()
            break
    return text[start:end]


def _sentence_before(text: str, pos: int) -> str:
    """The words of the sentence holding ``pos`` that come before it."""
    start = 0
    for m in _SENTENCE.finditer(text, 0, pos):
        start = m.end()
    return text[start:pos]


def goal_lead_ins(blocks: list[Block], classes: list[str | None]) -> list[str | None]:
    """A paragraph that announces goals ("… được cụ thể hóa bằng các chỉ tiêu cụ thể như sau:")
    makes the list items right after it goal statements, whatever heading they sit under."""
    out = list(classes)
    words = vocab.folded_list("headings", "goal_lead_in")
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if (
            b.kind in ("para", "item", "bullet")
            and b.text.rstrip().endswith(":")
            and out[i] not in ("goal", "appendix", "closing", "status")
            and any(w in match_key(b.text[-160:]) for w in words)
        ):
            j = i + 1
            while j < len(blocks) and _is_list_entry(blocks[j]):
                out[j] = "goal"
                j += 1
            i = j
            continue
        i += 1
    return out


def _is_list_entry(b: Block) -> bool:
    return b.kind in ("item", "bullet") or (
        b.kind == "heading" and b.style in ("paren", "letter") and len(b.text) > 60
    )


_MILESTONE = re.compile(
    r"(?:đến|tới|trong|vào|hết|đến hết|đến cuối|ngay trong)\s+năm\s+((?:19|20)\d{2})", re.I
)
# "Trong giai đoạn 2026 - 2030, đảm bảo … đạt 100%": a period the plan itself covers ends in its
# deadline (a past period, "Giai đoạn 2020 - 2025, đã có …", is a report)
_PERIOD = re.compile(
    r"(?:^|[\s(,;:])(?:trong|đến hết|hết|cả)\s+giai\s+đoạn\s+((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})",
    re.I,
)


def _milestone_years(text: str, issue_year: int | None) -> list[int]:
    """The deadline years a statement names: "đến năm 2030", and the end of a period that starts
    no earlier than the plan's own year ("trong giai đoạn 2026 - 2030"; none without that year)."""
    years = [int(y) for y in _MILESTONE.findall(text)]
    if issue_year:
        years += [int(b) for a, b in _PERIOD.findall(text) if int(a) >= issue_year]
    return years


_GOAL_PHRASE = re.compile(r"mục tiêu\s+(?:đạt\s+|là\s+)?(?:\d|#)", re.I)


def milestone_targets(
    blocks: list[Block],
    classes: list[str | None],
    labels: list[str | None],
    issue_year: int | None,
    default_year: int | None = None,
) -> list[dict[str, Any]]:
    """Goals stated in a sector or task section, outside any "Mục tiêu" heading: in a clause with a
    milestone year not before the plan's own year ("… phấn đấu đạt 20% xã … năm 2025, bảo đảm đến
    hết năm 2030 đạt 50% …", "Đến năm 2030, 100% các khu vực …"), a percentage, or a count or
    amount that a goal word leads ("phấn đấu đạt 500.000 thuê bao", "đạt 1.700 ha"). A value in a
    status aside ("(đến nay mới đạt 39,5%)") is not a goal. Each record says why it was taken."""
    out = []
    goal_words = vocab.lower_list("comparators", "milestone_goal_words")
    for i, b in enumerate(blocks):
        if classes[i] == "status" and b.kind in ("para", "bullet", "item"):
            out += _named_goals(b, labels[i], issue_year)
            continue
        if classes[i] in ("goal", "status", "appendix", "closing", "budget") or b.kind not in (
            "para",
            "bullet",
            "item",
        ):
            continue
        has_year = bool(_milestone_years(b.text, issue_year))
        if (
            not has_year
            and not _GOAL_PHRASE.search(b.text)
            and not _FLOOR.search(b.text)
            and not _CAPACITY.search(b.text)
            and not _SECURED_FLOOR.search(b.text)
        ):
            continue
        text = strip_refs(b.text)
        for _off, c in sentence_clauses(text):
            years = _milestone_years(c, issue_year)
            if years and issue_year and max(years) < issue_year:
                continue
            if years:
                ms = _milestone_measures(c, max(years), issue_year, goal_words)
            elif _CAPACITY.search(c):
                ms = _capacity_measures(c, default_year, issue_year)
            elif _SECURED_FLOOR.search(c):
                floor = _SECURED_FLOOR.search(c)
                ms = [
                    m
                    for h, m in _hit_measures(c, default_year)
                    if floor and h.start == floor.end() and m["unit"] in ("%", "%/năm")
                ]
            elif not _GOAL_PHRASE.search(c):
                ms = _floor_measures(c, default_year)
            else:
                # "Hoàn thành mục tiêu 100% TTHC … và 100% TTHC …": values the text calls a goal
                goal_at = _GOAL_PHRASE.search(c)
                ms = [
                    m
                    for h, m in _hit_measures(c, default_year)
                    if goal_at and h.start >= goal_at.start() and m["unit"] == "%"
                ]
            if not ms:
                continue
            merge_shared(ms)
            out.append(
                {
                    "line": b.line,
                    "section": labels[i],
                    "text": c.strip(),
                    "measures": ms,
                    "reason": "câu có mốc năm và ngưỡng nằm ngoài mục Mục tiêu",
                    "_at": c.strip(),
                }
            )
    return out


# "với mục tiêu phủ sóng 99% dân số", "phấn đấu đạt 80%": a clause that names what follows a goal
_NAMED_GOAL = re.compile(r"(?<!\w)(?:mục tiêu|phấn đấu)(?!\w)", re.I)


# the year a named goal is for, written after it ("vào năm 2030", "80% năm 2025"); a period
# ("giai đoạn 2021-2025") is what a programme covers, not the goal's deadline
_GOAL_YEAR = re.compile(r"(?<!\w)năm\s+((?:19|20)\d{2})(?!\s*[-–]\s*\d)", re.I)
_GOAL_REACHED = re.compile(r"(?:đạt được|đã đạt|hoàn thành|vượt)\s*(?:các\s+|\S+\s+)?$", re.I)


def _named_goals(b: Block, label: str | None, issue_year: int | None) -> list[dict[str, Any]]:
    """A report's results section can state a goal ("Đã xây dựng kế hoạch … với mục tiêu phủ sóng
    99% dân số vào năm 2030", "Rất xa mục tiêu 80% năm 2025"): a clause that names itself a goal
    and gives a number after that word and a year not yet past is a target wherever it stands
    (its figures are no results: see ``observations``)."""
    out: list[dict[str, Any]] = []
    if not _NAMED_GOAL.search(b.text):
        return out
    text = strip_refs(b.text)
    for off, c in sentence_clauses(text):
        goal = _NAMED_GOAL.search(c)
        if not goal or _GOAL_REACHED.search(c[: goal.start()]):
            continue  # "đã đạt được mục tiêu đề ra … (… đạt từ 90% trở lên)": a result
        years = [
            int(y)
            for y in _GOAL_YEAR.findall(c, goal.end())
            if issue_year is None or int(y) >= issue_year
        ]
        if not years:
            continue
        # what the goal is starts after its word: the clause's report before it names nothing
        ms = [
            m
            for h, m in _hit_measures(c[goal.end() :], max(years), nearest_year=True)
            if h.kind not in ("rank", "index")
        ]
        if not ms:
            continue
        for m in ms:
            if _names_nothing(m["subject"]):
                # "Tỷ lệ hồ sơ trực tuyến … gần 40%; … Rất xa mục tiêu 80% năm 2025": the goal
                # of the indicator the statement reported just before
                m["subject"] = _last_subject(text[:off], m["unit"]) or m["subject"]
        merge_shared(ms)
        out.append(
            {
                "line": b.line,
                "section": label,
                "text": c.strip(),
                "measures": ms,
                "reason": "câu tự nêu là mục tiêu, có ngưỡng và mốc năm, trong phần kết quả",
                "_at": c.strip(),
            }
        )
    return out


def _names_nothing(subject: str) -> bool:
    """A subject with no words of its own: "Tỷ lệ (Quyết định TTCP)", "Tỷ lệ", ""."""
    bare = re.sub(r"\([^()]*\)", "", subject)
    bare = re.sub(r"^\s*(?:tỷ lệ|tỉ lệ|số)\b", "", bare, flags=re.I)
    return not re.search(r"\w", bare)


def _last_subject(text: str, unit: str) -> str | None:
    """The subject of the last figure in ``text`` with the same unit whose name the text writes
    out ("Tỷ lệ hồ sơ trực tuyến …"), not one made from the words after a bare figure."""
    hits = scan(text)
    low = text.lower()
    named = [
        s
        for h, s in zip(hits, subjects(text, hits), strict=True)
        if h.unit == unit and s and s.lower() in low
    ]
    return named[-1] if named else None


# "bảo đảm tối thiểu 2% tổng chi ngân sách nhà nước hằng năm": a share a duty secures, a floor the
# plan sets (by its horizon) even with no year
_SECURED_FLOOR = re.compile(
    r"(?:bảo đảm|đảm bảo)\s+(?:ở\s+)?(?:mức\s+)?(?:tối thiểu|ít nhất|không dưới|không thấp hơn)\s+(?=\d)",
    re.I,
)


# "Có ít nhất 02 vùng dự án …", "Có 30% diện tích … áp dụng …": a state the plan sets, with no year
_FLOOR = re.compile(
    r"(?:^|[.;:]\s*)Có\s+(?:(?:ít nhất|tối thiểu|không dưới|không ít hơn)\s+)?\d", re.I
)


# "Mời gọi đầu tư phát triển Khu vực điện gió Tân Thành với công suất 100 MW": the size of a facility
# a task section sets out to build
_CAPACITY = re.compile(
    r"(?:với|có)\s+(?:tổng\s+)?(?:công suất|quy mô)\s+(?:(?:tối thiểu|khoảng|trên|từ)\s+)?\d", re.I
)


def _capacity_measures(
    clause: str, default_year: int | None, issue_year: int | None
) -> list[dict[str, Any]]:
    """The capacity or size ("với công suất 100 MW", "có quy mô tối thiểu 1.000 racks") of a facility
    the clause sets out to invest in or build (a floor, by the plan's horizon); not one that reports
    what was done ("đã", "hiện", a past date)."""
    low = clause.lower()
    if re.search(r"(?:^|\s)(?:đã|hiện|nếu)\s", low) or not re.search(
        r"đầu tư|phát triển|xây dựng|mời gọi|thu hút", low
    ):
        return []
    if issue_year and any(y < issue_year for _, y in year_marks(clause)):
        return []
    at = _CAPACITY.search(clause)
    assert at is not None
    return [
        {**m, "comparator": ">=" if m["comparator"] == "=" else m["comparator"]}
        for h, m in _hit_measures(clause, default_year)
        if h.start >= at.start() and h.kind == "named"
    ][:2]


def _floor_measures(clause: str, default_year: int | None) -> list[dict[str, Any]]:
    """The state a sentence of a task section sets when it opens with "Có" (there will be) and a
    quantity, plain or after a minimum ("Có ít nhất 02 vùng dự án …", "Có 30% diện tích … áp dụng
    …"): a floor. A duty with a minimum ("Lựa chọn ít nhất 01 doanh nghiệp") is a task, and a
    sentence that reports ("đã", "hiện nay") or sets a condition is no goal."""
    low = clause.lower()
    now = vocab.lower_list("headings", "now_markers")
    if re.search(r"(?:^|\s)(?:đã|hiện|nếu|trường hợp)\s", low) or any(w in low for w in now):
        return []
    if low.rstrip().endswith(":") or re.search(
        r"(?:^|\s)(?:gồm|như sau|sau đây|sau\s*:)(?:\s|:|$)", low
    ):
        return []  # "Có 03 nhóm giải pháp sau:": what the text goes on to list
    opens = re.match(r"\W*có\s+(?:(?:ít nhất|tối thiểu|không dưới|không ít hơn)\s+)?", low)
    out = []
    for h, m in _hit_measures(clause, default_year)[:1]:
        if opens and h.start == opens.end() and h.kind in ("count", "percent", "named"):
            out.append({**m, "comparator": ">=" if m["comparator"] == "=" else m["comparator"]})
    return out


_ENSURES_GOAL = re.compile(r"(?:bảo đảm|đảm bảo)\s+(?:các\s+|được\s+)?mục tiêu", re.I)


def baselines(tgts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The starting level a goal states ("giảm từ 23 ca sinh/1.000 phụ nữ xuống 18 …"): an
    observation of the same indicator, with no year unless the goal gives one for it."""
    out = []
    for t in tgts:
        for m in t["measures"]:
            if m.get("baseline") is None:
                continue
            at = re.search(rf"từ\s+{re.escape(format_number(m['baseline']))}", t["text"])
            out.append(
                {
                    "line": t["line"],
                    "text": t["text"][at.start() :][:120] if at else t["text"][:120],
                    "subject": m["subject"],
                    "value": m["baseline"],
                    "unit": m["unit"],
                    "year": None,
                    "of": None,
                    "place": None,
                    "_at": t.get("_at") or t["text"],
                }
            )
    return out


def _unit_class(unit: str) -> str:
    """A named unit as it is; any counted noun ("công trình", "doanh nghiệp") is a count."""
    named = set(vocab.load("units")["named"].values()) | {"%", "%/năm", "index", "rank"}
    return unit if unit in named else "count"


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", match_key(text or "")) if len(w) > 1}


def drop_restated(goals: list[dict[str, Any]], found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A duty that says it ensures a goal already set ("… đảm bảo mục tiêu đạt 1.200 công trình
    xây dựng xanh … vào năm 2030", where the Mục tiêu section has "cả nước có 1.200 công trình xây
    dựng xanh") sets no new target: in a clause that cites "bảo đảm/đảm bảo mục tiêu", a measure
    with the same comparator, value, unit and year as a goal's, about mostly the same words, is
    left out (and a record left with none). A goal restated without citing it as the goal is kept,
    each time, as the annotators of the corpus keep it."""
    known = [m for t in goals for m in t["measures"]]
    out = []
    for t in found:
        if not _ENSURES_GOAL.search(t["text"]):
            out.append(t)
            continue
        kept = []
        for m in t["measures"]:
            words = _words(m["subject"])
            same = any(
                g["comparator"] == m["comparator"]
                and g["value"] == m["value"]
                and g["year"] == m["year"]
                and _unit_class(g["unit"]) == _unit_class(m["unit"])
                and len(words & _words(g["subject"]))
                >= 0.5 * max(1, min(len(words), len(_words(g["subject"]))))
                for g in known
            )
            if not same:
                kept.append(m)
        if kept:
            out.append({**t, "measures": kept})
    return out


_STATUS_ASIDE = re.compile(
    r"\((?:[^()]*?)(?:đến nay|hiện nay|hiện tại|mới đạt|đã đạt)[^()]*\)", re.I
)


def _milestone_measures(
    clause: str, year: int, issue_year: int | None, goal_words: tuple[str, ...]
) -> list[dict[str, Any]]:
    asides = [m.span() for m in _STATUS_ASIDE.finditer(clause)]
    low = clause.lower()
    opens_with_year = bool(re.match(r"\W*(?:đến|tới|trong|vào)\s+(?:hết\s+)?năm\s+\d{4}", low))
    out = []
    for h, m in _hit_measures(clause, year, nearest_year=True):
        if any(a <= h.start < b for a, b in asides) or h.kind in ("rank", "index"):
            continue
        if m["year"] is not None and issue_year and m["year"] < issue_year:
            continue
        before = low[max(0, h.start - 30) : h.start]
        led = any(
            re.search(rf"(?:^|\s){re.escape(w)}\s*(?:\S+\s*){{0,2}}$", before) for w in goal_words
        )
        if m["unit"] == "%":
            # a task bullet "Triển khai cung cấp 100% dịch vụ … vào năm 2025" is a duty: a
            # percentage needs a goal word in its clause, or the clause to open with the milestone
            if led or opens_with_year or any(w in low for w in goal_words):
                out.append(m)
        elif led and h.kind in ("count", "named"):
            out.append(m)
    return out


# ---------------------------------------------------------------- observations


def status_heading_year(stack: list[Block], issue_year: int | None) -> int | None:
    """The one year a results heading names ("I. KẾT QUẢ THỰC HIỆN NĂM 2024"), for values whose
    sentence gives none; a period ("giai đoạn 2021-2025") names no single year."""
    for h in reversed(stack):
        if classify_title(h.text[:160]) != "status":
            continue
        years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", h.text)
        if (
            len(years) == 1
            and re.search(rf"năm\s+{years[0]}", h.text, re.I)
            and (issue_year is None or int(years[0]) <= issue_year)
        ):
            return int(years[0])
    return None


def observations(
    blocks: list[Block],
    classes: list[str | None],
    footnotes: dict[str, str],
    issue_year: int | None,
    stacks: list[list[Block]] | None = None,
    province: str | None = None,
    defaults: list[str | None] | None = None,
    default_year: int | None = None,
    now_year: int | None = None,
) -> list[dict[str, Any]]:
    """Reported results; each with the ``place`` it describes when that is not the document's own
    province (see places.py); ``defaults``: a place per block when its context gives one;
    ``default_year``: the year of a figure whose text gives none (a report's own year);
    ``now_year``: what "hiện nay" means in an undated draft (see ``drafting_year``)."""
    out = []
    markers = vocab.folded_list("headings", "observation_markers")
    now_words = vocab.folded_list("headings", "now_markers")
    goal_words = vocab.lower_list("comparators", "observation_goal_words")
    attribute_nouns = vocab.lower_list("comparators", "observation_attribute_nouns")
    for i, b in enumerate(blocks):
        if b.kind not in ("para", "bullet", "item") or classes[i] in (
            "goal",
            "appendix",
            "closing",
        ):
            continue
        in_status = classes[i] == "status"
        carried: int | None = (
            status_heading_year(stacks[i], issue_year) if in_status and stacks else None
        )
        default_place = (
            heading_place(stacks[i], province) if stacks else (defaults[i] if defaults else None)
        )
        last_subject: dict[str, str] = {}
        block_year = carried
        sentence_year: int | None = None  # the year the sentence so far dated its figures by
        for off, clause in sentence_clauses(b.text):
            if _opens_sentence(b.text, off):
                # a year goes on to the next sentence only from a sentence that dated something
                # ("Trong năm 2022, … xếp hạng 8/63. Về các thành phần: … xếp thứ 7/63"): after
                # one that dates nothing ("… thường xuyên nằm trong nhóm 10 …") the time is no
                # longer told ("Bên cạnh đó, … thực hiện 21 mô hình" is undated); a results
                # heading's year holds for the whole block
                carried = sentence_year or block_year
                sentence_year = None
            f = match_key(clause)
            # outside a results section only a clause that says it reports, or the count of
            # what has been done ("các dự án điện gió đã đầu tư (02 dự án …)")
            done_only = not in_status and not _marker_in(f, markers)
            if done_only and not _DONE_COUNT.search(clause):
                continue
            clause_refs = refs_in(clause)
            plain = clause
            marks = [
                (pos, y) for pos, y in year_marks(plain) if issue_year is None or y <= issue_year
            ]
            now = issue_year or now_year
            folded = fold_keep_len(plain).lower() if now else ""
            for w in now_words:
                if now and w in folded:
                    marks += [(m.start(), now) for m in _marker_re(w).finditer(folded)]
            marks.sort()
            ref_year = None
            for r in clause_refs:
                ref_year = _year_of(footnotes.get(r, ""), issue_year)
                if ref_year:
                    break
            hits = scan(plain)
            subj = subjects(plain, hits)
            for k, h in enumerate(hits):
                # "…; Năm 2023 đạt 0,71 xếp 16/63": an elliptical clause keeps the block's last subject
                if not subj[k] and last_subject.get(h.kind):
                    subj[k] = last_subject[h.kind]
                if subj[k]:
                    last_subject[h.kind] = subj[k]
            prev_end = 0
            used: int | None = None
            compared = [m.span() for m in _COMPARED.finditer(plain)]
            for k, h in enumerate(hits):
                if any(a <= h.start < z for a, z in compared):
                    continue  # "90,5% (so với tháng 3 là 89,6%)": the level it is compared with
                if _EXPECTED.search(_sentence_before(plain, h.start)):
                    continue  # "dự kiến đến hết 2025 số trạm 5G đạt 68.457 trạm": a plan, no result
                if h.kind == "top" or (
                    done_only and not any(d.end() == h.start for d in _DONE_COUNT.finditer(plain))
                ):
                    continue
                prefix = plain[max(prev_end, h.start - 30) : h.start].lower()
                after = plain[h.end : h.end + 25].lower()
                if (
                    _requires(prefix, goal_words, attribute_nouns)
                    and not _changes_from(plain, h)
                    or "trở lên" in after
                    or "mục tiêu" in plain[max(0, h.start - 80) : h.start].lower()
                ):
                    prev_end = h.end
                    continue
                before = [y for pos, y in marks if pos < h.start]
                # a year after the value dates it only before the next value ("đạt trung bình
                # 0,4%, chỉ số chuyển đổi số năm 2024 đứng thứ 32/63": 2024 is the rank's)
                nxt = hits[k + 1].start if k + 1 < len(hits) else len(plain)
                after_marks = [
                    y
                    for pos, y in marks
                    if h.end < pos < nxt and not re.search(r"[,;]", plain[h.end : pos])
                ]
                year = before[-1] if before else (carried if carried else ref_year)
                if year is None:
                    year = after_marks[0] if after_marks else default_year
                told_year = year  # what goes on to the next clause: not a figure's own year
                own = _own_year(plain, h, hits[k - 1].end if k else None, nxt, issue_year)
                if own is not None:
                    year = own
                # only a year the text gave (here or in a clause before) goes on to the next
                told = bool(before) or bool(carried) or (not ref_year and bool(after_marks))
                unit = h.unit or "count"
                out.append(
                    {
                        "line": b.line,
                        "text": strip_refs(
                            _around(
                                plain,
                                h,
                                prev_end,
                                hits[k + 1].start if k + 1 < len(hits) else len(plain),
                            )
                        ),
                        "subject": subj[k],
                        "value": h.value,
                        "unit": unit,
                        "year": year,
                        "of": h.of,
                        "place": place_of(
                            b.text,
                            off,
                            off + h.start,
                            off + (hits[k - 1].end if k else 0),
                            province,
                            default_place,
                        ),
                    }
                )
                out[-1]["_at"] = out[-1]["text"]  # its own line in a long wrapped paragraph
                prev_end = h.end
                used = told_year if told else used
            # the next clause goes on in the year this one dated its figures ("… năm 2025 đã bố
            # trí 51 nghìn tỷ; cân đối thêm 25 nghìn tỷ từ nguồn tăng thu năm 2024" stays 2025)
            explicit = [y for _, y in marks]
            if used is not None:
                carried = sentence_year = used
            elif explicit:
                carried = sentence_year = explicit[-1]
    return out


# a figure a report expects, not one it reports
_EXPECTED = re.compile(r"(?<!\w)dự kiến(?!\w)", re.I)

# an aside that gives the level a result is compared with, not a result of its own
_COMPARED = re.compile(r"\(\s*so với\b[^()]*\)", re.I)


def _own_year(
    clause: str, h: Hit, prev_end: int | None, next_start: int, issue_year: int | None
) -> int | None:
    """The year a figure is "in" or "for", written after it before the next figure ("bảo đảm mức
    tối thiểu 3% tổng chi ngân sách nhà nước cho các nhiệm vụ về KHCN, ĐMST và CĐS trong năm
    2026"), or right after it ("giảm từ 5,2% năm 2023 xuống còn 3,8% năm 2024"): it dates the
    figure over a year written before it after another figure ("bổ sung 25.000 tỷ đồng từ nguồn
    tăng thu năm 2025 và …": 2025 is the 25.000's); a year the plan has not reached yet stays
    only after "trong/cho", as a sum secured for it is. None when there is no such year, or when
    a year leads the figure on its own (not trailing the figure before)."""
    for pos, y in year_marks(clause):
        if not h.end < pos < next_start:
            continue
        period = re.match(r"(?:trong|cho)\s+năm\b", clause[pos:], re.I)
        next_figure = next_start if next_start < len(clause) else None
        right_after = _right_after(clause, h.end, pos, next_figure) and (
            issue_year is None or y <= issue_year
        )
        if not (period or right_after) or _clause_break(clause[h.end : pos]):
            continue
        lead = [p for p, _ in year_marks(clause[: h.start]) if prev_end is None or p > prev_end]
        if lead and (prev_end is None or _clause_break(clause[prev_end : lead[-1]])):
            return None  # "…; năm 2024 bố trí 3% … trong năm 2025": the leading year is its own
        return y
    return None


# "cho các nhiệm vụ về KHCN, ĐMST và CĐS": commas of a short list end no clause
_LIST_COMMA = re.compile(r",\s*[^\s,;]+(?:\s+[^\s,;]+){0,2}(?=\s+(?:và|hoặc)\s|\s*,)")


def _clause_break(text: str) -> bool:
    """Whether ``text`` holds a ';' or a comma that is not one of a short list's."""
    if ";" in text:
        return True
    return "," in _LIST_COMMA.sub("", text)


# "giảm từ 5,2% năm 2023 xuống còn 3,8%", "tăng từ 30 lên 45 doanh nghiệp": the level a change
# started from, a result of its own (not "từ 80% trở lên", a floor)
_FROM_TO = re.compile(r"[^;]{0,40}?\s(?:xuống|lên|đến|tới)\s+(?:còn\s+|mức\s+)?\d")


def _changes_from(clause: str, h: Hit) -> bool:
    return bool(
        re.search(r"(?:^|\s)từ\s*$", clause[max(0, h.start - 8) : h.start], re.I)
        and _FROM_TO.match(clause, h.end)
    )


def _requires(prefix: str, goal_words: tuple[str, ...], attribute_nouns: tuple[str, ...]) -> bool:
    """Whether the words right before a figure make it a requirement, not a result ("phải đạt 80%",
    "ít nhất 02 cán bộ"); a minimum after a measure noun is the size of what was obtained ("với công
    suất tối thiểu 20 MW")."""
    goal, attribute = _requirement_patterns(goal_words, attribute_nouns)
    return bool(goal.search(prefix)) and not attribute.search(prefix)


@lru_cache(maxsize=8)
def _requirement_patterns(
    goal_words: tuple[str, ...], attribute_nouns: tuple[str, ...]
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    goal = "|".join(map(re.escape, goal_words))
    nouns = "|".join(map(re.escape, attribute_nouns))
    return (
        re.compile(rf"(?:^|\s)(?:{goal})\s*$"),
        re.compile(rf"(?:^|\s)(?:{nouns})\s+(?:{goal})\s*$"),
    )


def _opens_sentence(text: str, off: int) -> bool:
    """Whether the clause at ``off`` starts a new sentence (a full stop before it, not a ';')."""
    return bool(re.search(r"[.!?…][\s⁰¹²³⁴⁵⁶⁷⁸⁹]*$", text[:off]))


# "thực hiện tại", "thể hiện nay": the verb "hiện" of another word, not "hiện nay/tại" (now)
_HIEN_VERBS = r"(?<!thuc )(?<!the )(?<!xuat )(?<!phat )"


@lru_cache(maxsize=64)
def _marker_re(word: str) -> re.Pattern[str]:
    """A folded marker as whole words, not the end of a verb ("thực hiện tại 03 vùng")."""
    return re.compile(rf"(?<!\w){_HIEN_VERBS}{re.escape(word)}(?!\w)")


def _marker_in(folded: str, markers: tuple[str, ...]) -> bool:
    return any(m in folded and _marker_re(m).search(folded) for m in markers)


_DONE_COUNT = re.compile(r"\bđã\s+(?:được\s+)?\w+(?:\s+\w+)?\s*\(\s*(?=\d)", re.I)


def _around(clause: str, h: Hit, prev_end: int, next_start: int) -> str:
    """The words of a clause that belong to one value: from the previous value to the next comma."""
    start = prev_end
    colon = clause.rfind(":", start, h.start)
    if colon >= 0 and h.start - colon > 12:
        start = colon + 1  # "… theo quy định: Bộ Tài chính đã trình … 3% …": after the label
    if h.start - start > 160:
        cut = clause.rfind(",", start, h.start - 20)
        start = cut + 1 if cut >= 0 else start
    end = clause.find(",", h.end, next_start)
    end = next_start if end < 0 else end
    return clause[start:end].strip(" ,.;:")


def _year_of(text: str, issue_year: int | None) -> int | None:
    m = re.search(r"năm\s+((?:19|20)\d{2})", text)
    years = [int(m.group(1))] if m else []
    if not years:
        masked = re.sub(r"\d{1,2}/\d{1,2}/\d{4}", "", text)
        masked = re.sub(r"\d+/\d{4}/[\wĐđ\-]+", "", masked)
        years = [int(y) for y in re.findall(r"(?<![\d/])((?:19|20)\d{2})(?![\d/])", masked)]
    years = [y for y in years if issue_year is None or y <= issue_year]
    return years[0] if years else None


def footnote_texts(blocks: list[Block]) -> dict[str, str]:
    return {b.marker: b.text for b in blocks if b.kind == "footnote"}


def lists_targets(text: str) -> bool:
    """A text that lists the targets of a plan ("15 chỉ tiêu Nghị quyết số 01-NQ/TU: (1) Trên 90% …"):
    its numbers are thresholds, not results."""
    m = re.match(r"^([^:]{0,300}):\s*(?:\(1\)|1[.)]|a\)|-)", text)
    if not m:
        return False
    lead = m.group(1).lower()
    return any(w in lead for w in vocab.lower_list("headings", "target_list_words"))


def footnote_observations(
    blocks: list[Block],
    classes: list[str | None],
    footnotes: dict[str, str],
    issue_year: int | None,
    province: str | None = None,
) -> list[dict[str, Any]]:
    """Footnotes that a status paragraph points to are read as status text too (but not those
    that list another plan's targets)."""
    wanted: dict[str, int | None] = {}
    for i, b in enumerate(blocks):
        if classes[i] == "status" and b.kind in ("para", "bullet", "item"):
            for _off, clause in sentence_clauses(b.text):
                for r in refs_in(clause):
                    wanted.setdefault(r, _citing_year(clause, r, issue_year))
    fn_blocks = [
        b
        for b in blocks
        if b.kind == "footnote" and b.marker in wanted and not lists_targets(b.text)
    ]
    out: list[dict[str, Any]] = []
    for b in fn_blocks:
        # a figure the note gives without a year is of the year the citing sentence dated
        # ("Giai đoạn 2020 - 2025, đã có 131 nhiệm vụ … được nghiệm thu⁴" / "⁴ Trong đó có trên
        # 50% kết quả … được ứng dụng": 2025)
        fake = [Block(kind="para", line=b.line, text=b.text)]
        out += observations(
            fake,
            ["status"],
            footnotes,
            issue_year,
            province=province,
            default_year=wanted[b.marker],
        )
    return out


def drafting_year(doc: dict[str, Any]) -> int | None:
    """The year an undated draft was written: the year before the period its title plans for
    ("Đề án … giai đoạn 2026-2030", no date: "hiện nay" is 2025); None when dated or no period."""
    if doc.get("issued_on"):
        return None
    m = re.search(
        r"giai đoạn\s+((?:19|20)\d{2})\s*[-–]\s*(?:19|20)\d{2}", doc.get("title") or "", re.I
    )
    return int(m.group(1)) - 1 if m else None


def _citing_year(clause: str, ref: str, issue_year: int | None) -> int | None:
    """The last year the clause gives before its footnote mark ``ref`` (not after the plan's own)."""
    at = next((pos for pos, r in ref_positions(clause) if r == ref), None)
    if at is None:
        return None
    years = [y for pos, y in year_marks(clause[:at]) if issue_year is None or y <= issue_year]
    return years[-1] if years else None


def result_observations(
    task_list: list[dict[str, Any]], issue_year: int | None, province: str | None
) -> list[dict[str, Any]]:
    """The figures of a task table's results column ("Kết quả thực hiện": "Có 34/34 địa phương
    hoàn thành …", "Đã có 578.536 lượt tham gia …"): observations, at the row's line, of the state
    on the day the document reports it (its issue year) unless their text gives a year."""
    fake = [
        Block(kind="para", line=t["line"], text=t["result"]) for t in task_list if t.get("result")
    ]
    if not fake:
        return []
    out = observations(
        fake, ["status"] * len(fake), {}, issue_year, province=province, default_year=issue_year
    )
    opening = {b.line: " ".join(b.text.split()[:6]) for b in fake}
    for o in out:
        o["_after"] = opening[o["line"]]  # its line is looked for in the results cell
    return out


# ---------------------------------------------------------------- budget

_MONEY_IN_TEXT = re.compile(
    rf"({NUMBER})\s*(tỷ|tỉ|triệu|nghìn)?\s*(đồng|VNĐ)(?:\s*/\s*năm)?|({NUMBER})\s*(tỷ|tỉ|triệu)(?!\s*USD)",
    re.I,
)


def _money_in(text: str) -> list[tuple[int, int, int]]:
    out = []
    for m in _MONEY_IN_TEXT.finditer(text):
        money = parse_money(m.group(0))
        if money.vnd is not None:
            out.append((m.start(), m.end(), money.vnd))
    return out


def budget(
    blocks: list[Block], classes: list[str | None], tasks: list[dict[str, Any]]
) -> dict[str, Any]:
    total_words = vocab.folded_list("headings", "budget_total")
    part_starts = vocab.words("headings", "budget_part_starts")
    stated, stated_line, parts = None, None, []
    for i, b in enumerate(blocks):
        if b.kind == "row" or classes[i] in ("appendix", "closing"):
            continue
        # the folded text only while no total is found yet (folding every block is dear)
        f = match_key(b.text) if stated is None else ""
        if stated is None and any(w in f for w in total_words):
            money = _money_in(b.text)
            if money:
                stated, stated_line = money[0][2], b.line
                tail = b.text[money[0][1] :]
                m = re.search(r"trong đó", tail, re.I)
                if m:
                    for _, seg in split_outside_parens(tail[m.end() :], ",;"):
                        mm = _money_in(seg)
                        if mm:
                            parts.append(
                                {
                                    "line": b.line,
                                    "label": seg[: mm[0][0]].strip(" :,.()"),
                                    "amount_vnd": mm[0][2],
                                }
                            )
                j = i + 1
                while j < len(blocks) and blocks[j].kind in ("bullet", "para") and len(parts) < 12:
                    mm = _money_in(blocks[j].text)
                    if (
                        not mm
                        or blocks[j].kind == "para"
                        and not blocks[j].text.startswith(part_starts)
                    ):
                        break
                    parts.append(
                        {
                            "line": blocks[j].line,
                            "label": blocks[j].text[: mm[0][0]].strip(" :,.()-"),
                            "amount_vnd": mm[0][2],
                        }
                    )
                    j += 1
    tasks_total = (
        sum(t["budget_vnd"] or 0 for t in tasks) if any(t["budget_vnd"] for t in tasks) else None
    )
    by_source: dict[str, int] = {}
    for t in tasks:
        if t["budget_vnd"]:
            key = t["budget_source"] or ""
            by_source[key] = by_source.get(key, 0) + t["budget_vnd"]
    for p in parts:
        p["source"] = None
        for src in by_source:
            if src and match_key(src) in match_key(p["label"]):
                p["source"] = src
                p["tasks_vnd"] = by_source[src]
    return {
        "stated_total_vnd": stated,
        "stated_line": stated_line,
        "tasks_total_vnd": tasks_total,
        "parts": parts,
        "tasks_by_source_vnd": by_source,
    }


def budget_checks(b: dict[str, Any], warnings: list[dict[str, Any]]) -> None:
    def fmt(v: int) -> str:
        return f"{format_number(round(v / 1e9, 3))} tỷ đồng"

    if (
        b["stated_total_vnd"]
        and b["tasks_total_vnd"] is not None
        and b["stated_total_vnd"] != b["tasks_total_vnd"]
    ):
        warnings.append(
            {
                "line": b["stated_line"],
                "code": "budget-total-mismatch",
                "message": f"Tổng kinh phí nêu trong văn bản ({fmt(b['stated_total_vnd'])}) khác tổng kinh phí "
                f"các nhiệm vụ ({fmt(b['tasks_total_vnd'])}).",
            }
        )
    matched_sources = set()
    for p in b["parts"]:
        if p.get("source"):
            matched_sources.add(p["source"])
            if p["tasks_vnd"] != p["amount_vnd"]:
                warnings.append(
                    {
                        "line": p["line"],
                        "code": "budget-source-mismatch",
                        "message": f"Kinh phí nguồn '{p['source']}' nêu là {fmt(p['amount_vnd'])} nhưng các "
                        f"nhiệm vụ cộng lại {fmt(p['tasks_vnd'])}.",
                    }
                )
    rest_parts = [p for p in b["parts"] if not p.get("source")]
    if rest_parts and matched_sources:
        rest_tasks = sum(v for k, v in b["tasks_by_source_vnd"].items() if k not in matched_sources)
        rest_stated = sum(p["amount_vnd"] for p in rest_parts)
        if rest_tasks != rest_stated:
            warnings.append(
                {
                    "line": rest_parts[0]["line"],
                    "code": "budget-source-mismatch",
                    "message": f"Các nguồn còn lại nêu {fmt(rest_stated)} nhưng các nhiệm vụ không ghi nguồn "
                    f"cộng lại {fmt(rest_tasks)}.",
                }
            )


# ---------------------------------------------------------------- checks

_ATTACHED = re.compile(
    r"(?:^|\()[\s_]*(?:Ban hành\s+)?[Kk]èm theo\s+(?:[^\W\d_]+\s+){1,8}?số\s*:?\s*"
    r"(?P<n>\d[\w.\s]{0,11}?\s*/\s*[\wĐđ\-/]+)"
    r"(?:\s*ngày\s*(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4}))?"
)
_DATE_ANY = re.compile(
    r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})(?![\d/])"
    r"|ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*((?:19|20)\d{2})"
)


def document_checks(
    lines: list[str],
    doc: dict[str, Any],
    tasks: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
) -> None:
    issued = date.fromisoformat(doc["issued_on"]) if doc.get("issued_on") else None
    own = (doc.get("number") or "").replace(" ", "").lower()
    for ln, raw in enumerate(lines, start=1):
        text = raw.replace("*", "")
        # the regexes only on lines that can hold what they look for (they run on every line)
        m = _ATTACHED.search(text) if "èm theo" in text else None
        if m and own:
            n = m.group("n").replace(" ", "").lower()
            if n != own:
                warnings.append(
                    {
                        "line": ln,
                        "code": "doc-number-mismatch",
                        "message": f"Phụ lục ghi kèm theo văn bản số {m.group('n').strip()}, nhưng văn bản này "
                        f"là số {doc['number']}.",
                    }
                )
            if m.group("d") and issued:
                try:
                    d = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                    if d != issued:
                        warnings.append(
                            {
                                "line": ln,
                                "code": "doc-date-mismatch",
                                "message": f"Phụ lục ghi ngày {d.strftime('%d/%m/%Y')}, nhưng văn bản ban hành "
                                f"ngày {issued.strftime('%d/%m/%Y')}.",
                            }
                        )
                except ValueError:
                    pass
        if "/" not in text and "tháng" not in text:
            continue
        for dm in _DATE_ANY.finditer(text):
            dd, mm, yy = (
                (dm.group(1), dm.group(2), dm.group(3))
                if dm.group(1)
                else (dm.group(4), dm.group(5), dm.group(6))
            )
            try:
                d = date(int(yy), int(mm), int(dd))
            except ValueError:
                warnings.append(
                    {
                        "line": ln,
                        "code": "impossible-date",
                        "message": f"Ngày không có thật: {dm.group(0)}.",
                    }
                )
                continue
            if (
                issued
                and d > issued
                and re.match(r"\s*(?:Căn cứ|Theo đề nghị|Thực hiện)", text)
                and not (m and m.start() <= dm.start() <= m.end())
            ):
                warnings.append(
                    {
                        "line": ln,
                        "code": "date-after-issue",
                        "message": f"Văn bản căn cứ mang ngày {d.strftime('%d/%m/%Y')}, sau ngày ban hành "
                        f"{issued.strftime('%d/%m/%Y')}.",
                    }
                )
    for t in tasks:
        if t["start_year"] and t["end_year"] and t["end_year"] < t["start_year"]:
            warnings.append(
                {
                    "line": t["line"],
                    "code": "task-timeframe",
                    "message": f"Nhiệm vụ {t['code'] or ''}: năm kết thúc {t['end_year']} trước năm bắt đầu "
                    f"{t['start_year']}.",
                }
            )
        elif issued and t["end_year"] and t["end_year"] < issued.year:
            warnings.append(
                {
                    "line": t["line"],
                    "code": "task-deadline-before-issue",
                    "message": f"Nhiệm vụ {t['code'] or ''}: hạn {t['end_year']} trước năm ban hành {issued.year}.",
                }
            )


def agency_checks(tasks: list[dict[str, Any]], warnings: list[dict[str, Any]]) -> None:
    seen = set()
    for t in tasks:
        for role in ("lead", "coordinators"):
            codes = []
            for name in t[role]:
                unit = lookup(name)
                codes.append(unit.code if unit else None)
                if unit is None and not is_collective(name) and name not in seen:
                    seen.add(name)
                    warnings.append(
                        {
                            "line": t["line"],
                            "code": "unknown-agency",
                            "message": f"Không có trong danh mục đơn vị: '{name}' (giữ nguyên như văn bản).",
                        }
                    )
            t[f"{role}_codes"] = codes


def empty_result_warnings(
    blocks: list[Block],
    classes: list[str | None],
    tgts: list[dict[str, Any]],
    task_list: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
) -> None:
    """Never a silent empty result: say why no target or no task was found."""
    if not any(t["measures"] for t in tgts):
        goal_heads = [b for b, c in zip(blocks, classes, strict=True) if c == "goal"]
        if not goal_heads:
            msg = (
                'Không tìm thấy chỉ tiêu: văn bản không có mục "Mục tiêu"/"Chỉ tiêu" và không có '
                "câu nào nêu ngưỡng số kèm mốc năm."
            )
            line = None
        else:
            msg = "Không tìm thấy chỉ tiêu định lượng: mục Mục tiêu không nêu con số nào đo được."
            line = goal_heads[0].line
        warnings.append({"line": line, "code": "no-targets", "message": msg})
    if not task_list:
        rows = [b for b in blocks if b.kind == "row"]
        indicator_rows = indicator_table_lines(blocks)  # "Cơ quan chủ trì theo dõi" of indicators
        agency_rows = [
            r
            for r in rows
            if r.line not in indicator_rows
            and any(w in match_key(r.text) for w in ("chu tri", "thuc hien"))
        ]
        if agency_rows:
            msg = (
                "Không tìm thấy nhiệm vụ: có bảng nêu cơ quan thực hiện nhưng không có cột tên "
                "nhiệm vụ/nội dung nhận ra được."
            )
            line = agency_rows[0].line
        elif any(c == "tasks" for c in classes):
            msg = (
                "Không tìm thấy nhiệm vụ: văn bản giao việc theo từng cơ quan bằng lời văn, không có "
                'bảng nhiệm vụ hay khối "Cơ quan thực hiện: … Thời gian: …".'
            )
            line = None
        else:
            msg = "Không tìm thấy nhiệm vụ: văn bản không có mục nhiệm vụ hay bảng nhiệm vụ."
            line = None
        warnings.append({"line": line, "code": "no-tasks", "message": msg})


# ---------------------------------------------------------------- entry point


def extract_text(text: str) -> dict[str, Any]:
    source = check_has_text(normalise_text(text), None)
    norm = normalise(source)
    result = _extract_logical(norm.text)
    _to_source_lines(result, norm)
    result["stats"]["lines"] = source.count("\n") + 1
    return result


def _to_source_lines(result: dict[str, Any], norm: Normalised) -> None:
    """Every record's ``line`` back from the logical text to the source text."""
    for part in ("targets", "observations", "tasks", "warnings"):
        for rec in result[part]:
            if rec.get("line"):
                rec["line"] = norm.source_line(
                    rec["line"], rec.pop("_at", None), rec.pop("_after", None)
                )
    bud = result["budget"]
    if bud.get("stated_line"):
        bud["stated_line"] = norm.source_line(bud["stated_line"])
    for p in bud.get("parts") or []:
        if p.get("line"):
            p["line"] = norm.source_line(p["line"])


def _holds_a_report(blocks: list[Block]) -> bool:
    """A letter that carries a report ("## DỰ THẢO BÁO CÁO Kết quả …" after the cover letter):
    its results are, like a report's, the state on the day it is issued."""
    return any(
        b.kind in ("title", "heading")
        and not b.marker
        and re.match(r"(?:DỰ THẢO\s+)?BÁO CÁO(?:\s|$)", b.text)
        for b in blocks
    )


def _extract_logical(text: str) -> dict[str, Any]:
    lines = text.split("\n")
    warnings: list[dict[str, Any]] = []
    blocks = parse_blocks(text)
    doc = metadata(lines, blocks, warnings)
    issue_year = int(doc["issued_on"][:4]) if doc.get("issued_on") else None
    classes, heading_of, labels, stacks = build_sections(blocks)
    classes = goal_lead_ins(blocks, classes)
    footnotes = footnote_texts(blocks)
    tgts = targets(blocks, classes, labels, stacks, doc.get("horizon_year") or issue_year)
    tgts += drop_restated(
        tgts,
        milestone_targets(
            blocks, classes, labels, issue_year, doc.get("horizon_year") or issue_year
        ),
    )
    table_tgts, table_obs = indicator_tables(blocks, issue_year, doc.get("horizon_year"))
    baseline_obs = baselines(tgts)
    tgts += table_tgts
    tgts.sort(key=lambda t: t["line"])
    doc["province"] = province_of(doc, lines)
    # a report (Báo cáo, Thông báo kết luận) gives the state on its own day
    report = (doc.get("kind") or "") in vocab.words("headings", "report_kinds") or _holds_a_report(
        blocks
    )
    obs = observations(
        blocks,
        classes,
        footnotes,
        issue_year,
        stacks,
        doc["province"],
        default_year=issue_year if report else None,
        now_year=drafting_year(doc),
    )
    obs += footnote_observations(blocks, classes, footnotes, issue_year, doc["province"])
    obs += table_obs + baseline_obs
    rows = [b for b in blocks if b.kind == "row"]
    task_list = tasks_from_rows(rows, warnings, table_starts(blocks))
    if not task_list:
        task_list = labelled_tasks(blocks, classes) or prose_tasks(blocks, classes, heading_of)
    doc["horizon_year"] = doc["horizon_year"] or horizon_of_tasks(task_list)
    obs += result_observations(task_list, issue_year, doc["province"])
    agency_checks(task_list, warnings)
    empty_result_warnings(blocks, classes, tgts, task_list, warnings)
    bud = budget(blocks, classes, task_list)
    budget_checks(bud, warnings)
    document_checks(lines, doc, task_list, warnings)
    warnings.sort(key=lambda w: (w["line"] or 0, w["code"]))
    return {
        "document": doc,
        "targets": tgts,
        "observations": obs,
        "tasks": task_list,
        "budget": bud,
        "warnings": warnings,
        "stats": {"lines": len(lines), "blocks": len(blocks)},
    }
