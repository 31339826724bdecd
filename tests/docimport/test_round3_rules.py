"""Rules of the importer's third round (session 6): what the words of a level, a year and an amount
mean, each as plans of any province write it, with the counter-case that must not change."""

from dxtrack.docimport import extract_text
from dxtrack.docimport.measures import scan

PLAN = "KẾ HOẠCH\n\nSố: 987/KH-UBND\n\nNghệ An, ngày 20 tháng 11 năm 2025\n\n"
GOALS = "**II. MỤC TIÊU ĐẾN NĂM 2025**\n\n"


def _measures(text: str) -> list[tuple]:
    r = extract_text(PLAN + text)
    return [
        (m["comparator"], m["value"], m["unit"], m["year"])
        for t in r["targets"]
        for m in t["measures"]
    ]


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
