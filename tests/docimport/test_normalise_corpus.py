"""The normalisation stage (docimport/normalise.py) and the rules added for real plans copied from a
legal portal: fixture snippets → records, property tests of the joining of wrapped lines, and the
annotated real plans of tests/docimport/corpus/ scored against their gold (as shared/gold/score.py).
"""

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxtrack.docimport import extract_text
from dxtrack.docimport.measures import scan
from dxtrack.docimport.normalise import normalise, starts_new_line

from .heldout_score import score_gold

CORPUS = Path(__file__).with_name("corpus")
GOLD = CORPUS / "gold"

# ---------------------------------------------------------------- wrapped lines and Markdown


def test_a_hard_wrapped_paragraph_becomes_one_line_that_keeps_its_first_line():
    para = (
        "Thực hiện Chỉ thị số 21/CT-TTg ngày 25 tháng 11 năm 2022 của Thủ tướng Chính phủ về thúc "
        "đẩy chuyển đổi số trong chi trả an sinh xã hội không dùng tiền mặt, Ủy ban nhân dân thành "
        "phố ban hành Kế hoạch phát động phong trào thi đua trên địa bàn thành phố."
    )
    text = "\n".join(textwrap.wrap(para, 70) * 1) + "\n\n" + "\n".join(textwrap.wrap(para, 70))
    text = "\n\n".join([text] * 6)
    n = normalise(text)
    lines = [ln for ln in n.text.split("\n") if ln]
    assert lines[0] == para
    assert n.source_line(1) == 1
    assert n.source_line(3) == len(textwrap.wrap(para, 70)) + 2


def test_a_bold_heading_wrapped_in_two_is_one_heading():
    n = normalise("**II. ĐỐI TƯỢNG VÀ THỜI GIAN\nTHI ĐUA**\n\nNội dung.\n")
    assert n.text.split("\n")[0] == "**II. ĐỐI TƯỢNG VÀ THỜI GIAN THI ĐUA**"


def test_converter_escapes_and_roman_dash_numbering_are_undone():
    n = normalise("II- MỤC TIÊU\n\n1\\. Đến năm 2030\n\n\\- Trên 80% hồ sơ \\& dữ liệu.\n")
    assert n.text.split("\n") == [
        "II. MỤC TIÊU",
        "",
        "1. Đến năm 2030",
        "",
        "- Trên 80% hồ sơ & dữ liệu.",
        "",
    ]


def _doc(items):
    """A hard-wrapped document: each item ("heading"/"bullet"/"para", words) wrapped at 60."""
    out, starts = [], []
    for kind, body in items:
        first = {"heading": "**1. ", "bullet": "- ", "para": ""}[kind] + body
        if kind == "heading":
            first += "**"
        starts.append(len(out) + 1)
        out += textwrap.wrap(first, 60, break_on_hyphens=False)
    return "\n".join(out), starts


_words = st.lists(
    st.sampled_from(
        ["chuyển", "đổi", "số", "hồ", "sơ", "trực", "tuyến", "tỉnh", "năm", "dữ", "liệu"]
    ),
    min_size=4,
    max_size=40,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["heading", "bullet", "para"]), _words), min_size=12, max_size=25
    )
)
def test_joining_never_merges_two_list_items_or_headings(items):
    text, starts = _doc(items)
    n = normalise(text)
    out = n.text.split("\n")
    marked = [i for i, (kind, _) in enumerate(items) if kind != "para"]
    # every heading and bullet starts its own logical line, at its own source line
    origins = {n.origin[k]: line for k, line in enumerate(out)}
    for i in marked:
        assert starts[i] in origins
        assert starts_new_line(origins[starts[i]])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["heading", "bullet", "para"]), _words), min_size=1, max_size=25
    )
)
def test_provenance_maps_every_logical_line_back_to_where_it_starts(items):
    text, _ = _doc(items)
    src = text.split("\n")
    n = normalise(text)
    for k, line in enumerate(n.text.split("\n")):
        if line.strip():
            first_words = " ".join(line.replace("*", "").split()[:2])
            assert first_words in " ".join(src[n.origin[k] - 1].replace("*", "").split())


# ---------------------------------------------------------------- portal tables

PORTAL_TASKS = """\
**PHỤ LỤC I**
BẢNG PHÂN CÔNG NHIỆM VỤ

|
**STT**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Nội dung nhiệm
vụ**
|
**Thời hạn hoàn thành**
|
|
**A.**
|
**BỘ NÔNG NGHIỆP VÀ MÔI
TRƯỜNG**
|
|
1
|
Bộ Nông nghiệp và Môi trường
|
- Bộ Khoa học và Công nghệ;
- Bộ Xây dựng;
- Các bộ, ngành liên quan.
|
- Hoàn thiện Nghị định về xử lý vi phạm hành
chính trong lĩnh vực bảo vệ môi trường.
|
Quý I năm 2026
|
|
- Rà soát, cập nhật các hướng dẫn kỹ thuật về hệ
số phát thải.
|
Năm 2027
|
|
2
|
Bộ Y tế
|
Bộ Tài chính
|
Xây dựng cơ sở dữ liệu sức khỏe môi trường
|
Năm 2026
|
"""


def test_a_portal_table_gives_its_tasks_and_skips_its_group_row():
    r = extract_text(PORTAL_TASKS)
    names = [t["name"] for t in r["tasks"]]
    assert len(names) == 3
    assert names[0].startswith("Hoàn thiện Nghị định")
    assert r["tasks"][0]["lead"] == ["Bộ Nông nghiệp và Môi trường"]
    assert r["tasks"][0]["coordinators"] == [
        "Bộ Khoa học và Công nghệ",
        "Bộ Xây dựng",
        "Các bộ, ngành liên quan",
    ]
    assert r["tasks"][0]["group"].startswith("A")


def test_a_row_merged_down_keeps_the_agencies_of_the_row_above_and_its_own_line():
    r = extract_text(PORTAL_TASKS)
    second = r["tasks"][1]
    assert second["name"].startswith("Rà soát, cập nhật")
    assert second["lead"] == ["Bộ Nông nghiệp và Môi trường"]
    assert second["end_year"] == 2027
    src = PORTAL_TASKS.split("\n")
    assert src[second["line"] - 1].startswith("- Rà soát")


def test_the_two_column_header_table_still_gives_number_and_date():
    text = (
        "|\n**ỦY BAN NHÂN DÂN**\nTHÀNH PHỐ CẦN THƠ\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 157/KH-UBND\n|\n*Cần Thơ, ngày 18\n"
        "tháng 11 năm 2025*\n|\n\n**KẾ HOẠCH**\n\nThi đua chi trả không dùng tiền mặt\n"
    )
    doc = extract_text(text)["document"]
    assert doc["number"] == "157/KH-UBND"
    assert doc["issued_on"] == "2025-11-18"


# ---------------------------------------------------------------- target rules


def test_hang_nam_at_the_start_makes_every_clause_a_yearly_rate():
    r = extract_text(
        "II. MỤC TIÊU\n\n1. Chỉ tiêu đến năm 2030\n\n"
        "a) Hằng năm, số vụ được phát hiện tăng trên 3%; số vụ xuyên quốc gia được phát hiện tăng "
        "trên 5%.\n"
    )
    units = [m["unit"] for t in r["targets"] for m in t["measures"]]
    assert units == ["%/năm", "%/năm"]


def test_items_announced_as_chi_tieu_by_a_lead_in_are_targets():
    r = extract_text(
        "Số: 1/KH-UBND\n\nCần Thơ, ngày 18 tháng 11 năm 2025\n\nIII. NỘI DUNG THI ĐUA\n\n"
        "Tuyên truyền vận động, được cụ thể hóa bằng các chỉ tiêu cụ thể như sau:\n\n"
        "(1) 100% số người hưởng trợ cấp được tuyên truyền;\n\n"
        "(2) Ít nhất 85% người hưởng trợ cấp mở tài khoản;\n"
    )
    ms = [(m["comparator"], m["value"], m["year"]) for t in r["targets"] for m in t["measures"]]
    assert ms == [(">=", 100, 2025), (">=", 85, 2025)]


def test_a_milestone_goal_in_a_task_section_is_a_target_with_its_reason():
    r = extract_text(
        "Số: 2/KH-UBND\n\nĐồng Nai, ngày 20 tháng 11 năm 2025\n\nIII. NHIỆM VỤ, GIẢI PHÁP\n\n"
        "1. Xây dựng xã không ma túy\n\nTừng địa phương đăng ký chỉ tiêu, phấn đấu đạt 20% xã "
        "không ma túy ngay trong năm 2025, bảo đảm đến hết năm 2030 đạt 50% xã không ma túy.\n"
    )
    ms = [(m["value"], m["year"]) for t in r["targets"] for m in t["measures"]]
    assert ms == [(20, 2025), (50, 2030)]
    assert all(t.get("reason") for t in r["targets"])


def test_a_past_milestone_in_a_task_section_is_not_a_target():
    r = extract_text(
        "Số: 3/KH-UBND\n\nHà Nội, ngày 20 tháng 11 năm 2025\n\nIII. NHIỆM VỤ\n\n"
        "1. Số hóa\n\nĐến hết năm 2023 đã đạt 60% hồ sơ được số hóa.\n"
    )
    assert r["targets"] == []


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("Đón 1,1 triệu lượt khách", 1_100_000, "lượt khách"),
        ("hơn 2 triệu hồ sơ", 2_000_000, "hồ sơ"),
        ("đạt 1,5 triệu thuê bao", 1_500_000, "thuê bao"),
    ],
)
def test_counts_with_trieu_are_scaled_and_never_an_index(text, value, unit):
    (hit,) = scan(text)
    assert (hit.value, hit.unit) == (value, unit)


def test_money_is_not_scaled_as_a_count():
    assert all(h.unit != "đồng" for h in scan("kinh phí 500 triệu đồng"))


# ---------------------------------------------------------------- never a silent empty result


def test_a_document_without_goals_or_tasks_says_why():
    r = extract_text("Số: 4/KH-UBND\n\nI. MỤC ĐÍCH, YÊU CẦU\n\nBảo vệ bí mật nhà nước.\n")
    codes = {w["code"]: w["message"] for w in r["warnings"]}
    assert "Mục tiêu" in codes["no-targets"]
    assert "nhiệm vụ" in codes["no-tasks"]


def test_a_table_with_agencies_but_no_task_column_is_named_in_the_warning():
    r = extract_text("Số: 5/KH-UBND\n\nĐơn vị\tCơ quan chủ trì\tGhi chú\nA\tSở Y tế\t-\n")
    w = next(w for w in r["warnings"] if w["code"] == "no-tasks")
    assert "cột tên" in w["message"] and w["line"] == 3


# ---------------------------------------------------------------- the annotated real plans

# minimum per document: target-measure F1, observation F1, task F1, task field accuracy (as measured)
FLOORS = {
    "1026-kh-ubnd": (1.0, 1.0, 1.0, 1.0),
    "153-kh-ubnd": (1.0, 1.0, 1.0, 1.0),
    "157-kh-ubnd": (1.0, 1.0, 1.0, 1.0),
    "182-kh-ubnd": (1.0, 1.0, 1.0, 1.0),
    "2853-qd-ubnd": (1.0, 1.0, 1.0, 1.0),
    "982-kh-ubnd": (1.0, 1.0, 1.0, 1.0),
}


@pytest.mark.parametrize("stem", sorted(FLOORS))
def test_annotated_real_plan_reaches_its_floor(stem):
    path = CORPUS / f"{stem}.md"
    if not (GOLD / f"targets_{stem}.json").exists():
        pytest.skip("gold not written yet")
    s = score_gold(extract_text(path.read_text(encoding="utf-8")), GOLD, stem)
    got = tuple(
        (v[2] if isinstance(v, tuple) else v) if v is not None else 1.0
        for v in (s["targets"], s["observations"], s["tasks"], s["task_fields"])
    )
    assert all(g >= f - 1e-9 for g, f in zip(got, FLOORS[stem], strict=True)), (
        f"{stem}: {got}\n" + "\n".join(s["diffs"])
    )
