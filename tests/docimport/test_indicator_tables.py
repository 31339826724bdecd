"""Tables of indicators with ONE column of levels ("TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan
theo dõi"): each row a target whose comparator and value are written in the cell, its year from a
group row, the column's header or the heading over the table; and the tables that look alike but
set no target (tasks, amounts, results achieved)."""

from dxtrack.docimport import extract_text
from dxtrack.docimport.blocks import parse_blocks
from dxtrack.docimport.indicator_tables import cell_readings, indicator_tables, row_unit, year_row

PLAN = "KẾ HOẠCH\n\nSố: 12/KH-UBND\n\nTỉnh X, ngày 20 tháng 3 năm 2025\n\n"

HEADER = "| TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi, đánh giá |\n|---|---|---|---|---|\n"


def _table(*rows: str, header: str = HEADER) -> str:
    return header + "".join(f"| {' | '.join(r.split(' ¦ '))} |\n" for r in rows)


def _measures(text: str) -> list[tuple]:
    r = extract_text(PLAN + text)
    return [
        (m["comparator"], m["value"], m["unit"], m["year"], m["scope"])
        for t in r["targets"]
        for m in t["measures"]
    ]


def _table_records(text: str, issue: int = 2025, horizon: int | None = None):
    return indicator_tables(parse_blocks(text), issue, horizon)


# ---------------------------------------------------------------- the cell


def test_a_cell_gives_its_comparator_value_and_a_range_its_lower_bound():
    got = [
        (r.comparator, r.value, r.percent)
        for c in ("≥ 55", ">= 30", "> 0,7", "40 - 50", "20% - 50%", "09", "Tối thiểu 80")
        for r in cell_readings(c)
    ]
    assert got == [
        (">=", 55, False),
        (">=", 30, False),
        (">", 0.7, False),
        (None, 40, False),
        (None, 20, True),
        (None, 9, False),
        (">=", 80, False),
    ]


def test_words_after_the_figure_are_kept_and_a_year_in_the_cell_is_its_own():
    parts = cell_readings("≤ 3 Đông Nam Á; ≤ 50 Thế giới")
    assert [(r.value, r.rest) for r in parts] == [(3, "Đông Nam Á"), (50, "Thế giới")]
    (r,) = cell_readings("100% (năm 2027)")
    assert (r.value, r.percent, r.year) == (100, True, 2027)
    assert cell_readings("Đạt mức trên trung bình của thế giới") == []


def test_the_unit_cell_says_what_is_measured():
    assert [
        row_unit(u)
        for u in (
            "% GDP",
            "% tổng chi NSNN",
            "%/năm",
            "Thứ bậc",
            "Chỉ số phát triển con người (HDI)",
            "Người/vạn dân",
            "Doanh nghiệp",
            "Tbps",
            "",
        )
    ] == ["%", "%", "%/năm", "rank", "index", "người/vạn dân", "doanh nghiệp", "Tbps", None]


def test_a_group_row_naming_a_year_dates_the_rows_under_it():
    assert [
        year_row(x) for x in ("**Đến năm 2030**", "Năm 2025", "Giai đoạn 2026 - 2030", "Hạ tầng số")
    ] == [
        2030,
        2025,
        2030,
        None,
    ]


# ---------------------------------------------------------------- rows → targets


def test_each_row_is_a_target_dated_by_its_year_row():
    text = _table(
        "**I** ¦ **Đến năm 2030** ¦  ¦  ¦ ",
        "1 ¦ Số doanh nghiệp công nghệ số ngang tầm các nước tiên tiến ¦ Doanh nghiệp ¦ ≥ 5 ¦ Bộ A",
        "2 ¦ Quy mô kinh tế số ¦ % GDP ¦ ≥ 30 ¦ Bộ A",
        "3 ¦ Tổ chức khoa học và công nghệ được xếp hạng ¦ Tổ chức ¦ 40 - 50 ¦ Bộ B",
        "**II** ¦ **Đến năm 2045** ¦  ¦  ¦ ",
        "4 ¦ Làm chủ một số công nghệ chíp ¦ % ¦ 20% - 50% ¦ Bộ C",
    )
    assert _measures(text) == [
        (">=", 5, "doanh nghiệp", 2030, None),
        (">=", 30, "%", 2030, None),
        (">=", 40, "tổ chức", 2030, None),
        (">=", 20, "%", 2045, None),
    ]


def test_a_rank_at_most_n_is_a_top_n_and_each_measure_of_a_cell_keeps_its_scope():
    text = _table(
        "**I** ¦ **Đến năm 2030** ¦  ¦  ¦ ",
        "1 ¦ Xếp hạng năng lực cạnh tranh số ¦ Thứ bậc ¦ ≤ 3 Đông Nam Á; ≤ 50 Thế giới ¦ Bộ A",
        "2 ¦ Xếp hạng về an toàn thông tin mạng ¦ Thứ bậc ¦ ≤ 10 ¦ Bộ A",
    )
    assert _measures(text) == [
        ("top", 3, "rank", 2030, "Đông Nam Á"),
        ("top", 50, "rank", 2030, "Thế giới"),
        ("top", 10, "rank", 2030, None),
    ]


def test_a_rate_named_by_its_change_is_a_change_but_a_share_named_after_one_is_a_level():
    text = _table(
        "**I** ¦ **Đến năm 2030** ¦  ¦  ¦ ",
        "1 ¦ Số lượng công bố khoa học quốc tế tăng trung bình ¦ %/năm ¦ 10 ¦ Bộ A",
        "2 ¦ Tỉ lệ đóng góp của năng suất nhân tố tổng hợp vào tăng trưởng kinh tế ¦ % ¦ ≥ 55 ¦ Bộ A",
        "3 ¦ Tỉ lệ cắt giảm thủ tục hành chính nội bộ ¦ % ¦ 50 ¦ Bộ A",
        "4 ¦ Tỷ lệ hộ nghèo ¦ % ¦ 1,5 ¦ Bộ A",
    )
    assert [m[:2] for m in _measures(text)] == [
        ("increase", 10),
        (">=", 55),
        (">=", 50),
        ("<=", 1.5),
    ]


def test_group_rows_name_their_sub_rows_and_a_row_of_words_is_a_goal_with_no_number():
    text = _table(
        "**I** ¦ **Đến năm 2030** ¦  ¦  ¦ ",
        "1 ¦ Tiềm lực khoa học, công nghệ ¦ Thứ bậc ¦ Đạt mức tiên tiến ở nhiều lĩnh vực ¦ Bộ A",
        "2 ¦ Chỉ tiêu về dịch vụ công trực tuyến ¦  ¦  ¦ ",
        "2.1 ¦ Tỉ lệ sử dụng dịch vụ công trực tuyến ¦ % ¦ ≥ 80 ¦ Bộ A",
        "2.2 ¦ Tỉ lệ thanh toán trực tuyến ¦ % ¦ 80 ¦ Bộ A",
        "3 ¦ Tỉ lệ giao dịch không dùng tiền mặt ¦ % ¦ ≥ 80 ¦ Bộ B",
    )
    tgts, _ = _table_records(text)
    assert [(t["measures"] and t["measures"][0]["value"], t["section"]) for t in tgts] == [
        ([], "I Đến năm 2030"),
        (80, "I Đến năm 2030, 2 Chỉ tiêu về dịch vụ công trực tuyến"),
        (80, "I Đến năm 2030, 2 Chỉ tiêu về dịch vụ công trực tuyến"),
        (80, "I Đến năm 2030"),
    ]


def test_an_index_named_in_the_unit_cell_is_the_subject():
    text = _table(
        "1 ¦ Khoa học góp phần phát triển con người Việt Nam ¦ Chỉ số phát triển con người (HDI) ¦ > 0,7 ¦ Bộ A",
    )
    ((t,), _) = _table_records(text, horizon=2030)
    assert [(m["subject"], m["comparator"], m["value"], m["unit"]) for m in t["measures"]] == [
        ("Chỉ số phát triển con người (HDI)", ">", 0.7, "index")
    ]


def test_the_year_comes_from_the_column_header_else_the_heading_else_the_horizon():
    in_header = _table(
        "1 ¦ Tỷ lệ hồ sơ xử lý trực tuyến ¦ % ¦ 90",
        header="| STT | Nội dung | ĐVT | Chỉ tiêu năm 2026 |\n|---|---|---|---|\n",
    )
    assert _measures(in_header) == [(">=", 90, "%", 2026, None)]
    under_heading = "PHỤ LỤC\n\nCÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ ĐẾN NĂM 2027\n\n" + _table(
        "1 ¦ Tỷ lệ hồ sơ xử lý trực tuyến ¦ % ¦ 90",
        header="| STT | Tên chỉ tiêu | Đơn vị tính | Mục tiêu |\n|---|---|---|---|\n",
    )
    assert _measures(under_heading) == [(">=", 90, "%", 2027, None)]
    bare = _table(
        "1 ¦ Tỷ lệ hồ sơ xử lý trực tuyến ¦ % ¦ 90", header=HEADER.replace("Kết quả", "Mục tiêu")
    )
    ((t,), _) = _table_records(bare, horizon=2030)
    assert t["measures"][0]["year"] == 2030


# ---------------------------------------------------------------- tables that set no target


def test_a_task_table_gives_no_target():
    text = _table(
        "1 ¦ Xây dựng kho dữ liệu dùng chung ¦ Sở Thông tin và Truyền thông ¦ 2025 ¦ 100% dữ liệu",
        header="| TT | Nội dung | Đơn vị chủ trì | Thời gian | Kết quả |\n|---|---|---|---|---|\n",
    )
    assert _table_records(text) == ([], [])


def test_a_unit_column_of_agencies_is_no_unit_column():
    text = _table(
        "1 ¦ Xây dựng kho dữ liệu dùng chung ¦ Sở Thông tin và Truyền thông ¦ 100% dữ liệu",
        "2 ¦ Số hóa hồ sơ ¦ Sở Nội vụ ¦ 80% hồ sơ",
        header="| TT | Nội dung | Đơn vị | Kết quả |\n|---|---|---|---|\n",
    )
    assert _table_records(text) == ([], [])


def test_a_table_of_amounts_gives_no_target():
    amounts = _table(
        "1 ¦ Nâng cấp trung tâm dữ liệu ¦ Hệ thống ¦ 500",
        header="| TT | Nội dung | ĐVT | Kinh phí (triệu đồng) |\n|---|---|---|---|\n",
    )
    assert _table_records(amounts) == ([], [])
    budget_rows = _table(
        "1 ¦ Kinh phí thực hiện ¦ Triệu đồng ¦ 500",
        "2 ¦ Vốn ngân sách tỉnh ¦ Tỷ đồng ¦ 12",
        header="| TT | Chỉ tiêu | ĐVT | Kế hoạch |\n|---|---|---|---|\n",
    )
    assert _table_records(budget_rows) == ([], [])


def test_a_column_of_results_gives_observations_not_targets():
    text = _table(
        "1 ¦ Tỷ lệ hồ sơ xử lý trực tuyến ¦ % ¦ 65,5",
        header="| TT | Chỉ tiêu | ĐVT | Kết quả thực hiện năm 2023 |\n|---|---|---|---|\n",
    )
    tgts, obs = _table_records(text)
    assert tgts == []
    assert [(o["value"], o["unit"], o["year"]) for o in obs] == [(65.5, "%", 2023)]


def test_with_no_unit_column_the_cell_gives_the_unit_but_only_beside_a_column_of_levels():
    levels = _table(
        "1 ¦ Tỷ lệ hồ sơ xử lý trực tuyến ¦ Tối thiểu 80% ¦ Sở A",
        "2 ¦ Số doanh nghiệp công nghệ số ¦ 05 doanh nghiệp ¦ Sở B",
        header="| TT | Chỉ tiêu | Mục tiêu đến năm 2027 | Cơ quan theo dõi |\n|---|---|---|---|\n",
    )
    assert _measures(levels) == [(">=", 80, "%", 2027, None), (">=", 5, "doanh nghiệp", 2027, None)]
    results = _table(
        "1 ¦ Tỷ lệ hồ sơ xử lý trực tuyến ¦ 80% ¦ Đạt",
        header="| TT | Chỉ tiêu | Kết quả | Ghi chú |\n|---|---|---|---|\n",
    )
    assert _table_records(results, horizon=2030) == ([], [])


def test_a_year_column_cell_may_write_its_comparator():
    text = _table(
        "1 ¦ Tỷ lệ hồ sơ xử lý trực tuyến ¦ % ¦ 70 ¦ ≥ 80 ¦ Trên 90%",
        "2 ¦ Xếp hạng chỉ số chuyển đổi số ¦ Thứ hạng ¦ 20 ¦ 15 ¦ ≤ 10",
        header="| TT | Chỉ tiêu | ĐVT | Năm 2024 | Năm 2026 | Năm 2027 |\n|---|---|---|---|---|---|\n",
    )
    tgts, obs = _table_records(text, issue=2025)
    assert [
        (m["comparator"], m["value"], m["unit"], m["year"]) for t in tgts for m in t["measures"]
    ] == [
        (">=", 80, "%", 2026),
        (">", 90, "%", 2027),
        ("top", 15, "rank", 2026),
        ("top", 10, "rank", 2027),
    ]
    assert [(o["value"], o["year"]) for o in obs] == [(70, 2024), (20, 2024)]


def test_the_agency_column_of_an_indicator_table_is_no_failed_task_table():
    text = _table(
        "**I** ¦ **Đến năm 2030** ¦  ¦  ¦ ",
        "1 ¦ Tỉ lệ giao dịch không dùng tiền mặt ¦ % ¦ ≥ 80 ¦ Ngân hàng Nhà nước",
        "2 ¦ Tỉ lệ nhiệm vụ thực hiện trên môi trường điện tử ¦ % ¦ 100 ¦ Văn phòng Chính phủ",
    )
    r = extract_text(PLAN + text)
    codes = {w["code"]: w["message"] for w in r["warnings"]}
    assert "no-targets" not in codes
    assert "cơ quan thực hiện" not in codes.get("no-tasks", "")


def test_rows_with_no_year_of_their_own_take_the_plan_horizon():
    head = (
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\n\nSố: 12/KH-UBND\n\nHà Giang, ngày 3 tháng 4 năm 2025\n\n"
        "KẾ HOẠCH\nChuyển đổi số giai đoạn 2025 - 2028\n\n"
    )
    table = _table(
        "1 ¦ Tỷ lệ hồ sơ xử lý trực tuyến ¦ % ¦ 90 ¦ Sở A",
        header=HEADER.replace("Kết quả", "Mục tiêu"),
    )
    r = extract_text(head + table)
    assert r["document"]["horizon_year"] == 2028
    assert [m["year"] for t in r["targets"] for m in t["measures"]] == [2028]


def test_a_change_written_in_the_cell_is_a_change():
    assert [r.comparator for c in ("Tăng 10%", "Giảm tối thiểu 20%") for r in cell_readings(c)] == [
        "increase",
        "decrease",
    ]


def test_a_bare_result_column_under_a_heading_on_results_gives_observations():
    text = "**I. KẾT QUẢ ĐẠT ĐƯỢC NĂM 2024**\n\n" + _table(
        "1 ¦ Tỷ lệ hồ sơ xử lý trực tuyến ¦ % ¦ 85 ¦ Sở A",
    )
    tgts, obs = _table_records(text, issue=2025, horizon=2024)
    assert tgts == []
    assert [(o["value"], o["unit"]) for o in obs] == [(85, "%")]
    plan = "**II. MỤC TIÊU**\n\n" + _table("1 ¦ Tỷ lệ hồ sơ xử lý trực tuyến ¦ % ¦ 95 ¦ Sở A")
    tgts, obs = _table_records(plan, issue=2025, horizon=2026)
    assert [m["value"] for t in tgts for m in t["measures"]] == [95] and obs == []


def test_a_number_in_a_name_is_no_figure():
    assert [
        r.value
        for c in ("Phủ sóng 5G 100%", "Đạt chuẩn mức độ 4", "Top 10")
        for r in cell_readings(c)
    ] == [
        100,
        10,
    ]


# ---------------------------------------------------------------- names and goal texts of rows

EXPORT_HEADER = (
    "| TT | Sản phẩm | Kế hoạch 2026 | | Kế hoạch 2027 | |\n|---|---|---|---|---|---|\n"
    "| | | Lượng (Tấn) | Giá trị tham gia xuất khẩu (Nghìn USD) | Lượng (Tấn) "
    "| Giá trị tham gia xuất khẩu (Nghìn USD) |\n"
)


def test_a_row_under_sub_headers_is_named_by_their_quantity_and_a_total_row_is_their_total():
    text = (
        EXPORT_HEADER
        + "| | Tổng I + II | | 240.000 | | 270.000 |\n"
        + "| 1 | Xoài | 13.500 | 7.000 | 14.800 | 7.800 |\n"
    )
    tgts, _ = _table_records(text, issue=2025)
    assert sorted({(m["subject"], m["unit"]) for t in tgts for m in t["measures"]}) == [
        ("Giá trị tham gia xuất khẩu xoài", "USD"),
        # a bare quantity takes what its sibling header adds
        ("Lượng xoài tham gia xuất khẩu", "tấn"),
        ("Tổng giá trị tham gia xuất khẩu", "USD"),
    ]


def test_a_row_of_a_table_by_year_reads_as_a_sentence_with_its_figures():
    text = _table(
        "1 ¦ Xoài ¦ 13.500 ¦ 7.000 ¦ 14.800 ¦ 7.800",
        header=EXPORT_HEADER,
    )
    (t,) = _table_records(text, issue=2025)[0]
    assert (
        t["text"] == "Xoài: 13.500 Tấn, 7.000 Nghìn USD (2026); 14.800 Tấn, 7.800 Nghìn USD (2027)"
    )


def test_a_bare_quantity_under_a_group_row_names_the_group_once():
    text = _table(
        "1 ¦ Cà phê ¦ ¦ ¦ ¦",
        "- ¦ Diện tích ¦ Ha ¦ 26.120 ¦ 27.000 ¦ 27.500",
        "- ¦ Sản lượng cà phê nhân ¦ Tấn ¦ 37.724 ¦ 39.800 ¦ 40.602",
        "2 ¦ Sắn ¦ ¦ ¦ ¦",
        "- ¦ Sản lượng ¦ Tấn ¦ 526.420 ¦ 540.640 ¦ 551.880",
        header="| TT | Chỉ tiêu | ĐVT | ƯTH Năm 2025 | Năm 2026 | Năm 2027 |\n|---|---|---|---|---|---|\n",
    )
    tgts, obs = _table_records(text, issue=2025)
    assert [t["measures"][0]["subject"] for t in tgts] == [
        "Diện tích cà phê",
        "Sản lượng cà phê nhân",
        "Sản lượng sắn",
    ]
    assert (
        tgts[0]["text"]
        == "Cà phê – Diện tích (Ha): 26.120 (ƯTH năm 2025); 27.000 (2026); 27.500 (2027)"
    )
    assert obs[0]["subject"] == "Diện tích cà phê"


def test_a_row_of_one_column_of_levels_is_named_by_what_its_unit_says():
    text = _table(
        "1 ¦ Quy mô kinh tế số ¦ % GDP ¦ ≥ 30 ¦ Bộ A",
        "2 ¦ Chi ngân sách cho khoa học, công nghệ ¦ % tổng chi NSNN ¦ ≥ 3 ¦ Bộ A",
        "3 ¦ Phủ sóng 5G cho người dân ¦ % dân số ¦ 99 ¦ Bộ A",
        "4 ¦ Tổ chức khoa học và công nghệ được xếp hạng ¦ Tổ chức ¦ 40 - 50 ¦ Bộ A",
        header=HEADER.replace("Kết quả", "Mục tiêu"),
    )
    tgts, _ = _table_records(text, horizon=2030)
    assert [t["measures"][0]["subject"] for t in tgts] == [
        "Quy mô kinh tế số",  # a quantity the row names stands
        "Tỷ trọng chi ngân sách cho khoa học, công nghệ trong tổng chi NSNN",
        "Tỷ lệ phủ sóng 5G cho người dân",
        "Số tổ chức khoa học và công nghệ được xếp hạng",
    ]
    assert tgts[0]["text"] == "Quy mô kinh tế số (% GDP): ≥ 30 (năm 2030)"
