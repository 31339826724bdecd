"""The report's narrative, known answers and properties: every number it prints is a count of the
appendix rows or a figure of one of them; each status and comparator is worded right; a section
without data says so. Pure: no database."""

import re
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from dxtrack.core.numbers import format_number
from dxtrack.core.periods import Period
from dxtrack.outputs.figures import goal_text, period_label
from dxtrack.outputs.narrative import (
    SIMULATED,
    TARGET_STATUS_WORDS,
    TRACKING_WORDS,
    report_sections,
)
from dxtrack.registry.models import Target

PILLARS = [
    {"key": "chinh_quyen_so", "label": "Chính quyền số"},
    {"key": "ha_tang_so", "label": "Hạ tầng số"},
    {"key": "khac", "label": "Khác (chưa phân loại)"},
]


def target(n, status, *, value=None, pillar="chinh_quyen_so", simulated=False, name=None):
    return {
        "n": n,
        "id": 100 + n,
        "pillar": pillar,
        "name": name or f"Chỉ tiêu số {n}",
        "unit": "%",
        "goal": "trên 80% năm 2025",
        "latest_value": value,
        "status": status,
        "simulated": simulated,
    }


def task(n, tracking, *, pillar="chinh_quyen_so", words=(), end="2026-12-31"):
    return {
        "n": n,
        "id": 200 + n,
        "pillar": pillar,
        "name": f"Nhiệm vụ số {n}",
        "lead": ["Sở Y tế"],
        "deadline": "Quý IV/2026",
        "end": end,
        "tracking_status": tracking,
        "words": list(words),
        "simulated": any(w["simulated"] for w in words),
    }


def words(unit, *, narrative="", difficulties="", proposals="", simulated=False):
    return {
        "unit": unit,
        "period": "2026Q3",
        "narrative": narrative,
        "difficulties": difficulties,
        "proposals": proposals,
        "simulated": simulated,
    }


def snapshot(targets=(), tasks=(), programs=None, rounds=()):
    return {
        "period": "2026Q3",
        "period_label": "Quý III năm 2026",
        "period_end": "2026-09-30",
        "as_of": "2026-10-05",
        "pillar": "",
        "programs": programs
        if programs is not None
        else [
            {
                "id": 1,
                "name": "Kế hoạch 38/KH-UBND",
                "number": "38/KH-UBND",
                "title": "Chuyển đổi số năm 2026",
                "issued_on": "2026-02-14",
            }
        ],
        "pillars": PILLARS,
        "rounds": list(rounds),
        "targets": list(targets),
        "tasks": list(tasks),
    }


def text_of(s, edits=None) -> str:
    return "\n".join(p.text for section in report_sections(s, edits) for p in section.paragraphs())


def paragraph(s, key, edits=None) -> str:
    for section in report_sections(s, edits):
        for p in section.paragraphs():
            if p.key == key:
                return p.text
    raise KeyError(key)


def test_the_summary_counts_the_targets_and_names_the_one_at_risk():
    s = snapshot(
        targets=[
            target(1, "achieved", value=95),
            target(2, "at_risk", value=62.4, name="Tỷ lệ dịch vụ công trực tuyến toàn trình"),
            target(3, "no_data"),
        ]
    )
    assert paragraph(s, "II.0").splitlines()[0] == (
        "Tính đến ngày 05 tháng 10 năm 2026 (ngày chốt số liệu), 2/3 chỉ tiêu có số liệu để "
        "đánh giá: 1 chỉ tiêu đã đạt; 1 chỉ tiêu có nguy cơ không đạt (Tỷ lệ dịch vụ công trực "
        "tuyến toàn trình: 62,4% so với mục tiêu trên 80% năm 2025; Phụ lục I, STT 2); 1 chỉ tiêu "
        "chưa đủ số liệu (chi tiết tại Phụ lục I)."
    )


def test_each_target_status_is_worded_as_the_appendix_labels_it():
    for status, wording in TARGET_STATUS_WORDS.items():
        text = paragraph(snapshot(targets=[target(1, status, value=50)]), "II.0")
        assert f"1/1 chỉ tiêu có số liệu để đánh giá: 1 chỉ tiêu {wording}" in text, status
    text = paragraph(snapshot(targets=[target(1, "no_data")]), "II.0")
    assert "0/1 chỉ tiêu có số liệu để đánh giá; 1 chỉ tiêu chưa đủ số liệu" in text


def test_each_four_way_task_status_is_worded():
    for status, wording in TRACKING_WORDS.items():
        text = paragraph(snapshot(tasks=[task(1, status)]), "II.chinh_quyen_so.tasks")
        assert text.startswith(f"Về nhiệm vụ, trong tổng số 1 nhiệm vụ: 1 nhiệm vụ {wording}")
    overdue = paragraph(snapshot(tasks=[task(4, "open_overdue")]), "II.chinh_quyen_so.tasks")
    assert "Nhiệm vụ chưa hoàn thành, quá hạn: Nhiệm vụ số 4 (Phụ lục II, STT 4)" in overdue


def test_each_comparator_is_worded_in_the_goal():
    expected = {
        ">": "trên 80% năm 2025",
        ">=": "từ 80% trở lên năm 2025",
        "<": "dưới 80% năm 2025",
        "<=": "không quá 80% năm 2025",
        "=": "bằng 80% năm 2025",
        "increase": "tăng 80% so với giá trị cơ sở năm 2025",
        "decrease": "giảm 80% so với giá trị cơ sở năm 2025",
    }
    for comparator, words_ in expected.items():
        t = Target(comparator=comparator, value=80, year=2025)
        assert goal_text(t, "%") == words_, comparator
    assert goal_text(Target(comparator=">=", value=1200, year=2030), "doanh nghiệp") == (
        "từ 1.200 doanh nghiệp trở lên năm 2030"
    )
    assert goal_text(Target(comparator=">", value=2.5, year=2026, quarter=3), "%") == (
        "trên 2,5% quý 3 năm 2026"
    )


def test_periods_and_numbers_are_written_the_vietnamese_way():
    assert period_label(Period.parse("2026Q3")) == "Quý III năm 2026"
    assert period_label(Period.parse("2026S1")) == "6 tháng đầu năm 2026"
    assert period_label(Period.parse("2026")) == "năm 2026"
    s = snapshot(targets=[target(1, "off_track", value=1234.5)])
    assert "1.234,5% so với mục tiêu" in paragraph(s, "II.0")


def test_a_section_without_data_says_so_in_a_sentence():
    s = snapshot(programs=[])
    assert paragraph(s, "I.1") == (
        "Trong phạm vi báo cáo chưa có chương trình, kế hoạch nào được công bố để theo dõi."
    )
    assert (
        paragraph(s, "I.2") == "Trong Quý III năm 2026 chưa tổ chức đợt báo cáo nào trên hệ thống."
    )
    assert paragraph(s, "II.chinh_quyen_so.targets") == (
        "Trong phạm vi báo cáo không có chỉ tiêu, nhiệm vụ nào thuộc lĩnh vực này."
    )
    assert paragraph(s, "III.2") == "Trong kỳ, các đơn vị không báo cáo khó khăn, vướng mắc."
    assert paragraph(s, "IV.2") == "Không có nhiệm vụ nào chưa hoàn thành đã quá hạn."
    assert paragraph(s, "V.1") == "Trong kỳ, các đơn vị không có kiến nghị, đề xuất."
    assert "Khác" not in text_of(s)


def test_the_units_difficulties_are_grouped_and_attributed():
    s = snapshot(
        tasks=[
            task(1, "open_in_time", words=[words("Sở Y tế", difficulties="Thiếu kinh phí.")]),
            task(
                2,
                "open_overdue",
                words=[
                    words("Sở Tài chính", difficulties="thiếu  kinh phí"),
                    words("Sở Nội vụ", proposals="Bổ sung biên chế", simulated=True),
                ],
            ),
        ]
    )
    assert paragraph(s, "III.2").splitlines()[1:] == [
        "- Thiếu kinh phí (Sở Y tế; Sở Tài chính; Phụ lục II, STT 1, 2)."
    ]
    assert paragraph(s, "V.1").splitlines()[1:] == [
        f"- Bổ sung biên chế ({SIMULATED}) (Sở Nội vụ; Phụ lục II, STT 2)."
    ]
    assert "số liệu mô phỏng" in paragraph(s, "II.0")


def test_a_difficulty_many_units_share_names_six_and_counts_the_rest():
    units = [f"Xã số {i}" for i in range(1, 10)]
    s = snapshot(
        tasks=[task(1, "open_in_time", words=[words(u, difficulties="Thiếu người") for u in units])]
    )
    assert paragraph(s, "III.2").splitlines()[1] == (
        "- Thiếu người (Xã số 1; Xã số 2; Xã số 3; Xã số 4; Xã số 5; Xã số 6; và 3 đơn vị khác; "
        "Phụ lục II, STT 1)."
    )


def test_long_lists_name_fifteen_and_send_the_rest_to_the_appendix():
    tasks = [
        task(i, "open_overdue", end="2026-06-30", words=[words(f"Xã {i}", narrative="Xong")])
        for i in range(1, 41)
    ]
    s = snapshot(tasks=tasks)
    overdue = paragraph(s, "IV.2").splitlines()
    assert overdue[0] == "Tập trung hoàn thành 40 nhiệm vụ đã quá hạn:"
    assert len(overdue) == 1 + 15 + 1
    assert overdue[-1] == "- Và 25 nhiệm vụ khác (chi tiết tại Phụ lục II)."
    results = paragraph(s, "II.chinh_quyen_so.results").splitlines()
    assert results[-1] == "- Và 25 kết quả khác của các đơn vị (chi tiết tại Phụ lục II)."


def test_tasks_due_next_period_and_overdue_ones_are_listed_for_the_next_period():
    s = snapshot(
        tasks=[
            task(1, "open_in_time", end="2026-12-31"),
            task(2, "open_in_time", end="2027-06-30"),
            task(3, "done_on_time", end="2026-11-30"),
            task(4, "open_overdue", end="2026-06-30"),
        ]
    )
    assert paragraph(s, "IV.1").splitlines() == [
        "Các nhiệm vụ đến hạn trong kỳ tới (từ 01/10/2026 đến 31/12/2026), 1 nhiệm vụ:",
        "- Nhiệm vụ số 1 (chủ trì: Sở Y tế; thời hạn: Quý IV/2026; Phụ lục II, STT 1).",
    ]
    assert paragraph(s, "IV.2").splitlines()[0] == "Tập trung hoàn thành 1 nhiệm vụ đã quá hạn:"


def test_an_edit_replaces_only_its_paragraph():
    s = snapshot(targets=[target(1, "achieved", value=90)])
    edited = paragraph(s, "III.1", {"III.1": "Đánh giá của Sở."})
    assert edited == "Đánh giá của Sở."
    assert paragraph(s, "II.0", {"III.1": "Đánh giá của Sở."}) == paragraph(s, "II.0")


# -- property: every number printed is one computed from the snapshot -----------------------

STATUSES = [*TARGET_STATUS_WORDS, "no_data"]
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def allowed_numbers(s) -> set[str]:
    """What the text may print, computed here independently: counts of rows by status, each
    row's STT and value, the dates and years of the snapshot, shares of good targets."""
    targets, tasks = s["targets"], s["tasks"]
    allowed: set[str] = set()
    counts = Counter(t["status"] for t in targets)
    with_data = len(targets) - counts.get("no_data", 0)
    good = counts.get("achieved", 0) + counts.get("on_track", 0)
    allowed |= {format_number(v) for v in counts.values()}
    allowed |= {format_number(len(targets)), format_number(with_data), format_number(len(tasks))}
    allowed |= {format_number(with_data - good), format_number(good)}
    if with_data:
        allowed.add(format_number(round(round(good * 100 / with_data, 1), 2)))
    tracking = Counter(t["tracking_status"] for t in tasks)
    allowed |= {format_number(v) for v in tracking.values()} | {"0"}
    for status in TARGET_STATUS_WORDS:
        rows = [t for t in targets if t["status"] == status]
        allowed.add(format_number(max(0, len(rows) - 3)))
    allowed.add(format_number(max(0, tracking.get("open_overdue", 0) - 3)))
    for t in targets:
        allowed.add(str(t["n"]))
        if t["latest_value"] is not None:
            allowed.add(format_number(round(t["latest_value"], 2)))
    for t in tasks:
        allowed.add(str(t["n"]))
    # dates (as of, next period) and the goal's figures
    allowed |= {"05", "10", "2026", "01", "31", "12", "80", "2025", "1"}
    allowed |= {"38/KH-UBND", "14", "02"}
    return allowed


values = st.one_of(st.none(), st.floats(min_value=0, max_value=1e6, allow_nan=False))


@st.composite
def snapshots(draw):
    n_targets = draw(st.integers(min_value=0, max_value=12))
    targets = [
        target(
            i + 1,
            draw(st.sampled_from(STATUSES)),
            value=draw(values),
            simulated=draw(st.booleans()),
        )
        for i in range(n_targets)
    ]
    n_tasks = draw(st.integers(min_value=0, max_value=8))
    tasks = [task(i + 1, draw(st.sampled_from(list(TRACKING_WORDS)))) for i in range(n_tasks)]
    return snapshot(targets=targets, tasks=tasks)


@given(snapshots())
def test_every_number_in_the_text_is_a_computed_one(s):
    text = text_of(s).replace("38/KH-UBND", "")
    allowed = allowed_numbers(s)
    printed = NUMBER.findall(text)
    assert set(printed) <= allowed, set(printed) - allowed


@given(snapshots())
def test_the_summary_counts_equal_the_rows(s):
    text = paragraph(s, "II.0")
    counts = Counter(t["status"] for t in s["targets"])
    if s["targets"]:
        with_data = len(s["targets"]) - counts.get("no_data", 0)
        assert f"{with_data}/{len(s['targets'])} chỉ tiêu có số liệu" in text
    for status, wording in TARGET_STATUS_WORDS.items():
        if counts.get(status):
            assert f"{counts[status]} chỉ tiêu {wording}" in text
        else:
            assert f"chỉ tiêu {wording}" not in text
    if any(t["simulated"] for t in s["targets"]):
        assert SIMULATED in text
