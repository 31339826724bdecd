"""Rules of the importer's third round (session 6): what the words of a level, a year and an amount
mean, each as plans of any province write it, with the counter-case that must not change."""

from dxtrack.docimport import extract_text
from dxtrack.docimport.measures import scan

from .snippets import PLAN
from .snippets import measures_of as _measures

GOALS = "**II. MỤC TIÊU ĐẾN NĂM 2025**\n\n"


def _comparators(*bullets: str) -> list[str]:
    return [c for c, *_ in _measures(GOALS + "".join(f"- {b}\n" for b in bullets))]


def test_a_level_set_for_an_indicator_where_higher_is_worse_is_a_ceiling():
    assert _comparators(
        "Tỷ số giới tính khi sinh ở mức 107 trẻ sơ sinh trai/100 trẻ sơ sinh gái vào năm 2025.",
        "Tỷ lệ hộ nghèo đa chiều 1,5%.",
        "Duy trì tỉ lệ thất nghiệp khu vực thành thị ở mức 3%.",
    ) == ["<=", "<=", "<="]


def test_a_verb_that_holds_a_quantity_down_makes_its_level_a_ceiling():
    assert _comparators("Kiềm chế lạm phát ở mức 4%.", "Khống chế số ca mắc mới ở mức 200 ca.") == [
        "<=",
        "<=",
    ]


def test_a_level_of_anything_else_stays_a_floor():
    # the indicator word must name the measure before the number, not stand anywhere in the clause
    assert _comparators(
        "Tốc độ tăng trưởng kinh tế duy trì ở mức 7%.",
        "50% người gây bạo lực gia đình được phát hiện và xử lý.",
        "Tỷ lệ hộ nghèo giảm xuống dưới 2%.",
    ) == [">=", ">=", "<"]


def test_a_level_to_reach_after_down_or_up_takes_the_bound_written_after_it():
    assert _comparators(
        "Tỷ lệ lao động nông nghiệp giảm xuống dưới 20%.",
        "Tỷ lệ sử dụng dịch vụ công trực tuyến tăng lên trên 80%.",
        "Số vụ vi phạm giảm còn khoảng 50 vụ.",
        "Tỷ lệ lao động nông nghiệp giảm 5%.",
    ) == ["<", ">", "<=", "decrease"]


def _observations(text: str) -> list[tuple]:
    r = extract_text(PLAN + text)
    return [(o["value"], o["unit"], o["year"]) for o in r["observations"]]


STATUS = "**I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN**\n\n"


def test_a_year_dates_the_next_sentence_that_goes_on_reporting():
    text = (
        "Trong năm 2022, tỉnh tiếp tục xếp hạng 8/63 tỉnh, thành phố về chỉ số chuyển đổi số. "
        "Về các thành phần chính: Chính quyền số: xếp thứ 7/63; Kinh tế số: xếp thứ 15/63.\n"
    )
    assert [y for *_, y in _observations(STATUS + text)] == [2022, 2022, 2022]


def test_a_year_does_not_pass_a_sentence_that_dates_nothing():
    text = (
        "Đến tháng 9 năm 2025, tỉnh đã hoàn thành 15/15 chỉ tiêu của Nghị quyết. Các chỉ số của "
        "tỉnh thường xuyên nằm trong nhóm 10 tỉnh, thành phố dẫn đầu cả nước. Bên cạnh đó, tỉnh "
        "thí điểm Đề án của Chính phủ với việc thực hiện 21 mô hình chuyển đổi số.\n"
    )
    assert [(v, y) for v, _, y in _observations(STATUS + text)] == [(15, 2025), (21, None)]


def test_a_minimum_after_a_measure_noun_is_the_size_of_what_a_result_obtained():
    text = (
        "Tháng 6/2025, tỉnh thu hút đầu tư Trung tâm dữ liệu với công suất tối thiểu 20 MW. "
        "Các xã đã bố trí ít nhất 02 cán bộ chuyên trách; tỷ lệ hồ sơ phải đạt 80%.\n"
    )
    assert _observations(STATUS + text) == [(20, "MW", 2025)]


def test_a_year_a_figure_is_for_dates_it_over_the_year_of_the_figure_before():
    text = (
        "Nguồn lực tài chính được tăng cường, bổ sung 25.000 tỷ đồng từ nguồn tăng thu năm 2025 "
        "và bảo đảm mức tối thiểu 3% tổng chi ngân sách nhà nước cho các nhiệm vụ về KHCN, ĐMST "
        "và CĐS trong năm 2026.\n"
    )
    assert _observations(STATUS + text) == [(25_000_000_000_000, "đồng", 2025), (3, "%", 2026)]


def test_a_year_past_a_clause_break_does_not_date_the_figure_before_it():
    text = (
        "Năm 2024, tỷ lệ hồ sơ trực tuyến đạt 50%, trong năm 2026 tiếp tục nâng cao chất lượng.\n"
    )
    assert _observations(STATUS + text) == [(50, "%", 2024)]


def test_a_money_magnitude_typed_without_accents_is_still_an_amount_in_dong():
    assert [
        (h.value, h.unit) for h in scan("tổng số là 178,6 tỷ đồng (Bộ KH&CN 78,6 ty, ĐHQG 100 tỷ)")
    ] == [
        (178_600_000_000, "đồng"),
        (78_600_000_000, "đồng"),
        (100_000_000_000, "đồng"),
    ]
    assert [(h.value, h.unit) for h in scan("hỗ trợ 500 trieu dong cho mỗi xã")] == [
        (500_000_000, "đồng")
    ]
    # folded "ngan", "ti" are other words too: without a currency word no amount is read
    assert [(h.value, h.unit) for h in scan("có 5 ngân hàng.")] == [(5, "ngân hàng")]


def _target_texts(text: str) -> list[str]:
    return [t["text"] for t in extract_text(PLAN + text)["targets"]]


def test_a_short_bullet_cut_by_the_wrap_before_an_acronym_goes_on():
    # hard-wrapped text: a dozen lines, most running on into the next
    lines = "\n".join(
        f"- Quan trắc môi trường vùng nuôi số {k} của tỉnh và cảnh báo sớm các\nsự cố cho người nuôi."
        for k in range(6)
    )
    text = (
        "**I. MỤC TIÊU**\n\n" + lines + "\n- Cảnh báo các sự cố về môi trường\n"
        "NTTS và hướng dẫn biện pháp xử lý cho người nuôi.\n"
    )
    assert _target_texts(text)[-1] == (
        "Cảnh báo các sự cố về môi trường NTTS và hướng dẫn biện pháp xử lý cho người nuôi."
    )


def test_a_numbered_item_labelled_as_a_section_is_classed_by_its_label():
    text = (
        "**I. MỤC TIÊU**\n\n**1. Mục tiêu cụ thể**\n\n- Tỷ lệ xã có hệ thống quan trắc đạt 80%.\n\n"
        "**2. Thời gian thực hiện: **Từ năm 2026 - 2030.\n"
    )
    assert _target_texts(text) == ["Tỷ lệ xã có hệ thống quan trắc đạt 80%."]


def test_a_rate_keeps_its_noun_and_its_whole_denominator():
    def units(clause: str) -> list[str]:
        return [h.unit for h in scan(clause)]

    assert units("giảm xuống 18 ca sinh/1.000 phụ nữ vào năm 2025") == ["ca sinh/1.000 phụ nữ"]
    assert units("ở mức 107 trẻ sơ sinh trai/100 trẻ sơ sinh gái sinh ra sống") == [
        "trẻ sơ sinh trai/100 trẻ sơ sinh gái"
    ]
    assert units("đạt 30 giường bệnh/10.000 dân") == ["giường bệnh/10.000 dân"]
    assert units("đạt 4 lượt/người/năm") == ["lượt/người/năm"]
    # a choice of two nouns is no rate: its second noun is not read on and on
    assert units("có 20 doanh nghiệp/hợp tác xã tham gia") == ["doanh nghiệp/hợp tác"]


def test_an_age_that_says_who_is_counted_is_no_quantity_an_age_reached_is():
    def found(clause: str) -> list[tuple]:
        return [(h.value, h.unit) for h in scan(clause)]

    assert found("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi dưới 15%.") == [(15, "%")]
    assert found("Tỷ lệ phụ nữ trong độ tuổi 15 - 49 được tư vấn đạt 80%.") == [(80, "%")]
    assert found("Tỷ lệ người từ 60 tuổi trở lên có thẻ bảo hiểm y tế đạt 95%.") == [(95, "%")]
    assert found("Tuổi thọ trung bình đạt 75 tuổi.") == [(75, "tuổi")]


def test_a_rate_per_thousand_is_a_unit():
    # a death rate is an indicator where higher is worse: its level is a ceiling
    assert _measures(GOALS + "- Tỷ lệ tử vong trẻ em dưới 1 tuổi còn 8‰.\n") == [
        ("<=", 8, "‰", 2025)
    ]


def test_a_change_from_one_level_to_another_reports_both_each_in_its_own_year():
    text = "Tỷ lệ hộ nghèo giảm từ 5,2% năm 2023 xuống còn 3,8% năm 2024.\n"
    assert _observations(STATUS + text) == [(5.2, "%", 2023), (3.8, "%", 2024)]
    # "từ … trở lên" is still a floor, no result
    assert _observations(STATUS + "Các xã phải đạt từ 80% trở lên.\n") == []


def test_a_year_right_after_a_goal_figure_is_that_figures_alone():
    text = GOALS + "- Tỷ lệ người dân có tài khoản thanh toán đạt 85% (năm 2026), 90% (năm 2028).\n"
    assert [(v, y) for _, v, _, y in _measures(text)] == [(85, 2026), (90, 2028)]


def test_a_year_in_brackets_that_leads_a_figure_of_its_own_is_that_figures():
    text = STATUS + "Năm 2025, tỷ lệ hồ sơ trực tuyến đạt 50% (năm 2024 đạt 30%).\n"
    assert _observations(text) == [(50, "%", 2025), (30, "%", 2024)]


# --- engineer A2: lines across a page break, rates per people, counted nouns, scope, header hooks


def test_a_goal_sentence_after_a_page_break_is_on_the_line_where_it_starts():
    text = (
        GOALS + "- Tiềm lực khoa học đạt mức tiên tiến; trình độ công nghệ của doanh   \n"
        "   \n\n\n"
        "nghiệp đạt mức khá. Việt Nam thuộc nhóm 3 nước dẫn đầu Đông Nam Á. Tối thiểu có 5 doanh "
        "nghiệp công nghệ số ngang tầm.\n"
    )
    r = extract_text(PLAN + text)
    lines = {m["value"]: t["line"] for t in r["targets"] for m in t["measures"]}
    bullet = PLAN.count("\n") + GOALS.count("\n") + 1
    assert lines == {3: bullet + 4, 5: bullet + 4}
    # the bullet's first sentences stay a statement on its own line
    assert any(t["line"] == bullet and not t["measures"] for t in r["targets"])


def test_a_hard_wrapped_bullet_keeps_its_figures_on_its_first_line():
    text = (
        GOALS + "- Tiềm lực khoa học đạt mức tiên tiến, trình độ\ncông nghệ cao. Tỷ lệ đạt 80%.\n"
    )
    r = extract_text(PLAN + text)
    assert [t["line"] for t in r["targets"] if t["measures"]] == [PLAN.count("\n") + 3]


def test_a_rate_per_a_round_number_of_people_is_its_unit():
    units = [
        (h.value, h.unit)
        for text in (
            "Nhân lực nghiên cứu đạt 12 người trên một vạn dân",
            "đạt 15 bác sĩ trên 1.000 dân",
            "Tỷ lệ mắc lao dưới 100 người/100.000 dân",
            "Tỷ số tử vong mẹ dưới 4/100.000 trẻ sinh ra còn sống vào năm 2025",
        )
        for h in scan(text)
    ]
    assert units == [
        (12, "người/vạn dân"),
        (15, "bác sĩ/1.000 dân"),
        (100, "người/100.000 dân"),
        (4, "ca/100.000 trẻ sinh ra còn sống"),
    ]
    # a part of a whole is no rate; "trên" without a round size is a place ("trên địa bàn")
    assert [(h.value, h.of, h.unit) for h in scan("đạt 80/100 xã")] == [(80, 100, "xã")]
    assert [(h.value, h.unit) for h in scan("có 5 doanh nghiệp trên địa bàn")] == [
        (5, "doanh nghiệp")
    ]


def test_a_counted_noun_ends_where_its_noun_phrase_ends():
    def unit(text: str) -> str:
        return scan(text)[0].unit

    assert unit("Tối thiểu có 5 doanh nghiệp công nghệ số ngang tầm") == "doanh nghiệp"
    assert unit("có 40 tổ chức khoa học và công nghệ được xếp hạng") == "tổ chức"
    assert unit("hoàn thành 12 công trình xây dựng trọng điểm") == "công trình"
    assert (
        unit("thu hút ít nhất 3 tổ chức, doanh nghiệp công nghệ hàng đầu")
        == "tổ chức, doanh nghiệp"
    )
    assert unit("phát hiện 30 cảnh báo an toàn thông tin") == "cảnh báo"
    assert unit("có 20 địa phương hoàn thành") == "địa phương"
    assert unit("có 15 cơ sở y tế đạt chuẩn") == "cơ sở y tế"
    # an unknown noun: a two-syllable word, never cut inside the next one
    assert unit("xây dựng 4 kho lạnh nông sản") == "kho lạnh nông sản"[: len("kho lạnh nông")]
    assert unit("có 6 hiệp hội ngành hàng chủ lực") == "hiệp hội"
    # a list marker closes the phrase
    assert unit("có 12 công trình, Thành phố Thái Nguyên") == "công trình"


def test_a_top_n_among_a_region_has_that_region_as_scope():
    def scopes(text: str) -> list:
        r = extract_text(PLAN + GOALS + f"- {text}\n")
        return [m["scope"] for t in r["targets"] for m in t["measures"]]

    assert scopes(
        "Việt Nam thuộc nhóm 3 nước dẫn đầu Đông Nam Á, nhóm 50 nước đứng đầu thế giới về năng "
        "lực cạnh tranh số."
    ) == ["Đông Nam Á", "thế giới"]
    assert scopes("Thuộc nhóm 3 nước dẫn đầu khu vực Đông Nam Á về trí tuệ nhân tạo.") == [
        "Đông Nam Á"
    ]
    # a province ranked in the country: the country is no scope
    assert scopes("Tỉnh thuộc nhóm 10 tỉnh, thành phố dẫn đầu cả nước về an toàn mạng.") == [None]


def test_a_level_is_a_scope_only_where_the_figure_holds():
    def scopes(text: str) -> list:
        r = extract_text(PLAN + GOALS + f"- {text}\n")
        return [m["scope"] for t in r["targets"] for m in t["measures"]]

    assert scopes(
        "Trên 60% tổng số hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng."
    ) == ["cấp xã"]
    # "trợ cấp xã hội" is a social allowance; a level that names the counted thing is no scope
    assert scopes("100% số người hưởng trợ cấp xã hội được chi trả qua tài khoản.") == [None]
    assert scopes("Phủ cáp quang 100% đơn vị hành chính cấp xã.") == [None]


def test_an_attached_document_of_another_number_is_flagged_a_blank_or_cited_one_is_not():
    def mismatches(body: str) -> list[int]:
        r = extract_text(
            "QUYẾT ĐỊNH\n\nSố: 987/QĐ-UBND\n\nNghệ An, ngày 20 tháng 11 năm 2025\n\n" + body
        )
        return [w["line"] for w in r["warnings"] if w.get("code") == "doc-number-mismatch"]

    assert (
        mismatches(
            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Quyết định số 06/QĐ-TTg.\n"
        )
        == []
    )
    assert mismatches("(Kèm theo Nghị quyết số      /NQ-CP ngày 10/01/2025)\n") == []
    assert mismatches("(Kèm theo Quyết định số 123/QĐ-UBND ngày 20/11/2025)\n") != []


def test_a_plan_with_no_horizon_in_its_head_takes_the_last_year_of_its_tasks():
    from dxtrack.docimport.extract import _extract_logical

    doc = _extract_logical(
        "KẾ HOẠCH\n\nSố: 987/KH-UBND\n\nNghệ An, ngày 20 tháng 11 năm 2025\n\n"
        "**III. NHIỆM VỤ**\n\n"
        "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n"
        "| 1 | Xây dựng nền tảng dữ liệu | Sở Khoa học và Công nghệ | 2026-2030 |\n"
    )
    assert doc["document"]["horizon_year"] == 2030


# ---------------------------------------------------------------- engineer A3 (session 6)


def test_a_clause_that_starts_with_its_value_shares_the_verb_of_the_clause_before():
    r = extract_text(
        PLAN + GOALS + "- Mạng 5G với tốc độ tối thiểu 100 Mbps, phủ sóng tại 100% trường đại học"
        " và bệnh viện (năm 2024); 100% khu dân cư (năm 2025).\n"
    )
    subjects = [m["subject"] for t in r["targets"] for m in t["measures"]]
    assert "Tỷ lệ khu dân cư được phủ sóng mạng 5G" in subjects


def test_a_document_of_a_central_body_has_no_province():
    from dxtrack.docimport.extract import _extract_logical

    def province(head: str) -> str | None:
        return _extract_logical(head + "\n\n**I. MỤC TIÊU**\n\n- Phủ sóng 99% dân số.\n")[
            "document"
        ]["province"]

    # the Prime Minister's decision about a province's plan is still no document of that province
    assert (
        province(
            "THỦ TƯỚNG CHÍNH PHỦ\n\nSố: 12/QĐ-TTg\n\nHà Nội, ngày 20 tháng 11 năm 2025\n\n"
            "QUYẾT ĐỊNH\n\nPhê duyệt Quy hoạch tỉnh Lào Cai thời kỳ 2021-2030"
        )
        is None
    )
    assert (
        province(
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\n\nSố: 12/KH-UBND\n\nHà Nội, ngày 20 tháng 11 năm 2025"
        )
        == "Hà Nội"
    )


REPORT = "BÁO CÁO\n\nSố: 12/BC-UBND\n\nNghệ An, ngày 20 tháng 5 năm 2025\n\n"


def test_a_markdown_heading_numbered_with_a_roman_and_a_hyphen_opens_its_section():
    body = "- 99,3% thôn bản có kết nối băng rộng di động.\n"
    for heading in (
        "#### II- KẾT QUẢ THỰC HIỆN",
        "II- KẾT QUẢ THỰC HIỆN",
        "#### II. KẾT QUẢ THỰC HIỆN",
    ):
        r = extract_text(REPORT + heading + "\n\n" + body)
        assert [o["value"] for o in r["observations"]] == [99.3], heading


def test_a_heading_after_the_recipients_list_starts_the_next_document_of_the_file():
    r = extract_text(
        REPORT + "Kính gửi các đồng chí.\n\n**Nơi nhận:**\n- Như trên;\n- Lưu: VT.\n\n"
        "#### I- KẾT QUẢ THỰC HIỆN\n\n- 99,3% thôn bản có kết nối băng rộng di động.\n"
    )
    assert [o["value"] for o in r["observations"]] == [99.3]


def test_a_clause_that_names_itself_a_goal_is_a_target_inside_a_results_section():
    r = extract_text(
        REPORT + "**I. KẾT QUẢ THỰC HIỆN**\n\n"
        "- Đã xây dựng kế hoạch triển khai mạng 5G với mục tiêu phủ sóng 99% dân số vào năm 2030.\n"
        "- Tỷ lệ hồ sơ trực tuyến toàn trình đạt 40%. Rất xa mục tiêu 80% năm 2025.\n"
    )
    got = [
        (m["comparator"], m["value"], m["unit"], m["year"])
        for t in r["targets"]
        for m in t["measures"]
    ]
    assert got == [(">=", 99, "%", 2030), (">=", 80, "%", 2025)]
    assert [o["value"] for o in r["observations"]] == [40]
    assert not [w for w in r["warnings"] if w["code"] == "no-targets"]
    # a goal figure with no words of its own is the goal of the rate reported just before
    assert r["targets"][-1]["measures"][0]["subject"] == "Tỷ lệ hồ sơ trực tuyến toàn trình"


def test_a_goal_a_result_says_was_reached_is_no_target():
    r = extract_text(
        REPORT + "**I. KẾT QUẢ THỰC HIỆN**\n\n"
        "- Năm 2024 tỉnh đã đạt được mục tiêu đề ra theo Chương trình cải cách hành chính giai đoạn "
        "2021-2025 (mức độ hài lòng đạt từ 90% trở lên).\n"
    )
    assert r["targets"] == []


def _report_observations(*bullets: str) -> list[tuple]:
    r = extract_text(
        "CÔNG VĂN\n\nSố: 12/UBND-KGVX\n\nNghệ An, ngày 20 tháng 11 năm 2025\n\n"
        "**I. KẾT QUẢ THỰC HIỆN**\n\n" + "".join(f"- {b}\n" for b in bullets)
    )
    return [(o["value"], o["unit"], o["year"]) for o in r["observations"]]


def test_a_quarter_or_a_day_counted_up_to_dates_a_result():
    assert _report_observations(
        "Quý I/2025: sản lượng 950 nghìn sản phẩm.",
        "Tính đến hết 24/5/2025, có 16 bộ, ngành gửi văn bản.",
        "Có 12 doanh nghiệp cung cấp dịch vụ.",
    ) == [(950_000, "sản phẩm", 2025), (16, "bộ", 2025), (12, "doanh nghiệp", None)]
    # the quarter a result is compared with dates nothing
    assert (
        _report_observations("Sản lượng 950 nghìn sản phẩm (tăng 24% so với Q1/2024).")[0][2]
        is None
    )


def test_the_level_a_result_is_compared_with_is_no_result_of_its_own():
    assert _report_observations(
        "Tỷ lệ thuê bao sử dụng điện thoại thông minh: 90,5% (so với tháng 3 là 89,6%)."
    ) == [(90.5, "%", None)]


def test_sales_before_an_amount_is_no_name_of_a_number():
    assert [
        v for v, *_ in _report_observations("Tổng doanh số 101.400 tỷ đồng (tăng 42,29%).")
    ] == [
        101_400_000_000_000,
        42.29,
    ]


def test_a_number_in_the_name_of_a_programme_is_no_result():
    assert _report_observations(
        "Hiện 35/300 trường có chương trình đào tạo vi mạch, tuy nhiên việc triển khai "
        "Chương trình đào tạo 50.000 kỹ sư bán dẫn mới bắt đầu."
    ) == [(35, "trường", None)]


def test_goals_after_a_sentence_that_opens_with_its_year_take_that_year():
    text = (
        "**II. MỤC TIÊU ĐẾN NĂM 2030**\n\n"
        "Đến năm 2025, kinh tế số đóng góp khoảng 35% tăng trưởng kinh tế. Giá trị sản phẩm công "
        "nghệ cao đạt khoảng 40% tổng giá trị sản xuất công nghiệp; tốc độ đổi mới công nghệ đạt "
        "khoảng 20%/năm. Đến năm 2030, tỷ lệ dân số dùng internet đạt 90%; tốc độ đổi mới công "
        "nghệ đạt 25%/năm.\n"
    )
    assert [y for *_, y in _measures(text)] == [2025, 2025, 2025, 2030, 2030]


def test_a_share_a_duty_secures_as_a_minimum_is_a_target_for_the_horizon():
    text = (
        "**II. MỤC TIÊU ĐẾN NĂM 2030**\n\n- Tỷ lệ dân số dùng internet đạt 90%.\n\n"
        "**III. NHIỆM VỤ VÀ GIẢI PHÁP**\n\n"
        "Tăng đầu tư của Nhà nước cho khoa học và công nghệ bảo đảm tối thiểu 2% tổng chi ngân "
        "sách nhà nước hằng năm.\n\nTăng đầu tư cho khoa học và công nghệ, bảo đảm tiến độ.\n"
    )
    assert _measures(text) == [(">=", 90, "%", 2030), (">=", 2, "%", 2030)]


def test_a_letter_that_carries_a_report_dates_its_results_on_its_own_day():
    def years(title: str) -> list:
        r = extract_text(
            "CÔNG VĂN\n\nSố: 12/UBND-KGVX\n\nNghệ An, ngày 20 tháng 11 năm 2025\n\n"
            + title
            + "\n\n"
            "**I. KẾT QUẢ THỰC HIỆN**\n\n- Có 12 doanh nghiệp cung cấp dịch vụ trung tâm dữ liệu.\n"
        )
        return [o["year"] for o in r["observations"]]

    assert years("## DỰ THẢO BÁO CÁO Kết quả triển khai thực hiện Nghị quyết số 57-NQ/TW") == [2025]
    assert years("V/v góp ý dự thảo kế hoạch") == [None]


def test_a_day_of_a_month_is_no_count_a_score_or_a_counted_share_is():
    assert [
        (h.value, h.of) for h in scan("Thủ tướng Lawrence Wong đến VN 26/3, điện đàm (30/4).")
    ] == []
    assert [
        (h.value, h.unit, h.of) for h in scan("đạt 10/12; có 8/12 CSDL; dung lượng 52 Tbps")
    ] == [
        (10, "", 12),
        (8, "CSDL", 12),
        (52, "Tbps", None),
    ]


def test_a_number_and_a_hyphen_opens_a_heading_as_a_number_and_a_full_stop_does():
    from dxtrack.docimport.normalise import normalise

    text = "**2- Mục tiêu cụ thể**\n**1- **Phát triển mạnh.\n02-KH/BCĐTW của Ban Chỉ đạo"
    assert normalise(text).text.split("\n") == [
        "**2. Mục tiêu cụ thể**",
        "**1. **Phát triển mạnh.",
        "02-KH/BCĐTW của Ban Chỉ đạo",
    ]
    r = extract_text(PLAN + "II- MỤC TIÊU\n\n**2- Mục tiêu cụ thể**\n\n- Tỷ lệ hộ nghèo dưới 2%.\n")
    assert [t["section"] for t in r["targets"]] == ["II.2 Mục tiêu cụ thể"]


def test_a_figure_a_report_expects_is_no_result():
    assert _report_observations(
        "Có 11.591 trạm 5G. 03 doanh nghiệp dự kiến đến hết 2025 số trạm 5G đạt 68.457 trạm, "
        "phủ sóng 90% dân số."
    ) == [(11_591, "trạm", None), (3, "doanh nghiệp", None)]
