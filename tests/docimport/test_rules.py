"""Fixture tests in the mistune style: an input snippet → the records it must give.

Each case names the rule it covers. The snippets are written for these tests (not copied from
the seeds) so that passing them says the rule is general.
"""

import pytest

from dxtrack.docimport import extract_text
from dxtrack.docimport.agencies import lookup, split_agencies, split_roles
from dxtrack.docimport.blocks import parse_blocks
from dxtrack.docimport.measures import scan

HEAD = "Số: 12/KH-UBND\n\nHà Giang, ngày 03 tháng 4 năm 2024\n\nKẾ HOẠCH\nPhát triển chính quyền số giai đoạn 2024-2026\n\n"


def measures_of(text):
    return [
        (m["comparator"], m["value"], m["unit"], m["year"])
        for t in extract_text(text)["targets"]
        for m in t["measures"]
    ]


# ---------------------------------------------------------------- block rules


@pytest.mark.parametrize(
    "line, kind, style, marker",
    [
        ("Phần thứ hai", "heading", "part", "Phần thứ hai"),
        ("II. MỤC TIÊU", "heading", "roman", "II"),
        ("## **III. NHIỆM VỤ**", "heading", "roman", "III"),
        ("2. Mục tiêu cụ thể", "heading", "num", "2"),
        ("1.2.3. Xây dựng kho dữ liệu", "heading", "num", "1.2.3"),
        ("b) Kinh tế số", "heading", "letter", "b"),
        ("***đ) Xã hội số***", "heading", "letter", "đ"),
        ("(3) Về hạ tầng", "heading", "paren", "3"),
        ("- Trên 50% hộ gia đình có cáp quang.", "bullet", "dash", "-"),
        ("+ Sở Y tế.", "bullet", "plus", "+"),
        ("  - + Doanh nghiệp nhỏ và vừa.", "bullet", "plus", "+"),
        (
            "1. Các cơ quan căn cứ chức năng, nhiệm vụ được giao tổ chức thực hiện kế hoạch này.",
            "item",
            "num",
            "1",
        ),
        ("Nội dung thường của văn bản.", "para", "", ""),
        ("QUYẾT ĐỊNH", "title", "", ""),
        ("**Phụ lục**", "title", "", ""),
    ],
)
def test_it_classifies_each_kind_of_line(line, kind, style, marker):
    [b] = list(parse_blocks(line + "\n"))
    assert (b.kind, b.style, b.marker) == (kind, style, marker)


def test_it_reads_footnote_definitions_in_three_syntaxes():
    blocks = parse_blocks(
        "<sup>1</sup> Báo cáo số 5/BC-UBND.\n\n² Theo Niên giám 2023.\n\n[^3]: Ghi chú ba.\n"
    )
    assert [(b.kind, b.marker) for b in blocks] == [
        ("footnote", "1"),
        ("footnote", "2"),
        ("footnote", "3"),
    ]


def test_it_joins_a_paragraph_cut_by_a_page_break_across_a_footnote():
    text = "Tỉnh đã hoàn thành nhiều chỉ tiêu quan trọng của\n\n³ Chú thích cuối trang.\n\nnghị quyết trong năm qua.\n"
    blocks = parse_blocks(text)
    paras = [b for b in blocks if b.kind == "para"]
    assert len(paras) == 1 and paras[0].line == 1
    assert paras[0].text.endswith("của nghị quyết trong năm qua.")


def test_it_reads_tab_separated_pipe_and_flattened_table_rows_alike():
    tab = "TT\tNhiệm vụ\tChủ trì\n1\tLàm A\tSở Y tế\n"
    pipe = "| TT | Nhiệm vụ | Chủ trì |\n|---|---|---|\n| 1 | Làm A | Sở Y tế |\n"
    flat = "|\nTT\nNhiệm vụ\nChủ trì\n|\n1\nLàm A\nSở Y tế\n|\n"
    for text in (tab, pipe, flat):
        rows = [b.cells for b in parse_blocks(text) if b.kind == "row"]
        assert rows == [["TT", "Nhiệm vụ", "Chủ trì"], ["1", "Làm A", "Sở Y tế"]], text


def test_it_splits_bold_headings_run_together_on_one_line():
    blocks = parse_blocks("Phần mở đầu**SỰ CẦN THIẾT****I. CĂN CỨ****1. Tình hình chung**\n")
    assert [b.style for b in blocks if b.kind == "heading"] == ["part", "roman", "num"]


# ---------------------------------------------------------------- measures


@pytest.mark.parametrize(
    "clause, expected",
    [
        ("Trên 85% hồ sơ được xử lý trực tuyến", [(85, "%", None)]),
        ("tốc độ tối thiểu 50 Mbps", [(50, "Mbps", None)]),
        ("quy mô trên 500 racks, trên 5MW", [(500, "racks", None), (5, "MW", None)]),
        ("có trên 1.200 doanh nghiệp số", [(1200, "doanh nghiệp", None)]),
        ("đạt 0,75 điểm, đứng đầu", [(0.75, "điểm", None)]),
        ("chỉ số DTI đạt 0,64", [(0.64, "index", None)]),
        ("đã đạt 11/12 chỉ tiêu", [(11, "chỉ tiêu", 12)]),
        ("năm 2021 xếp thứ 12/63 tỉnh", [(12, "rank", 63)]),
        ("đứng thứ 4 toàn quốc", [(4, "rank", None)]),
        ("tăng bình quân 10 - 12%/năm", [(10, "%/năm", None)]),
        ("Đề án 06 và 4G/5G, mức độ 4, phiên bản 2.0, ngày 12/3/2024, số 15/2020/NĐ-CP", []),
        ("triển khai Hệ thống tổng đài 1022 kết nối người dân", []),
        ("liên thông 4 cấp hành chính", []),
    ],
)
def test_it_finds_the_measurable_values_of_a_clause(clause, expected):
    assert [(h.value, h.unit, h.of) for h in scan(clause) if h.kind != "top"] == expected


# ---------------------------------------------------------------- targets

GOALS = (
    HEAD
    + """II. MỤC TIÊU

1. Mục tiêu chung

Xây dựng chính quyền số hiện đại, phục vụ người dân.

2. Mục tiêu đến năm 2026

- Trên 95% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình.
- Tỷ lệ hộ gia đình có cáp quang đạt tối thiểu 85%.
- Kinh tế số chiếm tối thiểu trên 25% GRDP.
- Giảm 20% thời gian giải quyết thủ tục hành chính; tăng 15% số dịch vụ dữ liệu mở.
- Năng suất lao động hằng năm tăng tối thiểu 6%.
- Tỉnh thuộc nhóm 20 tỉnh, thành phố dẫn đầu về chỉ số chuyển đổi số.
- Phấn đấu đến hết năm 2025, có 100% xã có điểm phục vụ công nghệ số (năm 2025); không quá 5% hồ sơ trễ hạn.
- Xây dựng 2 khu công nghệ thông tin tập trung.
- Phổ cập điện thoại thông minh.

III. NHIỆM VỤ

1. Trên 90% cán bộ được đào tạo (đây là nhiệm vụ, không phải mục tiêu).
"""
)


def test_it_reads_comparators_units_and_years_of_goal_bullets():
    assert measures_of(GOALS) == [
        (">", 95, "%", 2026),
        (">=", 85, "%", 2026),
        (">", 25, "%", 2026),
        ("decrease", 20, "%", 2026),
        ("increase", 15, "%", 2026),
        ("increase", 6, "%/năm", 2026),
        ("top", 20, "rank", 2026),
        (">=", 100, "%", 2025),
        ("<=", 5, "%", 2026),
        ("=", 2, "khu công nghệ", 2026),
    ]


def test_it_keeps_goals_without_numbers_as_records_without_measures():
    records = extract_text(GOALS)["targets"]
    texts = {t["text"]: t["measures"] for t in records}
    assert texts["Xây dựng chính quyền số hiện đại, phục vụ người dân."] == []
    assert texts["Phổ cập điện thoại thông minh."] == []


def test_it_labels_each_goal_with_its_section_path():
    records = extract_text(GOALS)["targets"]
    assert records[1]["section"] == "II.2 Mục tiêu đến năm 2026"


def test_it_takes_the_plan_horizon_when_no_heading_gives_a_year():
    text = HEAD + "I. MỤC TIÊU\n\n- Trên 70% người dân có danh tính số.\n"
    assert measures_of(text) == [(">", 70, "%", 2026)]


def test_it_splits_a_long_goal_paragraph_into_one_record_per_clause():
    clauses = "; ".join(f"chỉ tiêu {i} đạt {50 + i}%" for i in range(1, 8))
    text = HEAD + "I. MỤC TIÊU\n\n(1) Về hạ tầng: " + clauses + ".\n"
    records = extract_text(text)["targets"]
    assert len(records) == 7 and all(r["line"] == records[0]["line"] for r in records)
    assert [r["measures"][0]["value"] for r in records] == [51, 52, 53, 54, 55, 56, 57]


def test_it_gives_each_threshold_its_own_scope():
    text = (
        HEAD
        + "I. MỤC TIÊU\n\n- Trên 90% hồ sơ tại cấp tỉnh; trên 70% hồ sơ tại cấp huyện và trên 50% hồ sơ tại cấp xã.\n"
    )
    ms = extract_text(text)["targets"][0]["measures"]
    assert [(m["value"], m["scope"]) for m in ms] == [
        (90, "cấp tỉnh"),
        (70, "cấp huyện"),
        (50, "cấp xã"),
    ]


# ---------------------------------------------------------------- observations

STATUS = (
    HEAD
    + """I. THỰC TRẠNG

Năm 2022, tỷ lệ hồ sơ trực tuyến của tỉnh đạt 45,5%, xếp thứ 20/63 tỉnh, thành phố; toàn tỉnh có 1.234 doanh nghiệp số.

Mục tiêu của giai đoạn trước là đạt từ 80% trở lên.

Hạ tầng còn yếu (xếp thứ 40/63)¹.

¹ Theo Bộ chỉ số ICT năm 2021.

Đến nay, có 310 điểm phát sóng 5G.

II. MỤC TIÊU

- Trên 90% hồ sơ trực tuyến.
"""
)


def test_it_reads_results_with_the_year_they_describe():
    obs = [
        (o["value"], o["unit"], o["year"], o["of"]) for o in extract_text(STATUS)["observations"]
    ]
    assert obs == [
        (45.5, "%", 2022, None),
        (20, "rank", 2022, 63),
        (1234, "doanh nghiệp", 2022, None),
        (40, "rank", 2021, 63),
        (310, "điểm phát sóng", 2024, None),
    ]


def test_it_does_not_read_goal_thresholds_as_results():
    values = [o["value"] for o in extract_text(STATUS)["observations"]]
    assert 80 not in values and 90 not in values


def test_it_reads_a_current_value_outside_status_sections_only_when_marked():
    text = HEAD + "III. NHIỆM VỤ\n\n- Đào tạo đội ngũ cán bộ hiện có (150 cán bộ); mở 3 lớp mới.\n"
    obs = extract_text(text)["observations"]
    assert [(o["value"], o["year"]) for o in obs] == [(150, None)]


# ---------------------------------------------------------------- tasks

TABLE = (
    HEAD
    + """**Phụ lục**

(Kèm theo Kế hoạch số 21/KH-UBND ngày 03/4/2024 của UBND tỉnh)

STT\tNội dung nhiệm vụ\tĐơn vị phối hợp\tCơ quan chủ trì\tThời gian\tKinh phí (triệu đồng)\tNguồn kinh phí
I\tHạ tầng số\t\t\t\t\t
1\tNâng cấp mạng truyền số liệu\tCác sở, ban, ngành\tSở Khoa học và Công nghệ\tQuý II/2025\t500\tNgân sách tỉnh
2\tSố hóa hồ sơ địa chính của các xã, phường trên địa bàn tỉnh giai đoạn đầu\tUBND cấp xã\tSở Nông nghiệp và Môi trường\t2025 - 2026\t1.200/năm\t

STT\tNội dung nhiệm vụ\tĐơn vị phối hợp\tCơ quan chủ trì\tThời gian\tKinh phí (triệu đồng)\tNguồn kinh phí
\tvà số hóa hồ sơ đất đai còn lại\t\t\t\t\t
II\tDữ liệu số\t\t\t\t\t
1\tXây dựng kho dữ liệu dùng chung\tSở Tài chính; Công ty ABC\tSở Khoa học và Công nghệ\tThường xuyên\t\t
3\tNhiệm vụ không có chủ trì\t\t\t\t\t
"""
)


def test_it_reads_a_task_table_whatever_its_column_order():
    tasks = extract_text(TABLE)["tasks"]
    assert [(t["code"], t["lead"], t["coordinators"]) for t in tasks] == [
        ("I.1", ["Sở Khoa học và Công nghệ"], ["Các sở, ban, ngành"]),
        ("I.2", ["Sở Nông nghiệp và Môi trường"], ["UBND cấp xã"]),
        ("II.1", ["Sở Khoa học và Công nghệ"], ["Sở Tài chính", "Công ty ABC"]),
        ("II.3", [], []),
    ]


def test_it_joins_a_row_that_runs_on_under_a_repeated_header():
    t = extract_text(TABLE)["tasks"][1]
    assert t["name"].endswith("giai đoạn đầu và số hóa hồ sơ đất đai còn lại") and t["line"] == 15


def test_it_reads_money_timeframes_and_sources_of_task_rows():
    t1, t2, t3, _ = extract_text(TABLE)["tasks"]
    assert (t1["budget_vnd"], t1["budget_source"], t1["end_year"], t1["end_quarter"]) == (
        500_000_000,
        "Ngân sách tỉnh",
        2025,
        2,
    )
    assert (t2["budget_vnd"], t2["budget_per_year"], t2["start_year"], t2["end_year"]) == (
        1_200_000_000,
        True,
        2025,
        2026,
    )
    assert t3["recurrence"] == "continuous" and t3["group"] == "II Dữ liệu số"


def test_it_warns_about_agencies_missing_from_the_vocabulary():
    warnings = extract_text(TABLE)["warnings"]
    assert [w["message"] for w in warnings if w["code"] == "unknown-agency"] == [
        "Không có trong danh mục đơn vị: 'Công ty ABC' (giữ nguyên như văn bản)."
    ]


def test_it_reads_task_blocks_written_as_prose_when_there_is_no_table():
    text = (
        HEAD
        + """III. NHIỆM VỤ

1. Xây dựng nền tảng bản đồ số

Xây dựng bản đồ số dùng chung.

Cơ quan thực hiện: Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Xây dựng, các cơ quan, đơn vị liên quan.

Thời gian hoàn thành: Quý III năm 2025.
"""
    )
    [t] = extract_text(text)["tasks"]
    assert (
        t["code"],
        t["name"],
        t["lead"],
        t["coordinators"],
        t["end_year"],
        t["end_quarter"],
    ) == (
        "1",
        "Xây dựng nền tảng bản đồ số",
        ["Sở Nông nghiệp và Môi trường"],
        ["Sở Xây dựng", "các cơ quan, đơn vị liên quan"],
        2025,
        3,
    )


# ---------------------------------------------------------------- agencies


@pytest.mark.parametrize(
    "cell, expected",
    [
        (
            "Sở Y tế, Sở Văn hóa, Thể thao và Du lịch",
            ["Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch"],
        ),
        (
            "Các sở, ban, ngành, UBND các huyện, thành phố",
            ["Các sở, ban, ngành", "UBND các huyện, thành phố"],
        ),
        (
            "Sở Tài chính và các cơ quan, đơn vị liên quan",
            ["Sở Tài chính", "các cơ quan, đơn vị liên quan"],
        ),
        (
            "- Sở Nội vụ - Sở Lao động – Thương binh và Xã hội.",
            ["Sở Nội vụ", "Sở Lao động - Thương binh và Xã hội"],
        ),
        ("Sở Xây dựng cùng với Công an tỉnh", ["Sở Xây dựng", "Công an tỉnh"]),
        ("Hợp tác xã (gồm cả tổ hợp tác, nhóm hộ)", ["Hợp tác xã (gồm cả tổ hợp tác, nhóm hộ)"]),
    ],
)
def test_it_splits_agency_lists_and_keeps_collective_names_whole(cell, expected):
    assert split_agencies(cell) == expected


def test_it_recognises_an_agency_with_a_place_suffix_and_a_merged_department():
    assert lookup("Công an tỉnh Hà Giang") is None or lookup("Công an tỉnh").code == "cong-an-tinh"
    unit = lookup("Sở Thông tin và Truyền thông")
    assert (
        unit.code == "so-thong-tin-va-truyen-thong" and unit.successor == "so-khoa-hoc-va-cong-nghe"
    )
    assert lookup("Sở Tài Nguyên và Môi trường").code == "so-tai-nguyen-va-moi-truong"


def test_it_splits_lead_agencies_from_coordinators_in_prose():
    assert split_roles("Sở Y tế chủ trì, phối hợp với Sở Tài chính và các bệnh viện.") == (
        ["Sở Y tế"],
        ["Sở Tài chính", "các bệnh viện"],
    )


# ---------------------------------------------------------------- document, budget and checks


def test_it_reads_the_document_header():
    doc = extract_text(GOALS)["document"]
    assert (doc["number"], doc["kind"], doc["issued_on"], doc["place"], doc["horizon_year"]) == (
        "12/KH-UBND",
        "Kế hoạch",
        "2024-04-03",
        "Hà Giang",
        2026,
    )
    assert doc["title"] == "Phát triển chính quyền số giai đoạn 2024-2026"
    assert doc["issuer"] == "Ủy ban nhân dân tỉnh Hà Giang"


def test_it_warns_when_the_appendix_names_another_document_or_date():
    warnings = extract_text(TABLE)["warnings"]
    codes = {(w["code"], w["line"]) for w in warnings}
    assert ("doc-number-mismatch", 10) in codes
    other_date = extract_text(TABLE.replace("ngày 03/4/2024", "ngày 09/4/2024"))["warnings"]
    assert ("doc-date-mismatch", 10) in {(w["code"], w["line"]) for w in other_date}


def test_it_reconciles_the_stated_budget_with_the_tasks_per_source():
    text = TABLE.replace(
        "**Phụ lục**",
        "V. KINH PHÍ\n\nTổng kinh phí dự kiến: 1,8 tỷ đồng, trong đó:\n\n"
        "- Ngân sách tỉnh: 0,5 tỷ đồng.\n\n- Nguồn khác: 1,3 tỷ đồng.\n\n**Phụ lục**",
    )
    result = extract_text(text)
    b = result["budget"]
    assert b["stated_total_vnd"] == 1_800_000_000 and b["tasks_total_vnd"] == 1_700_000_000
    assert [p["amount_vnd"] for p in b["parts"]] == [500_000_000, 1_300_000_000]
    codes = [w["code"] for w in result["warnings"]]
    assert "budget-total-mismatch" in codes and codes.count("budget-source-mismatch") == 1


def test_it_warns_about_dates_that_cannot_be_right():
    text = (
        HEAD.replace("03 tháng 4", "03 tháng 4")
        + "Căn cứ Quyết định số 9/QĐ-UBND ngày 30/02/2024 và Tờ trình ngày 20/5/2024.\n"
    )
    codes = [(w["code"], w["line"]) for w in extract_text(text)["warnings"]]
    assert ("impossible-date", 8) in codes and ("date-after-issue", 8) in codes
