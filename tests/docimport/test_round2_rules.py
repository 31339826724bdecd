"""Rules of the importer's second round on real plans (issue 13): the unannotated plans of the shared
corpus and seeds 002-004. Fixture snippets → records, each written the way plans of any province write
it, with the counter-case that must not change."""

from dxtrack.docimport import extract_text
from dxtrack.docimport.measures import scan

from .snippets import PLAN
from .snippets import measures_of as _measures


def test_a_goal_in_a_period_the_plan_covers_is_a_target_by_the_end_of_that_period():
    text = (
        "**II. NỘI DUNG THỰC HIỆN**\n\n**2. Kế hoạch phát triển giai đoạn 2026 - 2030**\n\n"
        "Trong giai đoạn 2026 - 2030, đảm bảo xây dựng trạm BTS 5G đạt 100% tại các khu "
        "công nghiệp trọng điểm của tỉnh.\n"
    )
    assert _measures(text) == [(">=", 100, "%", 2030)]


def test_a_figure_of_a_period_already_past_is_no_target():
    text = (
        "**II. NỘI DUNG THỰC HIỆN**\n\n**2. Phát triển hạ tầng**\n\n"
        "Trong giai đoạn 2021 - 2025, đảm bảo xây dựng trạm BTS 4G đạt 100% tại các khu "
        "công nghiệp của tỉnh.\n"
    )
    assert _measures(text) == []


def test_a_period_without_a_goal_word_sets_no_target():
    text = (
        "**II. NỘI DUNG THỰC HIỆN**\n\n**2. Phát triển hạ tầng**\n\n"
        "Trong giai đoạn 2026 - 2030, triển khai cung cấp 100% dịch vụ cho các khu công nghiệp.\n"
    )
    assert _measures(text) == []


def test_the_size_of_the_whole_set_a_goal_covers_is_not_a_quantity():
    assert scan("hỗ trợ hiệu quả trên cả 3 trụ cột Chính quyền số, Kinh tế số, Xã hội số") == []
    assert scan("kết nối cả 02 cấp chính quyền") == []
    assert [h.value for h in scan("cả nước có 1.200 công trình xây dựng xanh")] == [1200]


def test_a_goal_bullet_that_names_all_pillars_has_no_measure():
    text = (
        "**II. MỤC TIÊU ĐẾN NĂM 2025**\n\n"
        "- Bước đầu hình thành hệ sinh thái công nghệ AI, hỗ trợ hiệu quả cho chương trình chuyển "
        "đổi số trên cả 3 trụ cột Chính quyền số, Kinh tế số, Xã hội số.\n"
        "- Tỷ lệ xóm được phủ sóng di động băng rộng đạt 100%.\n"
    )
    assert _measures(text) == [(">=", 100, "%", 2025)]


def test_a_model_named_by_its_number_of_layers_is_no_quantity():
    text = (
        "**II. MỤC TIÊU ĐẾN NĂM 2030**\n\n"
        "- 100% hệ thống thông tin quan trọng được bảo đảm an toàn thông tin theo mô hình 4 lớp.\n"
        "- Xây dựng 05 mô hình chuyển đổi số cấp xã.\n"
    )
    assert [(c, v) for c, v, _u, _y in _measures(text)] == [(">=", 100), ("=", 5)]


def test_a_count_the_plan_strives_for_is_a_floor_even_with_the_strive_word_mistyped():
    text = (
        "**II. MỤC TIÊU ĐẾN NĂM 2030**\n\n"
        "- Phấn đấu có 70 doanh nghiệp khoa học và công nghệ.\n"
        "- Phân đầu có 150 doanh nghiệp khởi nghiệp sáng tạo.\n"
    )
    assert [(c, v) for c, v, _u, _y in _measures(text)] == [(">=", 70), (">=", 150)]


def test_a_bare_count_to_reach_is_a_floor_a_count_of_a_named_set_or_to_add_or_build_is_exact():
    text = (
        "**II. MỤC TIÊU ĐẾN NĂM 2030**\n\n"
        "- Số doanh nghiệp đạt tiêu chí doanh nghiệp KH&CN là 70 doanh nghiệp; 45 công trình khoa "
        "học và công nghệ cấp tỉnh được nghiệm thu mỗi năm.\n"
        "- Hoàn thành thí điểm, thử nghiệm 01 sàn giao dịch dữ liệu.\n"
        "- Tập trung đầu tư xây dựng 3 đô thị thông minh, gồm: Thành phố Thái Nguyên, thành phố Sông Công và "
        "thành phố Phổ Yên.\n"
        "- Các bộ sửa đổi, bổ sung 322 văn bản quy phạm pháp luật theo phương án đã được phê duyệt.\n"
        "- Phát triển thêm 150 doanh nghiệp công nghệ số.\n"
        "- Xây dựng 2 khu công nghệ thông tin tập trung.\n"
    )
    assert [(c, v) for c, v, _u, _y in _measures(text)] == [
        (">=", 70),
        (">=", 45),
        (">=", 1),
        ("=", 3),
        ("=", 322),
        ("=", 150),
        ("=", 2),
    ]


def test_a_long_period_that_qualifies_what_is_counted_is_no_deadline():
    text = (
        "**II. PHÁT TRIỂN DỮ LIỆU, TẦM NHÌN ĐẾN NĂM 2030**\n\n"
        "- Phấn đấu 80% các chỉ tiêu thống kê quốc gia trong giai đoạn 2010 - 2025 được cung cấp "
        "dưới dạng dữ liệu số.\n"
        "- Tăng trưởng bình quân giai đoạn 2026 - 2028 đạt 10%.\n"
    )
    assert [(v, y) for _c, v, _u, y in _measures(text)] == [(80, 2030), (10, 2028)]


def test_a_value_inside_the_name_of_a_rate_is_not_a_threshold_of_its_own():
    text = (
        "**II. MỤC TIÊU ĐẾN NĂM 2030**\n\n"
        "- Tỷ lệ người sử dụng có khả năng truy cập băng rộng cố định với tốc độ trên 01 Gbps đạt "
        "100%; tốc độ tải xuống trung bình tối thiểu 100 Mbps.\n"
    )
    assert _measures(text) == [(">=", 100, "%", 2030), (">=", 100, "Mbps", 2030)]


def test_a_capitalised_noun_after_a_minimum_is_counted():
    assert [(h.value, h.kind) for h in scan("cấp mới ít nhất 10 Giấy chứng nhận đăng ký")] == [
        (10, "count")
    ]
    assert scan("đạt 15 Bộ trưởng") == []


def test_the_kinds_of_school_listed_after_cac_truong_are_one_collective():
    from dxtrack.docimport.agencies import split_agencies

    assert split_agencies(
        "UBND các huyện, thành phố; Đại học Thái Nguyên, Các trường cao đẳng, trung cấp chuyên "
        "nghiệp trên địa bàn tỉnh"
    ) == [
        "UBND các huyện, thành phố",
        "Đại học Thái Nguyên",
        "Các trường cao đẳng, trung cấp chuyên nghiệp trên địa bàn tỉnh",
    ]
    assert split_agencies("Các trường đại học, Sở Y tế") == ["Các trường đại học", "Sở Y tế"]


def test_a_result_in_the_rest_of_a_paragraph_cut_by_a_page_break_keeps_its_own_line():
    text = (
        PLAN + "**I. KẾT QUẢ ĐẠT ĐƯỢC**\n\n"
        "Trước hợp nhất, tỉnh là một trong các tỉnh đầu tiên ban hành Nghị quyết⁵ về Chương trình "
        "Chuyển\n\n⁵ Nghị quyết số 01-NQ/TU, ngày 31/12/2020.\n\n"
        "đổi số giai đoạn 2021-2025. Đến tháng 9 năm 2025, tỉnh đã hoàn thành 15/15 chỉ tiêu của "
        "Nghị quyết.\n"
    )
    r = extract_text(text)
    (o,) = [o for o in r["observations"] if o["value"] == 15]
    lines = text.split("\n")
    assert "15/15" in lines[o["line"] - 1]
    assert o["line"] == lines.index(next(ln for ln in lines if ln.startswith("đổi số"))) + 1


def test_a_year_written_after_a_value_dates_it_only_within_its_own_item():
    r = extract_text(
        PLAN + "**I. KẾT QUẢ ĐẠT ĐƯỢC**\n\n"
        "Tỉnh đạt được một số kết quả (đầu tư cho khoa học và công nghệ đạt trung bình 0,4%, chỉ "
        "số chuyển đổi số năm 2024 đứng thứ 32/63 tỉnh/thành phố).\n\n"
        "Tỷ lệ hộ gia đình có cáp quang đạt 85% (năm 2023).\n"
    )
    got = sorted((o["value"], o["year"]) for o in r["observations"])
    assert got == [(0.4, None), (32, 2024), (85, 2023)]


def test_groups_of_things_are_counted():
    assert [(h.value, h.unit) for h in scan("chia sẻ 40 nhóm thông tin, dữ liệu trực tuyến")] == [
        (40, "nhóm thông tin")
    ]
    assert [h.kind for h in scan("thuộc nhóm 10 tỉnh dẫn đầu cả nước")] == ["top"]


def test_a_footnote_figure_without_a_year_takes_the_year_of_the_sentence_that_cites_it():
    r = extract_text(
        PLAN + "**I. KẾT QUẢ ĐẠT ĐƯỢC**\n\n"
        "Giai đoạn 2020 - 2025, đã có 131 nhiệm vụ khoa học, công nghệ được nghiệm thu⁴; năm 2019 "
        "có 20 doanh nghiệp khoa học và công nghệ⁵.\n\n"
        "⁴ Trong đó có trên 50% kết quả các nhiệm vụ đã được ứng dụng vào sản xuất.\n\n"
        "⁵ Trong đó có 12 doanh nghiệp công nghệ cao.\n"
    )
    got = sorted((o["value"], o["year"]) for o in r["observations"])
    assert got == [(12, 2019), (20, 2019), (50, 2025), (131, 2025)]


def test_now_in_an_undated_draft_is_the_year_before_the_period_it_plans_for():
    body = (
        "**I. KẾT QUẢ ĐẠT ĐƯỢC**\n\nTỉnh đạt giải thưởng thành phố thông minh (năm 2021). Hiện nay, "
        "tỉnh xếp thứ 13/34 tỉnh, thành phố về đổi mới sáng tạo.\n"
    )
    draft = extract_text("ĐỀ ÁN\n\nPhát triển khoa học công nghệ giai đoạn 2026-2030\n\n" + body)
    dated = extract_text(PLAN + body)
    assert [(o["value"], o["year"]) for o in draft["observations"]] == [(13, 2025)]
    assert [(o["value"], o["year"]) for o in dated["observations"]] == [(13, 2025)]
    undated_no_period = extract_text("ĐỀ ÁN\n\nPhát triển khoa học công nghệ\n\n" + body)
    assert [o["year"] for o in undated_no_period["observations"]] != [2025]


def test_a_one_word_comparator_is_matched_with_its_accents():
    text = (
        "**II. MỤC TIÊU ĐẾN NĂM 2030**\n\n"
        "- Tập trung đầu tư 3 đô thị thông minh.\n"
        "- Có từ 150 doanh nghiệp khởi nghiệp sáng tạo.\n"
    )
    assert [(c, v) for c, v, _u, _y in _measures(text)] == [("=", 3), (">=", 150)]


def test_a_bullet_label_cut_at_its_colon_goes_on_a_list_lead_in_does_not():
    from dxtrack.docimport.normalise import normalise

    wrapped = "\n".join(
        ["Kế hoạch này được ban hành để triển khai thực hiện chương trình của tỉnh trên"]
        + ["địa bàn, bảo đảm đồng bộ và hiệu quả trong toàn bộ hệ thống chính trị."] * 6
        + [
            "",
            "- Tại địa bàn có khu công nghiệp:",
            "Phấn đấu 100% trẻ em được tiếp cận dịch vụ giáo dục mầm non chất lượng.",
            "",
            "- Các nhiệm vụ cụ thể như sau:",
            "Rà soát quy hoạch mạng lưới trường lớp.",
        ]
    )
    out = normalise(wrapped).text.split("\n")
    assert (
        "- Tại địa bàn có khu công nghiệp: Phấn đấu 100% trẻ em được tiếp cận dịch vụ giáo dục "
        "mầm non chất lượng." in out
    )
    assert "- Các nhiệm vụ cụ thể như sau:" in out


def test_thuc_hien_tai_is_carried_out_at_not_now():
    body = (
        "**II. NỘI DUNG KẾ HOẠCH**\n\n"
        "- Địa điểm quan trắc được thực hiện tại 03 vùng nuôi chính của tỉnh.\n"
        "- Hiện tại, tỉnh có 12 vùng nuôi tập trung.\n"
    )
    r = extract_text(PLAN + body)
    assert [(o["value"], o["year"]) for o in r["observations"]] == [(12, 2025)]


def test_piloting_a_number_of_things_counts_them_a_point_of_a_law_does_not():
    assert [(h.value, h.unit) for h in scan("Hoàn thành thí điểm 01 sàn giao dịch dữ liệu")] == [
        (1, "sàn giao dịch")
    ]
    assert scan("theo quy định tại điểm 3 khoản 2 Điều 5") == []
