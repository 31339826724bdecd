"""The report's text, drafted from its snapshot: deterministic Vietnamese, no model, no network.

Pure: `report_sections(snapshot, edits)` reads only the dict `figures.figures_gather` made (or an
issued report's stored copy), so the same snapshot always gives the same words. Every number it
prints is a count of the appendix rows or a figure of one of them, and says where: "(Phụ lục I,
STT 3)" after a figure, "(Phụ lục I)" after a count. A section without data says so in a
sentence of its own.

Paragraphs have stable keys ("II.chinh_quyen_so.targets", "III.1"…). The coordinator's edits are
stored by key and replace the generated text of that paragraph; a recompute refreshes only the
paragraphs nobody edited. A paragraph may hold several lines; each line is a paragraph of the
document (a list item starts with "- ").
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dxtrack.core.numbers import format_number, format_percent
from dxtrack.core.text import fold
from dxtrack.core.vn import format_date

SIMULATED = "số liệu mô phỏng"
MAX_EXAMPLES = 3
# A difficulty many units share names the first ones and counts the rest (all are in Phụ lục II).
MAX_UNITS_NAMED = 6
# A list in the text (results, tasks due, overdue tasks) names this many and counts the rest.
MAX_LISTED = 15

# How the text words each target status, in the order it lists them.
TARGET_STATUS_WORDS: OrderedDict[str, str] = OrderedDict(
    [
        ("achieved", "đã đạt"),
        ("on_track", "có khả năng đạt"),
        ("at_risk", "có nguy cơ không đạt"),
        ("off_track", "khó đạt"),
        ("missed", "không đạt (đã hết thời hạn)"),
    ]
)
TRACKING_WORDS: OrderedDict[str, str] = OrderedDict(
    [
        ("done_on_time", "hoàn thành đúng hạn"),
        ("done_late", "hoàn thành quá hạn"),
        ("open_in_time", "chưa hoàn thành, còn trong hạn"),
        ("open_overdue", "chưa hoàn thành, quá hạn"),
    ]
)
# Statuses worth naming with their figures (the reader acts on these first).
TARGET_STATUSES_SHOWN = ("missed", "off_track", "at_risk")

SECTION_TITLES = OrderedDict(
    [
        ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        ("II", "KẾT QUẢ THỰC HIỆN"),
        ("III", "ĐÁNH GIÁ CHUNG: TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
        ("IV", "NHIỆM VỤ TRỌNG TÂM KỲ TỚI"),
        ("V", "KIẾN NGHỊ, ĐỀ XUẤT"),
    ]
)


@dataclass
class Paragraph:
    key: str
    text: str
    generated: str
    label: str = ""

    @property
    def edited(self) -> bool:
        return self.text != self.generated

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


@dataclass
class Block:
    """A sub-heading ("1. Chính quyền số") and its paragraphs."""

    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.key}. {self.title}"

    def paragraphs(self) -> list[Paragraph]:
        return [p for b in self.blocks for p in b.paragraphs]


def n(x: int) -> str:
    return format_number(x)


def _date(iso: str) -> str:
    return format_date(date.fromisoformat(iso))


def _dmy(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def value_text(value: float, unit: str) -> str:
    number = format_number(round(value, 2))
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def _sim(flag: bool) -> str:
    return f" ({SIMULATED})" if flag else ""


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def target_example(row: dict[str, Any]) -> str:
    """ "Tỷ lệ …: 62,4% so với mục tiêu trên 80% năm 2025; Phụ lục I, STT 3"."""
    if row["latest_value"] is None:
        figure = f"chưa có số liệu, mục tiêu {row['goal']}"
    else:
        figure = f"{value_text(row['latest_value'], row['unit'])} so với mục tiêu {row['goal']}"
    return f"{row['name']}: {figure}{_sim(row['simulated'])}; Phụ lục I, STT {row['n']}"


def targets_sentence(rows: list[dict[str, Any]], *, lead: str) -> str:
    """The targets' statuses counted, the worrying ones named with their figures."""
    if not rows:
        return f"{lead}, không có chỉ tiêu nào thuộc phạm vi báo cáo."
    counts = Counter(r["status"] for r in rows)
    with_data = len(rows) - counts.get("no_data", 0)
    text = f"{lead}, {n(with_data)}/{n(len(rows))} chỉ tiêu có số liệu để đánh giá"
    parts = []
    for status, words in TARGET_STATUS_WORDS.items():
        if not counts.get(status):
            continue
        part = f"{n(counts[status])} chỉ tiêu {words}"
        if status in TARGET_STATUSES_SHOWN:
            examples = [r for r in rows if r["status"] == status][:MAX_EXAMPLES]
            part += " (" + "; ".join(target_example(r) for r in examples)
            more = counts[status] - len(examples)
            part += f"; và {n(more)} chỉ tiêu khác)" if more else ")"
        parts.append(part)
    if parts:
        text += ": " + "; ".join(parts)
    if counts.get("no_data"):
        text += f"; {n(counts['no_data'])} chỉ tiêu chưa đủ số liệu"
    return text + " (chi tiết tại Phụ lục I)."


def tasks_sentence(rows: list[dict[str, Any]], *, lead: str) -> str:
    """The tasks counted by the four-way status; the overdue ones named."""
    if not rows:
        return f"{lead}, không có nhiệm vụ nào thuộc phạm vi báo cáo."
    counts = Counter(r["tracking_status"] for r in rows)
    parts = [
        f"{n(counts[status])} nhiệm vụ {words}"
        for status, words in TRACKING_WORDS.items()
        if counts.get(status)
    ]
    text = f"{lead}, trong tổng số {n(len(rows))} nhiệm vụ"
    text += (": " + "; ".join(parts)) if parts else ""
    overdue = [r for r in rows if r["tracking_status"] == "open_overdue"][:MAX_EXAMPLES]
    if overdue:
        names = "; ".join(f"{_short(r['name'])} (Phụ lục II, STT {r['n']})" for r in overdue)
        text += f". Nhiệm vụ chưa hoàn thành, quá hạn: {names}"
        more = counts["open_overdue"] - len(overdue)
        if more:
            text += f" và {n(more)} nhiệm vụ khác"
    return text + " (chi tiết tại Phụ lục II)."


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def results_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The units' own words on their results, attributed: "- Sở Y tế: … (Phụ lục II, STT 5)"."""
    lines = []
    for row in rows:
        for w in row["words"]:
            if w["narrative"]:
                lines.append(
                    f"- {w['unit']}: {_sentence(w['narrative'])}"
                    f"{_sim(w['simulated'])} (Phụ lục II, STT {row['n']})."
                )
    return capped(lines, "kết quả khác của các đơn vị")


def capped(lines: list[str], what: str) -> list[str]:
    """At most MAX_LISTED items; the rest counted and sent to the appendix (a report to the
    leaders names what matters; every row is in the appendix)."""
    if len(lines) <= MAX_LISTED:
        return lines
    rest = len(lines) - MAX_LISTED
    return [*lines[:MAX_LISTED], f"- Và {n(rest)} {what} (chi tiết tại Phụ lục II)."]


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(" .;")
    return text[:1].upper() + text[1:] if text else text


def grouped_lines(rows: list[dict[str, Any]], field_name: str) -> list[str]:
    """The units' khó khăn or kiến nghị: the same text (folded) once, with every unit that wrote
    it and the tasks it was written on."""
    groups: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for row in rows:
        for w in row["words"]:
            text = w[field_name]
            if not text:
                continue
            key = fold(" ".join(text.split()).rstrip(" .;"))
            group = groups.setdefault(
                key, {"text": _sentence(text), "units": [], "tasks": [], "simulated": False}
            )
            if w["unit"] not in group["units"]:
                group["units"].append(w["unit"])
            if row["n"] not in group["tasks"]:
                group["tasks"].append(row["n"])
            group["simulated"] = group["simulated"] or w["simulated"]
    lines = []
    for g in groups.values():
        stt = ", ".join(str(t) for t in g["tasks"][:MAX_UNITS_NAMED])
        if len(g["tasks"]) > MAX_UNITS_NAMED:
            stt += f" và {n(len(g['tasks']) - MAX_UNITS_NAMED)} nhiệm vụ khác"
        units = g["units"][:MAX_UNITS_NAMED]
        if len(g["units"]) > MAX_UNITS_NAMED:
            units.append(f"và {n(len(g['units']) - MAX_UNITS_NAMED)} đơn vị khác")
        lines.append(
            f"- {g['text']}{_sim(g['simulated'])} ({'; '.join(units)}; Phụ lục II, STT {stt})."
        )
    what = "khó khăn, vướng mắc khác" if field_name == "difficulties" else "kiến nghị khác"
    return capped(lines, what)


def _programs_line(snapshot: dict[str, Any]) -> str:
    programs = snapshot["programs"]
    if not programs:
        return "Trong phạm vi báo cáo chưa có chương trình, kế hoạch nào được công bố để theo dõi."
    names = []
    for p in programs:
        when = f" ngày {_dmy(p['issued_on'])}" if p["issued_on"] else ""
        title = _short(p["title"], 160)
        names.append(f"{p['name']}{when} ({title})" if p["number"] else f"{title}{when}")
    return (
        f"Trong kỳ, việc thực hiện {n(len(programs))} chương trình, kế hoạch được theo dõi trên "
        f"hệ thống: {'; '.join(names)}."
    )


def _rounds_line(snapshot: dict[str, Any]) -> str:
    rounds = snapshot["rounds"]
    if not rounds:
        return f"Trong {snapshot['period_label']} chưa tổ chức đợt báo cáo nào trên hệ thống."
    parts = [
        f"{r['title']} (hạn báo cáo {_dmy(r['due_date'])}; {n(r['units'])} đơn vị được giao "
        f"{n(r['items'])} nội dung báo cáo, {n(r['accepted'])} nội dung đã được tiếp nhận)"
        for r in rounds
    ]
    return (
        f"Cơ quan điều phối đã tổ chức {n(len(rounds))} đợt báo cáo {snapshot['period_label']}: "
        + "; ".join(parts)
        + "."
    )


def _simulated_note(snapshot: dict[str, Any]) -> str:
    if any(r["simulated"] for r in snapshot["targets"] + snapshot["tasks"]):
        return (
            "Lưu ý: báo cáo có sử dụng số liệu mô phỏng (dữ liệu trình diễn); các số liệu này "
            f"được ghi chú “{SIMULATED}” trong nội dung và tại các phụ lục."
        )
    return ""


def _section_i(s: dict[str, Any]) -> Section:
    return Section(
        "I",
        SECTION_TITLES["I"],
        [
            Block(
                "",
                [
                    _p("I.1", _programs_line(s), "Các chương trình, kế hoạch được theo dõi"),
                    _p("I.2", _rounds_line(s), "Các đợt báo cáo trong kỳ"),
                    _p("I.3", "", "Công tác chỉ đạo, điều hành (cơ quan điều phối bổ sung)"),
                ],
            )
        ],
    )


def _section_ii(s: dict[str, Any]) -> Section:
    lead = f"Tính đến {_date(s['as_of'])} (ngày chốt số liệu)"
    summary = [
        targets_sentence(s["targets"], lead=lead),
        tasks_sentence(s["tasks"], lead="Về nhiệm vụ"),
    ]
    note = _simulated_note(s)
    if note:
        summary.append(note)
    blocks = [Block("", [_p("II.0", "\n".join(summary), "Tổng quan")])]
    pillars = [p for p in s["pillars"] if not s["pillar"] or p["key"] == s["pillar"]]
    number = 0
    for p in pillars:
        targets = [r for r in s["targets"] if r["pillar"] == p["key"]]
        tasks = [r for r in s["tasks"] if r["pillar"] == p["key"]]
        if p["key"] == "khac" and not targets and not tasks:
            continue
        number += 1
        key = f"II.{p['key']}"
        block = Block(f"{number}. {p['label']}")
        if not targets and not tasks:
            block.paragraphs.append(
                _p(
                    f"{key}.targets",
                    "Trong phạm vi báo cáo không có chỉ tiêu, nhiệm vụ nào thuộc lĩnh vực này.",
                    f"{p['label']} — chỉ tiêu",
                )
            )
        else:
            block.paragraphs.append(
                _p(
                    f"{key}.targets",
                    targets_sentence(targets, lead="Về chỉ tiêu"),
                    f"{p['label']} — chỉ tiêu",
                )
            )
            block.paragraphs.append(
                _p(
                    f"{key}.tasks",
                    tasks_sentence(tasks, lead="Về nhiệm vụ"),
                    f"{p['label']} — nhiệm vụ",
                )
            )
            results = results_lines(tasks)
            text = (
                "Kết quả các đơn vị báo cáo:\n" + "\n".join(results)
                if results
                else "Trong kỳ, các đơn vị chưa báo cáo kết quả thực hiện nhiệm vụ thuộc lĩnh vực "
                "này."
            )
            block.paragraphs.append(_p(f"{key}.results", text, f"{p['label']} — kết quả đơn vị"))
        blocks.append(block)
    return Section("II", SECTION_TITLES["II"], blocks)


def assessment_text(s: dict[str, Any]) -> str:
    targets, tasks = s["targets"], s["tasks"]
    counts = Counter(r["status"] for r in targets)
    with_data = len(targets) - counts.get("no_data", 0)
    sentences = []
    if with_data:
        good = counts.get("achieved", 0) + counts.get("on_track", 0)
        share = format_percent(round(good * 100 / with_data, 1))
        sentences.append(
            f"Trong {n(with_data)} chỉ tiêu có số liệu, {n(good)} chỉ tiêu đã đạt hoặc có khả "
            f"năng đạt ({share})"
            + (
                f"; {n(with_data - good)} chỉ tiêu có nguy cơ không đạt, khó đạt hoặc không đạt "
                "cần tập trung chỉ đạo."
                if with_data - good
                else "."
            )
        )
    else:
        sentences.append("Chưa có chỉ tiêu nào đủ số liệu để đánh giá.")
    tracking = Counter(r["tracking_status"] for r in tasks)
    if tasks:
        late = tracking.get("open_overdue", 0) + tracking.get("done_late", 0)
        sentences.append(
            f"Về nhiệm vụ, {n(tracking.get('open_overdue', 0))}/{n(len(tasks))} nhiệm vụ chưa "
            f"hoàn thành đã quá hạn và {n(tracking.get('done_late', 0))} nhiệm vụ hoàn thành "
            f"quá hạn" + (" (chi tiết tại Phụ lục II)." if late else ".")
        )
    if counts.get("no_data"):
        sentences.append(
            f"{n(counts['no_data'])} chỉ tiêu chưa đủ số liệu: việc thu thập, báo cáo số liệu "
            "của các đơn vị cần được đôn đốc."
        )
    return " ".join(sentences)


def _section_iii(s: dict[str, Any]) -> Section:
    difficulties = grouped_lines(s["tasks"], "difficulties")
    text = (
        "Khó khăn, vướng mắc các đơn vị báo cáo:\n" + "\n".join(difficulties)
        if difficulties
        else "Trong kỳ, các đơn vị không báo cáo khó khăn, vướng mắc."
    )
    return Section(
        "III",
        SECTION_TITLES["III"],
        [
            Block(
                "",
                [
                    _p("III.1", assessment_text(s), "Đánh giá chung"),
                    _p("III.2", text, "Tồn tại, hạn chế (khó khăn, vướng mắc của các đơn vị)"),
                    _p("III.3", "", "Nguyên nhân (cơ quan điều phối bổ sung)"),
                ],
            )
        ],
    )


def _next_period_end(s: dict[str, Any]) -> tuple[date, date]:
    """The day after the report's period and the end of a period as long after it."""
    end = date.fromisoformat(s["period_end"])
    code = s["period"]
    months = 3 if "Q" in code else 6 if "S" in code else 1 if len(code) == 6 else 12
    first = date(end.year + (end.month == 12), end.month % 12 + 1, 1)
    month = first.month - 1 + months
    last_year, last_month = first.year + month // 12, month % 12 + 1
    nxt = date(last_year, last_month, 1)
    return first, nxt - timedelta(days=1)


def _task_item(row: dict[str, Any]) -> str:
    lead = "; ".join(row["lead"]) or "chưa xác định"
    deadline = f"; thời hạn: {row['deadline']}" if row["deadline"] else ""
    return f"- {_short(row['name'])} (chủ trì: {lead}{deadline}; Phụ lục II, STT {row['n']})."


def _section_iv(s: dict[str, Any]) -> Section:
    first, last = _next_period_end(s)
    due = [
        r
        for r in s["tasks"]
        if r["end"]
        and first <= date.fromisoformat(r["end"]) <= last
        and not r["tracking_status"].startswith("done")
    ]
    overdue = [r for r in s["tasks"] if r["tracking_status"] == "open_overdue"]
    due_text = (
        f"Các nhiệm vụ đến hạn trong kỳ tới (từ {_dmy(first.isoformat())} đến "
        f"{_dmy(last.isoformat())}), {n(len(due))} nhiệm vụ:\n"
        + "\n".join(capped([_task_item(r) for r in due], "nhiệm vụ khác"))
        if due
        else f"Không có nhiệm vụ nào đến hạn trong kỳ tới (từ {_dmy(first.isoformat())} đến "
        f"{_dmy(last.isoformat())})."
    )
    overdue_text = (
        f"Tập trung hoàn thành {n(len(overdue))} nhiệm vụ đã quá hạn:\n"
        + "\n".join(capped([_task_item(r) for r in overdue], "nhiệm vụ khác"))
        if overdue
        else "Không có nhiệm vụ nào chưa hoàn thành đã quá hạn."
    )
    return Section(
        "IV",
        SECTION_TITLES["IV"],
        [
            Block(
                "",
                [
                    _p("IV.1", due_text, "Nhiệm vụ đến hạn kỳ tới"),
                    _p("IV.2", overdue_text, "Nhiệm vụ quá hạn cần hoàn thành"),
                ],
            )
        ],
    )


def _section_v(s: dict[str, Any]) -> Section:
    proposals = grouped_lines(s["tasks"], "proposals")
    text = (
        "Kiến nghị, đề xuất của các đơn vị:\n" + "\n".join(proposals)
        if proposals
        else "Trong kỳ, các đơn vị không có kiến nghị, đề xuất."
    )
    return Section("V", SECTION_TITLES["V"], [Block("", [_p("V.1", text, "Kiến nghị, đề xuất")])])


def _p(key: str, text: str, label: str) -> Paragraph:
    return Paragraph(key=key, text=text, generated=text, label=label)


def report_sections(snapshot: dict[str, Any], edits: dict[str, str] | None = None) -> list[Section]:
    """Sections I–V of the report; a paragraph the coordinator edited shows the edit."""
    sections = [
        _section_i(snapshot),
        _section_ii(snapshot),
        _section_iii(snapshot),
        _section_iv(snapshot),
        _section_v(snapshot),
    ]
    for section in sections:
        for p in section.paragraphs():
            if edits and p.key in edits:
                p.text = edits[p.key]
    return sections


def paragraph_keys(snapshot: dict[str, Any]) -> list[str]:
    return [p.key for s in report_sections(snapshot) for p in s.paragraphs()]
