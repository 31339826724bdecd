"""Task tables of real plans, round 3: a row written under merged cells put back in the columns its
cells' contents fit (whichever side the merged cells are on), and agencies written one per line in
one cell read as separate names."""

import pytest

from dxtrack.docimport import extract_text
from dxtrack.docimport.agencies import (
    fused_lines,
    looks_like_agencies,
    lookup,
    partners_in_text,
    split_agencies,
)
from dxtrack.docimport.tasks import _tasks_side_by_side

PLAN = "KẾ HOẠCH\n\nSố: 12/KH-UBND\n\nHà Nội, ngày 20 tháng 11 năm 2025\n\n**PHỤ LỤC**\n\n"


def flattened(*rows: list[str]) -> str:
    """A table as the legal portal flattens it: "|" before each cell, a cell's lines as written,
    "|" "|" between rows; a row shorter than the header has cells merged from the row above."""
    out = []
    for row in rows:
        out.append("|")
        for cell in row:
            out += [cell, "|"]
    return "\n".join(out) + "\n\n"


def tasks_of(*rows: list[str]) -> list[dict]:
    return extract_text(PLAN + flattened(*rows))["tasks"]


# code on the left, the result and the source on the right; the name, lead and coordinators between
CITY_HEADER = [
    "**TT**",
    "**Nhiệm vụ**",
    "**Cơ quan chủ trì**",
    "**Cơ quan phối hợp**",
    "**Thời gian dự kiến hoàn thành**",
    "**Kết quả dự kiến**",
    "**Nguồn kinh phí**",
]
CITY_GROUP = ["**I**", "**Xây dựng hạ tầng dữ liệu**"]
CITY_FIRST = [
    "1",
    "Xây dựng hạ tầng công nghệ thông tin tại Sở Tài chính để vận hành cơ sở dữ liệu",
    "Trung tâm Chuyển đổi số Thành phố",
    "Sở Khoa học và Công nghệ, các sở, ngành",
    "Quý IV/2026",
    "Cổng thông tin cơ sở dữ liệu",
    "Đầu tư công hoặc nguồn vốn hợp pháp khác (nếu có)",
]


def test_a_row_under_a_merged_code_and_merged_trailing_cells_fills_from_the_left():
    tasks = tasks_of(
        CITY_HEADER,
        CITY_GROUP,
        CITY_FIRST,
        ["Xây dựng hạ tầng kỹ thuật dự phòng, đảm bảo năng lực sao lưu dữ liệu.", "Sở Nội vụ"],
    )
    sub = tasks[1]
    assert sub["name"] == "Xây dựng hạ tầng kỹ thuật dự phòng, đảm bảo năng lực sao lưu dữ liệu."
    assert sub["lead"] == ["Sở Nội vụ"]
    # the cells it does not have are the merged ones of the row above
    assert sub["coordinators"] == ["Sở Khoa học và Công nghệ", "các sở, ngành"]
    assert (sub["end_year"], sub["end_quarter"]) == (2026, 4)
    assert sub["budget_source"] == "Đầu tư công hoặc nguồn vốn hợp pháp khác (nếu có)"
    assert sub["code"] == "I.1"  # under the row's merged code
    assert tasks[0]["name"].startswith("Xây dựng hạ tầng công nghệ thông tin")


def test_a_short_row_with_its_own_lead_and_coordinators_keeps_the_merged_time():
    sub = tasks_of(
        CITY_HEADER,
        CITY_GROUP,
        CITY_FIRST,
        ["Thực hiện sao lưu dữ liệu và phục hồi hệ thống sau sự cố.", "Sở Y tế", "Sở Tài chính"],
    )[1]
    assert sub["name"] == "Thực hiện sao lưu dữ liệu và phục hồi hệ thống sau sự cố."
    assert (sub["lead"], sub["coordinators"]) == (["Sở Y tế"], ["Sở Tài chính"])
    assert sub["timeframe"] == "Quý IV/2026"


# agencies on the left, the task's wording and its time on the right (a ministry's action table)
MINISTRY_HEADER = [
    "**STT**",
    "**Cơ quan chủ trì**",
    "**Cơ quan phối hợp**",
    "**Thuộc nhóm nhiệm vụ**",
    "**Nội dung nhiệm vụ**",
    "**Chỉ tiêu đạt được**",
    "**Thời hạn hoàn thành**",
]
MINISTRY_FIRST = [
    "1",
    "Bộ Giáo dục và Đào tạo",
    "Đại học Bách khoa Hà Nội",
    "Nghiên cứu, ứng dụng công nghệ",
    "- Thí điểm hệ thống bản sao số trong quản lý môi trường.",
    "- Hệ thống được vận hành thí điểm.",
    "Giai đoạn 2026 - 2030",
]


def test_a_short_row_with_an_agency_first_gives_it_to_the_agency_column_before_the_name():
    sub = tasks_of(
        MINISTRY_HEADER,
        MINISTRY_FIRST,
        [
            "Các bộ, ngành liên quan",
            "- Nghiên cứu chương trình đào tạo về chất lượng không khí.",
            "Chương trình đào tạo được ban hành.",
            "Giai đoạn 2026 - 2030",
        ],
    )[1]
    assert sub["name"] == "- Nghiên cứu chương trình đào tạo về chất lượng không khí.".lstrip("- ")
    assert sub["lead"] == ["Bộ Giáo dục và Đào tạo"]  # merged down
    assert sub["coordinators"] == ["Các bộ, ngành liên quan"]


def test_a_short_row_under_merged_leading_cells_stays_right_aligned():
    # counter-case: a long time cell with a year is still the time, not a task's name
    sub = tasks_of(
        MINISTRY_HEADER,
        MINISTRY_FIRST,
        [
            "- Xây dựng hồ sơ thành lập Ban Chỉ đạo quốc gia.",
            "- Quyết định thành lập được ban hành.",
            "Trình Thủ tướng Chính phủ trong năm 2026 và triển khai các hoạt động thường xuyên",
        ],
    )[1]
    assert sub["name"].endswith("Xây dựng hồ sơ thành lập Ban Chỉ đạo quốc gia.")
    assert sub["lead"] == ["Bộ Giáo dục và Đào tạo"]
    assert sub["coordinators"] == ["Đại học Bách khoa Hà Nội"]
    assert sub["end_year"] == 2026


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("UBND xã, phường, đặc khu\nSở Tài chính", ["UBND xã, phường, đặc khu", "Sở Tài chính"]),
        (
            "Sở Tài chính\nCác sở, ngành, UBND xã, phường",
            ["Sở Tài chính", "Các sở, ngành", "UBND xã, phường"],
        ),
        (
            "Trung tâm Chuyển đổi số Thành phố\nSở Y tế",
            ["Trung tâm Chuyển đổi số Thành phố", "Sở Y tế"],
        ),
        # a line wrapped inside one name joins it back
        ("Các sở, ngành, UBND xã, phường,\nđặc khu", ["Các sở, ngành", "UBND xã, phường, đặc khu"]),
        # one name each, though a head word stands inside
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
        ("Văn phòng Tỉnh ủy", ["Văn phòng Tỉnh ủy"]),
        ("Ban Tuyên giáo Tỉnh ủy", ["Ban Tuyên giáo Tỉnh ủy"]),
        ("Học viện Chính trị Công an nhân dân", ["Học viện Chính trị Công an nhân dân"]),
    ],
)
def test_names_written_one_per_line_in_a_cell_are_separate_agencies(text, names):
    # the reader joins a cell's lines with a space, as it does for a name cut by wrapping
    assert split_agencies(" ".join(text.split("\n"))) == names


def test_a_cell_of_agencies_on_two_lines_gives_no_fused_name():
    rows = [
        CITY_HEADER,
        CITY_GROUP,
        [
            "1",
            "Bố trí nhân lực đủ năng lực để vận hành hệ thống.",
            "Các sở, ngành, UBND xã, phường, đặc khu\nSở Tài chính",
            "Sở Tài chính",
            "Năm 2026",
            "Đủ nhân lực",
            "",
        ],
    ]
    task = tasks_of(*rows)[0]
    assert task["lead"] == ["Các sở, ngành", "UBND xã, phường, đặc khu", "Sở Tài chính"]


@pytest.mark.parametrize(
    ("cell", "agencies"),
    [
        ("Các bộ, ngành liên quan", True),
        ("Trung tâm Chuyển đổi số Thành phố", True),
        ("Sở Tài chính, Sở Khoa học và Công nghệ, các sở, ngành", True),
        ("Bộ công cụ kiểm kê khí thải được ban hành", False),  # a head word opening prose
        ("Ban hành trong quý I năm 2026", False),
        ("Báo cáo", False),
        ("Thực hiện sao lưu dữ liệu.", False),
    ],
)
def test_a_cell_of_agencies_is_told_from_prose_opening_with_a_head_word(cell, agencies):
    assert looks_like_agencies(cell) is agencies


def test_fused_lines_leaves_prose_alone():
    assert fused_lines("các địa phương Báo cáo kết quả") == ["các địa phương Báo cáo kết quả"]


def test_a_row_listing_two_tasks_line_by_line_beside_their_agencies_gives_two_tasks():
    row = [
        "4",
        "Bố trí nhân lực đủ năng lực để xây dựng cơ sở dữ liệu.\n"
        "Bố trí nhân lực đủ năng lực để vận hành hệ thống.",
        "Các sở, ngành, UBND xã, phường, đặc khu\nSở Tài chính",
        "Sở Tài chính\nCác sở, ngành, UBND xã, phường, đặc khu",
        "Năm 2026",
        "Đủ nhân lực",
        "",
    ]
    tasks = tasks_of(CITY_HEADER, CITY_GROUP, row)
    assert [(t["name"], t["lead"], t["coordinators"], t["end_year"]) for t in tasks] == [
        (
            "Bố trí nhân lực đủ năng lực để xây dựng cơ sở dữ liệu.",
            ["Các sở, ngành", "UBND xã, phường, đặc khu"],
            ["Sở Tài chính"],
            2026,
        ),
        (
            "Bố trí nhân lực đủ năng lực để vận hành hệ thống.",
            ["Sở Tài chính"],
            ["Các sở, ngành", "UBND xã, phường, đặc khu"],
            2026,
        ),
    ]


def test_a_name_of_two_sentences_with_one_lead_stays_one_task():
    row = [
        "1",
        "Xây dựng kho dữ liệu dùng chung của tỉnh. Kết nối với cơ sở dữ liệu quốc gia về dân cư.",
        "Sở Khoa học và Công nghệ",
        "Sở Tài chính, Công an tỉnh",
        "Năm 2026",
        "Kho dữ liệu",
        "",
    ]
    tasks = tasks_of(CITY_HEADER, CITY_GROUP, row)
    assert len(tasks) == 1
    assert tasks[0]["coordinators"] == ["Sở Tài chính", "Công an tỉnh"]


# a national programme's task table in plain Markdown
NATIONAL = (
    "| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian hoàn thành |\n"
    "|---|---|---|---|---|---|\n"
)


def national_tasks(*rows: str) -> list[dict]:
    return extract_text(PLAN + NATIONAL + "".join(r + "\n" for r in rows))["tasks"]


def test_a_group_row_with_a_fragment_spilled_into_its_time_cell_is_still_a_group():
    tasks = national_tasks(
        "| **III.** | Hạ tầng số | | | | |",
        "| 76. | Bảo đảm nguồn lực | Bộ Tài chính | | | 2025 và những năm tiếp theo |",
        "| **IV.** | Phát triển nhân lực chất lượng cao | | | | năm tiếp theo |",
        "| 77. | Xây dựng Đề án nhân tài | Bộ Nội vụ | | Đề án | 2025 |",
    )
    assert [(t["code"], t["group"]) for t in tasks] == [
        ("III.76", "III Hạ tầng số"),
        ("IV.77", "IV Phát triển nhân lực chất lượng cao"),
    ]


def test_a_row_with_no_number_and_no_lead_goes_on_a_task_cut_mid_list():
    tasks = national_tasks(
        "| 108. | Triển khai các nhiệm vụ, gồm: (1) Định danh tàu thuyền; (2) Định danh địa điểm; "
        "| Bộ Công an, Bộ Nông nghiệp và Phát triển nông thôn, Bộ Tài chính | | | 2025 |",
        "| | (3) Sàn giao dịch bất động sản. | | nghiệp và phát triển nông thôn, Bộ Tài chính | | |",
        "| 110. | Xây dựng công cụ liên thông Sổ sức khỏe điện tử, Giấy hẹn khám lại; "
        "| Bộ Y tế | | Công cụ | 03/2025 |",
        "| | Kết quả xét nghiệm trên VNeID | | | | |",
    )
    assert [t["name"] for t in tasks] == [
        "Triển khai các nhiệm vụ, gồm: (1) Định danh tàu thuyền; (2) Định danh địa điểm; "
        "(3) Sàn giao dịch bất động sản.",
        "Xây dựng công cụ liên thông Sổ sức khỏe điện tử, Giấy hẹn khám lại; "
        "Kết quả xét nghiệm trên VNeID",
    ]
    # the page break repeated the end of the agency list: no new (nor broken) coordinator
    assert tasks[0]["coordinators"] == []


def test_a_row_with_no_number_after_a_finished_task_is_not_glued_to_it():
    # counter-case: the task above ends its sentence, so the row is a group of its own
    tasks = national_tasks(
        "| 1. | Xây dựng kho dữ liệu. | Bộ Công an | | | 2025 |",
        "| | Nhóm nhiệm vụ về dữ liệu | | | | |",
        "| 2. | Kết nối dữ liệu dân cư. | Bộ Công an | | | 2026 |",
    )
    assert [t["name"] for t in tasks] == ["Xây dựng kho dữ liệu.", "Kết nối dữ liệu dân cư."]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Bộ Khoa học và công nghệ", "bo-khoa-hoc-va-cong-nghe"),
        ("Ngân hàng nhà nước Việt Nam", "ngan-hang-nha-nuoc"),
        ("TTXVN", "thong-tan-xa-viet-nam"),
        ("UBND xã, phường, đặc khu", "ubnd-cap-xa"),
        ("Công an Thành phố", "cong-an-tinh"),  # a centrally-run city's own body
        ("Sở Tài chính thành phố Hà Nội", "so-tai-chinh"),
        ("UBND thành phố Thái Nguyên", None),  # a city inside a province: not the province's
    ],
)
def test_national_bodies_and_a_central_citys_bodies_are_known(name, code):
    unit = lookup(name)
    assert (unit.code if unit else None) == code


def test_two_known_bodies_written_without_a_comma_are_two_agencies():
    assert split_agencies("Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ") == [
        "Bộ Thông tin và Truyền thông",
        "Bộ Khoa học và Công nghệ",
    ]


# a narrow PDF column cannot tell a new paragraph from a wrapped name: the reader joins them
@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a known name ending in a head word ("… Môi trường", "… Công an") is still whole
        (
            "Bộ Nông nghiệp và Môi trường Bộ Công Thương",
            ["Bộ Nông nghiệp và Môi trường", "Bộ Công Thương"],
        ),
        ("Bộ Công an UBND thành phố Hà Nội", ["Bộ Công an", "UBND thành phố Hà Nội"]),
        # a known name ending in a proper name, then a head word the vocabulary lists
        (
            "Đài Tiếng nói Việt Nam Thông tấn xã Việt Nam",
            ["Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam"],
        ),
        ("Bộ Tài chính Tổng cục Thống kê", ["Bộ Tài chính", "Tổng cục Thống kê"]),
        # a role note after the first name
        (
            "Bộ Y tế (chủ trì phần chuyên môn) UBND các tỉnh, thành phố",
            ["Bộ Y tế", "UBND các tỉnh, thành phố"],
        ),
        (
            "Bộ Xây dựng, Bộ Công an Bộ Nông nghiệp và Môi trường",
            ["Bộ Xây dựng", "Bộ Công an", "Bộ Nông nghiệp và Môi trường"],
        ),
    ],
)
def test_two_names_fused_by_a_narrow_column_are_split_after_the_known_one(text, names):
    assert split_agencies(text) == names


@pytest.mark.parametrize(
    "text",
    [
        # a region's name ends in "Bộ", which is no ministry
        "UBND các tỉnh/thành phố vùng đồng bằng sông Hồng và Đông Nam Bộ",
        "UBND các tỉnh vùng Tây Nam Bộ",
        # head words inside one name: the part before them is no known name
        "Ban Chỉ đạo Chuyển đổi số tỉnh",
        "Văn phòng Ban Chỉ đạo",
        "Văn phòng Bộ Công an",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Học viện thuộc Bộ Công an",
        "Thanh tra Bộ Tài chính",
        # a name known only whole
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    ],
)
def test_a_name_with_a_head_word_inside_stays_whole(text):
    assert split_agencies(text) == [text]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # kinds of body listed together, with no name of their own, are one collective
        ("Bộ, ngành, địa phương", ["Bộ, ngành, địa phương"]),
        ("Bộ Tài chính, bộ, ngành liên quan", ["Bộ Tài chính", "bộ, ngành liên quan"]),
        ("Tập đoàn, doanh nghiệp công nghệ số", ["Tập đoàn, doanh nghiệp công nghệ số"]),
        # a collective described by a clause, or narrowed to places, keeps its commas
        (
            "Các bộ, ngành, địa phương là chủ quản CSDLQG, CSDL chuyên ngành",
            ["Các bộ, ngành, địa phương là chủ quản CSDLQG, CSDL chuyên ngành"],
        ),
        (
            "Bộ Công an và các địa phương Bắc Ninh, Bình Dương, An Giang",
            ["Bộ Công an", "các địa phương Bắc Ninh, Bình Dương, An Giang"],
        ),
        # "và một số …" opens another collective
        (
            "Các thành phố trực thuộc Trung ương và một số tỉnh đủ điều kiện",
            ["Các thành phố trực thuộc Trung ương", "một số tỉnh đủ điều kiện"],
        ),
        # counter-cases: a body with a name of its own after a collective is its own agency
        ("Các sở, ngành, Công an tỉnh", ["Các sở, ngành", "Công an tỉnh"]),
        (
            "các đơn vị liên quan, Hiệp hội Doanh nghiệp tỉnh",
            ["các đơn vị liên quan", "Hiệp hội Doanh nghiệp tỉnh"],
        ),
        ("Sở, ban, ngành, UBND cấp huyện", ["Sở, ban, ngành", "UBND cấp huyện"]),
    ],
)
def test_collectives_of_a_national_programme_stay_whole(text, names):
    assert split_agencies(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a comma inside a name, as in "Sở Văn hóa, Thể thao và Du lịch"
        (
            "Bộ Khoa học, Công nghệ, Bộ Kế hoạch và Đầu tư",
            ["Bộ Khoa học, Công nghệ", "Bộ Kế hoạch và Đầu tư"],
        ),
        (
            "Ban Chính sách, chiến lược Trung ương, Bộ Khoa học và Công nghệ",
            ["Ban Chính sách, chiến lược Trung ương", "Bộ Khoa học và Công nghệ"],
        ),
        # counter-cases: abbreviations, a known body, a body with a head word of its own
        ("Bộ Y tế, VTV, VOV", ["Bộ Y tế", "VTV", "VOV"]),
        ("Sở Nội vụ, Hà Nội", ["Sở Nội vụ", "Hà Nội"]),
        (
            "Trung tâm Văn hóa, Phòng Văn hóa - Thông tin",
            ["Trung tâm Văn hóa", "Phòng Văn hóa - Thông tin"],
        ),
    ],
)
def test_a_comma_inside_a_name_keeps_it_whole(text, names):
    assert split_agencies(text) == names


def test_tasks_side_by_side_in_a_word_cell_whose_paragraphs_are_joined_with_semicolons():
    it = {
        "name": "Bố trí nhân lực để xây dựng cơ sở dữ liệu.; Bố trí nhân lực để vận hành hệ thống.",
        "_lead": "Các sở, ngành, UBND xã, phường, đặc khu; Sở Tài chính",
        "_coord": "Sở Tài chính; Các sở, ngành, UBND xã, phường, đặc khu",
    }
    assert _tasks_side_by_side(it) == [
        (
            "Bố trí nhân lực để xây dựng cơ sở dữ liệu.",
            "Các sở, ngành, UBND xã, phường, đặc khu",
            "Sở Tài chính",
        ),
        (
            "Bố trí nhân lực để vận hành hệ thống.",
            "Sở Tài chính",
            "Các sở, ngành, UBND xã, phường, đặc khu",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        ("Chủ trì, phối hợp, đôn đốc các địa phương bám sát lộ trình", ["các địa phương"]),
        (
            "Phối hợp cùng Nhóm công tác số 3 và các doanh nghiệp đồng hành hoàn thành khảo sát",
            ["Nhóm công tác số 3", "các doanh nghiệp đồng hành"],
        ),
        (
            "6 thành phố chủ động, chủ trì xây dựng Đề án, Bộ Xây dựng và Bộ Khoa học và Công nghệ "
            "phối hợp khẩn trương phê duyệt",
            ["Bộ Xây dựng", "Bộ Khoa học và Công nghệ"],
        ),
        # counter-case: with no other agency's "chủ trì", agencies that coordinate among
        # themselves name no partner
        ("Bộ Xây dựng và Bộ Khoa học và Công nghệ phối hợp khẩn trương phê duyệt", []),
    ],
)
def test_partners_named_in_a_tasks_own_text(text, partners):
    assert partners_in_text(text) == partners


def test_a_progress_column_beside_the_deadline_column_is_not_the_time():
    text = (
        "| TT | NHIỆM VỤ | KẾT QUẢ YÊU CẦU | THỜI GIAN HOÀN THÀNH | CƠ QUAN THỰC HIỆN | TIẾN ĐỘ |\n"
        "|---|---|---|---|---|---|\n"
        "| 1. | Xây dựng Đề án đánh giá chuyển đổi số. | Đề án | Tháng 5/2025 | Bộ Nội vụ | Hoàn thành |\n"
    )
    task = extract_text(PLAN + text)["tasks"][0]
    assert (task["timeframe"], task["end_year"], task["lead"]) == (
        "Tháng 5/2025",
        2025,
        ["Bộ Nội vụ"],
    )
